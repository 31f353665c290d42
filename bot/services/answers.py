"""Practised answers: structural STAR feedback, recorded against the latest question."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import AnswerRecord, AskedQuestion
from bot.services.star import StarFeedback, analyse

# Enough history for any review we might add; older answers go so a member who practises
# every day for years does not grow without bound.
MAX_KEPT = 200
# An answer this recent is what `stories add` attaches as the story's text.
FRESH = timedelta(hours=24)


async def latest_question_id(session: AsyncSession, member_id: int) -> str | None:
    """The id of the last practice question the member was given, if any."""
    return await session.scalar(
        select(AskedQuestion.question_id)
        .where(AskedQuestion.member_id == member_id)
        .order_by(AskedQuestion.asked_at.desc(), AskedQuestion.id.desc())
        .limit(1)
    )


async def record_answer(
    session: AsyncSession, member_id: int, text: str, now: datetime
) -> tuple[AnswerRecord, StarFeedback]:
    """Store the answer against the latest question and analyse it."""
    record = AnswerRecord(
        member_id=member_id,
        question_id=await latest_question_id(session, member_id),
        text=text,
        created_at=now,
    )
    session.add(record)
    await session.flush()
    keep = (
        select(AnswerRecord.id)
        .where(AnswerRecord.member_id == member_id)
        .order_by(AnswerRecord.created_at.desc(), AnswerRecord.id.desc())
        .limit(MAX_KEPT)
        .scalar_subquery()
    )
    await session.execute(
        delete(AnswerRecord)
        .where(AnswerRecord.member_id == member_id, AnswerRecord.id.not_in(keep))
        .execution_options(synchronize_session=False)
    )
    return record, analyse(text)


async def fresh_answer(session: AsyncSession, member_id: int, now: datetime) -> AnswerRecord | None:
    """The member's most recent answer if it was given in the last 24 hours."""
    return await session.scalar(
        select(AnswerRecord)
        .where(AnswerRecord.member_id == member_id, AnswerRecord.created_at > now - FRESH)
        .order_by(AnswerRecord.created_at.desc(), AnswerRecord.id.desc())
        .limit(1)
    )
