"""Follow-ups: picking a timeline, the 09:00 local nudge with a draft, and bad dates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.app import PrepBot
from bot.db.models import Interview, Member, Reminder
from bot.schedule.kind_names import FOLLOWUP
from bot.services.timezones import replan_after_tz_change
from tests.bot.services.test_interviews_support import (
    JOURNEY,
    items,
    plain,
    row_counts,
    run_due,
    say,
)

AFTER = datetime(2026, 3, 12, 15, 0, tzinfo=UTC)  # Thu 12 Mar, 16:00 in Berlin


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
async def bot(db, clock):
    bot = PrepBot(db, clock=clock)
    await say(bot, JOURNEY)
    clock.set(AFTER)
    return bot


async def _ids(db) -> tuple[str, list[Reminder]]:
    async with db.session() as session:
        interview = await session.scalar(select(Interview))
        reminders = list(await session.scalars(select(Reminder).order_by(Reminder.id)))
    return interview.short_id, reminders


async def test_timeline_button_plans_nine_am_local(bot, db):
    """`followup in 7 days #id` (the "In 1 week" button) is 09:00 Berlin a week later."""
    interview_id, _ = await _ids(db)
    reply = await say(bot, f"followup in 7 days #{interview_id}")
    assert not reply.is_error, plain(reply)
    assert "Thu 19 Mar, 09:00" in plain(reply) and "Dana Lee" in plain(reply)
    [item] = await items(db, FOLLOWUP)
    _, [reminder] = await _ids(db)
    assert item.next_run_at == utc(2026, 3, 19, 8, 0) == reminder.due_at
    assert item.source_id == f"{reminder.short_id}@2026-03-19"
    assert reminder.kind == FOLLOWUP and reminder.status == "scheduled"


async def test_date_with_note_defaults_to_latest_interview_across_dst(bot, db):
    """A date after Berlin's spring-forward is 09:00 CEST (07:00Z); the note is kept."""
    reply = await say(bot, "followup 2026-03-30 polite nudge")
    assert not reply.is_error, plain(reply)
    assert "polite nudge" in plain(reply)
    [item] = await items(db, FOLLOWUP)
    assert item.next_run_at == utc(2026, 3, 30, 7, 0)


async def test_the_nudge_carries_a_draft_to_the_hiring_manager(bot, db, clock):
    """At 09:00 the member gets a draft addressed to the hiring manager, naming the date."""
    await say(bot, "followup in 7 days ask about the timeline")
    [ran] = await run_due(db, clock, FOLLOWUP, utc(2026, 3, 19, 8, 0))
    text = plain(ran.reply)
    assert "Hi Dana," in text and "Acme" in text and "Thursday 12 March" in text
    assert "[job title]" in text  # no title given: the slot says what to fill in
    assert "ask about the timeline" in text
    _, [reminder] = await _ids(db)
    assert reminder.status == "sent"


async def test_a_new_timeline_replaces_the_pending_one(bot, db, clock):
    """Picking "In 2 weeks" after "In 1 week" moves the one follow-up; nothing doubles."""
    interview_id, _ = await _ids(db)
    await say(bot, f"followup in 7 days #{interview_id}")
    reply = await say(bot, f"followup in 14 days #{interview_id}")
    assert "Moved" in plain(reply)
    [item] = await items(db, FOLLOWUP)
    _, [reminder] = await _ids(db)
    assert item.next_run_at == utc(2026, 3, 26, 8, 0) and reminder.revision == 1
    assert await run_due(db, clock, FOLLOWUP, utc(2026, 3, 19, 8, 0)) == []


async def test_after_it_is_sent_a_new_one_can_be_planned(bot, db, clock):
    """The "nudge me again" button after a sent follow-up plans a fresh one."""
    await say(bot, "followup in 7 days")
    [ran] = await run_due(db, clock, FOLLOWUP, utc(2026, 3, 19, 8, 0))
    again = next(b.command for b in ran.reply.buttons if b.command.startswith("followup"))
    assert not (await say(bot, again)).is_error
    _, reminders = await _ids(db)
    assert [r.status for r in reminders] == ["sent", "scheduled"]


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("followup 2026-03-01", "already past"),
        ("followup 2026-03-12", "already past"),  # the interview day, 09:00 gone
        ("followup 2027-06-01", "more than a year"),
        ("followup in 5 days #zz9zz", "no interview with id"),
        ("followup 2026-02-31", "no date"),
    ],
)
async def test_bad_dates_and_ids_change_nothing(bot, db, line, fragment):
    """Past, interview-day, far, impossible dates and unknown ids are refused cleanly."""
    before = await row_counts(db)
    reply = await say(bot, line)
    assert reply.is_error and fragment in plain(reply)
    assert await row_counts(db) == before


async def test_not_before_the_interview(db, clock):
    """Planned ahead of the interview, the follow-up must come after the interview day."""
    bot = PrepBot(db, clock=clock)
    await say(bot, JOURNEY)
    reply = await say(bot, "followup 2026-03-12")
    assert reply.is_error and "pick a follow-up date after it" in plain(reply)
    assert not (await say(bot, "followup 2026-03-13")).is_error


async def test_no_interview_yet(db, clock):
    """Without any interview there is nothing to follow up, and the reply shows how to add one."""
    reply = await say(PrepBot(db, clock=clock), "followup in 5 days")
    assert reply.is_error and "/prep interview" in plain(reply)


async def test_zone_change_keeps_nine_am_on_the_same_date(bot, db, clock):
    """Moving to Tokyo puts the follow-up at 09:00 JST on the date the member chose."""
    await say(bot, "followup 2026-03-19")
    async with db.session() as session:
        member = await session.scalar(select(Member))
        member.tz = "Asia/Tokyo"
        await replan_after_tz_change(session, member, clock.now())
    [item] = await items(db, FOLLOWUP)
    _, [reminder] = await _ids(db)
    assert item.next_run_at == utc(2026, 3, 19, 0, 0) == reminder.due_at


async def test_deleted_source_plans_nothing(bot, db, clock):
    """A follow-up whose reminder row is gone is dropped, not sent."""
    await say(bot, "followup in 7 days")
    async with db.session() as session:
        for reminder in await session.scalars(select(Reminder)):
            await session.delete(reminder)
    [ran] = await run_due(db, clock, FOLLOWUP, utc(2026, 3, 19, 8, 0))
    assert ran.plan.status == "drop" and ran.reply is None
