"""The `stale_application` delivery kind: one nudge when an application goes quiet."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.content import ContentLibrary
from bot.db.models import Application, Interview, Member, Reminder
from bot.replies import (
    EMAIL_NOTE,
    Block,
    Button,
    Buttons,
    Header,
    Note,
    Paragraph,
    Reply,
    email_button,
    literal,
)
from bot.schedule.kind_names import FOLLOWUP, STALE_APPLICATION
from bot.schedule.kinds import DeliveryKind, DueItem, Plan
from bot.services.followup_note import contact_for, long_date
from bot.services.journey import fmt_date, signature
from bot.services.stale import CLOSED, QUIET_FOR, nudge_time, since_of


class StaleApplicationKind(DeliveryKind):
    """10 days without news: one message with a follow-up draft to the main contact."""

    name = STALE_APPLICATION

    async def plan(
        self,
        session: AsyncSession,
        items: Sequence[DueItem],
        now: datetime,
        content: ContentLibrary,
    ) -> list[Plan]:
        """Send once per quiet spell; news since, a closing or `nudges off` plan nothing."""
        keys = sorted({(i.member, i.source_id) for i in items})
        found: dict[tuple[int, str], Application] = {}
        members: dict[int, Member] = {}
        if keys:
            pair = tuple_(Application.member_id, Application.short_id)
            rows = await session.scalars(select(Application).where(pair.in_(keys)))
            found = {(a.member_id, a.short_id): a for a in rows}
            people = await session.scalars(
                select(Member).where(Member.id.in_({k[0] for k in keys}))
            )
            members = {m.id: m for m in people}
        ids = [a.id for a in found.values()]
        rounds: dict[int, list[Interview]] = {}
        if ids:
            for interview in await session.scalars(
                select(Interview)
                .where(Interview.application_id.in_(ids))
                .options(selectinload(Interview.interviewers))
                .order_by(Interview.starts_at)
            ):
                rounds.setdefault(interview.application_id or 0, []).append(interview)
        waiting: set[int | None] = set()
        interview_ids = [i.id for r in rounds.values() for i in r]
        if interview_ids:
            waiting = set(
                await session.scalars(
                    select(Reminder.interview_id).where(
                        Reminder.interview_id.in_(interview_ids),
                        Reminder.kind == FOLLOWUP,
                        Reminder.status == "scheduled",
                    )
                )
            )
        plans: list[Plan] = []
        for item in items:
            application = found.get((item.member, item.source_id))
            member = members.get(item.member)
            if (
                application is None
                or member is None
                or application.stage in CLOSED
                or not member.stale_nudges
            ):
                plans.append(Plan(key=item.source_id, status="drop"))
                continue
            held = rounds.get(application.id, [])
            since = since_of(application, held, member.tz)
            due = nudge_time(since, member)
            if due > now:  # news came since this row was planned: wait for the new spell
                plans.append(Plan(key=item.source_id, status="drop", next_run_at=due))
                continue
            key = f"{item.source_id}:{since:%Y%m%dT%H%M}"
            if any(i.id in waiting for i in held):  # their own follow-up is the nudge
                plans.append(Plan(key=key, status="skipped"))
                continue
            plans.append(Plan(key=key, payload=_payload(application, held, since, item, content)))
        return plans

    def render(self, payload: dict[str, Any], content: ContentLibrary) -> Reply:
        """The nudge, from the payload."""
        return render_stale(payload)


def _payload(
    application: Application,
    held: list[Interview],
    since: datetime,
    item: DueItem,
    content: ContentLibrary,
) -> dict[str, Any]:
    last = held[-1] if held else None
    contact = contact_for(last, content) if last is not None else None
    # With no round yet there was no conversation to follow up on: the application's own note.
    template = content.followup_template()
    if last is None and content.application_followup is not None:
        template = content.application_followup
    note = template.render(
        company=application.company,
        job_title=application.job_title,
        contact=contact.name.split()[0] if contact else None,
        interview_date=long_date(last.starts_at, item.tz) if last else None,
        member_name=signature(item.display_name),
    )
    return {
        "application_id": application.short_id,
        "company": application.company,
        "stage": application.stage,
        "since": fmt_date(since, item.tz),
        "days": QUIET_FOR.days,
        "contact": contact.name if contact else None,
        "email": contact.email if contact else None,
        "subject": note.subject,
        "body": note.body,
    }


def render_stale(payload: dict[str, Any]) -> Reply:
    """No news for 10 days: the draft, and how to record news or stop these."""
    company = literal(payload["company"])
    to = f" to *{literal(payload['contact'])}*" if payload.get("contact") else ""
    blocks: list[Block] = [
        Header(f"No news from {payload['company']}"[:150]),
        Paragraph(
            f"Nothing new on your *{company}* application since {payload['since']}, "
            f"{payload['days']} days ago. One polite note{to} restating your interest is "
            "the right move now; this is the only nudge about it."
        ),
        Paragraph(literal(f"Subject: {payload['subject']}\n\n{payload['body']}")),
    ]
    buttons = [
        Button("Heard back: record it", f"outcome {payload['application_id']} next-round"),
        Button("My applications", "applications"),
        Button("No more of these", "nudges off"),
    ]
    blocks.append(Buttons(tuple(buttons)))
    if payload.get("email"):
        label = f"Email {payload['contact']}"[:75]
        blocks.append(
            Buttons((email_button(label, payload["email"], payload["subject"], payload["body"]),))
        )
        blocks.append(Note(EMAIL_NOTE))
    blocks.append(
        Note(f"Other news? `/prep outcome {company} offer|rejected|withdrawn` records it.")
    )
    return Reply(tuple(blocks), summary=f"No news from {payload['company']}: a follow-up draft")
