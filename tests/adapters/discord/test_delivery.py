"""Scheduled deliveries end to end: worker -> Discord transport -> fake Discord API."""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import select

from adapters.discord.client import build_transport
from adapters.discord.interactions import PLATFORM
from bot.commands.context import Actor
from bot.db.models import Member
from bot.kinds import KINDS
from bot.schedule.worker import Worker
from bot.services.daily_subscription import turn_on
from bot.services.members import get_or_create_member
from tests.adapters.discord.helpers import USER_ID
from tests.adapters.discord.payloads import GUILD_ID, option

MESSAGES = r"/channels/\d+/messages"
CLOSED_USER = USER_ID + 7


async def _subscribe(prep, clock, user_id: int, at: time) -> int:
    """A Discord member with daily questions on at `at` UTC; returns the member id."""
    actor = Actor(PLATFORM, str(user_id), team_id=str(GUILD_ID), display_name="Ana")
    async with prep.db.session() as session:
        member = await get_or_create_member(session, actor, clock.now())
        await turn_on(session, member, at, None, clock.now())
        return member.id


async def _tick(prep, clock, client) -> None:
    worker = Worker(KINDS, prep.db, prep.content, clock, {PLATFORM: build_transport(client)})
    await worker.start()
    try:
        await worker.run_once()
    finally:
        await worker.stop()


async def test_due_daily_question_is_one_dm(prep, clock, client, fake_api):
    """A due daily question becomes one DM message, with a nonce Discord dedupes on."""
    await _subscribe(prep, clock, USER_ID, time(12, 30))
    clock.set(clock.now() + timedelta(minutes=31))
    await _tick(prep, clock, client)
    (post,) = fake_api.sent("POST", MESSAGES)
    assert post.path == f"/channels/{fake_api.dm_channel_of(USER_ID)}/messages"
    assert post.body["enforce_nonce"] is True and len(post.body["nonce"]) <= 25
    assert post.body["allowed_mentions"] == {"parse": []}
    assert post.body["embeds"] and post.status == 200
    custom_ids = [
        b["custom_id"] for row in post.body.get("components", []) for b in row["components"]
    ]
    assert all(c.startswith(f"prep@{GUILD_ID}:") for c in custom_ids)  # DM buttons name the server


async def test_closed_dms_pause_the_member_and_the_next_prep_explains(
    prep, clock, client, fake_api, harness
):
    """A 50007 pauses that member (no retry loop); their next /prep says how to open DMs."""
    member_id = await _subscribe(prep, clock, CLOSED_USER, time(12, 30))
    fake_api.closed_dms.add(CLOSED_USER)
    clock.set(clock.now() + timedelta(minutes=31))
    await _tick(prep, clock, client)
    async with prep.db.session() as session:
        member = (await session.execute(select(Member).where(Member.id == member_id))).scalar_one()
        assert member.paused_at is not None
        assert "Privacy Settings" in (member.paused_reason or "")
    attempts = len(fake_api.sent("POST", MESSAGES))
    assert attempts == 1

    clock.set(clock.now() + timedelta(days=1))  # the next day's question is not tried
    await _tick(prep, clock, client)
    assert len(fake_api.sent("POST", MESSAGES)) == attempts

    answer = await harness.command("help", user_id=CLOSED_USER)
    assert "Privacy Settings" in answer.text and "paused" in answer.text


async def test_daily_on_with_closed_dms_says_so_at_once(harness, fake_api):
    """Turning daily questions on sends a confirmation DM; if DMs are closed, the reply says
    how to open them right away instead of failing silently tomorrow."""
    fake_api.closed_dms.add(USER_ID)
    answer = await harness.command("daily", [option("action", "on"), option("time", "07:45")])
    assert "Privacy Settings" in answer.text
    assert answer.ephemeral
