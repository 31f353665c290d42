"""Events: the App Home tab, and a workspace removing the app.

`app_uninstalled` and `tokens_revoked` (for the bot token) pause every member of that
workspace, so the dispatcher stops trying; a member who uses prepbot again after a
reinstall resumes. In multi-workspace mode the stored tokens are deleted too.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.deliver import publish_home
from adapters.slack.runtime import PLATFORM, Runtime
from bot.schedule.pausing import pause_team

log = logging.getLogger(__name__)

EVENTS = ("app_home_opened", "app_uninstalled", "tokens_revoked")


async def _pause(runtime: Runtime, team_id: str, reason: str) -> None:
    if not team_id:
        return
    bot = runtime.bot
    async with bot.db.session() as session:
        count = await pause_team(session, PLATFORM, team_id, reason, bot.clock.now())
    log.info("paused %d members of a workspace: %s", count, reason)


def register(app: AsyncApp, runtime: Runtime) -> None:
    """Listen for the events in `EVENTS` (the manifest subscribes to exactly these)."""

    async def home_opened(
        event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if event.get("tab") != "home":
            return
        actor = await runtime.actors.actor(
            client, team_id=str(body.get("team_id") or ""), user_id=event["user"]
        )
        await publish_home(client, runtime.bot, actor)

    async def uninstalled(body: dict[str, Any], context: AsyncBoltContext) -> None:
        await _pause(runtime, str(body.get("team_id") or ""), "the app was uninstalled")
        if runtime.revocation is not None:
            await runtime.revocation.handle_app_uninstalled_events(context)

    async def revoked(
        event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        # Revoking a user's token (we hold none) leaves the bot working: only the bot's counts.
        if (event.get("tokens") or {}).get("bot"):
            await _pause(runtime, str(body.get("team_id") or ""), "the app's token was revoked")
        if runtime.revocation is not None:
            await runtime.revocation.handle_tokens_revoked_events(event, context)

    app.event("app_home_opened")(home_opened)
    app.event("app_uninstalled")(uninstalled)
    app.event("tokens_revoked")(revoked)
