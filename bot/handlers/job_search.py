"""`thanks note`, `name` and `nudges`: the member's words in the drafts, and their nudges."""

from __future__ import annotations

from bot.commands._manage import MAX_THANKS_NOTE
from bot.commands.context import HandlerContext
from bot.commands.registry import handles
from bot.commands.types import (
    NoteInterviewer,
    NudgesOff,
    NudgesOn,
    NudgesStatus,
    SetSignName,
    ShowSignName,
)
from bot.db.models import Interview, Interviewer
from bot.handlers.interviews import pick_interview
from bot.replies import Button, Buttons, Note, Paragraph, Reply, literal
from bot.services import stale
from bot.services.interviews import AmbiguousInterview, resolve_interview
from bot.services.journey import UserError, check_plain, error_for, signer
from bot.services.thanks import match_interviewer


def _split_name(interview: Interview, text: str) -> tuple[Interviewer, str]:
    """The interviewer the text starts with (longest full name first), and the rest."""
    folded = text.casefold()
    full = [p for p in interview.interviewers if folded.startswith(p.name.casefold() + " ")]
    if full:
        person = max(full, key=lambda p: len(p.name))
        return person, text[len(person.name) :].strip()
    word, _, rest = text.partition(" ")
    try:
        return match_interviewer(interview, word), rest.strip()
    except UserError as error:  # the right form to show is this one
        raise UserError(error.message, "thanks note") from None


@handles(NoteInterviewer)
async def note_interviewer(command: NoteInterviewer, ctx: HandlerContext) -> Reply:
    """Keep what was discussed with one interviewer; their draft uses it from now on."""
    try:
        interview = await resolve_interview(
            ctx.session, ctx.member.id, command.interview_id, ctx.now, ctx.member.tz
        )
        if not interview.interviewers:
            raise UserError(
                f"No interviewers are listed for {literal(interview.company)}, so there is "
                "nobody to keep a note for."
            )
        person, note = _split_name(interview, command.text)
        if not note:
            raise UserError("Add what you talked about after the name.", "thanks note")
        if len(note) > MAX_THANKS_NOTE:
            raise UserError(
                f"That note is {len(note)} characters; keep it under {MAX_THANKS_NOTE}.",
                "thanks note",
            )
        check_plain(note, "the note", name=False, form="thanks note")
    except AmbiguousInterview as ambiguous:
        return pick_interview(ambiguous, "thanks", ctx)
    except UserError as error:
        return error_for(error, ctx.now)
    person.note = note
    return Reply(
        (
            Paragraph(
                f"Noted for *{literal(person.name)}* ({literal(interview.company)}): "
                f"_{literal(note)}_. Their thank-you draft now says it where the "
                "something-specific slot was."
            ),
            Buttons((Button("Show the drafts", f"thanks {interview.short_id}"),)),
        ),
        summary=f"Note kept for {person.name}",
    )


def _signed(ctx: HandlerContext) -> str:
    name = signer(ctx.member)
    return f"*{literal(name)}*" if name else "_[your name]_, for you to fill in"


@handles(SetSignName)
async def set_sign_name(command: SetSignName, ctx: HandlerContext) -> Reply:
    """Sign the drafts with this name (or, reset, the platform's display name)."""
    if command.name is not None:
        try:
            check_plain(command.name, "your name", form="name")
        except UserError as error:
            return error_for(error, ctx.now)
    ctx.member.sign_name = command.name
    where = "as you wrote it" if command.name else "your display name here"
    return Reply(
        (
            Paragraph(f"Your drafts are now signed {_signed(ctx)} ({where})."),
            Note("`/prep name reset` goes back to your display name."),
        ),
        summary="Drafts signature set",
    )


@handles(ShowSignName)
async def show_sign_name(command: ShowSignName, ctx: HandlerContext) -> Reply:
    """How the drafts are signed now."""
    source = "set by you" if ctx.member.sign_name else "your display name here"
    return Reply(
        (
            Paragraph(f"Your drafts are signed {_signed(ctx)} ({source})."),
            Note("Change it with `/prep name <your name>`, like `/prep name Maria Garcia`."),
        ),
        summary="Drafts signature",
    )


def _status(on: bool) -> str:
    if on:
        return (
            "*On*: an application with no news for 10 days gets one nudge with a "
            "follow-up draft. Rejected, withdrawn and accepted ones never do."
        )
    return "*Off*: no nudges about quiet applications."


@handles(NudgesOn)
async def nudges_on(command: NudgesOn, ctx: HandlerContext) -> Reply:
    """Plan the nudge of every open application again."""
    ctx.member.stale_nudges = True
    await ctx.session.flush()
    planned = await stale.replan_all(ctx.session, ctx.member, ctx.now)
    return Reply(
        (
            Paragraph(f"Nudges about quiet applications: {_status(True)}"),
            Note(f"Planned for {planned} open application(s); `/prep nudges off` stops them."),
        ),
        summary="Nudges on",
    )


@handles(NudgesOff)
async def nudges_off(command: NudgesOff, ctx: HandlerContext) -> Reply:
    """Unplan every quiet-application nudge."""
    ctx.member.stale_nudges = False
    await ctx.session.flush()
    await stale.replan_all(ctx.session, ctx.member, ctx.now)
    return Reply(
        (
            Paragraph(f"Nudges about quiet applications: {_status(False)}"),
            Note("Follow-ups you set yourself still come. `/prep nudges on` brings these back."),
        ),
        summary="Nudges off",
    )


@handles(NudgesStatus)
async def nudges_status(command: NudgesStatus, ctx: HandlerContext) -> Reply:
    """Whether quiet applications are nudged."""
    if ctx.member.stale_nudges is False:
        return Reply((Paragraph(_status(False)), Note("`/prep nudges on` turns them on.")))
    return Reply((Paragraph(_status(True)), Note("`/prep nudges off` turns them off.")))
