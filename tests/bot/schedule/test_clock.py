"""The APScheduler clock: one interval job wakes the engine; `prepbot clock --json`."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import func, select

from bot.app import PrepBot
from bot.clock import SystemClock, VirtualClock
from bot.config import Settings
from bot.db.engine import Database
from bot.db.models import ScheduledItem
from bot.runtime import clock_main, start_clock_in_loop
from bot.schedule.clock import (
    PRUNE_JOB,
    TICK_JOB,
    TickStillRunning,
    prune_deliveries,
    start_clock,
)
from prepbot.cli import console_transports
from prepbot.seed import bench_seed, seed_members
from tests.bot.schedule.support import FakeTransport, deliveries, make_worker


async def test_one_interval_job_wakes_the_engine(db: Database) -> None:
    """The scheduler holds one tick job (coalesced, never overlapping) and housekeeping."""
    worker = make_worker(db, SystemClock(), FakeTransport())
    handle = await start_clock(worker, db, SystemClock(), tick_seconds=5)
    try:
        scheduler: AsyncIOScheduler = handle.scheduler
        jobs = {job.id: job for job in scheduler.get_jobs()}
        assert set(jobs) == {TICK_JOB, PRUNE_JOB}
        tick = jobs[TICK_JOB]
        assert (tick.coalesce, tick.max_instances, tick.misfire_grace_time) == (True, 1, 5)
        assert tick.trigger.interval == timedelta(seconds=5)
    finally:
        await handle.stop()


async def test_clock_json_prints_each_delivery_in_the_simulate_format(
    db: Database, database_url: str
) -> None:
    """`prepbot clock --json` delivers due questions as simulate-format JSON lines."""
    now = datetime.now(UTC)
    users = await seed_members(db, 3, now, now)
    out = io.StringIO()
    stop = asyncio.Event()
    settings = Settings(database_url=database_url, tick_seconds=0.1)
    transports = console_transports(out, json=True)
    running = asyncio.create_task(clock_main(settings, transports, stop=stop))
    for _ in range(500):
        if out.getvalue().count("\n") >= 3:
            break
        await asyncio.sleep(0.02)
    stop.set()
    assert await running == 0
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert sorted(line["user"] for line in lines) == sorted(users)
    assert all(list(line) == ["at_utc", "at_local", "user", "kind", "text"] for line in lines)
    assert {line["kind"] for line in lines} == {"daily_question"}
    assert all(
        line["at_utc"].endswith("Z") and line["at_local"].endswith("+00:00") for line in lines
    )


async def test_pruning_keeps_recent_and_unfinished_deliveries(
    db: Database, clock: VirtualClock
) -> None:
    """Housekeeping deletes finished deliveries past the retention, nothing else."""
    await seed_members(db, 2, clock.now(), clock.now())
    worker = make_worker(db, clock, FakeTransport())
    await worker.start()
    await worker.run_once()
    await worker.stop()
    assert await prune_deliveries(db, clock.now()) == 0
    assert await prune_deliveries(db, clock.now() + timedelta(days=91)) == 2
    assert await deliveries(db) == []


def test_bench_seed(database_url: str) -> None:
    """`prepbot bench seed --members N --due-in S` creates N members due then."""
    settings = Settings(database_url=database_url)
    assert bench_seed(settings, 25, 60) == 0
    assert bench_seed(settings, 0, 60) == 2

    async def count() -> int:
        db = Database(database_url)
        try:
            async with db.session() as session:
                return int(
                    await session.scalar(select(func.count()).select_from(ScheduledItem)) or 0
                )
        finally:
            await db.dispose()

    assert asyncio.run(count()) == 25


async def test_the_clock_runs_beside_an_adapter(db: Database, database_url: str) -> None:
    """`prepbot run`: the clock starts on the adapter's loop and delivers through its transport."""
    now = datetime.now(UTC)
    [user] = await seed_members(db, 1, now, now)
    transport = FakeTransport()
    bot = PrepBot(db, transports={"console": transport})
    settings = Settings(database_url=database_url, tick_seconds=0.1)
    handle = await start_clock_in_loop(bot, db, bot.transports, settings)
    try:
        for _ in range(500):
            if transport.sent:
                break
            await asyncio.sleep(0.02)
    finally:
        await handle.stop()
    assert [who for _, who in transport.sent] == [user]
    assert not handle.scheduler.running


async def test_ticks_skipped_during_a_long_fan_out_are_not_warned_about(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    """A tick that runs on (a fan-out) delays the next ones by design: no warning a tick."""
    now = datetime.now(UTC)
    await seed_members(db, 1, now, now)
    transport = FakeTransport()
    transport.gate = asyncio.Event()  # the send, and so the first tick, hangs until set
    worker = make_worker(db, SystemClock(), transport)
    caplog.set_level(logging.DEBUG, logger="apscheduler")
    handle = await start_clock(worker, db, SystemClock(), tick_seconds=0.1)
    try:
        await asyncio.sleep(0.6)  # five more ticks come due while the first one runs
    finally:
        transport.gate.set()
        await handle.stop()
    assert len(transport.sent) == 1
    assert any("Running job" in record.getMessage() for record in caplog.records)
    assert not [r for r in caplog.records if "running instances" in r.getMessage()]


def test_only_the_engine_ticks_overlap_is_quiet() -> None:
    """Another job overlapping itself is unexpected, and still worth its warning."""
    message = 'Execution of job "%s" skipped: maximum number of running instances reached (%d)'

    def kept(job_id: str, text: str = message) -> bool:
        args = (SimpleNamespace(id=job_id), 1)
        record = logging.LogRecord("apscheduler.scheduler", 30, __file__, 1, text, args, None)
        return TickStillRunning().filter(record)

    assert not kept(TICK_JOB)
    assert kept(PRUNE_JOB)
    assert kept(TICK_JOB, 'Run time of job "%s" was missed by %s')
