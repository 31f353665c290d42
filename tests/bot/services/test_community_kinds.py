"""The community delivery kinds: what they plan, what they store, how they read."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import PrepBot
from bot.clock import VirtualClock
from bot.commands.context import Actor
from bot.content import default_library
from bot.db.engine import Database
from bot.db.models import (
    Community,
    Delivery,
    Interview,
    PairingGroupMember,
    PairingRound,
    ScheduledItem,
)
from bot.kinds import KINDS
from bot.plaintext import render_plain
from bot.schedule.kind_names import CHANNEL_QUESTION, PAIRING_CHECKIN, PAIRING_ROUND
from bot.schedule.targets import ChannelTarget, GroupTarget, target_from_json, target_to_json
from bot.services.members import find_member
from bot.services.pairing import pairs_of
from bot.services.pairing_rounds import FORMER_MEMBER, forget_member
from tests.bot.services.community_support import due_plans

NAMES = ("ann", "bob", "cai", "dee", "eve")


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def actor(name: str, *, admin: bool = False) -> Actor:
    return Actor("console", name, "", name, channel_id="C1", is_admin=admin, tz_hint="UTC")


@pytest.fixture
def bot(db: Database, clock: VirtualClock) -> PrepBot:
    """The core at Monday 2 March 2026, 12:00 UTC."""
    return PrepBot(db, clock=clock)


async def test_channel_question_plans_one_post_per_local_date(bot: PrepBot, db: Database) -> None:
    """Due at 10:00 Berlin, the plan is keyed by channel and local date, routed to a thread."""
    await bot.handle_text(actor("ann", admin=True), "channel daily 10:00 Europe/Berlin")
    [(_, plan)] = await due_plans(db, CHANNEL_QUESTION, utc(3, 9))
    assert plan.status == "pending" and plan.key == "C1:2026-03-03"
    assert plan.next_run_at == utc(4, 9)
    assert plan.target == ChannelTarget("C1", open_thread=True, tz="Europe/Berlin")
    assert plan.payload["answered"] is None and plan.payload["late_from"] is None
    assert default_library().question(plan.payload["question_id"]).text == plan.payload["text"]


@pytest.mark.parametrize(
    ("now", "status", "late"),
    [
        (utc(3, 9, 5), "pending", False),
        (utc(3, 15), "pending", True),
        (utc(3, 20, 1), "missed", False),
    ],
)
async def test_a_late_channel_post_follows_the_daily_catch_up_rule(
    bot: PrepBot, db: Database, now: datetime, status: str, late: bool
) -> None:
    """Late the same local day before 21:00: sent, saying so; after that: recorded missed."""
    await bot.handle_text(actor("ann", admin=True), "channel daily 10:00 Europe/Berlin")
    [(_, plan)] = await due_plans(db, CHANNEL_QUESTION, now)
    assert plan.status == status
    if status == "pending":
        assert bool(plan.payload["late_from"]) is late


async def test_a_disabled_channel_plans_nothing(bot: PrepBot, db: Database) -> None:
    """A row whose channel was turned off in the meantime is dropped."""
    await bot.handle_text(actor("ann", admin=True), "channel daily 10:00")
    async with db.session() as session:
        item = (await session.execute(select(ScheduledItem))).scalar_one()
        post_id = item.source_id
    await bot.handle_text(actor("ann", admin=True), "channel off")
    async with db.session() as session:  # put the row back, as if planned before "off"
        session.add(
            ScheduledItem(
                kind=CHANNEL_QUESTION, community_id=item.community_id, source_id=post_id,
                next_run_at=utc(3, 10), active=True, created_at=utc(2, 12),
            )
        )  # fmt: skip
    [(_, plan)] = await due_plans(db, CHANNEL_QUESTION, utc(3, 10))
    assert plan.status == "drop"


@pytest.mark.parametrize(
    ("answered", "line"),
    [(None, None), (0, "Nobody answered"), (1, "1 person"), (4, "4 people")],
)
def test_channel_question_renders_from_its_payload(answered: int | None, line: str | None) -> None:
    """The post shows the question, how to answer in the thread and the last count."""
    payload: dict[str, Any] = {
        "text": "Tell me about a time you failed.",
        "category_label": "Failure and learning",
        "answered": answered,
        "late_from": None,
    }
    reply = KINDS[CHANNEL_QUESTION].render(payload, default_library())
    text = render_plain(reply)
    assert "Tell me about a time you failed." in text and "thread" in text
    assert not reply.private
    if line is not None:
        assert line in text
    else:
        assert "answered" not in text
    assert render_plain(KINDS[CHANNEL_QUESTION].render(payload, default_library())) == text


async def _five_opted_in(bot: PrepBot, *, channel: bool) -> None:
    if channel:
        await bot.handle_text(actor("ann", admin=True), "channel daily 10:00 UTC")
    for name in NAMES:
        await bot.handle_text(actor(name), "pair on")


async def test_a_round_forms_groups_and_plans_their_messages(bot: PrepBot, db: Database) -> None:
    """Five opted in: a pair and a trio are stored, with a group row each and check-ins."""
    await _five_opted_in(bot, channel=True)
    [(item, plan)] = await due_plans(db, PAIRING_ROUND, utc(9, 10))
    assert plan.status == "pending" and plan.key == "2026-W11"
    assert sorted(len(g["members"]) for g in plan.payload["groups"]) == [2, 3]
    assert all(len(g["questions"]) == 3 for g in plan.payload["groups"])
    assert isinstance(plan.target, ChannelTarget)
    async with db.session() as session:
        await KINDS[PAIRING_ROUND].planned(session, [(item, plan)], utc(9, 10))
    async with db.session() as session:
        assert (await session.execute(select(PairingRound))).scalar_one().week == "2026-W11"
        assert len((await session.execute(select(PairingGroupMember))).all()) == 5
        kinds = [
            (row.kind, row.source_id[:1] if row.community_id else "m")
            for row in (await session.execute(select(ScheduledItem))).scalars()
        ]
    assert kinds.count((PAIRING_ROUND, "g")) == 2
    assert kinds.count((PAIRING_CHECKIN, "m")) == 5
    groups = await due_plans(db, PAIRING_ROUND, utc(9, 10))
    group_plans = [plan for item, plan in groups if item.source_id.startswith("g")]
    assert len(group_plans) == 2
    for plan in group_plans:
        route = plan.target
        assert isinstance(route, GroupTarget) and list(route.user_ids) == plan.payload["names"]
        text = render_plain(KINDS[PAIRING_ROUND].render(plan.payload, default_library()))
        assert "plays interviewer first" in text or "Take turns in a circle" in text
        assert "Feedback that helps" in text and "Round 2026-W11" in text


async def test_without_a_channel_the_round_is_recorded_not_announced(
    bot: PrepBot, db: Database
) -> None:
    """No daily channel: the round still forms, its announcement is recorded as skipped."""
    await _five_opted_in(bot, channel=False)
    [(_, plan)] = await due_plans(db, PAIRING_ROUND, utc(9, 10))
    assert plan.status == "skipped" and plan.payload["groups"]


async def test_members_with_an_interview_soon_are_interviewed_first(
    bot: PrepBot, db: Database
) -> None:
    """An interview in the next 14 days puts the member second in their pair."""
    await _five_opted_in(bot, channel=True)
    await bot.handle_text(actor("cai"), "interview 2026-03-12 14:00 Acme")
    [(_, plan)] = await due_plans(db, PAIRING_ROUND, utc(9, 10))
    async with db.session() as session:
        cai = await session.scalar(select(Interview.member_id))
    group = next(g["members"] for g in plan.payload["groups"] if cai in g["members"])
    assert group[0] != cai and len(group) == 2


async def test_a_second_round_avoids_last_weeks_pairs(bot: PrepBot, db: Database) -> None:
    """With six members, next week's pairs share none with this week's."""
    await _five_opted_in(bot, channel=False)
    await bot.handle_text(actor("fay"), "pair on")
    [(item, plan)] = await due_plans(db, PAIRING_ROUND, utc(9, 10))
    async with db.session() as session:
        await KINDS[PAIRING_ROUND].planned(session, [(item, plan)], utc(9, 10))
        await session.execute(
            ScheduledItem.__table__.update()
            .where(ScheduledItem.id == item.item_id)
            .values(next_run_at=utc(16, 10))
        )
    [(_, second)] = [
        (i, p) for i, p in await due_plans(db, PAIRING_ROUND, utc(16, 10)) if not i.source_id
    ]
    first_pairs = pairs_of(g["members"] for g in plan.payload["groups"])
    assert not pairs_of(g["members"] for g in second.payload["groups"]) & first_pairs


async def test_check_ins_are_dropped_once_answered(bot: PrepBot, db: Database) -> None:
    """`pair met` answers the check-in: the pending row goes, the answer is kept."""
    await _five_opted_in(bot, channel=True)
    [(item, plan)] = await due_plans(db, PAIRING_ROUND, utc(9, 10))
    async with db.session() as session:
        await KINDS[PAIRING_ROUND].planned(session, [(item, plan)], utc(9, 10))
    reply = await bot.handle_text(actor("bob"), "pair met 2026-W11 yes")
    assert not reply.is_error and "Great" in render_plain(reply)
    async with db.session() as session:
        rows = (await session.execute(select(ScheduledItem.member_id).where(
            ScheduledItem.kind == PAIRING_CHECKIN
        ))).all()  # fmt: skip
        answered = select(PairingGroupMember.met).where(PairingGroupMember.met.is_not(None))
        met = await session.scalar(answered)
    assert len(rows) == 4 and met is True
    text = await bot.handle_text(actor("bob"), "pair status")
    assert "You met." in render_plain(text)


async def test_forget_member_scrubs_group_messages_before_privacy_delete(
    bot: PrepBot, db: Database
) -> None:
    """A group message that names a leaving member no longer does, and their rows go."""
    await _five_opted_in(bot, channel=True)
    [(item, plan)] = await due_plans(db, PAIRING_ROUND, utc(9, 10))
    async with db.session() as session:
        await KINDS[PAIRING_ROUND].planned(session, [(item, plan)], utc(9, 10))
    async with db.session() as session:  # the group messages, as the engine writes them
        community_id = await session.scalar(select(Community.id))
        for g_item, g_plan in await due_plans(db, PAIRING_ROUND, utc(9, 10)):
            if not g_item.source_id:
                continue
            session.add(
                Delivery(
                    dedupe_key=f"{PAIRING_ROUND}:c{community_id}:{g_plan.key}",
                    kind=PAIRING_ROUND, community_id=community_id, source_id=g_item.source_id,
                    due_at=utc(9, 10), payload=g_plan.payload, status="sent", attempts=1,
                    not_before=utc(9, 10), target=target_to_json(g_plan.target),
                )
            )  # fmt: skip
    async with db.session() as session:
        bob = await find_member(session, "console", "", "bob")
        assert bob is not None
        assert await forget_member(session, bob) == 1
    reply = await bot.handle_text(actor("bob"), "privacy delete confirm")
    assert not reply.is_error
    async with db.session() as session:
        rows = list((await session.execute(select(Delivery))).scalars())
        left = (await session.execute(select(PairingGroupMember))).all()
    payloads = [row.payload for row in rows]
    assert len(payloads) == 2 and len(left) == 4
    for row in rows:
        group = target_from_json(row.target)
        assert isinstance(group, GroupTarget)
        assert "bob" not in group.user_ids and "bob" not in row.payload["names"]
    assert any(FORMER_MEMBER in payload["names"] for payload in payloads)
