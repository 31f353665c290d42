"""`/prep privacy export` and `/prep privacy delete [confirm]`."""

from __future__ import annotations

from bot.commands.context import HandlerContext
from bot.commands.registry import handles
from bot.commands.types import PrivacyDelete, PrivacyExport
from bot.replies import Attachment, Button, Buttons, Header, Note, Paragraph, Reply
from bot.services import privacy
from bot.services.pairing_rounds import forget_member

# What each table's rows are called in a sentence (one, many); a new table reads as its name.
_NOUNS = {
    "daily_subscriptions": ("daily-question setting", "daily-question settings"),
    "asked_questions": ("practice question asked", "practice questions asked"),
    "scheduled_items": ("scheduled message", "scheduled messages"),
    "deliveries": ("message sent or waiting", "messages sent or waiting"),
    "interviews": ("interview", "interviews"),
    "interviewers": ("interviewer", "interviewers"),
    "reminders": ("reminder or follow-up", "reminders and follow-ups"),
    "stories": ("story", "stories"),
    "answers": ("practised answer", "practised answers"),
}


def _count(name: str, n: int) -> str:
    one, many = _NOUNS.get(name, (name, name))
    return f"{n} {one if n == 1 else many}"


@handles(PrivacyExport)
async def export(command: PrivacyExport, ctx: HandlerContext) -> Reply:
    """Everything prepbot stores about the member, as a JSON file."""
    document, rows = await privacy.export_json(ctx.session, ctx.member.id, ctx.now)
    day = ctx.now.date().isoformat()
    return Reply(
        (
            Paragraph(f"Here is everything prepbot stores about you: {rows} records, as JSON."),
            Note("Nothing about anyone else is in it. `/prep privacy delete` removes it all."),
        ),
        summary="Your prepbot data export",
        attachment=Attachment(filename=f"prepbot-export-{day}.json", content=document),
    )


@handles(PrivacyDelete)
async def delete(command: PrivacyDelete, ctx: HandlerContext) -> Reply:
    """Ask first; on `confirm`, delete every row of the member and their schedule."""
    if not command.confirmed:
        found = await privacy.counts(ctx.session, ctx.member.id)
        listed = ", ".join(_count(name, n) for name, n in found.items() if n and name != "members")
        what = f" ({listed})" if listed else ""
        return Reply(
            (
                Header("Delete all your data?"),
                Paragraph(
                    f"This permanently deletes everything prepbot stores about you{what} "
                    "and cancels every scheduled message. It cannot be undone."
                ),
                Buttons((Button("Delete everything", "privacy delete confirm", style="danger"),)),
                Note("Want a copy first? `/prep privacy export`."),
            ),
            summary="Confirm: delete all your prepbot data?",
        )
    # Group messages of a pairing round name their members in the payload; rewrite
    # those first so nothing left behind names the member once their rows are gone.
    await forget_member(ctx.session, ctx.member)
    removed = await privacy.delete_everything(ctx.session, ctx.member.id)
    return Reply(
        (
            Paragraph(
                f"Done: deleted everything prepbot stored about you ({removed} records) and "
                "cancelled your scheduled messages."
            ),
            Note("If you use prepbot again, you start fresh."),
        ),
        summary="Your prepbot data is deleted",
    )
