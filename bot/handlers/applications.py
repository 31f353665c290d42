"""`/prep apply ...` and `/prep applications`: record an application, see the board."""

from __future__ import annotations

from bot.commands.context import HandlerContext
from bot.commands.registry import handles
from bot.commands.types import Apply, ListApplications
from bot.db.models import Application
from bot.replies import Block, Button, Buttons, Header, Note, Paragraph, Reply, literal
from bot.services import applications
from bot.services.application_board import BoardRow, board_rows
from bot.services.journey import attempt, dated_example, fmt_day

# Slack allows 50 blocks a message; one paragraph per application keeps well inside it.
MAX_SHOWN = 30


def title_of(application: Application) -> str:
    """` as Data Analyst`, or nothing (markup, member text escaped)."""
    return f" as {literal(application.job_title)}" if application.job_title else ""


@handles(Apply)
async def apply(command: Apply, ctx: HandlerContext) -> Reply:
    """Record an application and say back exactly what was understood."""
    result = await attempt(
        ctx.session,
        lambda: applications.add_application(ctx.session, ctx.member, command, ctx.now, ctx.ids),
        now=ctx.now,
    )
    if isinstance(result, Reply):
        return result
    application = result
    via = f", via {literal(application.source)}" if application.source else ""
    sent = fmt_day(application.applied_on) if application.applied_on else "today"
    company = literal(application.company)
    return Reply(
        (
            Header(f"Application recorded: {application.company}"[:150]),
            Paragraph(
                f"*{company}*{title_of(application)}{via}, sent *{sent}*. "
                f"Its id is `{application.short_id}`."
            ),
            Note(
                f"When they invite you, `/prep interview <date> <time> {company} ...` adds the "
                f"round to it; when they answer, `/prep outcome {company} rejected` (or offer, "
                "next-round, withdrawn, accepted) records it."
            ),
            Buttons((Button("My applications", "applications"),)),
        ),
        summary=f"Application recorded: {application.company} ({application.short_id})",
    )


def board_line(row: BoardRow) -> str:
    """One application on the board: name and stage, then its news, next step, open items."""
    application = row.application
    lines = [
        f"*{literal(application.company)}*{title_of(application)} `{application.short_id}`: "
        f"*{row.stage}*",
        f"Last news: {row.last_news}",
    ]
    if row.next_step:
        lines.append(f"Next: {row.next_step}")
    if row.open_items:
        lines.append(f"Open: {'; '.join(row.open_items)}")
    return "\n".join(lines)


@handles(ListApplications)
async def list_applications(command: ListApplications, ctx: HandlerContext) -> Reply:
    """The board: open applications first, newest news first, closed ones after."""
    rows = await board_rows(ctx.session, ctx.member.id, ctx.member.tz, ctx.now)
    if not rows:
        return Reply(
            (
                Header("Your applications"),
                Paragraph(
                    "No applications yet. Record one when you send it, and every interview "
                    "you add joins it:"
                ),
                Note(f"`{literal(dated_example('apply', ctx.now))}`"),
            ),
            summary="No applications yet",
        )
    open_rows = [r for r in rows if not r.closed]
    closed_rows = [r for r in rows if r.closed]
    blocks: list[Block] = [Header("Your applications")]
    shown = 0
    for title, group in (("Open", open_rows), ("Closed", closed_rows)):
        if not group or shown >= MAX_SHOWN:
            continue
        blocks.append(Paragraph(f"*{title}* ({len(group)})"))
        for row in group[: MAX_SHOWN - shown]:
            blocks.append(Paragraph(board_line(row)))
            shown += 1
    if shown < len(rows):
        blocks.append(Note(f"{len(rows) - shown} more not shown: the oldest news."))
    blocks.append(
        Note(
            f"Times are {literal(ctx.member.tz)}. News from a company? "
            "`/prep outcome <company> offer|rejected|next-round|withdrawn|accepted`."
        )
    )
    blocks.append(
        Buttons((Button("My interviews", "interviews"), Button("Add an application", "help apply")))
    )
    return Reply(tuple(blocks), summary=f"{len(open_rows)} open, {len(closed_rows)} closed")
