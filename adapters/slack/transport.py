"""The Slack transport: scheduled messages (daily questions, reminders...) as DMs.

`chat.postMessage` to the member's user id opens the app's DM with them. The pages of
one reply are paced per channel (`pacing`; the dispatcher's limiter holds each member
and the workspace budget), and slack_sdk's own retry handlers are switched off: the
dispatcher owns retries, so a 429 becomes a `TemporarySendError`
carrying Slack's Retry-After, and errors no retry can fix (the member left, the app was
uninstalled) become a `PermanentSendError` saying whether to pause the member or the
whole workspace (`_errors`). Channel posts and group DMs are `community.py`'s.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Sequence

import aiohttp
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse
from sqlalchemy.exc import SQLAlchemyError

from adapters.slack._errors import CONTENT_ERRORS, classify
from adapters.slack._tokens import TokenSource
from adapters.slack.deliver import upload_attachment
from adapters.slack.pacing import Pacer
from adapters.slack.render import SlackMessage, render_messages
from bot.replies import Reply
from bot.schedule.transport import (
    PermanentSendError,
    Recipient,
    SendError,
    TemporarySendError,
)

__all__ = ["SlackTransport", "classify"]

log = logging.getLogger(__name__)


class SlackTransport:
    """Sends replies by DM, paced, with Slack's errors mapped to the dispatcher's."""

    platform = "slack"

    def __init__(
        self,
        tokens: TokenSource,
        *,
        base_url: str = "https://slack.com/api/",
        pacer: Pacer | None = None,
        max_wait: float = 5.0,
        timeout: float = 15.0,
    ) -> None:
        self._tokens = tokens
        self._base_url = base_url
        self._pacer = pacer or Pacer()
        self._max_wait = max_wait
        self._timeout = timeout
        self._session: aiohttp.ClientSession | None = None
        # Parts of a multi-message reply already sent, by idempotency key, so a retry
        # after a failure part-way through does not repeat the parts that went out:
        # (pages sent, the conversation they went to, the first page's ts).
        self._progress: OrderedDict[str, tuple[int, str, str]] = OrderedDict()

    def _client(self, token: str) -> AsyncWebClient:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        return AsyncWebClient(
            token=token,
            base_url=self._base_url,
            timeout=int(self._timeout),
            session=self._session,
            retry_handlers=[],
        )

    async def close(self) -> None:
        """Close the HTTP session (at shutdown)."""
        if self._session is not None:
            await self._session.close()

    async def _client_for(self, team_id: str) -> AsyncWebClient:
        """A client with the workspace's bot token, or the `SendError` for having none."""
        try:
            token = await self._tokens.bot_token(team_id)
        except SQLAlchemyError as error:  # the installation store is in our database
            raise TemporarySendError(f"token lookup: {type(error).__name__}") from error
        if token is None:
            raise PermanentSendError("app not installed in this workspace", scope="team")
        return self._client(token)

    async def _pace(self, team_id: str, channel: str) -> None:
        wait = self._pacer.reserve(team_id, channel, self._max_wait)
        if wait is None:
            # A long queue: hand the send back instead of parking a coroutine on it.
            raise TemporarySendError(
                "paced", retry_after=self._pacer.wait_time(team_id, channel), throttled=True
            )
        if wait > 0:
            await asyncio.sleep(wait)

    async def _post(
        self, client: AsyncWebClient, channel: str, message: SlackMessage
    ) -> AsyncSlackResponse:
        try:
            return await client.chat_postMessage(
                channel=channel,
                text=message.text,
                blocks=message.blocks,
                unfurl_links=False,
                unfurl_media=False,
            )
        except SlackApiError as error:
            if error.response.get("error") not in CONTENT_ERRORS:
                raise
            log.error(
                "Slack refused a rendered message (%s); sent as text", error.response.get("error")
            )
            return await client.chat_postMessage(
                channel=channel, text=message.text, unfurl_links=False
            )

    async def _post_pages(
        self,
        client: AsyncWebClient,
        team_id: str,
        channel: str,
        messages: Sequence[SlackMessage],
        idempotency_key: str,
    ) -> tuple[str, str]:
        """Post the pages not yet posted for this key; (the conversation, the first page's ts)."""
        done, where, first = self._progress.get(idempotency_key, (0, channel, ""))
        for index in range(done, len(messages)):
            await self._pace(team_id, channel)
            response = await self._post(client, channel, messages[index])
            where = str(response.get("channel") or channel)
            first = first or str(response.get("ts") or "")
            self._progress[idempotency_key] = (index + 1, where, first)
        return where, first

    @contextlib.asynccontextmanager
    async def _mapped_errors(
        self,
        team_id: str,
        channel: str | None,
        idempotency_key: str | None = None,
        classifier: Callable[[SlackApiError], SendError] = classify,
    ) -> AsyncIterator[None]:
        """Turn Slack and network errors into the dispatcher's `SendError`s.

        A 429 also holds back `channel`'s pacing; a dead token is forgotten. Parts sent for
        `idempotency_key` are remembered on failure and forgotten on success.
        """
        try:
            yield
        except SlackApiError as error:
            failure = classifier(error)
            if isinstance(failure, TemporarySendError) and failure.retry_after and channel:
                self._pacer.rate_limited(team_id, channel, failure.retry_after)
            if isinstance(failure, PermanentSendError) and failure.scope == "team":
                self._tokens.forget(team_id)
            raise failure from error
        except (aiohttp.ClientError, TimeoutError, SlackRequestError) as error:
            raise TemporarySendError(f"network: {type(error).__name__}") from error
        else:
            if idempotency_key is not None:
                self._progress.pop(idempotency_key, None)
        finally:
            while len(self._progress) > 10_000:
                self._progress.popitem(last=False)

    async def send(self, recipient: Recipient, reply: Reply, *, idempotency_key: str) -> None:
        """Deliver `reply` to the member's DM or raise a `SendError`."""
        team_id, user_id = recipient.team_id, recipient.user_id
        client = await self._client_for(team_id)
        async with self._mapped_errors(team_id, user_id, idempotency_key):
            channel, _ = await self._post_pages(
                client, team_id, user_id, render_messages(reply), idempotency_key
            )
            if reply.attachment is not None:
                await upload_attachment(client, channel, reply.attachment)
