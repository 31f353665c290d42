"""The `interview_eve` delivery: the evening-before checklist for tomorrow's interview.

The plan snapshots everything the message shows (people, chosen questions, story titles,
the checklist), so a resend after a crash reads exactly like the first attempt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content import ContentLibrary
from bot.db.models import Interview, Story
from bot.replies import Block, BulletList, Button, Buttons, Header, Note, Paragraph, Reply, literal
from bot.services.journey import fmt_local

QUESTIONS_EACH = 2
MAX_STORIES_SHOWN = 8
# Interviewers whose role we cannot place get the questions one asks a future colleague:
# about their own work and the team, which suit almost anyone.
_ASK_FOR_GROUP = {
    "executive": "ask-executive",
    "hiring-manager": "ask-hiring-manager",
    "peer": "ask-peer",
    "cross-functional": "ask-cross-functional",
    "recruiter": "ask-recruiter",
}
_FALLBACK_ASK = "ask-peer"


def _questions(content: ContentLibrary, category: str, nth: int) -> list[str]:
    """The nth person of a kind gets the pool's questions 2n and 2n+1.

    Packs list each kind's strongest questions first ("what would success look like in
    the first 90 days?"), so the first hiring manager gets those, and a second peer on
    the same panel gets different ones rather than the same two again.
    """
    try:
        pool = content.questions_in(category)
    except KeyError:
        return []
    if not pool:
        return []
    start = nth * QUESTIONS_EACH
    picked = [pool[(start + k) % len(pool)].text for k in range(QUESTIONS_EACH)]
    return list(dict.fromkeys(picked))  # a tiny pool must not repeat a question


def eve_payload(
    interview: Interview, tz: str, stories: Sequence[Story], content: ContentLibrary
) -> dict[str, Any]:
    """Everything the checklist shows, as JSON-able data."""
    seen: Counter[str] = Counter()
    people = []
    for person in interview.interviewers:
        group = content.role_group(person.role or "")
        category = _ASK_FOR_GROUP.get(group, _FALLBACK_ASK)
        info = content.role_groups.get(group)
        people.append(
            {
                "name": person.name,
                "role": person.role,
                "tip": info.tip if info else "",
                "questions": _questions(content, category, seen[category]),
            }
        )
        seen[category] += 1
    checklist = content.eve_checklist
    sections = list(checklist.sections)
    # The format's own prep (rehearse a presentation, think aloud in a case) comes
    # right after the general list, before the people.
    if interview.format and interview.format in content.format_prep:
        sections.append(content.format_prep[interview.format])
    return {
        "interview_id": interview.short_id,
        "company": interview.company,
        "job_title": interview.job_title,
        "starts": fmt_local(interview.starts_at, tz, with_day=False),
        "tz": tz,
        "people": people,
        "stories": [s.title for s in stories[:MAX_STORIES_SHOWN]],
        "checklist": {
            "title": checklist.title,
            "intro": checklist.intro,
            "sections": [
                {"heading": s.heading, "text": s.text, "items": list(s.items)} for s in sections
            ],
        },
    }


def render_eve(payload: dict[str, Any]) -> Reply:
    """The checklist message from its payload alone."""
    company = literal(payload["company"])
    title = f" ({literal(payload['job_title'])})" if payload.get("job_title") else ""
    checklist = payload["checklist"]
    blocks: list[Block] = [
        Header(f"Tomorrow: {payload['company']}"[:150]),
        Paragraph(
            f"Your second round with *{company}*{title} is tomorrow at {payload['starts']}. "
            "An hour tonight on this list makes tomorrow calmer."
        ),
    ]
    if checklist.get("intro"):
        blocks.append(Paragraph(checklist["intro"]))
    for section in checklist["sections"]:
        if section.get("heading") or section.get("text"):
            lines = [f"*{section['heading']}*" if section.get("heading") else ""]
            lines.append(section.get("text") or "")
            blocks.append(Paragraph("\n".join(line for line in lines if line)))
        if section.get("items"):
            blocks.append(BulletList(tuple(section["items"])))
    blocks.append(Paragraph("*From your story bank*"))
    if payload["stories"]:
        blocks.append(BulletList(tuple(literal(t) for t in payload["stories"])))
    else:
        blocks.append(
            Note(
                "Your story bank is empty: pick 3 moments (pressure, a team win, a failure) "
                "and run each as Situation, Task, Action, Result."
            )
        )
    if payload["people"]:
        blocks.append(
            Paragraph(
                "*Questions to ask, person by person*\n"
                "Fresh ones, not what you asked in round one: ask each person at least one, "
                "and follow up on what they say."
            )
        )
    for person in payload["people"]:
        role = f" ({literal(person['role'])})" if person.get("role") else ""
        tip = f": {person['tip']}" if person.get("tip") else ""
        blocks.append(Paragraph(f"*{literal(person['name'])}*{role}{tip}"))
        if person["questions"]:
            blocks.append(BulletList(tuple(person["questions"])))
    blocks.append(
        Buttons(
            (
                Button("Day-of tips", "second-round day-of"),
                Button("Practise a question", "question"),
                Button("My stories", "stories"),
            )
        )
    )
    blocks.append(Note(f"Times are {literal(payload['tz'])}. Good luck tomorrow."))
    return Reply(tuple(blocks), summary=f"Tomorrow: {payload['company']}: your checklist")


async def stories_by_member(session: AsyncSession, member_ids: set[int]) -> dict[int, list[Story]]:
    """Each member's stories, for the checklists of a batch of interviews."""
    rows = await session.scalars(
        select(Story).where(Story.member_id.in_(member_ids)).order_by(Story.created_at, Story.id)
    )
    found: dict[int, list[Story]] = {}
    for story in rows:
        found.setdefault(story.member_id, []).append(story)
    return found
