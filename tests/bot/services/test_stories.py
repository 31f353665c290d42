"""The story bank: adding, themes and gaps, the 30-story quota, and attached answers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.app import PrepBot
from bot.content import default_library
from bot.db.models import Story
from bot.services._themes import classify
from bot.services.stories import MAX_STORIES
from tests.bot.services.test_interviews_support import plain, row_counts, say


@pytest.fixture
def bot(db, clock):
    return PrepBot(db, clock=clock)


async def _stories(db) -> list[Story]:
    async with db.session() as session:
        return list(await session.scalars(select(Story).order_by(Story.id)))


@pytest.mark.parametrize(
    ("text", "themes"),
    [
        ("Shipped the billing migration under pressure", {"pressure", "role-skills"}),
        ("Led three teams through a reorg", {"leadership-collaboration"}),
        ("The launch I got wrong and what I learned", {"failure", "role-skills"}),
        ("Disagreed with my manager about scope", {"conflict"}),
        ("A ledger reconciliation", set()),  # "led" is a word, not a prefix
        ("The Johnson account", set()),
    ],
)
def test_themes_from_keywords(text, themes):
    """Themes come from word stems in the title and text."""
    assert set(classify(text, default_library().story_themes)) == themes


async def test_add_then_list_shows_the_target_and_names_gaps(bot, db):
    """The bank counts against 5-8 and names each uncovered theme."""
    added = await say(bot, "stories add Shipped the billing migration under pressure")
    assert "billing" in plain(added) and "Problem-solving under pressure" in plain(added)
    text = plain(await say(bot, "stories"))
    assert "billing" in text and "5-8" in text and "1 of the" in text
    assert "Gaps:" in text
    for gap in ("leadership and collaboration", "a failure", "a conflict"):
        assert gap in text.lower()
    gaps_line = next(line for line in text.splitlines() if line.startswith("Gaps:"))
    assert "pressure" not in gaps_line


async def test_full_coverage_has_no_gaps(bot):
    """Stories on every theme: the reply says so instead of listing gaps."""
    for title in (
        "Fixed an outage under a tight deadline",
        "Led the cross-team launch",
        "A failed rollout and the lesson",
        "Resolved a conflict over priorities",
        "Built the reporting dashboard",
        "Questioned the forecast's assumptions",
        "Rebuilt trust with an upset client",
    ):
        await say(bot, f"stories add {title}")
    text = plain(await say(bot, "stories"))
    assert "Gaps:" not in text and "Every theme has a story" in text
    assert "7 stories: right in the 5-8" in text


async def test_mentions_and_markup_stay_literal(bot):
    """A title is shown exactly as typed: never a mention or formatting."""
    reply = await say(bot, "stories add <!channel> @everyone *bold* <@U123>")
    text = plain(reply)
    assert "<!channel>" in text and "@everyone" in text and "*bold*" in text


async def test_show_own_story_and_refuse_anyone_elses(bot, db):
    """`stories show` reads the member's own story; another's id reads as unknown."""
    await say(bot, "stories add Led the migration")
    [story] = await _stories(db)
    shown = plain(await say(bot, f"stories show {story.short_id}"))
    assert "led the migration" in shown.lower() and "Leadership and collaboration" in shown
    foreign = await say(bot, f"stories show {story.short_id}", user="bo")
    unknown = await say(bot, "stories show zz9zz", user="bo")
    assert foreign.is_error and unknown.is_error
    assert plain(foreign).replace(story.short_id, "X") == plain(unknown).replace("zz9zz", "X")


async def test_quota_and_duplicates_store_nothing(bot, db):
    """The 31st story and a repeated title are refused without changing anything."""
    await say(bot, "stories add Story number 3")
    before = await row_counts(db)
    again = await say(bot, "stories add story NUMBER 3")
    assert again.is_error and "already have a story" in plain(again)
    assert await row_counts(db) == before
    for n in range(MAX_STORIES - 1):
        assert not (await say(bot, f"stories add Another story {n}")).is_error
    before = await row_counts(db)
    full = await say(bot, "stories add One too many")
    assert full.is_error and str(MAX_STORIES) in plain(full)
    assert await row_counts(db) == before


async def test_recent_answer_is_attached_once(bot, db, clock):
    """An answer from the last 24 h becomes the text of the next story, and only that one."""
    await say(
        bot,
        "answer When the release slipped I re-planned it with the team and told the "
        "client the new date myself. We shipped 2 days late with no defects.",
    )
    clock.set(clock.now() + timedelta(hours=23))
    first = await say(bot, "stories add Re-planned the slipped release")
    second = await say(bot, "stories add Something else")
    assert "kept your answer" in plain(first) and "kept your answer" not in plain(second)
    one, two = await _stories(db)
    assert one.body.startswith("When the release slipped") and two.body == ""
    shown = plain(await say(bot, f"stories show {one.short_id}"))
    assert "When the release slipped" in shown and "STAR:" in shown


async def test_stale_answer_is_not_attached(bot, db, clock):
    """An answer older than 24 h is not assumed to be this story."""
    await say(bot, "answer An old answer about a deadline.")
    clock.set(clock.now() + timedelta(hours=25))
    reply = await say(bot, "stories add New story")
    assert "kept your answer" not in plain(reply)
    [story] = await _stories(db)
    assert story.body == ""
    assert "No text kept" in plain(await say(bot, f"stories show {story.short_id}"))


async def test_delete_own_story_and_refuse_anyone_elses(bot, db):
    """`stories delete <id>` drops the member's own story; another member's id is unknown."""
    await say(bot, "stories add Rescued the late migration")
    await say(bot, "stories add Led the pricing rework")
    async with db.session() as session:
        story = await session.scalar(select(Story).where(Story.title.like("Rescued%")))
    assert story is not None
    refused = await say(bot, f"stories delete {story.short_id}", user="ben")
    assert refused.is_error and "no story with id" in plain(refused)
    assert "/prep stories delete" in plain(refused)
    assert (await row_counts(db))["stories"] == 2
    reply = await say(bot, f"stories delete {story.short_id}")
    assert not reply.is_error
    assert "Rescued the late migration" in plain(reply) and "1 of the 5-8" in plain(reply)
    async with db.session() as session:
        titles = list(await session.scalars(select(Story.title)))
    assert titles == ["Led the pricing rework"]
    again = await say(bot, f"stories delete {story.short_id}")
    assert again.is_error
