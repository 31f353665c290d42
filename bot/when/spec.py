"""When-specs: a time as a member wrote it, before it meets their zone and the clock.

The grammar reads text into one of these without knowing the time or the member; the
resolver (`bot.when.resolve`) turns it into an instant. Keeping the two apart is what lets
`parse` stay a pure function of the text while "friday 3pm" still means this Friday.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta


@dataclass(frozen=True)
class AtLocal:
    """An explicit local date and time (`2026-12-01 14:00`, `dec 20 2026 5pm`)."""

    on: date
    at: time


@dataclass(frozen=True)
class AfterDelay:
    """A delay from now (`in 2 hours`, `in half an hour`, `in 3 days`)."""

    delay: timedelta


@dataclass(frozen=True)
class DayOffsetAt:
    """A day relative to today at a local time (`today 17:00`, `tomorrow at 9`)."""

    days: int
    at: time


@dataclass(frozen=True)
class OnWeekday:
    """The coming `weekday` (0 Monday .. 6 Sunday) at a local time (`friday 3pm`).

    Today counts if the time is still ahead, unless `skip_today` (`next friday` said on a
    Friday means a week on).
    """

    weekday: int
    at: time
    skip_today: bool = False


@dataclass(frozen=True)
class OnMonthDay:
    """A month and day without a year (`dec 20 5pm`, `12/17`): the next one to come."""

    month: int
    day: int
    at: time


@dataclass(frozen=True)
class NextClock:
    """`at 5pm`: the next time the local clock shows this, today or tomorrow."""

    at: time


When = AtLocal | AfterDelay | DayOffsetAt | OnWeekday | OnMonthDay | NextClock
