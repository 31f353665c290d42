"""Interviews: record one, plan its journey (eve, thanks, last call), find and list them.

An interview's start is an instant (stored in UTC); what depends on the member's zone is
only the evening-before checklist, which `replan_for_zone` moves when the zone changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from sqlalchemy import delete, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.commands.company import MAX_COMPANY
from bot.commands.emails import is_email
from bot.commands.ids import NewShortId, new_short_id, parse_short_id
from bot.commands.interview import MAX_NAME, MAX_ROLE
from bot.commands.interview_details import FORMATS, MAX_LENGTH, MAX_PLACE, is_link
from bot.commands.text import collapse, normalise
from bot.commands.types import AddInterview, InterviewerSpec
from bot.db.models import DEFAULT_INTERVIEW_LENGTH, Delivery, Interview, Interviewer, Member
from bot.replies import literal
from bot.schedule.kind_names import INTERVIEW_EVE, THANK_YOU, THANK_YOU_LAST_CALL
from bot.schedule.kinds import DueItem
from bot.schedule.planner import item_for, remove_item, upsert_item
from bot.schedule.timemath import local_date, local_to_utc
from bot.services.company_match import by_company
from bot.services.journey import UserError, check_plain, fmt_local, unique_short_id
from bot.services.timezones import register_tz_replanner
from bot.when import WhenError, resolve, say_back
from bot.when.quiet import Window, out_of_quiet, window_of

JOURNEY = (INTERVIEW_EVE, THANK_YOU, THANK_YOU_LAST_CALL)

EVE_AT = time(18, 0)
# How far quiet hours may move the checklist: back to the afternoon before, or forward
# to no later than this long before the interview starts.
EVE_EARLIEST = timedelta(hours=12)
EVE_BEFORE_START = timedelta(hours=2)
# Measured from the end of the interview (its start + 1 h when no length was given):
# the drafts an hour after walking out, the last call well before the day is up.
THANK_YOU_AFTER = timedelta(hours=1)
LAST_CALL_AFTER = timedelta(hours=19)
THANKS_WINDOW = timedelta(hours=24)
# A last call moved later still leaves this long to write before the 24-hour mark.
LAST_CALL_MARGIN = timedelta(hours=1)
MAX_UPCOMING = 50
MAX_INTERVIEWERS = 12
MAX_AHEAD = timedelta(days=365)
# `interviews` shows past ones this long: the thank-you and follow-up weeks.
RECENT = timedelta(days=30)


@dataclass(frozen=True)
class Journey:
    """When each message about one interview goes out (None: not planned)."""

    eve_at: datetime | None
    thank_you_at: datetime
    last_call_at: datetime | None


def eve_time(starts_at: datetime, tz: str, quiet: Window | None = None) -> datetime:
    """18:00 local on the day before the interview's local date, out of quiet hours.

    The bot picks this time, so it leaves the member's quiet hours: before they begin
    that evening (half an hour ahead) if it can, else when they end, if that is still
    well before the start.
    """
    at = local_to_utc(local_date(starts_at, tz) - timedelta(days=1), EVE_AT, tz)
    return out_of_quiet(
        at,
        tz,
        quiet,
        not_before=at - EVE_EARLIEST,
        not_after=starts_at - EVE_BEFORE_START,
        earlier_first=True,
    )


def _cleaned(cmd: AddInterview) -> AddInterview:
    """The command's text as the grammar would have left it.

    Forms (Slack's modal, Discord's) build the command from their fields without the
    grammar, so control characters, bidi overrides and lone surrogates (which cannot be
    stored) are dropped here, the same way for every adapter.
    """

    def clean(text: str) -> str:
        return collapse(normalise(text))

    people = tuple(
        InterviewerSpec(
            name=clean(p.name), role=clean(p.role or "") or None, email=clean(p.email or "") or None
        )
        for p in cmd.interviewers
    )
    title = clean(cmd.job_title or "") or None
    place = clean(cmd.place or "") or None
    return replace(
        cmd, company=clean(cmd.company), job_title=title, interviewers=people, place=place
    )


def ends_for(cmd: AddInterview, starts_at: datetime, tz: str) -> datetime | None:
    """The end the member gave (`for` a length or `until` a time), checked; None: none given."""
    if cmd.duration is None and cmd.until is None:
        return None
    if cmd.until is not None:
        # The start's own local day: `on` is None for a day said relative to today.
        ends_at = local_to_utc(local_date(starts_at, tz), cmd.until, tz)
        if ends_at <= starts_at:
            raise UserError(
                f"It can't end at {cmd.until:%H:%M} when it starts at {cmd.at:%H:%M}: "
                "give the end on the same day, or a length with `for`.",
                "interview",
            )
    else:
        ends_at = starts_at + (cmd.duration or DEFAULT_INTERVIEW_LENGTH)
    if ends_at - starts_at > MAX_LENGTH:
        raise UserError(
            "That is longer than 12 hours: for a day of several interviews, add each one.",
            "interview",
        )
    return ends_at


def _check_length(text: str, what: str, limit: int) -> None:
    if len(text) > limit:
        raise UserError(
            f"{literal(what[:1].upper() + what[1:])} is too long: {len(text)} characters, "
            f"the limit is {limit}.",
            "interview",
        )


def starts_at_of(cmd: AddInterview, tz: str, now: datetime) -> datetime:
    """The interview's start: its date and time, or its day said relative to today."""
    if cmd.day is not None:
        try:
            return resolve(cmd.day, tz, now)
        except WhenError as error:
            raise UserError(error.message, "interview") from None
    assert cmd.on is not None  # the grammar and the forms give a date or a day
    return local_to_utc(cmd.on, cmd.at, tz)


def _validate(cmd: AddInterview, starts_at: datetime, now: datetime, tz: str) -> None:
    if starts_at <= now:
        raise UserError(
            f"{say_back(starts_at, tz, now)} is already past: add interviews "
            "before they happen. For one you just had, `/prep second-round thank-you` "
            "covers the notes to send.",
            "interview",
        )
    if starts_at - now > MAX_AHEAD:
        raise UserError("That is more than a year ahead: check the date.", "interview")
    if len(cmd.interviewers) > MAX_INTERVIEWERS:
        raise UserError(
            f"That is more than {MAX_INTERVIEWERS} interviewers; list the main ones.", "interview"
        )
    if not any(ch.isalnum() for ch in cmd.company):
        raise UserError("Add the company name.", "interview")
    check_plain(cmd.company, "the company name", name=False)
    _check_length(cmd.company, "the company name", MAX_COMPANY)
    if cmd.job_title:
        check_plain(cmd.job_title, "the job title", name=False)
        _check_length(cmd.job_title, "the job title", MAX_COMPANY)
    for person in cmd.interviewers:
        if not any(ch.isalpha() for ch in person.name):
            raise UserError("Name each interviewer, like Dana Lee (peer).", "interview")
        check_plain(person.name, "the name")
        _check_length(person.name, "an interviewer's name", MAX_NAME)
        if person.role:
            check_plain(person.role, f"the role of {person.name}", name=False)
            _check_length(person.role, f"the role of {person.name}", MAX_ROLE)
        if person.email is not None and not is_email(person.email):
            raise UserError(
                f"`{literal(person.email[:80])}` isn't an email address I can use: write it "
                "like `dana.lee@acme.com`, or leave it out.",
                "interview",
            )
    if cmd.place is not None:
        if not is_link(cmd.place):
            check_plain(cmd.place, "the place", name=False)
        _check_length(cmd.place, "the place", MAX_PLACE)
    if cmd.format is not None and cmd.format not in FORMATS:
        raise UserError(f"Pick a format from: {', '.join(FORMATS)}.", "interview")


async def add_interview(
    session: AsyncSession,
    member: Member,
    cmd: AddInterview,
    now: datetime,
    ids: NewShortId = new_short_id,
) -> tuple[Interview, Journey]:
    """Store the interview with its interviewers and plan its messages."""
    cmd = _cleaned(cmd)
    starts_at = starts_at_of(cmd, member.tz, now)
    _validate(cmd, starts_at, now, member.tz)
    ends_at = ends_for(cmd, starts_at, member.tz)
    upcoming = await session.scalar(
        select(func.count())
        .select_from(Interview)
        .where(Interview.member_id == member.id, Interview.starts_at > now)
    )
    if (upcoming or 0) >= MAX_UPCOMING:
        raise UserError(f"You already have {MAX_UPCOMING} upcoming interviews, the most I keep.")
    names = [p.name.casefold() for p in cmd.interviewers]
    same_slot = await session.scalars(
        select(Interview)
        .where(
            Interview.member_id == member.id,
            Interview.starts_at == starts_at,
            func.lower(Interview.company) == cmd.company.lower(),
        )
        .options(selectinload(Interview.interviewers))
    )
    for twin in same_slot:
        # The same line twice (a retried command) is one interview; a corrected line
        # (other people) is allowed, since there is no edit command yet.
        if [p.name.casefold() for p in twin.interviewers] == names:
            raise UserError(f"You already added that interview: its id is `{twin.short_id}`.")
    interview = Interview(
        member_id=member.id,
        short_id=await unique_short_id(session, Interview, member.id, ids),
        company=cmd.company,
        job_title=cmd.job_title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=cmd.place,
        format=cmd.format,
        created_at=now,
        interviewers=[
            Interviewer(position=i, name=p.name, role=p.role, email=p.email)
            for i, p in enumerate(cmd.interviewers)
        ],
    )
    session.add(interview)
    await session.flush()
    return interview, await plan_journey(session, member, interview, now)


async def plan_journey(
    session: AsyncSession, member: Member, interview: Interview, now: datetime
) -> Journey:
    """Schedule the eve checklist (if still ahead), the thank-you drafts and the last call."""
    # Read before any upsert: a statement can expire the loaded list (lazy load = no IO here).
    has_people = bool(interview.interviewers)
    # Added after the evening before: the checklist would come too late, so none.
    quiet = window_of(member.quiet_hours)
    eve_at: datetime | None = eve_time(interview.starts_at, member.tz, quiet)
    if eve_at is not None and eve_at > now:
        await _upsert(session, INTERVIEW_EVE, member.id, interview.short_id, eve_at, now)
    else:
        eve_at = None
    # The bot picks these times, so they move out of the member's quiet hours: the drafts
    # no later than the last call would be, the last call before the 24-hour mark. Both
    # count from the end of the interview (its start + 1 h when no length was given).
    end = interview.finishes_at
    thank_you_at = out_of_quiet(
        end + THANK_YOU_AFTER,
        member.tz,
        quiet,
        not_before=end,
        not_after=end + LAST_CALL_AFTER,
    )
    await _upsert(session, THANK_YOU, member.id, interview.short_id, thank_you_at, now)
    last_call_at: datetime | None = None
    if has_people:  # with nobody named there is nothing to track
        last_call_at = out_of_quiet(
            end + LAST_CALL_AFTER,
            member.tz,
            quiet,
            not_before=thank_you_at + timedelta(hours=2),
            not_after=end + THANKS_WINDOW - LAST_CALL_MARGIN,
        )
        await _upsert(
            session, THANK_YOU_LAST_CALL, member.id, interview.short_id, last_call_at, now
        )
    return Journey(eve_at, thank_you_at, last_call_at)


async def _upsert(
    session: AsyncSession, kind: str, member_id: int, source: str, at: datetime, now: datetime
) -> None:
    await upsert_item(session, kind=kind, member_id=member_id, source_id=source, run_at=at, now=now)


async def cancel_interview(session: AsyncSession, interview: Interview) -> None:
    """Forget an interview that is off: its people, its checklist and its thank-you nudges.

    Its follow-ups are `followups.drop_for_interview`'s (that module builds on this one).
    """
    await stop_messages(session, interview, JOURNEY)
    await session.delete(interview)


async def stop_messages(
    session: AsyncSession, interview: Interview, kinds: Sequence[str]
) -> list[str]:
    """Unplan these journey messages of one interview; the kinds that were still planned."""
    stopped = []
    for kind in kinds:
        source = interview.short_id
        if await item_for(session, kind=kind, member_id=interview.member_id, source_id=source):
            stopped.append(kind)
        await remove_item(session, kind=kind, member_id=interview.member_id, source_id=source)
    # A nudge already planned and waiting to be sent (a retry) must not arrive either.
    await session.execute(
        delete(Delivery).where(
            Delivery.member_id == interview.member_id,
            Delivery.kind.in_(list(kinds)),
            Delivery.source_id == interview.short_id,
            Delivery.status == "pending",
        )
    )
    return stopped


class AmbiguousInterview(UserError):
    """More than one interview matches a company: the member picks one by id."""

    def __init__(self, target: str, candidates: Sequence[Interview], tz: str) -> None:
        listed = ", ".join(
            f"{literal(i.company)} {fmt_local(i.starts_at, tz)} (`{i.short_id}`)"
            for i in candidates
        )
        super().__init__(
            f"More than one interview matches `{literal(target)}`: {listed}. "
            "Write more of the name, or use the id."
        )
        self.candidates = list(candidates)


async def find_interview(
    session: AsyncSession,
    member_id: int,
    target: str,
    now: datetime | None = None,
    *,
    tz: str = "UTC",
    upcoming_only: bool = False,
) -> Interview:
    """The member's interview with this id, or at this company; anyone else's is unknown.

    A company (or a unique start of it) with several interviews means the latest one
    held, else the next one; `upcoming_only` (cancelling) takes only those still ahead
    and asks back when there are several.
    """
    base = select(Interview).where(Interview.member_id == member_id)
    base = base.options(selectinload(Interview.interviewers))
    short_id = parse_short_id(target)
    if short_id is not None:
        found = await session.scalar(base.where(Interview.short_id == short_id))
        if found is not None:
            return found
    every = list(await session.scalars(base.order_by(Interview.starts_at, Interview.id)))
    matches = by_company(every, target, lambda i: i.company)
    if upcoming_only and now is not None:
        matches = [i for i in matches if i.starts_at > now]
    if not matches:
        if short_id is not None:
            said = f"no interview with id `{short_id}`"
        else:
            ahead = "upcoming " if upcoming_only else ""
            said = f"no {ahead}interview at a company matching `{literal(target)}`"
        raise UserError(f"You have {said}. `/prep interviews` lists yours.", "interviews")
    companies = {i.company.casefold() for i in matches}
    if len(companies) > 1 or (upcoming_only and len(matches) > 1):
        raise AmbiguousInterview(target, matches[:5], tz)
    if now is not None:
        held = [i for i in matches if i.starts_at <= now]
        if held:
            return held[-1]
    return matches[0]


async def latest_interview(session: AsyncSession, member_id: int, now: datetime) -> Interview:
    """The interview a command without an id means: the last one held, else the next one."""
    base = select(Interview).where(Interview.member_id == member_id)
    base = base.options(selectinload(Interview.interviewers))
    held = await session.scalar(
        base.where(Interview.starts_at <= now).order_by(Interview.starts_at.desc()).limit(1)
    )
    if held is not None:
        return held
    upcoming = await session.scalar(
        base.where(Interview.starts_at > now).order_by(Interview.starts_at).limit(1)
    )
    if upcoming is None:
        raise UserError("You have no interviews yet. Add one first:", "interview")
    return upcoming


async def resolve_interview(
    session: AsyncSession, member_id: int, short_id: str | None, now: datetime, tz: str = "UTC"
) -> Interview:
    """The interview named by id or company, or the latest one when none was given."""
    if short_id is not None:
        return await find_interview(session, member_id, short_id, now, tz=tz)
    return await latest_interview(session, member_id, now)


async def list_interviews(
    session: AsyncSession, member_id: int, now: datetime
) -> tuple[list[Interview], list[Interview]]:
    """(upcoming soonest first, recent latest first) for `interviews`."""
    rows = await session.scalars(
        select(Interview)
        .where(Interview.member_id == member_id, Interview.starts_at > now - RECENT)
        .options(selectinload(Interview.interviewers))
        .order_by(Interview.starts_at)
    )
    every = list(rows)
    upcoming = [i for i in every if i.starts_at > now]
    recent = [i for i in reversed(every) if i.starts_at <= now]
    return upcoming, recent


async def interviews_for_items(
    session: AsyncSession, items: Sequence[DueItem]
) -> dict[tuple[int, str], Interview]:
    """The interviews behind a batch of due items, in one query (engine fan-outs)."""
    keys = sorted({(item.member_id, item.source_id) for item in items})
    if not keys:
        return {}
    rows = await session.scalars(
        select(Interview)
        .where(tuple_(Interview.member_id, Interview.short_id).in_(keys))
        .options(selectinload(Interview.interviewers))
    )
    return {(row.member_id, row.short_id): row for row in rows}


async def replan_for_zone(session: AsyncSession, member: Member, now: datetime) -> None:
    """Move pending eve checklists to 18:00 in the member's new zone.

    Only rows still waiting move: one already sent (or never planned, because the
    interview was added too late) is left alone, so a zone change cannot resend it.
    """
    rows = await session.scalars(
        select(Interview).where(Interview.member_id == member.id, Interview.starts_at > now)
    )
    for interview in rows:
        if await item_for(
            session, kind=INTERVIEW_EVE, member_id=member.id, source_id=interview.short_id
        ):
            at = eve_time(interview.starts_at, member.tz, window_of(member.quiet_hours))
            if at > now:
                await _upsert(session, INTERVIEW_EVE, member.id, interview.short_id, at, now)


register_tz_replanner(replan_for_zone)
