"""Run one worker from the command line: multi-process tests and fault drills.

`python -m prepbot.drill --db URL --until-empty --record sends.tsv` plans and sends
everything due, recording each send, then exits; without `--until-empty` it ticks until
SIGTERM. Several of these against one PostgreSQL database must, between them, send every
due delivery exactly once; SIGTERM in the middle of a fan-out must stop cleanly.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from adapters.console.transport import ConsoleTransport, RecordingTransport
from bot.clock import SystemClock
from bot.content import default_library
from bot.db.engine import Database
from bot.kinds import KINDS
from bot.schedule.dispatcher import DispatchSettings
from bot.schedule.transport import Transport
from bot.schedule.worker import Worker


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m prepbot.drill")
    parser.add_argument("--db", required=True, help="database URL")
    parser.add_argument("--until-empty", action="store_true", help="exit when nothing is due")
    parser.add_argument("--record", type=Path, help="append each send to this file")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds per send")
    parser.add_argument("--worker-id", help="claimed_by value (default host:pid:random)")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--lease", type=float, default=600.0, help="claim lease, seconds")
    parser.add_argument("--tick", type=float, default=1.0, help="seconds between ticks")
    parser.add_argument("--ready", type=Path, help="create this file when about to run")
    return parser


async def run(args: argparse.Namespace) -> dict[str, object]:
    """Run a worker as `args` say; returns a summary of what it did."""
    db = Database(args.db)
    transport: Transport
    if args.record is not None:
        transport = RecordingTransport(args.record, delay=args.delay)
    else:
        transport = ConsoleTransport()
    worker = Worker(
        KINDS,
        db,
        default_library(),
        SystemClock(),
        {"console": transport},
        worker_id=args.worker_id,
        batch_size=args.batch,
        dispatch=DispatchSettings(
            concurrency=args.concurrency,
            claim_batch=args.batch,
            lease=timedelta(seconds=args.lease),
        ),
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    if args.ready is not None:
        # Tests start several workers and wait for all of them before making rows due.
        args.ready.touch()
    total = await worker.run(stop, args.tick, until_empty=args.until_empty)
    await db.dispose()
    if isinstance(transport, RecordingTransport):
        transport.close()
    counts = worker.dispatcher.counts.counts
    return {
        "worker": worker.worker_id,
        "planned": total.planned,
        "stopped": stop.is_set(),
        **counts,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; prints one JSON summary line."""
    args = _parser().parse_args(argv)
    print(json.dumps(asyncio.run(run(args))), flush=True)
    return 0


if __name__ == "__main__":  # `python -m prepbot.drill --db URL ...`
    raise SystemExit(main())
