"""The queries and writes behind the pairing kinds, a batch at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content import ContentLibrary, MockInterviewScript
from bot.db.models import (
    ChannelPost,
    Community,
    Interview,
    Member,
    PairingGroup,
    PairingGroupMember,
    PairingOptIn,
    PairingRound,
    ScheduledItem,
)
from bot.schedule.kind_names import PAIRING_CHECKIN, PAIRING_ROUND
from bot.schedule.kinds import DueItem
from bot.schedule.planner import upsert_item
from bot.schedule.timemath import local_to_utc, parse_hhmm
from bot.services.community import next_weekly_run, upsert_community_item
from bot.services.daily import question_histories
from bot.services.pairing import Pair, pairs_of
from bot.services.pairing_rounds import CHECKIN_AFTER, UPCOMING
from bot.services.practice import pick_question
from bot.when.quiet import out_of_quiet, window_of

QUESTIONS_PER_GROUP = 3
# How far a member's quiet hours may move their check-in from the round's time.
CHECKIN_SHIFT = timedelta(hours=12)


@dataclass(frozen=True)
class RoundInputs:
    """Everything one community's round needs, loaded for the whole batch."""

    community: Community
    tz: str
    channel_id: str | None
    members: list[int]
    previous: set[Pair]
    priority: set[int]
    histories: dict[int, list[str]]


async def community_ids(session: AsyncSession, items: Sequence[DueItem]) -> dict[int, int]:
    """{scheduled row id: community id} for community-targeted rows."""
    result = await session.execute(
        select(ScheduledItem.id, ScheduledItem.community_id).where(
            ScheduledItem.id.in_([item.item_id for item in items]),
            ScheduledItem.community_id.is_not(None),
        )
    )
    return {row_id: community_id for row_id, community_id in result if community_id is not None}


async def first_channels(session: AsyncSession, ids: Sequence[int]) -> dict[int, ChannelPost]:
    """Each community's first enabled daily channel (where rounds are announced)."""
    # Newest first, so the oldest (the first set up) is what each key ends up holding.
    result = await session.scalars(
        select(ChannelPost)
        .where(ChannelPost.community_id.in_(ids), ChannelPost.enabled.is_(True))
        .order_by(ChannelPost.id.desc())
    )
    return {post.community_id: post for post in result}


async def _previous_pairs(
    session: AsyncSession, ids: Sequence[int], before: datetime
) -> dict[int, set[Pair]]:
    """The pairs of each community's latest round that ran before `before`."""
    found: dict[int, set[Pair]] = {}
    for community_id in ids:
        last = await session.scalar(
            select(PairingRound.id)
            .where(PairingRound.community_id == community_id, PairingRound.run_at < before)
            .order_by(PairingRound.run_at.desc())
            .limit(1)
        )
        if last is None:
            continue
        rows = await session.execute(
            select(PairingGroupMember.group_id, PairingGroupMember.member_id)
            .join(PairingGroup, PairingGroup.id == PairingGroupMember.group_id)
            .where(PairingGroup.round_id == last)
            .order_by(PairingGroupMember.group_id, PairingGroupMember.position)
        )
        groups: dict[int, list[int]] = {}
        for group_id, member_id in rows:
            groups.setdefault(group_id, []).append(member_id)
        found[community_id] = pairs_of(groups.values())
    return found


async def round_inputs(
    session: AsyncSession, items: Sequence[DueItem], now: datetime
) -> dict[int, RoundInputs]:
    """Inputs for each weekly row, by row id; communities that are gone are left out."""
    by_item = await community_ids(session, items)
    ids = sorted(set(by_item.values()))
    communities = {
        c.id: c for c in await session.scalars(select(Community).where(Community.id.in_(ids)))
    }
    channels = await first_channels(session, ids)
    opted = await session.execute(
        select(PairingOptIn.community_id, PairingOptIn.member_id)
        .join(Member, Member.id == PairingOptIn.member_id)
        .where(PairingOptIn.community_id.in_(ids), Member.paused_at.is_(None))
    )
    members: dict[int, list[int]] = {}
    for community_id, member_id in opted:
        members.setdefault(community_id, []).append(member_id)
    everyone = [m for found in members.values() for m in found]
    soon = await session.scalars(
        select(Interview.member_id).where(
            Interview.member_id.in_(everyone),
            Interview.starts_at > now,
            Interview.starts_at <= now + UPCOMING,
        )
    )
    priority = set(soon)
    histories = await question_histories(session, everyone)
    previous = await _previous_pairs(session, ids, now)
    found = {}
    for item_id, community_id in by_item.items():
        community = communities.get(community_id)
        if community is None:
            continue
        channel = channels.get(community_id)
        tz = community.pairing_tz or (channel.tz if channel else "UTC")
        found[item_id] = RoundInputs(
            community=community,
            tz=tz,
            channel_id=channel.channel_id if channel else None,
            members=members.get(community_id, []),
            previous=previous.get(community_id, set()),
            priority=priority & set(members.get(community_id, [])),
            histories=histories,
        )
    return found


def following_round(community: Community, tz: str, due_at: datetime, now: datetime) -> datetime:
    """Next week's round; after downtime of over a week, the latest one already due."""
    at = parse_hhmm(community.pairing_time)
    following, _ = next_weekly_run(community.pairing_weekday, at, tz, due_at)
    while True:
        after, _ = next_weekly_run(community.pairing_weekday, at, tz, following)
        if after > now:
            return following
        following = after


def checkin_time(community: Community, target: date, tz: str) -> datetime:
    """The check-in instant: the round's local time, three local days later."""
    return local_to_utc(target + CHECKIN_AFTER, parse_hhmm(community.pairing_time), tz)


async def _checkin_times(
    session: AsyncSession, member_ids: Sequence[int], checkin_at: datetime
) -> dict[int, datetime]:
    """Each member's check-in: the round's instant, out of that member's quiet hours.

    The bot picks the hour (the round's, in the community's zone), which can be the middle
    of the night for a member elsewhere: it moves to when their night ends (or to the
    evening before), within half a day either way. One query for the whole round.
    """
    rows = await session.execute(
        select(Member.id, Member.tz, Member.quiet_hours).where(Member.id.in_(member_ids))
    )
    return {
        member_id: out_of_quiet(
            checkin_at,
            tz,
            window_of(quiet),
            not_before=checkin_at - CHECKIN_SHIFT,
            not_after=checkin_at + CHECKIN_SHIFT,
        )
        for member_id, tz, quiet in rows
    }


def pick_questions(content: ContentLibrary, group: Sequence[int], inputs: RoundInputs) -> list[str]:
    """Three questions none of the group was asked yet (while any are left), topics rotating."""
    history = [qid for member in group for qid in inputs.histories.get(member, [])]
    chosen: list[str] = []
    for index in range(QUESTIONS_PER_GROUP):
        question = pick_question(content, history + chosen, None, seed=sum(group) + index)
        chosen.append(question.id)
    return chosen


def script_payload(script: MockInterviewScript | None) -> dict[str, Any] | None:
    """The mock-interview script as payload data (so a resend reads the same)."""
    if script is None:
        return None
    return {
        "title": script.title,
        "intro": script.intro,
        "pair_roles": script.pair_roles,
        "trio_roles": script.trio_roles,
        "steps": list(script.steps),
        "feedback": list(script.feedback),
    }


async def store_round(
    session: AsyncSession, item: DueItem, payload: dict[str, Any], now: datetime
) -> None:
    """Write a formed round, its groups and members; plan group messages and check-ins."""
    community_id = payload["community_id"]
    checkin_at = datetime.fromisoformat(payload["checkin_at"])
    round_ = PairingRound(
        community_id=community_id,
        week=payload["week"],
        run_at=item.due_at,
        tz=payload["tz"],
        checkin_at=checkin_at,
    )
    session.add(round_)
    await session.flush()
    when_for = await _checkin_times(
        session, [m for formed in payload["groups"] for m in formed["members"]], checkin_at
    )
    for position, formed in enumerate(payload["groups"]):
        group = PairingGroup(
            round_id=round_.id, position=position, question_ids=formed["questions"]
        )
        session.add(group)
        await session.flush()
        for place, member_id in enumerate(formed["members"]):
            session.add(PairingGroupMember(group_id=group.id, member_id=member_id, position=place))
            await upsert_item(
                session,
                kind=PAIRING_CHECKIN,
                member_id=member_id,
                source_id=payload["week"],
                run_at=when_for.get(member_id, checkin_at),
                now=now,
            )
        await upsert_community_item(
            session,
            kind=PAIRING_ROUND,
            community_id=community_id,
            source_id=f"g{group.id}",
            run_at=now,
            now=now,
        )
    await session.flush()
