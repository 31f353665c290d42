"""One measured process of `bench fanout`: `python -m prepbot.bench.leg ours|naive ...`.

Each design runs in a child process of its own, so peak RSS and CPU time are that
design's alone (not a heap shared with the other, nor the parent's bookkeeping). The
protocol on stdin/stdout is line-based JSON:

1. the child sets up (imports, connections, for the naive design its 100,000 jobs) and
   prints `{"ready": ...}`;
2. `ours` waits for a `go` line, so several workers start together; `naive` needs no
   signal, its jobs fire at the due instant the parent chose;
3. it prints its result and waits for a last line (or EOF) before exiting, so the
   parent can read the database server's CPU while the child's connections are open.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.kinds import KINDS
from prepbot.bench.machine import Usage, current_rss_mib, peak_rss_mib
from prepbot.bench.recorder import RecordingTransport


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m prepbot.bench.leg")
    parser.add_argument("design", choices=["ours", "naive"])
    parser.add_argument("--db", required=True, help="the scratch database URL")
    parser.add_argument("--record", type=Path, required=True, help="file of recorded sends")
    parser.add_argument("--batch", type=int, default=500, help="ours: claim batch")
    parser.add_argument("--concurrency", type=int, default=32, help="ours: senders")
    parser.add_argument("--store", choices=["memory", "sqlalchemy"], default="memory")
    parser.add_argument("--job-db", help="naive sqlalchemy: the job store's (sync) URL")
    parser.add_argument("--due-at", help="naive: ISO instant the jobs are due")
    parser.add_argument("--timeout", type=float, default=900.0, help="naive: give up after")
    parser.add_argument("--grace", help="naive: misfire_grace_time seconds, or none")
    return parser


def _say(message: dict[str, Any]) -> None:
    print(json.dumps(message), flush=True)


async def _line() -> str:
    # A blocking read in a thread: the event loop stays free while we wait.
    return await asyncio.to_thread(sys.stdin.readline)


async def run_ours(args: argparse.Namespace) -> dict[str, Any]:
    """The real worker (engine + dispatcher) draining everything due, then stopping."""
    from bot.clock import SystemClock
    from bot.content import default_library
    from bot.db.engine import Database
    from bot.runtime import tune_garbage_collector
    from bot.schedule.dispatcher import DispatchSettings
    from bot.schedule.worker import Worker

    db = Database(args.db)
    transport = RecordingTransport(args.record)
    worker = Worker(
        KINDS,
        db,
        default_library(),
        SystemClock(),
        {"console": transport},
        batch_size=args.batch,
        dispatch=DispatchSettings(concurrency=args.concurrency, claim_batch=args.batch),
    )
    async with db.engine.connect():  # open one connection now, not on the clock
        pass
    tune_garbage_collector()  # as `prepbot clock` and `prepbot run` do once started
    _say({"ready": True, "rss_mib": current_rss_mib()})
    await _line()
    start = Usage.now()
    report = await worker.run(asyncio.Event(), 0.05, until_empty=True)
    end = Usage.now()
    transport.close()
    result = {
        "worker": worker.worker_id,
        "start": start.wall,
        "end": end.wall,
        "wall_seconds": round(end.wall - start.wall, 3),
        "cpu_seconds": round(end.cpu - start.cpu, 3),
        "peak_rss_mib": peak_rss_mib(),
        "sent": transport.sent,
        "planned": report.planned,
        "counts": dict(worker.dispatcher.counts.counts),
    }
    _say(result)
    await _line()
    await db.dispose()
    return result


def _grace(text: str | None) -> float | str | None:
    if text is None:
        return "default"
    return None if text == "none" else float(text)


async def main_async(args: argparse.Namespace) -> None:
    """Run the chosen design."""
    if args.design == "ours":
        await run_ours(args)
        return
    from bot.db.engine import Database
    from prepbot.bench.naive import run_naive

    due_at = datetime.fromisoformat(args.due_at)
    db = Database(args.db)
    result = await run_naive(
        db,
        args.record,
        store=args.store,
        job_db=args.job_db,
        due_at=due_at,
        give_up_after=args.timeout,
        ready=_say,
        grace=_grace(args.grace),
    )
    _say(result)
    await _line()
    await db.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; results go to stdout as JSON lines, logs to stderr."""
    args = _parser().parse_args(argv)
    # Warnings and errors only, as a production bot would log: APScheduler logs every job
    # it runs at INFO, which would measure the log handler, not the scheduler.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    asyncio.run(main_async(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
