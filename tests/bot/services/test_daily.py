"""The daily practice question: choice of question, skip, and the daily commands."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

from sqlalchemy import select

from bot.app import PrepBot
from bot.clock import VirtualClock
from bot.commands.context import Actor
from bot.content import default_library
from bot.db.engine import Database
from bot.db.models import AskedQuestion, ScheduledItem
from bot.plaintext import render_plain
from bot.replies import Reply
from bot.schedule.transport import PermanentSendError, Recipient
from bot.services.practice import practice_pool
from tests.bot.schedule.support import deliveries, member, of_kind, play


async def asked(db: Database) -> list[str]:
    async with db.session() as session:
        result = await session.execute(
            select(AskedQuestion.question_id).order_by(AskedQuestion.asked_at)
        )
        return list(result.scalars())


def month(*events: dict[str, str], days: int = 30) -> dict[str, object]:
    end = date(2026, 6, 1) + timedelta(days=days)
    return {
        "start": "2026-06-01T00:00:00Z",
        "end": f"{end.isoformat()}T00:00:00Z",
        "users": [{"id": "ana", "tz": "Europe/Berlin"}],
        "events": list(events),
    }


async def test_no_repeated_question_across_30_days(db: Database) -> None:
    """Thirty days, thirty different questions, and the category changes every day."""
    lines = await play(
        db, month({"at": "2026-06-01T00:00:00Z", "user": "ana", "say": "daily on 07:45"})
    )
    assert len(of_kind(lines, "daily_question")) == 30
    ids = await asked(db)
    assert len(ids) == 30 and len(set(ids)) == 30
    content = default_library()
    categories = [content.question(qid).category for qid in ids]
    assert all(a != b for a, b in pairwise(categories))
    assert not any(content.categories[c].is_ask for c in categories)


async def test_one_category_is_kept_and_repeats_only_after_the_pool(db: Database) -> None:
    """`daily on 07:45 culture`: only culture-fit questions, all of them before a repeat."""
    content = default_library()
    pool = {q.id for q in practice_pool(content, "culture-fit")}
    await play(
        db,
        month(
            {"at": "2026-06-01T00:00:00Z", "user": "ana", "say": "daily on 07:45 culture"},
            days=len(pool) + 2,
        ),
    )
    ids = await asked(db)
    assert len(ids) == len(pool) + 2
    assert set(ids) <= pool
    assert set(ids[: len(pool)]) == pool


async def test_daily_skip_skips_the_next_question(db: Database) -> None:
    """`daily skip` moves the next question to the day after."""
    lines = await play(
        db,
        {
            "start": "2026-06-01T00:00:00Z",
            "end": "2026-06-04T00:00:00Z",
            "users": [{"id": "ana", "tz": "Europe/Berlin"}],
            "events": [
                {"at": "2026-06-01T00:00:00Z", "user": "ana", "say": "daily on 07:45"},
                {"at": "2026-06-01T12:00:00Z", "user": "ana", "say": "daily skip"},
            ],
        },
    )
    assert [line["at_local"][:10] for line in of_kind(lines, "daily_question")] == [
        "2026-06-01",
        "2026-06-03",
    ]
    assert "Tue 2 Jun" in of_kind(lines, "reply")[1]["text"]
    rows = {str(row.local_date): row.status for row in await deliveries(db, "daily_question")}
    assert rows == {"2026-06-01": "sent", "2026-06-03": "sent"}


async def test_daily_commands_reply_in_the_members_zone(db: Database) -> None:
    """on/status/off answer with times in the member's zone and keep the schedule right."""
    lines = await play(
        db,
        {
            "start": "2026-06-01T00:00:00Z",
            "end": "2026-06-01T12:00:00Z",
            "users": [{"id": "ana", "tz": "Asia/Kathmandu"}],
            "events": [
                {"at": "2026-06-01T03:00:00Z", "user": "ana", "say": "daily on 07:45 conflict"},
                {"at": "2026-06-01T03:01:00Z", "user": "ana", "say": "daily status"},
                {"at": "2026-06-01T03:02:00Z", "user": "ana", "say": "daily off"},
                {"at": "2026-06-01T03:03:00Z", "user": "ana", "say": "daily status"},
                {"at": "2026-06-01T03:04:00Z", "user": "ana", "say": "daily on 07:45 astrology"},
            ],
        },
    )
    on, status, off, off_status, bad = (line["text"] for line in of_kind(lines, "reply"))
    assert "07:45" in on and "Asia/Kathmandu" in on and "Conflict" in on
    assert "Tue 2 Jun, 07:45" in on  # 03:00Z is 08:45 there: today's time has passed
    assert "Next question: Tue 2 Jun, 07:45" in status
    assert "off" in off and "/prep daily on 07:45" in off
    assert "off" in off_status.lower()
    assert "astrology" not in bad and "conflict" in bad and "/prep daily on" in bad
    async with db.session() as session:
        daily_rows = select(ScheduledItem).where(ScheduledItem.kind == "daily_question")
        assert (await session.execute(daily_rows)).first() is None


async def test_daily_on_with_the_default_zone_says_how_to_set_it(db: Database) -> None:
    """A member still on the default UTC is told how to set their zone."""
    bot = PrepBot(db, clock=VirtualClock(datetime(2026, 6, 1, tzinfo=UTC)))
    reply = await bot.handle_text(Actor("console", "zed"), "daily on 07:45")
    assert "/prep tz" in render_plain(reply)


class ClosedDMs:
    """A transport whose member has DMs closed."""

    platform = "console"

    async def send(self, recipient: Recipient, reply: Reply, *, idempotency_key: str) -> None:
        raise PermanentSendError("dms_closed")


async def test_daily_on_warns_at_once_when_dms_are_closed(
    db: Database, clock: VirtualClock
) -> None:
    """The confirmation DM fails: the reply says so and how to fix it."""
    bot = PrepBot(db, clock=clock, transports={"console": ClosedDMs()})
    reply = render_plain(await bot.handle_text(Actor("console", "ana"), "daily on 07:45"))
    assert "could not send you a direct message" in reply
    assert "privacy settings" in reply
    assert (await member(db, "ana")).id
