"""The story bank: adding, themes and gaps, the 30-story quota, and attached answers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import PrepBot
from bot.commands.grammar import parse
from bot.commands.types import AttachAnswer
from bot.content import default_library
from bot.db.models import Story
from bot.services._themes import classify
from bot.services.stories import MAX_STORIES
from tests.bot.services.test_interviews_support import plain, row_counts, say

GOOD_ANSWER = (
    "When the release slipped two weeks, I re-planned the sprint with the team, told the "
    "client the new date myself, and we shipped with no defects."
)


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


async def test_add_never_takes_the_latest_answer_silently(bot, db):
    """`stories add <title>` after an "ok"-grade answer keeps no text, and says how to add one."""
    await say(bot, "answer " + GOOD_ANSWER)
    reply = plain(await say(bot, "stories add Re-planned the slipped release"))
    [story] = await _stories(db)
    assert story.body == ""
    assert "No text yet" in reply and "stories edit" in reply
    assert "Use answer" in reply  # the answers are offered, by id, to choose from


async def test_an_answer_three_back_can_be_kept_by_its_id(bot, db):
    """Each answer gets an id; `stories attach <id>` keeps exactly that one."""
    ids = []
    for n in range(3):
        reply = await say(bot, f"answer Attempt {n}: " + GOOD_ANSWER)
        [note] = [line for line in plain(reply).splitlines() if line.startswith("Kept as answer")]
        ids.append(note.split()[3].rstrip(":"))
    listing = plain(await say(bot, "stories attach"))
    assert all(i in listing for i in ids) and "Which answer" in listing
    kept = plain(await say(bot, f"stories attach {ids[0]} The slipped release"))
    assert f"your answer {ids[0]}" in kept
    [story] = await _stories(db)
    assert story.body.startswith("Attempt 0:") and story.title == "The slipped release"
    other = await say(bot, f"stories attach {ids[1]}", user="ben")
    assert other.is_error and "no answer with id" in plain(other)


async def test_save_button_attaches_that_answer(bot, db):
    """The "Save as a story" button names the answer it was shown under."""
    reply = await say(bot, "answer " + GOOD_ANSWER)
    button = next(b for b in reply.buttons if b.label == "Save as a story")
    assert isinstance(parse(button.command), AttachAnswer)
    await say(bot, "answer Another take: " + GOOD_ANSWER)
    await say(bot, button.command)
    [story] = await _stories(db)
    assert story.body == GOOD_ANSWER


async def test_attach_to_an_existing_story_replaces_its_text(bot, db):
    """`stories attach <answer> to <story>` gives that story the answer's text."""
    await say(bot, "stories add The release")
    [story] = await _stories(db)
    reply = await say(bot, "answer " + GOOD_ANSWER)
    answer_id = reply.buttons[0].command.split()[-1]
    done = plain(await say(bot, f"stories attach {answer_id} to {story.short_id}"))
    assert "now has a new text" in done
    [story] = await _stories(db)
    assert story.body == GOOD_ANSWER


async def test_typed_story_text_is_stored_literally_and_escaped_when_shown(bot, db):
    """`stories add <title> | <text>` keeps markup and mentions as typed; show never pings."""
    text = "When the <!channel> @everyone release slipped I re-planned *it* `now`."
    reply = await say(bot, f"stories add Slipped release | {text}")
    assert not reply.is_error
    [story] = await _stories(db)
    assert story.body == text
    shown = await say(bot, f"stories show {story.short_id}")
    assert "<!channel>" in plain(shown) and "@everyone" in plain(shown)
    assert all(b.command.startswith("stories") for b in shown.buttons)


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("stories add Title |", "text after the |"),
        ("stories add  | some text", "short title"),
        ("stories add Title | " + "x" * 3001, "the limit is 3000"),
        ("stories edit k7qd2 colour red", "title, text or themes"),
        ("stories edit k7qd2 themes", "Name the themes"),
        ("stories attach banana", "isn't an answer id"),
    ],
)
async def test_bad_story_input_gets_the_right_form(bot, db, line, fragment):
    """Empty, huge or malformed story input: a clear error, nothing stored."""
    before = await row_counts(db)
    reply = await say(bot, line)
    assert reply.is_error and fragment in plain(reply)
    assert await row_counts(db) == before


async def test_edit_title_text_and_themes_by_hand(bot, db):
    """Themes set by hand stay when the text changes; `auto` detects them again."""
    await say(bot, "stories add Fixed an outage under a tight deadline")
    [story] = await _stories(db)
    sid = story.short_id
    assert story.themes == ["pressure"] and not story.themes_by_hand
    set_reply = plain(await say(bot, f"stories edit {sid} themes conflict, likab"))
    assert "A conflict you worked through" in set_reply and "set by you" in set_reply
    await say(bot, f"stories edit {sid} text I disagreed with my manager and we argued it out.")
    await say(bot, f"stories edit {sid} title The outage argument")
    [story] = await _stories(db)
    assert story.themes == ["conflict", "likability"] and story.themes_by_hand
    assert story.title == "The outage argument" and story.body.startswith("I disagreed")
    await say(bot, f"stories edit {sid} themes auto")
    [story] = await _stories(db)
    assert not story.themes_by_hand and "conflict" in story.themes
    bad = await say(bot, f"stories edit {sid} themes bravery")
    assert bad.is_error and "critical-thinking" in plain(bad)
    theirs = await say(bot, f"stories edit {sid} title Mine now", user="ben")
    assert theirs.is_error and "no story with id" in plain(theirs)


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
