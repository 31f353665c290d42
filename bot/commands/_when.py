"""Dates, times of day, delays and when-specs as members type them.

Everything here reads from the front of a string and returns what it read plus the rest,
so `remind tomorrow 9am call Dana` splits into a when-spec and `call Dana` without
guessing where the time ends. Text that looks like a time but is not one (`25:00`,
`13pm`) is rejected rather than left in the reminder text, so a typo never silently
becomes a reminder at the default hour.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from bot.commands.text import Reject, show, split_first
from bot.commands.types import AfterDelay, AtLocal, DayOffsetAt, When

DEFAULT_AT = time(9, 0)
TONIGHT_AT = time(20, 0)
MAX_AHEAD = timedelta(days=365)

_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_CLOCK_24 = re.compile(r"([0-9]{1,2}):([0-9]{2})")
_CLOCK_12 = re.compile(r"([0-9]{1,2})(?::([0-9]{2}))?([ap])\.?m\.?")
# Anything starting with a digit made of digits, separators and am/pm is an attempt at
# a time: `9`, `7.45`, `25:00`, `13pm`.
_CLOCK_LIKE = re.compile(r"[0-9][0-9:.]*(?:[ap]\.?m?\.?)?")
_MERIDIEM = re.compile(r"[ap]\.?m\.?")
_JOINABLE = re.compile(r"[0-9]{1,2}(?::[0-9]{2})?")  # `7` or `7:45` before a separate `pm`
_NUMBER = re.compile(r"[0-9]{1,6}")
_JOINED_DELAY = re.compile(r"([0-9]{1,6})([a-z]+)")
_ONE = {"a", "an", "one"}
_UNITS: dict[str, timedelta] = {
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), timedelta(minutes=1)),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), timedelta(hours=1)),
    **dict.fromkeys(("d", "day", "days"), timedelta(days=1)),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), timedelta(weeks=1)),
}
_BAD_TIME = "`{}` isn't a time of day I can read: use HH:MM (like 07:45 or 19:05) or 7am/7:45pm."


def is_date(word: str) -> bool:
    """Whether `word` is written as a YYYY-MM-DD date (valid or not)."""
    return _DATE.fullmatch(word) is not None


def read_date(word: str) -> date:
    """Read a `YYYY-MM-DD` word as a date; reject impossible dates like 2026-02-30."""
    match = _DATE.fullmatch(word)
    if match is None:
        raise Reject(f"`{show(word)}` isn't a date: write it as YYYY-MM-DD, like 2026-03-09.")
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise Reject(f"There is no date {show(word)} on the calendar.") from None


def _clock(word: str) -> time | None:
    """Read `word` as a time of day; None if it is not written like one."""
    lowered = word.lower()
    if lowered == "noon":
        return time(12, 0)
    if match := _CLOCK_24.fullmatch(lowered):
        hour, minute = int(match[1]), int(match[2])
        if hour > 23 or minute > 59:
            raise Reject(_BAD_TIME.format(show(word)))
        return time(hour, minute)
    if match := _CLOCK_12.fullmatch(lowered):
        hour, minute = int(match[1]), int(match[2] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            raise Reject(_BAD_TIME.format(show(word)))
        return time(hour % 12 + (12 if match[3] == "p" else 0), minute)
    if _CLOCK_LIKE.fullmatch(lowered):
        raise Reject(_BAD_TIME.format(show(word)))
    return None


def take_clock(text: str) -> tuple[time | None, str]:
    """Read an optional time of day (`07:45`, `7am`, `7 pm`, `at 19:05`) from the front."""
    word, rest = split_first(text)
    if word.lower() == "at":
        # "at" belongs to the time only if a time follows; else it is the member's text.
        word, rest = split_first(rest)
        if not _JOINABLE.fullmatch(word) and _clock(word) is None:
            return None, text.strip()
    if _JOINABLE.fullmatch(word):
        meridiem, after = split_first(rest)
        if _MERIDIEM.fullmatch(meridiem.lower()):
            word, rest = word + meridiem, after
    at_time = _clock(word)
    return (at_time, rest) if at_time is not None else (None, text.strip())


def take_delay(text: str) -> tuple[timedelta | None, str]:
    """Read `[in] N unit` (`in 2 hours`, `20m`, `in an hour`) from the front."""
    word, rest = split_first(text)
    said_in = word.lower() == "in"
    if said_in:
        word, rest = split_first(rest)
    word = word.lower()
    count: int | None = None
    unit = ""
    if joined := _JOINED_DELAY.fullmatch(word):
        count, unit = int(joined[1]), joined[2]
    elif _NUMBER.fullmatch(word) or word in _ONE:
        count = 1 if word in _ONE else int(word)
        unit, rest = split_first(rest)
        unit = unit.lower()
    if count is None or unit not in _UNITS:
        if said_in:
            raise Reject(
                "I couldn't read that delay: try `in 30 minutes`, `in 2 hours` or `in 3 days`."
            )
        return None, text.strip()
    delay = count * _UNITS[unit]
    if delay <= timedelta(0):
        raise Reject("The delay has to be more than zero.")
    if delay > MAX_AHEAD:
        raise Reject("That is more than a year ahead: pick a date within the next 365 days.")
    return delay, rest


def take_when(text: str) -> tuple[When | None, str]:
    """Read a when-spec from the front; None (and the text untouched) if none starts it.

    Forms: `YYYY-MM-DD [time]` (09:00 by default), `today <time>`, `tomorrow [time]`
    (09:00), `tonight [time]` (20:00), and delays (`in 2 hours`, `20m`, `in an hour`).
    """
    word, rest = split_first(text)
    lowered = word.lower()
    if is_date(word):
        on = read_date(word)
        at_time, rest = take_clock(rest)
        return AtLocal(on, DEFAULT_AT if at_time is None else at_time), rest
    if lowered in ("today", "tomorrow", "tonight"):
        at_time, rest = take_clock(rest)
        if at_time is None and lowered == "today":
            raise Reject("Say what time today, like `today 17:00` or `today 5pm`.")
        if at_time is None:
            at_time = TONIGHT_AT if lowered == "tonight" else DEFAULT_AT
        return DayOffsetAt(1 if lowered == "tomorrow" else 0, at_time), rest
    delay, rest = take_delay(text)
    if delay is not None:
        return AfterDelay(delay), rest
    # A bare time is a common slip: say which day rather than guess today or tomorrow.
    try:
        bare = _clock(word)
    except Reject:
        bare = None  # not a time after all: the caller explains the forms
    if bare is not None:
        raise Reject(f"Say which day: `today {show(word)}` or `tomorrow {show(word)}`.")
    return None, text.strip()
