"""`prepbot discord [--sync [--guild ID]] [--print-commands]`.

- `--print-commands` prints the JSON that `--sync` would send (no token needed).
- `--sync` registers `/prep` with Discord: globally, or in one server with `--guild`
  (instant, for trying changes). Commands are synced only this way, never at start.
- With neither, runs the bot until stopped. The scheduler clock is wired by the caller
  (`prepbot run`); this entry point serves interactions only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from typing import Any

import discord
from discord import app_commands

from adapters.discord import commands
from adapters.discord.client import build_transport, create_client, set_api_base
from bot.app import PrepBot
from bot.config import Settings, get_settings
from bot.db.engine import Database

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prepbot discord", description="Run prepbot on Discord, or manage its commands."
    )
    parser.add_argument("--sync", action="store_true", help="register /prep with Discord")
    parser.add_argument("--guild", type=int, metavar="ID", help="sync to this server only")
    parser.add_argument(
        "--print-commands", action="store_true", help="print the command JSON that --sync sends"
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


async def sync_commands(settings: Settings, guild_id: int | None = None) -> int:
    """Register `/prep` with Discord; returns how many top-level commands were synced."""
    token = _token(settings)
    set_api_base(settings.discord_api_url)
    tree = _tree()
    async with tree.client as client:
        await client.login(token)  # REST only: syncing needs no gateway connection
        if guild_id is None:
            synced = await tree.sync()
        else:
            guild = discord.Object(id=guild_id)
            tree.copy_global_to(guild=guild)
            synced = await tree.sync(guild=guild)
    return len(synced)


async def run(settings: Settings) -> None:
    """Serve interactions until stopped."""
    token = _token(settings)
    database = Database(settings.database_url)
    bot = PrepBot(database)
    client = create_client(settings, bot)
    bot.transports["discord"] = build_transport(client)
    try:
        async with client:
            await client.start(token)
    finally:
        await database.dispose()


def _token(settings: Settings) -> str:
    if settings.discord_token is None:
        raise ValueError("DISCORD_TOKEN is not set")
    return settings.discord_token.get_secret_value()


def main(argv: list[str] | None = None) -> int:
    """Run `prepbot discord` with `argv` (default: the process arguments)."""
    args = _parser().parse_args(argv)
    if args.guild is not None and not args.sync:
        print("--guild only applies to --sync", file=sys.stderr)
        return 2
    if args.print_commands:
        print(json.dumps(command_payloads(), indent=2, sort_keys=True))
        return 0
    settings = get_settings()
    if settings.discord_token is None:
        print("DISCORD_TOKEN is not set: see docs/discord.md, 'Run on Discord'.", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level)  # a no-op if the caller set logging up
    try:
        if args.sync:
            count = asyncio.run(sync_commands(settings, args.guild))
            where = f"server {args.guild}" if args.guild else "every server (may take a while)"
            print(f"Synced {count} command(s) to {where}.")
            return 0
        asyncio.run(run(settings))
    except discord.LoginFailure:
        print("Discord rejected DISCORD_TOKEN: copy it again from the Bot page.", file=sys.stderr)
        return 1
    except discord.HTTPException as error:
        print(f"Discord answered {error.status}: {error.text}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0
