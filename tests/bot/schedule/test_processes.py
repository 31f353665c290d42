"""Real worker processes: two racing over one PostgreSQL, SIGTERM and SIGKILL mid fan-out.

Each process is `python -m prepbot.drill`, recording every completed send to a
file, so the tests see what a platform would have received.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.db.engine import Database
from bot.db.models import Delivery
from prepbot.seed import seed_members

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
MEMBERS = 2000


async def seed_due_now(db: Database) -> list[str]:
    """2,000 members whose daily question is due now (by the real clock the workers use)."""
    now = datetime.now(UTC)
    return await seed_members(db, MEMBERS, now, now)


def spawn(url: str, record: Path, *args: str) -> subprocess.Popen[str]:
    """Start a worker process recording its sends to `record`."""
    command = [sys.executable, "-m", "prepbot.drill", "--db", url, "--record", str(record)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [*command, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str], timeout: float = 120) -> dict[str, object]:
    """Wait for a worker; returns its JSON summary."""
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err
    summary: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return summary


def sends(*records: Path) -> list[str]:
    """Every recorded send (dedupe keys), across files."""
    keys = []
    for record in records:
        if record.exists():
            keys += [line.split("\t")[0] for line in record.read_text().splitlines() if line]
    return keys


async def wait_for(condition: Callable[[], bool]) -> None:
    """Poll until `condition()` holds (a generous bound keeps a broken run from hanging)."""
    deadline = time.monotonic() + 120
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.02)


async def statuses(db: Database) -> dict[str, int]:
    async with db.session() as session:
        rows = await session.execute(
            select(Delivery.status, func.count()).group_by(Delivery.status)
        )
        return {status: count for status, count in rows.all()}


async def test_two_processes_send_every_due_member_exactly_once(
    db: Database, database_url: str, tmp_path: Path
) -> None:
    """Two workers against one PostgreSQL: 2,000 due members, none twice, none missing."""
    if not db.is_postgres:
        pytest.skip("several workers need PostgreSQL (SQLite runs one worker)")
    records = [tmp_path / "a.tsv", tmp_path / "b.tsv"]
    ready = [tmp_path / "a.ready", tmp_path / "b.ready"]
    workers = [
        spawn(
            database_url,
            record,
            "--ready",
            str(flag),
            "--tick",
            "0.05",
            "--batch",
            "50",
            "--concurrency",
            "8",
            "--delay",
            "0.002",
        )
        for record, flag in zip(records, ready, strict=True)
    ]
    try:
        await wait_for(lambda: all(flag.exists() for flag in ready))
        users = await seed_due_now(db)
        await wait_for(lambda: len(sends(*records)) >= MEMBERS)
    finally:
        for process in workers:
            process.send_signal(signal.SIGTERM)
    summaries = [finish(process) for process in workers]
    keys = sends(*records)
    assert len(keys) == len(set(keys)) == MEMBERS
    assert {key.split(":")[0] for key in keys} == {"daily_question"}
    assert sorted(
        line.split("\t")[1] for r in records for line in r.read_text().splitlines()
    ) == sorted(users)
    assert all(summary["sent"] for summary in summaries), summaries  # both really raced
    assert await statuses(db) == {"sent": MEMBERS}


async def test_sigterm_mid_fan_out_then_restart(
    db: Database, database_url: str, tmp_path: Path
) -> None:
    """SIGTERM in the middle: in-flight sends finish, claims are handed back; a restart
    sends the rest; nothing twice, nothing missing."""
    await seed_due_now(db)
    first, second = tmp_path / "first.tsv", tmp_path / "second.tsv"
    process = spawn(
        database_url,
        first,
        "--tick",
        "0.05",
        "--batch",
        "100",
        "--concurrency",
        "4",
        "--delay",
        "0.003",
    )
    try:
        await wait_for(lambda: len(sends(first)) >= 100)
    finally:
        process.send_signal(signal.SIGTERM)
    summary = finish(process)
    assert summary["stopped"] is True
    before = await statuses(db)
    assert "sending" not in before  # every claim finished or handed back
    assert before["sent"] == len(sends(first)) < MEMBERS
    finish(spawn(database_url, second, "--until-empty"))
    keys = sends(first, second)
    assert len(keys) == len(set(keys)) == MEMBERS
    assert await statuses(db) == {"sent": MEMBERS}


async def test_hard_crash_loses_nothing_and_duplicates_at_most_the_in_flight(
    db: Database, database_url: str, tmp_path: Path
) -> None:
    """SIGKILL mid fan-out: after the lease, a new worker sends what was left; a send that
    completed but was not yet recorded may repeat, at most one per concurrent sender."""
    await seed_due_now(db)
    first, second = tmp_path / "first.tsv", tmp_path / "second.tsv"
    concurrency = 4
    process = spawn(
        database_url,
        first,
        "--tick",
        "0.05",
        "--batch",
        "100",
        "--concurrency",
        str(concurrency),
        "--delay",
        "0.003",
    )
    try:
        await wait_for(lambda: len(sends(first)) >= 100)
    finally:
        process.kill()
        process.communicate(timeout=30)
    assert (await statuses(db)).get("sending", 0) > 0  # claims left behind
    await asyncio.sleep(2.5)  # let those claims' lease (2 s below) run out
    finish(spawn(database_url, second, "--until-empty", "--lease", "2"))
    keys = sends(first, second)
    assert len(set(keys)) == MEMBERS  # none missing
    duplicates = sum(count - 1 for count in Counter(keys).values())
    assert duplicates <= concurrency
    assert await statuses(db) == {"sent": MEMBERS}
