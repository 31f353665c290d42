"""Times of day as members type them: `14:00`, `2pm`, `2 pm`, `14h`, `14h30`, `noon`.

Something that looks like a time but is not one (`25h`, `24:00`, `13pm`) is an error,
never left in a reminder's text to become a reminder at the default hour.
"""

from __future__ import annotations

import re
from datetime import time

from bot.when._words import shown, split_first
from bot.when.errors import WhenError

_CLOCK_24 = re.compile(r"([0-9]{1,2}):([0-9]{2})")
_CLOCK_H = re.compile(r"([0-9]{1,2})h([0-9]{2})?")
_CLOCK_12 = re.compile(r"([0-9]{1,2})(?:[:.]([0-9]{2}))?([ap])\.?m\.?")
# Anything that starts with a digit and holds only digits, separators, h and am/pm is
# an attempt at a time: `9`, `7.45`, `25:00`, `13pm`, `25h`.
CLOCK_LIKE = re.compile(r"[0-9][0-9:.]*(?:h[0-9]*|[ap]\.?m?\.?)?")
_MERIDIEM = re.compile(r"[ap]\.?m\.?")
_JOINABLE = re.compile(r"[0-9]{1,2}(?:[:.][0-9]{2})?")  # `7` or `7:45` before a separate `pm`
_HOUR = re.compile(r"[0-9]{1,2}")
_NAMED = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}


def bad_time(word: str) -> WhenError:
    """The refusal of a word written like a time that is not one."""
    return WhenError(
        f"`{shown(word)}` isn't a time of day I can read: use 14:00, 2pm, 14h or noon "
        "(hours 0-23, minutes 0-59)."
    )


def _checked(word: str, hour: int, minute: int) -> time:
    if hour > 23 or minute > 59:
        raise bad_time(word)
    return time(hour, minute)


def read_clock(word: str) -> time | None:
    """Read one word as a time of day; None if it is not written like one at all."""
    lowered = word.lower()
    if lowered in _NAMED:
        return _NAMED[lowered]
    if match := _CLOCK_24.fullmatch(lowered):
        return _checked(word, int(match[1]), int(match[2]))
    if match := _CLOCK_H.fullmatch(lowered):
        return _checked(word, int(match[1]), int(match[2] or 0))
    if match := _CLOCK_12.fullmatch(lowered):
        hour, minute = int(match[1]), int(match[2] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            raise bad_time(word)
        return time(hour % 12 + (12 if match[3] == "p" else 0), minute)
    if CLOCK_LIKE.fullmatch(lowered):
        raise bad_time(word)
    return None


def take_clock(text: str) -> tuple[time | None, str]:
    """Read an optional time of day from the front: `07:45`, `7 pm`, `at 9`, `at noon`.

    A bare hour (`9`) is read only after `at` (`tomorrow at 9` is 09:00): on its own it is
    as likely the start of the member's text ("3 forms to send").
    """
    word, rest = split_first(text)
    said_at = word.lower() == "at"
    if said_at:
        # "at" belongs to the time only if a time follows; else it is the member's text.
        word, rest = split_first(rest)
    if _JOINABLE.fullmatch(word):
        meridiem, after = split_first(rest)
        if _MERIDIEM.fullmatch(meridiem.lower()):
            word, rest = word + meridiem, after
        elif said_at and _HOUR.fullmatch(word):
            return _checked(word, int(word), 0), rest
    at_time = read_clock(word)
    return (at_time, rest) if at_time is not None else (None, text.strip())
