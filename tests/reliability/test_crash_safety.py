"""Crash safety of the real `prepbot clock` over a 5,000-member fan-out on PostgreSQL.

The processes are what production runs: `prepbot bench seed` makes 5,000 members whose
daily question is due now, `prepbot clock --json` sends through the console transport,
one JSON line per delivered message, read here as a platform would receive them. A
process is killed with SIGKILL in the middle of the fan-out (after some lines arrived,
at a moment it holds claims: see `_kill_holding_claims`), restarted, and run until the database
says every delivery is sent. Then, per member, from the lines actually received:

- lost: members with no message. Must be 0.
- duplicates: messages beyond the first. The bound (design.md, "Once, and never
  lost") is the dispatcher's concurrency, DISPATCH_CONCURRENCY: a sender waits until
  its send is recorded before it takes the next, so at most that many sends can have
  happened without being recorded when the process dies.
- after a graceful stop (SIGTERM) duplicates must be 0: in-flight sends finish and are
  recorded, unstarted claims are handed back.

A hard-killed worker's claims come back once it has stopped renewing them for a lease
(30 s, bot/schedule/lease.py). Most tests move those claims' `claimed_at` back past the
lease rather than wait; one waits for real, with two clocks, and reports how long the
dead clock's claims took to arrive.

On Discord, where the platform dedupes, a resend after a crash creates no duplicate:
the last test proves it end to end with the fake Discord API.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Interval, func, literal, select, update

from adapters.discord._dms import DirectMessages
from adapters.discord.interactions import PLATFORM as DISCORD
from adapters.discord.transport import DiscordTransport
from bot.commands.context import Actor
from bot.content import default_library
from bot.db.engine import Database
from bot.db.models import Delivery, Member
from bot.kinds import KINDS
from bot.schedule.dispatcher import DispatchSettings
from bot.schedule.worker import Worker
from bot.services.daily_subscription import turn_on
from bot.services.members import get_or_create_member
from tests.adapters.discord.payloads import GUILD_ID
from tests.reliability.helpers import FIGURES

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
MEMBERS = 5000
KILL_AFTER = 1500  # lines received before the kill: well inside the fan-out
LEASE = DispatchSettings().lease  # 30 s, the production default
_PAST_LEASE = literal(LEASE + timedelta(minutes=1), Interval())
WAIT = 120.0  # a broken run fails after this long instead of hanging


def _env(url: str, concurrency: int) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    return {
        **keep,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": url,
        "TICK_SECONDS": "0.2",
        "DISPATCH_CONCURRENCY": str(concurrency),
        "LOG_LEVEL": "WARNING",
    }


async def _seed(env: dict[str, str]) -> None:
    """`prepbot bench seed --members 5000 --due-in 0`."""
    seed = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "prepbot.cli",
        "bench",
        "seed",
        "--members",
        str(MEMBERS),
        "--due-in",
        "0",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(seed.communicate(), WAIT)
    assert seed.returncode == 0, err.decode()
    assert f"Seeded {MEMBERS}" in out.decode()


_STARTED: list[asyncio.subprocess.Process] = []


@pytest.fixture(autouse=True)
async def _no_process_left_behind() -> AsyncIterator[None]:
    """A failing test must not leave a `prepbot clock` running: kill what is left."""
    yield
    while _STARTED:
        process = _STARTED.pop()
        if process.returncode is None:
            process.kill()
            await process.wait()


@dataclass
class Clock:
    """One `prepbot clock --json` process and the members its lines reached."""

    process: asyncio.subprocess.Process
    users: list[str] = field(default_factory=list)
    worker_id: str = ""
    reader: asyncio.Task[None] | None = None
    stderr: list[str] = field(default_factory=list)

    @classmethod
    async def start(cls, env: dict[str, str]) -> Clock:
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
        _STARTED.append(process)
        clock = cls(process)
        assert process.stderr is not None
        async with asyncio.timeout(WAIT):
            while not clock.worker_id:
                line = (await process.stderr.readline()).decode()
                assert line, "prepbot clock exited before it started"
                clock.stderr.append(line)
                if found := re.search(r"worker (\S+) on postgresql", line):
                    clock.worker_id = found[1]
        clock.reader = asyncio.create_task(clock._read())
        return clock

    async def _read(self) -> None:
        assert self.process.stdout is not None
        while line := await self.process.stdout.readline():
            try:
                delivered = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by SIGKILL was not delivered
            assert delivered["kind"] == "daily_question"
            self.users.append(delivered["user"])

    async def kill(self) -> None:
        """SIGKILL, then take in what it had already written (the platform got it)."""
        self.process.kill()
        await self._finish()
        assert self.process.returncode == -signal.SIGKILL

    def freeze(self) -> None:
        """SIGSTOP: it changes nothing in the database until `thaw` or `kill`."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    async def stop(self) -> None:
        """SIGTERM: a graceful stop."""
        self.process.send_signal(signal.SIGTERM)
        await self._finish()
        assert self.process.returncode == 0, "".join(self.stderr)

    async def _finish(self) -> None:
        assert self.reader is not None and self.process.stderr is not None
        async with asyncio.timeout(WAIT):
            await self.reader
            self.stderr.append((await self.process.stderr.read()).decode())
            await self.process.wait()


async def _until(condition: Callable[[], bool]) -> None:
    """Poll `condition` (lines arrive from another process: nothing to await on)."""
    async with asyncio.timeout(WAIT):
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.02)


async def _held_by(db: Database, worker_id: str) -> set[str]:
    """The members whose delivery `worker_id` has claimed and not yet recorded."""
    async with db.session() as session:
        return set(
            await session.scalars(
                select(Member.external_id)
                .join(Delivery, Delivery.member_id == Member.id)
                .where(Delivery.status == "sending", Delivery.claimed_by == worker_id)
            )
        )


async def _kill_holding_claims(db: Database, clock: Clock) -> set[str]:
    """SIGKILL `clock` at a moment it holds claims; return whose.

    Killing after so many lines is not enough: on a loaded machine the clock can be
    between two batches, or already done, when the signal lands, and then there is no
    crash to recover from. So the clock is frozen first (SIGSTOP: its committed claims
    cannot change), its claims are read, and it is killed only if it holds some; if not
    it is thawed and tried again a moment later. Its uncommitted work dies with it, which
    is what a crash does.
    """
    async with asyncio.timeout(WAIT):
        while True:
            clock.freeze()
            held = await _held_by(db, clock.worker_id)
            if held:
                await clock.kill()
                return held
            clock.thaw()
            await asyncio.sleep(0.05)


async def _statuses(db: Database) -> dict[str, int]:
    async with db.session() as session:
        rows = await session.execute(
            select(Delivery.status, func.count()).group_by(Delivery.status)
        )
        return {status: count for status, count in rows.all()}


async def _all_sent(db: Database) -> None:
    async with asyncio.timeout(WAIT):
        while (await _statuses(db)).get("sent", 0) < MEMBERS:  # noqa: ASYNC110
            await asyncio.sleep(0.1)


async def _expire_claims(db: Database, worker_id: str | None = None) -> int:
    """Move `sending` claims (of one worker) back past the lease: a dead worker's claims
    look as they will once the lease has run out."""
    statement = update(Delivery).where(Delivery.status == "sending")
    if worker_id is not None:
        statement = statement.where(Delivery.claimed_by == worker_id)
    async with db.session() as session:
        result = await session.execute(
            statement.values(claimed_at=Delivery.claimed_at - _PAST_LEASE)
        )
    return int(getattr(result, "rowcount", 0) or 0)


async def _seeded_users(db: Database) -> set[str]:
    async with db.session() as session:
        return set(await session.scalars(select(Member.external_id)))


@dataclass(frozen=True)
class Tally:
    lost: int
    duplicates: int


async def _tally(db: Database, *clocks: Clock) -> Tally:
    """Per member, from the lines received: missing ones and extra ones."""
    received = Counter(user for clock in clocks for user in clock.users)
    seeded = await _seeded_users(db)
    assert len(seeded) == MEMBERS and set(received) <= seeded
    assert await _statuses(db) == {"sent": MEMBERS}  # one delivery row each, all sent
    return Tally(
        lost=len(seeded - set(received)),
        duplicates=sum(count - 1 for count in received.values()),
    )


def _postgres_only(db: Database) -> None:
    if not db.is_postgres:
        pytest.skip("the crash drills run on PostgreSQL (SQLite runs one embedded worker)")


async def test_sigkill_mid_fan_out_then_restart_loses_nothing(
    db: Database, database_url: str
) -> None:
    """SIGKILL mid fan-out, restart: nobody missed, repeats within DISPATCH_CONCURRENCY."""
    _postgres_only(db)
    concurrency = DispatchSettings().concurrency
    env = _env(database_url, concurrency)
    await _seed(env)
    first = await Clock.start(env)
    await _until(lambda: len(first.users) >= KILL_AFTER)
    assert await _kill_holding_claims(db, first)  # a real mid-fan-out crash
    assert len(first.users) < MEMBERS
    await _expire_claims(db)
    second = await Clock.start(env)
    await _all_sent(db)
    await second.stop()
    tally = await _tally(db, first, second)
    FIGURES.scenarios.append(
        f"SIGKILL of the only clock after {len(first.users)}/{MEMBERS} lines, restart"
    )
    FIGURES.crash_duplicates.append(("one clock", tally.duplicates, concurrency))
    FIGURES.lost += tally.lost
    assert tally.lost == 0
    assert tally.duplicates <= concurrency


async def test_two_clocks_one_killed_the_other_finishes_the_job(
    db: Database, database_url: str
) -> None:
    """Two clocks, one SIGKILLed: the survivor sends all; repeats within the dead one's bound."""
    _postgres_only(db)
    concurrency = 8
    env = _env(database_url, concurrency)
    a, b = await Clock.start(env), await Clock.start(env)
    await _seed(env)
    await _until(lambda: len(a.users) >= KILL_AFTER // 3 and len(b.users) >= KILL_AFTER // 3)
    await _kill_holding_claims(db, a)

    async def survivor_idle() -> bool:
        statuses = await _statuses(db)
        everything_claimed = statuses.get("sent", 0) + statuses.get("sending", 0) >= MEMBERS
        return everything_claimed and not await _held_by(db, b.worker_id)

    async with asyncio.timeout(WAIT):
        while not await survivor_idle():  # noqa: ASYNC110
            await asyncio.sleep(0.1)
    stranded = await _expire_claims(db, a.worker_id)
    await _all_sent(db)
    await b.stop()
    tally = await _tally(db, a, b)
    FIGURES.scenarios.append(
        f"two clocks, one SIGKILLed after {len(a.users)} lines; {stranded} claims recovered"
    )
    FIGURES.crash_duplicates.append(("two clocks, one killed", tally.duplicates, concurrency))
    FIGURES.lost += tally.lost
    assert stranded > 0 and len(b.users) > 0
    assert tally.lost == 0
    assert tally.duplicates <= concurrency


async def test_sigterm_mid_fan_out_then_restart_sends_each_message_once(
    db: Database, database_url: str
) -> None:
    """SIGTERM mid fan-out hands claims back; after a restart every member got exactly one."""
    _postgres_only(db)
    env = _env(database_url, DispatchSettings().concurrency)
    await _seed(env)
    first = await Clock.start(env)
    await _until(lambda: len(first.users) >= KILL_AFTER)
    await first.stop()
    assert "sending" not in await _statuses(db)
    assert len(first.users) < MEMBERS
    second = await Clock.start(env)
    await _all_sent(db)
    await second.stop()
    tally = await _tally(db, first, second)
    FIGURES.scenarios.append(f"SIGTERM after {len(first.users)}/{MEMBERS} lines, restart")
    FIGURES.graceful_duplicates.append(("one clock", tally.duplicates))
    FIGURES.lost += tally.lost
    assert tally == Tally(lost=0, duplicates=0)


def _transport(client: Any) -> DiscordTransport:
    """A transport as a freshly started process has it: no DM channels known yet."""
    # Paced under the fake's 50 requests a second (opening a DM is a request too).
    return DiscordTransport(client, DirectMessages(), per_second=20.0, opens_per_second=20.0)


async def test_discord_resend_after_a_crash_is_deduplicated_by_the_platform(
    db: Database, clock, client, fake_api
) -> None:
    """Unrecorded Discord sends resent after a crash are deduplicated by their nonces."""
    users = [1_180_000_000_000_001_000 + n for n in range(20)]
    async with db.session() as session:
        for user in users:
            actor = Actor(DISCORD, str(user), team_id=str(GUILD_ID), display_name="M")
            member = await get_or_create_member(session, actor, clock.now())
            await turn_on(session, member, time(12, 30), None, clock.now())
    clock.set(clock.now() + timedelta(minutes=31))
    first = Worker(KINDS, db, default_library(), clock, {DISCORD: _transport(client)})
    await first.start()
    await first.run_once()
    await first.stop()
    async with db.session() as session:  # the crash: sent, but never recorded as sent
        await session.execute(
            update(Delivery).values(
                status="sending", claimed_at=clock.now() - LEASE - timedelta(minutes=1)
            )
        )
    second = Worker(KINDS, db, default_library(), clock, {DISCORD: _transport(client)})
    await second.start()
    report = await second.run_once()
    await second.stop()
    assert report.sent == len(users)  # every one was sent again...
    posts = [p for p in fake_api.sent("POST", r"/channels/\d+/messages") if p.status == 200]
    assert len(posts) == 2 * len(users)
    per_member = [len(fake_api.messages[fake_api.dm_channel_of(user)]) for user in users]
    assert per_member == [1] * len(users)  # ...and Discord kept one message each
    FIGURES.scenarios.append("Discord: 20 unrecorded sends resent after a crash, 0 duplicates")


async def _last_received(clock: Clock, users: set[str]) -> None:
    """Wait until `clock` has delivered to every one of `users`."""
    await _until(lambda: users <= set(clock.users))


async def test_a_killed_clocks_claims_come_back_without_waiting_for_the_old_lease(
    db: Database, database_url: str
) -> None:
    """Two clocks, one SIGKILLed mid fan-out: nobody moves its claims back by hand, yet
    the survivor sends them (it stopped renewing them); repeats within the in-flight bound.
    """
    _postgres_only(db)
    concurrency = 8
    env = _env(database_url, concurrency)
    a, b = await Clock.start(env), await Clock.start(env)
    await _seed(env)
    await _until(lambda: len(a.users) >= KILL_AFTER // 3 and len(b.users) >= KILL_AFTER // 3)
    stranded = await _kill_holding_claims(db, a)
    killed_at = asyncio.get_running_loop().time()
    await _last_received(b, stranded)
    recovered_after = asyncio.get_running_loop().time() - killed_at
    await _all_sent(db)
    await b.stop()
    tally = await _tally(db, a, b)
    FIGURES.scenarios.append(
        f"two clocks, one SIGKILLed: its {len(stranded)} claims delivered by the other "
        f"{recovered_after:.0f} s after the kill"
    )
    FIGURES.crash_duplicates.append(("two clocks, claims renewed", tally.duplicates, concurrency))
    FIGURES.lost += tally.lost
    assert tally.lost == 0
    assert tally.duplicates <= concurrency
