"""Helpers for the community tests: plan due community rows, open threads, run scenarios."""

from __future__ import annotations

import inspect
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

import bot.schedule.engine
from adapters.console.community_transport import ConsoleThreads
from bot.content import ContentLibrary, default_library
from bot.db.engine import Database
from bot.db.models import ChannelPost, ChannelPostRecord
from bot.kinds import KINDS
from bot.plaintext import render_plain
from bot.replies import Reply
from bot.schedule.community_targets import claim_community_due
from bot.schedule.kinds import DueItem, Plan
from bot.schedule.targets import ChannelTarget, GroupTarget
from bot.schedule.transport import PostRef, Recipient

# The engine routes community rows through `bot.schedule.community_targets` (see
# docs/scheduling.md, "Community targets"); a checkout where it does not yet skips the
# end-to-end tests with this reason instead of failing them.
ENGINE_READY = "claim_community_due" in inspect.getsource(bot.schedule.engine)
needs_engine = pytest.mark.skipif(
    not ENGINE_READY,
    reason="the engine does not route community targets yet (docs/scheduling.md)",
)


async def due_plans(
    db: Database, kind: str, now: datetime, content: ContentLibrary | None = None
) -> list[tuple[DueItem, Plan]]:
    """The plans a kind makes for its due community rows right now (nothing is written)."""
    async with db.session() as session:
        due = await claim_community_due(session, now, KINDS, 100, False)
        items = [item for item, _ in due if item.kind == kind]
        if not items:
            return []
        plans = await KINDS[kind].plan(session, items, now, content or default_library())
        return list(zip(items, plans, strict=True))


async def post_channel_question(db: Database, threads: ConsoleThreads, now: datetime) -> str:
    """Record today's post of the (only) channel with an open thread; returns the thread."""
    async with db.session() as session:
        post = (await session.execute(select(ChannelPost))).scalar_one()
        ref = threads.post(post.channel_id, thread=True)
        session.add(
            ChannelPostRecord(
                channel_post_id=post.id,
                local_date=now.date(),
                question_id="beh-initiative-01",
                message_ref=ref.message_id,
                thread_ref=ref.thread_id,
                created_at=now,
            )
        )
    assert ref.thread_id is not None
    return ref.thread_id


def community_scenario(**overrides: Any) -> dict[str, Any]:
    """A small scenario: an admin and two members sharing channel C1."""
    scenario: dict[str, Any] = {
        "start": "2026-03-02T07:00:00Z",
        "end": "2026-03-05T00:00:00Z",
        "users": [
            {"id": "ann", "tz": "Europe/Berlin", "admin": True, "channel": "C1"},
            {"id": "bob", "tz": "America/New_York", "channel": "C1"},
            {"id": "cai", "tz": "Asia/Singapore", "channel": "C1"},
        ],
        "events": [],
    }
    scenario.update(overrides)
    return scenario


class FakeCommunityTransport:
    """A console-platform transport with channels and groups that records every call.

    `failures` holds exceptions the next channel posts or group openings raise, in order.
    """

    platform = "console"

    def __init__(self, failures: list[Exception] | None = None) -> None:
        self.threads = ConsoleThreads()
        self.dms: list[tuple[str, str]] = []
        self.posts: list[tuple[str, str, bool, str]] = []
        self.groups: list[tuple[tuple[str, ...], str | None, str]] = []
        self.counted: list[PostRef] = []
        self.failures = failures or []

    async def send(self, recipient: Recipient, reply: Reply, *, idempotency_key: str) -> None:
        self.dms.append((idempotency_key, recipient.user_id))

    async def post_channel(
        self, team_id: str, to: ChannelTarget, reply: Reply, *, idempotency_key: str
    ) -> PostRef:
        if self.failures:
            raise self.failures.pop(0)
        self.posts.append((idempotency_key, to.channel_id, to.open_thread, render_plain(reply)))
        return self.threads.post(to.channel_id, thread=to.open_thread)

    async def open_group(
        self, team_id: str, to: GroupTarget, reply: Reply, *, idempotency_key: str
    ) -> PostRef:
        if self.failures:
            raise self.failures.pop(0)
        self.groups.append((to.user_ids, to.channel_id, render_plain(reply)))
        groups = len(self.groups)
        return PostRef(to.channel_id or "", f"group-{groups}", f"thread-{groups}")

    async def count_thread_replies(self, team_id: str, ref: PostRef) -> int:
        self.counted.append(ref)
        return self.threads.count(ref)
