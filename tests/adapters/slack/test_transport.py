import asyncio
import time

import pytest

from adapters.slack._tokens import StaticTokens
from adapters.slack.pacing import Pacer
from adapters.slack.transport import SlackTransport
from bot.replies import Attachment, Button, Buttons, Note, Paragraph, Reply
from bot.schedule.transport import PermanentSendError, Recipient, TemporarySendError
from tests.adapters.slack.blockkit import plain
from tests.adapters.slack.conftest import ANA, BEN
from tests.fakes.slack_api import BOT_TOKEN, TEAM_ID

QUESTION = Reply(
    (
        Paragraph("*Today's question:* Tell me about a conflict."),
        Buttons((Button("Another question", "question"),)),
    ),
    summary="Today's question",
)


def recipient(user=ANA, team=TEAM_ID):
    return Recipient(member_id=1, platform="slack", team_id=team, user_id=user)


@pytest.fixture
async def transport(fake):
    sender = SlackTransport(
        StaticTokens(BOT_TOKEN),
        base_url=fake.api_url,
        pacer=Pacer(per_channel_rate=50, per_channel_burst=5),
    )
    yield sender
    await sender.close()


async def test_delivery_is_one_post_message_to_the_user_id(fake, transport):
    """A due message becomes exactly one chat.postMessage whose channel is the member's user id."""
    await transport.send(recipient(), QUESTION, idempotency_key="daily_question:1:2026-03-03")
    [call] = fake.calls_to("chat.postMessage")
    assert call.params["channel"] == ANA
    assert call.token == BOT_TOKEN
    assert "Tell me about a conflict." in plain(call.params["blocks"])
    assert call.params["text"] == "Today's question"
    assert call.params["unfurl_links"] is False


async def test_429_becomes_temporary_with_retry_after(fake, transport):
    """Slack's 429 is not retried inside slack_sdk: the dispatcher gets Retry-After."""
    fake.fail("chat.postMessage", "ratelimited", status=429, headers={"Retry-After": "7"})
    with pytest.raises(TemporarySendError) as raised:
        await transport.send(recipient(), QUESTION, idempotency_key="k")
    assert raised.value.retry_after == 7
    assert raised.value.throttled  # a timing refusal: waits Retry-After, costs no try
    assert len(fake.calls_to("chat.postMessage")) == 1


@pytest.mark.parametrize(
    ("error", "scope"),
    [
        ("channel_not_found", "member"),
        ("user_not_found", "member"),
        ("cannot_dm_bot", "member"),
        ("is_archived", "member"),
        ("account_inactive", "team"),
        ("not_authed", "team"),
        ("invalid_auth", "team"),
        ("token_revoked", "team"),
        ("missing_scope", "team"),
    ],
)
async def test_permanent_errors_name_what_to_pause(fake, transport, error, scope):
    """Errors no retry can fix are permanent, for the member or the whole workspace."""
    fake.fail("chat.postMessage", error)
    with pytest.raises(PermanentSendError) as raised:
        await transport.send(recipient(), QUESTION, idempotency_key="k")
    assert (raised.value.reason, raised.value.scope) == (error, scope)


@pytest.mark.parametrize("error", ["internal_error", "fatal_error", "service_unavailable"])
async def test_server_trouble_is_temporary(fake, transport, error):
    """Slack-side failures are retried by the dispatcher."""
    fake.fail("chat.postMessage", error, status=500 if error == "fatal_error" else 200)
    with pytest.raises(TemporarySendError):
        await transport.send(recipient(), QUESTION, idempotency_key="k")


async def test_unknown_member_and_bad_token_against_the_fake(fake):
    """Real fake answers (not injected): unknown user -> member pause; wrong token -> team pause."""
    good = SlackTransport(StaticTokens(BOT_TOKEN), base_url=fake.api_url)
    bad = SlackTransport(StaticTokens("xoxb-wrong"), base_url=fake.api_url)
    try:
        with pytest.raises(PermanentSendError) as member:
            await good.send(recipient(user="U0NOBODY"), QUESTION, idempotency_key="a")
        with pytest.raises(PermanentSendError) as team:
            await bad.send(recipient(), QUESTION, idempotency_key="b")
    finally:
        await good.close()
        await bad.close()
    assert member.value.scope == "member" and team.value.scope == "team"


async def test_network_failure_is_temporary():
    """A refused connection is temporary, not a crash."""
    sender = SlackTransport(StaticTokens(BOT_TOKEN), base_url="http://127.0.0.1:9/api/")
    try:
        with pytest.raises(TemporarySendError):
            await sender.send(recipient(), QUESTION, idempotency_key="k")
    finally:
        await sender.close()


async def test_refused_blocks_are_resent_as_text(fake, transport):
    """If Slack refuses the blocks, the member still gets the message as text."""
    fake.fail("chat.postMessage", "invalid_blocks")
    await transport.send(recipient(), QUESTION, idempotency_key="k")
    first, second = fake.calls_to("chat.postMessage")
    assert first.params.get("blocks") and not second.params.get("blocks")
    assert second.params["text"] == "Today's question"


async def test_retry_after_partial_send_skips_parts_already_sent(fake, transport):
    """A reply split in two parts resumes at the part that failed, not from the start."""
    long = Reply(tuple(Note(f"line {i}") for i in range(70)), summary="Long")
    fake.fail("chat.postMessage", "internal_error", after=1)  # part one goes, part two fails
    with pytest.raises(TemporarySendError):
        await transport.send(recipient(), long, idempotency_key="long")
    await transport.send(recipient(), long, idempotency_key="long")
    sizes = [len(c.params["blocks"]) for c in fake.calls_to("chat.postMessage")]
    assert sizes == [50, 20, 20]
    assert "line 69" in plain(fake.calls_to("chat.postMessage")[-1].params["blocks"])


async def test_pacing_stays_under_the_per_channel_limit(fake):
    """Sends to one member are spaced so a fake enforcing 10/s per channel never says 429."""
    fake.rate_limit("chat.postMessage", per_second=10, burst=1)
    sender = SlackTransport(
        StaticTokens(BOT_TOKEN),
        base_url=fake.api_url,
        pacer=Pacer(per_channel_rate=8, per_channel_burst=1),
    )
    started = time.monotonic()
    try:
        await asyncio.gather(
            *(sender.send(recipient(), QUESTION, idempotency_key=f"k{i}") for i in range(5))
        )
    finally:
        await sender.close()
    assert len(fake.calls_to("chat.postMessage")) == 5
    assert time.monotonic() - started >= 4 / 8 - 0.05


async def test_without_pacing_the_fake_limit_answers_429(fake):
    """The fake's limit is real: bursting past it yields 429 with Retry-After."""
    fake.rate_limit("chat.postMessage", per_second=1, burst=1)
    sender = SlackTransport(
        StaticTokens(BOT_TOKEN),
        base_url=fake.api_url,
        pacer=Pacer(per_channel_rate=100, per_channel_burst=100),
    )
    try:
        await sender.send(recipient(), QUESTION, idempotency_key="a")
        with pytest.raises(TemporarySendError) as raised:
            await sender.send(recipient(), QUESTION, idempotency_key="b")
        await sender.send(recipient(user=BEN), QUESTION, idempotency_key="c")  # another channel
    finally:
        await sender.close()
    assert raised.value.retry_after == 1


async def test_long_queue_is_handed_back_not_slept_on(fake):
    """When the budget is far exhausted the send returns at once, asking to retry later."""
    sender = SlackTransport(
        StaticTokens(BOT_TOKEN),
        base_url=fake.api_url,
        pacer=Pacer(per_channel_rate=0.1, per_channel_burst=1),
        max_wait=1.0,
    )
    try:
        await sender.send(recipient(), QUESTION, idempotency_key="a")
        started = time.monotonic()
        with pytest.raises(TemporarySendError) as raised:
            await sender.send(recipient(), QUESTION, idempotency_key="b")
    finally:
        await sender.close()
    assert time.monotonic() - started < 0.5
    assert raised.value.reason == "paced" and 5 < raised.value.retry_after <= 10


async def test_attachment_is_uploaded_into_the_dm(fake, transport):
    """A reply with a file posts the message, then uploads the file to that DM."""
    reply = Reply(
        (Paragraph("Your export"),), attachment=Attachment("prepbot-export.json", '{"a": 1}')
    )
    await transport.send(recipient(), reply, idempotency_key="export")
    [complete] = fake.calls_to("files.completeUploadExternal")
    assert complete.params["channel_id"] == "D" + ANA[1:]
    [upload] = fake.calls_to("upload")
    assert upload.params["bytes"] == b'{"a": 1}'


def test_pacer_reservations_queue_up():
    """Concurrent reservations on one channel are spaced by the rate, without awaiting."""
    now = [0.0]
    pacer = Pacer(per_channel_rate=1, per_channel_burst=1, clock=lambda: now[0])
    waits = [pacer.reserve(TEAM_ID, ANA, max_wait=10) for _ in range(3)]
    assert waits == [0, pytest.approx(1), pytest.approx(2)]
    assert pacer.reserve(TEAM_ID, ANA, max_wait=1) is None
    assert pacer.reserve(TEAM_ID, BEN, max_wait=0) == 0


async def test_no_token_for_a_workspace_is_a_team_failure(fake):
    """A workspace without an installation pauses that workspace."""

    class NoTokens:
        async def bot_token(self, team_id):
            return None

        def forget(self, team_id):
            pass

    sender = SlackTransport(NoTokens(), base_url=fake.api_url)
    with pytest.raises(PermanentSendError) as raised:
        await sender.send(recipient(), QUESTION, idempotency_key="k")
    assert raised.value.scope == "team"
    assert fake.calls == []


async def test_failed_upload_is_retried_without_resending_the_message(fake, transport):
    """If only the file upload failed, the retry uploads it to the same DM and posts nothing new."""
    reply = Reply((Paragraph("Your export"),), attachment=Attachment("export.json", "{}"))
    fake.fail("files.completeUploadExternal", "internal_error")
    with pytest.raises(TemporarySendError):
        await transport.send(recipient(), reply, idempotency_key="export")
    await transport.send(recipient(), reply, idempotency_key="export")
    assert len(fake.calls_to("chat.postMessage")) == 1
    assert fake.calls_to("files.completeUploadExternal")[-1].params["channel_id"] == "D" + ANA[1:]
