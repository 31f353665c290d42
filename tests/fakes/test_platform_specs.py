"""The fakes refuse what the platforms' own published schemas refuse."""

from __future__ import annotations

import json

import aiohttp
import pytest

from tests.fakes.discord_api import TOKEN, FakeDiscordAPI
from tests.fakes.platform_specs import (
    ROOT,
    discord_body_problems,
    slack_manifest_problems,
    specs_dir,
)

pytestmark = pytest.mark.skipif(specs_dir() is None, reason="../shared/platform-specs missing")


def test_discord_schema_accepts_a_plain_message_and_refuses_a_wrong_one():
    """MessageCreateRequest: a string content passes; a number, or an embed title, does not."""
    assert (
        discord_body_problems("POST", "/channels/1/messages", {"content": "hi"}, multipart=False)
        == []
    )
    problems = discord_body_problems(
        "POST", "/channels/1/messages", {"content": 5, "embeds": [{"title": 1}]}, multipart=False
    )
    assert any("content" in p for p in problems) and any("embeds/0/title" in p for p in problems)


def test_a_literal_route_wins_over_a_placeholder():
    """`/users/@me/channels` is checked as the DM-open request, not a user id route."""
    assert (
        discord_body_problems(
            "POST", "/users/@me/channels", {"recipient_id": "12"}, multipart=False
        )
        == []
    )
    assert discord_body_problems(
        "POST", "/users/@me/channels", {"recipient_id": "not-a-snowflake"}, multipart=False
    )


async def test_the_discord_fake_answers_a_refused_body_like_discord():
    """400 with code 50035, and the problem kept for the test to read."""
    api = FakeDiscordAPI()
    base = await api.start()
    try:
        async with (
            aiohttp.ClientSession() as http,
            http.post(
                f"{base}/channels/1/messages",
                json={"content": ["not", "a", "string"]},
                headers={"Authorization": f"Bot {TOKEN}"},
            ) as response,
        ):
            assert response.status == 400
            assert (await response.json())["code"] == 50035
    finally:
        await api.close()
    assert api.schema_problems and "content" in api.schema_problems[0]


def test_the_manifest_passes_slacks_schema_and_a_broken_one_does_not():
    """manifest.json against Slack's manifest schema; a misspelt setting is refused."""
    manifest = json.loads((ROOT / "manifest.json").read_text())
    assert slack_manifest_problems(manifest) == []
    broken = {**manifest, "settings": {**manifest["settings"], "socket_mode": "yes"}}
    assert slack_manifest_problems(broken)
