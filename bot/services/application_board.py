"""The applications board: each application's stage, last news, next step and what is open.

One query per table for the whole board (applications, their interviews with their
people, the follow-ups planned), so a member with many applications costs the same few
queries. `/prep applications` and the Slack App Home both read `board_rows`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.db.models import Application, Interview, Reminder
from bot.replies import literal
from bot.schedule.kind_names import FOLLOWUP
from bot.services.applications import is_closed
from bot.services.journey import fmt_date, fmt_local

# With no news this long and nothing ahead, an open application reads "no answer".
NO_ANSWER_AFTER = timedelta(days=21)
# Thank-you notes are worth sending for two weeks after the round.
THANKS_WINDOW = timedelta(days=14)
_EVENTS = {
    "applied": "applied",
    "interview": "interview added",
    "offer": "offer",
    "rejected": "rejected",
    "next-round": "next round",
    "withdrawn": "withdrawn",
    "accepted": "accepted",
}


@dataclass(frozen=True)
class BoardRow:
    """One application as the board shows it (markup, member text escaped)."""

    application: Application
    stage: str
    last_news: str
    next_step: str | None
    open_items: tuple[str, ...]

    @property
    def closed(self) -> bool:
        """Whether the application is over (accepted, rejected, withdrawn)."""
        return is_closed(self.application)


def stage_label(application: Application, quiet: bool = False) -> str:
    """`interviewing (round 2)`, `offer`, or `no answer` after three silent weeks."""
    if quiet:
        return "no answer"
    if application.stage == "interviewing" and application.round:
        return f"interviewing (round {application.round})"
    return application.stage


def _next_step(
    application: Application, ahead: list[Interview], followup: Reminder | None, tz: str
) -> str | None:
    if is_closed(application):
        return None
    if ahead:
        nxt = ahead[0]
        return f"interview {fmt_local(nxt.starts_at, tz)} (`{nxt.short_id}`)"
    if followup is not None:
        return f"follow-up {fmt_local(followup.due_at, tz)}"
    if application.stage == "offer":
        return f"decide: `/prep outcome {literal(application.short_id)} accepted` or `withdrawn`"
    return "waiting to hear back"


async def board_rows(
    session: AsyncSession, member_id: int, tz: str, now: datetime
) -> list[BoardRow]:
    """Every application of the member, open ones first, newest news first in each group."""
    applications = list(
        await session.scalars(
            select(Application)
            .where(Application.member_id == member_id)
            .order_by(Application.last_event_at.desc(), Application.id.desc())
        )
    )
    if not applications:
        return []
    rounds = await session.scalars(
        select(Interview)
        .where(
            Interview.member_id == member_id,
            Interview.application_id.in_([a.id for a in applications]),
        )
        .options(selectinload(Interview.interviewers))
        .order_by(Interview.starts_at)
    )
    by_app: dict[int, list[Interview]] = {}
    for interview in rounds:
        by_app.setdefault(interview.application_id or 0, []).append(interview)
    planned = await session.scalars(
        select(Reminder)
        .where(
            Reminder.member_id == member_id,
            Reminder.kind == FOLLOWUP,
            Reminder.status == "scheduled",
        )
        .order_by(Reminder.due_at)
    )
    followup_of: dict[int, Reminder] = {}
    for reminder in planned:
        if reminder.interview_id is not None:
            followup_of.setdefault(reminder.interview_id, reminder)
    rows = []
    for application in applications:
        held = [i for i in by_app.get(application.id, []) if i.starts_at <= now]
        ahead = [i for i in by_app.get(application.id, []) if i.starts_at > now]
        followups = [followup_of[i.id] for i in held if i.id in followup_of]
        followup = min(followups, key=lambda r: r.due_at) if followups else None
        quiet = (
            not is_closed(application)
            and application.stage != "offer"
            and not ahead
            and followup is None
            and now - application.last_event_at > NO_ANSWER_AFTER
        )
        unsent = sum(
            1
            for i in held
            if now - i.starts_at <= THANKS_WINDOW
            for p in i.interviewers
            if p.thanked_at is None
        )
        open_items = []
        if unsent and not is_closed(application):
            notes = "note" if unsent == 1 else "notes"
            open_items.append(f"{unsent} thank-you {notes} not marked sent")
        event = _EVENTS.get(application.last_event, application.last_event)
        rows.append(
            BoardRow(
                application=application,
                stage=stage_label(application, quiet),
                last_news=f"{event}, {fmt_date(application.last_event_at, tz)}",
                next_step=_next_step(application, ahead, followup, tz),
                open_items=tuple(open_items),
            )
        )
    return [r for r in rows if not r.closed] + [r for r in rows if r.closed]
