"""Check the Slack tokens once at start, so a rejected one stops the process in one line.

Without this a bad bot token surfaces at the first member's request, and a bad Socket
Mode app token makes the SDK retry every few seconds forever. `auth.test` checks the
bot token; `apps.connections.open` (the first call of every Socket Mode connection)
checks the app token.
"""

from __future__ import annotations

import logging

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.app import api_url
from bot.config import Settings
from bot.startup import EXIT_TOKEN, StartupError

log = logging.getLogger(__name__)

CHECK_TIMEOUT_SECONDS = 15

WHERE = {
    "SLACK_BOT_TOKEN": "the Bot User OAuth Token (xoxb-...) from OAuth & Permissions",
    "SLACK_APP_TOKEN": "an app-level token (xapp-...) with connections:write (Basic Information)",
}


async def _check(client: AsyncWebClient, variable: str, method: str, token: str) -> None:
    try:
        await client.api_call(method, headers={"Authorization": f"Bearer {token}"})
    except SlackApiError as error:
        code = error.response.get("error", "refused")
        raise StartupError(
            f"Slack rejected {variable} ({code}): copy {WHERE[variable]} again", EXIT_TOKEN
        ) from None
    except (aiohttp.ClientError, OSError, TimeoutError) as error:
        # An outage is not a bad token: say so once and start anyway; the adapter keeps
        # trying to connect (Socket Mode) or serves Slack's requests when it is back.
        why = type(error).__name__ if not str(error) else " ".join(str(error).split())[:120]
        log.warning(
            "cannot reach Slack at %s to check %s (%s): starting anyway",
            client.base_url,
            variable,
            why,
        )


async def check_slack_tokens(settings: Settings, *, socket_mode: bool) -> None:
    """`auth.test` with the bot token, `apps.connections.open` with the app token."""
    # No retry handlers: one answer is the check (and its retries would log a line each).
    client = AsyncWebClient(
        base_url=api_url(settings), timeout=CHECK_TIMEOUT_SECONDS, retry_handlers=[]
    )
    if settings.slack_bot_token is not None:
        token = settings.slack_bot_token.get_secret_value()
        await _check(client, "SLACK_BOT_TOKEN", "auth.test", token)
    if socket_mode and settings.slack_app_token is not None:
        token = settings.slack_app_token.get_secret_value()
        await _check(client, "SLACK_APP_TOKEN", "apps.connections.open", token)
