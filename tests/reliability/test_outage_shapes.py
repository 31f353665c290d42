"""Every shape of "the database cannot be used right now" pauses sending mid fan-out.

A real worker sends a fan-out through real PostgreSQL; at about 300 sends the database
becomes unusable one way or another for longer than a commit's retries once lasted:

- refused: `ALTER DATABASE ... ALLOW_CONNECTIONS false` and `pg_terminate_backend` on
  the test database's sessions (asyncpg: ObjectNotInPrerequisiteStateError, "not
  currently accepting connections", a plain DBAPIError to SQLAlchemy);
- starting up: every new connection answered with FATAL 57P03;
- too many connections: every new connection answered with FATAL 53300;
- blackholed: connections stay open and nothing comes back.

Each time at most the sends already in flight (the concurrency) happen while nothing can
be recorded, nobody gets a message twice once the database is back, every delivery ends
`sent`, and the operator sees a line when it starts and one when it clears, never a
traceback per row.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bot.clock import SystemClock
from bot.content import default_library
from bot.db.engine import Database
from bot.kinds import KINDS
from bot.schedule.clock import start_clock
from bot.schedule.dispatcher import DispatchSettings
from bot.schedule.worker import Worker
from prepbot.seed import seed_members
from tests.conftest import POSTGRES_ENV
from tests.fakes.tcp_proxy import TcpProxy
from tests.reliability.helpers import FIGURES
from tests.reliability.test_outages import NO_LIMITS, WAIT, Counting, _statuses, _until_sent

MEMBERS = 2000
CONCURRENCY = 16
START_AFTER = 300  # sends before the outage: well inside the fan-out
OUTAGE = 4.5  # longer than a commit's retries once lasted (5 tries, about 3 s)


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _admin(sql: str) -> None:
    """Run `sql` on the server's base database (not the one under test)."""
    connection = await asyncpg.connect(_dsn(os.environ[POSTGRES_ENV]))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


class Outage:
    """One way of making the test database unusable, and of ending it."""

    def __init__(self, database_url: str, proxy: TcpProxy) -> None:
        self.name = make_url(database_url).database or ""
        self.proxy = proxy

    async def refuse(self) -> None:
        await _admin(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS false')
        await _admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{self.name}' AND pid <> pg_backend_pid()"
        )

    async def allow(self) -> None:
        await _admin(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS true')

    async def starting_up(self) -> None:
        await self.proxy.answer_with("57P03", "the database system is starting up")

    async def too_many(self) -> None:
        await self.proxy.answer_with("53300", "sorry, too many clients already")

    async def blackhole(self) -> None:
        await self.proxy.blackhole()


SHAPES: dict[str, tuple[str, str]] = {
    # shape: (method that starts it, method that ends it)
    "refused": ("refuse", "allow"),
    "starting up": ("starting_up", "_restore"),
    "too many connections": ("too_many", "_restore"),
    "blackholed": ("blackhole", "_restore"),
}


@pytest.fixture
async def outage_proxy(database_url: str) -> AsyncIterator[TcpProxy]:
    if not database_url.startswith("postgresql"):
        pytest.skip("outage shapes need a PostgreSQL server to refuse")
    url = make_url(database_url)
    async with TcpProxy(url.host or "127.0.0.1", url.port or 5432) as running:
        yield running


def _through(database_url: str, proxy: TcpProxy) -> str:
    return make_url(database_url).set(port=proxy.port).render_as_string(hide_password=False)


def _shape(outage: Outage, method: str) -> Callable[[], Awaitable[None]]:
    if method == "_restore":
        return outage.proxy.restore
    found: Callable[[], Awaitable[None]] = getattr(outage, method)
    return found


@pytest.mark.parametrize("shape", sorted(SHAPES))
async def test_an_unusable_database_pauses_sending_within_the_in_flight_bound(
    shape: str,
    db: Database,
    database_url: str,
    outage_proxy: TcpProxy,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Sends while nothing can be recorded <= concurrency; none twice; all sent after."""
    caplog.set_level(logging.INFO)
    outage = Outage(database_url, outage_proxy)
    begin, end = (_shape(outage, method) for method in SHAPES[shape])
    now = datetime.now(UTC)
    users = await seed_members(db, MEMBERS, now, now)
    # The worker's own engine: through the proxy, or straight to the server it refuses.
    direct = shape == "refused"
    url = database_url if direct else _through(database_url, outage_proxy)
    worker_db = Database(url)
    transport = Counting()
    worker = Worker(
        KINDS,
        worker_db,
        default_library(),
        SystemClock(),
        {"console": transport},
        batch_size=200,
        dispatch=DispatchSettings(concurrency=CONCURRENCY, claim_batch=200),
        limiter=NO_LIMITS,
    )
    handle = await start_clock(worker, worker_db, SystemClock(), tick_seconds=0.1)
    try:
        async with asyncio.timeout(WAIT):
            while transport.received.total() < START_AFTER:  # noqa: ASYNC110
                await asyncio.sleep(0.005)
        await begin()
        # From the moment the database is unusable: what was in flight may still land.
        at_outage = transport.received.total()
        try:
            await asyncio.sleep(OUTAGE)
            during = transport.received.total() - at_outage
        finally:
            await end()
        await _until_sent(db, MEMBERS)
    finally:
        await handle.stop()
        await worker_db.dispose()
    assert during <= CONCURRENCY, f"{during} sends while nothing could be recorded"
    assert sorted(transport.received) == sorted(users)  # none lost
    twice = [user for user, count in transport.received.items() if count > 1]
    assert twice == []
    assert await _statuses(db) == {"sent": MEMBERS}
    problems = [
        r
        for r in caplog.records
        if r.name.startswith("bot.schedule") and r.levelno >= logging.WARNING
    ]
    assert [r for r in problems if r.exc_info] == []  # lines, not tracebacks
    assert len(problems) <= 6, [r.getMessage() for r in problems]  # once per episode
    FIGURES.scenarios.append(
        f"database {shape} mid fan-out: {during} sends while unrecordable, 0 duplicates"
    )
