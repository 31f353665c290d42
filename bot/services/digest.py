"""`weekly_digest`: a member's week in practice, by DM every Sunday at 18:00 local.

(Earlier that Sunday if the member's quiet hours begin before 18:00: the bot picks the
hour, so it keeps out of them; `digest_after`.)

Recurring per member, keyed by ISO week; on by default once a member uses a community
feature (opt out with `digest off`: the week is then recorded as skipped). A late digest
follows the daily question's catch-up rule (same local date, before 21:00), and DST
follows `next_weekly_run`. It sums up: questions answered this week, the streak, stories
in the bank against the 5-8 target, interviews coming up, and thank-you notes still open.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import AnswerRecord, DigestOptOut, Interview, Interviewer, Member, Story
from bot.schedule.kind_names import WEEKLY_DIGEST
from bot.schedule.kinds import DueItem
from bot.schedule.planner import item_for, upsert_item
from bot.schedule.timemath import local_date, local_to_utc
from bot.services.community import next_weekly_run
from bot.services.streaks import answered_instants
from bot.services.timezones import register_tz_replanner
from bot.when.quiet import DEFAULT_QUIET, Window, out_of_quiet_on_day, window_of

DIGEST_WEEKDAY = 6  # Sunday
DIGEST_AT = time(18, 0)
UPCOMING = timedelta(days=14)
FIRST_AFTER = timedelta(days=2)
# Thank-you notes are worth a nudge for two weeks after the interview (as in `home`).
THANKS_WINDOW = timedelta(days=14)
SHOWN = 5


async def is_digest_on(session: AsyncSession, member: Member) -> bool:
    """Whether the member gets the weekly digest (on unless they opted out)."""
    return await session.get(DigestOptOut, member.id) is None


async def next_digest(session: AsyncSession, member: Member) -> datetime | None:
    """When the member's next digest is planned, if it is."""
    item = await item_for(session, kind=WEEKLY_DIGEST, member_id=member.id)
    return None if item is None else item.next_run_at


def digest_after(tz: str, after: datetime, quiet: Window | None) -> datetime:
    """The first digest strictly after `after`: Sunday 18:00, or out of quiet hours.

    The bot picks the hour, so quiet hours move it, on the same Sunday (its week is its
    identity): before they begin if it can, else when they end.
    """
    instant, target = next_weekly_run(DIGEST_WEEKDAY, DIGEST_AT, tz, after)
    for _ in range(2):
        at = local_to_utc(target, DIGEST_AT, tz)
        moved = out_of_quiet_on_day(at, tz, quiet, earlier_first=True)
        if moved > after:
            return moved
        # Moved to before `after` (this Sunday's earlier slot is past): next week's.
        instant, target = next_weekly_run(DIGEST_WEEKDAY, DIGEST_AT, tz, instant)
    raise AssertionError("unreachable: next week's digest is after this one")


async def schedule_digest(
    session: AsyncSession, member: Member, now: datetime, *, after: datetime | None = None
) -> datetime:
    """(Re)plan the member's digest at the next Sunday 18:00 in their zone."""
    run_at = digest_after(member.tz, after or now, window_of(member.quiet_hours))
    await upsert_item(
        session, kind=WEEKLY_DIGEST, member_id=member.id, source_id="", run_at=run_at, now=now
    )
    return run_at


async def ensure_digest(session: AsyncSession, member: Member, now: datetime) -> datetime:
    """Plan the member's weekly digest unless it is planned already; returns when.

    The first one comes at least two days later, so it has something to sum up.
    """
    planned = await next_digest(session, member)
    if planned is not None:
        return planned
    return await schedule_digest(session, member, now, after=now + FIRST_AFTER)


@register_tz_replanner
async def replan_digest(session: AsyncSession, member: Member, now: datetime) -> None:
    """Move a planned digest to Sunday 18:00 in the member's new zone."""
    if await next_digest(session, member) is not None:
        await schedule_digest(session, member, now)


async def set_digest(session: AsyncSession, member: Member, on: bool, now: datetime) -> bool:
    """Turn the digest on or off; returns whether that changed anything."""
    found = await session.get(DigestOptOut, member.id)
    if on:
        await ensure_digest(session, member, now)
        if found is None:
            return False
        await session.delete(found)
        return True
    if found is not None:
        return False
    session.add(DigestOptOut(member_id=member.id, created_at=now))
    return True


def next_digest_run(
    tz: str, due_at: datetime, now: datetime, quiet: Window | None = DEFAULT_QUIET
) -> datetime:
    """Next week's digest; after downtime of over a week, the latest one already due."""
    # From the end of this digest's Sunday: one moved earlier must not come twice.
    following = digest_after(tz, local_to_utc(local_date(due_at, tz), time(23, 59), tz), quiet)
    while (after := digest_after(tz, following, quiet)) <= now:
        following = after
    return following


async def _counts(
    session: AsyncSession, model: Any, column: Any, member_ids: Sequence[int], *where: Any
) -> dict[int, int]:
    result = await session.execute(
        select(column, func.count()).where(column.in_(member_ids), *where).group_by(column)
    )
    return {member_id: count for member_id, count in result}


async def week_facts(
    session: AsyncSession, items: Sequence[DueItem], now: datetime
) -> dict[str, Any]:
    """Everything the batch's digests report, in a handful of grouped queries."""
    ids = [item.member for item in items]
    since = now - timedelta(days=8)
    answers: dict[int, list[datetime]] = {}
    rows = await session.execute(
        select(AnswerRecord.member_id, AnswerRecord.created_at).where(
            AnswerRecord.member_id.in_(ids), AnswerRecord.created_at >= since
        )
    )
    for member_id, created_at in rows:
        answers.setdefault(member_id, []).append(created_at)
    upcoming: dict[int, list[tuple[str, datetime]]] = {}
    soon = await session.execute(
        select(Interview.member_id, Interview.company, Interview.starts_at)
        .where(
            Interview.member_id.in_(ids),
            Interview.starts_at > now,
            Interview.starts_at <= now + UPCOMING,
        )
        .order_by(Interview.starts_at)
    )
    for member_id, company, starts_at in soon:
        upcoming.setdefault(member_id, []).append((company, starts_at))
    thanks = await session.execute(
        select(Interview.member_id, func.count())
        .join(Interviewer, Interviewer.interview_id == Interview.id)
        .where(
            Interview.member_id.in_(ids),
            Interview.starts_at <= now,
            Interview.starts_at >= now - THANKS_WINDOW,
            Interviewer.thanked_at.is_(None),
        )
        .group_by(Interview.member_id)
    )
    return {
        "answers": answers,
        "streak_answers": await answered_instants(session, ids),
        "stories": await _counts(session, Story, Story.member_id, ids),
        "upcoming": upcoming,
        "thanks": dict(thanks.all()),
        "quiet": {
            member_id: window_of(value)
            for member_id, value in await session.execute(
                select(Member.id, Member.quiet_hours).where(Member.id.in_(ids))
            )
        },
        "opted_out": set(
            await session.scalars(
                select(DigestOptOut.member_id).where(DigestOptOut.member_id.in_(ids))
            )
        ),
    }
