"""`/prep calendar [interview-id]`: an .ics file to add to the member's own calendar."""

from __future__ import annotations

from bot.commands.context import HandlerContext
from bot.commands.registry import handles
from bot.commands.types import CalendarFile
from bot.db.models import Interview
from bot.replies import (
    Attachment,
    BulletList,
    Button,
    Buttons,
    Note,
    Paragraph,
    Reply,
    literal,
)
from bot.schedule.timemath import to_local
from bot.services import calendar_file, interviews
from bot.services.journey import UserError, error_for
from bot.when.sayback import say_day

ALL_FILENAME = "prepbot-interviews.ics"
MAX_LISTED = 10


def _line(interview: Interview, ctx: HandlerContext) -> str:
    tz = ctx.member.tz
    start, end = to_local(interview.starts_at, tz), to_local(interview.finishes_at, tz)
    day = say_day(interview.starts_at, tz, ctx.now)
    return (
        f"*{literal(interview.company)}*, {day}, {start:%H:%M}-{end:%H:%M} (`{interview.short_id}`)"
    )


def _counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _reply(contents: calendar_file.CalendarContents, filename: str, ctx: HandlerContext) -> Reply:
    parts = [_counted(len(contents.interviews), "interview", "interviews")]
    if contents.followups:
        parts.append(_counted(contents.followups, "follow-up", "follow-ups"))
    if contents.reminders:
        parts.append(_counted(contents.reminders, "reminder", "reminders"))
    what = ", ".join(parts)
    blocks: list[Paragraph | BulletList | Note] = [
        Paragraph(f"Here is your calendar file: {what}, each with an alert.")
    ]
    if contents.interviews:
        lines = [_line(i, ctx) for i in contents.interviews[:MAX_LISTED]]
        if len(contents.interviews) > MAX_LISTED:
            lines.append(f"and {len(contents.interviews) - MAX_LISTED} more")
        blocks.append(BulletList(tuple(lines)))
    blocks.append(
        Note(
            f"Open `{filename}` to add it to your calendar (times are {literal(ctx.member.tz)}). "
            "Importing a newer file updates these events rather than adding copies."
        )
    )
    return Reply(
        tuple(blocks),
        summary=f"Your calendar file: {what}",
        attachment=Attachment(
            filename=filename, content=contents.ics, mime_type=calendar_file.MIME_TYPE
        ),
    )


@handles(CalendarFile)
async def calendar(command: CalendarFile, ctx: HandlerContext) -> Reply:
    """Everything coming up, or one interview and its follow-ups, as an .ics file."""
    if command.interview_id is not None:
        try:
            interview = await interviews.find_interview(
                ctx.session, ctx.member.id, command.interview_id
            )
        except UserError as error:
            return error_for(error, ctx.now)
        reminders = await calendar_file.for_interview(ctx.session, ctx.member, interview, ctx.now)
        contents = calendar_file.build(ctx.member, [interview], reminders, ctx.now)
        return _reply(contents, f"prepbot-{interview.short_id}.ics", ctx)
    found, reminders = await calendar_file.upcoming(ctx.session, ctx.member, ctx.now)
    contents = calendar_file.build(ctx.member, found, reminders, ctx.now)
    if contents.is_empty:
        # No empty file: an empty calendar to import would only puzzle.
        return Reply(
            (
                Paragraph(
                    "Nothing coming up to put in a calendar: no upcoming interviews, "
                    "follow-ups or reminders."
                ),
                Note("Add an interview first, then `/prep calendar` gives you the file."),
                Buttons((Button("Add an interview", "help interview"),)),
            ),
            summary="Nothing coming up to put in a calendar",
        )
    return _reply(contents, ALL_FILENAME, ctx)
