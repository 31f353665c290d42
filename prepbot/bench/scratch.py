"""A throw-away database per benchmark run, so a bench never touches real data.

On PostgreSQL a fresh `prepbot_bench_<hex>` database is created on the server the URL
names (the URL's own database is only used to connect) and dropped at the end; on SQLite
a fresh file is made beside the given path and removed. Either way it is migrated with
the real Alembic scripts, so the benchmark runs on the schema production has.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.db.engine import Database
from bot.db.migrate import upgrade
from bot.db.models import Base

PREFIX = "prepbot_bench_"


@dataclass(frozen=True)
class Scratch:
    """The scratch database: its URL (as a user writes it) and name."""

    url: str
    name: str
    backend: str


def _plain(url: str) -> str:
    """The URL for asyncpg itself (`postgresql://`, no SQLAlchemy driver suffix)."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def _folder_of(database: str | None) -> Path:
    """The folder of an SQLite file, created if need be: scratch files go beside it."""
    folder = Path(database or "data/prepbot.sqlite3").absolute().parent
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def _admin(url: str, sql: str) -> None:
    import asyncpg  # type: ignore[import-untyped]

    connection = await asyncpg.connect(_plain(url))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@contextlib.asynccontextmanager
async def scratch_database(url: str, *, keep: bool = False) -> AsyncIterator[Scratch]:
    """Create and migrate a scratch database next to `url`; drop it afterwards."""
    name = f"{PREFIX}{uuid.uuid4().hex[:10]}"
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    if parsed.get_backend_name() == "postgresql":
        await _admin(url, f'CREATE DATABASE "{name}"')
        scratch = Scratch(
            parsed.set(drivername="postgresql", database=name).render_as_string(
                hide_password=False
            ),
            name,
            "postgresql",
        )
    else:
        folder = await asyncio.to_thread(_folder_of, parsed.database)
        scratch = Scratch(f"sqlite:///{folder / (name + '.sqlite3')}", name, "sqlite")
    try:
        # Alembic's env runs its own event loop: keep it off this one.
        await asyncio.to_thread(upgrade, scratch.url)
        yield scratch
    finally:
        if not keep:
            await drop(scratch, url)


async def drop(scratch: Scratch, admin_url: str) -> None:
    """Remove the scratch database (PostgreSQL: even with connections left open)."""
    if scratch.backend == "postgresql":
        await _admin(admin_url, f'DROP DATABASE IF EXISTS "{scratch.name}" WITH (FORCE)')
        return
    path = make_url(scratch.url).database or ""
    for suffix in ("", "-wal", "-shm", "-journal"):
        await asyncio.to_thread(Path(path + suffix).unlink, missing_ok=True)


async def reset(db: Database) -> None:
    """Empty every table, so the next leg starts from the same state as the first."""
    names = [table.name for table in Base.metadata.sorted_tables]
    async with db.engine.begin() as connection:
        if db.is_postgres:
            quoted = ", ".join(f'"{name}"' for name in names)
            await connection.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
        else:
            for name in reversed(names):
                await connection.execute(text(f'DELETE FROM "{name}"'))


async def analyze(db: Database) -> None:
    """Refresh planner statistics after seeding (PostgreSQL).

    The seeded rows stand for members who subscribed over weeks, whose tables autovacuum
    would long since have analysed; without this the planner would cost the fan-out's
    queries on the empty tables it saw before the bulk load.
    """
    if db.is_postgres:
        async with db.engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text("VACUUM ANALYZE"))
