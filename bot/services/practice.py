"""Choosing practice questions: no repeats until the pool is used up, categories rotate.

Shared by `/prep question` and the daily question, so both draw from one history.
The choice is deterministic for a given history and seed (simulations and tests can
predict it) yet differs between members, who get different seeds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content import ContentLibrary, Question
from bot.db.models import AskedQuestion


def practice_pool(content: ContentLibrary, category: str | None) -> tuple[Question, ...]:
    """Questions a member answers: one category, or every non-"ask" category."""
    if category is not None:
        return content.questions_in(category)
    return tuple(q for q in content.questions if not content.categories[q.category].is_ask)


def pick_question(
    content: ContentLibrary, history: Sequence[str], category: str | None, seed: int
) -> Question:
    """The next question for a member whose asked question ids are `history` (oldest first).

    Least-asked questions come first, so nothing repeats until the pool is exhausted;
    among those, the category after the last one asked is preferred, so topics rotate.
    """
    pool = practice_pool(content, category)
    pool_ids = {q.id for q in pool}
    counts = Counter(qid for qid in history if qid in pool_ids)
    fewest = min(counts.get(q.id, 0) for q in pool)
    candidates = [q for q in pool if counts.get(q.id, 0) == fewest]
    order = list(dict.fromkeys(q.category for q in pool))
    last = next((qid for qid in reversed(history) if qid in pool_ids), None)
    start = (order.index(content.question(last).category) + 1) if last else seed % len(order)
    for step in range(len(order)):
        wanted = order[(start + step) % len(order)]
        in_category = [q for q in candidates if q.category == wanted]
        if in_category:
            return in_category[(seed + len(history)) % len(in_category)]
    raise AssertionError("unreachable: candidates is never empty")


async def asked_history(session: AsyncSession, member_id: int) -> list[str]:
    """A member's asked question ids, oldest first."""
    result = await session.execute(
        select(AskedQuestion.question_id)
        .where(AskedQuestion.member_id == member_id)
        .order_by(AskedQuestion.asked_at, AskedQuestion.id)
    )
    return list(result.scalars())


async def give_question(
    session: AsyncSession,
    content: ContentLibrary,
    member_id: int,
    category: str | None,
    now: datetime,
    via: str,
) -> Question:
    """Pick a member's next question and record that they were given it."""
    history = await asked_history(session, member_id)
    question = pick_question(content, history, category, seed=member_id)
    session.add(AskedQuestion(member_id=member_id, question_id=question.id, asked_at=now, via=via))
    return question
