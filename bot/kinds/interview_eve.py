"""The `interview_eve` delivery kind."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content import ContentLibrary
from bot.replies import Reply
from bot.schedule.kind_names import INTERVIEW_EVE
from bot.schedule.kinds import DeliveryKind, DueItem, Plan
from bot.services.eve import eve_payload, render_eve, stories_by_member
from bot.services.interviews import interviews_for_items


class InterviewEveKind(DeliveryKind):
    """18:00 local the day before the interview."""

    name = INTERVIEW_EVE

    async def plan(
        self,
        session: AsyncSession,
        items: Sequence[DueItem],
        now: datetime,
        content: ContentLibrary,
    ) -> list[Plan]:
        """One checklist per interview still ahead; one that already started is missed."""
        interviews = await interviews_for_items(session, items)
        stories = await stories_by_member(session, {item.member for item in items})
        plans: list[Plan] = []
        for item in items:
            interview = interviews.get((item.member, item.source_id))
            if interview is None:  # gone (privacy delete): nothing to record
                plans.append(Plan(key=item.source_id, status="drop"))
            elif interview.starts_at <= now:
                # Down past the start (a long outage): a checklist for an interview that
                # is already under way helps nobody, so record it instead of sending.
                plans.append(Plan(key=item.source_id, status="missed"))
            else:
                payload = eve_payload(interview, item.tz, stories.get(item.member, []), content)
                plans.append(Plan(key=item.source_id, payload=payload))
        return plans

    def render(self, payload: dict[str, Any], content: ContentLibrary) -> Reply:
        """The checklist, from the payload."""
        return render_eve(payload)
