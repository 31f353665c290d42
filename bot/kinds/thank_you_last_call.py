"""The `last_call` delivery kind."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content import ContentLibrary
from bot.replies import Reply
from bot.schedule.kind_names import THANK_YOU_LAST_CALL
from bot.schedule.kinds import DeliveryKind, DueItem, Plan
from bot.services.interviews import (
    THANKS_WINDOW,
    interviews_for_items,
)
from bot.services.journey import fmt_local
from bot.services.thanks import pending
from bot.services.thanks_render import render_last_call


class LastCallKind(DeliveryKind):
    """Start + 20 h: a last reminder naming only the people not yet marked."""

    name = THANK_YOU_LAST_CALL

    async def plan(
        self,
        session: AsyncSession,
        items: Sequence[DueItem],
        now: datetime,
        content: ContentLibrary,
    ) -> list[Plan]:
        """Skipped once everyone is marked; otherwise lists who is left, at this moment."""
        interviews = await interviews_for_items(session, items)
        plans: list[Plan] = []
        for item in items:
            interview = interviews.get((item.member, item.source_id))
            if interview is None:
                plans.append(Plan(key=item.source_id, status="drop"))
                continue
            left = pending(interview)
            if not left:  # everyone thanked: the nudge has nothing left to say
                plans.append(Plan(key=item.source_id, status="skipped"))
                continue
            payload = {
                "interview_id": interview.short_id,
                "company": interview.company,
                "deadline": fmt_local(interview.finishes_at + THANKS_WINDOW, item.tz),
                "tz": item.tz,
                "people": [{"name": p.name, "role": p.role} for p in left],
            }
            plans.append(Plan(key=item.source_id, payload=payload))
        return plans

    def render(self, payload: dict[str, Any], content: ContentLibrary) -> Reply:
        """The last-call message, from the payload."""
        return render_last_call(payload)
