"""Shared by the adapter benchmarks: seed members, run the real worker until all is sent.

`drain` ticks the real worker (engine + dispatcher + rate limiter) until every seeded
delivery has ended, however often the pacing hands deliveries back for later, and
reports how they ended; a deadline bounds a run that cannot finish.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select

from bot.clock import SystemClock
from bot.content import default_library
from bot.db.engine import Database
from bot.db.models import Delivery
from bot.kinds import KINDS
from bot.schedule.ratelimit import DEFAULT_LIMITS, Limit, RateLimiter
from bot.schedule.transport import Transport
from bot.schedule.worker import Worker

FINAL = ("sent", "failed", "missed", "skipped")


def scaled_limits(scale: float) -> dict[str, tuple[Limit, ...]]:
    """The dispatcher's production limits, `scale` times faster (bursts unchanged).

    A benchmark compresses time: the platform's allowed rates and ours are multiplied
    by the same factor, so a run that would take minutes takes seconds with the same
    shape (how many sends fit in a burst, how long a backlog waits).
    """
    return {
        platform: tuple(Limit(limit.scope, limit.rate * scale, limit.burst) for limit in limits)
        for platform, limits in DEFAULT_LIMITS.items()
    }


async def statuses(db: Database) -> dict[str, int]:
    """How many deliveries are in each status."""
    async with db.session() as session:
        found = await session.execute(
            select(Delivery.status, func.count()).group_by(Delivery.status)
        )
        return {status: count for status, count in found}


async def _retries(db: Database) -> dict[str, Any]:
    """Tries beyond the first, and why the deliveries not yet final are waiting."""
    async with db.session() as session:
        extra = await session.scalar(
            select(func.coalesce(func.sum(Delivery.attempts - 1), 0)).where(Delivery.attempts > 1)
        )
        waiting = await session.execute(
            select(Delivery.error, func.count())
            .where(Delivery.status.not_in(FINAL))
            .group_by(Delivery.error)
        )
        return {
            "extra_tries": int(extra or 0),
            "unfinished_because": {str(error): count for error, count in waiting},
        }


async def drain(
    db: Database,
    transports: Mapping[str, Transport],
    limiter: RateLimiter,
    expected: int,
    *,
    deadline: float,
    tick: float = 0.2,
) -> dict[str, Any]:
    """Tick the worker until `expected` deliveries have ended (or `deadline` seconds).

    A send that failed for a passing reason (a dropped connection on a loaded machine)
    comes back after the dispatcher's first backoff, in production as here: the deadline
    is stretched by that much, so a delivery waiting for its retry is not counted lost.
    The run still ends as soon as everything has ended.
    """
    worker = Worker(KINDS, db, default_library(), SystemClock(), transports, limiter=limiter)
    # The first backoff is `base_seconds`, give or take its 10% jitter.
    deadline += worker.dispatcher.settings.retry.base_seconds * 1.1 + tick
    await worker.start()
    started = time.monotonic()
    found: dict[str, int] = {}
    try:
        while time.monotonic() - started < deadline:
            await worker.run_once()
            found = await statuses(db)
            if sum(found.get(status, 0) for status in FINAL) >= expected:
                break
            await asyncio.sleep(tick)
    finally:
        await worker.stop()
    found = await statuses(db)
    return {
        "seconds": round(time.monotonic() - started, 3),
        "statuses": found,
        "unfinished": expected - sum(found.get(status, 0) for status in FINAL),
        **await _retries(db),
    }
