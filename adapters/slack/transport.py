"""The Slack transport: scheduled messages (daily questions, reminders...) as DMs.

`chat.postMessage` to the member's user id opens the app's DM with them. Sends are
paced per channel and per workspace (`_pacing`), and slack_sdk's own retry handlers
are switched off: the dispatcher owns retries, so a 429 becomes a `TemporarySendError`
carrying Slack's Retry-After, and errors no retry can fix (the member left, the app was
uninstalled) become a `PermanentSendError` saying whether to pause the member or the
whole workspace.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack._pacing import Pacer
from adapters.slack._tokens import TokenSource
from adapters.slack.deliver import upload_attachment
from adapters.slack.render import SlackMessage, render_messages
from bot.replies import Reply
from bot.schedule.transport import (
    PermanentSendError,
    Recipient,
    SendError,
    TemporarySendError,
)

log = logging.getLogger(__name__)

# The member cannot be reached: pause them until they use prepbot again.
MEMBER_ERRORS = frozenset(
    {
        "channel_not_found",
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "is_archived",
        "messages_tab_disabled",
        "not_in_channel",
        "restricted_action",
    }
)
# The app cannot act in the workspace at all: pause everyone there.
TEAM_ERRORS = frozenset(
    {
        "not_authed",
        "invalid_auth",
        "account_inactive",  # Slack: the token belongs to a deleted user or workspace
        "token_revoked",
        "token_expired",
        "no_permission",
        "missing_scope",
        "not_allowed_token_type",
        "team_access_not_granted",
        "org_login_required",
        "ekm_access_denied",
        "app_uninstalled",
    }
)
# The message itself was refused: resend it as plain text rather than not at all.
CONTENT_ERRORS = frozenset({"invalid_blocks", "invalid_blocks_format", "msg_too_long"})


def classify(error: SlackApiError) -> SendError:
    """The dispatcher's view of a Slack API error."""
    response = error.response
    code = str(response.get("error") or f"http_{response.status_code}")
    if response.status_code == 429 or code == "ratelimited":
        retry_after = response.headers.get("Retry-After") or response.headers.get("retry-after")
        try:
            seconds = float(retry_after) if retry_after is not None else None
        except ValueError:
            seconds = None
        return TemporarySendError("ratelimited", retry_after=seconds)
    if code in TEAM_ERRORS:
        return PermanentSendError(code, scope="team")
    if code in MEMBER_ERRORS:
        return PermanentSendError(code, scope="member")
    return TemporarySendError(code)


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
        # after a failure part-way through does not repeat the parts that went out.
        self._progress: OrderedDict[str, int] = OrderedDict()

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

    async def _pace(self, recipient: Recipient) -> None:
        wait = self._pacer.reserve(recipient.team_id, recipient.user_id, self._max_wait)
        if wait is None:
            # A long queue: hand the send back instead of parking a coroutine on it.
            later = self._pacer.wait_time(recipient.team_id, recipient.user_id)
            raise TemporarySendError("paced", retry_after=later)
        if wait > 0:
            await asyncio.sleep(wait)

    async def _post(
        self, client: AsyncWebClient, recipient: Recipient, message: SlackMessage
    ) -> str:
        try:
            response = await client.chat_postMessage(
                channel=recipient.user_id,
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
            response = await client.chat_postMessage(
                channel=recipient.user_id, text=message.text, unfurl_links=False
            )
        return str(response.get("channel") or recipient.user_id)

    async def send(self, recipient: Recipient, reply: Reply, *, idempotency_key: str) -> None:
        """Deliver `reply` to the member's DM or raise a `SendError`."""
        token = await self._tokens.bot_token(recipient.team_id)
        if token is None:
            raise PermanentSendError("app not installed in this workspace", scope="team")
        client = self._client(token)
        messages = render_messages(reply)
        done = self._progress.get(idempotency_key, 0)
        try:
            channel = recipient.user_id
            for index in range(done, len(messages)):
                await self._pace(recipient)
                channel = await self._post(client, recipient, messages[index])
                self._progress[idempotency_key] = index + 1
            if reply.attachment is not None:
                await upload_attachment(client, channel, reply.attachment)
        except SlackApiError as error:
            failure = classify(error)
            if isinstance(failure, TemporarySendError) and failure.retry_after:
                self._pacer.rate_limited(recipient.team_id, recipient.user_id, failure.retry_after)
            if isinstance(failure, PermanentSendError) and failure.scope == "team":
                self._tokens.forget(recipient.team_id)
            raise failure from error
        except (aiohttp.ClientError, TimeoutError) as error:
            raise TemporarySendError(f"network: {type(error).__name__}") from error
        finally:
            while len(self._progress) > 10_000:
                self._progress.popitem(last=False)
        self._progress.pop(idempotency_key, None)
