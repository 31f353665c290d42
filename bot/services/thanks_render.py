"""How thank-you drafts and the last call read: from payloads alone, so resends match."""

from __future__ import annotations

from typing import Any

from bot.replies import (
    EMAIL_NOTE,
    Block,
    Button,
    Buttons,
    Divider,
    Header,
    Note,
    Paragraph,
    Reply,
    email_button,
    literal,
)

# A button row holds five buttons on Discord; chunking here keeps every adapter simple.
ROW = 5
# The answers to "when will you hear back?", as follow-up delays in days.
TIMELINES = (("In 3 days", 3), ("In 1 week", 7), ("In 2 weeks", 14))


def first_word(name: str) -> str:
    """The first word of a name, as `thanks note` takes it."""
    return name.split()[0] if name.split() else name


def rows(buttons: list[Button]) -> list[Block]:
    """Buttons split into rows of at most five."""
    return [Buttons(tuple(buttons[i : i + ROW])) for i in range(0, len(buttons), ROW)]


def _label(name: str) -> str:
    # The full name: two interviewers may share a first name. Slack allows 75 characters
    # on a button and names are at most 60.
    return f"Sent: {name}"[:75]


def _mark_command(name: str, interview_id: str) -> str:
    return f"thanks sent {name} {interview_id}"


def timeline_blocks(interview_id: str) -> list[Block]:
    """The "when did they say you would hear back?" question with its answers."""
    return [
        Paragraph(
            "*When did they say you would hear back?* Pick it and I'll remind you that "
            "morning, with a follow-up note ready in case you haven't heard."
        ),
        Buttons(
            tuple(
                Button(label, f"followup in {days} days #{interview_id}")
                for label, days in TIMELINES
            )
        ),
        Note(
            f"A specific date? `/prep followup YYYY-MM-DD #{interview_id}`. "
            "No timeline given? A week is a fair wait."
        ),
    ]


def render_thanks(payload: dict[str, Any], *, delivery: bool) -> Reply:
    """Every draft, each person's status and buttons to mark notes sent."""
    interview_id = payload["interview_id"]
    company = literal(payload["company"])
    people = payload["people"]
    open_people = [p for p in people if p["name"] and not p["thanked"]]
    blocks: list[Block] = [Header(f"Thank-you notes: {payload['company']}"[:150])]
    if delivery:
        intro = (
            f"How did it go at *{company}*? Send each person their own short note "
            f"while the conversation is fresh, by *{payload['deadline']}* at the latest."
        )
    else:
        done = len(people) - len(open_people)
        intro = (
            f"*{company}*: {done} of {len(people)} marked sent. Notes go out within 24 "
            f"hours, by *{payload['deadline']}*."
        )
    blocks.append(Paragraph(intro))
    unnoted = [p["name"] for p in open_people if not p.get("noted")]
    if unnoted:
        blocks.append(
            Note(
                "Replace the [bracketed] parts, above all the specific thing you talked about: "
                f"`/prep thanks note {literal(first_word(unnoted[0]))} <what you discussed>` "
                "fills it in for you."
            )
        )
    elif open_people:
        blocks.append(Note("Your notes fill the specific part; read each one through once."))
    for number, person in enumerate(people, start=1):
        if person["name"] is None:
            heading = "*Draft for each person you met* (no interviewers were listed)"
        else:
            role = f" ({literal(person['role'])})" if person.get("role") else ""
            status = "  _marked sent_" if person["thanked"] else ""
            heading = f"*{number}. {literal(person['name'])}*{role}{status}"
        blocks.append(Paragraph(heading))
        if not person["thanked"]:
            draft = f"Subject: {person['subject']}\n\n{person['body']}"
            blocks.append(Paragraph(literal(draft)))
    if not payload.get("held", True):
        blocks.append(Note("Ready for after the interview; mark each one once you've sent it."))
        return Reply(tuple(blocks), summary=f"Thank-you drafts for {payload['company']}")
    buttons = [
        Button(_label(p["name"]), _mark_command(p["name"], interview_id)) for p in open_people
    ]
    if len(open_people) > 1:
        buttons.append(Button("All sent", f"thanks sent all {interview_id}", style="primary"))
    blocks.extend(rows(buttons))
    emails = [
        email_button(f"Email {p['name']}"[:75], p["email"], p["subject"], p["body"])
        for p in open_people
        if p.get("email")
    ]
    if emails:
        blocks.extend(rows(emails))
        blocks.append(Note(EMAIL_NOTE))
    if open_people:
        blocks.append(
            Note(f"Sent one? Press its button or type `/prep thanks sent <name> {interview_id}`.")
        )
    if payload.get("ask_timeline"):
        blocks.append(Divider())
        blocks.extend(timeline_blocks(interview_id))
    return Reply(tuple(blocks), summary=f"Thank-you notes for {payload['company']}")


def render_last_call(payload: dict[str, Any]) -> Reply:
    """The last reminder: who is still waiting for a note, and how to mark it."""
    interview_id = payload["interview_id"]
    people = payload["people"]
    names = ", ".join(
        f"*{literal(p['name'])}*" + (f" ({literal(p['role'])})" if p.get("role") else "")
        for p in people
    )
    buttons = [Button(_label(p["name"]), _mark_command(p["name"], interview_id)) for p in people]
    if len(people) > 1:
        buttons.append(Button("All sent", f"thanks sent all {interview_id}", style="primary"))
    buttons.append(Button("Show the drafts", f"thanks {interview_id}"))
    blocks: list[Block] = [
        Header("Last call for thank-you notes"),
        Paragraph(
            f"Not marked sent yet for *{literal(payload['company'])}*: {names}. "
            f"The 24 hours are up at *{payload['deadline']}*; a short note now still counts."
        ),
        *rows(buttons),
        Note("Already sent? Mark it and I won't mention it again."),
    ]
    return Reply(tuple(blocks), summary=f"Last call: thank-you notes for {payload['company']}")
