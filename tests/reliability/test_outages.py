"""Outages: the database going away and coming back, Slack and Discord failing in bursts.

Through each fault the bot keeps serving, retries with backoff and a cap, loses nothing,
never retries a permanent failure forever, and logs one clear line per problem (when it
starts, and when it clears), not one per attempt.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import signal
import socket
import sys
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from adapters.discord.client import build_transport as discord_transport
from adapters.discord.interactions import PLATFORM as DISCORD
from bot.app import PrepBot
from bot.clock import SystemClock, VirtualClock
from bot.commands.context import Actor
from bot.commands.types import AfterDelay
from bot.content import default_library
from bot.db.engine import Database
from bot.db.models import Delivery, Member
from bot.kinds import KINDS
from bot.plaintext import render_plain
from bot.replies import Reply
from bot.schedule.clock import start_clock
from bot.schedule.dispatcher import DispatchSettings, RetryPolicy
from bot.schedule.ratelimit import RateLimiter
from bot.schedule.transport import Recipient, TemporarySendError
from bot.schedule.worker import Worker
from bot.services import reminders
from bot.services.daily_subscription import turn_on
from bot.services.members import get_or_create_member
from prepbot.seed import seed_members
from tests.adapters.discord.payloads import GUILD_ID
from tests.adapters.slack.conftest import SlackHarness
from tests.fakes.discord_api import FakeDiscordAPI
from tests.fakes.slack_api import TEAM_ID
from tests.fakes.tcp_proxy import TcpProxy
from tests.reliability.helpers import FIGURES

ROOT = Path(__file__).resolve().parents[2]
WAIT = 60.0  # a broken run fails after this long instead of hanging
NO_LIMITS = RateLimiter({})  # the platforms' own limits are what these tests fault


class Counting:
    """A console transport that counts what each member received."""

    platform = "console"

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()

    async def send(self, recipient: Recipient, reply: Reply, *, idempotency_key: str) -> None:
        await asyncio.sleep(0.001)  # a real send takes a moment: let others interleave
        self.received[recipient.user_id] += 1


def _problems(caplog: pytest.LogCaptureFixture, logger: str) -> list[logging.LogRecord]:
    """Records above INFO from one logger (what an operator would be shown)."""
    return [r for r in caplog.records if r.name == logger and r.levelno >= logging.WARNING]


async def _statuses(db: Database) -> dict[str, int]:
    async with db.session() as session:
        rows = await session.execute(
            select(Delivery.status, func.count()).group_by(Delivery.status)
        )
        return {status: count for status, count in rows.all()}


async def _until_sent(db: Database, count: int) -> None:
    async with asyncio.timeout(WAIT):
        while (await _statuses(db)).get("sent", 0) < count:  # noqa: ASYNC110
            await asyncio.sleep(0.05)


@pytest.fixture
async def proxy(database_url: str) -> AsyncIterator[TcpProxy]:
    """A cuttable TCP proxy in front of the test PostgreSQL."""
    if not database_url.startswith("postgresql"):
        pytest.skip("a database outage needs a server to cut off (PostgreSQL)")
    url = make_url(database_url)
    async with TcpProxy(url.host or "127.0.0.1", url.port or 5432) as running:
        yield running


def _through(database_url: str, proxy: TcpProxy) -> str:
    return make_url(database_url).set(port=proxy.port).render_as_string(hide_password=False)


async def test_database_outage_mid_fan_out_loses_and_repeats_nothing(
    db: Database, database_url: str, proxy: TcpProxy, caplog: pytest.LogCaptureFixture
) -> None:
    """A database outage mid fan-out and while idle: nothing lost or repeated, two lines each."""
    caplog.set_level(logging.INFO)
    members, concurrency = 2000, 8
    now = datetime.now(UTC)
    users = await seed_members(db, members, now, now)
    cut_off = Database(_through(database_url, proxy))
    transport = Counting()
    worker = Worker(
        KINDS,
        cut_off,
        default_library(),
        SystemClock(),
        {"console": transport},
        batch_size=200,
        dispatch=DispatchSettings(concurrency=concurrency, claim_batch=200),
        limiter=NO_LIMITS,
    )
    handle = await start_clock(worker, cut_off, SystemClock(), tick_seconds=0.1)
    try:
        async with asyncio.timeout(WAIT):
            while transport.received.total() < 300:  # noqa: ASYNC110
                await asyncio.sleep(0.005)
        await proxy.cut()
        at_cut = transport.received.total()
        async with asyncio.timeout(WAIT):  # until the flusher has noticed and said so
            while not _problems(caplog, "bot.schedule.flusher"):  # noqa: ASYNC110
                await asyncio.sleep(0.02)
        # Longer than a commit's retries once lasted (5 tries, 3 s), so waiting it out,
        # not giving up and sending on regardless, is what is tested.
        await asyncio.sleep(3.5)
        during = transport.received.total() - at_cut
        await proxy.restore()
        await _until_sent(db, members)

        # Second outage, with nothing to send: the clock's ticks fail, then work again.
        await proxy.cut()
        async with asyncio.timeout(WAIT):
            while not _problems(caplog, "bot.schedule.clock"):  # noqa: ASYNC110
                await asyncio.sleep(0.02)
        await asyncio.sleep(0.5)
        await proxy.restore()
        async with asyncio.timeout(WAIT):
            while len(_problems(caplog, "bot.schedule.clock")) < 2:  # noqa: ASYNC110
                await asyncio.sleep(0.02)
    finally:
        await handle.stop()
        await cut_off.dispose()
    assert during <= concurrency  # sends already under way finish; nothing new starts
    assert sorted(transport.received) == sorted(users)  # none lost
    assert set(transport.received.values()) == {1}  # none twice
    assert await _statuses(db) == {"sent": members}
    for logger in ("bot.schedule.flusher", "bot.schedule.clock"):
        first, last = _problems(caplog, logger)  # exactly two lines per outage
        assert (first.levelno == logging.ERROR and "unreachable" in first.getMessage()) or (
            "engine tick failed" in first.getMessage()
        )
        assert first.exc_info is None  # one line, not a traceback
        assert last.levelno == logging.WARNING and "resolved" in last.getMessage()
    FIGURES.scenarios.append(
        f"database refused connections mid fan-out ({at_cut}/{members} sent) and while idle"
    )


async def test_commands_are_answered_during_a_database_outage_and_work_after(
    database_url: str, proxy: TcpProxy, clock: VirtualClock
) -> None:
    """During a database outage commands get a short apology; afterwards they work."""
    cut_off = Database(_through(database_url, proxy))
    bot = PrepBot(cut_off, clock=clock)
    ana = Actor("console", "ana", display_name="Ana")
    try:
        assert not (await bot.handle_text(ana, "stories add Before the outage")).is_error
        await proxy.cut()
        during = await asyncio.wait_for(bot.handle_text(ana, "stories add During it"), WAIT)
        assert during.is_error and "nothing was changed" in render_plain(during)
        await proxy.restore()
        after = await bot.handle_text(ana, "stories")
        text = render_plain(after)
        assert "Before the outage" in text and "During it" not in text
        assert not (await bot.handle_text(ana, "stories add After it")).is_error
    finally:
        await cut_off.dispose()
    FIGURES.scenarios.append("commands answered during a database outage, working after")


# --- Slack ---


async def _slack_members(slack: SlackHarness, clock: VirtualClock, count: int) -> list[str]:
    """Slack members of the fake workspace with a daily question due at 12:30 UTC."""
    users = [f"U0OUT{n:05d}" for n in range(count)]
    async with slack.bot.db.session() as session:
        for user in users:
            slack.fake.add_user(user, name=user, tz="UTC")
            actor = Actor("slack", user, team_id=TEAM_ID, display_name=user)
            member = await get_or_create_member(session, actor, clock.now())
            await turn_on(session, member, time(12, 30), None, clock.now())
    return users


async def _run_until_settled(worker: Worker, clock: VirtualClock, rounds: int = 12) -> None:
    """Tick, then move the virtual clock past any retry's backoff, until nothing is left."""
    for _ in range(rounds):
        await worker.run_once()
        clock.set(clock.now() + timedelta(hours=2))


async def test_slack_500_and_429_bursts_are_retried_and_lose_nothing(
    slack: SlackHarness, clock: VirtualClock, caplog: pytest.LogCaptureFixture
) -> None:
    """Slack 500 and 429 bursts: nothing lost or repeated, the leaver paused, one line each."""
    caplog.set_level(logging.INFO)
    users = await _slack_members(slack, clock, 25)
    slack.fake.users[users[-1]]["deleted"] = True  # left: user_not_found, for good
    slack.fake.fail("chat.postMessage", "internal_error", status=500, times=12)
    slack.fake.fail(
        "chat.postMessage", "ratelimited", status=429, times=8, headers={"Retry-After": "1"}
    )
    clock.set(clock.now() + timedelta(minutes=31))
    worker = Worker(
        KINDS, slack.bot.db, default_library(), clock, {"slack": slack.transport}, limiter=NO_LIMITS
    )
    await worker.start()
    try:
        await worker.run_once()
        answer = await slack.command("help")  # the bot keeps serving meanwhile
        assert answer.status == 200 and answer.messages
        await _run_until_settled(worker, clock)
    finally:
        await worker.stop()
    posts = slack.fake.calls_to("chat.postMessage")
    to = Counter(call.params["channel"] for call in posts)
    assert to[users[-1]] == 1  # the leaver: one try, then paused
    async with slack.bot.db.session() as session:
        leaver = await session.scalar(select(Member).where(Member.external_id == users[-1]))
        assert leaver is not None and leaver.paused_at is not None
    statuses = await _statuses(slack.bot.db)
    assert statuses == {"sent": 24, "failed": 1}
    # 24 successes in all (each sent delivery is one), so nobody got two.
    assert len(posts) - 12 - 8 - 1 == 24
    failing = [r for r in _problems(caplog, "bot.schedule.dispatcher")]
    messages = [r.getMessage() for r in failing]
    started = [m for m in messages if "resolved" not in m]
    assert sum("slack sends failing: internal_error" in m for m in started) == 1
    assert sum("slack sends failing: ratelimited" in m for m in started) == 1
    assert sum("resolved" in m for m in messages) == 2
    assert sum("cannot be reached (user_not_found)" in m for m in messages) == 1
    assert len(messages) == 5, messages
    FIGURES.scenarios.append("Slack: 12x500 then 8x429 during a fan-out, one member gone")


# --- Discord ---


async def _discord_members(db: Database, clock: VirtualClock, count: int) -> list[int]:
    """Discord members each with a reminder due in five minutes (a one-off: sent however
    late); the first three also take the daily question."""
    users = [1_180_000_000_000_002_000 + n for n in range(count)]
    async with db.session() as session:
        for n, user in enumerate(users):
            actor = Actor(DISCORD, str(user), team_id=str(GUILD_ID), display_name="M")
            member = await get_or_create_member(session, actor, clock.now())
            soon = AfterDelay(timedelta(minutes=5))
            await reminders.create(session, member, soon, "send the portfolio", clock.now())
            if n < 3:
                await turn_on(session, member, time(12, 30), None, clock.now())
    return users


def _refused(api: FakeDiscordAPI) -> Counter[int]:
    """DM channel -> messages Discord refused there (403: DMs closed)."""
    posts = api.sent("POST", r"/channels/\d+/messages")
    return Counter(int(r.path.split("/")[2]) for r in posts if r.status == 403)


async def test_discord_429s_and_closed_dms(
    db: Database, clock: VirtualClock, client, fake_api: FakeDiscordAPI, caplog
) -> None:
    """Discord 429s are retried to one message each; closed DMs are tried once, never again."""
    caplog.set_level(logging.INFO)
    users = await _discord_members(db, clock, 15)
    closed = users[:3]
    fake_api.closed_dms.update(closed)
    messages = r"POST /channels/\d+/messages"
    fake_api.throttle(messages, times=3, retry_after=0.05)
    fake_api.throttle(messages, times=2, retry_after=120.0)
    clock.set(clock.now() + timedelta(minutes=31))
    # The dispatcher's own limits, on the virtual clock: a long Retry-After holds a member
    # back for that long in the test's time, as it would in real time.
    limiter = RateLimiter(monotonic=lambda: clock.now().timestamp())
    transports = {DISCORD: discord_transport(client)}
    worker = Worker(KINDS, db, default_library(), clock, transports, limiter=limiter)
    await worker.start()
    try:
        await _run_until_settled(worker, clock)
        refused_at_first = _refused(fake_api)
        for _ in range(3):  # the next days: closed DMs are not tried again
            clock.set(clock.now() + timedelta(days=1))
            await worker.run_once()
    finally:
        await worker.stop()
    for user in users:
        channel = fake_api.dm_channel_of(user)
        received = len(fake_api.messages.get(channel, [])) if channel else 0
        assert received == (0 if user in closed else 1), user
    # Each closed member was tried once per message due when it failed, then never again.
    assert set(refused_at_first) == {fake_api.dm_channel_of(user) for user in closed}
    assert _refused(fake_api) == refused_at_first
    async with db.session() as session:
        paused = await session.scalars(
            select(Member.external_id).where(Member.paused_at.is_not(None))
        )
        assert sorted(int(user) for user in paused) == closed
    lines = [r.getMessage() for r in _problems(caplog, "bot.schedule.dispatcher")]
    assert sum("cannot be reached" in line for line in lines) == 3
    assert sum("discord sends failing: rate limited" in line for line in lines) == 2
    assert sum("resolved" in line for line in lines) == 1  # once it started, once it ended
    FIGURES.scenarios.append("Discord: 429s short and long, three members with DMs closed")


# --- retries: backoff with a cap, then give up ---


class AlwaysDown:
    """A platform that answers every send with a temporary error."""

    platform = "console"

    def __init__(self) -> None:
        self.tries = 0

    async def send(self, recipient: Recipient, reply: Reply, *, idempotency_key: str) -> None:
        self.tries += 1
        raise TemporarySendError("http_503")


async def test_a_failure_that_never_clears_is_retried_with_growing_gaps_then_given_up(
    db: Database, clock: VirtualClock, caplog: pytest.LogCaptureFixture
) -> None:
    """A send that always fails is retried with doubling, capped gaps, then given up."""
    caplog.set_level(logging.INFO)
    bot = PrepBot(db, clock=clock)
    await bot.handle_text(Actor("console", "ana"), "remind in 5 minutes call Dana")
    clock.set(clock.now() + timedelta(minutes=6))
    policy = RetryPolicy()
    transport = AlwaysDown()
    worker = Worker(KINDS, db, default_library(), clock, {"console": transport})
    await worker.start()
    waits: list[float] = []
    try:
        for _ in range(policy.max_attempts + 3):
            await worker.run_once()
            async with db.session() as session:
                delivery = await session.scalar(select(Delivery))
            assert delivery is not None
            if delivery.status != "pending":
                break
            waits.append((delivery.not_before - clock.now()).total_seconds())
            clock.set(delivery.not_before)
    finally:
        await worker.stop()
    assert delivery.status == "failed" and transport.tries == policy.max_attempts
    assert "gave up after" in (delivery.error or "")
    assert all(b >= a * 1.5 or b >= policy.cap_seconds * 0.9 for a, b in itertools.pairwise(waits))
    assert max(waits) <= policy.cap_seconds * 1.1
    lines = [r.getMessage() for r in _problems(caplog, "bot.schedule.dispatcher")]
    assert sum("console sends failing: http_503" in line for line in lines) == 1  # no end
    assert sum("gave up after" in line for line in lines) == 1
    FIGURES.scenarios.append(f"a send failing forever: {transport.tries} tries, then given up")


async def test_slack_socket_mode_keeps_trying_while_slack_is_down_and_still_stops(
    tmp_path: Path,
) -> None:
    """Socket Mode keeps retrying while Slack is down and still stops on SIGTERM."""
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))},
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'socket.sqlite3'}",
        "SLACK_BOT_TOKEN": "xoxb-0000000000-0000000000-socketmodetest",
        "SLACK_APP_TOKEN": "xapp-1-A0PREPBOT-0000000000-socketmodetest",
        "SLACK_API_URL": f"http://127.0.0.1:{closed}/api/",
        "LOG_LEVEL": "INFO",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "prepbot.cli",
        "slack",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    seen = []
    try:
        async with asyncio.timeout(WAIT):
            while "Failed to connect" not in (line := (await process.stderr.readline()).decode()):
                assert line, "".join(seen)
                seen.append(line)
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(WAIT):
            await process.stderr.read()
            await process.wait()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0
    FIGURES.scenarios.append("Slack unreachable at start (Socket Mode): retried, SIGTERM honoured")
