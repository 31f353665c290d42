"""Quiet hours: the local night in which the bot does not choose to message a member.

Only nudges whose time the bot picks move (the thank-you drafts, the last call, the
evening-before checklist, a follow-up's default 09:00, the weekly digest, the pairing
check-in); a time the member set (a reminder, the daily question's HH:MM, `followup
friday 3pm`) is theirs and is kept. A window
is stored as `HH:MM-HH:MM` (it may wrap midnight); NULL means the default, `off` none.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from bot.schedule.timemath import local_date, local_to_utc, to_local

DEFAULT_QUIET = (time(21, 0), time(8, 0))
OFF = "off"
# A nudge moved to before the window starts lands this long before it, not on the minute.
BEFORE_QUIET = timedelta(minutes=30)

Window = tuple[time, time]


def stored(window: Window | None) -> str:
    """The column value of a window (None: quiet hours off)."""
    if window is None:
        return OFF
    start, end = window
    return f"{start:%H:%M}-{end:%H:%M}"


def window_of(value: str | None) -> Window | None:
    """The window a column value means: the default for NULL, None for `off`."""
    if value is None:
        return DEFAULT_QUIET
    if value == OFF:
        return None
    start, _, end = value.partition("-")
    return time.fromisoformat(start), time.fromisoformat(end)


def is_quiet(instant: datetime, tz: str, window: Window | None) -> bool:
    """Whether `instant` falls in the member's quiet hours."""
    if window is None:
        return False
    start, end = window
    clock = to_local(instant, tz).time().replace(tzinfo=None)
    if start <= end:
        return start <= clock < end
    return clock >= start or clock < end


def _quiet_end(instant: datetime, tz: str, window: Window) -> datetime:
    """The first moment after `instant` when the window it is in ends."""
    day = local_date(instant, tz)
    for offset in range(3):
        end = local_to_utc(day + timedelta(days=offset), window[1], tz)
        if end > instant:
            return end
    raise AssertionError("unreachable: a window ends within two days")


def _quiet_start(instant: datetime, tz: str, window: Window) -> datetime:
    """The last moment at or before `instant` when the window it is in began."""
    day = local_date(instant, tz)
    for offset in range(3):
        start = local_to_utc(day - timedelta(days=offset), window[0], tz)
        if start <= instant:
            return start
    raise AssertionError("unreachable: a window starts within two days")


def out_of_quiet(
    instant: datetime,
    tz: str,
    window: Window | None,
    *,
    not_before: datetime,
    not_after: datetime,
    earlier_first: bool = False,
) -> datetime:
    """`instant`, or the nearest time outside quiet hours within [not_before, not_after].

    Later (when the window ends) if that is in bounds, else earlier (before it starts):
    a last call due before the 24-hour mark moves to the evening before, never past the
    mark. `earlier_first` tries the other way round first (the evening-before checklist
    and the Sunday digest belong before the night, not the morning after). If neither
    fits, the instant stays: a nudge at night beats none.
    """
    if not is_quiet(instant, tz, window):
        return instant
    assert window is not None
    later = _quiet_end(instant, tz, window)
    earlier = _quiet_start(instant, tz, window) - BEFORE_QUIET
    later_fits = later <= not_after
    earlier_fits = earlier >= not_before and not is_quiet(earlier, tz, window)
    if earlier_first and earlier_fits:
        return earlier
    if later_fits:
        return later
    return earlier if earlier_fits else instant


def out_of_quiet_on_day(
    instant: datetime, tz: str, window: Window | None, *, earlier_first: bool = False
) -> datetime:
    """`out_of_quiet` kept on `instant`'s own local date (a follow-up's day, Sunday's digest)."""
    day = local_date(instant, tz)
    return out_of_quiet(
        instant,
        tz,
        window,
        not_before=local_to_utc(day, time(0, 0), tz),
        not_after=local_to_utc(day, time(23, 59), tz),
        earlier_first=earlier_first,
    )
