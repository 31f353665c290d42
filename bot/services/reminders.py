"""One-off reminders: set, list, cancel, snooze and mark done, always the member's own.

A reminder is due at an instant: times the member writes (`tomorrow 9am`,
`2026-12-01 14:00`) are read in their zone when they write them. Its scheduled row's
source id carries the reminder's revision, so a snoozed reminder is a new delivery with
a new key, while the key of the first one still guards against sending that one twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.commands.ids import NewShortId, new_short_id
from bot.commands.types import AfterDelay, AtLocal, DayOffsetAt, When
from bot.db.models import Member, Reminder
from bot.schedule.kind_names import REMINDER
from bot.schedule.planner import remove_item, upsert_item
from bot.schedule.timemath import local_date, local_to_utc
from bot.services.journey import UserError, fmt_local, unique_short_id

MAX_ACTIVE = 50
MAX_AHEAD = timedelta(days=365)


def source_of(reminder: Reminder) -> str:
    """The scheduled row's source id: short id and revision (`k7qd2.0`)."""
    return f"{reminder.short_id}.{reminder.revision}"


def resolve_when(when: When, tz: str, now: datetime) -> datetime:
    """The UTC instant a when-spec means for a member in `tz` at `now`."""
    if isinstance(when, AtLocal):
        return local_to_utc(when.on, when.at, tz)
    if isinstance(when, AfterDelay):
        return now + when.delay
    if isinstance(when, DayOffsetAt):
        return local_to_utc(local_date(now, tz) + timedelta(days=when.days), when.at, tz)
    raise TypeError(f"unknown when-spec {when!r}")


def _checked_time(when: When, member: Member, now: datetime, form: str) -> datetime:
    due = resolve_when(when, member.tz, now)
    if due <= now:
        raise UserError(
            f"{fmt_local(due, member.tz)} ({member.tz}) has already passed: pick a time "
            "in the future.",
            form,
        )
    if due > now + MAX_AHEAD:
        raise UserError("That is more than a year ahead: pick a time within 365 days.", form)
    return due


async def find(
    session: AsyncSession, member: Member, short_id: str, form: str = "reminders cancel"
) -> Reminder:
    """The member's reminder with this id, or a friendly refusal."""
    result = await session.execute(
        select(Reminder).where(
            Reminder.member_id == member.id,
            Reminder.short_id == short_id,
            Reminder.kind == REMINDER,
        )
    )
    reminder = result.scalar_one_or_none()
    if reminder is None:
        raise UserError(
            f"There's no reminder with id {short_id}; see `/prep reminders` for yours.", form
        )
    return reminder


async def create(
    session: AsyncSession,
    member: Member,
    when: When,
    text: str,
    now: datetime,
    ids: NewShortId = new_short_id,
) -> Reminder:
    """Store a reminder and schedule its DM."""
    due = _checked_time(when, member, now, "remind")
    active = await session.scalar(
        select(func.count()).where(
            Reminder.member_id == member.id,
            Reminder.kind == REMINDER,
            Reminder.status == "scheduled",
        )
    )
    if (active or 0) >= MAX_ACTIVE:
        raise UserError(
            f"You already have {MAX_ACTIVE} reminders scheduled, the most I keep: cancel "
            "one first (`/prep reminders`).",
            "reminders cancel",
        )
    reminder = Reminder(
        member_id=member.id,
        short_id=await unique_short_id(session, Reminder, member.id, ids),
        kind=REMINDER,
        text=text,
        due_at=due,
        status="scheduled",
        revision=0,
        created_at=now,
    )
    session.add(reminder)
    await session.flush()
    await _schedule(session, reminder, now)
    return reminder


async def upcoming(session: AsyncSession, member: Member) -> list[Reminder]:
    """The member's scheduled reminders, soonest first."""
    result = await session.execute(
        select(Reminder)
        .where(
            Reminder.member_id == member.id,
            Reminder.kind == REMINDER,
            Reminder.status == "scheduled",
        )
        .order_by(Reminder.due_at, Reminder.id)
    )
    return list(result.scalars())


async def _schedule(session: AsyncSession, reminder: Reminder, now: datetime) -> None:
    await upsert_item(
        session,
        kind=REMINDER,
        member_id=reminder.member_id,
        source_id=source_of(reminder),
        run_at=reminder.due_at,
        now=now,
    )


async def _unschedule(session: AsyncSession, reminder: Reminder) -> None:
    await remove_item(
        session, kind=REMINDER, member_id=reminder.member_id, source_id=source_of(reminder)
    )


def _refuse_closed(reminder: Reminder, form: str) -> None:
    if reminder.status in ("done", "cancelled"):
        raise UserError(f"Reminder {reminder.short_id} is already {reminder.status}.", form)


async def cancel(session: AsyncSession, member: Member, short_id: str) -> Reminder:
    """Cancel a reminder that has not been closed yet."""
    reminder = await find(session, member, short_id)
    _refuse_closed(reminder, "reminders cancel")
    await _unschedule(session, reminder)
    reminder.status = "cancelled"
    return reminder


async def snooze(
    session: AsyncSession, member: Member, short_id: str, when: When, now: datetime
) -> Reminder:
    """Move a reminder (sent or still scheduled) to a new time: a fresh delivery."""
    reminder = await find(session, member, short_id, "reminders snooze")
    _refuse_closed(reminder, "reminders snooze")
    due = _checked_time(when, member, now, "reminders snooze")
    await _unschedule(session, reminder)
    reminder.revision += 1
    reminder.due_at = due
    reminder.status = "scheduled"
    await session.flush()
    await _schedule(session, reminder, now)
    return reminder


async def done(session: AsyncSession, member: Member, short_id: str) -> Reminder:
    """Mark a reminder done (it will not come again)."""
    reminder = await find(session, member, short_id, "reminders done")
    _refuse_closed(reminder, "reminders done")
    await _unschedule(session, reminder)
    reminder.status = "done"
    return reminder
