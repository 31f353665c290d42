"""Running the scheduler: alone (`prepbot clock`) or beside an adapter (`prepbot run`).

Plain functions returning an exit code, so the command line wires them in a line each and
tests call them directly. The caller hands in the transports: which platforms a process
sends to is the composition root's choice, never the core's.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import sys
from collections.abc import Callable, Mapping
from typing import Protocol

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.content import ContentLibrary, default_library
from bot.db.engine import Database
from bot.foreground import Foreground
from bot.kinds import KINDS
from bot.schedule.clock import ClockHandle, start_clock
from bot.schedule.dispatcher import DispatchSettings
from bot.schedule.transport import Transport
from bot.schedule.worker import Worker

log = logging.getLogger(__name__)


class CommandSide(Protocol):
    """What a clock beside an adapter shares with the adapter's `PrepBot`."""

    content: ContentLibrary
    clock: Clock
    foreground: Foreground


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
    app_bot: CommandSide, db: Database, transports: Mapping[str, Transport], settings: Settings
) -> ClockHandle:
    """Start the scheduler beside an adapter on the running loop; `await handle.stop()`."""
    worker = Worker(
        KINDS,
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


# Builds a process's transports once its database and clock exist (the console's
# community transport reads the database; the platforms' need neither).
TransportFactory = Callable[[Database, Clock], Mapping[str, Transport]]


async def clock_main(
    settings: Settings,
    transports: TransportFactory,
    *,
    stop: asyncio.Event | None = None,
) -> int:
    """Run the clock until `stop` is set (SIGTERM and SIGINT set it), then stop cleanly."""
    clock = SystemClock()
    db = Database(settings.database_url)
    sending = transports(db, clock)
    worker = Worker(
        KINDS,
        db,
        default_library(),
        clock,
        sending,
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
        f"{settings.tick_seconds:g}s, sending to {', '.join(sorted(sending))}",
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
