"""`/prep quiet <start>-<end> | off | status`: the member's quiet hours."""

from __future__ import annotations

from sqlalchemy import select

from bot.commands.context import HandlerContext
from bot.commands.registry import handles
from bot.commands.types import QuietOff, QuietStatus, SetQuiet
from bot.db.models import Interview
from bot.replies import Note, Paragraph, Reply, literal
from bot.services.digest import next_digest, schedule_digest
from bot.services.interviews import plan_journey
from bot.when.quiet import DEFAULT_QUIET, OFF, Window, stored, window_of
from bot.when.sayback import zone_label

_WHAT_MOVES = (
    "Nudges I time myself (thank-you drafts, the last call, the evening-before checklist, "
    "a follow-up day's 09:00, the weekly digest, pairing check-ins) move out of them; "
    "times you set yourself (reminders, your daily question) stay as you set them."
)


def _said(window: Window | None, tz: str) -> str:
    if window is None:
        return "off"
    start, end = window
    return f"{start:%H:%M}-{end:%H:%M} {zone_label(tz)}"


async def _replan(ctx: HandlerContext) -> int:
    """Re-time the nudges of interviews still ahead; returns how many were re-timed."""
    found = await ctx.session.scalars(
        select(Interview).where(Interview.member_id == ctx.member.id, Interview.starts_at > ctx.now)
    )
    ahead = list(found)
    count = 0
    for interview in ahead:
        # Planning writes rows, which can expire what was loaded: load the people again.
        await ctx.session.refresh(interview, ["interviewers"])
        await plan_journey(ctx.session, ctx.member, interview, ctx.now)
        count += 1
    if await next_digest(ctx.session, ctx.member) is not None:
        await schedule_digest(ctx.session, ctx.member, ctx.now)
    return count


async def _set(ctx: HandlerContext, window: Window | None) -> Reply:
    ctx.member.quiet_hours = None if window == DEFAULT_QUIET else stored(window)
    await ctx.session.flush()
    moved = await _replan(ctx)
    said = _said(window, ctx.member.tz)
    head = "Quiet hours are off." if window is None else f"Quiet hours: *{literal(said)}*."
    notes = [Note(_WHAT_MOVES)] if window is not None else []
    if moved:
        notes.append(Note(f"Re-timed the nudges of {moved} upcoming interview(s)."))
    return Reply((Paragraph(head), *notes), summary=f"Quiet hours {said}")


@handles(SetQuiet)
async def set_quiet(command: SetQuiet, ctx: HandlerContext) -> Reply:
    """Store the window and re-time what the bot planned for upcoming interviews."""
    return await _set(ctx, (command.start, command.end))


@handles(QuietOff)
async def quiet_off(command: QuietOff, ctx: HandlerContext) -> Reply:
    """No quiet hours: nudges come at the time they fall."""
    return await _set(ctx, None)


@handles(QuietStatus)
async def quiet_status(command: QuietStatus, ctx: HandlerContext) -> Reply:
    """Say the member's quiet hours and what they change."""
    window = window_of(ctx.member.quiet_hours)
    said = _said(window, ctx.member.tz)
    default = " (the default)" if ctx.member.quiet_hours is None else ""
    if ctx.member.quiet_hours == OFF:
        text = "Quiet hours are *off*: nudges come at the time they fall."
    else:
        text = f"Quiet hours: *{literal(said)}*{default}. {_WHAT_MOVES}"
    return Reply(
        (Paragraph(text), Note("Change them with `/prep quiet 22:00-07:00` or `/prep quiet off`.")),
        summary=f"Quiet hours {said}",
    )
