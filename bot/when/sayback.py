"""Saying back what was understood, in full: `Fri 4 Dec, 15:00 Berlin time`.

Locale-free (every platform agrees), with the zone named the way people say it, and the
year when it is not the current one, so a reminder that landed next year cannot hide.
"""

from __future__ import annotations

from datetime import datetime

from bot.schedule.timemath import to_local

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def zone_label(tz: str) -> str:
    """`Europe/Berlin` -> `Berlin time`; `America/Argentina/Buenos_Aires` -> `Buenos Aires time`."""
    if tz in ("UTC", "Etc/UTC", "Etc/Zulu", "Zulu", "Universal", "Etc/Universal"):
        return "UTC"
    if "/" not in tz or tz.startswith("Etc/"):
        return tz
    return tz.rsplit("/", 1)[-1].replace("_", " ") + " time"


def say_day(instant: datetime, tz: str, now: datetime | None = None) -> str:
    """`Fri 4 Dec` (with the year if it is not this year in `tz`)."""
    local = to_local(instant, tz)
    text = f"{_DAYS[local.weekday()]} {local.day} {_MONTHS[local.month - 1]}"
    if now is not None and to_local(now, tz).year != local.year:
        text += f" {local.year}"
    return text


def say_back(instant: datetime, tz: str, now: datetime | None = None) -> str:
    """`Fri 4 Dec, 15:00 Berlin time` for `instant` in the member's zone."""
    local = to_local(instant, tz)
    return f"{say_day(instant, tz, now)}, {local.hour:02d}:{local.minute:02d} {zone_label(tz)}"


def say_short(instant: datetime, tz: str) -> str:
    """`Fri 09:00`: enough to tell two nearby times apart (a snooze's from and to)."""
    local = to_local(instant, tz)
    return f"{_DAYS[local.weekday()]} {local.hour:02d}:{local.minute:02d}"
