"""The STAR story bank: 5-8 stories that cover the themes a second round probes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.commands.ids import NewShortId, new_short_id
from bot.content import ContentLibrary
from bot.db.models import AnswerRecord, Story
from bot.replies import literal
from bot.services._themes import classify
from bot.services.answers import fresh_answer
from bot.services.journey import UserError, unique_short_id

MAX_STORIES = 30
TARGET_MIN = 5
TARGET_MAX = 8


async def list_stories(session: AsyncSession, member_id: int) -> list[Story]:
    """The member's stories, oldest first (the order they built the bank in)."""
    rows = await session.scalars(
        select(Story).where(Story.member_id == member_id).order_by(Story.created_at, Story.id)
    )
    return list(rows)


async def add_story(
    session: AsyncSession,
    member_id: int,
    title: str,
    content: ContentLibrary,
    now: datetime,
    ids: NewShortId = new_short_id,
) -> tuple[Story, AnswerRecord | None]:
    """Add a story; its text is the member's answer from the last 24 hours, if any.

    That is how the "Save as a story" button under answer feedback keeps the answer
    without a grammar form of its own. An answer already kept in another story is not
    attached twice.
    """
    count = await session.scalar(
        select(func.count()).select_from(Story).where(Story.member_id == member_id)
    )
    if (count or 0) >= MAX_STORIES:
        raise UserError(
            f"Your bank already holds {MAX_STORIES} stories, the most I keep. "
            f"Interviews need {TARGET_MIN}-{TARGET_MAX} strong ones: sharpen those instead."
        )
    same = await session.scalar(
        select(Story.short_id).where(
            Story.member_id == member_id, func.lower(Story.title) == title.lower()
        )
    )
    if same is not None:
        raise UserError(
            f"You already have a story called `{literal(title)}`: `/prep stories show {same}`."
        )
    answer = await fresh_answer(session, member_id, now)
    if answer is not None:
        used = await session.scalar(
            select(Story.id).where(Story.member_id == member_id, Story.body == answer.text)
        )
        answer = None if used is not None else answer
    body = answer.text if answer is not None else ""
    story = Story(
        member_id=member_id,
        short_id=await unique_short_id(session, Story, member_id, ids),
        title=title,
        themes=classify(f"{title}\n{body}", content.story_themes),
        body=body,
        created_at=now,
    )
    session.add(story)
    await session.flush()
    return story, answer


async def find_story(
    session: AsyncSession, member_id: int, short_id: str, form: str = "stories show"
) -> Story:
    """The member's story with this id; anyone else's reads as unknown (showing `form`)."""
    story = await session.scalar(
        select(Story).where(Story.member_id == member_id, Story.short_id == short_id)
    )
    if story is None:
        raise UserError(
            f"You have no story with id `{short_id}`. `/prep stories` lists yours.", form
        )
    return story


async def delete_story(session: AsyncSession, member_id: int, short_id: str) -> Story:
    """Take one of the member's stories out of the bank; returns it (now deleted)."""
    story = await find_story(session, member_id, short_id, "stories delete")
    await session.delete(story)
    return story


def coverage(stories: Sequence[Story], content: ContentLibrary) -> Mapping[str, list[Story]]:
    """Each content theme id with the stories that cover it (empty list: a gap)."""
    return {
        theme: [s for s in stories if theme in (s.themes or [])] for theme in content.story_themes
    }
