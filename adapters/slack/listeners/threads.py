"""Answers written in a question of the day's thread: they count as the member's practice.

Slack sends a `message` event for every message in the channels the bot is in
(`message.channels`, `message.groups` for private ones). Only a person's reply in a
thread that prepbot opened is passed on (`bot.services.channel_posts.
handle_thread_reply`), which keeps the answer and the member's streak. Top-level
messages, bot messages, edits and deletions are ignored before touching the database,
and bolt has acknowledged the event before this runs.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.runtime import PLATFORM, Runtime
from adapters.slack.text import unescape
from bot.services.channel_posts import handle_thread_reply, record_for_thread
from bot.services.community import find_community

# The event type the listener takes, and the subscriptions (manifest.json) that send it.
EVENTS = ("message",)
SUBSCRIPTIONS = ("message.channels", "message.groups")
# A person's reply: plain, also sent to the channel, or with a file. Other subtypes are
# edits, deletions, joins and bot posts.
REPLY_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})


def thread_reply(event: dict[str, Any]) -> str | None:
    """The thread a person's reply was written in, or None for anything else."""
    thread_ts = event.get("thread_ts")
    if not thread_ts or thread_ts == event.get("ts"):
        return None  # a top-level message (or a thread's parent)
    if event.get("bot_id") or event.get("subtype") not in REPLY_SUBTYPES:
        return None
    if not event.get("user"):
        return None
    return str(thread_ts)


async def _ours(runtime: Runtime, team_id: str, thread_ts: str) -> bool:
    """Whether the thread is one of this workspace's questions of the day."""
    async with runtime.bot.db.session() as session:
        community = await find_community(session, PLATFORM, team_id)
        if community is None:
            return False
        return await record_for_thread(session, community, thread_ts) is not None


def register(app: AsyncApp, runtime: Runtime) -> None:
    """Listen for messages; replies in prepbot's answer threads are recorded."""

    async def message(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        thread_ts = thread_reply(event)
        # The workspace the event came to (a shared channel's sender may be elsewhere).
        team_id = str(body.get("team_id") or event.get("team") or "")
        if thread_ts is None or not team_id or not await _ours(runtime, team_id, thread_ts):
            return
        # Checked first, so a busy channel's other threads cost no users.info lookups.
        actor = await runtime.actors.actor(
            client, team_id=team_id, user_id=str(event["user"]), channel_id=event.get("channel")
        )
        text = unescape(str(event.get("text") or ""))
        # Counted here as it arrives: the next post does not page conversations.replies.
        await handle_thread_reply(
            runtime.bot.db, actor, thread_ts, text, runtime.bot.clock.now(), count_answer=True
        )

    app.event("message")(message)
