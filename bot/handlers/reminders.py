"""`/prep remind <when> <text>` and `/prep reminders [cancel|snooze|done <id>]`."""

from __future__ import annotations

from bot.commands.context import HandlerContext
from bot.commands.forms import example_of, usage_of
from bot.commands.registry import handles
from bot.commands.types import CancelReminder, ListReminders, Remind, ReminderDone, SnoozeReminder
from bot.replies import BulletList, Button, Buttons, Note, Paragraph, Reply, error_reply, literal
from bot.services import reminders
from bot.services.journey import UserError, fmt_local


def _refusal(error: UserError) -> Reply:
    form = error.form or "remind"
    return error_reply(error.message, usage_of(form), example_of(form))


def _short(text: str, limit: int = 60) -> str:
    """The reminder's first line, cut to fit a list row."""
    whole = text.strip()
    first = whole.splitlines()[0] if whole else ""
    if first == whole and len(first) <= limit:
        return first
    return first[: limit - 1].rstrip() + "…"


@handles(Remind)
async def remind(command: Remind, ctx: HandlerContext) -> Reply:
    """Set a reminder and confirm it by DM (so a closed DM shows up now, not later)."""
    try:
        reminder = await reminders.create(
            ctx.session, ctx.member, command.when, command.text, ctx.now, ctx.ids
        )
    except UserError as error:
        return _refusal(error)
    when = fmt_local(reminder.due_at, ctx.member.tz)
    ctx.confirm_by_dm = Reply(
        (Paragraph(f"I'll remind you here on {when}: {literal(_short(reminder.text))}"),),
        summary=f"Reminder set for {when}",
    )
    zone = literal(ctx.member.tz)
    return Reply(
        (
            Paragraph(f"Reminder *{reminder.short_id}* set for *{when}* ({zone})."),
            Note(f"Cancel it with `/prep reminders cancel {reminder.short_id}`."),
        ),
        summary=f"Reminder {reminder.short_id} set for {when}",
    )


@handles(ListReminders)
async def list_reminders(command: ListReminders, ctx: HandlerContext) -> Reply:
    """The member's upcoming reminders with their ids."""
    found = await reminders.upcoming(ctx.session, ctx.member)
    if not found:
        return Reply(
            (
                Paragraph("You have no reminders scheduled."),
                Note(f"Set one: `{example_of('remind')}`"),
            ),
            summary="No reminders",
        )
    tz = ctx.member.tz
    items = tuple(
        f"`{r.short_id}` {fmt_local(r.due_at, tz)}: {literal(_short(r.text))}" for r in found
    )
    return Reply(
        (
            Paragraph(f"Your reminders ({len(found)}), times in {literal(tz)}:"),
            BulletList(items),
            Note("Cancel one with `/prep reminders cancel <id>`."),
        ),
        summary=f"{len(found)} reminders",
    )


@handles(CancelReminder)
async def cancel_reminder(command: CancelReminder, ctx: HandlerContext) -> Reply:
    """Cancel one of the member's reminders."""
    try:
        reminder = await reminders.cancel(ctx.session, ctx.member, command.reminder_id)
    except UserError as error:
        return _refusal(error)
    return Reply(
        (Paragraph(f"Cancelled reminder {reminder.short_id}: {literal(_short(reminder.text))}"),),
        summary=f"Cancelled reminder {reminder.short_id}",
    )


@handles(SnoozeReminder)
async def snooze_reminder(command: SnoozeReminder, ctx: HandlerContext) -> Reply:
    """Snooze a reminder (the DM's 20 min / 1 hour / tomorrow morning buttons)."""
    try:
        reminder = await reminders.snooze(
            ctx.session, ctx.member, command.reminder_id, command.when, ctx.now
        )
    except UserError as error:
        return _refusal(error)
    when = fmt_local(reminder.due_at, ctx.member.tz)
    return Reply(
        (
            Paragraph(f"Snoozed: I'll remind you again on {when}."),
            Buttons((Button("Cancel it", f"reminders cancel {reminder.short_id}"),)),
        ),
        summary=f"Snoozed until {when}",
    )


@handles(ReminderDone)
async def reminder_done(command: ReminderDone, ctx: HandlerContext) -> Reply:
    """Mark a reminder done."""
    try:
        reminder = await reminders.done(ctx.session, ctx.member, command.reminder_id)
    except UserError as error:
        return _refusal(error)
    return Reply(
        (Paragraph(f"Done: {literal(_short(reminder.text))}"),),
        summary=f"Reminder {reminder.short_id} done",
    )
