"""The issue's Bad input list, through the grammar of every command that takes a time.

Impossible dates, years before 1900 or past a year ahead, `24:00`, `25h`, ambiguous
zones and over-long input: each is a short refusal naming what was wrong (with examples
dated from today), never a traceback and never a command that would store something.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.commands.grammar import parse
from bot.commands.types import ParseError
from bot.when.examples import dated_from

TODAY = date(2026, 12, 3)
# Each command that takes a time, with `{}` where the bad time goes.
COMMANDS = (
    "remind {} call Dana",
    "interview {} Acme",
    "followup {}",
    "reminders snooze k7qd2 {}",
)
BAD = [
    ("2026-02-30 10:00", "no date"),
    ("feb 30 10am", "no date"),
    ("31/31 10am", "no month"),
    ("1899-12-31 10:00", "before 1900"),
    ("0001-01-01 00:00", "before 1900"),
    ("9999-12-31 23:59", "too far ahead"),
    ("tomorrow 24:00", "isn't a time of day"),
    ("tomorrow 25h", "isn't a time of day"),
    ("tomorrow " + "9" * 300, "isn't a time of day"),
    ("2026-12-04" * 40 + " 10:00", ""),
]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("bad", "part"), BAD)
def test_bad_times_are_short_refusals_in_every_command(command: str, bad: str, part: str) -> None:
    """A `ParseError` naming the problem, at most a few lines, quoting input cut short."""
    with dated_from(TODAY):
        parsed = parse(command.format(bad))
    assert isinstance(parsed, ParseError), (command, bad)
    assert part in parsed.message, parsed.message
    assert len(parsed.message) < 300 and "9" * 60 not in parsed.message


@pytest.mark.parametrize(
    "line",
    [
        "remind " + "tomorrow 9am " * 400,
        "interview 2026-12-04 10:00 " + "Acme " * 900,
        "tz " + "Europe/Berlin" * 10,
        "daily on " + "7" * 500,
        "quiet " + "9" * 200 + "-08:00",
        "pair schedule monday " + "1" * 300,
        "channel daily " + "10:00 " * 800,
    ],
)
def test_over_long_input_is_refused_not_read(line: str) -> None:
    """Over-long lines and words are refused in one sentence, whatever the command."""
    with dated_from(TODAY):
        parsed = parse(line)
    assert isinstance(parsed, ParseError), line[:40]
    assert len(parsed.message) < 300


@pytest.mark.parametrize(("zone", "offered"), [("IST", "Asia/Kolkata"), ("CST", "Asia/Shanghai")])
def test_ambiguous_zones_are_asked_back_in_reply_to_tz(zone: str, offered: str) -> None:
    """`tz IST` stores nothing: it asks which place, naming them."""
    parsed = parse(f"tz {zone}")
    assert isinstance(parsed, ParseError) and offered in parsed.message


def test_refusal_examples_are_dated_from_today() -> None:
    """The example of an interview refusal names a day after today, never a past one."""
    with dated_from(TODAY):
        parsed = parse("interview 2026-02-30 10:00 Acme")
    assert isinstance(parsed, ParseError)
    assert "2026-12-17" in parsed.example  # two weeks from today


def test_a_follow_up_time_after_tomorrow_or_a_date_is_read_not_kept_as_the_note() -> None:
    """`followup tomorrow 3pm` is 15:00 (it was 09:00 with "3pm" as the note)."""
    from datetime import time

    from bot.commands.types import AtLocal, DayOffsetAt, Followup

    assert parse("followup tomorrow 3pm") == Followup(when=DayOffsetAt(1, time(15)), timed=True)
    assert parse("followup 2026-12-10 10:30 ask again") == Followup(
        when=AtLocal(date(2026, 12, 10), time(10, 30)), note="ask again", timed=True
    )
    assert parse("followup tomorrow ask about the timeline") == Followup(
        in_days=1, note="ask about the timeline"
    )
