"""`/prep interview ...` (add one, see what happens next) and `/prep interviews`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.commands.context import HandlerContext
from bot.commands.interview_details import is_link
from bot.commands.registry import handles
from bot.commands.types import AddInterview, CancelInterview, ListInterviews
from bot.content import ContentLibrary
from bot.db.models import Application, Interview, Reminder
from bot.replies import (
    Block,
    BulletList,
    Button,
    Buttons,
    Header,
    Note,
    Paragraph,
    Reply,
    error_reply,
    literal,
)
from bot.schedule.kind_names import FOLLOWUP
from bot.schedule.timemath import to_local
from bot.services import (
    applications,
    eve,  # noqa: F401  (registers the interview_eve kind)
    followups,
    interviews,
)
from bot.services.journey import UserError, attempt, bullets, dated_example, error_for, fmt_local
from bot.services.role_words import unbracketed_roles
from bot.when.sayback import say_back, say_day

MAX_RECENT_SHOWN = 10


def _people(interview: Interview, content: ContentLibrary) -> list[str]:
    lines = []
    for person in interview.interviewers:
        group = content.role_groups.get(content.role_group(person.role or ""))
        role = f" ({literal(person.role)})" if person.role else ""
        label = group.label.lower() if group else ""
        article = "an" if label[:1] in ("a", "e", "i", "o", "u") else "a"
        as_group = f": questions for {article} {label}" if group else ""
        # Said back as code, so it never becomes a link before the member sees it.
        email = f", `{person.email}`" if person.email else ""
        lines.append(f"*{literal(person.name)}*{role}{email}{as_group}")
    return lines


def _time_range(interview: Interview, tz: str, now: datetime) -> str:
    """`Thu 12 Mar, 09:00-17:00`: the day said as the when-reader says it."""
    start, end = to_local(interview.starts_at, tz), to_local(interview.finishes_at, tz)
    day = say_day(interview.starts_at, tz, now)
    return f"{day}, {start:%H:%M}-{end:%H:%M}"


def _length_note(interview: Interview) -> str:
    # Said back, so a member who meant a full-day onsite sees the assumed hour.
    return "" if interview.ends_at is not None else " (an hour unless you say `for 3h`)"


def _details(interview: Interview) -> str:
    parts = []
    if interview.place:
        shown = f"`{interview.place}`" if is_link(interview.place) else literal(interview.place)
        parts.append(f"*Where:* {shown}")
    if interview.format:
        parts.append(f"*Format:* {interview.format}")
    return "  ".join(parts)


def _zone_note(ctx: HandlerContext) -> Note:
    tz = literal(ctx.member.tz)
    if ctx.member.tz_source == "default":
        return Note(
            f"Times are {tz}, because you haven't set your zone: if that's wrong, "
            "`/prep tz <zone>` fixes it and moves these messages with it."
        )
    return Note(f"Times are {tz}.")


def added_reply(
    interview: Interview,
    journey: interviews.Journey,
    ctx: HandlerContext,
    application: Note | None = None,
) -> Reply:
    """The confirmation: the id, who they meet, the messages now planned, the application."""
    tz = ctx.member.tz
    title = f" as {literal(interview.job_title)}" if interview.job_title else ""
    blocks: list[Block] = [
        Header(f"Interview added: {interview.company}"[:150]),
        Paragraph(
            f"*{literal(interview.company)}*{title}, "
            f"*{say_back(interview.starts_at, tz, ctx.now)}*: "
            f"{_time_range(interview, tz, ctx.now)}{_length_note(interview)}. "
            f"Its id is `{interview.short_id}`."
        ),
    ]
    details = _details(interview)
    if details:
        blocks.append(Paragraph(details))
    if interview.interviewers:
        blocks += [
            Paragraph("*Who you'll meet*"),
            BulletList(tuple(_people(interview, ctx.content))),
        ]
    steps = []
    if journey.eve_at is not None:
        steps.append(
            f"*{fmt_local(journey.eve_at, tz)}*: tomorrow's checklist: research to refresh, "
            "stories to rehearse, logistics, and questions for each interviewer."
        )
    else:
        steps.append(
            "It's already past the evening before, so no checklist: "
            "`/prep second-round day-of` has the essentials."
        )
    who = "each interviewer" if interview.interviewers else "your interviewers"
    steps.append(
        f"*{fmt_local(journey.thank_you_at, tz)}*: a thank-you draft for {who}, "
        "and a question about when you'll hear back."
    )
    if journey.last_call_at is not None:
        steps.append(
            f"*{fmt_local(journey.last_call_at, tz)}*: a last call, only for notes not yet "
            "marked sent."
        )
    blocks += [Paragraph("*What happens next*"), BulletList(tuple(steps))]
    if not interview.interviewers:
        blocks.append(
            Note("No interviewers listed, so the draft will be one to adapt for each person.")
        )
    if application is not None:
        blocks.append(application)
    blocks += [
        _zone_note(ctx),
        Note(
            f"`/prep calendar {interview.short_id}` gives it as a calendar file; "
            "`/prep calendar` gives everything coming up."
        ),
        Buttons(
            (
                Button("My interviews", "interviews"),
                Button("Questions to ask", "second-round questions"),
                Button("My stories", "stories"),
                # The .ics of this interview alone (its UID matches `/prep calendar`'s).
                Button("Add to calendar", f"calendar {interview.short_id}"),
            )
        ),
    ]
    return Reply(
        tuple(blocks), summary=f"Interview added: {interview.company} ({interview.short_id})"
    )


@handles(AddInterview)
async def add_interview(command: AddInterview, ctx: HandlerContext) -> Reply:
    """Record an interview and plan the messages around it."""
    if unbracketed := unbracketed_roles(command.interviewers, ctx.content):
        return role_question(unbracketed)

    async def add_and_attach() -> tuple[Interview, interviews.Journey, Application, bool]:
        interview, journey = await interviews.add_interview(
            ctx.session, ctx.member, command, ctx.now, ctx.ids
        )
        application, started = await applications.attach_interview(
            ctx.session, ctx.member, interview, ctx.now, ctx.ids
        )
        return interview, journey, application, started

    result = await attempt(ctx.session, add_and_attach, now=ctx.now)
    if isinstance(result, Reply):
        return result
    interview, journey, application, started = result
    return added_reply(interview, journey, ctx, application_note(application, started))


def role_question(unbracketed: list[tuple[str, str]]) -> Reply:
    """Ask back whether the last words of a name were a role (nothing is stored yet)."""
    asked = "; ".join(
        f"is *{literal(role)}* the role of *{literal(name)}*? Then write "
        f"`{literal(name)} ({literal(role)})`"
        for name, role in unbracketed
    )
    return error_reply(
        f"Before I add it: {asked}. A role in brackets gets its own questions and "
        "thank-you wording. If it really is part of the name, put the role after it in "
        "brackets anyway, like `Dana Director (peer)`."
    )


def application_note(application: Application, started: bool) -> Note:
    """Which application the interview is a round of, said back (never joined silently)."""
    company = literal(application.company)
    if started:
        return Note(
            f"Tracked as a new application at {company} (`{application.short_id}`), "
            "round 1: `/prep applications` shows where each stands."
        )
    return Note(
        f"Round {application.round} of your {company} application (`{application.short_id}`): "
        "`/prep applications` shows where each stands."
    )


def _line(interview: Interview, tz: str, extra: str = "") -> str:
    title = f" ({literal(interview.job_title)})" if interview.job_title else ""
    names = ", ".join(literal(p.name) for p in interview.interviewers)
    people = f" with {names}" if names else ""
    return (
        f"`{interview.short_id}` *{literal(interview.company)}*{title}, "
        f"{fmt_local(interview.starts_at, tz)}{people}{extra}"
    )


@handles(ListInterviews)
async def list_interviews(command: ListInterviews, ctx: HandlerContext) -> Reply:
    """Upcoming interviews and those of the last 30 days, with thank-you status."""
    tz = ctx.member.tz
    upcoming, recent = await interviews.list_interviews(ctx.session, ctx.member.id, ctx.now)
    if not upcoming and not recent:
        return Reply(
            (
                Header("Your interviews"),
                Paragraph("No interviews yet. Add your second round and I'll walk you through it:"),
                Note(f"`{literal(dated_example('interview', ctx.now))}`"),
            ),
            summary="No interviews yet",
        )
    blocks: list[Block] = [Header("Your interviews")]
    if upcoming:
        blocks += [Paragraph("*Upcoming*"), *bullets([_line(i, tz) for i in upcoming])]
    buttons: list[Button] = []
    if recent:
        planned = await ctx.session.scalars(
            select(Reminder).where(
                Reminder.member_id == ctx.member.id,
                Reminder.kind == FOLLOWUP,
                Reminder.status == "scheduled",
            )
        )
        follow = {r.interview_id: r for r in planned}
        lines_recent = []
        for interview in recent[:MAX_RECENT_SHOWN]:
            sent = sum(1 for p in interview.interviewers if p.thanked_at)
            extra = ""
            if interview.interviewers:
                extra += f"; thank-yous {sent} of {len(interview.interviewers)} sent"
                if sent < len(interview.interviewers) and len(buttons) < 5:
                    buttons.append(
                        Button(f"Thanks: {interview.company}"[:75], f"thanks {interview.short_id}")
                    )
            if interview.id in follow:
                extra += f"; follow-up {fmt_local(follow[interview.id].due_at, tz)}"
            lines_recent.append(_line(interview, tz, extra))
        blocks += [Paragraph("*Recent*"), *bullets(lines_recent)]
    if buttons:
        blocks.append(Buttons(tuple(buttons)))
    blocks.append(
        Note(
            f"Times are {literal(tz)}. Use an id in `/prep thanks <id>`, "
            "or `/prep interviews cancel <id>` if one is off."
        )
    )
    return Reply(tuple(blocks), summary=f"{len(upcoming)} upcoming, {len(recent)} recent")


@handles(CancelInterview)
async def cancel_interview(command: CancelInterview, ctx: HandlerContext) -> Reply:
    """Forget one of the member's interviews and everything planned around it."""
    try:
        interview = await interviews.find_interview(
            ctx.session,
            ctx.member.id,
            command.interview_id,
            ctx.now,
            tz=ctx.member.tz,
            upcoming_only=True,
        )
    except interviews.AmbiguousInterview as ambiguous:
        return pick_interview(ambiguous, "interviews cancel", ctx)
    except UserError as error:
        return error_for(error, ctx.now)
    when = fmt_local(interview.starts_at, ctx.member.tz)
    company, short_id = interview.company, interview.short_id
    dropped = await followups.drop_for_interview(ctx.session, interview)
    await interviews.cancel_interview(ctx.session, interview)
    gone = "no checklist, no thank-you drafts or nudges"
    if dropped:
        gone += ", and its follow-up reminder is off"
    return Reply(
        (
            Paragraph(
                f"Cancelled your *{literal(company)}* interview (`{short_id}`, {when}) "
                f"and what was planned for it: {gone}."
            ),
            Buttons((Button("My interviews", "interviews"),)),
        ),
        summary=f"Cancelled interview {short_id}",
    )


def pick_interview(
    ambiguous: interviews.AmbiguousInterview, form: str, ctx: HandlerContext
) -> Reply:
    """Several interviews match a company: ask back, one button per interview."""
    buttons = tuple(
        Button(f"{i.company} {fmt_local(i.starts_at, ctx.member.tz)}"[:75], f"{form} {i.short_id}")
        for i in ambiguous.candidates[:5]
    )
    return error_for(ambiguous, ctx.now).with_blocks(Buttons(buttons))
