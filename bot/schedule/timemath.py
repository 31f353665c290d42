"""Local wall-clock times to UTC instants, with the DST rules of the scheduling contract.

- A local time that does not exist that day (spring forward) is delivered at the same
  offset after the gap: 02:30 in a 02:00->03:00 gap becomes 03:30. `zoneinfo` does
  exactly this for fold=0, using the offset in force before the transition.
- An ambiguous local time (fall back) is delivered once, at its first occurrence: fold=0.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo


class OutOfRange(ValueError):
    """A date and time that cannot be an instant: too close to year 1 or year 9999.

    `datetime` stops at 0001-01-01 and 9999-12-31; a local time there in a zone east of
    UTC (or west of it, at the other end) has no UTC instant. Whatever path a date came
    by, the conversion raises this, and the core answers it as a refusal.
    """


@lru_cache(maxsize=1024)
def zone(name: str) -> ZoneInfo:
    """A cached ZoneInfo (zone lookups are hot in a 100k-member fan-out)."""
    return ZoneInfo(name)


def local_to_utc(on: date, at: time, tz: str) -> datetime:
    """The UTC instant of a local date and time in `tz`, by the contract's DST rules."""
    naive = datetime.combine(on, at.replace(tzinfo=None, fold=0))
    try:
        return naive.replace(tzinfo=zone(tz)).astimezone(UTC)
    except OverflowError:
        raise OutOfRange(f"{on} {at:%H:%M} in {tz} is outside the calendar I work with") from None


def local_date(instant: datetime, tz: str) -> date:
    """The member's local calendar date at `instant`."""
    return to_local(instant, tz).date()


def to_local(instant: datetime, tz: str) -> datetime:
    """`instant` in the member's zone."""
    try:
        return instant.astimezone(zone(tz))
    except OverflowError:
        raise OutOfRange(f"{instant:%Y-%m-%d %H:%M} UTC has no date in {tz}") from None


def next_daily_run(at: time, tz: str, after: datetime) -> tuple[datetime, date]:
    """The first daily delivery strictly after `after`, and its target local date.

    Starts from the local date of `after` minus one day, because the local date of a UTC
    instant can be ahead of or behind the target date around midnight and DST gaps.
    """
    start = local_date(after, tz) - timedelta(days=1)
    for offset in range(4):
        target = start + timedelta(days=offset)
        instant = local_to_utc(target, at, tz)
        if instant > after:
            return instant, target
    raise AssertionError("unreachable: a daily time recurs within four days")


def parse_hhmm(value: str) -> time:
    """`"07:45"` -> time(7, 45) (the stored form of a daily time)."""
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def format_hhmm(value: time) -> str:
    """time(7, 45) -> `"07:45"`."""
    return f"{value.hour:02d}:{value.minute:02d}"
