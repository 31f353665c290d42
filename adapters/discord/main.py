"""`prepbot discord [--with-clock] | --sync [--guild ID] [--clear] | --print-commands`.

- `--print-commands` prints the JSON that `--sync` would send (no token needed).
- `--sync` registers `/prep` with Discord: globally, or in one server with `--guild`
  (instant, for trying changes); `--clear` removes it instead. Commands are synced
  only this way, never at start.
- With neither, runs the bot until SIGINT or SIGTERM. `--with-clock` (what `prepbot run`
  passes) also runs the scheduler in this process; the Procfile may run the clock as
  its own process instead (see `rest_transport`). On SQLite (the embedded default) the
  database is upgraded at start, as the console and Slack adapters do.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import signal
import sys
from typing import Any

import aiohttp
import discord
from discord import app_commands

from adapters.discord import commands
from adapters.discord.client import build_transport, create_client, set_api_base
from adapters.discord.interactions import PLATFORM
from bot.app import PrepBot
from bot.config import Settings, get_settings
from bot.db.engine import Database
from bot.db.migrate import upgrade
from bot.health import health_server
from bot.logs import configure_logging
from bot.services.ai_reviewer import reviewer_from
from bot.startup import EXIT_CONFIG, EXIT_PLATFORM_UNREACHABLE, EXIT_TOKEN

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prepbot discord", description="Run prepbot on Discord, or manage its commands."
    )
    parser.add_argument("--sync", action="store_true", help="register /prep with Discord")
    parser.add_argument("--guild", type=int, metavar="ID", help="sync to this server only")
    parser.add_argument(
        "--clear",
        action="store_true",
        help="with --sync: remove /prep instead (e.g. a test server)",
    )
    parser.add_argument(
        "--print-commands", action="store_true", help="print the command JSON that --sync sends"
    )
    parser.add_argument(
        "--with-clock", action="store_true", help="also run the scheduler in this process"
    )
    parser.add_argument(
        "--health-port",
        type=int,
        metavar="PORT",
        help="serve /healthz, /readyz and /metrics on this port",
    )
    return parser


def _tree() -> app_commands.CommandTree[discord.Client]:
    """A tree with `/prep` on a client that never connects (for printing and syncing)."""
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(
        discord.Client(intents=discord.Intents.none())
    )
    commands.register(tree)
    return tree


def command_payloads() -> list[dict[str, Any]]:
    """The application command payloads `--sync` sends."""
    tree = _tree()
    return [command.to_dict(tree) for command in tree.get_commands()]


async def sync_commands(
    settings: Settings, guild_id: int | None = None, *, clear: bool = False
) -> int:
    """Register `/prep` with Discord (or remove it); returns how many commands it now has.

    One bulk overwrite: it creates, updates and deletes in one request, so running it
    again is harmless.
    """
    token = _token(settings)
    set_api_base(settings.discord_api_url)
    tree = _tree()
    guild = discord.Object(id=guild_id) if guild_id is not None else None
    if guild is not None and not clear:
        tree.copy_global_to(guild=guild)
    if clear:
        tree.clear_commands(guild=guild)
    async with tree.client as client:
        await client.login(token)  # REST only: syncing needs no gateway connection
        synced = await tree.sync(guild=guild)
    return len(synced)


async def run(
    settings: Settings,
    *,
    with_clock: bool = False,
    stop: asyncio.Event | None = None,
    health_port: int | None = None,
) -> None:
    """Serve interactions (and with `with_clock`, scheduled DMs) until `stop` is set.

    SIGINT and SIGTERM set `stop`; a stop lets in-flight sends finish first.
    """
    from bot.runtime import start_clock_in_loop

    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows, threads
            loop.add_signal_handler(signum, stop.set)
    database = Database(settings.database_url)
    if database.is_sqlite:
        await asyncio.to_thread(upgrade, settings.database_url)
    bot = PrepBot(database, reviewer=reviewer_from(settings))
    client = create_client(settings, bot)
    bot.transports[PLATFORM] = build_transport(client)
    clock = None
    try:
        async with client, health_server(database, health_port):
            await client.login(_token(settings))
            if with_clock:  # after login: the transport needs a logged-in client
                clock = await start_clock_in_loop(bot, database, bot.transports, settings)
            gateway = asyncio.create_task(client.connect())
            stopping = asyncio.create_task(stop.wait())
            await asyncio.wait({gateway, stopping}, return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            await bot.finish_follow_ups()  # AI notes under way, while the client is open
            if gateway.done():
                gateway.result()  # the connection ended by itself: raise why
    finally:
        if clock is not None:
            await clock.stop()  # in-flight sends finish before the client closes
        await client.close()
        await database.dispose()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(signum)


def _token(settings: Settings) -> str:
    if settings.discord_token is None:
        raise ValueError("DISCORD_TOKEN is not set")
    return settings.discord_token.get_secret_value()


def main(argv: list[str] | None = None) -> int:
    """Run `prepbot discord` with `argv` (default: the process arguments)."""
    args = _parser().parse_args(argv)
    if (args.guild is not None or args.clear) and not args.sync:
        print("--guild and --clear only apply to --sync", file=sys.stderr)
        return EXIT_CONFIG
    if args.print_commands:
        print(json.dumps(command_payloads(), indent=2, sort_keys=True))
        return 0
    settings = get_settings()
    if settings.discord_token is None:
        print("DISCORD_TOKEN is not set: see docs/discord.md, 'Run on Discord'.", file=sys.stderr)
        return EXIT_CONFIG
    if not logging.getLogger().handlers:  # `prepbot` configured redacting logs already
        secrets = [settings.discord_token.get_secret_value()]
        configure_logging(settings.log_level, secrets, log_format=settings.log_format)
    try:
        if args.sync:
            count = asyncio.run(sync_commands(settings, args.guild, clear=args.clear))
            where = f"server {args.guild}" if args.guild else "every server"
            print(f"{where.capitalize()} now has {count} prepbot command(s).")
            return 0
        asyncio.run(run(settings, with_clock=args.with_clock, health_port=args.health_port))
    except discord.LoginFailure:
        print("Discord rejected DISCORD_TOKEN: copy it again from the Bot page.", file=sys.stderr)
        return EXIT_TOKEN
    except discord.HTTPException as error:
        print(f"Discord answered {error.status}: {error.text}", file=sys.stderr)
        return 1
    except (aiohttp.ClientConnectionError, OSError) as error:
        why = " ".join(str(error).split())[:160] or type(error).__name__
        print(f"cannot reach Discord: {why}", file=sys.stderr)
        return EXIT_PLATFORM_UNREACHABLE
    return 0


if __name__ == "__main__":  # `python -m adapters.discord.main ...`, same as `prepbot discord`
    raise SystemExit(main())
