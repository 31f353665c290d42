"""The measured process of `bench latency`: prepbot as `prepbot run` runs it, one process.

`python -m prepbot.bench.latency_bot --db URL --slack-api URL --discord-api URL
--record FILE` serves the Slack app over HTTP (bolt, signature checks and all), runs
the Discord client (REST, logged in to the fake) and the clock (APScheduler waking the
engine and dispatcher) on one event loop. Daily questions for console members go to a
recording transport, so a fan-out costs what the scheduler costs and nothing else.

A few routes beside Slack's stand in for what cannot come over HTTP here:
`POST /bench/discord` hands an INTERACTION_CREATE payload to discord.py exactly as its
gateway reader would, `GET /bench/status` says how far the fan-out got, and
`GET /bench/lag` reports how late a 10 ms timer fired (the event loop's responsiveness)
since the last call. It prints one JSON line with its port when ready.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aiohttp import web

from adapters.discord.client import build_transport as discord_transport
from adapters.discord.client import create_client
from adapters.slack.app import build_transport as slack_transport
from adapters.slack.app import create_app
from adapters.slack.main import web_app
from bot.app import PrepBot
from bot.config import Settings
from bot.db.engine import Database
from bot.runtime import start_clock_in_loop
from prepbot.bench.machine import percentiles
from prepbot.bench.recorder import RecordingTransport

LAG_INTERVAL = 0.01


class LagMonitor:
    """Measures how late a periodic timer fires: the event loop's blocking, as felt."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start sampling."""
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(LAG_INTERVAL)
            self.samples.append(max(0.0, time.perf_counter() - before - LAG_INTERVAL))

    def take(self) -> dict[str, Any]:
        """Lag percentiles since the last call (ms), then start afresh."""
        samples, self.samples = self.samples, []
        return percentiles(samples, (50, 99, 100))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m prepbot.bench.latency_bot")
    parser.add_argument("--db", required=True)
    parser.add_argument("--slack-api", required=True, help="the fake Slack Web API base URL")
    parser.add_argument("--slack-token", required=True)
    parser.add_argument("--signing-secret", required=True)
    parser.add_argument("--discord-api", required=True, help="the fake Discord API base URL")
    parser.add_argument("--discord-token", required=True)
    parser.add_argument("--record", type=Path, required=True)
    parser.add_argument("--tick", type=float, default=1.0, help="clock tick, seconds")
    return parser


async def serve(args: argparse.Namespace) -> None:
    """Run until SIGTERM or SIGINT."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=args.db,
        slack_bot_token=args.slack_token,
        slack_signing_secret=args.signing_secret,
        slack_api_url=args.slack_api,
        discord_token=args.discord_token,
        discord_api_url=args.discord_api,
        tick_seconds=args.tick,
    )
    db = Database(settings.database_url)
    recorder = RecordingTransport(args.record)
    slack = slack_transport(settings, db=db)
    bot = PrepBot(db, transports={"slack": slack, "console": recorder})
    client = create_client(settings, bot)
    bot.transports["discord"] = discord_transport(client)
    lag = LagMonitor()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)

    async def interaction(request: web.Request) -> web.Response:
        payload = await request.json()
        # What discord.py's gateway reader does with an INTERACTION_CREATE event.
        client._connection.parse_interaction_create(payload)
        return web.Response(text="ok")

    async def status(_request: web.Request) -> web.Response:
        return web.json_response({"sent": recorder.sent})

    async def lag_report(_request: web.Request) -> web.Response:
        return web.json_response(lag.take())

    application = web_app(create_app(settings, bot))
    application.router.add_post("/bench/discord", interaction)
    application.router.add_get("/bench/status", status)
    application.router.add_get("/bench/lag", lag_report)
    runner = web.AppRunner(application, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    async with client:
        await client.login(args.discord_token)
        clock = await start_clock_in_loop(bot, db, bot.transports, settings)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        lag.start()
        print(json.dumps({"ready": True, "port": port}), flush=True)
        try:
            await stop.wait()
        finally:
            await clock.stop()
            await runner.cleanup()
            await slack.close()
            recorder.close()
    await db.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    asyncio.run(serve(_parser().parse_args(argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
