"""Channel posts and group DMs: the Slack half of `bot.schedule.transport.CommunityTransport`.

- `post_channel`: `chat.postMessage` to the channel. A Slack thread is the parent
  message's `ts`, so the post's `ts` is both its id and its answer thread (the core's
  post already tells members to answer in the thread).
- `open_group`: `conversations.open` with the members (a group DM; one member gets a
  plain DM), then `chat.postMessage` into the conversation it returns.
- `count_thread_replies`: `conversations.replies` on the thread, paged by cursor and
  bounded, counting different people: the bot's own messages and the parent are not
  answers.

Errors map like DMs', with community scope (`_errors.classify_community`): the bot
removed from the channel, an archived channel or an install without the community
scopes pauses the community's posts, not its members' DMs.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from adapters.slack._errors import classify_community
from adapters.slack.render import render_messages
from adapters.slack.transport import SlackTransport
from bot.replies import Reply
from bot.schedule.targets import ChannelTarget, GroupTarget
from bot.schedule.transport import PermanentSendError, PostRef, TemporarySendError

log = logging.getLogger(__name__)

# conversations.replies pages: 200 replies each, at most 10 pages (2,000 replies) per
# count, so a runaway thread costs a bounded number of calls on the way to a post.
REPLIES_PAGE = 200
MAX_REPLY_PAGES = 10
# Slack's limit on a group DM: eight people besides the bot.
MAX_GROUP = 8


def is_answer(message: Mapping[str, Any], thread_ts: str) -> bool:
    """Whether a message in a thread is a person's reply (not the parent, not a bot)."""
    if message.get("ts") == thread_ts or message.get("bot_id"):
        return False
    return bool(message.get("user")) and message.get("subtype") in (
        None,
        "thread_broadcast",
        "file_share",
    )


class SlackCommunityTransport(SlackTransport):
    """The Slack transport plus channel posts, group DMs and thread counts."""

    async def post_channel(
        self, team_id: str, to: ChannelTarget, reply: Reply, *, idempotency_key: str
    ) -> PostRef:
        """Post in the channel; with `open_thread`, its ts is where answers go."""
        channel_id, open_thread = to.channel_id, to.open_thread
        client = await self._client_for(team_id)
        messages = render_messages(reply)
        async with self._mapped_errors(team_id, channel_id, idempotency_key, classify_community):
            where, ts = await self._post_pages(
                client, team_id, channel_id, messages, idempotency_key
            )
        return PostRef(where, ts, ts if open_thread else None)

    async def open_group(
        self, team_id: str, to: GroupTarget, reply: Reply, *, idempotency_key: str
    ) -> PostRef:
        """Open a group DM with these members (the bot is added by Slack) and post in it."""
        user_ids = to.user_ids
        users = list(dict.fromkeys(user_ids))  # Slack keeps the order: interviewer first
        if not users or len(users) > MAX_GROUP:
            raise PermanentSendError(
                f"a group DM needs 1 to {MAX_GROUP} members", scope="community"
            )
        client = await self._client_for(team_id)
        messages = render_messages(reply)
        async with self._mapped_errors(team_id, None, idempotency_key, classify_community):
            opened = await client.conversations_open(users=",".join(users))
            conversation = str((opened.get("channel") or {}).get("id") or "")
            if not conversation:  # not Slack's documented answer: retry, never pause for it
                raise TemporarySendError("conversations.open returned no channel")
            where, ts = await self._post_pages(
                client, team_id, conversation, messages, idempotency_key
            )
        return PostRef(where, ts, None)

    async def count_thread_replies(self, team_id: str, ref: PostRef) -> int:
        """How many different people (not bots) replied in the thread of `ref`."""
        thread_ts = ref.thread_id or ref.message_id
        client = await self._client_for(team_id)
        people: set[str] = set()
        cursor: str | None = None
        async with self._mapped_errors(team_id, None, classifier=classify_community):
            for _ in range(MAX_REPLY_PAGES):
                page = await client.conversations_replies(
                    channel=ref.channel_id, ts=thread_ts, limit=REPLIES_PAGE, cursor=cursor
                )
                people.update(
                    str(m["user"]) for m in page.get("messages") or [] if is_answer(m, thread_ts)
                )
                cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
                if not page.get("has_more") or cursor is None:
                    return len(people)
        log.info("thread longer than %d pages: counted its first part", MAX_REPLY_PAGES)
        return len(people)
