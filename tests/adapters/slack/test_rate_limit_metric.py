"""`prepbot_rate_limited_total{platform="slack"}` counts the 429s the fake Slack answers."""

from __future__ import annotations

from datetime import UTC, datetime

from prometheus_client import REGISTRY

from adapters.slack._tokens import StaticTokens
from adapters.slack.pacing import Pacer
from adapters.slack.transport import SlackTransport
from bot.clock import SystemClock
from bot.content import default_library
from bot.kinds import KINDS
from bot.schedule.ratelimit import RateLimiter
from bot.schedule.worker import Worker
from prepbot.seed import _seed_chunk
from tests.fakes.slack_api import BOT_TOKEN, TEAM_ID

MEMBERS = ["U0RATE001", "U0RATE002", "U0RATE003"]


def _rate_limited() -> float:
    value = REGISTRY.get_sample_value("prepbot_rate_limited_total", {"platform": "slack"})
    return value or 0.0


async def test_429s_from_slack_move_the_rate_limited_counter(fake, db):
    """Three DMs due at once, Slack allowing one per team: the others come back 429."""
    for user in MEMBERS:
        fake.add_user(user)
    fake.rate_limit("chat.postMessage", per_second=0.01, burst=1, key="team")
    now = datetime.now(UTC)
    async with db.session() as session:
        await _seed_chunk(session, MEMBERS, now, now, platform="slack", team=TEAM_ID)
    transport = SlackTransport(
        StaticTokens(BOT_TOKEN),
        base_url=fake.api_url,
        pacer=Pacer(per_channel_rate=100, per_channel_burst=100),
    )
    worker = Worker(
        KINDS, db, default_library(), SystemClock(), {"slack": transport}, limiter=RateLimiter({})
    )
    before = _rate_limited()
    await worker.start()
    try:
        report = await worker.run_once()
    finally:
        await worker.stop()
        await transport.close()
    assert report.sent == 1
    assert _rate_limited() - before == len(MEMBERS) - 1
