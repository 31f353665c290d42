"""`reminder` deliveries: the DM at the reminder's instant, with snooze and done.

One-off: always sent, once, even late after downtime (then it says so). A row whose
reminder was cancelled, finished or snoozed since it was planned plans nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content import ContentLibrary
from bot.db.models import Reminder
from bot.replies import Button, Buttons, Header, Note, Paragraph, Reply, literal
from bot.schedule.kind_names import REMINDER
from bot.schedule.kinds import DeliveryKind, DueItem, Plan
from bot.services.daily import ON_TIME
from bot.services.journey import fmt_local


def _split(source_id: str) -> tuple[str, int]:
    short_id, _, revision = source_id.partition(".")
    return short_id, int(revision or 0)


class ReminderKind(DeliveryKind):
    """The reminder DM."""

    name = REMINDER

    async def plan(
        self,
        session: AsyncSession,
        items: Sequence[DueItem],
        now: datetime,
        content: ContentLibrary,
    ) -> list[Plan]:
        """Plan a batch of reminders with one query."""
        result = await session.execute(
            select(Reminder).where(
                Reminder.member_id.in_({item.member for item in items}),
                Reminder.short_id.in_({_split(item.source_id)[0] for item in items}),
                Reminder.kind == REMINDER,
            )
        )
        reminders = {(r.member_id, r.short_id): r for r in result.scalars()}
        plans = []
        for item in items:
            short_id, revision = _split(item.source_id)
            reminder = reminders.get((item.member, short_id))
            if reminder is None or reminder.status != "scheduled" or reminder.revision != revision:
                plans.append(Plan(key=item.source_id, status="drop"))
                continue
            payload = {
                "reminder_id": short_id,
                "reminder_pk": reminder.id,
                "text": reminder.text,
                "due_local": fmt_local(reminder.due_at, item.tz),
                "late": now > item.due_at + ON_TIME,
            }
            plans.append(Plan(key=item.source_id, payload=payload))
        return plans

    async def planned(
        self, session: AsyncSession, planned: Sequence[tuple[DueItem, Plan]], now: datetime
    ) -> None:
        """Mark the reminders sent (a snooze or done still works on them)."""
        ids = [plan.payload["reminder_pk"] for _, plan in planned if plan.status == "pending"]
        if ids:
            await session.execute(
                update(Reminder)
                .where(Reminder.id.in_(ids))
                .values(status="sent")
                .execution_options(synchronize_session=False)
            )

    def render(self, payload: dict[str, Any], content: ContentLibrary) -> Reply:
        """The reminder text as the member wrote it, with snooze and done."""
        short_id = payload["reminder_id"]
        when = f"Set for {payload['due_local']}"
        if payload.get("late"):
            when += " (sent late: I was offline then)"
        return Reply(
            (
                Header("Reminder"),
                Paragraph(literal(payload["text"])),
                Note(f"{when}. Id: {short_id}"),
                Buttons(
                    (
                        Button("Snooze 20 min", f"reminders snooze {short_id} 20m"),
                        Button("Snooze 1 hour", f"reminders snooze {short_id} 1h"),
                        Button("Tomorrow morning", f"reminders snooze {short_id} tomorrow"),
                        Button("Done", f"reminders done {short_id}", style="primary"),
                    )
                ),
            ),
            summary=f"Reminder: {payload['text']}",
        )
