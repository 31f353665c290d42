"""The due-row engine: batches, the dedupe key, unknown kinds, drops and skips."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from bot.clock import VirtualClock
from bot.db.engine import Database
from bot.db.models import DailySubscription, Delivery, ScheduledItem
from prepbot.seed import seed_members
from tests.bot.schedule.support import FakeTransport, deliveries, items, make_worker


async def test_a_batch_run_plans_and_sends_every_due_row(db: Database, clock: VirtualClock) -> None:
    """Due rows across several batches are all planned, sent once and moved to tomorrow."""
    users = await seed_members(db, 23, clock.now(), clock.now())
    transport = FakeTransport()
    worker = make_worker(db, clock, transport, batch_size=5)
    await worker.start()
    report = await worker.run_once()
    await worker.stop()
    assert report.planned == 23 and report.sent == 23
    assert sorted(user for _, user in transport.sent) == sorted(users)
    assert {row.status for row in await deliveries(db)} == {"sent"}
    tomorrow = clock.now() + timedelta(days=1)
    assert {row.next_run_at for row in await items(db)} == {tomorrow}


async def test_the_dedupe_key_stops_a_second_send_for_a_date(
    db: Database, clock: VirtualClock
) -> None:
    """Planning the same local date again (a replan, a second process) sends nothing."""
    await seed_members(db, 3, clock.now(), clock.now())
    transport = FakeTransport()
    worker = make_worker(db, clock, transport)
    await worker.start()
    await worker.run_once()
    async with db.session() as session:  # as if replanned to today's time again
        await session.execute(update(ScheduledItem).values(next_run_at=clock.now()))
    report = await worker.run_once()
    await worker.stop()
    assert report.planned == 3 and report.sent == 0
    assert len(transport.sent) == 3 and len(await deliveries(db)) == 3


async def test_unknown_kinds_are_left_due(db: Database, clock: VirtualClock) -> None:
    """A row of a kind no module registered waits instead of being lost."""
    await seed_members(db, 1, clock.now(), clock.now())
    async with db.session() as session:
        await session.execute(update(ScheduledItem).values(kind="not_deployed_yet"))
    worker = make_worker(db, clock, FakeTransport())
    await worker.start()
    report = await worker.run_once()
    await worker.stop()
    assert report.planned == 0
    assert [row.kind for row in await items(db)] == ["not_deployed_yet"]


async def test_turned_off_daily_rows_are_dropped(db: Database, clock: VirtualClock) -> None:
    """A due row whose subscription is off records nothing and is removed."""
    await seed_members(db, 2, clock.now(), clock.now())
    async with db.session() as session:
        await session.execute(update(DailySubscription).values(enabled=False))
    worker = make_worker(db, clock, FakeTransport())
    await worker.start()
    await worker.run_once()
    await worker.stop()
    assert await deliveries(db) == [] and await items(db) == []


async def test_a_due_skipped_date_is_recorded_as_skipped(db: Database, clock: VirtualClock) -> None:
    """A row due on the member's skip date is recorded as skipped, not sent."""
    await seed_members(db, 1, clock.now(), clock.now())
    async with db.session() as session:
        await session.execute(update(DailySubscription).values(skip_date=clock.now().date()))
    transport = FakeTransport()
    worker = make_worker(db, clock, transport)
    await worker.start()
    report = await worker.run_once()
    await worker.stop()
    assert report.skipped == 1 and transport.sent == []
    assert [row.status for row in await deliveries(db)] == ["skipped"]


async def test_platforms_without_a_transport_stay_pending(
    db: Database, clock: VirtualClock
) -> None:
    """A worker that cannot reach a platform plans its rows but leaves them for others."""
    await seed_members(db, 2, clock.now(), clock.now())
    transport = FakeTransport()
    transport.platform = "slack"
    worker = make_worker(db, clock, transport)
    await worker.start()
    report = await worker.run_once()
    await worker.stop()
    assert report.planned == 2 and transport.sent == []
    async with db.session() as session:
        rows = (await session.execute(select(Delivery.status, Delivery.claimed_by))).all()
    assert rows == [("pending", None), ("pending", None)]
