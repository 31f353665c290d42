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
from bot.health import health_server
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

# Second-generation collections between full ones (CPython's default is 10).
FULL_COLLECTION_THRESHOLD = 1000


def tune_garbage_collector() -> None:
    """Keep the cyclic garbage collector's pauses out of a fan-out.

    The content packs, SQLAlchemy's metadata and the platform SDKs are hundreds of
    thousands of objects that live as long as the process. A fan-out allocates fast
    enough to trigger full collections, and each one scanned all of them: pauses of up to
    100 ms in which nothing else on the event loop ran. So what start-up loaded is
    frozen out of the collector's sight (collected first, so nothing collectable is
    frozen). Then full collections are made rarer: a fan-out moves thousands of short-lived
    deliveries through the oldest generation, and at CPython's default threshold that
    meant about one full collection every two seconds, each 20-100 ms on a 2-core machine
    (`prepbot bench latency`: most of `/prep`'s p99 during a fan-out). Cycles are still
    collected, 100 times less often; almost everything is freed by reference counting.
    """
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_THRESHOLD)


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
        foreground=app_bot.foreground,
    )
    handle = await start_clock(worker, db, app_bot.clock, tick_seconds=settings.tick_seconds)
    tune_garbage_collector()
    return handle


async def clock_main(
    settings: Settings,
    *,
    json: bool = False,
    transports: Mapping[str, Transport] | None = None,
    stop: asyncio.Event | None = None,
    out: TextIO | None = None,
    health_port: int | None = None,
) -> int:
    """Run the clock until `stop` is set (SIGTERM and SIGINT set it), then stop cleanly.

    With `health_port`, `/healthz`, `/readyz` and `/metrics` are served on it meanwhile.
    """
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
    tune_garbage_collector()
    print(
        f"prepbot clock: worker {worker.worker_id} on {db.backend}, ticking every "
        f"{settings.tick_seconds:g}s, sending to {', '.join(sorted(transports))}",
        file=sys.stderr,
        flush=True,
    )
    try:
        async with health_server(db, health_port):
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
