"""Conversation cases every adapter must pass: the same words in, the same meaning out.

Each adapter's contract test sends each step's text as `/prep <text>` by its own
platform path (console line, signed Slack slash command, Discord interaction) and checks
that the rendered reply, reduced to plain text, contains every expected fragment
(case-insensitive) and none of the forbidden ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Step:
    """One command and what its reply must (and must not) say."""

    text: str
    expect: tuple[str, ...]
    forbid: tuple[str, ...] = ()
    is_error: bool = False


@dataclass(frozen=True)
class Case:
    """A short conversation by one member."""

    name: str
    steps: tuple[Step, ...]
    tz: str = "Europe/Berlin"
    tags: tuple[str, ...] = field(default=())


CASES: tuple[Case, ...] = (
    Case(
        "guide overview",
        (Step("second-round", ("second-round", "formats")),),
    ),
    Case(
        "guide topic",
        (Step("second-round thank-you", ("24 hours",)),),
    ),
    Case(
        "unknown topic shows the right form",
        (Step("second-round nonsense", ("/prep second-round",), is_error=True),),
    ),
    Case(
        "help lists commands",
        (Step("help", ("/prep second-round", "/prep daily on", "/prep interview")),),
    ),
    Case(
        "cancelling an interview that is not yours or not there",
        (
            Step(
                "interviews cancel k7qd2",
                ("no interview with id", "/prep interviews"),
                is_error=True,
            ),
        ),
    ),
    Case(
        "unknown command",
        (Step("frobnicate", ("/prep help",), is_error=True),),
    ),
    Case(
        "practice question",
        (Step("question conflict", ("strong answer",)),),
    ),
    Case(
        "time zone",
        (
            Step("tz America/New_York", ("America/New_York",)),
            Step("tz Mars/Olympus", ("tz Europe/Berlin",), is_error=True),
        ),
    ),
    Case(
        "daily on, status, off",
        (
            Step("daily on 07:45", ("07:45",)),
            Step("daily status", ("07:45",)),
            Step("daily off", ("off",)),
        ),
    ),
    Case(
        "bad daily time",
        (Step("daily on 25:99", ("/prep daily on",), is_error=True),),
    ),
    Case(
        "story bank",
        (
            Step("stories add Shipped the billing migration under pressure", ("billing",)),
            Step("stories", ("billing", "5")),
        ),
    ),
    Case(
        "mentions stay literal",
        (
            Step(
                "stories add <!channel> @everyone *bold* <@U123>",
                ("<!channel>", "@everyone"),
            ),
        ),
    ),
)
