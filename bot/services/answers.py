"""Practised answers, recorded against the latest question, each with a short id."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.commands.ids import NewShortId, new_short_id
from bot.db.models import AnswerRecord, AskedQuestion
from bot.services.journey import UserError, unique_short_id
from bot.services.star import StarFeedback, analyse

# Enough history for any review we might add; older answers go so a member who practises
# every day for years does not grow without bound.
MAX_KEPT = 200
#: How many recent answers `stories attach` offers to choose from.
RECENT = 5


async def latest_question_id(session: AsyncSession, member_id: int) -> str | None:
    """The id of the last practice question the member was given, if any."""
    return await session.scalar(
        select(AskedQuestion.question_id)
        .where(AskedQuestion.member_id == member_id)
        .order_by(AskedQuestion.asked_at.desc(), AskedQuestion.id.desc())
        .limit(1)
    )


async def record_answer(
    session: AsyncSession,
    member_id: int,
    text: str,
    now: datetime,
    ids: NewShortId = new_short_id,
    *,
    question_id: str | None = None,
) -> tuple[AnswerRecord, StarFeedback]:
    """Store the answer against `question_id` (default: the latest question) and analyse it."""
    record = AnswerRecord(
        member_id=member_id,
        short_id=await unique_short_id(session, AnswerRecord, member_id, ids),
        question_id=question_id or await latest_question_id(session, member_id),
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


async def recent_answers(session: AsyncSession, member_id: int) -> list[AnswerRecord]:
    """The member's latest answers (newest first) that have an id to choose them by."""
    rows = await session.scalars(
        select(AnswerRecord)
        .where(AnswerRecord.member_id == member_id, AnswerRecord.short_id.is_not(None))
        .order_by(AnswerRecord.created_at.desc(), AnswerRecord.id.desc())
        .limit(RECENT)
    )
    return list(rows)


async def find_answer(session: AsyncSession, member_id: int, short_id: str) -> AnswerRecord:
    """The member's answer with this id; anyone else's reads as unknown."""
    record = await session.scalar(
        select(AnswerRecord).where(
            AnswerRecord.member_id == member_id, AnswerRecord.short_id == short_id
        )
    )
    if record is None:
        raise UserError(
            f"You have no answer with id `{short_id}`. `/prep stories attach` lists your "
            "recent answers with their ids.",
            "stories attach",
        )
    return record
