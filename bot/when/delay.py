"""Delays: `in 2 hours`, `20m`, `in an hour`, `in half an hour`, `in 1.5 hours`."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.when._words import split_first
from bot.when.errors import WhenError

MAX_AHEAD = timedelta(days=365)

_NUMBER = re.compile(r"[0-9]{1,6}(?:\.[0-9]{1,2})?")
_JOINED = re.compile(r"([0-9]{1,6})([a-z]+)")
_ONE = {"a", "an", "one"}
_UNITS: dict[str, timedelta] = {
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), timedelta(minutes=1)),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), timedelta(hours=1)),
    **dict.fromkeys(("d", "day", "days"), timedelta(days=1)),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), timedelta(weeks=1)),
}


def _bad_delay() -> WhenError:
    return WhenError(
        "I couldn't read that delay: try `in 30 minutes`, `in 2 hours`, `in half an hour` "
        "or `in 3 days`."
    )


def _count_and_unit(word: str, rest: str) -> tuple[float | None, str, str]:
    """(count, unit, rest) read from `word` and what follows; count None if no delay."""
    if joined := _JOINED.fullmatch(word):
        return int(joined[1]), joined[2], rest
    if word == "half":  # "half an hour"
        article, rest = split_first(rest)
        if article.lower() not in _ONE:
            return None, "", rest
        unit, rest = split_first(rest)
        return 0.5, unit.lower(), rest
    if _NUMBER.fullmatch(word) or word in _ONE:
        count = 1.0 if word in _ONE else float(word)
        unit, rest = split_first(rest)
        return count, unit.lower(), rest
    return None, "", rest


def _smaller_part(unit: str, rest: str) -> tuple[timedelta, str]:
    """`30 minutes` after `2 hours` (`and` allowed): a second, smaller unit of one delay.

    Without this `in 2 hours 30 minutes` came at 2 hours with "30 minutes" kept as text.
    Only a smaller unit counts, so `in 2 hours 5 people to call` keeps its text.
    """
    word, after = split_first(rest)
    if word.lower() == "and":
        word, after = split_first(after)
    count, second, after = _count_and_unit(word.lower(), after)
    if count is None or second not in _UNITS or _UNITS[second] >= _UNITS[unit]:
        return timedelta(0), rest
    return timedelta(minutes=round(count * _UNITS[second] / timedelta(minutes=1))), after


def take_delay(text: str) -> tuple[timedelta | None, str]:
    """Read `[in] N unit` from the front; None (and the text untouched) if none starts it."""
    word, rest = split_first(text)
    said_in = word.lower() == "in"
    if said_in:
        word, rest = split_first(rest)
    count, unit, rest = _count_and_unit(word.lower(), rest)
    if count is None or unit not in _UNITS:
        if said_in:
            raise _bad_delay()
        return None, text.strip()
    if re.match(r"and an? half\b", rest.lower()):  # "an hour and a half"
        count += 0.5
        rest = rest[len("and a half") + rest.lower().startswith("and an") :].lstrip()
    if count > MAX_AHEAD / _UNITS[unit]:
        raise WhenError("That is more than a year ahead: pick a time within the next 365 days.")
    delay = timedelta(minutes=round(count * _UNITS[unit] / timedelta(minutes=1)))
    more, rest = _smaller_part(unit, rest)
    delay += more
    if delay > MAX_AHEAD:
        raise WhenError("That is more than a year ahead: pick a time within the next 365 days.")
    if delay <= timedelta(0):
        raise WhenError("The delay has to be more than zero.")
    return delay, rest
