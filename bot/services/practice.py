"""Choosing practice questions: no repeats until the pool is used up, categories rotate.

Shared by `/prep question` and the daily question, so both draw from one history.
The choice is deterministic for a given history and seed (simulations and tests can
predict it) yet differs between members, who get different seeds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class _Pool:
    """A practice pool indexed for picking: built once per library and category."""

    questions: tuple[Question, ...]
    ids: frozenset[str]
    order: tuple[str, ...]  # categories in pool order: the rotation
    position: Mapping[str, int]  # category -> its index in `order`
    by_category: Mapping[str, tuple[Question, ...]]  # each in pool order


# {id(library): (library, {category: pool})}: a few libraries live at once (tests load
# several), and the identity check guards against a reused id.
_POOLS: dict[int, tuple[ContentLibrary, dict[str | None, _Pool]]] = {}


def _pool(content: ContentLibrary, category: str | None) -> _Pool:
    entry = _POOLS.get(id(content))
    if entry is None or entry[0] is not content:
        if len(_POOLS) >= 8:
            _POOLS.pop(next(iter(_POOLS)))
        entry = _POOLS[id(content)] = (content, {})
    found = entry[1].get(category)
    if found is None:
        questions = practice_pool(content, category)
        order = tuple(dict.fromkeys(q.category for q in questions))
        found = entry[1][category] = _Pool(
            questions=questions,
            ids=frozenset(q.id for q in questions),
            order=order,
            position={name: index for index, name in enumerate(order)},
            by_category={name: tuple(q for q in questions if q.category == name) for name in order},
        )
    return found


def pick_question(
    content: ContentLibrary, history: Sequence[str], category: str | None, seed: int
) -> Question:
    """The next question for a member whose asked question ids are `history` (oldest first).

    Least-asked questions come first, so nothing repeats until the pool is exhausted;
    among those, the category after the last one asked is preferred, so topics rotate.
    Runs once per member in a daily fan-out, so the pool's indexes are built once and
    a member with no history (most of a fan-out, on its first day) is a lookup.
    """
    pool = _pool(content, category)
    counts = Counter(qid for qid in history if qid in pool.ids)
    # Questions never asked have count 0, so the minimum is 0 unless all were asked.
    fewest = min(counts.values()) if len(counts) == len(pool.questions) else 0
    last = next((qid for qid in reversed(history) if qid in pool.ids), None)
    order = pool.order
    start = (pool.position[content.question(last).category] + 1) if last else seed % len(order)
    for step in range(len(order)):
        wanted = pool.by_category[order[(start + step) % len(order)]]
        in_category = (
            [q for q in wanted if counts.get(q.id, 0) == fewest] if counts else list(wanted)
        )
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
