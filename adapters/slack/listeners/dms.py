"""Messages in a member's DM with prepbot: the answer to a timed practice question.

`/prep practice` (and the daily question) open a question whose answer is the member's
next message in the app's Messages tab (`message.im`, scope `im:history`). Only a
person's own top-level message counts: bot messages, edits, deletions, joins and
replies inside a thread are dropped here, before any lookup. Bolt has acknowledged the
event before this runs, so a slow database never makes Slack retry it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.deliver import dm_reply
from adapters.slack.runtime import Runtime
from adapters.slack.text import unescape

# The event type the listener takes, and the subscription (manifest.json) that sends it.
EVENTS = ("message",)
SUBSCRIPTIONS = ("message.im",)


def in_direct_message(event: dict[str, Any]) -> bool:
    """Whether a `message` event happened in a one-to-one DM with the app."""
    return event.get("channel_type") == "im"


async def _matches_dm(event: dict[str, Any]) -> bool:
    # AsyncApp awaits its matchers.
    return in_direct_message(event)


def author(event: dict[str, Any], bot_user_id: str | None) -> str | None:
    """The person who wrote a plain top-level DM message, or None for anything else."""
    if event.get("bot_id") or event.get("subtype") is not None:
        return None  # our own posts, other apps, edits, deletions, file shares
    if event.get("thread_ts"):
        return None  # a reply in a thread is a conversation, never the answer
    user = event.get("user")
    if not user or user == bot_user_id:
        return None
    return str(user)


def register(app: AsyncApp, runtime: Runtime) -> None:
    """Listen for DM messages (registered before the thread listener, which takes the rest)."""

    async def direct_message(
        event: dict[str, Any],
        body: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        user_id = author(event, context.bot_user_id)
        team_id = str(body.get("team_id") or event.get("team") or "")
        if user_id is None or not team_id:
            return
        actor = await runtime.actors.actor(
            client, team_id=team_id, user_id=user_id, channel_id=event.get("channel")
        )
        text = unescape(str(event.get("text") or ""))
        reply = await runtime.bot.handle_message(replace(actor, in_dm=True), text)
        await dm_reply(client, user_id, reply)

    app.event("message", matchers=[_matches_dm])(direct_message)
