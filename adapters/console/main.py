"""`prepbot console` / `prepbot run` on the console: the embedded default.

On SQLite (the embedded default) the database is upgraded at start, so a fresh clone
works with no extra step; PostgreSQL is upgraded by the release process instead.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from adapters.console.community import CommunityConsoleSession
from adapters.console.community_transport import ConsoleCommunityTransport
from adapters.console.session import run_console
from bot.app import PrepBot
from bot.commands.context import Actor
from bot.config import get_settings
from bot.db.engine import Database
from bot.db.migrate import upgrade
from bot.oneline import one_line
from bot.runtime import start_clock_in_loop
from bot.services.ai_reviewer import reviewer_from


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="prepbot console")
    parser.add_argument("--user", default="you")
    parser.add_argument("--tz")
    parser.add_argument("--admin", action="store_true", help="act as a community admin")
    parser.add_argument("--channel", default="console", help="the channel you type in")
    parser.add_argument("--with-clock", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


async def _main(args: argparse.Namespace) -> int:
    settings = get_settings()
    db = Database(settings.database_url)
    if db.is_sqlite:
        await asyncio.to_thread(upgrade, settings.database_url)
    transport = ConsoleCommunityTransport(db=db)
    bot = PrepBot(db, transports={"console": transport}, reviewer=reviewer_from(settings))
    actor = Actor(
        platform="console",
        user_id=args.user,
        display_name=args.user,
        tz_hint=args.tz,
        channel_id=args.channel,
        is_admin=args.admin,
    )
    interactive = sys.stdin.isatty()
    session = CommunityConsoleSession(bot, actor, color=interactive and sys.stdout.isatty())
    # Interactively (and under `prepbot run`) the clock runs in this process, so a daily
    # question set for a minute from now arrives in this terminal. Piped input is a
    # script: answer the lines and leave.
    clock = None
    if interactive:
        # Deliveries print in the conversation itself; per-tick log lines would clutter it.
        logging.getLogger("bot.schedule").setLevel(logging.WARNING)
    if interactive or args.with_clock:
        clock = await start_clock_in_loop(bot, db, {"console": transport}, settings)
    try:
        return await run_console(session, sys.stdin, interactive=interactive)
    finally:
        if clock is not None:
            await clock.stop()
        await db.dispose()


def main(argv: list[str] | None = None) -> int:
    """Run a console conversation until end of input.

    What stops it before the first prompt (settings that do not parse, a database file
    that cannot be created or upgraded) is one line on stderr and exit status 2, not a
    traceback; what fails per command is answered in the conversation.
    """
    args = _parse(list(argv or []))
    try:
        return asyncio.run(_main(args))
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        print(f"prepbot console: {one_line(error)}", file=sys.stderr)
        return 2
