"""`/prep followup <YYYY-MM-DD | in N days> [#interview-id] [note]`."""

from __future__ import annotations

from bot.commands.context import HandlerContext
from bot.commands.registry import handles
from bot.commands.types import Followup
from bot.replies import Block, Note, Paragraph, Reply, literal
from bot.services import followups
from bot.services.followup_note import contact_for
from bot.services.journey import attempt
from bot.when.sayback import say_back


@handles(Followup)
async def set_followup(command: Followup, ctx: HandlerContext) -> Reply:
    """Plan the follow-up nudge (replacing a pending one for the same interview)."""
    result = await attempt(
        ctx.session,
        lambda: followups.set_followup(ctx.session, ctx.member, command, ctx.now, ctx.ids),
        now=ctx.now,
    )
    if isinstance(result, Reply):
        return result
    reminder, interview, moved = result
    when = say_back(reminder.due_at, ctx.member.tz, ctx.now)
    company = literal(interview.company)
    contact = contact_for(interview, ctx.content)
    to = " to " + literal(contact.name) if contact else ""
    verb = "Moved your follow-up" if moved else "Follow-up planned"
    blocks: list[Block] = [
        Paragraph(
            f"{verb} for *{company}*: *{when}*. If you haven't heard back by then, I'll send "
            f"you a draft note{to} that restates your interest."
        )
    ]
    if reminder.text:
        blocks.append(Paragraph(f"Your note: {literal(reminder.text)}"))
    blocks.append(
        Note(
            f"Times are {literal(ctx.member.tz)}; id `{reminder.short_id}`. Heard back "
            f"sooner? `/prep outcome {company} offer`, `rejected` or `next-round` records it "
            "and calls this off."
        )
    )
    return Reply(tuple(blocks), summary=f"Follow-up for {interview.company}: {when}")
