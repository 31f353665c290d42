"""Recurring rules: `every monday 9am`, `every weekday at 8`, `every 2 weeks on friday`.

A rule is local: "every Monday at 09:00" is 09:00 on the member's clock whatever the
season, so each occurrence goes through `local_to_utc` and obeys the DST contract (a time
in a spring-forward gap comes at the same offset after it, a repeated one the first time).
Stored as text, e.g. `0,3@09:00` or `4@09:00/2~2026-12-04` (weekdays, time, every N
weeks counted from the week of an anchor date).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.schedule.timemath import local_date, local_to_utc
from bot.when._words import shown, split_first
from bot.when.clock import take_clock
from bot.when.days import weekday_of
from bot.when.errors import WhenError

DEFAULT_AT = time(9, 0)
MAX_INTERVAL = 8
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_GROUPS = {
    "day": tuple(range(7)),
    "days": tuple(range(7)),
    "weekday": tuple(range(5)),
    "weekdays": tuple(range(5)),
    "workday": tuple(range(5)),
    "workdays": tuple(range(5)),
    "weekend": (5, 6),
}
_NUMBERS = {"other": 2, "2": 2, "3": 3, "4": 4, "two": 2, "three": 3, "four": 4}


@dataclass(frozen=True)
class Rule:
    """Weekdays (0 Monday), a local time, and every how many weeks from `anchor`'s week."""

    weekdays: tuple[int, ...]
    at: time
    interval: int = 1
    anchor: date | None = None  # set when the first occurrence is planned (interval > 1)


def stored(rule: Rule) -> str:
    """The column value of a rule."""
    days = ",".join(str(day) for day in rule.weekdays)
    text = f"{days}@{rule.at:%H:%M}"
    if rule.interval > 1:
        text += f"/{rule.interval}~{(rule.anchor or date(2000, 1, 3)).isoformat()}"
    return text


def rule_of(value: str) -> Rule:
    """The rule a column value holds."""
    days, _, rest = value.partition("@")
    clock, _, every = rest.partition("/")
    interval, _, anchor = every.partition("~")
    return Rule(
        weekdays=tuple(int(day) for day in days.split(",")),
        at=time.fromisoformat(clock),
        interval=int(interval or 1),
        anchor=date.fromisoformat(anchor) if anchor else None,
    )


def describe(rule: Rule) -> str:
    """`every Monday and Thursday at 09:00`, `every weekday at 08:00`."""
    days = rule.weekdays
    if days == tuple(range(7)):
        named = "day"
    elif days == tuple(range(5)):
        named = "weekday"
    elif days == (5, 6):
        named = "weekend day"
    else:
        names = [_DAY_NAMES[day] for day in days]
        named = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    every = "every" if rule.interval == 1 else f"every {rule.interval} weeks on"
    if rule.interval > 1 and named == "day":
        named = "every day"
    return f"{every} {named} at {rule.at:%H:%M}"


def _week(on: date) -> int:
    return (on.toordinal() - 1) // 7  # ordinal 1 (1 Jan of year 1) is a Monday


def next_after(rule: Rule, tz: str, after: datetime) -> datetime:
    """The first occurrence of `rule` in `tz` strictly after `after`."""
    start = local_date(after, tz) - timedelta(days=1)
    anchor_week = _week(rule.anchor) if rule.anchor else None
    for offset in range(7 * rule.interval + 3):
        day = start + timedelta(days=offset)
        if day.weekday() not in rule.weekdays:
            continue
        if anchor_week is not None and (_week(day) - anchor_week) % rule.interval:
            continue
        instant = local_to_utc(day, rule.at, tz)
        if instant > after:
            return instant
    raise AssertionError("unreachable: a rule recurs within its interval")


def anchored(rule: Rule, tz: str, now: datetime) -> Rule:
    """The rule with its anchor set to the week of its first occurrence (if it needs one)."""
    if rule.interval == 1:
        return rule
    first = next_after(Rule(rule.weekdays, rule.at), tz, now)
    return Rule(rule.weekdays, rule.at, rule.interval, local_date(first, tz))


def _days(text: str) -> tuple[tuple[int, ...], str]:
    """`monday and thursday`, `mon, thu`, `weekday`, `day`: the weekdays and the rest."""
    found: list[int] = []
    rest = text
    while True:
        word, after = split_first(rest)
        low = word.lower().rstrip(",")
        if not found and low in _GROUPS:
            return _GROUPS[low], after
        day = weekday_of(low)
        if day is None:
            break
        if day not in found:
            found.append(day)
        rest = after
        joiner, after = split_first(rest)
        if joiner.lower() in ("and", "&", ","):
            rest = after
        elif not word.endswith(","):
            break
    return tuple(sorted(found)), rest


def take_rule(text: str) -> tuple[Rule, str]:
    """Read what follows `every`: days, an optional interval, and the time (09:00 default)."""
    word, rest = split_first(text)
    interval = 1
    if word.lower() in _NUMBERS:
        interval = _NUMBERS[word.lower()]
        unit, rest = split_first(rest)
        if unit.lower() in ("weeks", "week"):
            word, after = split_first(rest)
            rest = after if word.lower() == "on" else rest
        elif weekday_of(unit) is not None:  # `every other friday`
            rest = f"{unit} {rest}"
        else:
            raise WhenError("Say which weeks, like `every 2 weeks on friday 9am`.")
    elif word.lower() == "week":  # `every week on monday`
        on, rest = split_first(rest)
        rest = rest if on.lower() == "on" else f"{on} {rest}"
    else:
        rest = text
    days, rest = _days(rest)
    if not days:
        first = split_first(rest)[0]
        raise WhenError(
            f"`{shown(first)}` isn't a day I can repeat on: try `every monday 9am`, "
            "`every weekday at 8` or `every monday and thursday 9am`."
        )
    at, rest = take_clock(rest)
    return Rule(days, at or DEFAULT_AT, interval), rest
