"""The queries behind a pairing group's opener and its members' check-ins, per batch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, PairingGroup, PairingGroupMember, PairingOptIn, PairingRound
from bot.schedule.kinds import DueItem
from bot.services.journey import fmt_local
from bot.services.pairing_data import first_channels


@dataclass(frozen=True)
class GroupInputs:
    """One group's round, members in role order, and where a private thread starts."""

    group: PairingGroup
    round: PairingRound
    members: list[Member]
    channel_id: str | None
    checkin_local: str


@dataclass(frozen=True)
class CheckinInputs:
    """A member's group in one round: the others' names, the answer, still opted in."""

    partners: tuple[str, ...]
    met: bool | None
    opted_in: bool


async def group_inputs(session: AsyncSession, group_ids: Sequence[int]) -> dict[int, GroupInputs]:
    """Each group with its round and members in role order (two queries, plus channels)."""
    rows = await session.execute(
        select(PairingGroup, PairingRound)
        .join(PairingRound, PairingRound.id == PairingGroup.round_id)
        .where(PairingGroup.id.in_(group_ids))
    )
    groups = {group.id: (group, round_) for group, round_ in rows}
    members: dict[int, list[Member]] = {}
    result = await session.execute(
        select(PairingGroupMember.group_id, Member)
        .join(Member, Member.id == PairingGroupMember.member_id)
        .where(PairingGroupMember.group_id.in_(group_ids))
        .order_by(PairingGroupMember.group_id, PairingGroupMember.position)
    )
    for group_id, member in result:
        members.setdefault(group_id, []).append(member)
    channels = await first_channels(session, sorted({r.community_id for _, r in groups.values()}))
    found = {}
    for group_id, (group, round_) in groups.items():
        channel = channels.get(round_.community_id)
        found[group_id] = GroupInputs(
            group=group,
            round=round_,
            members=members.get(group_id, []),
            channel_id=channel.channel_id if channel else None,
            checkin_local=fmt_local(round_.checkin_at, round_.tz),
        )
    return found


async def checkin_inputs(
    session: AsyncSession, items: Sequence[DueItem]
) -> dict[tuple[int, str], CheckinInputs]:
    """{(member id, week): CheckinInputs} for a batch of check-in rows."""
    member_ids = [item.member_id for item in items]
    rows = await session.execute(
        select(
            PairingGroupMember.member_id, PairingRound.week, PairingGroup.id, PairingGroupMember.met
        )
        .join(PairingGroup, PairingGroup.id == PairingGroupMember.group_id)
        .join(PairingRound, PairingRound.id == PairingGroup.round_id)
        .where(
            PairingGroupMember.member_id.in_(member_ids),
            PairingRound.week.in_({item.source_id for item in items}),
        )
    )
    mine = {(member_id, week): (group_id, met) for member_id, week, group_id, met in rows}
    names = await session.execute(
        select(PairingGroupMember.group_id, Member.id, Member.display_name, Member.external_id)
        .join(Member, Member.id == PairingGroupMember.member_id)
        .where(PairingGroupMember.group_id.in_({group_id for group_id, _ in mine.values()}))
        .order_by(PairingGroupMember.position)
    )
    by_group: dict[int, list[tuple[int, str]]] = {}
    for group_id, member_id, display, external in names:
        by_group.setdefault(group_id, []).append((member_id, display or external))
    opted = set(
        await session.scalars(
            select(PairingOptIn.member_id).where(PairingOptIn.member_id.in_(member_ids))
        )
    )
    return {
        (member_id, week): CheckinInputs(
            partners=tuple(
                name for other, name in by_group.get(group_id, []) if other != member_id
            ),
            met=met,
            opted_in=member_id in opted,
        )
        for (member_id, week), (group_id, met) in mine.items()
    }
