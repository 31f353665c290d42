"""`prepbot bench outage`: what a database refusal and a hard kill cost a fan-out.

Two measurements on a scratch PostgreSQL database, each with N members due at once:

- refusal: one worker sends the fan-out; after `--refuse-after` sends the database is
  made to refuse everyone (`ALTER DATABASE ... ALLOW_CONNECTIONS false` and
  `pg_terminate_backend` on its sessions) for `--refuse-seconds`, then allowed again.
  Reported: sends while it refused (at most the sends in flight, the concurrency),
  duplicates and losses once all is sent, and how long the fan-out took in all.
- kill: two `prepbot clock` processes share the fan-out; one is SIGKILLed after
  `--kill-after` of its lines. Reported: the claims it died holding, seconds from the
  kill to the last of those delivered by the survivor (it stopped renewing them: they
  come back after one lease), duplicates and losses.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bot.content import default_library
from bot.db.engine import Database
from bot.db.models import Delivery, Member
from bot.kinds import KINDS
from bot.replies import Reply
from bot.schedule.dispatcher import DispatchSettings
from bot.schedule.ratelimit import RateLimiter
from bot.schedule.transport import Recipient
from bot.schedule.worker import Worker
from prepbot.bench.machine import machine
from prepbot.bench.scratch import _admin, scratch_database
from prepbot.seed import seed_members

ROOT = Path(__file__).resolve().parents[2]
PATIENCE = 300.0  # seconds before a stuck phase is reported as such


class _Counting:
    """A console transport that counts what each member received."""

    platform = "console"

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()

    async def send(self, recipient: Recipient, reply: Reply, *, idempotency_key: str) -> None:
        await asyncio.sleep(0.001)  # a real send takes a moment
        self.received[recipient.user_id] += 1


async def _sent(db: Database) -> int:
    async with db.session() as session:
        found = await session.scalar(
            select(func.count()).select_from(Delivery).where(Delivery.status == "sent")
        )
        return int(found or 0)


async def _until(check: Any, what: str) -> None:
    """Poll `check` (the database, another process: nothing to await on)."""
    try:
        async with asyncio.timeout(PATIENCE):
            while not await check():  # noqa: ASYNC110
                await asyncio.sleep(0.05)
    except TimeoutError:
        raise RuntimeError(f"{what}: not within {PATIENCE:.0f} s") from None


async def refusal(
    url: str, members: int, after: int, seconds: float, concurrency: int
) -> dict[str, Any]:
    """One worker, the database refusing everyone for `seconds` mid fan-out."""
    async with scratch_database(url) as scratch:
        db = Database(scratch.url)
        worker_db = Database(scratch.url)
        now = datetime.now(UTC)
        users = await seed_members(db, members, now, now)
        transport = _Counting()
        worker = Worker(
            KINDS,
            worker_db,
            default_library(),
            _SystemClock(),
            {"console": transport},
            dispatch=DispatchSettings(concurrency=concurrency),
            limiter=RateLimiter({}),
        )
        stop = asyncio.Event()
        started = time.monotonic()
        running = asyncio.create_task(worker.run(stop, 0.2))
        try:

            async def enough() -> bool:
                return transport.received.total() >= after

            await _until(enough, "first sends")
            await _admin(url, f'ALTER DATABASE "{scratch.name}" ALLOW_CONNECTIONS false')
            await _admin(
                url,
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE datname = '{scratch.name}'",
            )
            at_refusal = transport.received.total()
            await asyncio.sleep(seconds)
            during = transport.received.total() - at_refusal
            await _admin(url, f'ALTER DATABASE "{scratch.name}" ALLOW_CONNECTIONS true')

            async def done() -> bool:
                return await _sent(db) >= members

            await _until(done, "all sent")
            total = time.monotonic() - started
        finally:
            await _admin(url, f'ALTER DATABASE "{scratch.name}" ALLOW_CONNECTIONS true')
            stop.set()
            await running
            await worker_db.dispose()
            await db.dispose()
    received = transport.received
    return {
        "members": members,
        "refused_after_sends": at_refusal,
        "refused_seconds": seconds,
        "concurrency": concurrency,
        "sends_while_refused": during,
        "duplicates": sum(count - 1 for count in received.values()),
        "lost": len(set(users) - set(received)),
        "seconds_in_all": round(total, 1),
    }


class _SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


async def _clock(url: str, concurrency: int) -> tuple[asyncio.subprocess.Process, str]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))},
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": url,
        "TICK_SECONDS": "1",
        "DISPATCH_CONCURRENCY": str(concurrency),
        "LOG_LEVEL": "WARNING",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "prepbot.cli",
        "clock",
        "--json",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    async with asyncio.timeout(PATIENCE):
        while True:
            line = (await process.stderr.readline()).decode()
            if not line:
                raise RuntimeError("prepbot clock exited before it started")
            if found := re.search(r"worker (\S+) on postgresql", line):
                return process, found[1]


async def _lines(process: asyncio.subprocess.Process, into: list[tuple[float, str]]) -> None:
    assert process.stdout is not None
    while line := await process.stdout.readline():
        try:
            into.append((time.monotonic(), json.loads(line)["user"]))
        except (json.JSONDecodeError, KeyError):
            continue  # a line cut short by SIGKILL was not delivered


async def kill(url: str, members: int, after: int, concurrency: int) -> dict[str, Any]:
    """Two clocks; one SIGKILLed mid fan-out; how soon its claims arrive via the other."""
    async with scratch_database(url) as scratch:
        db = Database(scratch.url)
        (a, a_id), (b, _) = (
            await _clock(scratch.url, concurrency),
            await _clock(scratch.url, concurrency),
        )
        lines_a: list[tuple[float, str]] = []
        lines_b: list[tuple[float, str]] = []
        readers = [asyncio.create_task(_lines(a, lines_a)), asyncio.create_task(_lines(b, lines_b))]
        try:
            now = datetime.now(UTC)
            await seed_members(db, members, now, now)

            async def killed_enough() -> bool:
                return len(lines_a) >= after

            await _until(killed_enough, "first lines")
            a.send_signal(signal.SIGKILL)
            killed_at = time.monotonic()
            await a.wait()
            await readers[0]
            async with db.session() as session:
                stranded = set(
                    await session.scalars(
                        select(Member.external_id)
                        .join(Delivery, Delivery.member_id == Member.id)
                        .where(Delivery.status == "sending", Delivery.claimed_by == a_id)
                    )
                )

            async def recovered() -> bool:
                return stranded <= {user for _, user in lines_b}

            await _until(recovered, "stranded claims delivered")
            last = max((at for at, user in lines_b if user in stranded), default=killed_at)

            async def done() -> bool:
                return await _sent(db) >= members

            await _until(done, "all sent")
        finally:
            for process in (a, b):
                if process.returncode is None:
                    process.send_signal(signal.SIGTERM)
                    await process.wait()
            for reader in readers:
                reader.cancel()
            await db.dispose()
    received = Counter(user for _, user in lines_a + lines_b)
    return {
        "members": members,
        "killed_after_lines": len(lines_a),
        "stranded_claims": len(stranded),
        "lease_seconds": DispatchSettings().lease.total_seconds(),
        "seconds_from_kill_to_last_stranded_delivery": round(last - killed_at, 1),
        "duplicates": sum(count - 1 for count in received.values()),
        "lost": members - len(received),
    }


async def run(args: Any, url: str) -> dict[str, Any]:
    """Both measurements, as the JSON document `prepbot bench outage` prints."""
    return {
        "bench": "outage",
        "machine": machine(),
        "refusal": await refusal(
            url, args.members, args.refuse_after, args.refuse_seconds, args.concurrency
        ),
        "kill": await kill(url, args.members, args.kill_after, args.concurrency),
    }


def main(args: Any, url: str) -> int:
    """`prepbot bench outage [--members N] --db URL [--json]`."""
    if not url.startswith(("postgresql", "postgres:")):
        print("prepbot bench outage needs PostgreSQL (--db postgresql://...)", file=sys.stderr)
        return 2
    result = asyncio.run(run(args, url))
    if args.json:
        print(json.dumps(result))
    else:
        for part in ("refusal", "kill"):
            print(part + ": " + ", ".join(f"{k}={v}" for k, v in result[part].items()))
    return 0
