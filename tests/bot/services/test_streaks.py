"""Streaks: consecutive local days with an answered daily (or channel) question."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.clock import VirtualClock
from bot.commands.context import Actor
from bot.db.engine import Database
from bot.db.models import AnswerRecord, AskedQuestion, Member
from bot.services.members import get_or_create_member
from bot.services.streaks import streak_for, streak_from, streak_text, streaks_for

D = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("days", "today", "expected"),
    [
        (set(), D, 0),
        ({D}, D, 1),
        ({D - timedelta(days=1)}, D, 1),
        ({D, D - timedelta(days=1), D - timedelta(days=2)}, D, 3),
        ({D - timedelta(days=1), D - timedelta(days=2)}, D, 2),
        ({D - timedelta(days=2)}, D, 0),
        ({D, D - timedelta(days=2), D - timedelta(days=3)}, D, 1),
    ],
)
def test_streak_counts_back_from_today_or_yesterday(days, today, expected) -> None:
    """The run ends today, or yesterday while today is still open; a gap ends it."""
    assert streak_from(days, today) == expected


def test_streak_text_reads_naturally() -> None:
    """0, 1 and many days each get their own sentence."""
    assert "start one" in streak_text(0)
    assert streak_text(1).startswith("Streak: 1 day.")
    assert streak_text(4) == "Streak: 4 days in a row."


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


async def _member(db: Database, tz: str) -> Member:
    async with db.session() as session:
        member = await get_or_create_member(session, Actor("console", "sam", tz_hint=tz), utc(1, 0))
        await session.flush()
        return member


async def _asked_and_answered(
    db: Database, member: Member, question: str, asked: datetime, answered: datetime, via: str
) -> None:
    async with db.session() as session:
        session.add(
            AskedQuestion(member_id=member.id, question_id=question, asked_at=asked, via=via)
        )
        session.add(
            AnswerRecord(member_id=member.id, question_id=question, text="x", created_at=answered)
        )


async def test_daily_answers_on_consecutive_local_days_make_a_streak(db: Database) -> None:
    """Three local days in a row in the member's zone count three, across midnight UTC."""
    member = await _member(db, "Asia/Tokyo")  # UTC+9: 20:00 UTC is the next local day
    await _asked_and_answered(db, member, "q1", utc(5, 0), utc(5, 20), "daily")  # 6 Mar local
    await _asked_and_answered(db, member, "q2", utc(6, 0), utc(6, 21), "daily")  # 7 Mar local
    await _asked_and_answered(db, member, "q3", utc(7, 23), utc(8, 1), "daily")  # 8 Mar local
    async with db.session() as session:
        assert await streak_for(session, member, utc(8, 5)) == 3
        assert await streak_for(session, member, utc(9, 5)) == 3  # 9 Mar local still open
        assert await streak_for(session, member, utc(10, 5)) == 0  # 9 Mar missed


async def test_only_daily_and_channel_questions_count(db: Database) -> None:
    """An answer to an on-demand question keeps no streak; a channel thread answer does."""
    member = await _member(db, "UTC")
    await _asked_and_answered(db, member, "q1", utc(5, 8), utc(5, 9), "now")
    async with db.session() as session:
        assert await streak_for(session, member, utc(5, 12)) == 0
    await _asked_and_answered(db, member, "q2", utc(6, 8), utc(6, 9), "channel")
    await _asked_and_answered(db, member, "q3", utc(7, 8), utc(7, 9), "daily")
    async with db.session() as session:
        assert await streak_for(session, member, utc(7, 12)) == 2
        assert await streaks_for(session, {member.id: "UTC"}, utc(7, 12)) == {member.id: 2}


async def test_a_thread_answer_keeps_the_streak_through_the_bot(db: Database) -> None:
    """A reply in a channel question's thread is recorded and counts for the day."""
    from adapters.console.community_transport import ConsoleThreads, reply_in_thread
    from bot.app import PrepBot
    from tests.bot.services.community_support import post_channel_question

    clock = VirtualClock(utc(2, 9))
    bot = PrepBot(db, clock=clock)
    admin = Actor("console", "ann", channel_id="general", is_admin=True, tz_hint="UTC")
    reply = await bot.handle_text(admin, "channel daily 10:00 UTC")
    assert not reply.is_error, reply
    threads = ConsoleThreads()
    await post_channel_question(db, threads, utc(2, 10))
    sam = Actor("console", "sam", channel_id="general", tz_hint="UTC")
    assert await reply_in_thread(db, threads, sam, "I would ask for context first.", utc(2, 11))
    async with db.session() as session:
        member = await get_or_create_member(session, sam, utc(2, 11))
        assert await streak_for(session, member, utc(2, 12)) == 1
