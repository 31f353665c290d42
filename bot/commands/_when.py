"""The grammar's side of the when-reader (`bot.when`): its errors become `Reject`s.

Everything reads from the front of a string and returns what it read plus the rest, so
`remind tomorrow 9am call Dana` splits into a when-spec and `call Dana` without guessing
where the time ends. The forms themselves live in `bot.when`, one reader for every command.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta
from typing import TypeVar

from bot.commands.text import Reject
from bot.when import clock, days, delay, reader, recur
from bot.when.errors import WhenError
from bot.when.recur import Rule
from bot.when.spec import When

DEFAULT_AT = reader.DEFAULT_AT
TONIGHT_AT = reader.TONIGHT_AT
MAX_AHEAD = delay.MAX_AHEAD
# What an attempt at a time of day looks like (`9`, `7.45`, `25:00`), for adapters and tests.
_CLOCK_LIKE = clock.CLOCK_LIKE

T = TypeVar("T")


def _guarded(func: Callable[[], T], form: str | None = None) -> T:
    """Run a reader, turning its `WhenError` into the grammar's `Reject`."""
    try:
        return func()
    except WhenError as error:
        extra = {"suggestion": error.suggestion} if error.suggestion else {}
        if error.readings is not None:
            # Which reading the member's locale suggests is the app's to add: it knows them.
            typed, month_first, day_first = error.readings
            extra.update(ambiguous=typed, month_first=month_first, day_first=day_first)
        raise Reject(error.message, form, **extra) from None


def is_date(word: str) -> bool:
    """Whether `word` is written as a YYYY-MM-DD date (valid or not)."""
    return days.is_iso_date(word)


def read_date(word: str) -> date:
    """Read a `YYYY-MM-DD` word as a date; reject impossible dates like 2026-02-30."""
    found, _ = _guarded(lambda: days.take_day(word))
    if found is None or found.on is None:
        raise Reject(f"`{word}` isn't a date: write it as YYYY-MM-DD.")
    return found.on


def take_clock(text: str, form: str | None = None) -> tuple[time | None, str]:
    """Read an optional time of day (`07:45`, `7am`, `7 pm`, `14h`, `at 19:05`) from the front."""
    return _guarded(lambda: clock.take_clock(text), form)


def take_delay(text: str) -> tuple[timedelta | None, str]:
    """Read `[in] N unit` (`in 2 hours`, `20m`, `in an hour`) from the front."""
    return _guarded(lambda: delay.take_delay(text))


def take_rule(text: str) -> tuple[Rule, str]:
    """Read a recurring rule after `every` (see `bot.when.recur`)."""
    return _guarded(lambda: recur.take_rule(text))


def take_when(
    text: str, *, default_at: time | None = DEFAULT_AT, delays: bool = True
) -> tuple[When | None, str]:
    """Read a when-spec from the front (see `bot.when.reader` for the forms)."""
    return _guarded(lambda: reader.take_when(text, default_at=default_at, delays=delays))


def take_when_timed(
    text: str, *, default_at: time | None = DEFAULT_AT
) -> tuple[When | None, str, bool]:
    """`take_when`, plus whether the member wrote the time (False: `default_at` filled in)."""
    return _guarded(lambda: reader.take_when_timed(text, default_at=default_at))
