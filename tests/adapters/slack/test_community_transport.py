"""The Slack community transport against the fake: channel posts, group DMs, thread counts."""

import pytest

from adapters.slack._tokens import StaticTokens
from adapters.slack.community import MAX_REPLY_PAGES, REPLIES_PAGE, SlackCommunityTransport
from adapters.slack.pacing import Pacer
from bot.replies import Button, Buttons, Header, Note, Paragraph, Reply
from bot.schedule.targets import ChannelTarget, GroupTarget
from bot.schedule.transport import (
    CommunityTransport,
    PermanentSendError,
    PostRef,
    TemporarySendError,
)
from tests.adapters.slack.blockkit import plain
from tests.adapters.slack.conftest import ANA, BEN
from tests.fakes.slack_api import BOT_TOKEN, TEAM_ID, validate_blocks

CHANNEL = "C0PREP001"
POST = Reply(
    (
        Header("Question of the day"),
        Paragraph("*Tell me about a conflict.*"),
        Note("Answer in the thread below."),
        Buttons((Button("Practise privately", "question"),)),
    ),
    summary="Question of the day",
    private=False,
)


@pytest.fixture
async def transport(fake):
    fake.add_channel(CHANNEL, members=(ANA, BEN))
    sender = SlackCommunityTransport(
        StaticTokens(BOT_TOKEN),
        base_url=fake.api_url,
        pacer=Pacer(per_channel_rate=50, per_channel_burst=5),
    )
    yield sender
    await sender.close()


async def _post(transport, *, thread=True, key="channel_question:c1:C0PREP001:2026-03-03"):
    return await transport.post_channel(
        TEAM_ID, ChannelTarget(CHANNEL, open_thread=thread), POST, idempotency_key=key
    )


def test_it_is_a_community_transport():
    """The dispatcher finds the community methods on what build_transport returns."""
    assert isinstance(SlackCommunityTransport(StaticTokens(BOT_TOKEN)), CommunityTransport)


async def test_post_is_one_message_in_the_channel_and_its_ts_is_the_thread(fake, transport):
    """post_channel is one chat.postMessage to the channel; the message ts names the thread."""
    ref = await _post(transport)
    [call] = fake.calls_to("chat.postMessage")
    assert call.params["channel"] == CHANNEL and call.token == BOT_TOKEN
    assert validate_blocks(call.params["blocks"]) == []
    assert "Answer in the thread below." in plain(call.params["blocks"])
    [parent] = fake.thread(CHANNEL, ref.message_id)
    assert ref == PostRef(CHANNEL, parent["ts"], parent["ts"])


async def test_post_without_a_thread_has_no_thread_id(fake, transport):
    """An announcement (no answers wanted) returns its message but no thread."""
    ref = await _post(transport, thread=False)
    assert ref.thread_id is None and ref.message_id


@pytest.mark.parametrize("setup", ["left", "archived", "deleted"])
async def test_channel_gone_pauses_the_community(fake, transport, setup):
    """not_in_channel, is_archived and channel_not_found are permanent, for the community."""
    if setup == "left":
        fake.conversations[CHANNEL].members.clear()
    elif setup == "archived":
        fake.conversations[CHANNEL].archived = True
    else:
        del fake.conversations[CHANNEL]
    with pytest.raises(PermanentSendError) as raised:
        await _post(transport)
    expected = {"left": "not_in_channel", "archived": "is_archived", "deleted": "channel_not_found"}
    assert (raised.value.reason, raised.value.scope) == (expected[setup], "community")


@pytest.mark.parametrize(
    ("error", "scope"), [("missing_scope", "community"), ("invalid_auth", "team")]
)
async def test_scope_and_token_errors(fake, transport, error, scope):
    """A missing community scope pauses only the community; a dead token the workspace."""
    fake.fail("chat.postMessage", error)
    with pytest.raises(PermanentSendError) as raised:
        await _post(transport)
    assert raised.value.scope == scope


async def test_429_on_a_post_is_temporary_with_retry_after(fake, transport):
    """A rate-limited post is retried by the dispatcher after Slack's Retry-After."""
    fake.fail("chat.postMessage", "ratelimited", status=429, headers={"Retry-After": "9"})
    with pytest.raises(TemporarySendError) as raised:
        await _post(transport)
    assert raised.value.retry_after == 9


async def test_group_is_one_open_and_one_post_in_the_group_dm(fake, transport):
    """open_group opens the members' group DM (order kept), then posts once in it."""
    ref = await transport.open_group(TEAM_ID, GroupTarget((BEN, ANA)), POST, idempotency_key="g1")
    [opened] = fake.calls_to("conversations.open")
    assert opened.params["users"] == f"{BEN},{ANA}"
    [call] = fake.calls_to("chat.postMessage")
    assert call.params["channel"] == ref.channel_id and ref.channel_id.startswith("G")
    assert fake.thread(ref.channel_id, ref.message_id)
    assert fake.conversations[ref.channel_id].members >= {ANA, BEN}


async def test_group_errors_fail_the_group_or_retry(fake, transport):
    """A member gone fails only that group; a 429 on conversations.open is temporary."""
    with pytest.raises(PermanentSendError) as gone:
        await transport.open_group(
            TEAM_ID, GroupTarget((ANA, "U0NOBODY1")), POST, idempotency_key="g1"
        )
    assert (gone.value.reason, gone.value.scope) == ("user_not_found", "delivery")
    fake.fail("conversations.open", "ratelimited", status=429, headers={"Retry-After": "4"})
    with pytest.raises(TemporarySendError) as limited:
        await transport.open_group(TEAM_ID, GroupTarget((ANA, BEN)), POST, idempotency_key="g2")
    assert limited.value.retry_after == 4
    with pytest.raises(PermanentSendError):
        await transport.open_group(TEAM_ID, GroupTarget(()), POST, idempotency_key="g3")
    assert fake.calls_to("chat.postMessage") == []


async def test_count_is_distinct_people_not_bots_nor_the_post(fake, transport):
    """Two people (one twice) and a bot reply in the thread count as 2."""
    ref = await _post(transport)
    fake.user_reply(CHANNEL, ref.message_id, ANA, "first")
    fake.user_reply(CHANNEL, ref.message_id, ANA, "and more")
    fake.user_reply(CHANNEL, ref.message_id, BEN, "mine", subtype="thread_broadcast")
    fake.user_reply(CHANNEL, ref.message_id, "U0OTHERBOT", "beep", bot_id="B0OTHER")
    assert await transport.count_thread_replies(TEAM_ID, ref) == 2
    [call] = fake.calls_to("conversations.replies")
    assert call.params["ts"] == ref.message_id and call.params["channel"] == CHANNEL


async def test_count_follows_the_cursor_and_stops_at_its_bound(fake, transport):
    """A thread over one page is read page by page; a huge one stops after MAX_REPLY_PAGES."""
    ref = await _post(transport)
    repliers = [fake.add_user(f"U0R{n:07d}")["id"] for n in range(REPLIES_PAGE + 5)]
    for user in repliers:
        fake.user_reply(CHANNEL, ref.message_id, user, "answer")
    assert await transport.count_thread_replies(TEAM_ID, ref) == len(repliers)
    assert len(fake.calls_to("conversations.replies")) == 2
    for n in range(REPLIES_PAGE * MAX_REPLY_PAGES):
        fake.user_reply(CHANNEL, ref.message_id, f"U0S{n:07d}", "answer")
    await transport.count_thread_replies(TEAM_ID, ref)
    assert len(fake.calls_to("conversations.replies")) == 2 + MAX_REPLY_PAGES


async def test_count_errors(fake, transport):
    """A deleted thread is permanent (the core then says nothing); a 429 is temporary."""
    ref = await _post(transport)
    with pytest.raises(PermanentSendError):
        await transport.count_thread_replies(TEAM_ID, PostRef(CHANNEL, "1.000001", "1.000001"))
    fake.fail("conversations.replies", "ratelimited", status=429, headers={"Retry-After": "30"})
    with pytest.raises(TemporarySendError) as limited:
        await transport.count_thread_replies(TEAM_ID, ref)
    assert limited.value.retry_after == 30
