"""`/healthz`, `/readyz` and `/metrics` on the web, clock and Discord processes."""

from __future__ import annotations

import asyncio
import io
import re
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import aiohttp
import asyncpg
import pytest
from sqlalchemy.engine import make_url

from adapters.console.community_transport import ConsoleCommunityTransport
from bot.clock import SystemClock
from bot.content import default_library
from bot.db.engine import Database
from bot.db.migrate import upgrade
from bot.health import health_server
from bot.kinds import KINDS
from bot.schedule.dispatcher import DispatchSettings
from bot.schedule.kind_names import DAILY_QUESTION
from bot.schedule.worker import Worker
from prepbot.seed import seed_due
from tests.conftest import postgres_base_url
from tests.service.cli import clean_env, free_port

pytestmark = pytest.mark.postgres


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _admin(base: str, sql: str) -> None:
    connection = await asyncpg.connect(_dsn(base))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.fixture
async def own_database() -> AsyncIterator[tuple[str, str]]:
    """A migrated PostgreSQL database of this test alone: (server URL, its URL)."""
    base = postgres_base_url()
    if base is None:
        pytest.skip("PostgreSQL not configured: set PREPBOT_TEST_POSTGRES_URL")
    name = f"prepbot_ready_{uuid.uuid4().hex[:10]}"
    await _admin(base, f'CREATE DATABASE "{name}"')
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    await asyncio.to_thread(upgrade, url)
    try:
        yield base, url
    finally:
        await _admin(base, f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        await _admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _get(http: aiohttp.ClientSession, url: str) -> tuple[int, str]:
    async with http.get(url) as response:
        return response.status, await response.text()


async def _wait_until_up(http: aiohttp.ClientSession, base: str) -> None:
    for _ in range(300):
        try:
            if (await _get(http, f"{base}/healthz"))[0] == 200:
                return
        except aiohttp.ClientConnectionError:
            await asyncio.sleep(0.1)
    pytest.fail(f"nothing answered on {base}/healthz")


async def _flips(http: aiohttp.ClientSession, base: str, server: str, url: str) -> None:
    """/readyz 200, then 503 while the database refuses connections, then 200 again."""
    name = make_url(url).database
    assert await _get(http, f"{base}/readyz") == (200, "ready")
    await _admin(server, f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    try:
        status, body = await _get(http, f"{base}/readyz")
        assert status == 503
        assert body.startswith("not ready: database ") and f"/{name}:" in body
        assert await _get(http, f"{base}/healthz") == (200, "ok")  # alive all the same
    finally:
        await _admin(server, f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    assert await _get(http, f"{base}/readyz") == (200, "ready")


async def test_clock_readyz_flips_when_postgresql_refuses_connections(own_database, tmp_path):
    """`prepbot clock --health-port N`, a real process: ready, 503 while refused, ready."""
    server, url = own_database
    port = free_port()
    env = clean_env(tmp_path, DATABASE_URL=url, TICK_SECONDS="0.5")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "prepbot.cli",
        "clock",
        "--health-port",
        str(port),
        env=env,
        cwd=tmp_path,
        stderr=asyncio.subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as http:
            await _wait_until_up(http, base)
            await _flips(http, base, server, url)
            status, metrics = await _get(http, f"{base}/metrics")
            assert status == 200 and "prepbot_due_backlog 0.0" in metrics
    finally:
        process.terminate()
        _, stderr = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode == 0, stderr.decode()[-2000:]


async def test_web_process_readyz_flips_too(own_database):
    """The Slack web app's own server answers the same routes (bot.health)."""
    from aiohttp.test_utils import TestClient, TestServer

    from adapters.slack.app import create_app
    from adapters.slack.main import web_app
    from bot.app import PrepBot
    from bot.config import Settings
    from tests.fakes.slack_api import BOT_TOKEN, SIGNING_SECRET

    server, url = own_database
    db = Database(url)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=url,
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
    )
    client = TestClient(TestServer(web_app(create_app(settings, PrepBot(db)), db)))
    await client.start_server()
    try:
        base = str(client.make_url("")).rstrip("/")
        async with aiohttp.ClientSession() as http:
            await _flips(http, base, server, url)
    finally:
        await client.close()
        await db.dispose()


def _sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus text (0 when absent)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    pattern = re.escape(name) + (r"\{" + re.escape(wanted) + r"\}" if labels else "") + r" (\S+)"
    match = re.search(r"^" + pattern + r"$", text, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


async def test_metrics_move_during_a_small_fan_out(own_database):
    """60 due console members: backlog 60 and late, then 60 more sent and backlog 0."""
    _, url = own_database
    members = 60
    db = Database(url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    try:
        await seed_due(db, members, 0.0, datetime.now(UTC))
        await asyncio.sleep(1.1)  # so the oldest due message is a second late
        worker = Worker(
            KINDS,
            db,
            default_library(),
            SystemClock(),
            {"console": ConsoleCommunityTransport(io.StringIO(), db=db)},
            dispatch=DispatchSettings(concurrency=8),
        )
        async with health_server(db, port, "127.0.0.1"), aiohttp.ClientSession() as http:
            _, before = await _get(http, f"{base}/metrics")
            assert _sample(before, "prepbot_due_backlog") == members
            assert _sample(before, "prepbot_oldest_due_age_seconds") >= 1.0
            await worker.start()
            try:
                report = await worker.run_once()
            finally:
                await worker.stop()
            assert report.sent == members
            _, after = await _get(http, f"{base}/metrics")
        sent = {"kind": DAILY_QUESTION, "platform": "console"}
        moved = _sample(after, "prepbot_deliveries_sent_total", **sent) - _sample(
            before, "prepbot_deliveries_sent_total", **sent
        )
        assert moved == members
        assert _sample(after, "prepbot_due_backlog") == 0
        assert _sample(after, "prepbot_oldest_due_age_seconds") == 0
        assert "prepbot_command_seconds_bucket" in after or "prepbot_command_seconds" in after
    finally:
        await db.dispose()
