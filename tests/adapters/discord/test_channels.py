"""Channel posts, answer threads and private practice threads against the fake Discord API."""

from __future__ import annotations

import pytest

from adapters.discord import channels
from adapters.discord.channels import DiscordCommunityTransport
from adapters.discord.transport import nonce_for
from bot.replies import Button, Buttons, Paragraph, Reply
from bot.schedule.targets import ChannelTarget, GroupTarget
from bot.schedule.transport import (
    CommunityTransport,
    PermanentSendError,
    PostRef,
    TemporarySendError,
)
from tests.adapters.discord.payloads import GUILD_ID

GUILD = str(GUILD_ID)
QUESTION = Reply(
    (Paragraph("Tell me about a time you disagreed."), Buttons((Button("Practise", "question"),))),
    summary="Question of the day: Tell me about a time you disagreed.",
    private=False,
)
OPENER = Reply((Paragraph("Ana and Ben: you are a pair."),), summary="Your practice pair")
KEY = "channel_question:c1:C:2026-03-03"
GROUP_KEY = "pairing_round:c1:2026-W11:g1"
ANA, BEN = 1_180_000_000_000_000_701, 1_180_000_000_000_000_702


@pytest.fixture
def transport(client) -> DiscordCommunityTransport:
    return DiscordCommunityTransport(client, client.dms, per_second=500.0, opens_per_second=500.0)


@pytest.fixture
def channel(fake_api) -> int:
    return fake_api.add_text_channel(GUILD_ID)


async def _post(transport, channel: int, *, key: str = KEY, thread: bool = True) -> PostRef:
    return await transport.post_channel(
        GUILD, ChannelTarget(str(channel), open_thread=thread), QUESTION, idempotency_key=key
    )


async def _group(transport, channel: int | None, users=(ANA, BEN)) -> PostRef:
    group = GroupTarget(tuple(str(u) for u in users), str(channel) if channel else None)
    return await transport.open_group(GUILD, group, OPENER, idempotency_key=GROUP_KEY)


def test_the_transport_is_a_community_transport(transport):
    """The dispatcher finds the community methods on the Discord transport."""
    assert isinstance(transport, CommunityTransport)


async def test_a_post_is_one_message_and_a_thread_started_from_it(fake_api, transport, channel):
    """The post carries a nonce and no mentions; its thread has its id, for a day."""
    ref = await _post(transport, channel)
    (post,) = fake_api.sent("POST", rf"/channels/{channel}/messages")
    assert post.body["nonce"] == nonce_for(KEY) and post.body["enforce_nonce"] is True
    assert post.body["allowed_mentions"] == {"parse": []}
    custom_id = post.body["components"][0]["components"][0]["custom_id"]
    assert custom_id == "prep:question"  # the server comes with the press
    (start,) = fake_api.sent("POST", rf"/channels/{channel}/messages/\d+/threads")
    assert start.body["name"] == QUESTION.summary and start.body["auto_archive_duration"] == 1440
    message_id = fake_api.messages[channel][0]["id"]
    assert ref == PostRef(str(channel), message_id, message_id)
    assert fake_api.channels[int(message_id)]["type"] == 11


async def test_a_resend_after_a_crash_makes_no_second_message_or_thread(
    fake_api, transport, client, channel
):
    """Same delivery, new process: the nonce dedupes the post and 160004 finds the thread."""
    first = await _post(transport, channel)
    restarted = DiscordCommunityTransport(client, client.dms, per_second=500.0)
    assert await _post(restarted, channel) == first
    assert len(fake_api.messages[channel]) == 1 and len(fake_api.threads_of(channel)) == 1


async def test_a_post_without_a_thread_is_just_the_message(fake_api, transport, channel):
    """The pairing announcement opens no thread."""
    ref = await _post(transport, channel, thread=False)
    assert ref.thread_id is None and not fake_api.threads_of(channel)


async def test_a_group_is_a_private_thread_with_its_members_and_a_ping(
    fake_api, transport, channel
):
    """One private thread in the channel; both added; the opener pings both."""
    ref = await _group(transport, channel)
    (thread,) = fake_api.threads_of(channel)
    assert thread["type"] == 12 and thread["thread_metadata"]["invitable"] is True
    assert thread["name"].startswith("Your practice pair")
    assert ref == PostRef(
        str(channel), fake_api.messages[int(thread["id"])][-1]["id"], thread["id"]
    )
    assert fake_api.thread_members[int(thread["id"])] == {fake_api.bot_user_id, ANA, BEN}
    (opener,) = fake_api.sent("POST", rf"/channels/{thread['id']}/messages")
    assert opener.body["content"] == f"<@{ANA}> <@{BEN}>"
    assert opener.body["allowed_mentions"] == {"parse": [], "users": [ANA, BEN]}
    assert opener.body["nonce"] == nonce_for(GROUP_KEY) and opener.body["embeds"]


async def test_a_group_retry_reuses_its_thread_in_process_and_after_a_restart(
    fake_api, transport, client, channel
):
    """A failed opener is retried in the same thread, also from a new process."""
    fake_api.fail(r"POST /channels/\d+/messages", 503, 0, "Service Unavailable")
    with pytest.raises(TemporarySendError):
        await _group(transport, channel)
    await _group(transport, channel)
    restarted = DiscordCommunityTransport(client, client.dms, per_second=500.0)
    await _group(restarted, channel)
    (thread,) = fake_api.threads_of(channel)
    assert len(fake_api.messages[int(thread["id"])]) == 3  # two join notices and one opener


async def test_a_member_who_left_does_not_stop_the_group(fake_api, transport, channel):
    """10007 for one member: the others are added and the opener goes out."""
    fake_api.departed.add(BEN)
    ref = await _group(transport, channel)
    assert fake_api.thread_members[int(ref.thread_id or 0)] == {fake_api.bot_user_id, ANA}


async def test_a_group_without_a_channel_is_permanent_for_the_community(transport):
    """Discord has no group DMs for bots: no daily channel, no private thread."""
    with pytest.raises(PermanentSendError) as caught:
        await _group(transport, None)
    assert caught.value.scope == "community"


async def test_answers_are_distinct_people_over_every_page(
    fake_api, transport, channel, monkeypatch
):
    """Bots, notices and repeat writers count once or not at all; pages are bounded."""
    ref = await _post(transport, channel)
    thread = int(ref.thread_id or 0)
    fake_api.member_writes(thread, ANA, "first")
    for i in range(150):
        fake_api.member_writes(thread, BEN if i % 2 else ANA + 10 + i % 3, "more")
    bot_note = fake_api.member_writes(thread, fake_api.bot_user_id)
    bot_note["author"]["bot"] = True
    assert await transport.count_thread_replies(GUILD, ref) == 5
    assert len(fake_api.sent("GET", rf"/channels/{thread}/messages")) == 2
    monkeypatch.setattr(channels, "MAX_PAGES", 1)
    assert await transport.count_thread_replies(GUILD, ref) == 4  # ANA's first is too old


async def test_no_thread_counts_nothing_without_asking(fake_api, transport):
    """A post without a thread has no answers and costs no request."""
    before = len(fake_api.requests)
    assert await transport.count_thread_replies(GUILD, PostRef("1", "2", None)) == 0
    assert len(fake_api.requests) == before


@pytest.mark.parametrize("code", [50001, 50013])
async def test_lost_access_pauses_the_community(fake_api, transport, channel, code):
    """Missing Access or Permissions: permanent, scoped to the community, saying what to fix."""
    fake_api.revoked[channel] = code
    with pytest.raises(PermanentSendError) as caught:
        await _post(transport, channel)
    assert caught.value.scope == "community" and "channel" in caught.value.reason
    with pytest.raises(PermanentSendError):
        await _group(transport, channel)


async def test_no_thread_permission_after_the_post_is_permanent(fake_api, transport, channel):
    """Posting works but starting the thread is refused (50013): permanent."""
    fake_api.fail(r"POST /channels/\d+/messages/\d+/threads", 403, 50013, "Missing Permissions")
    with pytest.raises(PermanentSendError) as caught:
        await _post(transport, channel)
    assert "Create Public and Private Threads" in caught.value.reason


async def test_deleted_channel_or_thread_is_permanent(fake_api, transport, channel):
    """Unknown Channel (10003) for the channel or the thread being counted."""
    ref = await _post(transport, channel)
    fake_api.delete_channel(int(ref.thread_id or 0))
    with pytest.raises(PermanentSendError):
        await transport.count_thread_replies(GUILD, ref)
    fake_api.delete_channel(channel)
    with pytest.raises(PermanentSendError):
        await _post(transport, channel, key="other")


async def test_rate_limits_and_server_errors_are_temporary(fake_api, transport, channel):
    """A long 429 comes back with Discord's wait; a 503 is worth retrying."""
    fake_api.throttle(r"POST /channels/\d+/messages", retry_after=120.0)
    with pytest.raises(TemporarySendError) as caught:
        await _post(transport, channel)
    assert caught.value.retry_after == 120.0
    fake_api.fail(r"GET /channels/\d+/messages", 503, 0, "Service Unavailable")
    with pytest.raises(TemporarySendError):
        await transport.count_thread_replies(GUILD, PostRef(str(channel), "1", str(channel)))


async def test_ids_that_are_not_snowflakes_are_permanent(transport):
    """A console-style channel name can never be a Discord channel."""
    with pytest.raises(PermanentSendError):
        await transport.post_channel(
            GUILD, ChannelTarget("general", open_thread=True), QUESTION, idempotency_key=KEY
        )
