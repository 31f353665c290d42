"""Privacy: export every row that names a member, or delete all of them.

Both walk `Base.metadata` instead of a hand-kept list of tables, so a table added later
is covered the day it exists: a row is the member's if it has their `member_id`, is their
`members` row, or hangs (by foreign key) off a row that is theirs (interviewers).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Base

EXPORT_FORMAT = "prepbot-export/1"


@dataclass(frozen=True)
class Owned:
    """One table's rows belonging to the member, and how to select them again."""

    table: Table
    where: ColumnElement[bool]
    rows: list[dict[str, Any]]


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _condition(table: Table, member_id: int, found: dict[str, Owned]) -> ColumnElement[bool] | None:
    if table.name == "members":
        return table.c.id == member_id
    if "member_id" in table.c:
        return table.c.member_id == member_id
    # Any other reference to something of theirs: a foreign key to their members row
    # under another name, or to a row they own (an interviewer of their interview).
    links = []
    for fk in table.foreign_keys:
        parent = found.get(fk.column.table.name)
        if parent is not None:
            links.append(fk.parent.in_([row[fk.column.name] for row in parent.rows]))
    return or_(*links) if links else None  # None: a table that names no member


async def owned_rows(session: AsyncSession, member_id: int) -> dict[str, Owned]:
    """Every table's rows that belong to the member, parents before children."""
    found: dict[str, Owned] = {}
    for table in Base.metadata.sorted_tables:
        where = _condition(table, member_id, found)
        if where is None:
            continue
        order = list(table.primary_key.columns)
        result = await session.execute(select(table).where(where).order_by(*order))
        rows = [dict(row) for row in result.mappings()]
        found[table.name] = Owned(table, where, rows)
    return found


async def export_json(session: AsyncSession, member_id: int, now: datetime) -> tuple[str, int]:
    """The member's data as a JSON document, and how many rows it holds."""
    found = await owned_rows(session, member_id)
    tables = {
        name: [{k: _jsonable(v) for k, v in row.items()} for row in owned.rows]
        for name, owned in found.items()
    }
    document = {
        "format": EXPORT_FORMAT,
        "exported_at": now.isoformat(),
        "tables": tables,
    }
    count = sum(len(rows) for rows in tables.values())
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True), count


async def counts(session: AsyncSession, member_id: int) -> dict[str, int]:
    """How many rows of each table are the member's (for the delete confirmation)."""
    return {name: len(o.rows) for name, o in (await owned_rows(session, member_id)).items()}


async def delete_everything(session: AsyncSession, member_id: int) -> int:
    """Remove every row that is the member's, children first; returns the row count.

    Deleting the `members` row would cascade on its own, but explicit deletes do not
    depend on the backend enforcing foreign keys, and they reach pending and claimed
    deliveries and scheduled rows in the same transaction, so nothing fires afterwards.
    """
    found = await owned_rows(session, member_id)
    mappers = {m.local_table: m.class_ for m in Base.registry.mappers}
    total = 0
    for owned in reversed(list(found.values())):
        if not owned.rows:
            continue
        model = mappers.get(owned.table)
        # Through the ORM class when there is one, so objects already loaded in this
        # session (the member itself) are marked deleted rather than flushed again.
        target: Any = model if model is not None else owned.table
        statement = delete(target).where(owned.where)
        await session.execute(statement.execution_options(synchronize_session="fetch"))
        total += len(owned.rows)
    return total
