"""`bulk.id_among`: ids as one array on PostgreSQL, an IN list on SQLite, the same rows.

The hot path's lookups by id (a batch's subscriptions and histories, claimed members,
renewals, hand-backs) send their ids this way; a wrong match here would plan or renew
the wrong rows, so both databases are asked for the same members.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql

from bot.db.engine import Database
from bot.db.models import Member
from bot.schedule import bulk

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


async def _members(db: Database, count: int) -> list[int]:
    async with db.session() as session:
        rows = [
            Member(platform="console", team_id="t", external_id=f"u{n}", tz="UTC", created_at=NOW)
            for n in range(count)
        ]
        session.add_all(rows)
        await session.flush()
        return [row.id for row in rows]


async def test_the_same_members_come_back_whatever_the_database(db: Database) -> None:
    ids = await _members(db, 5)
    wanted = [ids[0], ids[3], ids[4], 10_000_000]  # one id that does not exist
    async with db.session() as session:
        arrays = bulk.has_arrays(session)
        assert arrays == db.is_postgres
        found = await session.scalars(
            select(Member.id).where(bulk.id_among(Member.id, wanted, arrays=arrays))
        )
        assert sorted(found) == [ids[0], ids[3], ids[4]]
        none = await session.scalars(
            select(Member.id).where(bulk.id_among(Member.id, [], arrays=arrays))
        )
        assert list(none) == []


def test_on_postgresql_any_number_of_ids_is_one_parameter() -> None:
    dialect = postgresql.asyncpg.dialect()  # type: ignore[no-untyped-call]
    texts = {
        str(
            select(Member.id)
            .where(bulk.id_among(Member.id, range(count), arrays=True))
            .compile(dialect=dialect)
        )
        for count in (1, 32, 500)
    }
    assert len(texts) == 1
    assert "= ANY (" in texts.pop()
