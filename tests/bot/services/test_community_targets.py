"""Sending community deliveries: channel posts with threads, group openers, answer counts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.content import default_library
from bot.db.engine import Database
from bot.db.models import (
    ChannelPost,
    ChannelPostRecord,
    Community,
    Delivery,
    PairingGroup,
    PairingRound,
)
from bot.kinds import KINDS
from bot.schedule.community_targets import community_recipient, deliver, owner, routed
from bot.schedule.kind_names import CHANNEL_QUESTION, PAIRING_ROUND
from bot.schedule.targets import ChannelTarget, GroupTarget
from bot.schedule.transport import PermanentSendError
from tests.bot.schedule.support import FakeTransport
from tests.bot.services.community_support import FakeCommunityTransport

NOW = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


async def _channel(db: Database) -> tuple[int, int]:
    """A community with channel C1 and yesterday's post (whose thread had replies)."""
    async with db.session() as session:
        community = Community(platform="console", team_id="", created_at=NOW)
        session.add(community)
        await session.flush()
        post = ChannelPost(
            community_id=community.id, channel_id="C1", local_time="10:00", tz="UTC",
            updated_at=NOW,
        )  # fmt: skip
        session.add(post)
        await session.flush()
        for day, ref in ((2, "C1-1"), (3, None)):
            session.add(
                ChannelPostRecord(
                    channel_post_id=post.id, local_date=date(2026, 3, day),
                    question_id="beh-initiative-01", message_ref=ref, thread_ref=ref,
                    created_at=NOW,
                )
            )  # fmt: skip
        return community.id, post.id


def _payload(post_id: int, previous: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "channel_post_id": post_id,
        "channel_id": "C1",
        "local_date": "2026-03-03",
        "question_id": "beh-influence-01",
        "text": "Describe a time you changed someone's mind.",
        "category_label": "Behavioural",
        "late_from": None,
        "previous_date": "2026-03-02",
        "answered": None,
        "previous": previous,
    }


async def _delivery(db: Database, community_id: int, kind: str, payload: dict[str, Any]) -> int:
    async with db.session() as session:
        row = Delivery(
            dedupe_key=f"{kind}:c{community_id}:x", kind=kind, community_id=community_id,
            due_at=NOW, payload=payload, status="sending", attempts=0, not_before=NOW,
        )  # fmt: skip
        session.add(row)
        await session.flush()
        return row.id


def test_owners_and_recipients_of_community_deliveries() -> None:
    """Dedupe owners tell members from communities; a target names the destination."""
    assert owner(12, None) == "12" and owner(0, 3) == "c3"
    channel = community_recipient(3, "slack", "T1", ChannelTarget("C1", tz="X/Y"))
    assert (channel.user_id, channel.tz, channel.community_id) == ("C1", "X/Y", 3)
    group = routed(community_recipient(3, "slack", "T1"), GroupTarget(("U1", "U2")))
    assert group.user_id == "group:U1,U2" and group.member_id is None


async def test_a_channel_post_counts_the_last_thread_once_and_keeps_its_own(
    db: Database,
) -> None:
    """Before posting, yesterday's replies are counted and stored; the post's thread is kept."""
    community_id, post_id = await _channel(db)
    transport = FakeCommunityTransport()
    transport.threads.post("C1", thread=True)  # yesterday's thread, C1-1
    transport.threads.reply("C1-1", "U1")
    transport.threads.reply("C1-1", "U2")
    transport.threads.reply("C1-1", "U2")
    previous = {"record_id": 1, "channel_id": "C1", "message_id": "C1-1", "thread_id": "C1-1"}
    payload = _payload(post_id, previous)
    delivery_id = await _delivery(db, community_id, "channel_question", payload)
    target = ChannelTarget("C1", open_thread=True, tz="UTC")
    recipient = community_recipient(community_id, "console", "", target)
    await deliver(
        KINDS[CHANNEL_QUESTION], db, transport, default_library(), delivery_id, payload, target,
        recipient, "channel_question:c1:C1:2026-03-03",
    )  # fmt: skip
    [(key, channel, thread, text)] = transport.posts
    assert (key, channel, thread) == ("channel_question:c1:C1:2026-03-03", "C1", True)
    assert "The last question: 2 people answered in its thread." in text
    async with db.session() as session:
        stored = await session.get(Delivery, delivery_id)
        records = (await session.execute(select(ChannelPostRecord))).scalars().all()
    assert stored is not None and stored.payload["answered"] == 2
    assert stored.payload["previous"] is None  # a resend will not count again
    assert [r.answer_count for r in records] == [2, None]
    assert records[1].thread_ref == "C1-2"


async def test_a_group_opener_goes_to_its_members_and_keeps_the_thread(db: Database) -> None:
    """The group's platform ids and parent channel go to `open_group`; its ref is stored."""
    community_id, _ = await _channel(db)
    async with db.session() as session:
        round_ = PairingRound(
            community_id=community_id, week="2026-W10", run_at=NOW, tz="UTC", checkin_at=NOW
        )
        session.add(round_)
        await session.flush()
        group = PairingGroup(round_id=round_.id, position=0, question_ids=[])
        session.add(group)
        await session.flush()
        group_id = group.id
    payload = {
        "week": "2026-W10", "group_id": group_id, "names": ["Ann", "Bob"], "questions": [],
        "checkin_local": "Thu 5 Mar, 10:00", "script": None,
    }  # fmt: skip
    target = GroupTarget(("U1", "U2"), "C1", "UTC")
    transport = FakeCommunityTransport()
    recipient = community_recipient(community_id, "console", "", target)
    await deliver(
        KINDS[PAIRING_ROUND], db, transport, default_library(), 1, payload, target, recipient, "k"
    )
    [(users, channel, text)] = transport.groups
    assert users == ("U1", "U2") and channel == "C1" and "Ann and Bob" in text
    async with db.session() as session:
        stored = await session.get(PairingGroup, group_id)
    assert stored is not None and stored.thread_ref == "thread-1"


async def test_a_platform_without_community_sends_fails_for_good(db: Database) -> None:
    """A DM-only transport cannot post: a permanent failure, so the community is paused."""
    payload = _payload(1, None)
    target = ChannelTarget("C1", open_thread=True)
    recipient = community_recipient(1, "console", "", target)
    with pytest.raises(PermanentSendError):
        await deliver(
            KINDS[CHANNEL_QUESTION], db, FakeTransport(), default_library(), 1, payload, target,
            recipient, "k",
        )  # fmt: skip
