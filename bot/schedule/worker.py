"""The worker: one engine plus one dispatcher, draining whatever is due, then stopping.

`run_once` is what the clock's interval job calls: plan due rows batch by batch while
the dispatcher sends concurrently, pick up retries and stale claims, and return when
nothing is due. `stop` is graceful. `python -m prepbot.drill` runs one worker against
a database: the multi-process tests and fault drills drive it that way.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, fields

from bot.clock import Clock
from bot.content import ContentLibrary
from bot.db.engine import Database, unreachable
from bot.foreground import Foreground
from bot.logs import ProblemLog
from bot.schedule.dispatcher import Dispatcher, DispatchSettings
from bot.schedule.engine import Engine
from bot.schedule.kinds import DeliveryKind
from bot.schedule.ratelimit import RateLimiter
from bot.schedule.transport import Transport

log = logging.getLogger(__name__)


# The batch while members are being answered in this process. Planning a batch is a
# few uninterrupted stretches of CPU on the event loop and statements on the
# database's cores, all growing with its size, and a `/prep` that arrives mid-batch
# waits for the stretch in progress. `prepbot bench latency` (100,000 due, 40 commands
# a second): `/prep` p99 during the fan-out was 2.5-3.4x the idle p99 at 500 rows,
# 1.3-2.0x at 100 and 1.0-1.4x at 50, the fan-out no slower at 50 than at 100.
SERVING_BATCH_SIZE = 50


def new_worker_id() -> str:
    """`host:pid:random`: unique per process start, readable in `claimed_by`."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass(frozen=True)
class TickReport:
    """What one `run_once` did (counts, never timings)."""

    planned: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    missed: int = 0
    skipped: int = 0
    released: int = 0

    def __add__(self, other: TickReport) -> TickReport:
        return TickReport(
            *(getattr(self, f.name) + getattr(other, f.name) for f in fields(TickReport))
        )


class Worker:
    """Engine + dispatcher for one process."""

    def __init__(
        self,
        kinds: Mapping[str, DeliveryKind],
        db: Database,
        content: ContentLibrary,
        clock: Clock,
        transports: Mapping[str, Transport],
        *,
        worker_id: str | None = None,
        batch_size: int = 500,
        dispatch: DispatchSettings | None = None,
        limiter: RateLimiter | None = None,
        foreground: Foreground | None = None,
        serving_batch_size: int = SERVING_BATCH_SIZE,
    ) -> None:
        # Shared with the adapter when both run in one process (`prepbot run`); a
        # scheduler on its own gets one nobody enters, so it never waits.
        foreground = foreground or Foreground()
        self._foreground = foreground
        self.serving_batch_size = serving_batch_size
        self.worker_id = worker_id or new_worker_id()
        self.clock = clock
        dispatch = dispatch or DispatchSettings(claim_batch=batch_size)
        self.kinds = kinds
        self.dispatcher = Dispatcher(
            kinds,
            db,
            transports,
            content,
            clock,
            worker_id=self.worker_id,
            settings=dispatch,
            limiter=limiter,
            foreground=foreground,
        )
        self.engine = Engine(
            kinds,
            db,
            content,
            worker_id=self.worker_id,
            batch_size=batch_size,
            platforms=self.dispatcher.platforms,
            foreground=foreground,
        )
        self._lock = asyncio.Lock()
        self._stopping = False

    async def start(self) -> None:
        """Start the dispatcher's senders."""
        self._stopping = False
        self.dispatcher.start()

    async def run_once(self) -> TickReport:
        """Plan and send everything due now; returns when nothing more is ready."""
        if self._stopping:
            return TickReport()
        async with self._lock:
            before = dict(self.dispatcher.counts.counts)
            totals: dict[str, int] = {}
            # One planning lane: a second one contending for the same due rows measured
            # slower, and the dispatcher already overlaps sending with planning.
            await self._plan_due(totals)
            while not self._stopping and await self.dispatcher.claim_ready():
                pass
            # Rare (a worker died mid-send), so once per tick is plenty.
            if not self._stopping:
                await self.dispatcher.claim_stale()
            await self.dispatcher.drain()
            after = self.dispatcher.counts
            delta = {status: after[status] - before.get(status, 0) for status in after.counts}
        return TickReport(
            planned=totals.get("planned", 0),
            sent=delta.get("sent", 0),
            retried=delta.get("retry", 0),
            failed=delta.get("failed", 0),
            missed=delta.get("missed", 0) + totals.get("missed", 0),
            skipped=totals.get("skipped", 0),
            released=delta.get("released", 0),
        )

    async def _plan_due(self, totals: dict[str, int]) -> None:
        """Plan batches until one finds nothing due, handing each to the dispatcher."""
        while not self._stopping:
            await self._foreground.turn()
            size = self.engine.batch_size
            if self._foreground.recently_active:
                size = min(size, self.serving_batch_size)
            batch = await self.engine.run_batch(self.clock.now(), size=size)
            for status, count in (("planned", batch.planned), *batch.recorded.items()):
                totals[status] = totals.get(status, 0) + count
            await self.dispatcher.submit(batch.to_send)
            if batch.claimed == 0:
                return

    async def run(
        self, stop: asyncio.Event, interval: float, *, until_empty: bool = False
    ) -> TickReport:
        """Tick every `interval` seconds until `stop` is set, then stop gracefully.

        With `until_empty`, also stop once a tick finds nothing to do. Returns the totals.
        Setting `stop` in the middle of a fan-out ends it promptly: the current tick
        stops claiming, in-flight sends finish, unstarted claims are handed back.
        """
        await self.start()
        failing = ProblemLog(log, "engine tick failed", action=f"retrying every {interval:g} s")
        watcher = asyncio.create_task(self._stop_when(stop))
        total = TickReport()
        try:
            while not stop.is_set():
                try:
                    report = await self.run_once()
                    failing.ok()
                except Exception as error:
                    if until_empty:
                        raise
                    failing.failed(error, trace=not unreachable(error))
                    report = TickReport()
                total = total + report
                if until_empty and report == TickReport():
                    break
                if not until_empty:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), interval)
        finally:
            watcher.cancel()
            await self.stop()
        return total

    async def _stop_when(self, stop: asyncio.Event) -> None:
        await stop.wait()
        self._stopping = True
        self.dispatcher.request_stop()

    async def stop(self) -> None:
        """Stop taking work, let in-flight sends finish, hand back the rest."""
        self._stopping = True
        # Senders keep running while stopping, releasing instead of sending, so a tick
        # blocked on a full queue gets through and ends; then the senders stop.
        self.dispatcher.request_stop()
        async with self._lock:
            await self.dispatcher.stop()
