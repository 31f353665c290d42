"""`prepbot bench dbwork`: where the database's time goes in a fan-out, per delivery.

One worker drains N due members (as in `bench fanout`) with every statement it sends
counted and timed at the driver (`prepbot.bench.statements`), while the server's own
counters are read before and after from the scratch database:

- rows inserted, updated (and how many of those were HOT: no index touched), deleted
  per table, from `pg_stat_user_tables`;
- per index, the buffer pages it touched (`pg_statio_user_indexes`, reads and writes
  alike) and the scans it served;
- WAL: the bytes written between the two LSNs by records touching the scratch
  database's relations (`pg_walinspect`, by relation and record type), and the
  server's whole WAL in that window (other databases on a shared server included);
- the CPU of the database's backends and of the worker.

PostgreSQL only, and only meaningful for a server on this machine (CPU).
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.db.engine import Database
from prepbot.bench.fanout import _Child, _seed, _statuses
from prepbot.bench.machine import database_version, machine
from prepbot.bench.pgcpu import BackendCpu
from prepbot.bench.recorder import tally
from prepbot.bench.scratch import Scratch, scratch_database

_TABLES = """
SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del
FROM pg_stat_user_tables
"""
_INDEXES = """
SELECT s.indexrelname, s.relname, s.idx_scan, io.idx_blks_hit + io.idx_blks_read AS blocks,
       pg_relation_size(s.indexrelid) AS bytes
FROM pg_stat_user_indexes s JOIN pg_statio_user_indexes io USING (indexrelid)
"""
# Records that name a block of this database's relations, attributed to the first.
_WAL = """
WITH records AS (
    SELECT resource_manager || '/' || split_part(record_type, ' ', 1) AS kind,
           record_length, fpi_length,
           substring(block_ref from 'rel \\d+/' || CAST(:dboid AS text) || '/(\\d+)')::oid AS node
    FROM pg_get_wal_records_info(
        CAST(CAST(:start AS text) AS pg_lsn), CAST(CAST(:end AS text) AS pg_lsn)
    )
)
SELECT coalesce(c.relname, CASE WHEN r.node IS NULL THEN '(no relation)' ELSE '(other)' END)
           AS relation,
       r.kind, count(*) AS records, sum(r.record_length) AS bytes, sum(r.fpi_length) AS fpi
FROM records r LEFT JOIN pg_class c ON c.relfilenode = r.node
GROUP BY 1, 2
"""


async def _rows(db: Database, sql: str, **params: Any) -> list[dict[str, Any]]:
    async with db.engine.connect() as connection:
        result = await connection.execute(text(sql), params)
        return [dict(row._mapping) for row in result]


async def _lsn(db: Database) -> str:
    async with db.engine.connect() as connection:
        return str((await connection.execute(text("SELECT pg_current_wal_lsn()::text"))).scalar())


def _delta(
    before: list[dict[str, Any]], after: list[dict[str, Any]], key: str
) -> dict[str, dict[str, int]]:
    old = {row[key]: row for row in before}
    found = {}
    for row in after:
        previous = old.get(row[key], {})
        found[row[key]] = {
            name: int(value) - int(previous.get(name, 0))
            for name, value in row.items()
            if name != key and isinstance(value, int)
        }
    return found


def _per(value: float, deliveries: int, scale: int = 1) -> float:
    return round(value * scale / deliveries, 3) if deliveries else 0.0


async def measure(
    scratch: Scratch, db: Database, members: int, folder: Path, *, batch: int, concurrency: int
) -> dict[str, Any]:
    """Seed, drain with one traced worker, and compare the server's counters."""
    users = await _seed(db, members, datetime.now(UTC))
    async with db.engine.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_walinspect"))
        oid = (
            await connection.execute(
                text("SELECT oid FROM pg_database WHERE datname = current_database()")
            )
        ).scalar()
    record = folder / "dbwork.tsv"
    child = await _Child.start(
        [
            "ours",
            "--db",
            scratch.url,
            "--record",
            str(record),
            f"--batch={batch}",
            f"--concurrency={concurrency}",
            "--trace",
        ],
        folder / "dbwork.log",
    )
    await child.read()
    async with db.engine.connect() as keeper:
        # A temporary slot keeps the run's WAL from being recycled by a checkpoint
        # before it is read; it goes with this connection.
        await keeper.execution_options(isolation_level="AUTOCOMMIT")
        await keeper.execute(
            text("SELECT pg_create_physical_replication_slot(:name, true, true)"),
            {"name": f"{scratch.name}_slot"},
        )
        tables, indexes = await _rows(db, _TABLES), await _rows(db, _INDEXES)
        start = await _lsn(db)
        backends = BackendCpu(scratch)
        await child.say("go")
        result = await child.read()
        db_cpu = backends.spent()
        await child.finish()
        end = await _lsn(db)
        await asyncio.sleep(1.5)  # backends report their counters at most once a second
        tables_after, indexes_after = await _rows(db, _TABLES), await _rows(db, _INDEXES)
        wal = await _rows(db, _WAL, dboid=str(oid), start=start, end=end)
    async with db.engine.connect() as connection:
        server_wal = (
            await connection.execute(
                text(
                    "SELECT pg_wal_lsn_diff(CAST(CAST(:end AS text) AS pg_lsn),"
                    " CAST(CAST(:start AS text) AS pg_lsn))"
                ),
                {"start": start, "end": end},
            )
        ).scalar()
    counts = tally([record], users)
    n = counts["recorded_sends"] - counts["duplicates"]
    return _report(
        result,
        n,
        counts,
        db_cpu,
        _delta(tables, tables_after, "relname"),
        _delta(indexes, indexes_after, "indexrelname"),
        {row["indexrelname"]: row["relname"] for row in indexes_after},
        wal,
        int(server_wal or 0),
        await _statuses(db),
    )


def _report(
    leg: dict[str, Any],
    n: int,
    counts: dict[str, Any],
    db_cpu: float | None,
    tables: dict[str, dict[str, int]],
    indexes: dict[str, dict[str, int]],
    index_tables: dict[str, str],
    wal: list[dict[str, Any]],
    server_wal: int,
    statuses: dict[str, int],
) -> dict[str, Any]:
    statements = [
        {
            "sql": s["sql"][:300],
            "calls_per_1000_deliveries": _per(s["calls"], n, 1000),
            "rows_per_delivery": _per(s["rows"], n),
            "client_us_per_delivery": _per(s["seconds"], n, 1_000_000),
        }
        for s in leg["statements"]
    ]
    table_work = {
        name: {
            "inserted": _per(d["n_tup_ins"], n),
            "updated": _per(d["n_tup_upd"], n),
            "hot_updated": _per(d["n_tup_hot_upd"], n),
            "deleted": _per(d["n_tup_del"], n),
        }
        for name, d in sorted(tables.items())
        if any(d.values())
    }
    index_work: dict[str, dict[str, Any]] = {
        name: {
            "table": index_tables.get(name),
            "blocks_touched_per_delivery": _per(d["blocks"], n),
            "scans_per_1000_deliveries": _per(d["idx_scan"], n, 1000),
            "bytes_grown_per_delivery": _per(d["bytes"], n),
        }
        for name, d in sorted(indexes.items())
        if d["blocks"] or d["idx_scan"]
    }
    by_relation: dict[str, float] = {}
    by_kind: dict[str, float] = {}
    ours = 0
    fpi = 0
    for row in wal:
        if row["relation"] == "(no relation)":
            continue  # commits, checkpoints, other databases' non-block records
        if row["relation"] == "(other)":
            continue  # another database on the shared server
        ours += int(row["bytes"])
        fpi += int(row["fpi"] or 0)
        by_relation[row["relation"]] = by_relation.get(row["relation"], 0) + int(row["bytes"])
        by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + int(row["bytes"])
    commits = sum(int(r["records"]) for r in wal if r["kind"] == "Transaction/COMMIT")
    return {
        "deliveries": n,
        "duplicates": counts["duplicates"],
        "missing": counts["missing"],
        "statuses": statuses,
        "wall_seconds": leg["wall_seconds"],
        "bot_cpu_ms_per_delivery": _per(leg["cpu_seconds"], n, 1000),
        "db_cpu_ms_per_delivery": _per(db_cpu or 0.0, n, 1000) if db_cpu is not None else None,
        "statements_per_delivery": _per(sum(s["calls"] for s in leg["statements"]), n),
        "commits_per_1000_deliveries": _per(leg.get("commits", 0), n, 1000),
        "statements": statements,
        "tables": table_work,
        "indexes": index_work,
        "index_blocks_touched_per_delivery": round(
            sum(i["blocks_touched_per_delivery"] for i in index_work.values()), 3
        ),
        "wal": {
            "bytes_per_delivery": _per(ours, n),
            "full_page_image_bytes_per_delivery": _per(fpi, n),
            "by_relation_bytes_per_delivery": {
                k: _per(v, n) for k, v in sorted(by_relation.items(), key=lambda kv: -kv[1])
            },
            "by_record_bytes_per_delivery": {
                k: _per(v, n) for k, v in sorted(by_kind.items(), key=lambda kv: -kv[1])[:12]
            },
            "server_bytes_per_delivery": _per(server_wal, n),
            "server_commits_per_1000_deliveries": _per(commits, n, 1000),
        },
    }


async def dbwork(
    db_url: str, members: int, *, batch: int = 500, concurrency: int = 32
) -> dict[str, Any]:
    """The JSON document `prepbot bench dbwork` prints."""
    result: dict[str, Any] = {
        "bench": "dbwork",
        "members": members,
        "machine": {**machine(), "database": await database_version(db_url)},
        "settings": {"batch": batch, "concurrency": concurrency},
    }
    with tempfile.TemporaryDirectory(prefix="prepbot-bench-") as tmp:
        async with scratch_database(db_url) as scratch:
            db = Database(scratch.url)
            try:
                result.update(
                    await measure(
                        scratch, db, members, Path(tmp), batch=batch, concurrency=concurrency
                    )
                )
            finally:
                await db.dispose()
    return result


def main(db_url: str, members: int, *, batch: int, concurrency: int, json_output: bool) -> int:
    """`prepbot bench dbwork`: PostgreSQL only; prints JSON."""
    backend = make_url(db_url.replace("postgres://", "postgresql://", 1)).get_backend_name()
    if backend != "postgresql":
        print("prepbot bench dbwork: needs PostgreSQL (its statistics views)", file=sys.stderr)
        return 2
    if members < 1:
        print("prepbot bench dbwork: --members must be at least 1", file=sys.stderr)
        return 2
    result = asyncio.run(dbwork(db_url, members, batch=batch, concurrency=concurrency))
    print(json.dumps(result, indent=2 if json_output else None), flush=True)
    return 0
