"""Timed practice: `practice` opens a question that the member's next DM answers, timed.

Through the real core (`PrepBot.handle_message`, as the adapters call it) on a fresh
database per backend and a virtual clock.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.app import PrepBot
from bot.db.models import AnswerRecord, AskedQuestion, Member, PendingPractice
from bot.services.pending_practice import team_for_direct_message
from tests.bot.services.test_answers import STRONG
from tests.bot.services.test_interviews_support import actor, plain, say


@pytest.fixture
def bot(db, clock):
    return PrepBot(db, clock=clock)


def later(clock, **delta):
    clock.set(clock.now() + timedelta(**delta))


async def dm(bot: PrepBot, text: str, user: str = "ana"):
    """A message in the member's DM (a console actor marked as in the DM)."""
    return await bot.handle_message(replace(actor(user), in_dm=True), text)


async def answers(db) -> list[AnswerRecord]:
    async with db.session() as session:
        return list((await session.scalars(select(AnswerRecord))).all())


async def test_practice_then_a_dm_is_the_answer_timed_from_the_question(bot, clock, db):
    """1 min 40 s after `practice`, the DM gets the usual feedback plus how long it took."""
    question = plain(await say(bot, "practice conflict"))
    assert "Timed practice" in question.title() or "TIMED PRACTICE" in question
    later(clock, seconds=100)
    shown = plain(await dm(bot, STRONG))
    assert "you took 1 min 40 s from the question" in shown
    assert "aims at 1-2 minutes" in shown
    assert "Situation: found" in shown
    [record] = await answers(db)
    async with db.session() as session:
        asked = await session.scalar(select(AskedQuestion).where(AskedQuestion.via == "practice"))
    assert asked is not None and record.question_id == asked.question_id


async def test_the_question_takes_one_answer_only(bot, clock, db):
    """A second DM after the answer is not taken as another answer."""
    await say(bot, "practice")
    await dm(bot, STRONG)
    shown = plain(await dm(bot, "thanks, that helped!"))
    assert "No question is waiting" in shown
    assert len(await answers(db)) == 1


async def test_a_dm_after_two_hours_is_not_an_answer(bot, clock, db):
    """Expired: the member hears why, nothing is stored."""
    await say(bot, "practice")
    later(clock, hours=2, minutes=1)
    shown = plain(await dm(bot, STRONG))
    assert "no longer takes answers" in shown and "2 h 1 min ago" in shown
    assert await answers(db) == []


async def test_just_inside_the_window_still_counts(bot, clock, db):
    """1 h 59 min later the DM is still the answer."""
    await say(bot, "practice")
    later(clock, hours=1, minutes=59)
    assert "you took 1 h 59 min" in plain(await dm(bot, STRONG))


@pytest.mark.parametrize("word", ["cancel", "skip", "Cancel.", "stop"])
async def test_cancel_or_skip_stops_the_question(bot, clock, db, word):
    """`cancel`/`skip` typed in the DM close the question; the next DM is not an answer."""
    await say(bot, "practice")
    assert "won't read your next message" in plain(await dm(bot, word))
    assert "No question is waiting" in plain(await dm(bot, STRONG))
    assert await answers(db) == []


async def test_a_prep_line_in_the_dm_runs_as_a_command(bot, clock, db):
    """`/prep stories` in the DM is a command, and the question stays open for the answer."""
    await say(bot, "practice")
    assert "STORY BANK" in plain(await dm(bot, "/prep stories")).upper()
    assert "you took" in plain(await dm(bot, STRONG))


async def test_a_non_answer_keeps_the_question_open(bot, clock, db):
    """`asdf qwerty` is no answer: nothing saved, the question still takes the real one."""
    await say(bot, "practice")
    shown = plain(await dm(bot, "asdf qwerty zxcv"))
    assert "Not an answer yet" in shown and "Reply again" in shown
    assert "you took" in plain(await dm(bot, STRONG))
    assert len(await answers(db)) == 1


async def test_an_empty_or_huge_dm_gets_a_clear_reply(bot, clock, db):
    """A DM with no text, or far too long, is refused in words and stores nothing."""
    await say(bot, "practice")
    assert "no text" in plain(await dm(bot, "   "))
    assert "characters" in plain(await dm(bot, "word " * 1000))
    assert await answers(db) == []
    assert "you took" in plain(await dm(bot, STRONG))


async def test_answer_command_during_practice_is_timed_too(bot, clock, db):
    """`/prep answer` (or Discord's answer form) answers the open question, timed."""
    await say(bot, "practice")
    later(clock, seconds=45)
    assert "you took 45 s" in plain(await say(bot, f"answer {STRONG}"))
    assert "No question is waiting" in plain(await dm(bot, STRONG))


async def test_a_newer_question_replaces_the_practice_one(bot, clock, db):
    """`question` after `practice`: only the latest question is open (none, for `question`)."""
    await say(bot, "practice")
    later(clock, seconds=5)
    await say(bot, "question")
    assert "No question is waiting" in plain(await dm(bot, STRONG))


async def test_a_restart_keeps_the_open_question(db, clock):
    """The question lives in the database: a new process reads the DM as its answer."""
    await say(PrepBot(db, clock=clock), "practice")
    later(clock, minutes=3)
    restarted = PrepBot(db, clock=clock)
    assert "you took 3 min" in plain(await dm(restarted, STRONG))
    async with db.session() as session:
        [row] = (await session.scalars(select(PendingPractice))).all()
        assert row.closed_at is not None


async def test_the_daily_question_is_answered_by_a_reply(bot, clock, db):
    """A daily question DM: the reply is its answer (not timed), once."""
    async with db.session() as session:
        member = Member(platform="console", external_id="ana", tz="Europe/Berlin")
        member.created_at = clock.now()
        session.add(member)
        await session.flush()
        session.add(
            AskedQuestion(
                member_id=member.id, question_id="conflict-1", asked_at=clock.now(), via="daily"
            )
        )
    later(clock, hours=3)
    shown = plain(await dm(bot, STRONG))
    assert "Feedback on your answer".upper() in shown.upper() and "you took" not in shown
    [record] = await answers(db)
    assert record.question_id == "conflict-1"
    assert "No question is waiting" in plain(await dm(bot, STRONG))


async def test_other_members_questions_are_not_theirs(bot, clock, db):
    """Ben's DM never answers Ana's practice question."""
    await say(bot, "practice")
    assert "No question is waiting" in plain(await dm(bot, STRONG, user="ben"))
    assert "you took" in plain(await dm(bot, STRONG, user="ana"))


async def test_the_console_reads_commands_and_answers_apart(bot, clock, db):
    """With bare commands (the console) a command line stays a command, and a
    line that is no command answers the open question (else it is "I don't know")."""
    console = replace(actor(), in_dm=True)
    assert "I don't know" in plain(await bot.handle_message(console, "Hello", bare_commands=True))
    await say(bot, "practice")
    assert "STORY BANK" in plain(await bot.handle_message(console, "stories", bare_commands=True))
    shown = plain(await bot.handle_message(console, STRONG, bare_commands=True))
    assert "you took" in shown


async def test_a_discord_dm_goes_to_the_server_that_asked_last(db, clock):
    """One person in two servers: the DM belongs to the member given a question last."""
    bot = PrepBot(db, clock=clock)
    for team in ("111", "222"):
        await bot.handle_text(replace(actor(), platform="discord", team_id=team), "daily status")
    await bot.handle_text(replace(actor(), platform="discord", team_id="222"), "practice")
    async with db.session() as session:
        assert await team_for_direct_message(session, "discord", "ana") == "222"
        assert await team_for_direct_message(session, "discord", "nobody") is None


async def test_privacy_export_and_delete_cover_the_open_question(bot, clock, db):
    """The new tables are the member's: export lists them, delete removes them."""
    await say(bot, "practice")
    await say(bot, "review off")
    exported = await say(bot, "privacy export")
    assert exported.attachment is not None
    assert '"pending_practice"' in exported.attachment.content
    assert '"review_choices"' in exported.attachment.content
    await say(bot, "privacy delete confirm")
    async with db.session() as session:
        assert (await session.scalars(select(PendingPractice))).all() == []
