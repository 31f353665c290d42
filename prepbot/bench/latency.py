"""`prepbot bench latency`: whether `/prep` stays instant while 100,000 questions go out.

The bot runs as one process (`prepbot.bench.latency_bot`: Slack over HTTP, Discord,
and the clock, as `prepbot run` would), on a scratch database. This process plays the
platforms: it serves the fake Slack and Discord APIs from the checkout's tests, signs
`/prep second-round` slash commands like Slack and hands Discord interactions to the
bot, on a fixed schedule (open loop: a slow answer does not delay the next request,
and latency counts from when a request was due, so stalls are not hidden).

Latency is from the request to the answer reaching the platform: the response_url POST
for Slack (the HTTP ack is reported too), the interaction callback for Discord. Two
phases: idle, then while a fan-out of `--members` daily questions runs in the bot's
process. The bot also reports its event loop's lag (how late a 10 ms timer fired).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from bot.config import Settings
from bot.db.engine import Database
from prepbot.bench._fakes import NoCheckout, load
from prepbot.bench.machine import database_version, machine, percentiles
from prepbot.bench.recorder import tally
from prepbot.bench.scratch import analyze, scratch_database
from prepbot.seed import seed_members

SLACK_USERS = 20
DISCORD_USER = 1_300_000_000_000_000_000
ANSWER_WITHIN = 10.0  # seconds; later counts as unanswered


class Platforms:
    """The fake Slack and Discord APIs, resolving a future when an answer arrives."""

    def __init__(self) -> None:
        self.slack_fakes = load("slack_api")
        self.discord_fakes = load("discord_api")
        self.payloads = load("discord_payloads")
        self.waiting: dict[str, asyncio.Future[float]] = {}
        waiting = self.waiting

        def arrived(key: str) -> None:
            future = waiting.pop(key, None)
            if future is not None and not future.done():
                future.set_result(time.perf_counter())

        class Slack(self.slack_fakes.FakeSlack):  # type: ignore[misc,name-defined]
            async def _hook(self, request: web.Request) -> web.StreamResponse:
                response: web.StreamResponse = await super()._hook(request)
                arrived("slack:" + request.match_info["name"])
                return response

        class Discord(self.discord_fakes.FakeDiscordAPI):  # type: ignore[misc,name-defined]
            async def _route(self, request: web.Request) -> web.StreamResponse:
                response: web.StreamResponse = await super()._route(request)
                parts = request.path.rstrip("/").split("/")
                if parts[-1] == "callback":
                    arrived("discord:" + parts[-2])
                return response

        self.slack = Slack()
        self.discord = Discord()

    async def start(self) -> None:
        """Serve both fakes on free local ports."""
        await self.slack.start()
        await self.discord.start()
        for index in range(SLACK_USERS):
            self.slack.add_user(f"U0LAT{index:04d}")

    async def close(self) -> None:
        """Stop both."""
        await self.slack.close()
        await self.discord.close()

    def expect(self, key: str) -> asyncio.Future[float]:
        """A future resolved with the time the answer `key` arrives."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiting[key] = future
        return future


class Load:
    """Sends `/prep second-round` on both platforms and times the answers."""

    def __init__(self, platforms: Platforms, http: aiohttp.ClientSession, base: str) -> None:
        self.platforms = platforms
        self.http = http
        self.base = base
        self.count = 0

    async def slack(self, due: float) -> tuple[float, float] | None:
        """One signed slash command: (ack seconds, answer seconds), or None."""
        fakes = self.platforms.slack_fakes
        self.count += 1
        name = f"lat{self.count}"
        user = f"U0LAT{self.count % SLACK_USERS:04d}"
        body = fakes.slash_command(
            "second-round", user_id=user, response_url=self.platforms.slack.response_url(name)
        )
        answered = self.platforms.expect(f"slack:{name}")
        headers = fakes.signed_headers(body)
        async with self.http.post(f"{self.base}/slack/events", data=body, headers=headers) as r:
            await r.read()
            acked = time.perf_counter()
            if r.status != 200:
                return None
        with contextlib.suppress(TimeoutError):
            at = await asyncio.wait_for(answered, ANSWER_WITHIN)
            return acked - due, at - due
        return None

    async def discord(self, due: float) -> float | None:
        """One interaction: answer seconds, or None."""
        platforms = self.platforms
        payload = platforms.payloads.command(
            "second-round",
            None,
            application_id=platforms.discord.application_id,
            user_id=DISCORD_USER + self.count % SLACK_USERS,
        )
        answered = platforms.expect(f"discord:{payload['token']}")
        async with self.http.post(f"{self.base}/bench/discord", json=payload) as response:
            await response.read()
        with contextlib.suppress(TimeoutError):
            return await asyncio.wait_for(answered, ANSWER_WITHIN) - due
        return None

    async def phase(self, requests: int, rate: float, done: asyncio.Event) -> dict[str, Any]:
        """`requests` of each kind at `rate` a second (or until `done`); percentiles."""
        acks: list[float] = []
        slack: list[float] = []
        discord: list[float] = []
        missing = [0]

        async def one_slack(due: float) -> None:
            found = await self.slack(due)
            if found is None:
                missing[0] += 1
            else:
                acks.append(found[0])
                slack.append(found[1])

        async def one_discord(due: float) -> None:
            found = await self.discord(due)
            if found is None:
                missing[0] += 1
            else:
                discord.append(found)

        tasks = []
        start = time.perf_counter()
        for index in range(requests):
            for offset, kind in ((0.0, one_slack), (0.5, one_discord)):
                due = start + (index + offset) / rate
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
                if done.is_set():
                    break
                tasks.append(asyncio.create_task(kind(due)))
            if done.is_set():
                break
        await asyncio.gather(*tasks)
        return {
            "seconds": round(time.perf_counter() - start, 3),
            "slack_answer_ms": percentiles(slack),
            "slack_ack_ms": percentiles(acks),
            "discord_answer_ms": percentiles(discord),
            "unanswered": missing[0],
        }


async def _status(http: aiohttp.ClientSession, base: str, what: str) -> dict[str, Any]:
    async with http.get(f"{base}/bench/{what}") as response:
        found: dict[str, Any] = await response.json()
        return found


async def latency(db_url: str, members: int, requests: int, rate: float) -> dict[str, Any]:
    """Start the bot, measure idle, start a fan-out, measure again."""
    platforms = Platforms()
    await platforms.start()
    result: dict[str, Any] = {
        "bench": "latency",
        "machine": {**machine(), "database": await database_version(db_url)},
        "members": members,
        "rate_per_second": rate,
    }
    try:
        with tempfile.TemporaryDirectory(prefix="prepbot-latency-") as tmp:
            record = Path(tmp) / "fanout.tsv"
            async with scratch_database(db_url) as scratch:
                result.update(await _run(platforms, scratch.url, record, members, requests, rate))
                result["fanout"].update(tally([record], result.pop("_users")))
    finally:
        await platforms.close()
    return result


async def _run(
    platforms: Platforms, url: str, record: Path, members: int, requests: int, rate: float
) -> dict[str, Any]:
    slack_fakes, discord_fakes = platforms.slack_fakes, platforms.discord_fakes
    bot = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "prepbot.bench.latency_bot",
        "--db",
        url,
        "--slack-api",
        platforms.slack.api_url,
        "--slack-token",
        slack_fakes.BOT_TOKEN,
        "--signing-secret",
        slack_fakes.SIGNING_SECRET,
        "--discord-api",
        platforms.discord.base_url,
        "--discord-token",
        discord_fakes.TOKEN,
        "--record",
        str(record),
        stdout=asyncio.subprocess.PIPE,
    )
    db = Database(url)
    try:
        assert bot.stdout is not None
        line = await asyncio.wait_for(bot.stdout.readline(), 60)
        if not line:
            raise RuntimeError("the bot process exited before it was ready")
        base = f"http://127.0.0.1:{json.loads(line)['port']}"
        async with aiohttp.ClientSession() as http:
            load_ = Load(platforms, http, base)
            never = asyncio.Event()
            await load_.phase(SLACK_USERS, rate, never)  # warm-up: profiles, members
            await _status(http, base, "lag")
            idle = await load_.phase(requests, rate, never)
            idle["event_loop_lag_ms"] = await _status(http, base, "lag")
            now = datetime.now(UTC)
            users = await seed_members(db, members, now, now, tag="latency")
            await analyze(db)
            # This process plays Slack and Discord and keeps the 100,000 seeded users for
            # the tally: its own full collections then paused it for ~100 ms, sending
            # requests late and answering the bot's POSTs late, which counted against the
            # bot. Frozen, they are out of the collector's sight.
            gc.collect()
            gc.freeze()
            started, done = asyncio.Event(), asyncio.Event()
            fanout: dict[str, Any] = {}
            watcher = asyncio.create_task(_watch(http, base, members, (started, done), fanout))
            await asyncio.wait_for(started.wait(), 120)
            await _status(http, base, "lag")
            busy = await load_.phase(requests, rate, done)
            busy["event_loop_lag_ms"] = await _status(http, base, "lag")
            busy["fanout_running_throughout"] = not done.is_set()
            await asyncio.wait_for(done.wait(), 600)
            await watcher
    finally:
        if bot.returncode is None:
            bot.terminate()
        await bot.wait()
        await db.dispose()
    return {
        "idle": idle,
        "during_fanout": busy,
        "fanout": fanout,
        "_users": set(users),
        "targets": _targets(idle, busy),
    }


async def _watch(
    http: aiohttp.ClientSession,
    base: str,
    members: int,
    events: tuple[asyncio.Event, asyncio.Event],
    out: dict[str, Any],
) -> None:
    """Poll the bot's fan-out progress: set `started`, then `done`, in `events`."""
    started, done = events
    first = None
    while True:
        sent = (await _status(http, base, "status"))["sent"]
        now = time.perf_counter()
        if sent and first is None:
            first = now
            started.set()
        if sent >= members:
            out["seconds"] = round(now - (first or now), 3)
            out["sent"] = sent
            done.set()
            return
        await asyncio.sleep(0.1)


def _targets(idle: dict[str, Any], busy: dict[str, Any]) -> dict[str, bool]:
    found: dict[str, bool] = {}
    for name in ("slack_answer_ms", "discord_answer_ms"):
        quiet, loaded = idle[name].get("p99"), busy[name].get("p99")
        if quiet is None or loaded is None:
            continue
        found[f"{name} p99<250 during fan-out"] = loaded < 250
        found[f"{name} p99 within 2x idle"] = loaded <= 2 * quiet
    return found


def main(args: argparse.Namespace, settings: Settings) -> int:
    """`prepbot bench latency [--members N] [--requests R] [--rate S] [--json]`."""
    try:
        load("slack_api")
    except NoCheckout as error:
        print(f"prepbot bench latency: {error}", file=sys.stderr)
        return 2
    db_url = args.db or settings.database_url
    result = asyncio.run(latency(db_url, args.members, args.requests, args.rate))
    print(json.dumps(result, indent=2 if args.json else None))
    return 0
