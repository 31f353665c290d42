"""`prepbot ...`: one console script for every process and tool.

This is the composition root: the one place that knows both the core (`bot`) and the
adapters, and builds a process from them. Adapters are imported when their command
runs, so `prepbot console` never loads the Slack or Discord SDK.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot import __version__
from bot.config import Settings, get_settings
from bot.logs import configure_logging

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.db.engine import Database
    from bot.runtime import TransportFactory
    from bot.schedule.transport import Transport

Runner = Callable[[argparse.Namespace, Settings], int]

# Subcommands whose options belong to an adapter (it has its own --help).
PLATFORM_COMMANDS = {"slack": "run the Slack adapter", "discord": "run the Discord bot"}


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


def cmd_clock(args: argparse.Namespace, settings: Settings) -> int:
    """Run the scheduler alone (the Procfile's `clock`)."""
    from adapters.transports import platform_transports
    from bot.runtime import clock_main

    async def run() -> int:
        async with platform_transports(settings) as transports:
            chosen = (lambda db, clock: transports) if transports else None
            return await clock_main(
                settings, chosen or console_transports(sys.stdout, json=args.json)
            )

    return asyncio.run(run())


def console_transports(out: TextIO | None, *, json: bool) -> TransportFactory:
    """The clock's transports when no platform token is set: print to the terminal."""
    from adapters.console.community_transport import ConsoleCommunityTransport

    def build(db: Database, clock: Clock) -> Mapping[str, Transport]:
        return {"console": ConsoleCommunityTransport(out, json=json, clock=clock, db=db)}

    return build


def cmd_simulate(args: argparse.Namespace, settings: Settings) -> int:
    """Run a scenario on a virtual clock and print what members would receive."""
    from prepbot.simulate import simulate

    return simulate(args.scenario, json=args.json)


def cmd_bench(args: argparse.Namespace, settings: Settings) -> int:
    """Benchmarks and load helpers."""
    from prepbot.seed import bench_seed

    if args.bench == "seed":
        return bench_seed(settings, args.members, args.due_in, json=args.json)
    if args.bench == "fanout":
        from prepbot.bench import fanout

        return fanout.main(
            args.db or settings.database_url,
            args.members,
            workers=args.workers,
            naive=args.naive,
            batch=args.batch,
            concurrency=args.concurrency,
            keep=args.keep,
            json_output=args.json,
            naive_grace=args.naive_grace,
        )
    if args.bench == "pacing":
        from prepbot.bench import pacing

        return pacing.main(args, settings)
    from prepbot.bench import latency

    return latency.main(args, settings)


def _adapter(name: str) -> Callable[[list[str]], int]:
    """The adapter's own `main`, imported only when its command runs (SDKs load slowly)."""
    if name == "slack":
        from adapters.slack.main import main as slack_main

        return slack_main
    if name == "discord":
        from adapters.discord.main import main as discord_main

        return discord_main
    from adapters.console.main import main as console_main

    return console_main


def cmd_console(args: argparse.Namespace, settings: Settings) -> int:
    """Chat with prepbot in the terminal."""
    forwarded = ["--user", args.user]
    if args.tz:
        forwarded += ["--tz", args.tz]
    if args.admin:
        forwarded.append("--admin")
    if args.channel:
        forwarded += ["--channel", args.channel]
    return _adapter("console")(forwarded)


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Start the bot on the platform whose token is set (console if none)."""
    return _adapter(settings.platform)(["--with-clock"])


def cmd_platform(args: argparse.Namespace, settings: Settings) -> int:
    """`prepbot slack ...` / `prepbot discord ...`: the adapter parses its own options."""
    return _adapter(args.command)(list(args.rest))


def _bench_parsers(bench_sub: Any) -> None:
    """`bench fanout`, `bench pacing`, `bench latency` (docs/benchmarks.md)."""
    fanout = bench_sub.add_parser(
        "fanout", help="N members due at once: ours vs one APScheduler job per member"
    )
    fanout.add_argument("--members", type=int, required=True)
    fanout.add_argument("--db", help="database server URL (default DATABASE_URL)")
    fanout.add_argument("--workers", default="1", help="worker processes, e.g. 1 or 1,2")
    fanout.add_argument(
        "--naive", default="memory,sqlalchemy", help="naive job stores to measure, or none"
    )
    fanout.add_argument(
        "--naive-grace",
        help="override APScheduler's misfire_grace_time for the naive legs (seconds or none)",
    )
    fanout.add_argument("--batch", type=int, default=500, help="claim batch size")
    fanout.add_argument("--concurrency", type=int, default=32, help="sends in flight")
    fanout.add_argument("--keep", action="store_true", help="keep the scratch database")
    fanout.add_argument("--json", action="store_true")

    pacing = bench_sub.add_parser(
        "pacing", help="Slack and Discord transports against rate-limited fake APIs"
    )
    pacing.add_argument("--db", help="database server URL (default DATABASE_URL)")
    pacing.add_argument("--seconds", type=float, default=15.0, help="seconds per platform")
    pacing.add_argument("--scale", type=float, default=10.0, help="time compression factor")
    pacing.add_argument("--json", action="store_true")

    latency = bench_sub.add_parser(
        "latency", help="/prep latency alone and during a fan-out in the same process"
    )
    latency.add_argument("--db", help="database server URL (default DATABASE_URL)")
    latency.add_argument("--members", type=int, default=100_000, help="fan-out size")
    latency.add_argument("--requests", type=int, default=300, help="requests per phase")
    latency.add_argument("--rate", type=float, default=20.0, help="requests per second")
    latency.add_argument("--json", action="store_true")


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
    console.add_argument(
        "--admin", action="store_true", help="act as a community admin (channel, pair schedule)"
    )
    console.add_argument("--channel", help="the channel you type in (default: console)")
    console.set_defaults(func=cmd_console)

    db = sub.add_parser("db", help="database migrations")
    db.add_argument("action", choices=["upgrade", "downgrade"])
    db.add_argument("--revision", help="target revision (default: head / one step back)")
    db.set_defaults(func=cmd_db)

    content = sub.add_parser("content", help="content packs")
    content.add_argument("action", choices=["check"])
    content.add_argument("path", nargs="?", help="content folder (default: the shipped packs)")
    content.set_defaults(func=cmd_content)

    clock = sub.add_parser("clock", help="run the scheduler alone (Procfile: clock)")
    clock.add_argument("--json", action="store_true", help="one JSON line per delivery")
    clock.set_defaults(func=cmd_clock)

    simulate = sub.add_parser("simulate", help="run a scenario on a virtual clock")
    simulate.add_argument("--scenario", required=True, help="scenario YAML file")
    simulate.add_argument("--json", action="store_true", help="JSON lines (design.md format)")
    simulate.set_defaults(func=cmd_simulate)

    bench = sub.add_parser("bench", help="benchmarks and load tools (JSON output)")
    bench_sub = bench.add_subparsers(dest="bench", required=True, metavar="BENCH")
    seed = bench_sub.add_parser("seed", help="N console members due at now + SECONDS")
    seed.add_argument("--members", type=int, required=True)
    seed.add_argument("--due-in", type=float, default=0.0, help="seconds from now")
    seed.add_argument("--json", action="store_true")
    _bench_parsers(bench_sub)
    bench.set_defaults(func=cmd_bench)

    for name, about in PLATFORM_COMMANDS.items():
        # Listed for `prepbot --help` only: `main` hands these straight to the adapter,
        # which parses (and documents) its own options.
        sub.add_parser(name, help=about, add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `prepbot` console script."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if arguments and arguments[0] in PLATFORM_COMMANDS:
        # argparse's REMAINDER drops leading --options, so hand the adapter its own argv.
        args = argparse.Namespace(command=arguments[0], rest=arguments[1:], func=cmd_platform)
    else:
        args = parser.parse_args(arguments)
    settings = get_settings()
    configure_logging(settings.log_level, _secrets(settings))
    func: Runner = args.func
    try:
        return func(args, settings)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
