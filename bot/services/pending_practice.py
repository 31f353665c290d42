"""Which question a member's next direct message answers, and for how long.

`/prep practice` opens a timed question (a `pending_practice` row); the daily question
DM opens one too, read from the asked-question history (the delivery engine already
records it, so nothing is added to its batch). Only the latest question given counts:
a `/prep question` or a new daily question after a practice question replaces it. A
question stops taking answers once answered, cancelled, or after its window, so a DM
about something else hours later is never read as an answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import AnswerRecord, AskedQuestion, Member, PendingPractice

#: How long a practice question takes answers: long enough to think, short enough that
#: an unrelated message later in the day is not mistaken for one.
PRACTICE_WINDOW = timedelta(hours=2)
#: The daily question arrives unasked, often while the member is busy: a longer window.
DAILY_WINDOW = timedelta(hours=12)
#: How long after expiry a message still gets "that question expired" (not silence).
LAPSED_NOTICE = timedelta(hours=24)


@dataclass(frozen=True)
class Pending:
    """An open question: what it is, when it was given, and whether it is timed."""

    question_id: str
    asked_at: datetime
    via: str  # "practice" (timed) or "daily"

    @property
    def timed(self) -> bool:
        """Only `/prep practice` is a timed exercise; the daily DM waits for the member."""
        return self.via == "practice"


async def _row_of(session: AsyncSession, member_id: int) -> PendingPractice:
    """The member's one row (a member has at most one open question), made if missing."""
    row = await session.get(PendingPractice, member_id)
    if row is None:
        row = PendingPractice(member_id=member_id)
        session.add(row)
    return row


async def start_practice(
    session: AsyncSession, member_id: int, question_id: str, now: datetime
) -> Pending:
    """Open a timed question for the member, replacing any open one."""
    row = await _row_of(session, member_id)
    row.question_id = question_id
    row.asked_at = now
    row.expires_at = now + PRACTICE_WINDOW
    row.via = "practice"
    row.closed_at = None
    await session.flush()
    return Pending(question_id, now, "practice")


async def _latest_asked(session: AsyncSession, member_id: int) -> AskedQuestion | None:
    return await session.scalar(
        select(AskedQuestion)
        .where(AskedQuestion.member_id == member_id)
        .order_by(AskedQuestion.asked_at.desc(), AskedQuestion.id.desc())
        .limit(1)
    )


async def _answered_since(session: AsyncSession, member_id: int, since: datetime) -> bool:
    found = await session.scalar(
        select(AnswerRecord.id)
        .where(AnswerRecord.member_id == member_id, AnswerRecord.created_at >= since)
        .limit(1)
    )
    return found is not None


async def _state(
    session: AsyncSession, member_id: int, now: datetime
) -> tuple[Pending | None, Pending | None]:
    """(the open question, or a practice question that lapsed recently)."""
    row = await session.get(PendingPractice, member_id)
    latest = await _latest_asked(session, member_id)
    if row is not None and (latest is None or row.asked_at >= latest.asked_at):
        pending = Pending(row.question_id, row.asked_at, row.via)
        if row.closed_at is not None:
            return None, None
        if now < row.expires_at:
            return pending, None
        return None, pending if now < row.expires_at + LAPSED_NOTICE else None
    if latest is None or latest.via != "daily" or now >= latest.asked_at + DAILY_WINDOW:
        return None, None
    if await _answered_since(session, member_id, latest.asked_at):
        return None, None
    return Pending(latest.question_id, latest.asked_at, "daily"), None


async def open_question(session: AsyncSession, member_id: int, now: datetime) -> Pending | None:
    """The question the member's next message answers, if one is open."""
    return (await _state(session, member_id, now))[0]


async def lapsed_question(session: AsyncSession, member_id: int, now: datetime) -> Pending | None:
    """A practice question that stopped taking answers within the last day, if any."""
    return (await _state(session, member_id, now))[1]


async def close_question(
    session: AsyncSession, member_id: int, pending: Pending, now: datetime
) -> None:
    """Stop `pending` taking answers (answered or cancelled)."""
    row = await _row_of(session, member_id)
    row.question_id = pending.question_id
    row.asked_at = pending.asked_at
    row.expires_at = min(now, pending.asked_at + PRACTICE_WINDOW)
    row.via = pending.via
    row.closed_at = now
    await session.flush()


async def team_for_direct_message(session: AsyncSession, platform: str, user_id: str) -> str | None:
    """The team a platform DM belongs to, for platforms whose DMs carry none (Discord).

    A person is one member per server; their DM goes to the member who was given a
    question last (the one a reply most likely answers), else to their newest member.
    """
    last_asked = (
        select(func.max(AskedQuestion.asked_at))
        .where(AskedQuestion.member_id == Member.id)
        .correlate(Member)
        .scalar_subquery()
    )
    return await session.scalar(
        select(Member.team_id)
        .where(Member.platform == platform, Member.external_id == user_id)
        .order_by(last_asked.desc().nulls_last(), Member.created_at.desc(), Member.id.desc())
        .limit(1)
    )
