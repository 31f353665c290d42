"""Channel posts and practice groups on Discord: the community half of the transport.

- A channel post is sent like a DM (nonce + `enforce_nonce`, no mentions); the daily
  question then gets a public thread started from it for the answers. Discord gives
  that thread the message's id and refuses a second one (160004), so a resend after a
  crash finds the thread it already made.
- A practice group is a private thread in the community's daily channel (bots cannot
  open group DMs): created, its members added, then the opener sent there, pinging only
  them. Discord does not dedupe thread creation, so the thread made for a delivery is
  remembered (a retry in this process) and its name carries a tag from the delivery's
  key (found among the server's active threads after a restart).
- Answers are the distinct people (not bots, ordinary messages only) among a thread's
  messages, read newest first, at most `MAX_PAGES` pages of 100.
- Missing Access (50001), Missing Permissions (50013) or Unknown Channel (10003) will
  not fix themselves: they fail permanently and the dispatcher pauses the community
  until an admin runs `channel daily` or `pair schedule` again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Final, Literal

import aiohttp
import discord

from adapters.discord._threads import CHANNEL_CODES, is_answer, ping, snowflake, thread_name
from adapters.discord.render import render_reply
from adapters.discord.transport import DiscordTransport, nonce_for
from bot.replies import Reply
from bot.schedule.targets import ChannelTarget, GroupTarget
from bot.schedule.transport import PermanentSendError, PostRef, TemporarySendError

log = logging.getLogger(__name__)

PAGE = 100  # Discord's largest page of messages
MAX_PAGES = 20  # counting stops after 2,000 messages: plenty for one day's answers
# Minutes of quiet before a thread hides: a day's answers a day, a pair's a week.
ANSWER_ARCHIVE: Final[Literal[1440]] = 1440
GROUP_ARCHIVE: Final[Literal[10080]] = 10080
GROUP_TAG = 6
REMEMBERED_GROUPS = 1_000
ACTIVE_TTL = 60.0  # seconds a server's list of active threads is trusted
THREAD_EXISTS = 160004
GONE_MEMBERS = {10007, 10013}  # Unknown Member / User: they left; the group goes on
NO_CHANNEL = "there is no daily channel to start the group's private thread in"


class DiscordCommunityTransport(DiscordTransport):
    """The DM transport plus the `CommunityTransport` methods the dispatcher looks for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._groups: OrderedDict[str, int] = OrderedDict()  # delivery key -> thread
        self._active: dict[str, tuple[float, list[Any]]] = {}  # server -> (read at, threads)
        self._reading = asyncio.Lock()

    async def post_channel(
        self, team_id: str, to: ChannelTarget, reply: Reply, *, idempotency_key: str
    ) -> PostRef:
        """Post `reply` in the channel; with `open_thread`, start a thread from it."""
        channel_id, open_thread = to.channel_id, to.open_thread
        self._check_ready()
        parent = snowflake(channel_id)
        first = thread = 0
        async with self._channel_errors():
            for index, message in enumerate(render_reply(reply)):
                nonce = nonce_for(idempotency_key, index)
                sent = await self._post(parent, message, nonce, kind=discord.ChannelType.text)
                first = first or sent
            if open_thread:
                thread = await self._answer_thread(parent, first, reply)
        return PostRef(channel_id, str(first), str(thread) if thread else None)

    async def open_group(
        self, team_id: str, to: GroupTarget, reply: Reply, *, idempotency_key: str
    ) -> PostRef:
        """A private thread in `channel_id` with these members, starting with `reply`."""
        user_ids, channel_id = to.user_ids, to.channel_id
        self._check_ready()
        if not channel_id:
            raise PermanentSendError(NO_CHANNEL, scope="community")
        parent = snowflake(channel_id)
        members = [snowflake(user_id) for user_id in user_ids]
        first = 0
        async with self._channel_errors():
            thread = await self._group_thread(team_id, parent, reply, idempotency_key)
            for member in members:
                await self._add_member(thread, member)
            for index, message in enumerate(render_reply(reply)):
                # The first part pings the group, and only them: the way into their thread.
                extra = ping(members) if index == 0 else {}
                nonce = nonce_for(idempotency_key, index)
                sent = await self._post(
                    thread, message, nonce, kind=discord.ChannelType.private_thread, **extra
                )
                first = first or sent
        return PostRef(channel_id, str(first), str(thread))

    async def count_thread_replies(self, team_id: str, ref: PostRef) -> int:
        """How many different people (not bots) wrote in the thread of `ref`."""
        if not ref.thread_id:
            return 0
        self._check_ready()
        thread = snowflake(ref.thread_id)
        authors: set[str] = set()
        before: int | None = None
        async with self._channel_errors():
            for _ in range(MAX_PAGES):
                await self._pace.wait()
                page = await self._client.http.logs_from(thread, PAGE, before=before)
                authors.update(str(m["author"]["id"]) for m in page if is_answer(m))
                if len(page) < PAGE:
                    break
                before = int(page[-1]["id"])  # newest first: the last is the oldest
        return len(authors)

    async def _answer_thread(self, channel_id: int, message_id: int, reply: Reply) -> int:
        await self._pace.wait()
        try:
            created = await self._client.http.start_thread_with_message(
                channel_id,
                message_id,
                name=thread_name(reply),
                auto_archive_duration=ANSWER_ARCHIVE,
            )
        except discord.HTTPException as error:
            if error.code != THREAD_EXISTS:
                raise
            return message_id  # made by an earlier attempt: it has the message's id
        return int(created["id"])

    async def _group_thread(self, team_id: str, parent: int, reply: Reply, key: str) -> int:
        thread = self._groups.get(key)
        tag = nonce_for(key)[:GROUP_TAG]
        if thread is None:
            thread = await self._find_group(team_id, parent, tag)
        if thread is None:
            await self._pace.wait()
            created = await self._client.http.start_thread_without_message(
                parent,
                name=thread_name(reply, tag),
                auto_archive_duration=GROUP_ARCHIVE,
                type=discord.ChannelType.private_thread.value,
                # A non-invitable thread takes new members only from moderators (Manage
                # Threads), a permission prepbot does not ask for; the pair may invite.
                invitable=True,
            )
            thread = int(created["id"])
        self._groups[key] = thread
        while len(self._groups) > REMEMBERED_GROUPS:
            self._groups.popitem(last=False)
        return thread

    async def _find_group(self, team_id: str, parent: int, tag: str) -> int | None:
        """The delivery's thread, if a process that crashed made it.

        The server's active threads are read once a minute at most, not once per group:
        threads this process makes are in `_groups`, and a crashed process's sends are
        only claimed again after their 10-minute lease, long after that list was read.
        """
        if not team_id.isdigit():
            return None
        async with self._reading:  # groups are sent concurrently: one read serves all
            read_at, threads = self._active.get(team_id, (0.0, []))
            if time.monotonic() - read_at > ACTIVE_TTL:
                await self._pace.wait()
                threads = (await self._client.http.get_active_threads(int(team_id)))["threads"]
                self._active[team_id] = (time.monotonic(), threads)
        for thread in threads:
            if thread.get("parent_id") == str(parent) and thread["name"].endswith(f" {tag}"):
                return int(thread["id"])
        return None

    async def _add_member(self, thread: int, user_id: int) -> None:
        await self._pace.wait()
        try:
            await self._client.http.add_user_to_thread(thread, user_id)
        except discord.HTTPException as error:
            if error.code not in GONE_MEMBERS:
                raise
            log.info("a practice group member left the server; the group goes on")

    @asynccontextmanager
    async def _channel_errors(self) -> AsyncIterator[None]:
        """Turn Discord's errors into the dispatcher's: retry, or pause the community."""
        try:
            yield
        except discord.RateLimited as error:
            raise TemporarySendError(
                "rate limited by Discord", error.retry_after, throttled=True
            ) from error
        except discord.HTTPException as error:
            reason = CHANNEL_CODES.get(error.code)
            if reason is not None:
                raise PermanentSendError(reason, scope="community") from error
            raise self._temporary(error, "a channel request") from error
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            raise TemporarySendError(f"network error: {type(error).__name__}") from error
