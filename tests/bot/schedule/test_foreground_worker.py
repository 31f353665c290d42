"""A scheduler sharing its process with an adapter lets members' answers go first."""

from __future__ import annotations

import asyncio
from datetime import datetime

from bot.clock import VirtualClock
from bot.db.engine import Database
from bot.foreground import Foreground
from bot.schedule.engine import BatchResult
from bot.schedule.worker import Worker
from prepbot.seed import seed_members
from tests.bot.schedule.support import FakeTransport, deliveries, make_worker


def shared_worker(
    db: Database,
    clock: VirtualClock,
    transport: FakeTransport,
    foreground: Foreground,
    *,
    batch_size: int = 20,
    serving_batch_size: int = 5,
) -> Worker:
    return make_worker(
        db,
        clock,
        transport,
        batch_size=batch_size,
        foreground=foreground,
        serving_batch_size=serving_batch_size,
    )


async def test_the_fan_out_waits_for_an_answer_in_flight_then_sends_everything_once(
    db: Database, clock: VirtualClock
) -> None:
    users = await seed_members(db, 30, clock.now(), clock.now())
    foreground = Foreground(max_wait=30)
    transport = FakeTransport()
    worker = shared_worker(db, clock, transport, foreground)
    await worker.start()
    with foreground.serving():
        tick = asyncio.create_task(worker.run_once())
        await asyncio.sleep(0.3)
        assert transport.sent == [] and await deliveries(db) == []  # not even planned
    report = await asyncio.wait_for(tick, 60)
    await worker.stop()
    assert report.sent == 30
    assert sorted(user for _, user in transport.sent) == sorted(users)
    assert {row.status for row in await deliveries(db)} == {"sent"}


async def test_a_member_who_never_finishes_cannot_stall_the_fan_out(
    db: Database, clock: VirtualClock
) -> None:
    await seed_members(db, 12, clock.now(), clock.now())
    foreground = Foreground(max_wait=0.01)
    transport = FakeTransport()
    worker = shared_worker(db, clock, transport, foreground)
    await worker.start()
    with foreground.serving():
        report = await asyncio.wait_for(worker.run_once(), 60)
    await worker.stop()
    assert report.sent == 12 and len(transport.sent) == 12


async def test_batches_shrink_while_members_are_active_and_grow_back_after(
    db: Database, clock: VirtualClock
) -> None:
    now = [0.0]
    foreground = Foreground(monotonic=lambda: now[0])
    transport = FakeTransport()
    worker = shared_worker(db, clock, transport, foreground, batch_size=20, serving_batch_size=5)
    claimed: list[int] = []
    run_batch = worker.engine.run_batch

    async def recording(at: datetime, *, size: int | None = None) -> BatchResult:
        result = await run_batch(at, size=size)
        claimed.append(result.claimed)
        return result

    worker.engine.run_batch = recording  # type: ignore[method-assign]
    await worker.start()

    await seed_members(db, 12, clock.now(), clock.now(), tag="busy")
    with foreground.serving():  # a member was answered just now
        pass
    assert (await worker.run_once()).sent == 12
    assert claimed == [5, 5, 2, 0]

    claimed.clear()
    now[0] += 60  # nobody for a minute
    await seed_members(db, 12, clock.now(), clock.now(), tag="quiet")
    assert (await worker.run_once()).sent == 12
    assert claimed == [12, 0]
    await worker.stop()
