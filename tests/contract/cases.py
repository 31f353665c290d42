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
    # (name, regex with one group) read from this reply; later steps write `{name}`
    # for it (ids are random, so a story's id is only known once it is shown).
    remember: tuple[tuple[str, str], ...] = ()


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
        "story typed with its text, and the themes it covers",
        (
            Step(
                "stories add Led the pricing rework | I led the pricing rework with three "
                "teams and we grew revenue by 12 percent.",
                ("pricing", "what you typed", "leadership"),
            ),
            Step("stories", ("critical thinking", "likability", "1 of the 5-8")),
        ),
    ),
    Case(
        "story added without text asks for it, never takes an answer silently",
        (Step("stories add Rescued the late migration", ("no text yet", "stories edit")),),
    ),
    Case(
        "attaching: asked back when there is nothing to choose, refused for a bad id",
        (
            Step("stories attach", ("no answers to keep yet",)),
            Step("stories attach banana", ("isn't an answer id",), is_error=True),
            Step("stories attach k7qd2", ("no answer with id",), is_error=True),
        ),
    ),
    Case(
        "story bank end to end: keep an answer, attach it, edit and show the story",
        (
            Step(
                "answer When our checkout kept failing, I was the on-call lead and had to stop "
                "it before the sales peak. I found the slow query, rewrote it with two "
                "engineers and added an alert. As a result errors dropped by 85 percent.",
                ("kept as answer",),
                remember=(("answer", r"kept as answer `?(\w+)"),),
            ),
            Step("stories attach", ("which answer should become a story", "{answer}")),
            Step(
                "stories attach {answer} Fixed checkout",
                ("fixed checkout", "{answer}"),
                remember=(("story", r"added `?(\w+)"),),
            ),
            Step("stories edit {story} themes conflict, likability", ("likability",)),
            Step(
                "stories edit {story} title Checkout under pressure", ("checkout under pressure",)
            ),
            Step("stories show {story}", ("checkout under pressure", "slow query")),
            Step("stories delete {story}", ("deleted",)),
        ),
    ),
    Case(
        "timed practice: a question opened, then cancelled",
        (
            Step("practice", ("timed practice", "cancel")),
            Step("practice cancel", ("won't read your next message",)),
            Step("practice cancel", ("no question is waiting",)),
        ),
    ),
    Case(
        "the AI reviewer: off unless the deployment sets one up, the member's say kept",
        (
            Step("review status", ("no ai reviewer is set up",)),
            Step("review off", ("your choice is off",)),
            Step("review maybe", ("/prep review",), is_error=True),
        ),
    ),
    Case(
        "editing a story that is not there",
        (Step("stories edit k7qd2 themes conflict", ("no story with id",), is_error=True),),
    ),
    Case(
        "non-answers are named, not scored",
        (
            Step(
                "answer asdf qwerty zxcv lorem ipsum banana 42",
                ("not an answer yet",),
                forbid=("measurable", "save as a story"),
            ),
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
