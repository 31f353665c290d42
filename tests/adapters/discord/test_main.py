"""`prepbot discord --with-clock`: the bot and the scheduler in one process, stopping cleanly."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta

from adapters.discord.client import PrepClient, rest_transport
from adapters.discord.main import run
from bot.commands.context import Actor
from bot.config import Settings
from bot.db.engine import Database
from bot.replies import Paragraph, Reply
from bot.schedule.kind_names import DAILY_QUESTION
from bot.schedule.planner import upsert_item
from bot.schedule.transport import Recipient
from bot.services.daily_subscription import turn_on
from bot.services.members import get_or_create_member
from tests.adapters.discord.helpers import USER_ID
from tests.adapters.discord.payloads import GUILD_ID
from tests.fakes.discord_api import TOKEN

MESSAGES = r"/channels/\d+/messages"


def _midday_zone(now: datetime) -> str:
    """A fixed-offset zone where it is about noon now (a daily question is never late)."""
    offset = 12 - now.hour
    return "Etc/GMT" if offset == 0 else f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"


async def _due_daily_question(database_url: str) -> None:
    now = datetime.now(UTC)
    db = Database(database_url)
    try:
        async with db.session() as session:
            actor = Actor("discord", str(USER_ID), team_id=str(GUILD_ID), display_name="Ana")
            member = await get_or_create_member(session, actor, now)
            member.tz = _midday_zone(now)
            await turn_on(session, member, time(12, 0), None, now)
            await upsert_item(
                session,
                kind=DAILY_QUESTION,
                member_id=member.id,
                source_id="",
                run_at=now - timedelta(minutes=1),
                now=now,
            )
    finally:
        await db.dispose()


async def test_bot_with_clock_sends_due_dms_and_stops(database_url, fake_api, monkeypatch):
    """With --with-clock the process delivers a due daily question, then stops on request."""
    connected = asyncio.Event()

    async def no_gateway(self, *, reconnect: bool = True) -> None:  # the fake has no gateway
        connected.set()
        await asyncio.Event().wait()

    monkeypatch.setattr(PrepClient, "connect", no_gateway)
    await _due_daily_question(database_url)
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        discord_token=TOKEN,
        discord_api_url=fake_api.base_url,
        tick_seconds=0.2,
    )
    stop = asyncio.Event()
    process = asyncio.create_task(run(settings, with_clock=True, stop=stop))
    sent = await fake_api.wait_for(lambda r: r.method == "POST" and r.path.endswith("/messages"))
    assert connected.is_set() and sent.status == 200
    stop.set()
    await asyncio.wait_for(process, 10)
    assert [r.path for r in fake_api.requests if "/commands" in r.path] == []  # never syncs


async def test_rest_transport_sends_without_a_gateway(fake_api):
    """A clock process can DM through a REST-only client (login, no gateway)."""
    settings = Settings(_env_file=None, discord_token=TOKEN, discord_api_url=fake_api.base_url)
    async with rest_transport(settings) as transport:
        to = Recipient(1, "discord", str(GUILD_ID), str(USER_ID))
        await transport.send(to, Reply((Paragraph("Hello"),)), idempotency_key="k")
    assert len(fake_api.sent("POST", MESSAGES)) == 1
