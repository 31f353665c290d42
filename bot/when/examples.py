"""Examples of when-forms dated from today, for help and error replies.

A fixed date in an example goes stale (one in the past is refused when copied), so every
example is computed when shown. "Today" is the wall clock unless a caller with its own
clock (a simulation, a test) sets it for the duration of one command with `dated_from`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, timedelta

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH_ABBREVIATIONS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
)  # fmt: skip

_TODAY: ContextVar[date | None] = ContextVar("prepbot_when_today", default=None)


def today() -> date:
    """The date examples count from: the one set by `dated_from`, else today in UTC."""
    return _TODAY.get() or datetime.now(UTC).date()


@contextmanager
def dated_from(day: date) -> Iterator[None]:
    """Date every example built inside the block from `day` (the command's own clock)."""
    token = _TODAY.set(day)
    try:
        yield
    finally:
        _TODAY.reset(token)


def soon() -> date:
    """A date two weeks ahead: far enough to be in the future in every zone."""
    return today() + timedelta(days=14)


def weekday_ahead() -> str:
    """The name of the weekday two days from today (`saturday` on a Thursday)."""
    return WEEKDAY_NAMES[(today() + timedelta(days=2)).weekday()]


def month_day_ahead() -> str:
    """`dec 17`: the month and day two weeks ahead."""
    day = soon()
    return f"{MONTH_ABBREVIATIONS[day.month - 1]} {day.day}"


def when_forms() -> str:
    """The forms a reminder's when can take, as a short list of examples."""
    return (
        f"`tomorrow 9am`, `{weekday_ahead()} 3pm`, `{month_day_ahead()} 14:00`, "
        f"`{soon().isoformat()} 14:00`, `at 17:00` or `in 2 hours`"
    )


def day_forms() -> str:
    """The forms a day can take (interviews, follow-ups), as examples."""
    return f"`tomorrow`, `{weekday_ahead()}`, `{month_day_ahead()}` or `{soon().isoformat()}`"
