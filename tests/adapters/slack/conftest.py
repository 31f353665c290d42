"""The real bolt app over HTTP against the fake Slack, per database backend."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from slack_bolt.listener.async_listener_completion_handler import AsyncListenerCompletionHandler

from adapters.slack.app import build_transport, create_app
from adapters.slack.main import EVENTS_PATH, web_app
from adapters.slack.transport import SlackTransport
from bot.app import PrepBot
from bot.clock import VirtualClock
from bot.config import Settings
from bot.db.engine import Database
from bot.kinds import KINDS
from bot.schedule.worker import TickReport, Worker
from tests.fakes.slack_api import (
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    block_actions,
    event_callback,
    interaction,
    signed_headers,
    slash_command,
    view_submission,
)

ANA, BEN = "U0ANA0001", "U0BEN0002"
# The channel community tests run in; prepbot is not in it until `channel daily` joins it.
PREP_CHANNEL = "C0PREP001"


@dataclass
class Answer:
    """What the app did for one request: its HTTP answer and the messages it posted."""

    status: int
    body: str
    ack_seconds: float
    messages: list[dict[str, Any]]

    @property
    def blocks(self) -> list[dict[str, Any]]:
        """The blocks of every message, in order."""
        return [b for m in self.messages for b in m.get("blocks") or []]


class Completions(AsyncListenerCompletionHandler):
    """Counts finished bolt listeners, so a test can wait for the work done after ack()."""

    def __init__(self) -> None:
        self.done = 0
        self._changed = asyncio.Condition()

    async def handle(self, request: Any, response: Any) -> None:
        async with self._changed:
            self.done += 1
            self._changed.notify_all()

    async def wait(self, count: int) -> None:
        async with asyncio.timeout(10), self._changed:
            await self._changed.wait_for(lambda: self.done >= count)


@dataclass
class SlackHarness:
    """Sends what Slack would send to the app, and reads what the app sent back."""

    fake: FakeSlack
    http: TestClient
    bot: PrepBot
    transport: SlackTransport
    settings: Settings
    completions: Completions

    async def post(
        self,
        body: str,
        *,
        content_type: str = "application/x-www-form-urlencoded",
        wait: bool = True,
    ) -> tuple[int, str, float]:
        """POST a signed body to the events endpoint; (status, body, seconds to the answer).

        With `wait`, an accepted request also waits for its listener to finish (the work
        after ack()), so what the app posted is there to assert on.
        """
        sent = {**signed_headers(body), "Content-Type": content_type}
        expected = self.completions.done + 1
        started = time.perf_counter()
        response = await self.http.post(EVENTS_PATH, data=body.encode(), headers=sent)
        text = await response.text()
        seconds = time.perf_counter() - started
        if wait and response.status == 200:
            await self.completions.wait(expected)
        return response.status, text, seconds

    async def _answer(
        self, body: str, hook: str, *, content_type: str = "application/x-www-form-urlencoded"
    ) -> Answer:
        before = len(self.fake.calls_to("response_url"))
        status, text, seconds = await self.post(body, content_type=content_type)
        posted = [
            c for c in self.fake.calls_to("response_url")[before:] if c.path.endswith("/" + hook)
        ]
        return Answer(status, text, seconds, [c.params for c in posted])

    async def command(self, text: str, *, user: str = ANA, channel: str = "C0GENERAL") -> Answer:
        """`/prep <text>` typed by `user`."""
        hook = f"cmd{len(self.fake.calls)}"
        body = slash_command(
            text, user_id=user, response_url=self.fake.response_url(hook), channel_id=channel
        )
        return await self._answer(body, hook)

    async def press(
        self,
        button: dict[str, Any],
        *,
        user: str = ANA,
        container: dict[str, Any] | None = None,
        channel: str | None = "C0GENERAL",
    ) -> Answer:
        """`user` presses `button`; by default on an ephemeral message in a channel."""
        hook = f"act{len(self.fake.calls)}"
        has_url = (container or {}).get("type") != "view"
        payload = block_actions(
            button,
            user_id=user,
            response_url=self.fake.response_url(hook) if has_url else None,
            container=container
            or {
                "type": "message",
                "message_ts": "1.1",
                "channel_id": channel,
                "is_ephemeral": True,
            },
            channel_id=channel,
        )
        return await self._answer(interaction(payload), hook)

    async def submit(
        self, view: dict[str, Any], values: dict[str, Any], *, user: str = ANA
    ) -> tuple[int, str]:
        """Submit a modal; (status, body) of the app's answer."""
        status, text, _ = await self.post(interaction(view_submission(view, values, user_id=user)))
        return status, text

    async def event(self, event: dict[str, Any]) -> int:
        """Deliver an Events API event; the HTTP status."""
        status, _, _ = await self.post(event_callback(event), content_type="application/json")
        return status


def slack_settings(fake: FakeSlack, database_url: str, **overrides: Any) -> Settings:
    """Settings for one workspace on the fake, ignoring any real environment."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "slack_bot_token": BOT_TOKEN,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_app_token": None,
        "slack_client_id": None,
        "slack_client_secret": None,
        "slack_api_url": fake.api_url,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    """A fake Slack with two members."""
    async with FakeSlack() as server:
        server.add_user(ANA, name="Ana", tz="Europe/Berlin")
        server.add_user(BEN, name="Ben", tz="America/New_York")
        yield server


@pytest.fixture
async def slack(
    fake: FakeSlack, db: Database, clock: VirtualClock, database_url: str
) -> AsyncIterator[SlackHarness]:
    """The bolt app, served over HTTP, wired to the fake and a fresh database."""
    settings = slack_settings(fake, database_url)
    transport = build_transport(settings, db=db)
    bot = PrepBot(db, clock=clock, transports={"slack": transport})
    app = create_app(settings, bot)
    completions = Completions()
    app.listener_runner.listener_completion_handler = completions
    client = TestClient(TestServer(web_app(app)))
    await client.start_server()
    try:
        yield SlackHarness(fake, client, bot, transport, settings, completions)
    finally:
        await client.close()
        await transport.close()


async def tick(slack: SlackHarness) -> TickReport:
    """One pass of the real worker: plan what is due and send it through the Slack transport."""
    worker = Worker(
        KINDS, slack.bot.db, slack.bot.content, slack.bot.clock, {"slack": slack.transport}
    )
    await worker.start()
    try:
        return await worker.run_once()
    finally:
        await worker.stop()


@pytest.fixture
async def community(slack: SlackHarness) -> SlackHarness:
    """The harness with Ana a workspace admin and #prep (Ana and Ben, not yet prepbot)."""
    slack.fake.users[ANA]["is_admin"] = True
    slack.fake.add_channel(PREP_CHANNEL, members=(ANA, BEN), bot_member=False)
    return slack
