"""Channels and group conversations on the console (`prepbot clock`, `run`, `simulate`).

`ConsoleThreads` plays the platform's part: it hands out message and thread ids and
remembers who replied in which thread, so `count_thread_replies` answers like Slack or
Discord would. `ConsoleCommunityTransport` is the console transport plus the community
methods, printing a channel post as `#channel` and a group as `alice+bob`, in the same
readable or JSON line format as DMs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TextIO

from adapters.console.transport import ConsoleTransport, dump_line, event_line, kind_of
from bot.clock import Clock
from bot.commands.context import Actor
from bot.db.engine import Database
from bot.plaintext import render_plain
from bot.replies import Reply
from bot.schedule.targets import ChannelTarget, GroupTarget
from bot.schedule.timemath import to_local
from bot.schedule.transport import PostRef
from bot.services.channel_posts import handle_thread_reply, thread_answer_count


def channel_name(channel_id: str) -> str:
    """How a channel shows as the `user` of a line: `#general`."""
    return f"#{channel_id}"


def group_name(user_ids: Sequence[str]) -> str:
    """How a group conversation shows as the `user` of a line: `alice+bob`."""
    return "+".join(user_ids)


class ConsoleThreads:
    """Message and thread ids for console posts, and who replied in each thread."""

    def __init__(self) -> None:
        self._posted = 0
        self._replies: dict[str, set[str]] = {}
        self._latest: dict[str, str] = {}

    def post(self, channel_id: str, *, thread: bool) -> PostRef:
        """A new message id (and thread id) in `channel_id`."""
        self._posted += 1
        message_id = f"{channel_id}-{self._posted}"
        if thread:
            self._replies[message_id] = set()
            self._latest[channel_id] = message_id
        return PostRef(channel_id, message_id, message_id if thread else None)

    def latest_thread(self, channel_id: str) -> str | None:
        """The newest answer thread in a channel (where a console reply goes)."""
        return self._latest.get(channel_id)

    def reply(self, thread_id: str, user_id: str) -> bool:
        """Someone replied in a thread; False if there is no such thread."""
        if thread_id not in self._replies:
            return False
        self._replies[thread_id].add(user_id)
        return True

    def count(self, ref: PostRef) -> int:
        """How many different people replied in the thread of `ref`."""
        return len(self._replies.get(ref.thread_id or "", ()))


class ConsoleCommunityTransport(ConsoleTransport):
    """The console transport, plus channel posts and group conversations."""

    def __init__(
        self,
        out: TextIO | None = None,
        *,
        json: bool = False,
        clock: Clock | None = None,
        threads: ConsoleThreads | None = None,
        db: Database | None = None,
    ) -> None:
        super().__init__(out, json=json, clock=clock)
        self.threads = threads or ConsoleThreads()
        # With a database, thread ids and counts come from prepbot's own records, so a
        # console in another process (replying with `> text`) is counted too.
        self._db = db

    def _write(self, where: str, title: str, kind: str, reply: Reply, tz: str) -> None:
        out = self._out or sys.stdout
        at = self._clock.now()
        text = render_plain(reply)
        if self._json:
            out.write(dump_line(event_line(at, tz, where, kind, text)) + "\n")
        else:
            local = to_local(at, tz).strftime("%a %d %b %H:%M")
            out.write(f"\n--- {title} ({kind}, {local} {tz}) ---\n{text}\n")
        out.flush()

    async def post_channel(
        self, team_id: str, to: ChannelTarget, reply: Reply, *, idempotency_key: str
    ) -> PostRef:
        """Print the post; with `open_thread`, say where answers go."""
        channel_id, open_thread, tz = to.channel_id, to.open_thread, to.tz
        ref = self.threads.post(channel_id, thread=open_thread)
        if self._db is not None and open_thread:
            # Unique across processes and restarts: the thread id names its moment.
            stamp = self._clock.now().strftime("%Y%m%dT%H%M%S")
            ref = PostRef(channel_id, f"{channel_id}-{stamp}", f"{channel_id}-{stamp}")
        name = channel_name(channel_id)
        self._write(name, f"post in {name}", kind_of(idempotency_key), reply, tz)
        return ref

    async def open_group(
        self, team_id: str, to: GroupTarget, reply: Reply, *, idempotency_key: str
    ) -> PostRef:
        """Print the group's first message."""
        user_ids, tz = to.user_ids, to.tz
        name = group_name(user_ids)
        self._write(name, f"group {name}", kind_of(idempotency_key), reply, tz)
        return self.threads.post(f"group-{name}", thread=False)

    async def count_thread_replies(self, team_id: str, ref: PostRef) -> int:
        """How many people replied in the thread (console replies are recorded here)."""
        if self._db is None:
            return self.threads.count(ref)
        async with self._db.session() as session:
            return await thread_answer_count(session, ref.thread_id or "")


class CommunityCapture:
    """The community half of simulate's capturing transport: posts and groups as lines.

    Mixed into `prepbot.simulate.CaptureTransport`, which provides `_clock` and
    `sent` (the simulate lines so far).
    """

    _clock: Clock
    sent: list[dict[str, Any]]
    threads: ConsoleThreads

    def _capture(self, where: str, kind: str, reply: Reply, tz: str) -> None:
        self.sent.append(event_line(self._clock.now(), tz, where, kind, render_plain(reply)))

    async def post_channel(
        self, team_id: str, to: ChannelTarget, reply: Reply, *, idempotency_key: str
    ) -> PostRef:
        """Record the channel post as a line from `#channel`."""
        channel_id, open_thread, tz = to.channel_id, to.open_thread, to.tz
        self._capture(channel_name(channel_id), kind_of(idempotency_key), reply, tz)
        return self.threads.post(channel_id, thread=open_thread)

    async def open_group(
        self, team_id: str, to: GroupTarget, reply: Reply, *, idempotency_key: str
    ) -> PostRef:
        """Record the group's first message as a line from `alice+bob`."""
        user_ids, tz = to.user_ids, to.tz
        name = group_name(user_ids)
        self._capture(name, kind_of(idempotency_key), reply, tz)
        return self.threads.post(f"group-{name}", thread=False)

    async def count_thread_replies(self, team_id: str, ref: PostRef) -> int:
        """How many people replied in the thread."""
        return self.threads.count(ref)


async def reply_in_thread(
    db: Database, threads: ConsoleThreads, actor: Actor, text: str, now: datetime
) -> bool:
    """A console member writes in the newest answer thread of their channel.

    Plays both sides: the platform's (the reply is counted in the thread) and the
    adapter's (the core is told, so the answer keeps the member's streak).
    """
    thread = threads.latest_thread(actor.channel_id or "")
    if thread is None:
        return False
    threads.reply(thread, actor.user_id)
    return await handle_thread_reply(db, actor, thread, text, now)
