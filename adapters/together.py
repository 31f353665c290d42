"""`prepbot run` with both Slack and Discord tokens: both adapters and one clock, one process.

The Procfile runs each platform (and the clock) as its own process; a small community
on one machine may prefer a single process. Slack's tokens are checked before anything
starts, the database is upgraded once (SQLite), then the Slack app, the Discord bot and
one scheduler sending to both run side by side until SIGINT or SIGTERM. If one of them
stops with an error the others are stopped too, and the error is raised.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Coroutine
from typing import Any

import discord

from adapters.discord import main as discord_main
from adapters.slack import main as slack_main
from adapters.slack.preflight import check_slack_tokens
from adapters.transports import platform_transports
from bot.config import Settings, get_settings
from bot.db.engine import Database
from bot.db.migrate import upgrade
from bot.runtime import clock_main
from bot.startup import EXIT_CONFIG, EXIT_TOKEN, StartupError


async def run_together(
    settings: Settings, *, http: bool, host: str, port: int, stop: asyncio.Event | None = None
) -> None:
    """Serve Slack and Discord and run the clock until `stop` is set (or one fails)."""
    await check_slack_tokens(settings, socket_mode=not http)
    database = Database(settings.database_url)
    if database.is_sqlite:  # once, before three parts of this process open it
        await asyncio.to_thread(upgrade, settings.database_url)
    await database.dispose()
    stop = stop or asyncio.Event()
    async with platform_transports(settings) as transports:
        parts = (
            slack_main.run(settings, http=http, host=host, port=port, stop=stop),
            discord_main.run(settings, stop=stop),
            clock_main(settings, lambda _db, _clock: transports, stop=stop),
        )
        try:
            async with asyncio.TaskGroup() as group:
                for part in parts:
                    group.create_task(_until_done(part, stop))
        except ExceptionGroup as group_error:
            raise group_error.exceptions[0] from None


async def _until_done(part: Coroutine[Any, Any, object], stop: asyncio.Event) -> None:
    # A part that ends by itself (a gateway closed cleanly) stops the others with it,
    # rather than leaving a process that serves one platform without saying so.
    try:
        await part
    finally:
        stop.set()


def main(argv: list[str] | None = None) -> int:
    """`prepbot run` with both tokens: `[--http] [--port N] [--host H]`."""
    parser = argparse.ArgumentParser(prog="prepbot run", description=__doc__.split("\n")[0])
    parser.add_argument("--http", action="store_true", help="Slack over HTTP, not Socket Mode")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 3000))
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--with-clock", action="store_true", help=argparse.SUPPRESS)  # always
    args = parser.parse_args(argv)
    settings = get_settings()
    problem = slack_main.config_problem(settings, http=args.http)
    if problem:
        print(f"prepbot run: {problem}", file=sys.stderr)
        return EXIT_CONFIG
    try:
        asyncio.run(run_together(settings, http=args.http, host=args.host, port=args.port))
    except StartupError as error:
        print(f"prepbot run: {error.message}", file=sys.stderr)
        return error.code
    except discord.LoginFailure:
        print("Discord rejected DISCORD_TOKEN: copy it again from the Bot page.", file=sys.stderr)
        return EXIT_TOKEN
    return 0
