"""The dispatcher: retries with backoff, permanent failures, expiry, leases, stop."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select, update

from bot.clock import VirtualClock
from bot.db.engine import Database
from bot.db.models import Delivery, Member, ScheduledItem
from bot.schedule.dispatcher import RetryPolicy
from bot.schedule.ratelimit import Limit, RateLimiter
from bot.schedule.transport import PermanentSendError, TemporarySendError
from prepbot.seed import seed_members
from tests.bot.schedule.support import FakeTransport, deliveries, items, make_worker


async def test_temporary_errors_are_retried_with_backoff(db: Database, clock: VirtualClock) -> None:
    """A temporary failure comes back after the backoff, and then goes out once."""
    [user] = await seed_members(db, 1, clock.now(), clock.now())
    transport = FakeTransport({user: [TemporarySendError("server error")]})
    worker = make_worker(db, clock, transport)
    await worker.start()
    first = await worker.run_once()
    [row] = await deliveries(db)
    assert first.retried == 1 and transport.sent == []
    assert (row.status, row.attempts, row.error) == ("pending", 1, "server error")
    assert row.not_before > clock.now()
    assert (await worker.run_once()).sent == 0  # not yet
    clock.set(row.not_before)
    assert (await worker.run_once()).sent == 1
    await worker.stop()
    [row] = await deliveries(db)
    assert (row.status, row.attempts, row.error) == ("sent", 2, None)
    assert len(transport.sent) == 1


async def test_retry_after_is_honoured(db: Database, clock: VirtualClock) -> None:
    """A platform's Retry-After longer than the backoff sets the next attempt."""
    [user] = await seed_members(db, 1, clock.now(), clock.now())
    transport = FakeTransport({user: [TemporarySendError("rate limited", retry_after=900)]})
    worker = make_worker(db, clock, transport)
    await worker.start()
    await worker.run_once()
    await worker.stop()
    [row] = await deliveries(db)
    assert row.not_before >= clock.now() + timedelta(seconds=900)


async def test_a_rate_limit_waits_only_retry_after_and_costs_no_try(
    db: Database, clock: VirtualClock
) -> None:
    """A 429 (or pacing) is not a failure: back after Retry-After, never given up on."""
    [user] = await seed_members(db, 1, clock.now(), clock.now())
    limited = TemporarySendError("ratelimited", retry_after=1.0, throttled=True)
    transport = FakeTransport({user: [limited] * 8})
    worker = make_worker(db, clock, transport, retry=RetryPolicy(max_attempts=3))
    await worker.start()
    for _ in range(8):
        await worker.run_once()
        [row] = await deliveries(db)
        assert (row.status, row.attempts, row.error) == ("pending", 0, "ratelimited")
        assert row.not_before == clock.now() + timedelta(seconds=1)  # not 30 s of backoff
        clock.set(row.not_before)
    assert (await worker.run_once()).sent == 1
    await worker.stop()
    [row] = await deliveries(db)
    assert (row.status, row.attempts, row.error) == ("sent", 1, None)
    assert len(transport.sent) == 1


async def test_a_send_that_hangs_times_out_and_is_retried(
    db: Database, clock: VirtualClock
) -> None:
    """A platform call that never answers ends at `send_timeout` and comes back later."""
    await seed_members(db, 1, clock.now(), clock.now())
    transport = FakeTransport()
    transport.gate = asyncio.Event()  # never set: the send hangs
    worker = make_worker(db, clock, transport, send_timeout=0.05)
    await worker.start()
    report = await asyncio.wait_for(worker.run_once(), 10)
    assert report.retried == 1 and transport.sent == []
    [row] = await deliveries(db)
    assert (row.status, row.attempts, row.error) == ("pending", 1, "timed out")
    transport.gate.set()
    clock.set(row.not_before)
    assert (await worker.run_once()).sent == 1
    await worker.stop()


def test_backoff_grows_and_is_capped() -> None:
    """Delays double per attempt (with a stable +-10% jitter) up to the cap."""
    policy = RetryPolicy(base_seconds=10, factor=2, cap_seconds=60)
    delays = [policy.delay(n, "key").total_seconds() for n in range(1, 7)]
    assert delays == sorted(delays)
    assert 9 <= delays[0] <= 11 and 18 <= delays[1] <= 22 and delays[-1] <= 66
    assert policy.delay(3, "key") == policy.delay(3, "key")


async def test_giving_up_after_max_attempts(db: Database, clock: VirtualClock) -> None:
    """A delivery that keeps failing is marked failed with the reason, not retried forever."""
    [user] = await seed_members(db, 1, clock.now(), clock.now())
    transport = FakeTransport({user: [TemporarySendError("timeout")] * 10})
    worker = make_worker(db, clock, transport, retry=RetryPolicy(max_attempts=3))
    await worker.start()
    for _ in range(5):
        await worker.run_once()
        clock.set(clock.now() + timedelta(hours=2))
    await worker.stop()
    [row] = await deliveries(db)
    assert (row.status, row.attempts) == ("failed", 3)
    assert row.error == "gave up after 3 tries: timeout"


async def test_permanent_errors_pause_the_member(db: Database, clock: VirtualClock) -> None:
    """DMs closed: the delivery fails with the reason and the member's schedule pauses."""
    first, second = await seed_members(db, 2, clock.now(), clock.now())
    transport = FakeTransport({first: [PermanentSendError("cannot_dm_user")]})
    worker = make_worker(db, clock, transport)
    await worker.start()
    report = await worker.run_once()
    await worker.stop()
    assert report.failed == 1 and report.sent == 1
    async with db.session() as session:
        paused = dict(
            (await session.execute(select(Member.external_id, Member.paused_reason))).all()
        )
        active = dict(
            (
                await session.execute(
                    select(Member.external_id, ScheduledItem.active).join(
                        Member, Member.id == ScheduledItem.member_id
                    )
                )
            ).all()
        )
    assert paused == {first: "cannot_dm_user", second: None}
    assert active == {first: False, second: True}
    failed = [row for row in await deliveries(db) if row.status == "failed"]
    assert [row.error for row in failed] == ["cannot_dm_user"]


async def test_delivery_scoped_errors_pause_nobody(db: Database, clock: VirtualClock) -> None:
    """A message that alone cannot go out fails with its reason; no schedule pauses."""
    first, _ = await seed_members(db, 2, clock.now(), clock.now())
    error = PermanentSendError("user_not_found", scope="delivery")
    worker = make_worker(db, clock, FakeTransport({first: [error]}), concurrency=1)
    await worker.start()
    report = await worker.run_once()
    await worker.stop()
    assert report.failed == 1 and report.sent == 1
    async with db.session() as session:
        reasons = set((await session.execute(select(Member.paused_reason))).scalars())
        active = set((await session.execute(select(ScheduledItem.active))).scalars())
    assert reasons == {None} and active == {True}
    assert [row.error for row in await deliveries(db) if row.status == "failed"] == [
        "user_not_found"
    ]


async def test_workspace_errors_pause_the_whole_team(db: Database, clock: VirtualClock) -> None:
    """App uninstalled: every member of that workspace is paused."""
    first, _ = await seed_members(db, 2, clock.now(), clock.now())
    error = PermanentSendError("account_inactive", scope="team")
    transport = FakeTransport({first: [error]})
    worker = make_worker(db, clock, transport, concurrency=1)
    await worker.start()
    await worker.run_once()
    await worker.stop()
    async with db.session() as session:
        reasons = set((await session.execute(select(Member.paused_reason))).scalars())
    assert reasons == {"account_inactive"}


async def test_expired_deliveries_are_missed(db: Database, clock: VirtualClock) -> None:
    """A daily question retried past its deadline is recorded as missed, not sent."""
    [user] = await seed_members(db, 1, clock.now(), clock.now())
    transport = FakeTransport({user: [TemporarySendError("server error")]})
    worker = make_worker(db, clock, transport)
    await worker.start()
    await worker.run_once()
    [row] = await deliveries(db)
    clock.set(clock.now() + timedelta(hours=12))  # past 21:00 UTC that day
    assert row.expires_at is not None
    await worker.run_once()
    await worker.stop()
    [row] = await deliveries(db)
    assert row.status == "missed" and transport.sent == []


async def test_stale_claims_are_recovered_after_the_lease(
    db: Database, clock: VirtualClock
) -> None:
    """A delivery left `sending` by a crashed worker is sent again once its lease ends."""
    await seed_members(db, 1, clock.now(), clock.now())
    planner = make_worker(db, clock, FakeTransport())
    await planner.engine.run_batch(clock.now())  # claims it, then "crashes"
    transport = FakeTransport()
    worker = make_worker(db, clock, transport, lease=timedelta(minutes=10))
    await worker.start()
    assert (await worker.run_once()).sent == 0  # lease still running
    clock.set(clock.now() + timedelta(minutes=11))
    assert (await worker.run_once()).sent == 1
    await worker.stop()
    [row] = await deliveries(db)
    assert (row.status, row.attempts, row.claimed_by) == ("sent", 2, "test-worker")


async def test_graceful_stop_releases_unstarted_claims(db: Database, clock: VirtualClock) -> None:
    """Stopping mid fan-out finishes in-flight sends and hands every other claim back."""
    await seed_members(db, 40, clock.now(), clock.now())
    transport = FakeTransport()
    transport.gate = asyncio.Event()
    worker = make_worker(db, clock, transport, batch_size=20, concurrency=3)
    await worker.start()
    tick = asyncio.create_task(worker.run_once())
    for _ in range(3000):  # wait until senders hold deliveries at the gate
        async with db.session() as session:
            claimed = (
                await session.execute(select(Delivery.id).where(Delivery.status == "sending"))
            ).all()
        if claimed:
            break
        await asyncio.sleep(0.01)
    assert claimed
    stopping = asyncio.create_task(worker.stop())
    await asyncio.sleep(0.05)
    transport.gate.set()  # the three in-flight sends complete
    await stopping
    await tick
    statuses = [row.status for row in await deliveries(db)]
    assert "sending" not in statuses
    assert statuses.count("sent") == len(transport.sent) <= 3
    # A second worker picks up the rest: nothing lost, nothing twice.
    again = FakeTransport()
    worker = make_worker(db, clock, again)
    await worker.start()
    await worker.run_once()
    await worker.stop()
    keys = [key for key, _ in transport.sent + again.sent]
    assert len(keys) == len(set(keys)) == 40


async def test_rate_limits_defer_instead_of_blocking(db: Database, clock: VirtualClock) -> None:
    """Past a workspace's budget, deliveries are handed back for later, not dropped."""
    await seed_members(db, 5, clock.now(), clock.now())
    ticks = iter(range(10_000))
    limiter = RateLimiter(
        {"console": (Limit("team", rate=0.01, burst=2),)}, monotonic=lambda: next(ticks) * 1e-6
    )
    transport = FakeTransport()
    worker = make_worker(db, clock, transport, limiter=limiter)
    await worker.start()
    report = await worker.run_once()
    await worker.stop()
    assert report.sent == 2 and report.released == 3
    pending = [row for row in await deliveries(db) if row.status == "pending"]
    assert len(pending) == 3 and all(row.not_before > clock.now() for row in pending)
    assert all(row.attempts == 0 for row in pending)


async def test_unrenderable_payloads_fail_without_a_send(db: Database, clock: VirtualClock) -> None:
    """A payload the kind cannot render fails with the reason (a bug, never a loop)."""
    await seed_members(db, 1, clock.now(), clock.now())
    planner = make_worker(db, clock, FakeTransport())
    await planner.engine.run_batch(clock.now())
    async with db.session() as session:
        await session.execute(update(Delivery).values(status="pending", payload={}))
    transport = FakeTransport()
    worker = make_worker(db, clock, transport)
    await worker.start()
    await worker.run_once()
    await worker.stop()
    [row] = await deliveries(db)
    assert row.status == "failed" and row.error.startswith("could not render")
    assert transport.sent == [] and len(await items(db)) == 1
