"""The clock: APScheduler's AsyncIOScheduler waking the delivery engine.

APScheduler is only the alarm. One interval job runs the worker's `run_once` every few
seconds; the schedule itself is the due rows in the database, so there is never one
APScheduler job per member and nothing to rebuild after a restart. The tick job
coalesces a backlog into one run and never overlaps itself (max_instances=1): a long
fan-out simply delays the next tick, and since every tick drains everything due, a
skipped tick loses nothing. A housekeeping job prunes old delivery rows.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import delete, select

from bot.clock import Clock
from bot.db.engine import Database, unreachable
from bot.db.models import Delivery
from bot.logs import ProblemLog
from bot.schedule.worker import TickReport, Worker

log = logging.getLogger(__name__)

TICK_JOB = "engine-tick"
PRUNE_JOB = "prune-deliveries"
# Finished deliveries are kept this long (support questions, "did it go out?"), then
# deleted; their keys guard dates and reminders that are long past by then.
KEEP_DELIVERIES = timedelta(days=90)
PRUNE_EVERY = timedelta(hours=6)
PRUNE_CHUNK = 5000
FINISHED = ("sent", "missed", "skipped", "failed")


class TickStillRunning(logging.Filter):
    """Drops APScheduler's warning that a tick was skipped because the last one runs on.

    That is the design (max_instances=1: a long fan-out delays the next tick, which
    then drains whatever is due), not a problem: left in, a 40-second fan-out printed a
    warning a tick, and an operator learns to ignore warnings. Other jobs keep it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """False for the engine tick's "skipped: maximum number of running instances"."""
        if "maximum number of running instances" not in str(record.msg):
            return True
        job = record.args[0] if isinstance(record.args, tuple) and record.args else None
        return getattr(job, "id", None) != TICK_JOB


_TICK_STILL_RUNNING = TickStillRunning()


def misfire_grace_seconds(tick_seconds: float) -> int:
    """How late a tick may still run: one interval; later ticks are dropped.

    Dropping is safe because the next tick drains everything due anyway; running a
    very late tick as well would only make two back-to-back runs.
    """
    return max(1, math.ceil(tick_seconds))


async def prune_deliveries(db: Database, now: datetime, keep: timedelta = KEEP_DELIVERIES) -> int:
    """Delete finished deliveries older than `keep`, in chunks; returns how many."""
    total = 0
    while True:
        async with db.session() as session:
            chunk = (
                select(Delivery.id)
                .where(Delivery.status.in_(FINISHED), Delivery.due_at < now - keep)
                .limit(PRUNE_CHUNK)
            )
            result = await session.execute(
                delete(Delivery)
                .where(Delivery.id.in_(chunk.scalar_subquery()))
                .execution_options(synchronize_session=False)
            )
        count = int(getattr(result, "rowcount", 0) or 0)
        total += count
        if count < PRUNE_CHUNK:
            return total


class ClockHandle:
    """A running clock; `stop()` ends it gracefully."""

    def __init__(self, scheduler: AsyncIOScheduler, worker: Worker) -> None:
        self.scheduler = scheduler
        self.worker = worker

    async def stop(self) -> None:
        """Stop ticking, then let the worker finish in-flight sends and release the rest.

        The running tick is not cancelled (APScheduler's shutdown would cancel it): a
        tick cut short between claiming a batch and queueing it would leave those
        claims `sending` until their lease ran out. `worker.stop` makes it wind down,
        handing back what it has not started, and waits for it.
        """
        if self.scheduler.running:
            self.scheduler.pause()
        await self.worker.stop()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
            await asyncio.sleep(0)  # AsyncIOScheduler shuts down on the loop's next turn


async def start_clock(
    worker: Worker,
    db: Database,
    clock: Clock,
    *,
    tick_seconds: float,
    on_tick: Callable[[TickReport], object] | None = None,
) -> ClockHandle:
    """Start the worker and the scheduler on the running event loop."""
    await worker.start()

    failing = ProblemLog(log, "engine tick failed", action=f"retrying every {tick_seconds:g} s")

    async def tick() -> None:
        try:
            report = await worker.run_once()
        except Exception as error:
            # One line while it lasts (an outage fails every tick), not a traceback a tick.
            failing.failed(error, trace=not unreachable(error))
            return
        failing.ok()
        if report.planned or report.sent or report.failed:
            log.info("tick: %s", report)
        if on_tick is not None:
            on_tick(report)

    async def prune() -> None:
        try:
            pruned = await prune_deliveries(db, clock.now())
        except Exception:
            log.exception("pruning deliveries failed")
            return
        if pruned:
            log.info("pruned %d finished deliveries", pruned)

    scheduler = AsyncIOScheduler(timezone=UTC)
    # Adding the same filter object twice is a no-op, so every clock can ask for it.
    logging.getLogger("apscheduler.scheduler").addFilter(_TICK_STILL_RUNNING)
    scheduler.add_job(
        tick,
        IntervalTrigger(seconds=tick_seconds, timezone=UTC),
        id=TICK_JOB,
        name="wake the delivery engine",
        coalesce=True,
        max_instances=1,
        misfire_grace_time=misfire_grace_seconds(tick_seconds),
        next_run_time=datetime.now(UTC),
    )
    scheduler.add_job(
        prune,
        IntervalTrigger(seconds=PRUNE_EVERY.total_seconds(), timezone=UTC),
        id=PRUNE_JOB,
        name="prune old deliveries",
        coalesce=True,
        max_instances=1,
        misfire_grace_time=int(PRUNE_EVERY.total_seconds()),
    )
    scheduler.start()
    return ClockHandle(scheduler, worker)
