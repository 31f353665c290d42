"""`/prep outcome <company|id> <outcome>`: news from a company, and what follows from it."""

from __future__ import annotations

from datetime import timedelta

from bot.commands.context import HandlerContext
from bot.commands.registry import handles
from bot.commands.types import RecordOutcome
from bot.content import ContentLibrary
from bot.db.models import Application, Interview
from bot.handlers.applications import title_of
from bot.replies import (
    Block,
    BulletList,
    Button,
    Buttons,
    Divider,
    Header,
    Note,
    Paragraph,
    Reply,
    literal,
)
from bot.services import applications
from bot.services.application_board import stage_label
from bot.services.followup_note import contact_for, long_date
from bot.services.journey import UserError, error_for, fmt_local, signer

_SAID = {
    "offer": "an offer",
    "rejected": "a rejection",
    "next-round": "another round",
    "withdrawn": "withdrawn",
    "accepted": "accepted",
    "screening": "a screening call",
}


def _page(content: ContentLibrary, outcome: str) -> list[Block]:
    page = content.outcome_pages.get(outcome)
    if page is None:
        return []
    blocks: list[Block] = [Divider(), Paragraph(f"*{page.title}*")]
    for section in page.sections:
        if section.heading:
            blocks.append(Paragraph(f"*{section.heading}*"))
        if section.text:
            blocks.append(Paragraph(section.text))
        if section.items:
            blocks.append(BulletList(section.items))
    return blocks


def _stopped_line(stopped: applications.Stopped, tz: str) -> str | None:
    parts = []
    if stopped.followups:
        parts.append(
            "the follow-up" if stopped.followups == 1 else f"{stopped.followups} follow-ups"
        )
    if stopped.last_calls:
        parts.append("the last call for thank-you notes")
    if stopped.nudge and stopped.closed:
        parts.append("the nudge if they went quiet")
    for interview in stopped.rounds:
        parts.append(
            f"the checklist and drafts of the round on {fmt_local(interview.starts_at, tz)} "
            f"(`{interview.short_id}`)"
        )
    return f"Called off: {'; '.join(parts)}." if parts else None


def _feedback_draft(
    application: Application, rounds: list[Interview], ctx: HandlerContext
) -> list[Block]:
    template = ctx.content.feedback_request
    if template is None:
        return []
    held = [i for i in rounds if i.starts_at <= ctx.now]
    last = held[-1] if held else None
    contact = contact_for(last, ctx.content) if last is not None else None
    note = template.render(
        company=application.company,
        job_title=application.job_title,
        contact=contact.name.split()[0] if contact else None,
        interview_date=long_date(last.starts_at, ctx.member.tz) if last else None,
        member_name=signer(ctx.member),
    )
    to = f" to *{literal(contact.name)}*" if contact else ""
    return [
        Paragraph(f"*A draft{to} asking for feedback*"),
        Paragraph(literal(f"Subject: {note.subject}\n\n{note.body}")),
    ]


async def _next_steps(application: Application, outcome: str, ctx: HandlerContext) -> list[Block]:
    company = literal(application.company)
    if outcome == "next-round":
        soon = (ctx.now.date() + timedelta(days=14)).isoformat()
        example = f"/prep interview {soon} 14:00 {company}"
        return [
            Paragraph(
                f"*When is round {application.round + 1}?* Add it as soon as you know, and the "
                "checklist, drafts and follow-up are planned around it:"
            ),
            Note(f"`{example}`"),
        ]
    if outcome == "offer":
        return [
            *_page(ctx.content, "offer"),
            Note(f"Decided? `/prep outcome {company} accepted`, or `withdrawn` to decline."),
        ]
    if outcome == "rejected":
        rounds = await applications.rounds_of(ctx.session, application)
        return [*_page(ctx.content, "rejected"), *_feedback_draft(application, rounds, ctx)]
    if outcome == "accepted":
        others = [
            r
            for r in await applications.open_applications(ctx.session, ctx.member.id)
            if r.id != application.id
        ]
        if others:
            names = ", ".join(f"{literal(a.company)} (`{a.short_id}`)" for a in others)
            return [
                Paragraph(
                    f"Still open: {names}. Let them know, and `/prep outcome <company> "
                    "withdrawn` stops their reminders."
                )
            ]
    return []


@handles(RecordOutcome)
async def record_outcome(command: RecordOutcome, ctx: HandlerContext) -> Reply:
    """Move the application's stage and say what stopped and what to do next."""
    try:
        async with ctx.session.begin_nested():
            application = await applications.resolve(
                ctx.session, ctx.member, command.target, ctx.now
            )
            stopped = await applications.record_outcome(
                ctx.session, application, command.outcome, ctx.now, ctx.member.tz
            )
    except applications.Ambiguous as ambiguous:
        reply = error_for(ambiguous, ctx.now)
        buttons = tuple(
            Button(f"{a.company} ({a.short_id})"[:75], f"outcome {a.short_id} {command.outcome}")
            for a in ambiguous.candidates[:5]
        )
        return reply.with_blocks(Buttons(buttons))
    except UserError as error:
        return error_for(error, ctx.now)
    company = literal(application.company)
    blocks: list[Block] = [
        Header(f"{application.company}: {_SAID[command.outcome]}"[:150]),
        Paragraph(
            f"Recorded for *{company}*{title_of(application)} (`{application.short_id}`): "
            f"the stage is now *{stage_label(application)}*."
        ),
    ]
    if line := _stopped_line(stopped, ctx.member.tz):
        blocks.append(Paragraph(line))
    blocks += await _next_steps(application, command.outcome, ctx)
    blocks.append(Buttons((Button("My applications", "applications"),)))
    return Reply(tuple(blocks), summary=f"{application.company}: {_SAID[command.outcome]}")
