"""Helpers for scheduling tests: play a scenario on a test database, read rows back."""

from __future__ import annotations

import asyncio
import importlib
import pkgutil
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

import bot.handlers
from bot.clock import Clock
from bot.content import ContentLibrary, default_library
from bot.db.engine import Database
from bot.db.models import Delivery, Member, ScheduledItem
from bot.foreground import Foreground
from bot.kinds import KINDS
from bot.replies import Reply
from bot.schedule.dispatcher import DispatchSettings
from bot.schedule.ratelimit import RateLimiter
from bot.schedule.transport import Recipient
from bot.schedule.worker import SERVING_BATCH_SIZE, Worker
from prepbot.scenario import parse_scenario
from prepbot.simulate import Simulation

# Every handler module, whether or not the package's __init__ lists it yet, so these
# tests (and the scenario files) see the whole bot.
for _module in pkgutil.iter_modules(bot.handlers.__path__, "bot.handlers."):
    importlib.import_module(_module.name)


def utc(text: str) -> datetime:
    """`2026-03-08T07:30` (or with Z) as an aware UTC datetime."""
    return datetime.fromisoformat(text.replace("Z", "")).replace(tzinfo=UTC)


async def play(
    db: Database, scenario: dict[str, Any], content: ContentLibrary | None = None
) -> list[dict[str, Any]]:
    """Run a scenario (as a dict, like the YAML) on `db`; returns the output lines."""
    simulation = Simulation(parse_scenario(scenario), db, content or default_library())
    return await simulation.run()


def of_kind(
    lines: list[dict[str, Any]], kind: str, user: str | None = None
) -> list[dict[str, Any]]:
    """The lines of one kind (and user)."""
    return [line for line in lines if line["kind"] == kind and user in (None, line["user"])]


async def deliveries(db: Database, kind: str | None = None) -> list[Delivery]:
    """Every delivery row (of one kind), oldest first."""
    async with db.session() as session:
        statement = select(Delivery).order_by(Delivery.due_at, Delivery.id)
        if kind is not None:
            statement = statement.where(Delivery.kind == kind)
        return list((await session.execute(statement)).scalars())


async def items(db: Database) -> list[ScheduledItem]:
    """Every scheduled row."""
    async with db.session() as session:
        return list((await session.execute(select(ScheduledItem))).scalars())


async def member(db: Database, user: str) -> Member:
    """The console member a scenario user became."""
    async with db.session() as session:
        found = await session.execute(select(Member).where(Member.external_id == user))
        return found.scalar_one()


class FakeTransport:
    """A console-platform transport that records sends and fails on request.

    `failures` maps a user id to the exceptions its next sends raise, in order.
    """

    platform = "console"

    def __init__(self, failures: dict[str, list[Exception]] | None = None) -> None:
        self.sent: list[tuple[str, str]] = []
        self.failures = failures or {}
        self.gate: asyncio.Event | None = None

    async def send(self, recipient: Recipient, reply: Reply, *, idempotency_key: str) -> None:
        if self.gate is not None:
            await self.gate.wait()
        queued = self.failures.get(recipient.user_id)
        if queued:
            raise queued.pop(0)
        self.sent.append((idempotency_key, recipient.user_id))


def make_worker(
    db: Database,
    clock: Clock,
    transport: Any,
    *,
    batch_size: int = 50,
    concurrency: int = 4,
    limiter: RateLimiter | None = None,
    foreground: Foreground | None = None,
    serving_batch_size: int = SERVING_BATCH_SIZE,
    **dispatch: Any,
) -> Worker:
    """A worker sending through `transport` with no rate limits unless given."""
    return Worker(
        KINDS,
        db,
        default_library(),
        clock,
        {transport.platform: transport},
        worker_id="test-worker",
        batch_size=batch_size,
        dispatch=DispatchSettings(concurrency=concurrency, claim_batch=batch_size, **dispatch),
        limiter=limiter or RateLimiter({}),
        foreground=foreground,
        serving_batch_size=serving_batch_size,
    )
