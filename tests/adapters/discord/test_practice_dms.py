"""Timed practice on Discord: `/prep practice` in a server, the answer a DM to the bot.

Real discord.py: the interaction arrives as INTERACTION_CREATE, the answer as a gateway
MESSAGE_CREATE in the DM channel (no `guild_id`, content present without the Message
Content intent), and every reply goes through the fake API, which checks its shape.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from adapters.discord.client import PrepClient
from bot.db.models import AnswerRecord
from tests.adapters.discord.helpers import USER_ID, gateway, message_text
from tests.adapters.discord.payloads import option
from tests.bot.services.test_answers import STRONG
from tests.fakes.discord_api import FakeDiscordAPI


def dm_create(api: FakeDiscordAPI, user_id: int, text: str, **extra: Any) -> dict[str, Any]:
    """MESSAGE_CREATE for a DM: the message as the bot reads it, no server, no member."""
    channel = api.dm_channel_of(user_id)
    assert channel is not None, "the bot has not opened a DM with this user"
    written = api.member_writes(channel, user_id, text, username="ana")
    return {**api.readable(written), **extra}


def dms(api: FakeDiscordAPI, user_id: int = USER_ID) -> list[str]:
    channel = api.dm_channel_of(user_id)
    mine = str(api.bot_user_id)
    return [message_text(m) for m in api.messages[channel] if m["author"]["id"] == mine]


async def answers(prep) -> list[AnswerRecord]:
    async with prep.db.session() as session:
        return list((await session.scalars(select(AnswerRecord))).all())


def test_the_client_asks_for_dm_messages_and_nothing_privileged(client: PrepClient):
    """`dm_messages` brings DMs; no privileged intent (members, presences, content)."""
    intents = client.intents
    assert intents.dm_messages and intents.guild_messages and intents.guilds
    assert not (intents.message_content or intents.members or intents.presences)


async def test_practice_dms_the_question_and_the_dm_reply_is_the_answer(
    harness, client, fake_api, prep, clock
):
    """The command answers privately and DMs the question; the DM answer is timed."""
    exchange = await harness.command("practice", [option("category", "conflict")])
    assert "Timed practice" in exchange.text and exchange.ephemeral
    assert "Reply here with your answer" in dms(fake_api)[0]
    clock.set(clock.now() + timedelta(seconds=100))
    await gateway(client, "message_create", dm_create(fake_api, USER_ID, STRONG))
    feedback = dms(fake_api)[-1]
    assert "you took 1 min 40 s" in feedback and "Situation: found" in feedback
    [record] = await answers(prep)
    assert record.text == STRONG


async def test_bots_and_system_messages_in_the_dm_are_ignored(harness, client, fake_api, prep):
    """Only the person's own ordinary message counts."""
    await harness.command("practice")
    before = len(dms(fake_api))
    bot_author = {
        "id": "999",
        "username": "otherbot",
        "discriminator": "0",
        "bot": True,
        "avatar": None,
        "global_name": None,
    }
    await gateway(client, "message_create", dm_create(fake_api, USER_ID, STRONG, author=bot_author))
    await gateway(client, "message_create", dm_create(fake_api, USER_ID, STRONG, type=7))
    assert len(dms(fake_api)) == before and await answers(prep) == []


async def test_cancel_from_the_subcommand_and_review_as_its_action(harness, client, fake_api):
    """`practice action:cancel` and `practice action:review off` spell the core's lines."""
    await harness.command("practice")
    stopped = await harness.command("practice", [option("action", "cancel")])
    assert "won't read your next message" in stopped.text
    review = await harness.command("practice", [option("action", "review off")])
    assert "your choice is off" in review.text.lower().replace("*", "")
    await gateway(client, "message_create", dm_create(fake_api, USER_ID, STRONG))
    assert "No question is waiting" in dms(fake_api)[-1]


async def test_a_stranger_dm_gets_a_pointer(client, fake_api, prep):
    """Someone who never used /prep anywhere: a short pointer, nothing stored."""
    stranger = 1_180_000_000_000_000_777
    fake_api._open_dm(stranger)
    await gateway(client, "message_create", dm_create(fake_api, stranger, "hello?"))
    [pointer] = dms(fake_api, stranger)
    assert "/prep practice" in pointer
    assert await answers(prep) == []
