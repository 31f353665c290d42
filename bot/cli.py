"""`prepbot ...`: one console script for every process and tool.

The core never imports an adapter; the adapter commands (`console`, `slack`, `discord`)
are found by module name at run time, which keeps the import contract honest.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot import __version__
from bot.config import Settings, get_settings
from bot.logs import configure_logging

Runner = Callable[[argparse.Namespace, Settings], int]


def _secrets(settings: Settings) -> list[str]:
    values = [
        settings.slack_bot_token,
        settings.slack_signing_secret,
        settings.slack_app_token,
        settings.slack_client_secret,
        settings.discord_token,
    ]
    return [v.get_secret_value() for v in values if v is not None]


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    """Apply or revert migrations."""
    from bot.db.migrate import downgrade, upgrade

    if args.action == "upgrade":
        upgrade(settings.database_url, args.revision or "head")
        print(f"database upgraded to {args.revision or 'head'}")
    else:
        downgrade(settings.database_url, args.revision or "-1")
        print(f"database downgraded to {args.revision or '-1'}")
    return 0


def cmd_content(args: argparse.Namespace, settings: Settings) -> int:
    """Validate the content packs; exit 1 with `file:line: problem` lines."""
    from bot.content import check_content, default_content_dir

    path = Path(args.path) if args.path else default_content_dir()
    problems = check_content(path)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {path}", file=sys.stderr)
        return 1
    print(f"content OK: {path}")
    return 0


def _adapter(name: str) -> Callable[[list[str]], int]:
    module = importlib.import_module(f"adapters.{name}.main")
    main: Callable[[list[str]], int] = module.main
    return main


def cmd_console(args: argparse.Namespace, settings: Settings) -> int:
    """Chat with prepbot in the terminal."""
    forwarded = ["--user", args.user]
    if args.tz:
        forwarded += ["--tz", args.tz]
    return _adapter("console")(forwarded)


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Start the bot on the platform whose token is set (console if none)."""
    return _adapter(settings.platform)(["--with-clock"])


def cmd_platform(args: argparse.Namespace, settings: Settings) -> int:
    """`prepbot slack ...` / `prepbot discord ...`: the adapter parses its own options."""
    return _adapter(args.command)(list(args.rest))


def build_parser() -> argparse.ArgumentParser:
    """The full command-line interface."""
    parser = argparse.ArgumentParser(
        prog="prepbot", description="A second-round interview coach for Slack and Discord."
    )
    parser.add_argument("--version", action="version", version=f"prepbot {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="start the bot (console when no platform token is set)")
    run.set_defaults(func=cmd_run)

    console = sub.add_parser("console", help="chat with prepbot in this terminal")
    console.add_argument("--user", default="you", help="your name in this console session")
    console.add_argument("--tz", help="your IANA time zone, e.g. Europe/Berlin")
    console.set_defaults(func=cmd_console)

    db = sub.add_parser("db", help="database migrations")
    db.add_argument("action", choices=["upgrade", "downgrade"])
    db.add_argument("--revision", help="target revision (default: head / one step back)")
    db.set_defaults(func=cmd_db)

    content = sub.add_parser("content", help="content packs")
    content.add_argument("action", choices=["check"])
    content.add_argument("path", nargs="?", help="content folder (default: the shipped packs)")
    content.set_defaults(func=cmd_content)

    for name, about in (("slack", "run the Slack adapter"), ("discord", "run the Discord bot")):
        platform = sub.add_parser(name, help=about, add_help=False)
        platform.add_argument("rest", nargs=argparse.REMAINDER)
        platform.set_defaults(func=cmd_platform)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `prepbot` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = get_settings()
    configure_logging(settings.log_level, _secrets(settings))
    func: Runner = args.func
    try:
        return func(args, settings)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
