"""Set-based statements for a whole batch on PostgreSQL: one array per column.

An `executemany` of 500 rows is one multi-row INSERT of 500 x 17 parameters, each
processed by SQLAlchemy in Python and parsed and planned by the server on every batch.
`INSERT ... SELECT FROM unnest($1, $2, ...)` sends one array per column instead: the
statement is the same text whatever the batch size (prepared once per connection), the
driver encodes each array in one go, and the server plans a handful of parameters.
SQLite has no arrays; its callers keep the executemany.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import JSON, ColumnElement, Table, TextClause, any_, bindparam, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

_DIALECT = postgresql.asyncpg.dialect()  # type: ignore[no-untyped-call]


def _array_of(table: Table, name: str) -> str:
    column = table.c[name]
    if isinstance(column.type, JSON):
        # Sent as text and parsed by the server: the driver has no json[] codec.
        return f"CAST(CAST(:{name} AS TEXT[]) AS JSON[])"
    return f"CAST(:{name} AS {column.type.compile(dialect=_DIALECT)}[])"


@cache
def _insert(
    table: Table, columns: tuple[str, ...], conflict: tuple[str, ...], returning: tuple[str, ...]
) -> TextClause:
    names = ", ".join(columns)
    arrays = ", ".join(_array_of(table, name) for name in columns)
    sql = f"INSERT INTO {table.name} ({names}) SELECT * FROM unnest({arrays})"
    if conflict:
        sql += f" ON CONFLICT ({', '.join(conflict)}) DO NOTHING"
    if returning:
        sql += f" RETURNING {', '.join(returning)}"
    return text(sql)


def _plain(table: Table, name: str, values: list[Any]) -> list[Any]:
    if isinstance(table.c[name].type, JSON):
        return [None if value is None else json.dumps(value) for value in values]
    return values


async def insert_rows(
    session: AsyncSession,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    conflict: Sequence[str] = (),
    returning: Sequence[str] = (),
) -> list[Any]:
    """Insert `rows` (all with the same keys) in one statement; the RETURNING rows.

    With `conflict`, rows whose key is already there are skipped (`ON CONFLICT DO
    NOTHING`) and do not come back.
    """
    if not rows:
        return []
    columns = tuple(rows[0])
    statement = _insert(table, columns, tuple(conflict), tuple(returning))
    params = {name: _plain(table, name, [row[name] for row in rows]) for name in columns}
    result = await session.execute(statement, params)
    return list(result.all()) if returning else []


_MOVE = text(
    "UPDATE scheduled_items AS s SET next_run_at = m.run_at"
    " FROM unnest(CAST(:ids AS BIGINT[]), CAST(:run_ats AS TIMESTAMP WITH TIME ZONE[]))"
    " AS m(id, run_at) WHERE s.id = m.id"
)


async def move_items(session: AsyncSession, moved: Mapping[datetime, Sequence[int]]) -> None:
    """Move scheduled rows to their next runs: one UPDATE for the batch, whatever the times."""
    ids = [item_id for item_ids in moved.values() for item_id in item_ids]
    run_ats = [run_at for run_at, item_ids in moved.items() for _ in item_ids]
    if ids:
        await session.execute(_MOVE, {"ids": ids, "run_ats": run_ats})


def id_among(
    column: ColumnElement[Any] | InstrumentedAttribute[Any], ids: Iterable[Any], *, arrays: bool
) -> ColumnElement[bool]:
    """`column = ANY(:ids)` with the ids as one array parameter, where there are arrays.

    An expanding `IN` renders one bind per id when the statement runs: SQLAlchemy
    builds and caches a new SQL text for every batch size, asyncpg prepares it again,
    and PostgreSQL plans 500 parameters. One array is one parameter: the same prepared
    statement whatever the count. Same rows either way (`= ANY` of an empty array
    matches nothing, like an empty `IN`). SQLite (`arrays=False`) keeps the `IN`.
    """
    values = list(ids)
    if not arrays:
        return column.in_(values)
    return column == any_(bindparam(None, values, type_=ARRAY(column.type)))


def has_arrays(session: AsyncSession) -> bool:
    """Whether `session` talks to PostgreSQL (arrays as parameters, `unnest`)."""
    return session.get_bind().dialect.name == "postgresql"
