"""Follow-ups: "if you haven't heard back by <date>, nudge them", with a draft note.

A follow-up is a `Reminder` row of kind `followup` tied to an interview, delivered at
09:00 local on its date (later that day if the member's quiet hours run past 09:00), or
at the time the member wrote. Its scheduled row's source is `<short id>@<local date>`: the
date is what the member chose, so when their zone changes we can put it back at 09:00
of that same date without guessing which zone the old instant was computed in.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.commands.ids import NewShortId, new_short_id
from bot.commands.types import Followup
from bot.db.models import Delivery, Interview, Member, Reminder, ScheduledItem
from bot.replies import literal
from bot.schedule.kind_names import FOLLOWUP
from bot.schedule.planner import remove_item, upsert_item
from bot.schedule.timemath import local_date, local_to_utc
from bot.services.interviews import resolve_interview
from bot.services.journey import UserError, unique_short_id
from bot.services.timezones import register_tz_replanner
from bot.when import WhenError, resolve, say_back
from bot.when.quiet import out_of_quiet_on_day, window_of

FOLLOWUP_AT = time(9, 0)
MAX_PENDING = 50
MAX_AHEAD = timedelta(days=365)


def source_for(reminder: Reminder, on: date) -> str:
    """The scheduled row's source id: the reminder's short id and its local date."""
    return f"{reminder.short_id}@{on.isoformat()}"


def split_source(source_id: str) -> tuple[str, date | None]:
    """A follow-up row's source id as (reminder short id, the date it was planned for)."""
    short_id, _, on = source_id.partition("@")
    try:
        return short_id, date.fromisoformat(on)
    except ValueError:
        return short_id, None


async def set_followup(
    session: AsyncSession,
    member: Member,
    cmd: Followup,
    now: datetime,
    ids: NewShortId = new_short_id,
) -> tuple[Reminder, Interview, bool]:
    """Plan (or move) the follow-up for an interview; returns (reminder, interview, moved)."""
    interview = await resolve_interview(session, member.id, cmd.interview_id, now)
    today = local_date(now, member.tz)
    if cmd.when is not None:
        try:
            due_at = resolve(cmd.when, member.tz, now)
        except WhenError as error:
            raise UserError(error.message, "followup") from None
        on = local_date(due_at, member.tz)
    else:
        on = cmd.on if cmd.on is not None else today + timedelta(days=cmd.in_days or 0)
        due_at = local_to_utc(on, FOLLOWUP_AT, member.tz)
    if not cmd.timed:
        # The member named a day, not a time: the 09:00 is ours, so it leaves quiet hours
        # (on the same day: the date is what they chose).
        due_at = out_of_quiet_on_day(due_at, member.tz, window_of(member.quiet_hours))
    held_on = local_date(interview.starts_at, member.tz)
    if due_at <= now:
        raise UserError(
            f"{say_back(due_at, member.tz, now)} is already past: pick a later date.", "followup"
        )
    if due_at - now > MAX_AHEAD:
        raise UserError("That is more than a year ahead: pick a nearer date.", "followup")
    if on <= held_on:
        raise UserError(
            f"Your {literal(interview.company)} interview is on {held_on.isoformat()}: "
            "pick a follow-up date after it.",
            "followup",
        )
    existing = await session.scalar(
        select(Reminder).where(
            Reminder.member_id == member.id,
            Reminder.interview_id == interview.id,
            Reminder.kind == FOLLOWUP,
            Reminder.status == "scheduled",
        )
    )
    if existing is not None:
        # One pending follow-up per interview: a new timeline replaces the old one.
        await _unschedule(session, member.id, existing.short_id)
        existing.due_at = due_at
        existing.text = cmd.note or existing.text
        existing.revision += 1
        reminder, moved = existing, True
    else:
        pending = await session.scalar(
            select(func.count())
            .select_from(Reminder)
            .where(
                Reminder.member_id == member.id,
                Reminder.kind == FOLLOWUP,
                Reminder.status == "scheduled",
            )
        )
        if (pending or 0) >= MAX_PENDING:
            raise UserError(f"You already have {MAX_PENDING} follow-ups planned, the most I keep.")
        reminder = Reminder(
            member_id=member.id,
            short_id=await unique_short_id(session, Reminder, member.id, ids),
            kind=FOLLOWUP,
            text=cmd.note,
            due_at=due_at,
            interview_id=interview.id,
            status="scheduled",
            revision=0,
            created_at=now,
        )
        session.add(reminder)
        moved = False
    await upsert_item(
        session,
        kind=FOLLOWUP,
        member_id=member.id,
        source_id=source_for(reminder, on),
        run_at=due_at,
        now=now,
    )
    return reminder, interview, moved


async def drop_for_interview(session: AsyncSession, interview: Interview) -> int:
    """Delete an interview's follow-ups and unschedule them; how many were still planned."""
    found = await session.scalars(
        select(Reminder).where(
            Reminder.member_id == interview.member_id,
            Reminder.interview_id == interview.id,
            Reminder.kind == FOLLOWUP,
        )
    )
    planned = 0
    for reminder in list(found):
        if reminder.status == "scheduled":
            await _unschedule(session, interview.member_id, reminder.short_id)
            planned += 1
        # One already due and waiting for a retry must not arrive afterwards either.
        await session.execute(
            delete(Delivery).where(
                Delivery.member_id == interview.member_id,
                Delivery.kind == FOLLOWUP,
                Delivery.source_id.like(f"{reminder.short_id}@%"),
                Delivery.status == "pending",
            )
        )
        await session.delete(reminder)
    return planned


async def cancel_for_interview(session: AsyncSession, interview: Interview) -> int:
    """Call off an interview's planned follow-ups (news came in); how many there were.

    The reminders stay, marked cancelled, so the member's history keeps them.
    """
    found = await session.scalars(
        select(Reminder).where(
            Reminder.member_id == interview.member_id,
            Reminder.interview_id == interview.id,
            Reminder.kind == FOLLOWUP,
            Reminder.status == "scheduled",
        )
    )
    cancelled = 0
    for reminder in list(found):
        await _unschedule(session, interview.member_id, reminder.short_id)
        await session.execute(
            delete(Delivery).where(
                Delivery.member_id == interview.member_id,
                Delivery.kind == FOLLOWUP,
                Delivery.source_id.like(f"{reminder.short_id}@%"),
                Delivery.status == "pending",
            )
        )
        reminder.status = "cancelled"
        cancelled += 1
    return cancelled


async def _unschedule(session: AsyncSession, member_id: int, short_id: str) -> None:
    rows = await session.scalars(
        select(ScheduledItem.source_id).where(
            ScheduledItem.kind == FOLLOWUP,
            ScheduledItem.member_id == member_id,
            ScheduledItem.source_id.like(f"{short_id}@%"),
        )
    )
    for source_id in list(rows):
        await remove_item(session, kind=FOLLOWUP, member_id=member_id, source_id=source_id)


async def replan_for_zone(session: AsyncSession, member: Member, now: datetime) -> None:
    """Put waiting follow-ups back at 09:00 on their dates in the member's new zone."""
    rows = await session.scalars(
        select(ScheduledItem).where(
            ScheduledItem.kind == FOLLOWUP, ScheduledItem.member_id == member.id
        )
    )
    for item in list(rows):
        short_id, on = split_source(item.source_id)
        if on is None:
            continue
        at = local_to_utc(on, FOLLOWUP_AT, member.tz)
        due_at = max(out_of_quiet_on_day(at, member.tz, window_of(member.quiet_hours)), now)
        item.next_run_at = due_at
        reminder = await session.scalar(
            select(Reminder).where(Reminder.member_id == member.id, Reminder.short_id == short_id)
        )
        if reminder is not None:
            reminder.due_at = due_at


register_tz_replanner(replan_for_zone)
