"""Days as members type them: ISO dates, weekdays, month names, `12/17`, today/tomorrow.

`take_day` reads one from the front and returns a `DayRef` (what was said, not yet a
date: "friday" needs today to become one) plus the rest of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.when._words import shown, split_first
from bot.when.errors import WhenError
from bot.when.examples import MONTH_ABBREVIATIONS, WEEKDAY_NAMES, day_forms

MIN_YEAR = 1900
MAX_YEAR = 2100  # a sanity bound at read time; the resolver allows only a year ahead

_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_NUMERIC = re.compile(r"([0-9]{1,2})/([0-9]{1,2})(?:/([0-9]{4}))?")
_DAY_NUMBER = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th)?,?")
_YEAR = re.compile(r"([0-9]{4}),?")
_MONTHS = {
    **{name: index + 1 for index, name in enumerate(MONTH_ABBREVIATIONS)},
    **{
        name: index + 1
        for index, name in enumerate(
            (
                "january", "february", "march", "april", "may", "june", "july",
                "august", "september", "october", "november", "december",
            )
        )
    },
    "sept": 9,
}  # fmt: skip
_WEEKDAY_ALIASES = {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}
_RELATIVE = {"today": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1, "tmr": 1, "tomorow": 1}


@dataclass(frozen=True)
class DayRef:
    """A day as said: exactly one of `on`, `offset`, `weekday`, `month_day` is set."""

    word: str  # the word that named it, lower case (`tonight` has its own default hour)
    on: date | None = None
    offset: int | None = None
    weekday: int | None = None
    skip_today: bool = False
    month_day: tuple[int, int] | None = None


def weekday_of(word: str) -> int | None:
    """`monday`, `Mon`, `mondays`, `thurs` -> its number (Monday 0); None if not a weekday."""
    low = word.lower().rstrip(",")
    if low in _WEEKDAY_ALIASES:
        return _WEEKDAY_ALIASES[low]
    low = low.removesuffix("s") if len(low) > 3 else low
    if len(low) < 3:
        return None
    for index, name in enumerate(WEEKDAY_NAMES):
        if name.startswith(low):
            return index
    return None


def is_iso_date(word: str) -> bool:
    """Whether `word` is written as a YYYY-MM-DD date (valid or not)."""
    return _ISO.fullmatch(word) is not None


def checked_date(year: int, month: int, day: int, typed: str) -> date:
    """The date, or a refusal naming what is wrong with it (never a traceback)."""
    try:
        found = date(year, month, day)
    except ValueError:
        raise WhenError(f"There is no date {shown(typed)} on the calendar.") from None
    if year < MIN_YEAR:
        raise WhenError(
            f"{shown(typed)} is before {MIN_YEAR}: pick a day to come, like {day_forms()}."
        )
    if year > MAX_YEAR:
        raise WhenError(f"{shown(typed)} is too far ahead: I plan up to a year ahead.")
    return found


def _month_day(month: int, day: int, typed: str) -> tuple[int, int]:
    """Check a month and day that has no year yet (29 Feb is allowed: leap years come)."""
    checked_date(2028, month, day, typed)  # 2028 is a leap year
    return month, day


def _with_year(month: int, day: int, rest: str, typed: str) -> tuple[DayRef, str]:
    """A month and day, plus the year if one follows (`dec 20 2026`)."""
    word, after = split_first(rest)
    if match := _YEAR.fullmatch(word):
        on = checked_date(int(match[1]), month, day, f"{typed} {match[1]}")
        return DayRef(word=typed.lower(), on=on), after
    return DayRef(word=typed.lower(), month_day=_month_day(month, day, typed)), rest


def _numeric(match: re.Match[str], word: str, rest: str) -> tuple[DayRef, str]:
    first, second = int(match[1]), int(match[2])
    if first > 12 and second > 12:
        raise WhenError(f"`{shown(word)}` isn't a date: no month has a number above 12.")
    if first > 12:
        month, day = second, first  # 17/12: day first
    elif second > 12 or first == second:
        month, day = first, second  # 12/17: month first
    else:
        as_us = f"{MONTH_ABBREVIATIONS[first - 1]} {second}"
        as_eu = f"{first} {MONTH_ABBREVIATIONS[second - 1]}"
        raise WhenError(
            f"`{shown(word)}` could be {as_us} or {as_eu}: write the month as a word, "
            f"like `{as_us}` or `{as_eu}`.",
            readings=(shown(word), as_us, as_eu),
        )
    if match[3]:
        return DayRef(word=word, on=checked_date(int(match[3]), month, day, word)), rest
    return DayRef(word=word, month_day=_month_day(month, day, word)), rest


def take_day(text: str) -> tuple[DayRef | None, str]:
    """Read a day from the front (`on` before it is allowed); None and the text if none."""
    word, rest = split_first(text)
    low = word.lower()
    if low == "on":
        found, after = take_day(rest)
        return (found, after) if found is not None else (None, text.strip())
    if match := _ISO.fullmatch(word):
        year, month, day = (int(part) for part in match.groups())
        return DayRef(word=low, on=checked_date(year, month, day, word)), rest
    if low in _RELATIVE:
        return DayRef(word=low, offset=_RELATIVE[low]), rest
    if low in ("next", "this"):
        day_word, after = split_first(rest)
        weekday = weekday_of(day_word)
        if weekday is None:
            return None, text.strip()
        return DayRef(word=day_word.lower(), weekday=weekday, skip_today=low == "next"), after
    if (weekday := weekday_of(word)) is not None:
        return DayRef(word=low, weekday=weekday), rest
    if match := _NUMERIC.fullmatch(word):
        return _numeric(match, word, rest)
    named = _MONTHS.get(low.rstrip(".,"))
    if named is not None:
        day_word, after = split_first(rest)
        if match := _DAY_NUMBER.fullmatch(day_word.lower()):
            return _with_year(named, int(match[1]), after, f"{word} {match[1]}")
        return None, text.strip()
    if match := _DAY_NUMBER.fullmatch(low):
        month_word, after = split_first(rest)
        second = _MONTHS.get(month_word.lower().rstrip(".,"))
        if second is not None:
            return _with_year(second, int(match[1]), after, f"{match[1]} {month_word}")
    return None, text.strip()
