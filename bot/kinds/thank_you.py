"""The `thank_you` delivery kind."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content import ContentLibrary
from bot.replies import Reply
from bot.schedule.kind_names import THANK_YOU
from bot.schedule.kinds import DeliveryKind, DueItem, Plan
from bot.services.interviews import (
    interviews_for_items,
)
from bot.services.thanks import pending, thanks_payload
from bot.services.thanks_render import render_thanks


class ThankYouKind(DeliveryKind):
    """Start + 2 h: one message with a draft per interviewer and the timeline question."""

    name = THANK_YOU

    async def plan(
        self,
        session: AsyncSession,
        items: Sequence[DueItem],
        now: datetime,
        content: ContentLibrary,
    ) -> list[Plan]:
        """Drafts for every interview; skipped when everyone is already marked."""
        interviews = await interviews_for_items(session, items)
        plans: list[Plan] = []
        for item in items:
            interview = interviews.get((item.member, item.source_id))
            if interview is None:
                plans.append(Plan(key=item.source_id, status="drop"))
            elif interview.interviewers and not pending(interview):
                plans.append(Plan(key=item.source_id, status="skipped"))
            else:
                payload = thanks_payload(interview, item.tz, item.display_name, content)
                payload["ask_timeline"] = True
                plans.append(Plan(key=item.source_id, payload=payload))
        return plans

    def render(self, payload: dict[str, Any], content: ContentLibrary) -> Reply:
        """The drafts message, from the payload."""
        return render_thanks(payload, delivery=True)
