"""What `prepbot clock`, `prepbot simulate` and `prepbot bench seed` run.

Plain functions (no argparse) returning an exit code, so `bot.cli` wires them in a line
each and tests call them directly. `start_clock_in_loop` is the clock half of
`prepbot run` (adapter and clock in one process).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json as jsonlib
import logging
import signal
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.clock import SystemClock
from bot.config import Settings
from bot.content import default_library
from bot.db.engine import Database
from bot.schedule.clock import ClockHandle, start_clock
from bot.schedule.console_community import ConsoleCommunityTransport
from bot.schedule.console_transport import dump_line
from bot.schedule.dispatcher import DispatchSettings
from bot.schedule.scenario import ScenarioError, load_scenario
from bot.schedule.seed import seed_due
from bot.schedule.simulate import format_human, simulate_scenario
from bot.schedule.transport import Transport
from bot.schedule.worker import Worker

if TYPE_CHECKING:
    from bot.app import PrepBot

log = logging.getLogger(__name__)


def freeze_startup_heap() -> None:
    """Take what start-up loaded out of the cyclic garbage collector's sight.

    The content packs, SQLAlchemy's metadata and the platform SDKs are hundreds of
    thousands of objects that live as long as the process. A fan-out allocates fast
    enough to trigger full collections, and each one scanned all of them: pauses of up to
    100 ms in which nothing else on the event loop ran (`prepbot bench latency`: /prep
    p99 during a 100,000-member fan-out went from 112 to under 50 ms). Garbage is
    collected first, so nothing collectable is frozen.
    """
    gc.collect()
    gc.freeze()


def _dispatch_settings(settings: Settings) -> DispatchSettings:
    return DispatchSettings(
        concurrency=settings.dispatch_concurrency, claim_batch=settings.claim_batch_size
    )


async def start_clock_in_loop(
    app_bot: PrepBot, db: Database, transports: Mapping[str, Transport], settings: Settings
) -> ClockHandle:
    """Start the scheduler beside an adapter on the running loop; `await handle.stop()`."""
    worker = Worker(
        db,
        app_bot.content,
        app_bot.clock,
        transports,
        batch_size=settings.claim_batch_size,
        dispatch=_dispatch_settings(settings),
    )
    handle = await start_clock(worker, db, app_bot.clock, tick_seconds=settings.tick_seconds)
    freeze_startup_heap()
    return handle


async def clock_main(
    settings: Settings,
    *,
    json: bool = False,
    transports: Mapping[str, Transport] | None = None,
    stop: asyncio.Event | None = None,
    out: TextIO | None = None,
) -> int:
    """Run the clock until `stop` is set (SIGTERM and SIGINT set it), then stop cleanly."""
    clock = SystemClock()
    db = Database(settings.database_url)
    transports = transports or {
        "console": ConsoleCommunityTransport(out, json=json, clock=clock, db=db)
    }
    worker = Worker(
        db,
        default_library(),
        clock,
        transports,
        batch_size=settings.claim_batch_size,
        dispatch=_dispatch_settings(settings),
    )
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    handle = await start_clock(worker, db, clock, tick_seconds=settings.tick_seconds)
    freeze_startup_heap()
    print(
        f"prepbot clock: worker {worker.worker_id} on {db.backend}, ticking every "
        f"{settings.tick_seconds:g}s, sending to {', '.join(sorted(transports))}",
        file=sys.stderr,
        flush=True,
    )
    try:
        await stop.wait()
    finally:
        await handle.stop()
        await db.dispose()
        for signum in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(signum)
    print("prepbot clock: stopped", file=sys.stderr, flush=True)
    return 0


def run_clock(
    settings: Settings, *, json: bool = False, transports: Mapping[str, Transport] | None = None
) -> int:
    """`prepbot clock [--json]`: the scheduler alone (the Procfile's `clock` process)."""
    return asyncio.run(clock_main(settings, json=json, transports=transports))


def simulate(scenario_path: str | Path, *, json: bool = False, out: TextIO | None = None) -> int:
    """`prepbot simulate --scenario FILE [--json]`: print the scenario's messages."""
    out = out or sys.stdout
    try:
        scenario = load_scenario(Path(scenario_path))
    except ScenarioError as error:
        print(f"prepbot simulate: {error}", file=sys.stderr)
        return 2
    lines = asyncio.run(simulate_scenario(scenario))
    if json:
        out.write("".join(dump_line(line) + "\n" for line in lines))
    else:
        out.write(format_human(lines))
    out.flush()
    return 0


def bench_seed(settings: Settings, members: int, due_in: float, *, json: bool = False) -> int:
    """`prepbot bench seed --members N --due-in SECONDS`."""
    if members < 1 or due_in < 0:
        print("prepbot bench seed: --members must be >= 1 and --due-in >= 0", file=sys.stderr)
        return 2

    async def seed() -> datetime:
        db = Database(settings.database_url)
        try:
            return await seed_due(db, members, due_in, datetime.now(UTC))
        finally:
            await db.dispose()

    due_at = asyncio.run(seed())
    stamp = due_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    if json:
        print(jsonlib.dumps({"members": members, "due_at_utc": stamp}))
    else:
        print(f"Seeded {members} console members; their daily question is due at {stamp}.")
    return 0
