"""The `pairing_checkin` delivery kind."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content import ContentLibrary
from bot.replies import Reply
from bot.schedule.kind_names import PAIRING_CHECKIN
from bot.schedule.kinds import DeliveryKind, DueItem, Plan
from bot.services import pairing_groups as groups_data
from bot.services.pairing_render import render_checkin


class PairingCheckinKind(DeliveryKind):
    """`pairing_checkin`: did you meet? Two buttons, three days after the round."""

    name = PAIRING_CHECKIN

    async def plan(
        self,
        session: AsyncSession,
        items: Sequence[DueItem],
        now: datetime,
        content: ContentLibrary,
    ) -> list[Plan]:
        """One query for the batch's group memberships; answered or opted out: dropped."""
        found = await groups_data.checkin_inputs(session, items)
        plans = []
        for item in items:
            entry = found.get((item.member, item.source_id))
            if entry is None or entry.met is not None or not entry.opted_in:
                plans.append(Plan(key=item.source_id, status="drop"))
                continue
            payload = {"week": item.source_id, "partners": list(entry.partners)}
            plans.append(Plan(key=item.source_id, payload=payload))
        return plans

    def render(self, payload: dict[str, Any], content: ContentLibrary) -> Reply:
        """The question and the two answers as buttons."""
        return render_checkin(payload)
