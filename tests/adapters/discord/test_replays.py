"""A Discord interaction delivered twice (a gateway resume replaying it) acts once."""

from __future__ import annotations

import asyncio
import copy

from sqlalchemy import func, select

from bot.db.models import Story
from tests.adapters.discord import payloads
from tests.adapters.discord.helpers import Harness
from tests.adapters.discord.payloads import option


async def _stories(harness: Harness) -> int:
    db = harness.client.prep.db
    async with db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(Story)) or 0)


async def test_the_same_interaction_id_twice_adds_one_story(harness: Harness) -> None:
    """INTERACTION_CREATE with one id, dispatched twice: one story, one answer."""
    options = [option("action", "add"), option("title", "Led the migration")]
    payload = payloads.command("stories", options, **harness.who())
    await harness.dispatch(payload)
    again = copy.deepcopy(payload)
    again["token"] = payload["token"] + "x"  # whatever else differs, the id decides
    harness.client._connection.parse_interaction_create(again)  # type: ignore[arg-type]
    await asyncio.sleep(0.5)
    assert await _stories(harness) == 1
    callbacks = [r for r in harness.api.requests if r.path.endswith(f"/{again['token']}/callback")]
    assert callbacks == []  # nothing done for the repeat
