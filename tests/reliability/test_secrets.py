"""Secrets: tokens never reach a log line, an error, a reply, a stored row or an export.

Representative flows run with realistic tokens configured and logging at DEBUG (the
noisiest setting, where SDKs describe their requests): the real `prepbot` processes
starting up, serving and failing; sends failing on Slack and Discord; exceptions whose
text carries a token. Everything they print, log, store and export is scanned for the
token values.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import discord
import pytest
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    insert,
    select,
    text,
)

from adapters.discord.client import build_transport, create_client, set_api_base
from adapters.slack._tokens import StaticTokens
from adapters.slack.transport import SlackTransport
from bot.app import PrepBot
from bot.clock import VirtualClock
from bot.commands import registry
from bot.commands.context import Actor
from bot.commands.types import ListStories
from bot.config import Settings
from bot.content import default_library
from bot.db.engine import Database
from bot.db.models import Base
from bot.kinds import KINDS
from bot.logs import configure_logging
from bot.replies import Paragraph, Reply
from bot.schedule.transport import Recipient, SendError
from bot.schedule.worker import Worker
from tests.fakes.discord_api import FakeDiscordAPI
from tests.fakes.slack_api import TEAM_ID, FakeSlack, signed_headers, slash_command
from tests.reliability.helpers import FIGURES

ROOT = Path(__file__).resolve().parents[2]
SLACK_BOT = "xoxb-1111111111-2222222222-AbCdEfGhIjKlMnOpQrStUvWx"
SLACK_APP = "xapp-1-A0PREPBOT-3333333333-0123456789abcdef0123456789abcdef"
SIGNING = "8f14e45fceea167a5a36dedd4bea2543"
CLIENT_SECRET = "3c59dc048e8850243be8079a5c74d079"
DISCORD = "MTE4MDAwMDAwMDAwMDAwMDUwMA.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB"
SECRETS = (SLACK_BOT, SLACK_APP, SIGNING, CLIENT_SECRET, DISCORD)


def leaked(*texts: str) -> list[str]:
    """Which secrets (or a long piece of one) appear in any of `texts`."""
    found = []
    for secret in SECRETS:
        pieces = {secret, secret[-20:], secret[:24]}
        if any(piece in t for t in texts for piece in pieces):
            found.append(secret[:8] + "...")
    return found


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SLACK_", "DISCORD_", "DATABASE_URL", "LOG_LEVEL"))
    }
    return {
        **env,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'secrets.sqlite3'}",
        "LOG_LEVEL": "DEBUG",
        "SLACK_BOT_TOKEN": SLACK_BOT,
        "SLACK_APP_TOKEN": SLACK_APP,
        "SLACK_SIGNING_SECRET": SIGNING,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "DISCORD_TOKEN": DISCORD,
        **extra,
    }


async def _run(env: dict[str, str], *args: str) -> str:
    """Run `prepbot <args>` to the end; its stdout and stderr together."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "prepbot.cli",
        *args,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        out, _ = await asyncio.wait_for(process.communicate(), 60)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    return out.decode(errors="replace")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as fake:
        fake.tokens[SLACK_BOT] = TEAM_ID
        fake.add_user("U0ANA0001", name="Ana", tz="Europe/Berlin")
        yield fake


async def test_prepbot_processes_never_print_a_token(tmp_path: Path, fake_slack: FakeSlack):
    """prepbot processes starting, serving and failing at DEBUG never print a token."""
    env = _env(tmp_path, SLACK_API_URL=fake_slack.api_url)
    outputs = [await _run(env, "content", "check")]

    port = _free_port()
    server = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "prepbot.cli",
        "slack",
        "--http",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        outputs.append(await _serve_two_requests(server, port, fake_slack))
    finally:
        if server.returncode is None:
            server.kill()
            await server.wait()

    api = FakeDiscordAPI(token="some-other-token")
    await api.start()
    try:
        discord_env = _env(tmp_path, DISCORD_API_URL=api.base_url)
        for key in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
            discord_env.pop(key)
        outputs.append(await _run(discord_env, "discord"))
    finally:
        await api.close()
    assert "rejected DISCORD_TOKEN" in outputs[-1]
    assert "DEBUG" in outputs[1]  # the noisy level really ran
    FIGURES.scenarios.append("secrets: three prepbot processes at DEBUG, no token printed")
    assert leaked(*outputs) == []


async def _serve_two_requests(
    server: asyncio.subprocess.Process, port: int, fake_slack: FakeSlack
) -> str:
    """Once `server` listens, send it a signed and a forged /prep; SIGTERM; its output."""
    assert server.stdout is not None
    seen: list[str] = []
    listening = asyncio.Event()

    async def drain() -> None:  # keep reading: a full pipe would stall the server
        assert server.stdout is not None
        while line := (await server.stdout.readline()).decode(errors="replace"):
            seen.append(line)
            if "listening on" in line:
                listening.set()

    reader = asyncio.create_task(drain())
    waiter = asyncio.ensure_future(listening.wait())
    try:
        async with asyncio.timeout(60):
            await asyncio.wait({reader, waiter}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()
    assert listening.is_set(), "".join(seen[-20:])
    body = slash_command("help", user_id="U0ANA0001", response_url=fake_slack.response_url("s"))
    async with aiohttp.ClientSession() as http:
        url = f"http://127.0.0.1:{port}/slack/events"
        good = await http.post(url, data=body, headers=signed_headers(body, secret=SIGNING))
        forged = await http.post(url, data=body, headers=signed_headers(body, secret="nope"))
    assert (good.status, forged.status) == (200, 401)
    await fake_slack.wait_for("response_url")
    server.send_signal(signal.SIGTERM)
    async with asyncio.timeout(30):
        await reader
        await server.wait()
    return "".join(seen)


@contextmanager
def production_logging() -> Iterator[None]:
    """The redacting stderr handler `prepbot` installs, at DEBUG, for one block.

    Set up inside the test body: the stderr it writes to must be the one captured now.
    """
    root = logging.getLogger()
    handlers_before, level_before = list(root.handlers), root.level
    configure_logging("DEBUG", SECRETS)
    try:
        yield
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in handlers_before:
            root.addHandler(handler)
        root.setLevel(level_before)


def _to(user: str, platform: str = "slack") -> Recipient:
    return Recipient(member_id=1, platform=platform, team_id=TEAM_ID, user_id=user)


async def test_slack_send_failures_log_no_token(
    fake_slack: FakeSlack, capfd: pytest.CaptureFixture[str]
) -> None:
    """Slack send failures (revoked, 500, 429, unreachable) log and raise no token."""
    with production_logging():
        errors = await _slack_failures(fake_slack)
    out, err = capfd.readouterr()
    assert "DEBUG" in err  # the SDK described its requests
    assert leaked(out, err, *errors) == []


async def _slack_failures(fake_slack: FakeSlack) -> list[str]:
    reply = Reply((Paragraph("Today's question"),))
    errors: list[str] = []
    transport = SlackTransport(StaticTokens(SLACK_BOT), base_url=fake_slack.api_url)
    try:
        for error, status, headers in (
            ("invalid_auth", 200, {}),
            ("internal_error", 500, {}),
            ("ratelimited", 429, {"Retry-After": "1"}),
        ):
            fake_slack.fail("chat.postMessage", error, status=status, headers=headers)
            with pytest.raises(SendError) as caught:
                await transport.send(_to("U0ANA0001"), reply, idempotency_key=f"k-{error}")
            errors += [str(caught.value), repr(caught.value), str(caught.value.__cause__)]
    finally:
        await transport.close()
    down = SlackTransport(StaticTokens(SLACK_BOT), base_url=f"http://127.0.0.1:{_free_port()}/")
    try:
        with pytest.raises(SendError) as caught:
            await down.send(_to("U0ANA0001"), reply, idempotency_key="k-down")
        errors += [str(caught.value), str(caught.value.__cause__)]
    finally:
        await down.close()
    return errors


async def test_discord_send_failures_log_no_token(capfd: pytest.CaptureFixture[str]) -> None:
    """Discord login and send failures (401, 50007) log and raise no token."""
    with production_logging():
        errors = await _discord_failures()
    out, err = capfd.readouterr()
    assert "rejected the bot token" in err  # the one clear line about it
    assert leaked(out, err, *errors) == []


async def _discord_failures() -> list[str]:
    api = FakeDiscordAPI(token=DISCORD)
    await api.start()
    previous = set_api_base(api.base_url)
    errors: list[str] = []
    try:
        settings = Settings(discord_token=DISCORD, discord_api_url=api.base_url, _env_file=None)
        bot = PrepBot(Database("sqlite://"), clock=VirtualClock(datetime.now(UTC)))
        client = create_client(settings, bot)
        with pytest.raises(discord.LoginFailure) as refused:
            await client.login(DISCORD[::-1])
        errors.append(str(refused.value))
        await client.login(DISCORD)
        transport = build_transport(client, per_second=500.0)
        api.fail(r"POST /channels/\d+/messages", 401, 0, "401: Unauthorized")
        api.closed_dms.add(1180000000000000777)
        for user in ("1180000000000000555", "1180000000000000777"):
            with pytest.raises(SendError) as caught:
                await transport.send(
                    _to(user, "discord"), Reply((Paragraph("Hi"),)), idempotency_key=user
                )
            errors += [str(caught.value), str(caught.value.__cause__)]
        await client.close()
    finally:
        set_api_base(previous)
        await api.close()
    return errors


class LeakyTransport:
    """A transport whose failures quote a token, as a careless SDK error might."""

    platform = "console"

    async def send(self, recipient: Recipient, reply: Reply, *, idempotency_key: str) -> None:
        raise RuntimeError(f"upstream refused Authorization: Bearer {SLACK_BOT}")


async def _all_rows(db: Database) -> str:
    """Every row of every table (ours and the Slack installation store), as text."""
    async with db.session() as session:
        names = [t.name for t in Base.metadata.sorted_tables]
        names += ["slack_installations", "slack_bots", "slack_oauth_states"]
        dumped = []
        for name in names:
            rows = (await session.execute(text(f'SELECT * FROM "{name}"'))).all()
            dumped.append(f"{name}: {[tuple(map(str, row)) for row in rows]}")
    return "\n".join(dumped)


async def test_errors_quoting_a_token_are_scrubbed_from_logs_rows_replies_and_exports(
    db: Database, clock: VirtualClock, capfd: pytest.CaptureFixture[str], monkeypatch: Any
) -> None:
    """Errors quoting a token leave it in no log line, stored row, reply or export."""

    async def crash(command: Any, ctx: Any) -> Reply:
        raise RuntimeError(f"database said no; token={SLACK_BOT}")

    monkeypatch.setitem(registry._HANDLERS, ListStories, crash)
    with production_logging():
        crashed, export = await _failures_quoting_a_token(db, clock)
    out, err = capfd.readouterr()
    assert "upstream refused" in err and "database said no" in err  # both were logged
    stored = await _all_rows(db)
    assert "upstream refused" in stored  # the delivery's error is kept, scrubbed
    assert leaked(out, err, stored, export, repr(crashed)) == []


async def _failures_quoting_a_token(db: Database, clock: VirtualClock) -> tuple[Reply, str]:
    bot = PrepBot(db, clock=clock)
    ana = Actor("console", "ana", display_name="Ana")
    assert not (await bot.handle_text(ana, "remind in 5 minutes call Dana")).is_error
    clock.set(clock.now() + timedelta(minutes=6))
    worker = Worker(KINDS, db, default_library(), clock, {"console": LeakyTransport()})
    await worker.start()
    try:
        report = await worker.run_once()
    finally:
        await worker.stop()
    assert report.retried == 1
    crashed = await bot.handle_text(ana, "stories")
    assert crashed.is_error
    export = await bot.handle_text(ana, "privacy export")
    assert export.attachment is not None
    return crashed, export.attachment.content


async def test_privacy_export_never_contains_a_stored_token(
    db: Database, clock: VirtualClock
) -> None:
    """The installer's privacy export holds none of the stored Slack bot token."""
    now = datetime.now(UTC).replace(tzinfo=None)
    async with db.session() as session:
        for table in ("slack_installations", "slack_bots"):
            columns = {
                "client_id": "1111.2222",
                "app_id": "A0PREPBOT",
                "team_id": TEAM_ID,
                "bot_token": SLACK_BOT,
                "bot_id": "B0PREPBOT",
                "bot_user_id": "U0PREPBOT",
                "is_enterprise_install": False,
                "installed_at": now,
            }
            if table == "slack_installations":
                columns["user_id"] = "U0ANA0001"
            await session.execute(insert(_store_table(table)), [columns])
    bot = PrepBot(db, clock=clock)
    installer = Actor("slack", "U0ANA0001", TEAM_ID, "Ana")
    await bot.handle_text(installer, "stories add Installed the app")
    export = await bot.handle_text(installer, "privacy export")
    assert export.attachment is not None
    document = json.loads(export.attachment.content)
    assert document["tables"]["stories"]
    assert leaked(export.attachment.content) == []
    async with db.session() as session:
        assert await session.scalar(select(text("bot_token")).select_from(text("slack_bots")))


def _store_table(name: str) -> Table:
    """The columns of slack_sdk's installation store table we fill (migration 0002)."""
    columns = [
        Column("id", Integer, primary_key=True),
        Column("client_id", String),
        Column("app_id", String),
        Column("team_id", String),
        Column("bot_token", String),
        Column("bot_id", String),
        Column("bot_user_id", String),
        Column("is_enterprise_install", Boolean),
        Column("installed_at", DateTime),
    ]
    if name == "slack_installations":
        columns.append(Column("user_id", String))
    return Table(name, MetaData(), *columns)


def test_settings_never_show_a_secret() -> None:
    """Settings print their secrets masked, and a bad setting's error quotes none."""
    settings = Settings(
        _env_file=None,
        slack_bot_token=SLACK_BOT,
        slack_signing_secret=SIGNING,
        slack_client_secret=CLIENT_SECRET,
        slack_app_token=SLACK_APP,
        discord_token=DISCORD,
    )
    with pytest.raises(ValueError) as bad:
        Settings(_env_file=None, database_url="mysql://x", discord_token=DISCORD)
    assert leaked(repr(settings), str(settings), str(settings.model_dump()), str(bad.value)) == []
