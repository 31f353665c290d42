"""Practice streaks: consecutive local days on which a member answered a daily question.

A day counts when the member answered (an `answers` row, in their zone's calendar)
a question they were given by the daily DM or in a channel's question of the day
(`asked_questions.via` "daily" or "channel"). The streak is the run of such days ending
today, or yesterday while today is still open, so it never drops in the morning before
the day's question has arrived.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import AnswerRecord, AskedQuestion, Member
from bot.schedule.timemath import local_date

# The question sources that count towards a streak.
STREAK_VIA = ("daily", "channel")


def streak_from(days: Collection[date], today: date) -> int:
    """The run of consecutive days in `days` ending today (or yesterday, if not today)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


async def answered_instants(
    session: AsyncSession, member_ids: Sequence[int], since: datetime | None = None
) -> dict[int, list[datetime]]:
    """When each member answered a daily or channel question (one query for a batch)."""
    if not member_ids:
        return {}
    asked = (
        select(AskedQuestion.member_id, AskedQuestion.question_id)
        .where(AskedQuestion.member_id.in_(member_ids), AskedQuestion.via.in_(STREAK_VIA))
        .distinct()
        .subquery()
    )
    statement = (
        select(AnswerRecord.member_id, AnswerRecord.created_at)
        .join(
            asked,
            and_(
                asked.c.member_id == AnswerRecord.member_id,
                asked.c.question_id == AnswerRecord.question_id,
            ),
        )
        .where(AnswerRecord.member_id.in_(member_ids))
    )
    if since is not None:
        statement = statement.where(AnswerRecord.created_at >= since)
    found: dict[int, list[datetime]] = {}
    for member_id, created_at in await session.execute(statement):
        found.setdefault(member_id, []).append(created_at)
    return found


def local_days(instants: Sequence[datetime], tz: str) -> set[date]:
    """The member's local calendar dates of some instants."""
    return {local_date(instant, tz) for instant in instants}


async def streaks_for(
    session: AsyncSession, members: Mapping[int, str], now: datetime
) -> dict[int, int]:
    """Current streaks for many members at once: {member id: days}, from {id: zone}."""
    instants = await answered_instants(session, list(members))
    return {
        member_id: streak_from(local_days(instants.get(member_id, []), tz), local_date(now, tz))
        for member_id, tz in members.items()
    }


async def streak_for(session: AsyncSession, member: Member, now: datetime) -> int:
    """The member's current streak in days (0 if they have not answered lately).

    For `daily status` and the home overview: one query, filtered on the member.
    """
    return (await streaks_for(session, {member.id: member.tz}, now))[member.id]


def streak_text(days: int) -> str:
    """`Streak: 3 days in a row` (or how to start one), for status replies and digests."""
    if days <= 0:
        return "No streak yet: answer today's question to start one."
    if days == 1:
        return "Streak: 1 day. Answer tomorrow's question to keep it going."
    return f"Streak: {days} days in a row."
