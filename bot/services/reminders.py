"""One-off reminders: set, list, cancel, snooze and mark done, always the member's own.

A reminder is due at an instant: times the member writes (`tomorrow 9am`,
`2026-12-01 14:00`) are read in their zone when they write them. Its scheduled row's
source id carries the reminder's revision, so a snoozed reminder is a new delivery with
a new key, while the key of the first one still guards against sending that one twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.commands.ids import NewShortId, new_short_id
from bot.commands.types import AfterDelay, When
from bot.db.models import Member, Reminder
from bot.schedule.kind_names import REMINDER
from bot.schedule.planner import remove_item, upsert_item
from bot.services.journey import UserError, unique_short_id
from bot.when import WhenError, resolve, say_back
from bot.when.recur import Rule, anchored, next_after, rule_of, stored
from bot.when.resolve import check_ahead

MAX_ACTIVE = 50
MAX_AHEAD = timedelta(days=365)


def source_of(reminder: Reminder) -> str:
    """The scheduled row's source id: short id and revision (`k7qd2.0`)."""
    return f"{reminder.short_id}.{reminder.revision}"


def _checked_time(
    when: When, member: Member, now: datetime, form: str, base: datetime | None = None
) -> datetime:
    """The instant `when` means, or a refusal saying it back (past, or over a year ahead)."""
    try:
        due = resolve(when, member.tz, now, base=base)
        check_ahead(due, now, say_back(due, member.tz, now))
    except WhenError as error:
        raise UserError(error.message, form) from None
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
    when: When | None,
    text: str,
    now: datetime,
    ids: NewShortId = new_short_id,
    rule: Rule | None = None,
) -> Reminder:
    """Store a reminder (one-off at `when`, or recurring by `rule`) and schedule its DM."""
    if rule is not None:
        rule = anchored(rule, member.tz, now)
        due = next_after(rule, member.tz, now)
    else:
        assert when is not None  # the grammar gives a when or a rule
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
        rule=stored(rule) if rule is not None else None,
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


@dataclass(frozen=True)
class Snoozed:
    """A snoozed reminder, where it was due before, and whether a delay counted from then."""

    reminder: Reminder
    was_due: datetime
    from_due: bool


async def snooze(
    session: AsyncSession, member: Member, short_id: str, when: When, now: datetime
) -> Snoozed:
    """Move a reminder (sent or still scheduled) to a new time: a fresh delivery.

    A delay counts from the due time of a reminder that has not come yet ("2 hours later
    than planned"), and from now for one that has: snoozing what never fired to two hours
    from now would bring it earlier than asked.
    """
    reminder = await find(session, member, short_id, "reminders snooze")
    _refuse_closed(reminder, "reminders snooze")
    if reminder.rule is not None:
        raise UserError(
            f"Reminder {short_id} repeats: skip its next time with "
            f"`/prep reminders skip {short_id}`, or stop it with `/prep reminders cancel`.",
            "reminders skip",
        )
    was_due = reminder.due_at
    from_due = isinstance(when, AfterDelay) and reminder.status == "scheduled" and was_due > now
    base = was_due if from_due else None
    due = _checked_time(when, member, now, "reminders snooze", base)
    await _unschedule(session, reminder)
    reminder.revision += 1
    reminder.due_at = due
    reminder.status = "scheduled"
    await session.flush()
    await _schedule(session, reminder, now)
    return Snoozed(reminder, was_due, from_due)


async def next_time(
    session: AsyncSession, reminder: Reminder, tz: str, now: datetime, *, sent: bool = False
) -> None:
    """Plan a recurring reminder's next time by its rule, under a new key (revision).

    `sent`: called by the engine for the row it just planned, which the engine deletes
    itself; deleting it here first would let SQLite hand its id to the new row, and the
    engine would then delete that one.
    """
    assert reminder.rule is not None
    if not sent:
        await _unschedule(session, reminder)
    reminder.revision += 1
    reminder.due_at = next_after(rule_of(reminder.rule), tz, max(now, reminder.due_at))
    reminder.status = "scheduled"
    await session.flush()
    await _schedule(session, reminder, now)


async def skip(session: AsyncSession, member: Member, short_id: str, now: datetime) -> Reminder:
    """Leave out a recurring reminder's next time; the series goes on after it."""
    reminder = await find(session, member, short_id, "reminders skip")
    _refuse_closed(reminder, "reminders skip")
    if reminder.rule is None:
        raise UserError(
            f"Reminder {short_id} comes only once: cancel it with "
            f"`/prep reminders cancel {short_id}`.",
            "reminders cancel",
        )
    await next_time(session, reminder, member.tz, max(now, reminder.due_at))
    return reminder


async def done(session: AsyncSession, member: Member, short_id: str) -> Reminder:
    """Mark a reminder done (it will not come again); a recurring one just goes on."""
    reminder = await find(session, member, short_id, "reminders done")
    _refuse_closed(reminder, "reminders done")
    if reminder.rule is not None:  # "done" for this time: the series keeps its next one
        return reminder
    await _unschedule(session, reminder)
    reminder.status = "done"
    return reminder
