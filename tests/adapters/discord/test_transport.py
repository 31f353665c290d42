"""Scheduled DMs through discord.py's HTTP layer against the fake API."""

from __future__ import annotations

import asyncio
import time as clock_time

import pytest

from adapters.discord._dms import DirectMessages, Pacer
from adapters.discord.render import render_reply
from adapters.discord.transport import (
    DMS_CLOSED,
    DiscordTransport,
    nonce_for,
)
from bot.replies import Button, Buttons, Paragraph, Reply
from bot.schedule.transport import PermanentSendError, Recipient, TemporarySendError

MESSAGES = r"/channels/\d+/messages"
REPLY = Reply(
    (
        Paragraph("Today's question: tell me about a conflict."),
        Buttons((Button("Skip today", "daily skip"),)),
    )
)


GUILD = "1180000000000000001"


def to(user_id: int, member_id: int = 1) -> Recipient:
    return Recipient(member_id=member_id, platform="discord", team_id=GUILD, user_id=str(user_id))


@pytest.fixture
def transport(client) -> DiscordTransport:
    return DiscordTransport(client, client.dms, per_second=500.0, opens_per_second=500.0)


def test_nonce_fits_discord_and_is_stable():
    """Nonces are at most 25 characters, the same for a retry, different per part and key."""
    assert len(nonce_for("daily:1:2026-03-02")) <= 25
    assert nonce_for("k") == nonce_for("k", 0)
    assert len({nonce_for("k", 0), nonce_for("k", 1), nonce_for("j", 0)}) == 3


async def test_first_dm_opens_a_channel_then_one_request_each(fake_api, transport):
    """The DM channel is opened once and cached: each later delivery is one request."""
    await transport.send(to(501), REPLY, idempotency_key="a")
    await transport.send(to(501), REPLY, idempotency_key="b")
    assert len(fake_api.sent("POST", "/users/@me/channels")) == 1
    posts = fake_api.sent("POST", MESSAGES)
    assert len(posts) == 2
    body = posts[0].body
    assert body["nonce"] == nonce_for("a") and body["enforce_nonce"] is True
    assert body["allowed_mentions"] == {"parse": []}
    assert body["components"][0]["components"][0]["custom_id"] == f"prep@{GUILD}:daily skip"


async def test_resend_after_a_crash_is_deduplicated(fake_api, transport, client):
    """Sending the same delivery again (a recovered claim) creates no second message."""
    long_reply = Reply(tuple(Paragraph("x" * 4000) for _ in range(3)))
    parts = len(render_reply(long_reply))
    assert parts > 1
    await transport.send(to(502), long_reply, idempotency_key="daily:7:2026-03-02")
    restarted = DiscordTransport(client, DirectMessages(), per_second=500.0, opens_per_second=500.0)
    await restarted.send(to(502), long_reply, idempotency_key="daily:7:2026-03-02")
    channel = fake_api.dm_channel_of(502)
    assert len(fake_api.sent("POST", MESSAGES)) == 2 * parts
    assert len(fake_api.messages[channel]) == parts


async def test_closed_dms_fail_permanently_once(fake_api, transport, client):
    """50007 is permanent with a how-to-fix reason; later sends make no request until reset."""
    fake_api.closed_dms.add(503)
    with pytest.raises(PermanentSendError) as caught:
        await transport.send(to(503), REPLY, idempotency_key="a")
    assert caught.value.reason == DMS_CLOSED and caught.value.scope == "member"
    assert "Privacy Settings" in caught.value.reason and len(caught.value.reason) <= 200
    with pytest.raises(PermanentSendError):
        await transport.send(to(503), REPLY, idempotency_key="b")
    assert len(fake_api.sent("POST", MESSAGES)) == 1
    client.dms.forget_failure(503)  # what using /prep does
    fake_api.closed_dms.clear()
    await transport.send(to(503), REPLY, idempotency_key="c")
    assert len(fake_api.sent("POST", MESSAGES)) == 2


async def test_opening_dms_too_fast_is_permanent_for_the_member(fake_api, transport):
    """40003 on opening the DM is handled as permanent for that member."""
    fake_api.refuse_dm_open[504] = 40003
    with pytest.raises(PermanentSendError):
        await transport.send(to(504), REPLY, idempotency_key="a")


async def test_short_429_is_retried_by_the_library(fake_api, transport):
    """A brief 429 is waited out inside discord.py: the send succeeds."""
    await transport.send(to(505), REPLY, idempotency_key="warm")
    fake_api.throttle(f"POST {MESSAGES}", retry_after=0.05)
    await transport.send(to(505), REPLY, idempotency_key="a")
    assert [r.status for r in fake_api.sent("POST", MESSAGES)] == [200, 429, 200]


async def test_long_429_is_temporary_with_retry_after(fake_api, transport):
    """A 429 longer than the client's limit comes back as temporary with Discord's wait."""
    fake_api.throttle(f"POST {MESSAGES}", retry_after=120.0)
    with pytest.raises(TemporarySendError) as caught:
        await transport.send(to(506), REPLY, idempotency_key="a")
    assert caught.value.retry_after == 120.0
    assert caught.value.throttled


async def test_rejected_token_stops_sending_for_a_while(fake_api, transport):
    """After a 401 the transport sends nothing for a while (each try is an invalid request)."""
    fake_api.fail("POST /users/@me/channels", 401, 0, "401: Unauthorized")
    with pytest.raises(TemporarySendError):
        await transport.send(to(507), REPLY, idempotency_key="a")
    before = len(fake_api.requests)
    with pytest.raises(TemporarySendError) as caught:
        await transport.send(to(508), REPLY, idempotency_key="b")
    assert len(fake_api.requests) == before and caught.value.retry_after
    assert fake_api.invalid_requests == 1


async def test_unknown_channel_drops_the_cached_channel(fake_api, transport, client):
    """A vanished DM channel (10003) is retried later on a freshly opened channel."""
    await transport.send(to(509), REPLY, idempotency_key="a")
    fake_api.fail(f"POST {MESSAGES}", 404, 10003, "Unknown Channel")
    with pytest.raises(TemporarySendError):
        await transport.send(to(509), REPLY, idempotency_key="b")
    assert client.dms.channel_for(509) is None
    await transport.send(to(509), REPLY, idempotency_key="b")
    assert len(fake_api.sent("POST", "/users/@me/channels")) == 2


async def test_server_errors_are_temporary(fake_api, transport):
    """A 503 is worth retrying later."""
    fake_api.fail(f"POST {MESSAGES}", 503, 0, "Service Unavailable")
    with pytest.raises(TemporarySendError):
        await transport.send(to(510), REPLY, idempotency_key="a")


async def test_not_a_discord_id_is_permanent(transport):
    """A recipient whose id is not a snowflake can never be DMed."""
    with pytest.raises(PermanentSendError):
        await transport.send(Recipient(1, "discord", "", "ana"), REPLY, idempotency_key="a")


async def test_before_login_sends_are_temporary(prep):
    """A transport whose client has not logged in yet asks to be retried."""
    from adapters.discord.client import PrepClient

    idle = PrepClient(prep)
    transport = DiscordTransport(idle, idle.dms)
    with pytest.raises(TemporarySendError):
        await transport.send(to(1), REPLY, idempotency_key="a")


async def test_broadcast_is_paced_under_the_global_limit(fake_api, client):
    """A burst of DMs, paced, never meets Discord's global limit; unpaced, it does."""
    fake_api.global_limit = 20
    paced = DiscordTransport(client, DirectMessages(), per_second=15.0, opens_per_second=15.0)
    started = clock_time.monotonic()
    await asyncio.gather(
        *(paced.send(to(600 + i), REPLY, idempotency_key=str(i)) for i in range(12))
    )
    assert fake_api.global_429s == 0
    assert clock_time.monotonic() - started >= 1.4  # 24 requests at 15 a second
    unpaced = DiscordTransport(
        client, DirectMessages(), per_second=10_000.0, opens_per_second=10_000.0
    )
    sends = (unpaced.send(to(700 + i), REPLY, idempotency_key=str(i)) for i in range(12))
    # Unpaced, the burst meets the global limit (discord.py may even give up on some).
    await asyncio.gather(*sends, return_exceptions=True)
    assert fake_api.global_429s > 0


async def test_pacer_spaces_callers():
    """Concurrent callers of a Pacer are spread at its rate."""
    pacer = Pacer(50.0)
    started = clock_time.monotonic()
    await asyncio.gather(*(pacer.wait() for _ in range(10)))
    assert clock_time.monotonic() - started >= 9 / 50 - 0.01


def test_dm_cache_is_bounded_and_failures_expire():
    """The channel cache evicts the least recently used; failures expire after their TTL."""
    now = [0.0]
    dms = DirectMessages(max_channels=2, failure_ttl=10.0, clock=lambda: now[0])
    dms.remember_channel(1, 11)
    dms.remember_channel(2, 22)
    assert dms.channel_for(1) == 11
    dms.remember_channel(3, 33)
    assert dms.channel_for(2) is None and dms.channel_for(1) == 11
    dms.remember_failure(1, "closed")
    assert dms.failure(1) == "closed"
    now[0] = 10.0
    assert dms.failure(1) is None
