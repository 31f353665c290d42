"""Thank-you drafts, marking notes sent, and the last call for the others."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.app import PrepBot
from bot.commands.grammar import parse
from bot.commands.types import Followup, MarkThanksSent, ParseError, ShowThanks
from bot.db.models import Interview, Interviewer
from bot.schedule.kind_names import THANK_YOU, THANK_YOU_LAST_CALL
from tests.bot.services.test_interviews_support import JOURNEY, plain, row_counts, run_due, say

AFTER = datetime(2026, 3, 12, 15, 0, tzinfo=UTC)  # start + 2 h
LAST = datetime(2026, 3, 13, 9, 0, tzinfo=UTC)  # start + 20 h


@pytest.fixture
def bot(db, clock):
    return PrepBot(db, clock=clock)


async def _interview(db) -> Interview:
    async with db.session() as session:
        found = await session.scalar(select(Interview))
        assert found is not None
        return found


async def _thanked(db) -> dict[str, bool]:
    async with db.session() as session:
        rows = await session.scalars(select(Interviewer).order_by(Interviewer.position))
        return {p.name: p.thanked_at is not None for p in rows}


async def test_drafts_arrive_an_hour_after_the_default_end(bot, db, clock):
    """One message, an hour after the default hour-long interview, per interviewer."""
    await say(bot, JOURNEY.replace("Acme with", "Acme as Data Analyst with"))
    assert await run_due(db, clock, THANK_YOU, datetime(2026, 3, 12, 14, 59, tzinfo=UTC)) == []
    [ran] = await run_due(db, clock, THANK_YOU, AFTER)
    text = plain(ran.reply)
    for first in ("Hi Dana,", "Hi Sam,", "Hi Priya,"):
        assert text.count(first) == 1
    assert "Acme" in text and "Data Analyst" in text
    assert text.count("[something specific you discussed]") == 3
    assert "[your name]" not in text  # the member's display name signs it
    assert "Fri 13 Mar, 15:00" in text  # within 24 hours of the end, local


async def test_buttons_are_commands_that_parse(bot, db, clock):
    """Each button runs a real command: mark one sent, all sent, or pick a timeline."""
    await say(bot, JOURNEY)
    [ran] = await run_due(db, clock, THANK_YOU, AFTER)
    interview_id = (await _interview(db)).short_id
    commands = [parse(b.command) for b in ran.reply.buttons]
    assert MarkThanksSent(who="Dana Lee", interview_id=interview_id) in commands
    assert MarkThanksSent(who=None, interview_id=interview_id) in commands
    assert Followup(in_days=7, interview_id=interview_id) in commands
    assert all(len(b.command) <= 90 and len(b.label) <= 75 for b in ran.reply.buttons)
    assert "When did they say you would hear back?" in plain(ran.reply)


@pytest.mark.parametrize("who", ["Dana", "dana lee", "Lee", "DANA LEE"])
async def test_mark_one_by_first_full_or_last_name(bot, db, clock, who):
    """Any unambiguous way of naming the person marks exactly that person."""
    await say(bot, JOURNEY)
    clock.set(AFTER)
    reply = await say(bot, f"thanks sent {who}")
    assert not reply.is_error, plain(reply)
    assert await _thanked(db) == {"Dana Lee": True, "Sam Ortiz": False, "Priya Nair": False}
    assert "Still to send" in plain(reply) and "Sam Ortiz, Priya Nair" in plain(reply)


async def test_mark_all_then_again_is_harmless(bot, db, clock):
    """`thanks sent all` marks everyone; repeating it changes nothing and says so."""
    await say(bot, JOURNEY)
    clock.set(AFTER)
    reply = await say(bot, "thanks sent all")
    assert "Every note" in plain(reply) and "hear back" in plain(reply)
    assert all((await _thanked(db)).values())
    again = await say(bot, "thanks sent all")
    assert not again.is_error and "Already marked" in plain(again)


async def test_ambiguous_and_unknown_names_are_refused(bot, db, clock):
    """Two Danas need the full name; a stranger's name lists who is there."""
    await say(bot, "interview 2026-03-12 14:00 Acme with Dana Lee (peer), Dana Wu (peer)")
    clock.set(AFTER)
    before = await row_counts(db)
    ambiguous = await say(bot, "thanks sent Dana")
    assert ambiguous.is_error and "Dana Lee" in plain(ambiguous) and "Dana Wu" in plain(ambiguous)
    unknown = await say(bot, "thanks sent Zed")
    assert unknown.is_error and "Interviewers: Dana Lee, Dana Wu" in plain(unknown)
    assert not any((await _thanked(db)).values())
    assert await row_counts(db) == before
    assert not (await say(bot, "thanks sent Dana Wu")).is_error


async def test_marking_before_the_interview_is_refused(bot, db):
    """A note cannot have been sent for an interview that has not happened."""
    await say(bot, JOURNEY)
    reply = await say(bot, "thanks sent Dana")
    assert reply.is_error and "hasn't happened yet" in plain(reply)
    assert not any((await _thanked(db)).values())


async def test_last_call_names_only_the_unmarked(bot, db, clock):
    """At +20 h only the people not marked sent are listed, with buttons for them."""
    await say(bot, JOURNEY)
    clock.set(AFTER)
    await say(bot, "thanks sent Dana")
    [ran] = await run_due(db, clock, THANK_YOU_LAST_CALL, LAST)
    text = plain(ran.reply)
    assert "Sam Ortiz" in text and "Priya Nair" in text and "Dana" not in text
    commands = [parse(b.command) for b in ran.reply.buttons]
    interview_id = (await _interview(db)).short_id
    assert ShowThanks(interview_id=interview_id) in commands
    assert MarkThanksSent(who="Sam Ortiz", interview_id=interview_id) in commands


async def test_no_last_call_once_everyone_is_marked(bot, db, clock):
    """All marked: the last call is recorded as skipped and nothing is sent."""
    await say(bot, JOURNEY)
    clock.set(AFTER)
    await say(bot, "thanks sent all")
    [ran] = await run_due(db, clock, THANK_YOU_LAST_CALL, LAST)
    assert ran.plan.status == "skipped" and ran.reply is None


async def test_drafts_skipped_when_all_marked_early(bot, db, clock):
    """Marked before the +2 h message: the drafts are not sent at all."""
    await say(bot, JOURNEY)
    clock.set(datetime(2026, 3, 12, 14, 0, tzinfo=UTC))
    await say(bot, "thanks sent all")
    [ran] = await run_due(db, clock, THANK_YOU, AFTER)
    assert ran.plan.status == "skipped"


async def test_thanks_shows_status_and_hides_sent_drafts(bot, db, clock):
    """`thanks` shows who is marked; a marked person's draft is not repeated."""
    await say(bot, JOURNEY)
    clock.set(AFTER)
    await say(bot, "thanks sent Sam")
    text = plain(await say(bot, "thanks"))
    assert "1 of 3 marked sent" in text
    assert "Sam Ortiz (peer)  marked sent" in text
    assert "Hi Sam," not in text and "Hi Dana," in text


async def test_twelve_people_fit_every_platform(bot, db, clock):
    """12 interviewers with 60-character names: rows of <= 5 buttons, short commands."""
    names = [f"{chr(65 + i)}{'x' * 51} Surname" for i in range(12)]
    assert all(len(name) == 60 for name in names)
    people = ", ".join(f"{name} (peer)" for name in names)
    reply = await say(bot, f"interview 2026-03-12 14:00 Acme with {people}")
    assert not reply.is_error, plain(reply)
    [ran] = await run_due(db, clock, THANK_YOU, AFTER)
    rows = [b for b in ran.reply.blocks if hasattr(b, "buttons")]
    assert all(len(row.buttons) <= 5 for row in rows)
    assert len(ran.reply.buttons) <= 25
    assert all(len(b.command) <= 90 and len(b.label) <= 75 for b in ran.reply.buttons)
    assert not any(isinstance(parse(b.command), ParseError) for b in ran.reply.buttons)
    assert sum(isinstance(parse(b.command), MarkThanksSent) for b in ran.reply.buttons) == 13


async def test_without_names_one_draft_to_adapt(bot, db, clock):
    """No interviewers listed: one draft with the name slot, and nothing to mark."""
    await say(bot, "interview 2026-03-12 14:00 Acme")
    [ran] = await run_due(db, clock, THANK_YOU, AFTER)
    text = plain(ran.reply)
    assert "Draft for each person you met" in text and "Hi [first name]," in text
    assert not any(isinstance(parse(b.command), MarkThanksSent) for b in ran.reply.buttons)
    assert "hear back" in text
    reply = await say(bot, "thanks sent all")
    assert reply.is_error and "nothing to mark" in plain(reply)
