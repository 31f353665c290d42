"""`pairing_round` and `pairing_checkin`: the weekly practice pairs and the follow-up.

`pairing_round` is community-targeted and has two kinds of rows:

- the weekly row (`source_id` ""), at the admin's weekday and time in the community's
  zone, keyed by ISO week, so a week has one round however often it is re-planned. It
  forms the groups (`bot.services.pairing.make_groups`), announces the round in the
  community's daily channel if it has one (else the delivery is recorded as skipped),
  and, once the delivery is really written, stores the round and plans the rest;
- one one-off row per group (`g<group id>`), due at once, whose delivery opens the
  group DM (Slack) or private thread (Discord) with the roles, three questions and the
  script.

`pairing_checkin` is a one-off DM per group member three days later (same local time),
keyed by the round's week; it is dropped if the member already answered or opted out.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content import ContentLibrary
from bot.db.models import PairingGroup
from bot.replies import Reply
from bot.schedule.kind_names import PAIRING_ROUND
from bot.schedule.kinds import DeliveryKind, DueItem, Plan
from bot.schedule.targets import ChannelTarget, GroupTarget
from bot.schedule.timemath import local_date
from bot.schedule.transport import PostRef
from bot.services import pairing_data as data
from bot.services import pairing_groups as groups_data
from bot.services.community import iso_week
from bot.services.daily import deadline
from bot.services.pairing import make_groups
from bot.services.pairing_render import render_group, render_round
from bot.services.pairing_rounds import (
    ROUND_SOURCE,
)


def round_seed(community_id: int, week: str) -> int:
    """The pairing seed of one round: stable across processes and re-plans."""
    return zlib.crc32(f"{community_id}:{week}".encode())


class PairingRoundKind(DeliveryKind):
    """`pairing_round`: form the week's groups, then open each group's conversation."""

    name = PAIRING_ROUND

    async def plan(
        self,
        session: AsyncSession,
        items: Sequence[DueItem],
        now: datetime,
        content: ContentLibrary,
    ) -> list[Plan]:
        """Weekly rows form rounds; group rows address their group."""
        weekly = [item for item in items if item.source_id == ROUND_SOURCE]
        rounds = await data.round_inputs(session, weekly, now) if weekly else {}
        group_ids = [int(item.source_id[1:]) for item in items if item.source_id.startswith("g")]
        groups = await groups_data.group_inputs(session, group_ids) if group_ids else {}
        plans = []
        for item in items:
            if item.source_id == ROUND_SOURCE:
                plans.append(self._plan_round(item, rounds.get(item.item_id), now, content))
            elif item.source_id.startswith("g") and item.source_id[1:].isdigit():
                plans.append(self._plan_group(item, groups.get(int(item.source_id[1:])), content))
            else:
                plans.append(Plan(key=item.source_id, status="drop"))
        return plans

    def _plan_round(
        self, item: DueItem, inputs: data.RoundInputs | None, now: datetime, content: ContentLibrary
    ) -> Plan:
        if inputs is None:
            return Plan(key=item.source_id, status="drop")
        tz = inputs.tz
        target = local_date(item.due_at, tz)
        week = iso_week(target)
        following = data.following_round(inputs.community, tz, item.due_at, now)
        common: dict[str, Any] = {"key": week, "local_date": target, "next_run_at": following}
        if now > deadline(item.due_at, target, tz):
            return Plan(status="missed", **common)
        members = sorted(inputs.members)
        formed = make_groups(
            members, inputs.previous, inputs.priority, round_seed(inputs.community.id, week)
        )
        checkin_at = data.checkin_time(inputs.community, target, tz)
        payload: dict[str, Any] = {
            "community_id": inputs.community.id,
            "week": week,
            "tz": tz,
            "members": len(members),
            "groups": [
                {"members": list(group), "questions": data.pick_questions(content, group, inputs)}
                for group in formed
            ],
            "checkin_at": checkin_at.isoformat(),
        }
        if not formed or inputs.channel_id is None:
            # Nothing to announce, or nowhere to: record the round without a post.
            return Plan(status="skipped", payload=payload, **common)
        return Plan(payload=payload, target=ChannelTarget(inputs.channel_id, tz=tz), **common)

    def _plan_group(
        self, item: DueItem, inputs: groups_data.GroupInputs | None, content: ContentLibrary
    ) -> Plan:
        if inputs is None or len(inputs.members) < 2:
            # The group is gone, or only one member is left (the others deleted their data).
            return Plan(key=item.source_id, status="drop")
        script = content.mock_interview
        payload: dict[str, Any] = {
            "week": inputs.round.week,
            "group_id": inputs.group.id,
            "names": [member.display_name or member.external_id for member in inputs.members],
            "questions": [
                {"text": content.question(qid).text, "category": content.question(qid).category}
                for qid in inputs.group.question_ids
            ],
            "checkin_local": inputs.checkin_local,
            "script": data.script_payload(script),
        }
        group = GroupTarget(
            tuple(member.external_id for member in inputs.members),
            inputs.channel_id,
            inputs.round.tz,
        )
        return Plan(key=f"{inputs.round.week}:g{inputs.group.id}", payload=payload, target=group)

    async def planned(
        self, session: AsyncSession, planned: Sequence[tuple[DueItem, Plan]], now: datetime
    ) -> None:
        """Store each newly formed round and plan its group messages and check-ins."""
        for item, plan in planned:
            if item.source_id == ROUND_SOURCE and plan.payload.get("groups"):
                await data.store_round(session, item, plan.payload, now)

    async def landed(self, session: AsyncSession, payload: dict[str, Any], ref: PostRef) -> None:
        """A group's opener went out: keep where the group talks (for its check-in)."""
        if "group_id" in payload:
            await session.execute(
                update(PairingGroup)
                .where(PairingGroup.id == payload["group_id"])
                .values(thread_ref=ref.thread_id or ref.channel_id)
            )

    def render(self, payload: dict[str, Any], content: ContentLibrary) -> Reply:
        """The channel announcement, or a group's opening message."""
        if "group_id" in payload:
            return render_group(payload)
        return render_round(payload)
