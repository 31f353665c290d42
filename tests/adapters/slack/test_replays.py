"""Replays act once: the same signed Slack request, sent again, changes nothing more.

A signed request stays valid for five minutes, so whoever captured one (or Slack, retrying
an event it thinks we missed) can send it again. The app acknowledges the repeat and does
not act on it; what it has seen is kept in the database, so every web process shares it.
"""

from __future__ import annotations

import asyncio
import json

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select

from adapters.slack.app import create_app
from adapters.slack.main import EVENTS_PATH, web_app
from bot.db.models import Reminder
from tests.adapters.slack.conftest import ANA, SlackHarness
from tests.fakes.slack_api import event_callback, signed_headers, slash_command


async def _reminders(slack: SlackHarness) -> int:
    async with slack.bot.db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(Reminder)) or 0)


async def _post(client: TestClient, body: str, headers: dict[str, str]) -> int:
    response = await client.post(EVENTS_PATH, data=body.encode(), headers=headers)
    await response.read()
    return response.status


async def _settle(slack: SlackHarness, done: int) -> None:
    """Wait for `done` listener runs (the work after the ack), then a little longer."""
    await slack.completions.wait(done)
    await asyncio.sleep(0.2)


async def test_a_replayed_signed_command_creates_one_reminder(slack: SlackHarness) -> None:
    """The same signed `/prep remind ...` POSTed twice: acknowledged twice, acted on once."""
    body = slash_command(
        "remind in 2 hours call Dana", user_id=ANA, response_url=slack.fake.response_url("r1")
    )
    headers = signed_headers(body)
    assert await _post(slack.http, body, headers) == 200
    await _settle(slack, 1)
    assert await _post(slack.http, body, headers) == 200  # acknowledged, so Slack stops
    await asyncio.sleep(0.3)
    assert await _reminders(slack) == 1
    assert slack.completions.done == 1


async def test_a_replay_to_another_web_process_is_also_caught(slack: SlackHarness) -> None:
    """Two web processes on one database: a request taken by one is not acted on by the other."""
    body = slash_command(
        "remind in 3 hours send the portfolio",
        user_id=ANA,
        response_url=slack.fake.response_url("r2"),
    )
    headers = signed_headers(body)
    other = TestClient(TestServer(web_app(create_app(slack.settings, slack.bot))))
    await other.start_server()
    try:
        assert await _post(slack.http, body, headers) == 200
        await _settle(slack, 1)
        assert await _post(other, body, headers) == 200
        await asyncio.sleep(0.5)
    finally:
        await other.close()
    assert await _reminders(slack) == 1


async def test_a_slack_event_retry_is_acknowledged_and_skipped(slack: SlackHarness) -> None:
    """Slack retrying an event it already delivered (X-Slack-Retry-Num): 200, no second run."""
    event = {"type": "app_home_opened", "user": ANA, "channel": "D0X", "tab": "home"}
    body = event_callback({**event, "event_ts": "1.0"})
    first = {**signed_headers(body), "Content-Type": "application/json"}
    assert await _post(slack.http, body, first) == 200
    await _settle(slack, 1)
    await asyncio.sleep(1.1)  # a retry comes later, newly signed, with the same event id
    retry = {
        **signed_headers(body),
        "Content-Type": "application/json",
        "X-Slack-Retry-Num": "1",
        "X-Slack-Retry-Reason": "http_timeout",
    }
    assert retry["X-Slack-Signature"] != first["X-Slack-Signature"]
    assert await _post(slack.http, body, retry) == 200
    await asyncio.sleep(0.3)
    assert len(slack.fake.calls_to("views.publish")) == 1
    assert json.loads(body)["event_id"]  # what identified the retry


async def test_a_new_request_with_the_same_words_is_not_a_replay(slack: SlackHarness) -> None:
    """The member typing the same command again is a new request: it is acted on."""
    for n in range(2):
        body = slash_command(
            "remind in 2 hours call Dana",
            user_id=ANA,
            response_url=slack.fake.response_url(f"n{n}"),
        )
        assert await _post(slack.http, body, signed_headers(body)) == 200
        await _settle(slack, n + 1)
    assert await _reminders(slack) == 2
