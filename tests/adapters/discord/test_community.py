"""The channel's question of the day end to end: `/prep channel`, the worker, answer threads."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from adapters.discord import thread_replies
from bot.db.models import AnswerRecord, AskedQuestion, Member
from bot.services.streaks import streak_for
from tests.adapters.discord import payloads
from tests.adapters.discord.helpers import USER_ID, gateway, message_text, tick
from tests.adapters.discord.payloads import CHANNEL_ID, option

ANA, BEN = USER_ID + 11, USER_ID + 12
DAILY = [option("action", "daily"), option("time", "10:00"), option("zone", "Europe/Berlin")]
POSTS = rf"/channels/{CHANNEL_ID}/messages"


@pytest.fixture
def channel(fake_api) -> int:
    return fake_api.add_text_channel(payloads.GUILD_ID, CHANNEL_ID)


async def _post_day(prep, clock, client, fake_api, day: int) -> int:
    """Run the worker at 10:00 Berlin on 2026-03-`day`; returns that day's answer thread."""
    clock.set(datetime(2026, 3, day, 9, 0, tzinfo=UTC))
    await tick(prep, clock, client)
    thread = fake_api.threads_of(CHANNEL_ID)[-1]
    await gateway(client, "thread_create", payloads.thread_create(thread))
    return int(thread["id"])


async def _answer(client, fake_api, thread: int, user_id: int, name: str) -> None:
    """A member writes in a thread; the bot receives it without its text (no intent)."""
    written = fake_api.member_writes(thread, user_id, "My STAR answer", username=name)
    await gateway(client, "message_create", payloads.message_create(fake_api.readable(written)))


async def _answers(prep) -> list[tuple[str, str]]:
    async with prep.db.session() as session:
        rows = await session.execute(
            select(Member.external_id, AnswerRecord.text).join(
                Member, Member.id == AnswerRecord.member_id
            )
        )
        return [(user, text) for user, text in rows]


async def test_only_members_with_manage_server_set_the_channel_question(harness, channel):
    """The core refuses a member without Manage Server, whatever Discord's UI showed."""
    refused = await harness.command("channel", DAILY)
    assert refused.is_error and "Manage Server" in refused.text and refused.ephemeral
    accepted = await harness.command("channel", DAILY, admin=True)
    assert not accepted.is_error and "10:00" in accepted.text


async def test_a_due_question_is_one_message_and_one_thread(
    harness, prep, clock, client, fake_api, channel
):
    """At 10:00 Berlin the worker posts once in the channel and starts one thread from it."""
    await harness.command("channel", DAILY, admin=True)
    thread = await _post_day(prep, clock, client, fake_api, 3)
    (post,) = fake_api.sent("POST", POSTS)
    assert post.body["enforce_nonce"] is True and post.body["allowed_mentions"] == {"parse": []}
    assert "Question of the day" in message_text(post.body)
    assert [t["id"] for t in fake_api.threads_of(CHANNEL_ID)] == [str(thread)]
    assert fake_api.messages[CHANNEL_ID][0]["id"] == str(thread)


async def test_answers_in_the_thread_keep_streaks_and_are_counted_next_day(
    harness, prep, clock, client, fake_api, channel
):
    """A reply is recorded (who, not what); the next post says how many people answered."""
    await harness.command("channel", DAILY, admin=True)
    await harness.command("tz", [option("zone", "Europe/Berlin")], user_id=ANA, username="ana")
    await gateway(
        client, "guild_create", payloads.guild_create([fake_api.channels[CHANNEL_ID]], [])
    )
    thread = await _post_day(prep, clock, client, fake_api, 3)
    clock.set(datetime(2026, 3, 3, 11, 0, tzinfo=UTC))
    await _answer(client, fake_api, thread, ANA, "ana")
    await _answer(client, fake_api, thread, ANA, "ana")
    await _answer(client, fake_api, thread, BEN, "ben")
    await _answer(client, fake_api, CHANNEL_ID, BEN, "ben")  # in the channel: no answer
    assert sorted(await _answers(prep)) == [
        (str(ANA), "(answered in the thread)"),
        (str(ANA), "(answered in the thread)"),
        (str(BEN), "(answered in the thread)"),
    ]
    async with prep.db.session() as session:
        ana = (
            await session.execute(select(Member).where(Member.external_id == str(ANA)))
        ).scalar_one()
        assert await streak_for(session, ana, clock.now()) == 1
        vias = (await session.execute(select(AskedQuestion.via))).scalars().all()
    assert vias == ["channel", "channel"]

    await _post_day(prep, clock, client, fake_api, 4)
    second = fake_api.sent("POST", POSTS)[-1]
    assert "The last question: 2 people answered in its thread." in message_text(second.body)
    assert len(fake_api.threads_of(CHANNEL_ID)) == 2


async def test_an_answer_counts_even_when_the_thread_is_not_cached(
    harness, prep, clock, client, fake_api, channel
):
    """Right after a reconnect the thread may be unknown to discord.py: the core decides."""
    await harness.command("channel", DAILY, admin=True)
    clock.set(datetime(2026, 3, 3, 9, 0, tzinfo=UTC))
    await tick(prep, clock, client)
    (thread,) = fake_api.threads_of(CHANNEL_ID)
    await _answer(client, fake_api, int(thread["id"]), ANA, "ana")
    assert await _answers(prep) == [(str(ANA), "(answered in the thread)")]


async def test_only_people_in_our_answer_threads_reach_the_core(
    harness, prep, clock, client, fake_api, channel, monkeypatch
):
    """Others' threads, private threads, bots and system messages never touch the database."""
    asked: list[str] = []
    real = thread_replies.handle_thread_reply

    async def spy(db, actor, thread_id, text, now):
        asked.append(actor.user_id)
        return await real(db, actor, thread_id, text, now)

    monkeypatch.setattr(thread_replies, "handle_thread_reply", spy)
    await harness.command("channel", DAILY, admin=True)
    foreign = fake_api.member_starts_thread(CHANNEL_ID, ANA, "chat")
    cached = payloads.guild_create([fake_api.channels[CHANNEL_ID]], [foreign])
    await gateway(client, "guild_create", cached)
    thread = await _post_day(prep, clock, client, fake_api, 3)
    group = await client.http.start_thread_without_message(
        CHANNEL_ID, name="pair", auto_archive_duration=60, type=12
    )
    await gateway(client, "thread_create", payloads.thread_create(group))
    for where in (int(foreign["id"]), int(group["id"]), CHANNEL_ID):
        await _answer(client, fake_api, where, BEN, "ben")
    bot_note = fake_api.member_writes(thread, ANA + 99, username="otherbot")
    bot_note["author"]["bot"] = True
    await gateway(client, "message_create", payloads.message_create(bot_note))
    pinned = dict(fake_api.member_writes(thread, ANA, username="ana"), type=6)
    await gateway(client, "message_create", payloads.message_create(pinned))
    assert asked == [] and await _answers(prep) == []
    await _answer(client, fake_api, thread, ANA, "ana")
    assert asked == [str(ANA)]
