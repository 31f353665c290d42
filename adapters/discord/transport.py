"""The Discord transport: scheduled messages as DMs, paced, deduplicated, classified.

- DM channels are cached, so a daily question is one request, not two. Opening new
  ones is paced separately and more slowly (Discord answers 40003 to a bot that opens
  DMs too fast), so the first broadcast after a restart is the slowest.
- Sends are paced well under Discord's global limit (50 requests/s per bot), so a
  broadcast never trips it; 429s that still happen are handled by discord.py's HTTP
  layer, and one longer than `max_ratelimit_timeout` comes back as a temporary error.
- Each message carries a `nonce` derived from the delivery's idempotency key with
  `enforce_nonce`, so a resend after a crash is deduplicated by Discord itself.
- A member whose DMs are closed (50007), who shares no server with the bot any more
  (50278) or who cannot be DMed now (40003) fails permanently: the dispatcher pauses
  them, and they are not asked again until they use `/prep`. Discord bans an IP
  after 10,000 invalid requests in 10 minutes, so failures are remembered, not retried.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import time
from typing import Any

import aiohttp
import discord

from adapters.discord._dms import DirectMessages, Pacer
from adapters.discord.render import Outgoing, as_file, render_reply
from adapters.discord.views import build_view
from bot.replies import Reply
from bot.schedule.transport import (
    PermanentSendError,
    Recipient,
    SendError,
    TemporarySendError,
)

log = logging.getLogger(__name__)

NONCE_LENGTH = 25  # Discord's limit for a string nonce
DMS_CLOSED = (
    "Discord would not deliver my DM: your DMs are closed. To get them, open the server "
    "menu > Privacy Settings and allow Direct Messages"
)
NO_SHARED_SERVER = "Discord would not deliver my DM: we no longer share a server"
TOO_MANY_DMS = "Discord refused a new DM to you for now (40003); use /prep to start them again"
UNKNOWN_USER = "Discord does not know this account any more"
# Codes that will fail the same way for this member until something on their side changes.
PERMANENT_CODES = {
    50007: DMS_CLOSED,
    50278: NO_SHARED_SERVER,
    40003: TOO_MANY_DMS,
    10013: UNKNOWN_USER,
}
UNKNOWN_CHANNEL = 10003
AUTH_PAUSE = 300.0  # after a 401, stop sending for a while: each retry is an invalid request


def nonce_for(idempotency_key: str, index: int = 0) -> str:
    """A Discord nonce (<= 25 chars) for part `index` of one delivery."""
    digest = hashlib.sha256(f"{idempotency_key}#{index}".encode()).digest()
    return base64.b32encode(digest[:15]).decode("ascii").lower()[:NONCE_LENGTH]


class DiscordTransport:
    """Sends deliveries to Discord members by DM.

    `per_second` caps this process's requests; with several worker processes, divide
    Discord's 50/s among them (the dispatcher's own platform limit counts sends, and a
    send can be several requests: opening the DM, and a long reply split in parts).
    """

    platform = "discord"

    def __init__(
        self,
        client: discord.Client,
        dms: DirectMessages,
        *,
        per_second: float = 47.0,
        opens_per_second: float = 10.0,
    ) -> None:
        self._client = client
        self._dms = dms
        self._pace = Pacer(per_second)
        self._pace_opens = Pacer(opens_per_second)
        self._auth_failed_until = 0.0

    async def send(self, recipient: Recipient, reply: Reply, *, idempotency_key: str) -> None:
        """DM `reply` to `recipient`, or raise a `SendError` saying whether to retry."""
        user_id = _user_id(recipient)
        known = self._dms.failure(user_id)
        if known is not None:
            raise PermanentSendError(known)
        self._check_ready()
        messages = render_reply(reply)
        try:
            channel_id = await self._channel(user_id)
            for index, message in enumerate(messages):
                nonce = nonce_for(idempotency_key, index)
                await self._post(channel_id, message, nonce, team_id=recipient.team_id)
        except discord.RateLimited as error:
            raise TemporarySendError(
                "rate limited by Discord", error.retry_after, throttled=True
            ) from error
        except discord.HTTPException as error:
            raise self._classify(user_id, error) from error
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            raise TemporarySendError(f"network error: {type(error).__name__}") from error

    def _check_ready(self) -> None:
        """Raise a temporary error while the token is known bad or the client is down."""
        wait = self._auth_failed_until - time.monotonic()
        if wait > 0:
            raise TemporarySendError("Discord rejected the bot token", retry_after=wait)
        if self._client.user is None or self._client.is_closed():
            raise TemporarySendError("the Discord client is not connected", retry_after=5.0)

    async def _channel(self, user_id: int) -> int:
        cached = self._dms.channel_for(user_id)
        if cached is not None:
            return cached
        await self._pace_opens.wait()
        await self._pace.wait()
        channel = await self._client.http.start_private_message(user_id)
        channel_id = int(channel["id"])
        self._dms.remember_channel(user_id, channel_id)
        return channel_id

    async def _post(
        self,
        channel_id: int,
        message: Outgoing,
        nonce: str,
        *,
        team_id: str | None = None,
        kind: discord.ChannelType = discord.ChannelType.private,
        **extra: Any,
    ) -> int:
        """Send one rendered message; returns its id. `extra` goes to `send` as is."""
        await self._pace.wait()
        channel = self._client.get_partial_messageable(channel_id, type=kind)
        kwargs: dict[str, Any] = {"allowed_mentions": discord.AllowedMentions.none(), **extra}
        # A DM does not say which server it is about: its buttons carry it (`team_id`).
        view = build_view(message.buttons, team_id=team_id or None)
        if view is not None:
            kwargs["view"] = view
        if message.attachment is not None:
            kwargs["file"] = as_file(message.attachment)
        sent = await channel.send(embeds=message.embeds, nonce=nonce, **kwargs)
        return sent.id

    def _classify(self, user_id: int, error: discord.HTTPException) -> SendError:
        reason = PERMANENT_CODES.get(error.code)
        if reason is not None:
            self._dms.remember_failure(user_id, reason)
            return PermanentSendError(reason)
        if error.code == UNKNOWN_CHANNEL:
            self._dms.forget_channel(user_id)  # reopened on the retry
            return TemporarySendError("the DM channel is gone")
        return self._temporary(error, "a DM")

    def _temporary(self, error: discord.HTTPException, what: str) -> TemporarySendError:
        """An error no code of ours explains: retry it (bounded by the dispatcher)."""
        if error.status == 401:
            log.error("Discord rejected the bot token; pausing sends for %.0f s", AUTH_PAUSE)
            self._auth_failed_until = time.monotonic() + AUTH_PAUSE
            return TemporarySendError("Discord rejected the bot token", retry_after=AUTH_PAUSE)
        if error.status == 429:
            retry = error.response.headers.get("Retry-After")
            return TemporarySendError(
                "rate limited by Discord", float(retry) if retry else None, throttled=True
            )
        if error.status < 500:
            # Most likely a message we rendered wrongly: say so loudly; the dispatcher's
            # bounded retries decide what happens to the delivery.
            log.error(
                "Discord refused %s (%s, code %s): %s", what, error.status, error.code, error.text
            )
        return TemporarySendError(f"Discord answered {error.status} (code {error.code})")


def _user_id(recipient: Recipient) -> int:
    try:
        return int(recipient.user_id)
    except ValueError:
        raise PermanentSendError(f"{recipient.user_id!r} is not a Discord user id") from None
