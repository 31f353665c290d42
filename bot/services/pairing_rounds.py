"""Weekly mock-interview pairing: opting in and out, the round's schedule, check-ins.

The round itself is formed by the `pairing_round` kind (`bot.services.pairing_kinds`)
when its weekly community row comes due; this module holds what members and admins
change, and the queries both sides share.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Community,
    Delivery,
    Member,
    PairingGroup,
    PairingGroupMember,
    PairingOptIn,
    PairingRound,
)
from bot.schedule.kind_names import PAIRING_CHECKIN, PAIRING_ROUND
from bot.schedule.planner import remove_item
from bot.schedule.targets import GroupTarget, target_from_json, target_to_json
from bot.schedule.timemath import format_hhmm, parse_hhmm
from bot.services.community import (
    community_item,
    community_zone,
    next_weekly_run,
    remove_community_item,
    upsert_community_item,
)
from bot.services.journey import UserError

# The community's weekly row; a round's group rows are `g<group id>`.
ROUND_SOURCE = ""
CHECKIN_AFTER = timedelta(days=3)
# An interview this soon makes a member a priority for pairing.
UPCOMING = timedelta(days=14)
# What a group message says instead of the name of someone who deleted their data.
FORMER_MEMBER = "a former member"


@dataclass(frozen=True)
class GroupView:
    """A member's group in one round: the round, and everyone's names in role order."""

    round: PairingRound
    group: PairingGroup
    names: tuple[str, ...]
    you: int  # your position: 0 plays interviewer first
    met: bool | None


async def is_opted_in(session: AsyncSession, member: Member) -> bool:
    """Whether the member takes part in the weekly pairing."""
    return await session.get(PairingOptIn, member.id) is not None


async def opted_in_count(session: AsyncSession, community: Community) -> int:
    """How many members of the community are opted in."""
    count = await session.scalar(
        select(func.count())
        .select_from(PairingOptIn)
        .where(PairingOptIn.community_id == community.id)
    )
    return count or 0


async def schedule_round(session: AsyncSession, community: Community, now: datetime) -> datetime:
    """(Re)plan the community's next weekly round; returns when it runs."""
    tz = await community_zone(session, community)
    at = parse_hhmm(community.pairing_time)
    run_at, _ = next_weekly_run(community.pairing_weekday, at, tz, now)
    await upsert_community_item(
        session,
        kind=PAIRING_ROUND,
        community_id=community.id,
        source_id=ROUND_SOURCE,
        run_at=run_at,
        now=now,
    )
    return run_at


async def next_round(session: AsyncSession, community: Community) -> datetime | None:
    """When the community's next round is planned, if one is."""
    item = await community_item(
        session, kind=PAIRING_ROUND, community_id=community.id, source_id=ROUND_SOURCE
    )
    return None if item is None else item.next_run_at


async def opt_in(
    session: AsyncSession, member: Member, community: Community, now: datetime
) -> tuple[bool, datetime]:
    """Opt the member in (False if they already were); returns the next round's time."""
    new = not await is_opted_in(session, member)
    if new:
        session.add(PairingOptIn(member_id=member.id, community_id=community.id, opted_in_at=now))
        await session.flush()
    planned = await next_round(session, community)
    return new, planned or await schedule_round(session, community, now)


async def opt_out(session: AsyncSession, member: Member, community: Community) -> bool:
    """Opt the member out; the round stops being planned when nobody is left."""
    found = await session.get(PairingOptIn, member.id)
    if found is None:
        return False
    await session.delete(found)
    await session.flush()
    if await opted_in_count(session, community) == 0:
        await remove_community_item(
            session, kind=PAIRING_ROUND, community_id=community.id, source_id=ROUND_SOURCE
        )
    return True


async def set_schedule(
    session: AsyncSession,
    community: Community,
    weekday: int,
    at: time,
    zone: str | None,
    now: datetime,
) -> datetime | None:
    """Set when the weekly round runs; returns the next round if anyone is opted in.

    A round already run this week is not run again: its delivery key is the ISO week.
    """
    community.pairing_weekday = weekday
    community.pairing_time = format_hhmm(at)
    if zone is not None:
        community.pairing_tz = zone
    await session.flush()
    if await opted_in_count(session, community) == 0:
        return None
    return await schedule_round(session, community, now)


async def group_view(
    session: AsyncSession, member: Member, week: str | None = None
) -> GroupView | None:
    """The member's group in round `week` (default: their latest round), if any."""
    statement = (
        select(PairingGroupMember, PairingGroup, PairingRound)
        .join(PairingGroup, PairingGroup.id == PairingGroupMember.group_id)
        .join(PairingRound, PairingRound.id == PairingGroup.round_id)
        .where(PairingGroupMember.member_id == member.id)
        .order_by(PairingRound.run_at.desc())
        .limit(1)
    )
    if week is not None:
        statement = statement.where(PairingRound.week == week)
    row = (await session.execute(statement)).first()
    if row is None:
        return None
    mine, group, round_ = row
    names = await session.execute(
        select(Member.display_name, Member.external_id)
        .join(PairingGroupMember, PairingGroupMember.member_id == Member.id)
        .where(PairingGroupMember.group_id == group.id)
        .order_by(PairingGroupMember.position)
    )
    shown = tuple(name or external for name, external in names)
    return GroupView(round_, group, shown, mine.position, mine.met)


async def answer_met(
    session: AsyncSession, member: Member, week: str, met: bool, now: datetime
) -> GroupView:
    """Record the check-in answer for round `week`; the pending check-in is cancelled."""
    view = await group_view(session, member, week)
    if view is None:
        raise UserError(
            f"You were not in a practice group in round {week}. `/prep pair status` shows yours.",
            "pair met",
        )
    row = await session.scalar(
        select(PairingGroupMember).where(
            PairingGroupMember.group_id == view.group.id, PairingGroupMember.member_id == member.id
        )
    )
    assert row is not None
    row.met = met
    row.answered_at = now
    await remove_item(session, kind=PAIRING_CHECKIN, member_id=member.id, source_id=week)
    return GroupView(view.round, view.group, view.names, view.you, met)


async def forget_member(session: AsyncSession, member: Member) -> int:
    """Take a member out of the group messages that name them, before `privacy delete`.

    A group's opener (a community delivery) carries its members' names and platform ids
    in its payload, so a resend says the same; the rest of the member's pairing rows go
    with their `member_id` cascade. Returns how many messages were rewritten.
    """
    groups = select(PairingGroupMember.group_id).where(PairingGroupMember.member_id == member.id)
    sources = [f"g{group_id}" for group_id in await session.scalars(groups)]
    if not sources:
        return 0
    found = await session.scalars(
        select(Delivery).where(
            Delivery.kind == PAIRING_ROUND,
            Delivery.community_id.is_not(None),
            Delivery.source_id.in_(sources),
        )
    )
    changed = 0
    for delivery in found:
        group = target_from_json(delivery.target)
        if not isinstance(group, GroupTarget) or member.external_id not in group.user_ids:
            continue
        index = group.user_ids.index(member.external_id)
        payload = dict(delivery.payload)
        names = list(payload.get("names", []))
        if index < len(names):
            names[index] = FORMER_MEMBER
        payload["names"] = names
        delivery.payload = payload
        delivery.target = target_to_json(group.without(member.external_id))
        changed += 1
    return changed + await _forget_in_partners_rows(session, member, sources)


async def _forget_in_partners_rows(
    session: AsyncSession, member: Member, sources: list[str]
) -> int:
    """The partners' check-ins name the member too, and so may a console group's ref."""
    group_ids = [int(source[1:]) for source in sources]
    shown = {member.display_name, member.external_id} - {""}
    partners = select(PairingGroupMember.member_id).where(
        PairingGroupMember.group_id.in_(group_ids), PairingGroupMember.member_id != member.id
    )
    checkins = await session.scalars(
        select(Delivery).where(Delivery.kind == PAIRING_CHECKIN, Delivery.member_id.in_(partners))
    )
    changed = 0
    for delivery in checkins:
        listed = list(delivery.payload.get("partners", []))
        if shown & set(listed):
            scrubbed = [FORMER_MEMBER if name in shown else name for name in listed]
            delivery.payload = {**delivery.payload, "partners": scrubbed}
            changed += 1
    for group in await session.scalars(select(PairingGroup).where(PairingGroup.id.in_(group_ids))):
        if group.thread_ref and member.external_id in group.thread_ref:
            group.thread_ref = None  # only a console ref is built from user ids
    return changed
