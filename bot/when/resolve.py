"""When-spec + the member's zone + now -> the UTC instant it means.

Local times follow the scheduling contract's DST rules (`local_to_utc`): a time in a
spring-forward gap is delivered at the same offset after it, an ambiguous one at its first
occurrence. Nothing here can overflow: years are bounded when read, and instants beyond
what the resolver allows are refused before any arithmetic near the ends of the calendar.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.schedule.timemath import local_date, local_to_utc
from bot.when.errors import WhenError
from bot.when.spec import AfterDelay, AtLocal, DayOffsetAt, NextClock, OnMonthDay, OnWeekday, When

MAX_AHEAD = timedelta(days=365)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _month_day(when: OnMonthDay, tz: str, now: datetime) -> datetime:
    today = local_date(now, tz)
    for year in (today.year, today.year + 1):
        try:
            on = date(year, when.month, when.day)
        except ValueError:  # 29 Feb in a year that has none
            continue
        instant = local_to_utc(on, when.at, tz)
        if instant > now:
            return instant
    raise WhenError(
        f"{when.day} {_MONTHS[when.month - 1]} doesn't come within the next year: pick another day."
    )


def resolve(when: When, tz: str, now: datetime, *, base: datetime | None = None) -> datetime:
    """The UTC instant `when` means for a member in `tz` at `now`.

    `base` is what a delay counts from (a snooze of a reminder not yet sent counts from
    its due time); it defaults to `now`.
    """
    if isinstance(when, AfterDelay):
        return (base or now) + when.delay
    if isinstance(when, AtLocal):
        if abs(when.on - local_date(now, tz)) > MAX_AHEAD + timedelta(days=2):
            raise WhenError(
                f"{when.on.isoformat()} is more than a year away: pick a day within a year."
            )
        return local_to_utc(when.on, when.at, tz)
    today = local_date(now, tz)
    if isinstance(when, DayOffsetAt):
        return local_to_utc(today + timedelta(days=when.days), when.at, tz)
    if isinstance(when, OnWeekday):
        ahead = (when.weekday - today.weekday()) % 7
        if ahead == 0 and (when.skip_today or local_to_utc(today, when.at, tz) <= now):
            ahead = 7
        return local_to_utc(today + timedelta(days=ahead), when.at, tz)
    if isinstance(when, OnMonthDay):
        return _month_day(when, tz, now)
    if isinstance(when, NextClock):
        instant = local_to_utc(today, when.at, tz)
        if instant <= now:
            instant = local_to_utc(today + timedelta(days=1), when.at, tz)
        return instant
    raise TypeError(f"unknown when-spec {when!r}")


def check_ahead(instant: datetime, now: datetime, said: str) -> None:
    """Refuse an instant already past or more than a year ahead; `said` is its say-back."""
    if instant <= now:
        raise WhenError(f"{said} has already passed: pick a time in the future.")
    if instant > now + MAX_AHEAD:
        raise WhenError(f"{said} is more than a year ahead: pick a time within 365 days.")
