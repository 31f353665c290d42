"""`/prep remind <when|every ...> <text>` and `/prep reminders [cancel|snooze|skip|done <id>]`."""

from __future__ import annotations

from bot.commands.context import HandlerContext
from bot.commands.forms import example_of, usage_of
from bot.commands.registry import handles
from bot.commands.types import (
    CancelReminder,
    ListReminders,
    Remind,
    ReminderDone,
    SkipReminder,
    SnoozeReminder,
)
from bot.db.models import Reminder
from bot.replies import BulletList, Button, Buttons, Note, Paragraph, Reply, error_reply, literal
from bot.services import reminders
from bot.services.journey import UserError
from bot.when.recur import describe, rule_of
from bot.when.sayback import say_back, say_short


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
            ctx.session, ctx.member, command.when, command.text, ctx.now, ctx.ids, command.rule
        )
    except UserError as error:
        return _refusal(error)
    when = say_back(reminder.due_at, ctx.member.tz, ctx.now)
    if reminder.rule is not None:
        return _series_set(reminder, when, ctx)
    ctx.confirm_by_dm = Reply(
        (Paragraph(f"I'll remind you here on {when}: {literal(_short(reminder.text))}"),),
        summary=f"Reminder set for {when}",
    )
    return Reply(
        (
            Paragraph(
                f"Reminder *{reminder.short_id}* set for *{when}* ({literal(ctx.member.tz)})."
            ),
            Note(f"Cancel it with `/prep reminders cancel {reminder.short_id}`."),
        ),
        summary=f"Reminder {reminder.short_id} set for {when}",
    )


def _rule_text(reminder: Reminder) -> str:
    return describe(rule_of(reminder.rule)) if reminder.rule else ""


def _series_set(reminder: Reminder, first: str, ctx: HandlerContext) -> Reply:
    """The confirmation of a recurring reminder: its rule in words and its first time."""
    rule = _rule_text(reminder)
    ctx.confirm_by_dm = Reply(
        (
            Paragraph(
                f"I'll remind you here {rule}, from {first}: {literal(_short(reminder.text))}"
            ),
        ),
        summary=f"Reminder {rule}",
    )
    short_id = reminder.short_id
    return Reply(
        (
            Paragraph(
                f"Reminder *{short_id}* set {rule} ({literal(ctx.member.tz)}); "
                f"the first is *{first}*."
            ),
            Note(
                f"Skip one with `/prep reminders skip {short_id}`; stop them with "
                f"`/prep reminders cancel {short_id}`."
            ),
        ),
        summary=f"Reminder {short_id} set {rule}",
    )


@handles(SkipReminder)
async def skip_reminder(command: SkipReminder, ctx: HandlerContext) -> Reply:
    """Leave out a recurring reminder's next time."""
    try:
        reminder = await reminders.skip(ctx.session, ctx.member, command.reminder_id, ctx.now)
    except UserError as error:
        return _refusal(error)
    when = say_back(reminder.due_at, ctx.member.tz, ctx.now)
    return Reply(
        (Paragraph(f"Skipped one: reminder {reminder.short_id} next comes *{when}*."),),
        summary=f"Reminder {reminder.short_id} next {when}",
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
        f"`{r.short_id}` {say_back(r.due_at, tz, ctx.now)}: {literal(_short(r.text))}"
        + (f" (repeats {_rule_text(r)})" if r.rule else "")
        for r in found
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
        snoozed = await reminders.snooze(
            ctx.session, ctx.member, command.reminder_id, command.when, ctx.now
        )
    except UserError as error:
        return _refusal(error)
    reminder, tz = snoozed.reminder, ctx.member.tz
    when = say_back(reminder.due_at, tz, ctx.now)
    if snoozed.was_due > ctx.now:  # not sent yet: say where it was and where it went
        moved = f"{say_short(snoozed.was_due, tz)} to {say_short(reminder.due_at, tz)}"
        counted = " (counted from when it was due)" if snoozed.from_due else ""
        text = f"Snoozed: moved from {moved}{counted}. It now comes {when}."
    else:
        text = f"Snoozed: I'll remind you again on {when}."
    return Reply(
        (
            Paragraph(text),
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
    if reminder.rule is not None:
        when = say_back(reminder.due_at, ctx.member.tz, ctx.now)
        return Reply(
            (Paragraph(f"Done for this time; it repeats {_rule_text(reminder)}, next *{when}*."),),
            summary=f"Reminder {reminder.short_id} next {when}",
        )
    return Reply(
        (Paragraph(f"Done: {literal(_short(reminder.text))}"),),
        summary=f"Reminder {reminder.short_id} done",
    )
