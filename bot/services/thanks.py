"""Thank-you notes: a draft per interviewer, marking them sent, and the two nudges.

`thank_you` (start + 2 h) sends every draft plus the "when will you hear back?" question;
`thank_you_last_call` (start + 20 h) names only the people not yet marked, and is
skipped once everyone is. Marking happens by command or button (`thanks sent Dana`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.content import ContentLibrary
from bot.db.models import Interview, Interviewer
from bot.replies import literal
from bot.services.interviews import (
    THANKS_WINDOW,
)
from bot.services.journey import UserError, first_name, fmt_local, signature


def thanks_payload(
    interview: Interview, tz: str, member_name: str, content: ContentLibrary
) -> dict[str, Any]:
    """Every draft and its status, as JSON-able data (delivery payloads and `thanks`)."""
    people: list[dict[str, Any]] = []
    for person in interview.interviewers:
        group = content.role_group(person.role or "")
        people.append(_draft(content, group, interview, member_name, person))
    if not people:  # nobody named: one draft to adapt for each person met
        people.append(_draft(content, "generic", interview, member_name, None))
    return {
        "interview_id": interview.short_id,
        "company": interview.company,
        "job_title": interview.job_title,
        "deadline": fmt_local(interview.finishes_at + THANKS_WINDOW, tz),
        "tz": tz,
        "people": people,
    }


def _draft(
    content: ContentLibrary,
    group: str,
    interview: Interview,
    member_name: str,
    person: Interviewer | None,
) -> dict[str, Any]:
    try:
        template = content.thank_you_template(group)
    except KeyError:
        template = content.thank_you_template("generic")
    note = template.render(
        interviewer_first=first_name(person.name) if person else None,
        company=interview.company,
        job_title=interview.job_title,
        # Only the member knows: their `thanks note`, else the slot says what to write.
        specific=person.note if person else None,
        member_name=signature(member_name),
    )
    return {
        "name": person.name if person else None,
        "role": person.role if person else None,
        "thanked": bool(person and person.thanked_at),
        "email": person.email if person else None,
        "noted": bool(person and person.note),
        "subject": note.subject,
        "body": note.body,
    }


def pending(interview: Interview) -> list[Interviewer]:
    """Interviewers whose note is not marked sent."""
    return [p for p in interview.interviewers if p.thanked_at is None]


@dataclass(frozen=True)
class Marked:
    """What `thanks sent` changed."""

    newly: list[Interviewer]
    already: list[Interviewer]
    remaining: list[Interviewer]


def match_interviewer(interview: Interview, who: str) -> Interviewer:
    """The one interviewer `who` names: full name, first name, last name or a prefix."""
    wanted = " ".join(who.casefold().split())
    people = interview.interviewers
    tests = (
        lambda p: p.name.casefold() == wanted,
        lambda p: first_name(p.name).casefold() == wanted,
        lambda p: wanted in p.name.casefold().split(),
        lambda p: p.name.casefold().startswith(wanted),
    )
    for test in tests:
        found = [p for p in people if test(p)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(f"`{literal(p.name)}`" for p in found)
            raise UserError(f"More than one interviewer matches: {names}. Use the full name.")
    names = ", ".join(literal(p.name) for p in people)
    raise UserError(
        f"Nobody called `{literal(who)}` is listed for {literal(interview.company)} "
        f"(id `{interview.short_id}`). Interviewers: {names}.",
        "thanks sent",
    )


def mark_sent(interview: Interview, who: str | None, now: datetime) -> Marked:
    """Mark one interviewer's note (or everyone's, `who` None) as sent."""
    if not interview.interviewers:
        raise UserError(
            f"No interviewers are listed for {literal(interview.company)}, so there is "
            "nothing to mark."
        )
    if interview.starts_at > now:
        raise UserError(
            f"Your {literal(interview.company)} interview hasn't happened yet: mark notes "
            "once you have sent them.",
            "thanks sent",
        )
    chosen = interview.interviewers if who is None else [match_interviewer(interview, who)]
    newly = [p for p in chosen if p.thanked_at is None]
    for person in newly:
        person.thanked_at = now
    already = [p for p in chosen if p not in newly]
    return Marked(newly, already, pending(interview))
