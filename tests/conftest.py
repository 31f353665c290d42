"""Shared fixtures: a fresh, migrated database per test on SQLite and on PostgreSQL.

PostgreSQL runs when PREPBOT_TEST_POSTGRES_URL is set (`.ci/run` sets it); on a laptop
without it those cases skip with the reason. Under CI (CI=true) a missing URL fails
instead, so the PostgreSQL half can never silently stop running.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.clock import VirtualClock
from bot.db.engine import Database
from bot.db.migrate import upgrade

POSTGRES_ENV = "PREPBOT_TEST_POSTGRES_URL"


def postgres_base_url() -> str | None:
    """The PostgreSQL server URL for tests, or None (skip) on a machine without one."""
    url = os.environ.get(POSTGRES_ENV)
    if not url and os.environ.get("CI") == "true":
        pytest.fail(f"{POSTGRES_ENV} is not set under CI: the PostgreSQL tests must run")
    return url


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str | None]:
    """A migrated PostgreSQL database for this test session (dropped at the end)."""
    base = postgres_base_url()
    if base is None:
        yield None
        return
    import asyncpg

    name = f"prepbot_test_{uuid.uuid4().hex[:10]}"
    parsed = make_url(base)
    dsn = parsed.set(drivername="postgresql").render_as_string(hide_password=False)

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(dsn)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    url = parsed.set(drivername="postgresql", database=name).render_as_string(hide_password=False)
    upgrade(url)
    yield url
    asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated SQLite file, copied for each test (copying beats migrating every time)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    url = f"sqlite:///{path}"
    upgrade(url)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: str,
    postgres_template: str | None,
) -> Iterator[str]:
    """A fresh migrated database URL, once per backend."""
    if request.param == "sqlite":
        source = Path(make_url(sqlite_template).database or "")
        target = Path(tmp_path) / "prepbot.sqlite3"
        shutil.copyfile(source, target)
        yield f"sqlite:///{target}"
        return
    if postgres_template is None:
        pytest.skip(f"PostgreSQL not configured: set {POSTGRES_ENV} to run these cases")
    _truncate_all(postgres_template)
    yield postgres_template


def _truncate_all(url: str) -> None:
    import asyncpg

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)

    async def run() -> None:
        conn = await asyncpg.connect(dsn)
        try:
            existing = await conn.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'"
            )
            # Every table the migrations made (slack_sdk's OAuth ones too), not just ours.
            names = ", ".join(f'"{row["tablename"]}"' for row in existing)
            if names:
                await conn.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        finally:
            await conn.close()

    asyncio.run(run())


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    """A `Database` on a fresh migrated schema, per backend."""
    database = Database(database_url)
    yield database
    await database.dispose()


@pytest.fixture
def clock() -> VirtualClock:
    """A virtual clock at a fixed, ordinary moment."""
    return VirtualClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
