"""The `followup` delivery kind."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.content import ContentLibrary
from bot.db.models import Interview, Reminder
from bot.replies import Reply
from bot.schedule.kind_names import FOLLOWUP
from bot.schedule.kinds import DeliveryKind, DueItem, Plan
from bot.services.followup_note import followup_payload, render_followup
from bot.services.followups import split_source


class FollowupKind(DeliveryKind):
    """09:00 local on the chosen date: a nudge with a draft follow-up note."""

    name = FOLLOWUP

    async def plan(
        self,
        session: AsyncSession,
        items: Sequence[DueItem],
        now: datetime,
        content: ContentLibrary,
    ) -> list[Plan]:
        """Send follow-ups still scheduled; cancelled or replaced ones are skipped."""
        keys = sorted({(i.member, split_source(i.source_id)[0]) for i in items})
        found: dict[tuple[int, str], Reminder] = {}
        interviews: dict[int, Interview] = {}
        if keys:
            reminders = await session.scalars(
                select(Reminder).where(tuple_(Reminder.member_id, Reminder.short_id).in_(keys))
            )
            found = {(r.member_id, r.short_id): r for r in reminders}
            ids = {r.interview_id for r in found.values() if r.interview_id is not None}
            rows = await session.scalars(
                select(Interview)
                .where(Interview.id.in_(ids))
                .options(selectinload(Interview.interviewers))
            )
            interviews = {row.id: row for row in rows}
        plans: list[Plan] = []
        for item in items:
            short_id, _ = split_source(item.source_id)
            reminder = found.get((item.member, short_id))
            interview = interviews.get(reminder.interview_id or 0) if reminder else None
            if reminder is None or reminder.status != "scheduled" or interview is None:
                # Replaced or deleted since it was planned: nothing to send or record.
                plans.append(Plan(key=item.source_id, status="drop"))
                continue
            reminder.status = "sent"
            payload = followup_payload(reminder, interview, item.tz, item.display_name, content)
            plans.append(Plan(key=item.source_id, payload=payload))
        return plans

    def render(self, payload: dict[str, Any], content: ContentLibrary) -> Reply:
        """The follow-up, from the payload."""
        return render_followup(payload)
