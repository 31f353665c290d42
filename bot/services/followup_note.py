"""The follow-up note: who it goes to, the draft, and how the 09:00 message reads.

Rendering reads only the payload, so a resend after a crash says what the first did.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.content import ContentLibrary
from bot.db.models import Interview, Interviewer, Reminder
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
from bot.schedule.timemath import to_local
from bot.services.journey import fmt_local, signature

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip


def long_date(instant: datetime, tz: str) -> str:
    """`Thursday 3 December`, as a note would say it."""
    local = to_local(instant, tz)
    return f"{_DAYS[local.weekday()]} {local.day} {_MONTHS[local.month - 1]}"


# Who a follow-up goes to, first found first: the recruiter runs the process and gave
# the timeline (the guide: follow up once that timeline has passed), else the hiring
# manager, who owns the decision, else the first person met.
CONTACT_ORDER = ("recruiter", "hiring-manager")


def contact_for(interview: Interview, content: ContentLibrary) -> Interviewer | None:
    """The main contact of an interview: recruiter, else hiring manager, else the first."""
    people = interview.interviewers
    for group in CONTACT_ORDER:
        found = [p for p in people if content.role_group(p.role or "") == group]
        if found:
            return found[0]
    return people[0] if people else None


def followup_payload(
    reminder: Reminder, interview: Interview, tz: str, member_name: str, content: ContentLibrary
) -> dict[str, Any]:
    """The follow-up draft and what surrounds it, as JSON-able data."""
    contact = contact_for(interview, content)
    note = content.followup_template().render(
        company=interview.company,
        job_title=interview.job_title,
        contact=contact.name.split()[0] if contact else None,
        interview_date=long_date(interview.starts_at, tz),
        member_name=signature(member_name),
    )
    return {
        "reminder_id": reminder.short_id,
        "interview_id": interview.short_id,
        "company": interview.company,
        "contact": contact.name if contact else None,
        "email": contact.email if contact else None,
        "note": reminder.text,
        "subject": note.subject,
        "body": note.body,
        "held": fmt_local(interview.starts_at, tz),
    }


def render_followup(payload: dict[str, Any]) -> Reply:
    """The follow-up message, from its payload alone."""
    company = literal(payload["company"])
    to = f" to *{literal(payload['contact'])}*" if payload.get("contact") else ""
    blocks: list[Block] = [
        Header(f"Time to follow up: {payload['company']}"[:150]),
        Paragraph(
            f"Today is the day you picked to follow up on your *{company}* interview "
            f"({payload['held']}). Heard back already? Then there's nothing to do. If not, "
            f"a short, polite note{to} that restates your interest is the right move."
        ),
    ]
    if payload.get("note"):
        blocks.append(Paragraph(f"Your note to yourself: {literal(payload['note'])}"))
    draft = f"Subject: {payload['subject']}\n\n{payload['body']}"
    blocks.append(Paragraph(literal(draft)))
    blocks.append(
        Buttons(
            (
                Button("Follow-up tips", "second-round follow-up"),
                Button(
                    "Nudge me again in 1 week", f"followup in 7 days #{payload['interview_id']}"
                ),
            )
        )
    )
    if payload.get("email") and payload.get("contact"):
        label = f"Email {payload['contact']}"[:75]
        button = email_button(label, payload["email"], payload["subject"], payload["body"])
        blocks += [Buttons((button,)), Note(EMAIL_NOTE)]
    blocks.append(Note("One polite follow-up is right; silence after it is an answer too."))
    return Reply(tuple(blocks), summary=f"Time to follow up with {payload['company']}")
