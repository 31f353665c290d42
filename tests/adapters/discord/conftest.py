"""Fixtures: a fake Discord API, a logged-in client pointed at it, and a harness that
dispatches real interaction payloads and collects what the library sent back."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from adapters.discord.client import PrepClient, build_transport, create_client, set_api_base
from bot.app import PrepBot
from bot.config import Settings
from tests.adapters.discord.helpers import Harness
from tests.fakes.discord_api import TOKEN, FakeDiscordAPI


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeDiscordAPI]:
    """The fake API, with discord.py's `Route.BASE` pointed at it for the test."""
    api = FakeDiscordAPI()
    await api.start()
    previous = set_api_base(api.base_url)
    yield api
    set_api_base(previous)
    await api.close()


@pytest.fixture
def prep(db, clock) -> PrepBot:
    """The core on a fresh database and a virtual clock."""
    return PrepBot(db, clock=clock)


@pytest.fixture
async def client(fake_api: FakeDiscordAPI, prep: PrepBot) -> AsyncIterator[PrepClient]:
    """A logged-in client (REST only, no gateway), wired as production wires it."""
    settings = Settings(discord_token=TOKEN, discord_api_url=fake_api.base_url, _env_file=None)
    client = create_client(settings, prep)
    prep.transports["discord"] = build_transport(client, per_second=200.0)
    await client.login(TOKEN)
    yield client
    await client.close()


@pytest.fixture
def harness(client: PrepClient, fake_api: FakeDiscordAPI) -> Harness:
    """Send interactions to the client as Discord would."""
    return Harness(client, fake_api)
