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
from bot.services.answers import find_answer
from bot.services.journey import UserError, unique_short_id
from bot.services.star import suggest_title

MAX_STORIES = 30
TARGET_MIN = 5
TARGET_MAX = 8


async def list_stories(session: AsyncSession, member_id: int) -> list[Story]:
    """The member's stories, oldest first (the order they built the bank in)."""
    rows = await session.scalars(
        select(Story).where(Story.member_id == member_id).order_by(Story.created_at, Story.id)
    )
    return list(rows)


async def _check_room(session: AsyncSession, member_id: int, title: str) -> None:
    """Refuse a 31st story, or a second one with the same title."""
    count = await session.scalar(
        select(func.count()).select_from(Story).where(Story.member_id == member_id)
    )
    if (count or 0) >= MAX_STORIES:
        raise UserError(
            f"Your bank already holds {MAX_STORIES} stories, the most I keep. "
            f"Interviews need {TARGET_MIN}-{TARGET_MAX} strong ones: sharpen those instead."
        )
    await _check_title(session, member_id, title)


async def _check_title(session: AsyncSession, member_id: int, title: str, own: int = 0) -> None:
    same = await session.scalar(
        select(Story.short_id).where(
            Story.member_id == member_id,
            func.lower(Story.title) == title.lower(),
            Story.id != own,
        )
    )
    if same is not None:
        raise UserError(
            f"You already have a story called `{literal(title)}`: `/prep stories show {same}`."
        )


async def add_story(
    session: AsyncSession,
    member_id: int,
    title: str,
    text: str | None,
    content: ContentLibrary,
    now: datetime,
    ids: NewShortId = new_short_id,
) -> Story:
    """Add a story with the text the member typed (or none yet); themes are detected."""
    await _check_room(session, member_id, title)
    body = text or ""
    story = Story(
        member_id=member_id,
        short_id=await unique_short_id(session, Story, member_id, ids),
        title=title,
        themes=classify(f"{title}\n{body}", content.story_themes),
        themes_by_hand=False,
        body=body,
        created_at=now,
    )
    session.add(story)
    await session.flush()
    return story


async def attach_answer(
    session: AsyncSession,
    member_id: int,
    answer_id: str,
    content: ContentLibrary,
    now: datetime,
    *,
    title: str | None = None,
    story_id: str | None = None,
    ids: NewShortId = new_short_id,
) -> tuple[Story, AnswerRecord, bool]:
    """Keep the chosen answer: as a new story's text, or as an existing story's new text.

    Returns the story, the answer and whether the story is new.
    """
    answer = await find_answer(session, member_id, answer_id)
    if story_id is not None:
        story = await find_story(session, member_id, story_id, "stories attach")
        await set_text(story, answer.text, content)
        return story, answer, False
    story = await add_story(
        session, member_id, title or suggest_title(answer.text), answer.text, content, now, ids
    )
    return story, answer, True


async def set_text(story: Story, text: str, content: ContentLibrary) -> None:
    """Replace a story's text; detected themes follow it, hand-set ones stay."""
    story.body = text
    if not story.themes_by_hand:
        story.themes = classify(f"{story.title}\n{text}", content.story_themes)


async def edit_story(
    session: AsyncSession, member_id: int, story_id: str, field: str, value: str,
    content: ContentLibrary,
) -> Story:  # fmt: skip
    """Change a story's title, text or themes (`auto` detects them again)."""
    story = await find_story(session, member_id, story_id, "stories edit")
    if field == "title":
        await _check_title(session, member_id, value, own=story.id)
        story.title = value
        if not story.themes_by_hand:
            story.themes = classify(f"{value}\n{story.body}", content.story_themes)
    elif field == "text":
        await set_text(story, value, content)
    else:
        chosen = resolve_themes(value, content)
        story.themes_by_hand = chosen is not None
        story.themes = (
            chosen
            if chosen is not None
            else classify(f"{story.title}\n{story.body}", content.story_themes)
        )
    await session.flush()
    return story


def resolve_themes(value: str, content: ContentLibrary) -> list[str] | None:
    """Theme ids from what the member typed; None for `auto`, [] for `none`.

    Each name may be a theme id or the start of one (`leadership`, `critical`); a name
    that fits none, or more than one, is refused with the list of themes.
    """
    names = [n for n in value.replace(",", " ").lower().split() if n]
    if names == ["auto"]:
        return None
    if names == ["none"]:
        return []
    known = ", ".join(content.story_themes)
    chosen: list[str] = []
    for name in names:
        hits = [t for t in content.story_themes if t == name or t.startswith(name)]
        if len(hits) != 1:
            what = "fits more than one theme" if hits else "isn't a theme"
            raise UserError(
                f"`{literal(name)}` {what}. Themes: {known}; or `auto` to detect them, "
                "`none` for none.",
                "stories edit",
            )
        if hits[0] not in chosen:
            chosen.append(hits[0])
    return [t for t in content.story_themes if t in chosen]


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
