"""Prometheus metrics (`/metrics`): what an operator graphs and alerts on.

Counters move where the work happens (the dispatcher records each delivery's outcome,
`PrepBot.handle_command` times each command); the backlog gauges are read from the
database when `/metrics` is scraped, so every process reports the same queue, whichever
of them does the sending. All names start with `prepbot_`.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from sqlalchemy import func, select

from bot.db.engine import Database
from bot.db.models import Delivery, ScheduledItem

DELIVERIES_SENT = Counter(
    "prepbot_deliveries_sent_total", "Deliveries the platform accepted.", ["kind", "platform"]
)
DELIVERIES_FAILED = Counter(
    "prepbot_deliveries_failed_total",
    "Deliveries that failed for good (paused member, gave up after retries).",
    ["kind", "platform"],
)
DELIVERIES_RETRIED = Counter(
    "prepbot_deliveries_retried_total",
    "Send attempts that failed for now and will be tried again.",
    ["kind", "platform"],
)
RATE_LIMITED = Counter(
    "prepbot_rate_limited_total", "HTTP 429 answers from a platform.", ["platform"]
)
DUE_BACKLOG = Gauge(
    "prepbot_due_backlog",
    "Scheduled messages due now or earlier and not sent yet (due rows + pending deliveries).",
)
OLDEST_DUE_AGE = Gauge(
    "prepbot_oldest_due_age_seconds", "How late the oldest due-but-unsent message is (0: none)."
)
COMMAND_SECONDS = Histogram(
    "prepbot_command_seconds",
    "Time to answer one /prep command, by platform.",
    ["platform"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

# Delivery statuses still waiting to go out.
UNSENT = ("pending", "sending")


def count_outcome(kind: str, platform: str, status: str) -> None:
    """Count one delivery outcome (the dispatcher's `Outcome.status`)."""
    if status == "sent":
        DELIVERIES_SENT.labels(kind, platform).inc()
    elif status == "failed":
        DELIVERIES_FAILED.labels(kind, platform).inc()
    elif status == "retry":
        DELIVERIES_RETRIED.labels(kind, platform).inc()


def count_rate_limited(platform: str) -> None:
    """Count one 429 from `platform`."""
    RATE_LIMITED.labels(platform).inc()


Handler = TypeVar("Handler", bound=Callable[..., Awaitable[Any]])


def timed_command(method: Handler) -> Handler:
    """Decorate `handle_command(self, actor, command)`: observe its duration by platform."""

    @functools.wraps(method)
    async def timed(self: object, actor: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return await method(self, actor, *args, **kwargs)
        finally:
            COMMAND_SECONDS.labels(actor.platform).observe(time.perf_counter() - started)

    return timed  # type: ignore[return-value]


async def refresh_backlog(db: Database, now: datetime | None = None) -> None:
    """Set the backlog gauges from the database (called on each scrape)."""
    now = now or datetime.now(UTC)
    async with db.session() as session:
        rows, row_oldest = (
            await session.execute(
                select(func.count(), func.min(ScheduledItem.next_run_at)).where(
                    ScheduledItem.active.is_(True), ScheduledItem.next_run_at <= now
                )
            )
        ).one()
        deliveries, delivery_oldest = (
            await session.execute(
                select(func.count(), func.min(Delivery.due_at)).where(
                    Delivery.status.in_(UNSENT), Delivery.due_at <= now
                )
            )
        ).one()
    DUE_BACKLOG.set(rows + deliveries)
    oldest = min((t for t in (row_oldest, delivery_oldest) if t is not None), default=None)
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)
    OLDEST_DUE_AGE.set(max(0.0, (now - oldest).total_seconds()) if oldest else 0.0)


def exposition() -> tuple[bytes, str]:
    """The text Prometheus scrapes and its content type."""
    return generate_latest(), CONTENT_TYPE_LATEST
