"""`prepbot bench pacing`: do our transports use the allowed rate, and no more than that.

Each platform's real transport, as production builds it, sends a daily question to
every seeded member through the real dispatcher and rate limiter, against the checkout's
fake API enforcing the platform's limits:

- Slack: chat.postMessage at most 1/s per channel (burst 3) and 300/min per workspace
  (burst 30), both answered with 429 + Retry-After past the limit. Time is compressed
  by `--scale`: the fake's limits and our pacing are multiplied by the same factor.
- Discord: Discord's global limit, 50 requests/s per bot, as its fake enforces it (no
  compression: it is fast already). A DM to a member the process has not messaged yet
  costs two requests (open the DM channel, then post).

Reported per platform: the share of what the limits allowed during the run that we
used (requests the platform accepted, against rate x time plus the burst), the share
of requests answered 429, and deliveries lost (not sent by the end, or never received).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from bot.config import Settings
from bot.db.engine import Database
from bot.schedule.ratelimit import RateLimiter
from prepbot.bench._drain import drain, scaled_limits
from prepbot.bench._fakes import NoCheckout, load
from prepbot.bench.machine import database_version, machine
from prepbot.bench.scratch import scratch_database
from prepbot.seed import seed_members

SLACK_PER_CHANNEL = 1.0  # chat.postMessage per second per channel
SLACK_CHANNEL_BURST = 3.0
SLACK_PER_TEAM = 300 / 60  # per second per workspace ("a few hundred a minute")
SLACK_TEAM_BURST = 30.0
DISCORD_GLOBAL = 50  # requests per second per bot


class _ChannelAndTeam:
    """Slack's two limits on one method, in the shape the fake's `_Limit` has.

    The fake keys a per-channel limit as `team/channel`; the team is read off that key.
    """

    key = "channel"

    def __init__(self, fake_module: Any, scale: float) -> None:
        limit = fake_module._Limit
        self.channel = limit(SLACK_PER_CHANNEL * scale, SLACK_CHANNEL_BURST, "channel")
        self.team = limit(SLACK_PER_TEAM * scale, SLACK_TEAM_BURST, "team")

    def take(self, key: str) -> float:
        """0 and a token from both buckets, or how long to wait (nothing taken)."""
        team = key.split("/", 1)[0]
        waits: list[float] = [self.channel.take(key), self.team.take(team)]
        if max(waits) > 0:
            # Give back what was taken from a bucket that had one: a refused call
            # costs nothing, as on Slack.
            for wait, bucket, name in zip(
                waits, (self.channel, self.team), (key, team), strict=True
            ):
                if wait == 0:
                    tokens, stamp = bucket.buckets[name]
                    bucket.buckets[name] = (tokens + 1, stamp)
        return max(waits)


def _share(accepted: int, seconds: float, rate: float, burst: float) -> float | None:
    allowed = burst + rate * seconds
    return round(accepted / allowed, 3) if allowed > 0 else None


async def slack(db_url: str, seconds: float, scale: float) -> dict[str, Any]:
    """The Slack transport against the fake's per-channel and per-workspace limits."""
    from adapters.slack.app import build_transport
    from adapters.slack.pacing import Pacer

    fakes = load("slack_api")
    answered: list[tuple[float, int]] = []

    class CountingSlack(fakes.FakeSlack):  # type: ignore[misc,name-defined]
        async def _api(self, request: web.Request) -> web.StreamResponse:
            response: web.StreamResponse = await super()._api(request)
            if request.match_info["method"] == "chat.postMessage":
                answered.append((time.monotonic(), response.status))
            return response

    members = max(10, int(SLACK_PER_TEAM * scale * seconds))
    users = [f"U{index:08d}" for index in range(members)]
    fake = await CountingSlack().start()
    fake._limits["chat.postMessage"] = _ChannelAndTeam(fakes, scale)
    for user in users:
        fake.add_user(user)
    try:
        async with scratch_database(db_url) as scratch:
            db = Database(scratch.url)
            now = datetime.now(UTC)
            await seed_members(
                db, members, now, now, platform="slack", team=fakes.TEAM_ID, names=users
            )
            settings = Settings(
                _env_file=None,  # type: ignore[call-arg]
                database_url=scratch.url,
                slack_bot_token=fakes.BOT_TOKEN,
                slack_api_url=fake.api_url,
            )
            pacer = Pacer(
                per_channel_rate=SLACK_PER_CHANNEL * scale, per_channel_burst=SLACK_CHANNEL_BURST
            )
            transport = build_transport(settings, db=db, pacer=pacer)
            limiter = RateLimiter(scaled_limits(scale))
            try:
                run = await drain(db, {"slack": transport}, limiter, members, deadline=seconds * 6)
            finally:
                await transport.close()
                await db.dispose()
    finally:
        await fake.close()
    ok = [at for at, status in answered if status == 200]
    received = {call.params.get("channel") for call in fake.calls_to("chat.postMessage")}
    span = (max(ok) - min(answered)[0]) if ok else 0.0
    refused = sum(1 for _, status in answered if status == 429)
    return {
        "members": members,
        "allowed": {
            "per_channel_per_second": SLACK_PER_CHANNEL * scale,
            "per_workspace_per_second": SLACK_PER_TEAM * scale,
            "bursts": {"channel": SLACK_CHANNEL_BURST, "workspace": SLACK_TEAM_BURST},
        },
        "seconds": round(span, 3),
        "sent": len(ok),
        "achieved_per_second": round(len(ok) / span, 2) if span else None,
        "share_of_allowed": _share(len(ok), span, SLACK_PER_TEAM * scale, SLACK_TEAM_BURST),
        "requests": len(answered),
        "answered_429": refused,
        "share_429": round(refused / len(answered), 4) if answered else None,
        "lost": run["unfinished"]
        + run["statuses"].get("failed", 0)
        + max(0, members - len(received & set(users))),
        "statuses": run["statuses"],
        "extra_tries": run["extra_tries"],
        "unfinished_because": run["unfinished_because"],
    }


async def discord(db_url: str, seconds: float, *, warm: bool) -> dict[str, Any]:
    """The Discord transport (REST client) against the fake's global limit.

    `warm`: the process already has every member's DM channel (a bot that has been
    running: the daily fan-out of day two onwards), so a send is one request. Cold, each
    first DM also opens the channel, paced much slower on purpose (Discord answers 40003
    to a bot that opens DMs too fast, and that pauses the member).
    """
    from adapters.discord.client import rest_transport, set_api_base

    fakes = load("discord_api")
    answered: list[float] = []

    class TimedDiscord(fakes.FakeDiscordAPI):  # type: ignore[misc,name-defined]
        async def _route(self, request: web.Request) -> web.StreamResponse:
            response: web.StreamResponse = await super()._route(request)
            answered.append(time.monotonic())
            return response

    api = TimedDiscord(global_limit=DISCORD_GLOBAL)
    await api.start()
    previous = set_api_base(api.base_url)
    per_send = 1 if warm else 2
    members = max(10, int(DISCORD_GLOBAL * seconds / (per_send * (1 if warm else 2.5))))
    users = [str(1_200_000_000_000_000_000 + index) for index in range(members)]
    try:
        async with scratch_database(db_url) as scratch:
            db = Database(scratch.url)
            now = datetime.now(UTC)
            await seed_members(db, members, now, now, platform="discord", team="G1", names=users)
            settings = Settings(
                _env_file=None,  # type: ignore[call-arg]
                database_url=scratch.url,
                discord_token=fakes.TOKEN,
                discord_api_url=api.base_url,
            )
            limiter = RateLimiter(scaled_limits(1.0))
            async with rest_transport(settings) as transport:
                if warm:
                    for user in users:
                        _, channel = api._open_dm(int(user))
                        transport._dms.remember_channel(int(user), int(channel["id"]))
                started = len(api.requests)
                run = await drain(
                    db, {"discord": transport}, limiter, members, deadline=seconds * 6
                )
            await db.dispose()
    finally:
        set_api_base(previous)
        await api.close()
    requests = api.requests[started:]
    times = answered[started:]
    posts = [r for r in requests if r.method == "POST" and r.path.startswith("/channels/")]
    accepted = [r for r in requests if r.status < 400]
    refused = sum(1 for r in requests if r.status == 429)
    delivered = {r.path for r in posts if r.status == 200}
    span = (times[-1] - times[0]) if len(times) > 1 else 0.0
    return {
        "members": members,
        "dm_channels": "cached" if warm else "opened on first send",
        "allowed": {"global_requests_per_second": DISCORD_GLOBAL},
        "seconds": round(span, 3),
        "sent": sum(1 for r in posts if r.status == 200),
        "requests": len(requests),
        "accepted_requests_per_second": round(len(accepted) / span, 2) if span else None,
        "share_of_allowed": _share(len(accepted), span, DISCORD_GLOBAL, 0.0),
        "answered_429": refused,
        "share_429": round(refused / len(requests), 4) if requests else None,
        "lost": run["unfinished"]
        + run["statuses"].get("failed", 0)
        + max(0, members - len(delivered)),
        "statuses": run["statuses"],
        "extra_tries": run["extra_tries"],
        "unfinished_because": run["unfinished_because"],
    }


async def pacing(db_url: str, seconds: float, scale: float) -> dict[str, Any]:
    """Both platforms, one after the other (they would compete for the CPU otherwise)."""
    return {
        "bench": "pacing",
        "machine": {**machine(), "database": await database_version(db_url)},
        "scale": scale,
        "slack": await slack(db_url, seconds, scale),
        "discord_warm": await discord(db_url, seconds, warm=True),
        "discord_cold": await discord(db_url, seconds, warm=False),
    }


def main(args: argparse.Namespace, settings: Settings) -> int:
    """`prepbot bench pacing [--seconds S] [--scale F] [--json]`."""
    try:
        load("slack_api")
    except NoCheckout as error:
        print(f"prepbot bench pacing: {error}")
        return 2
    result = asyncio.run(pacing(args.db or settings.database_url, args.seconds, args.scale))
    print(json.dumps(result, indent=2 if args.json else None))
    return 0
