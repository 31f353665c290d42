"""Applications: record one, tie interviews to it, find it by company or id, move its stage.

An application is one job the member applied for. `interview` joins the open
application for that company (or starts one), so the rounds add up; `outcome` moves the
stage and calls off what no longer makes sense (a follow-up after a rejection, the
checklist of a round that will not happen). The board itself is `application_board`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.commands.company import MAX_COMPANY
from bot.commands.ids import NewShortId, new_short_id, parse_short_id
from bot.commands.text import collapse, normalise
from bot.commands.types import Apply
from bot.db.models import Application, Interview, Member
from bot.replies import literal
from bot.schedule.kind_names import INTERVIEW_EVE, THANK_YOU, THANK_YOU_LAST_CALL
from bot.schedule.timemath import local_date
from bot.services import followups, interviews, stale
from bot.services.company_match import by_company
from bot.services.journey import UserError, check_plain, unique_short_id

OPEN_STAGES = ("applied", "screening", "interviewing", "offer")
CLOSED_STAGES = ("accepted", "rejected", "withdrawn")
MAX_SOURCE = 80
MAX_APPLICATIONS = 200
MAX_BACK = timedelta(days=730)  # an application older than two years is a typo
# Which outcome may follow which stage: an offer can be accepted, declined (withdrawn)
# or taken back (rejected), but not "offered" again or sent to another round.
ALLOWED: dict[str, tuple[str, ...]] = {
    "applied": ("offer", "rejected", "next-round", "withdrawn", "accepted", "screening"),
    "screening": ("offer", "rejected", "next-round", "withdrawn", "accepted"),
    "interviewing": ("offer", "rejected", "next-round", "withdrawn", "accepted"),
    "offer": ("rejected", "withdrawn", "accepted"),
}
# What an outcome ends: any news makes a "haven't heard back?" follow-up pointless; a
# closed application also loses the rounds still ahead and the thank-you last calls.
_ENDS_ROUNDS = ("rejected", "withdrawn", "accepted")


@dataclass
class Stopped:
    """What an outcome called off, for the reply to say back."""

    followups: int = 0
    last_calls: int = 0
    rounds: list[Interview] = field(default_factory=list)
    nudge: bool = False  # a quiet-application nudge was planned (a closing stops it)
    closed: bool = False


class Ambiguous(UserError):
    """More than one application matches what was written: the member picks one."""

    def __init__(self, target: str, candidates: Sequence[Application]) -> None:
        names = ", ".join(
            f"{literal(a.company)}{_title(a)} (`{a.short_id}`, {a.stage})" for a in candidates
        )
        super().__init__(
            f"More than one application matches `{literal(target)}`: {names}. "
            "Write more of the name, or use the id.",
            "outcome",
        )
        self.candidates = list(candidates)


def _title(application: Application) -> str:
    return f" as {literal(application.job_title)}" if application.job_title else ""


def _clean(text: str | None) -> str | None:
    return (collapse(normalise(text)) or None) if text is not None else None


def is_closed(application: Application) -> bool:
    """Whether no outcome can move this application any more."""
    return application.stage in CLOSED_STAGES


def _same_job(application: Application, company: str, title: str | None) -> bool:
    same_title = (application.job_title or "").casefold() == (title or "").casefold()
    return application.company.casefold() == company.casefold() and same_title


async def _open_for(session: AsyncSession, member_id: int, company: str) -> list[Application]:
    rows = await session.scalars(
        select(Application)
        .where(
            Application.member_id == member_id,
            func.lower(Application.company) == company.lower(),
            Application.stage.in_(OPEN_STAGES),
        )
        .order_by(Application.last_event_at.desc(), Application.id.desc())
    )
    return list(rows)


async def add_application(
    session: AsyncSession, member: Member, cmd: Apply, now: datetime, ids: NewShortId = new_short_id
) -> Application:
    """Store an application sent on `cmd.on` (default: today, local)."""
    company = _clean(cmd.company) or ""
    title, source = _clean(cmd.job_title), _clean(cmd.source)
    if not any(ch.isalnum() for ch in company):
        raise UserError("Add the company name.", "apply")
    check_plain(company, "the company name", name=False, form="apply")
    if len(company) > MAX_COMPANY:
        raise UserError(f"The company name is too long: the limit is {MAX_COMPANY}.", "apply")
    for text, what in ((title, "the job title"), (source, "where you applied")):
        if text is not None:
            check_plain(text, what, name=False, form="apply")
            if len(text) > MAX_SOURCE:
                raise UserError(f"{what.capitalize()} is too long: the limit is 80.", "apply")
    today = local_date(now, member.tz)
    on = cmd.on if cmd.on is not None else today - timedelta(days=cmd.days_ago)
    if on > today:
        raise UserError(
            f"{on.isoformat()} is still ahead: record an application once it is sent.", "apply"
        )
    if today - on > MAX_BACK:
        raise UserError(f"{on.isoformat()} is more than two years ago: check the date.", "apply")
    for twin in await _open_for(session, member.id, company):
        if _same_job(twin, company, title):
            raise UserError(
                f"You already have that application: {literal(twin.company)}{_title(twin)}, "
                f"id `{twin.short_id}`, {twin.stage}. `/prep applications` shows it."
            )
    count = await session.scalar(
        select(func.count()).select_from(Application).where(Application.member_id == member.id)
    )
    if (count or 0) >= MAX_APPLICATIONS:
        raise UserError(f"You already have {MAX_APPLICATIONS} applications, the most I keep.")
    application = Application(
        member_id=member.id,
        short_id=await unique_short_id(session, Application, member.id, ids),
        company=company,
        job_title=title,
        source=source,
        applied_on=on,
        stage="applied",
        round=0,
        last_event="applied",
        last_event_at=now,
        created_at=now,
    )
    session.add(application)
    await session.flush()
    await stale.plan_nudge(session, member, application, now)
    return application


async def attach_interview(
    session: AsyncSession, member: Member, interview: Interview, now: datetime, ids: NewShortId
) -> tuple[Application, bool]:
    """Make the interview a round of the company's open application; (it, newly started).

    With several open applications at one company, the one for the same job title is
    joined, else the one with the latest news; the confirmation names it either way.
    """
    candidates = await _open_for(session, member.id, interview.company)
    title = (interview.job_title or "").casefold()
    same_title = [a for a in candidates if title and (a.job_title or "").casefold() == title]
    preferred = same_title or candidates
    application = preferred[0] if preferred else None
    created = application is None
    if application is None:
        application = Application(
            member_id=member.id,
            short_id=await unique_short_id(session, Application, member.id, ids),
            company=interview.company,
            job_title=interview.job_title,
            applied_on=None,
            stage="interviewing",
            round=0,
            created_at=now,
        )
        session.add(application)
    application.round += 1
    if application.stage in ("applied", "screening"):
        application.stage = "interviewing"
    application.last_event, application.last_event_at = "interview", now
    await session.flush()
    interview.application_id = application.id
    await session.flush()
    await stale.plan_nudge(session, member, application, now)
    return application, created


async def _by_id(
    session: AsyncSession, member: Member, short_id: str, now: datetime
) -> Application | None:
    found = await session.scalar(
        select(Application).where(
            Application.member_id == member.id, Application.short_id == short_id
        )
    )
    if found is not None:
        return found
    interview = await session.scalar(
        select(Interview).where(Interview.member_id == member.id, Interview.short_id == short_id)
    )
    if interview is None:
        return None
    if interview.application_id is not None:
        return await session.get(Application, interview.application_id)
    # An interview from before applications existed: it becomes one now.
    application, _ = await attach_interview(session, member, interview, now, new_short_id)
    return application


async def resolve(session: AsyncSession, member: Member, target: str, now: datetime) -> Application:
    """The application a member means: an id (application or interview) or a company.

    A company may be a unique prefix; several matches are asked back (`Ambiguous`),
    preferring open applications over closed ones when only one of them is open.
    """
    short_id = parse_short_id(target)
    if short_id is not None:
        found = await _by_id(session, member, short_id, now)
        if found is not None:
            return found
    every = list(
        await session.scalars(
            select(Application)
            .where(Application.member_id == member.id)
            .order_by(Application.last_event_at.desc(), Application.id.desc())
        )
    )
    matches = by_company(every, target, lambda a: a.company)
    if len(matches) > 1:
        still_open = [a for a in matches if not is_closed(a)]
        if len(still_open) == 1:
            return still_open[0]
        raise Ambiguous(target, still_open or matches)
    if not matches:
        raise UserError(
            f"You have no application or interview matching `{literal(target)}`. "
            "`/prep applications` lists yours.",
            "outcome",
        )
    return matches[0]


async def open_applications(session: AsyncSession, member_id: int) -> list[Application]:
    """The member's applications still in progress, newest news first."""
    rows = await session.scalars(
        select(Application)
        .where(Application.member_id == member_id, Application.stage.in_(OPEN_STAGES))
        .order_by(Application.last_event_at.desc(), Application.id.desc())
    )
    return list(rows)


async def rounds_of(session: AsyncSession, application: Application) -> list[Interview]:
    """The application's interviews, earliest first, with their interviewers."""
    rows = await session.scalars(
        select(Interview)
        .where(
            Interview.member_id == application.member_id,
            Interview.application_id == application.id,
        )
        .options(selectinload(Interview.interviewers))
        .order_by(Interview.starts_at)
    )
    return list(rows)


async def record_outcome(
    session: AsyncSession, application: Application, outcome: str, now: datetime, tz: str
) -> Stopped:
    """Move the stage and call off the messages that no longer make sense."""
    if is_closed(application):
        when = local_date(application.closed_at or application.last_event_at, tz)
        raise UserError(
            f"Your {literal(application.company)} application is closed: {application.stage} "
            f"on {when.isoformat()}. Nothing more to record there.",
            "outcome",
        )
    if outcome not in ALLOWED.get(application.stage, ()):
        raise UserError(
            f"Your {literal(application.company)} application is at {application.stage}: "
            f"after that, {', '.join(ALLOWED.get(application.stage, ()))}.",
            "outcome",
        )
    stopped = Stopped()
    for interview in await rounds_of(session, application):
        stopped.followups += await followups.cancel_for_interview(session, interview)
        if outcome not in _ENDS_ROUNDS:
            continue
        if interview.starts_at > now:
            journey = (INTERVIEW_EVE, THANK_YOU, THANK_YOU_LAST_CALL)
            if await interviews.stop_messages(session, interview, journey):
                stopped.rounds.append(interview)
        elif await interviews.stop_messages(session, interview, (THANK_YOU_LAST_CALL,)):
            stopped.last_calls += 1
    if outcome == "next-round":
        application.stage = "interviewing"
    else:
        application.stage = outcome
    if outcome in _ENDS_ROUNDS:
        application.closed_at = now
        stopped.closed = True
    application.last_event, application.last_event_at = outcome, now
    member = await session.get(Member, application.member_id)
    if member is not None:
        stopped.nudge = await stale.nudge_planned(session, member.id, application)
        await stale.plan_nudge(session, member, application, now)
    return stopped
