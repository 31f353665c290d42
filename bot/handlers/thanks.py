"""`/prep thanks [id]` (drafts and status) and `/prep thanks sent <name>|all [id]`."""

from __future__ import annotations

from sqlalchemy import select

from bot.commands.context import HandlerContext
from bot.commands.registry import handles
from bot.commands.types import MarkThanksSent, ShowThanks
from bot.db.models import Interview, Reminder
from bot.handlers.interviews import pick_interview
from bot.replies import Block, Button, Paragraph, Reply, literal
from bot.schedule.kind_names import FOLLOWUP
from bot.services import thanks
from bot.services.interviews import THANKS_WINDOW, AmbiguousInterview, resolve_interview
from bot.services.journey import UserError, attempt, error_for, fmt_local, signer
from bot.services.thanks_render import render_thanks, rows, timeline_blocks


async def _has_followup(ctx: HandlerContext, interview: Interview) -> bool:
    found = await ctx.session.scalar(
        select(Reminder.id).where(
            Reminder.member_id == ctx.member.id,
            Reminder.interview_id == interview.id,
            Reminder.kind == FOLLOWUP,
            Reminder.status == "scheduled",
        )
    )
    return found is not None


@handles(ShowThanks)
async def show_thanks(command: ShowThanks, ctx: HandlerContext) -> Reply:
    """Every draft for an interview, who is marked sent, and the buttons to mark."""
    try:
        interview = await resolve_interview(
            ctx.session, ctx.member.id, command.interview_id, ctx.now, ctx.member.tz
        )
    except AmbiguousInterview as ambiguous:
        return pick_interview(ambiguous, "thanks", ctx)
    except UserError as error:
        return error_for(error, ctx.now)
    payload = thanks.thanks_payload(interview, ctx.member.tz, signer(ctx.member) or "", ctx.content)
    held = interview.starts_at <= ctx.now
    payload["held"] = held
    payload["ask_timeline"] = held and not await _has_followup(ctx, interview)
    return render_thanks(payload, delivery=False)


@handles(MarkThanksSent)
async def mark_sent(command: MarkThanksSent, ctx: HandlerContext) -> Reply:
    """Mark notes sent, which stops the last call for those people."""

    async def work() -> tuple[Interview, thanks.Marked]:
        interview = await resolve_interview(
            ctx.session, ctx.member.id, command.interview_id, ctx.now, ctx.member.tz
        )
        return interview, thanks.mark_sent(interview, command.who, ctx.now)

    result = await attempt(ctx.session, work, now=ctx.now)
    if isinstance(result, Reply):
        return result
    interview, marked = result
    company = literal(interview.company)
    lines = []
    if marked.newly:
        lines.append(
            "Marked sent: " + ", ".join(f"*{literal(p.name)}*" for p in marked.newly) + "."
        )
    if marked.already:
        lines.append("Already marked: " + ", ".join(literal(p.name) for p in marked.already) + ".")
    blocks: list[Block] = [Paragraph(" ".join(lines))]
    if marked.remaining:
        deadline = fmt_local(interview.finishes_at + THANKS_WINDOW, ctx.member.tz)
        names = ", ".join(literal(p.name) for p in marked.remaining)
        blocks.append(Paragraph(f"Still to send for *{company}*: {names} (by {deadline})."))
        buttons = [
            Button(f"Sent: {p.name}"[:75], f"thanks sent {p.name} {interview.short_id}")
            for p in marked.remaining
        ]
        blocks.extend(rows(buttons))
    else:
        blocks.append(
            Paragraph(f"Every note for *{company}* is marked sent: no more nudges about them.")
        )
        if not await _has_followup(ctx, interview):
            blocks.extend(timeline_blocks(interview.short_id))
    summary = f"Thank-you notes: {len(marked.remaining)} left for {interview.company}"
    return Reply(tuple(blocks), summary=summary)
