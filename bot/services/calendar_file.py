"""The member's interviews, follow-ups and reminders as an iCalendar file (RFC 5545).

Built with the `icalendar` library, which does the parts that are easy to get wrong by
hand: escaping commas, semicolons and newlines in text, folding lines at 75 octets,
and writing a VTIMEZONE for every zone the times use. Member text goes in as typed: a
calendar shows text literally, so nothing here is chat markup.

Every event's UID is derived from the member and the row's short id, never from the
clock, so importing a newer file updates the events already in the member's calendar
instead of adding copies. `METHOD:PUBLISH` says it is a calendar to add, not an
invitation: listing the interviewers as attendees must never make a client email them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vCalAddress, vText
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.commands.interview_details import is_link
from bot.db.models import Interview, Interviewer, Member, Reminder
from bot.when.recur import Rule, rule_of

PRODID = "-//prepbot//interview calendar 1.0//EN"
MIME_TYPE = "text/calendar"
UID_DOMAIN = "prepbot"
# A namespace for the attendee URIs of interviewers without an email (stable per person).
_ATTENDEE_NAMESPACE = uuid.UUID("5b0f3c1e-8a43-4d0e-9d5b-0c2f5e8b6a17")
INTERVIEW_ALARM = timedelta(hours=1)  # a nudge to leave or join, before the start
REMINDER_LENGTH = timedelta(minutes=15)
ZONE_MARGIN = timedelta(days=366)  # reminders have no length; a short slot shows


@dataclass(frozen=True)
class CalendarContents:
    """What went into a file, for the reply that carries it."""

    ics: str
    interviews: tuple[Interview, ...]
    followups: int
    reminders: int

    @property
    def is_empty(self) -> bool:
        """Nothing to put in a calendar."""
        return not self.interviews and not self.followups and not self.reminders


async def upcoming(
    session: AsyncSession, member: Member, now: datetime
) -> tuple[list[Interview], list[Reminder]]:
    """The member's interviews not yet over and reminders still to come (theirs only)."""
    found = await session.scalars(
        select(Interview)
        .where(Interview.member_id == member.id, Interview.starts_at > now - timedelta(hours=12))
        .options(selectinload(Interview.interviewers))
        .order_by(Interview.starts_at, Interview.id)
    )
    interviews = [i for i in found if i.finishes_at > now]
    reminders = await _reminders(session, member, now, None)
    return interviews, reminders


async def for_interview(
    session: AsyncSession, member: Member, interview: Interview, now: datetime
) -> list[Reminder]:
    """The follow-ups and reminders still to come that belong to one interview."""
    return await _reminders(session, member, now, interview.id)


async def _reminders(
    session: AsyncSession, member: Member, now: datetime, interview_id: int | None
) -> list[Reminder]:
    query = select(Reminder).where(
        Reminder.member_id == member.id,
        Reminder.status == "scheduled",
        Reminder.due_at > now,
    )
    if interview_id is not None:
        query = query.where(Reminder.interview_id == interview_id)
    return list(await session.scalars(query.order_by(Reminder.due_at, Reminder.id)))


def build(
    member: Member,
    interviews: Sequence[Interview],
    reminders: Sequence[Reminder],
    now: datetime,
) -> CalendarContents:
    """The .ics text for these rows, with times in the member's zone."""
    zone = ZoneInfo(member.tz)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "prepbot interviews")
    by_id = {interview.id: interview for interview in interviews}
    for interview in interviews:
        calendar.add_component(_interview_event(member, interview, zone, now))
    for reminder in reminders:
        calendar.add_component(_reminder_event(member, reminder, by_id, zone, now))
    # One VTIMEZONE per zone used (none for UTC, whose times are written with Z). Its
    # transitions cover the file's own span and a year either side, not 1970-2038: a
    # short file, and one correct for every time it holds.
    instants = [i.finishes_at for i in interviews] + [r.due_at for r in reminders]
    calendar.add_missing_timezones(
        first_date=(now - ZONE_MARGIN).date(),
        last_date=(max(instants, default=now) + ZONE_MARGIN).date(),
    )
    followups = sum(1 for r in reminders if r.kind == "followup")
    return CalendarContents(
        ics=calendar.to_ical().decode("utf-8"),
        interviews=tuple(interviews),
        followups=followups,
        reminders=len(reminders) - followups,
    )


def uid(member: Member, what: str, short_id: str) -> str:
    """A UID that stays the same for the same row, file after file."""
    return f"{what}-{short_id}-m{member.id}@{UID_DOMAIN}"


def _local(instant: datetime, zone: ZoneInfo) -> datetime:
    # UTC stays UTC (written `...Z`, no VTIMEZONE); any other zone gets a TZID.
    return instant.astimezone(zone)


def _interview_event(member: Member, interview: Interview, zone: ZoneInfo, now: datetime) -> Event:
    event = Event()
    event.add("uid", uid(member, "interview", interview.short_id))
    event.add("dtstamp", now)
    event.add("dtstart", _local(interview.starts_at, zone))
    event.add("dtend", _local(interview.finishes_at, zone))
    title = f" ({interview.job_title})" if interview.job_title else ""
    event.add("summary", f"Interview: {interview.company}{title}")
    if interview.place:
        event.add("location", interview.place)
        if is_link(interview.place):
            event.add("url", interview.place)
    event.add("description", _interview_description(interview))
    event.add("categories", ["Interview"])
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    for person in interview.interviewers:
        event.add("attendee", _attendee(member, interview, person))
    event.add_component(_alarm(-INTERVIEW_ALARM, f"Interview with {interview.company} in one hour"))
    return event


def _interview_description(interview: Interview) -> str:
    lines = [f"Company: {interview.company}"]
    if interview.job_title:
        lines.append(f"Role: {interview.job_title}")
    if interview.format:
        lines.append(f"Format: {interview.format}")
    if interview.place:
        lines.append(f"Where: {interview.place}")
    if interview.interviewers:
        lines.append("Who you'll meet:")
        for person in interview.interviewers:
            role = f" ({person.role})" if person.role else ""
            lines.append(f"- {person.name}{role}")
    lines.append(f"prepbot id: {interview.short_id} (/prep thanks {interview.short_id})")
    return "\n".join(lines)


def _attendee(member: Member, interview: Interview, person: Interviewer) -> vCalAddress:
    # An interviewer's email arrives with issue 16's `Name (role, email)`; until a row
    # has one, the attendee is a stable URN, which every reader accepts as an address.
    email = getattr(person, "email", None)
    if email:
        address = vCalAddress(f"mailto:{email}")
    else:
        key = f"{member.id}/{interview.short_id}/{person.position}"
        address = vCalAddress(f"urn:uuid:{uuid.uuid5(_ATTENDEE_NAMESPACE, key)}")
    address.params["cn"] = vText(person.name)
    address.params["role"] = vText("REQ-PARTICIPANT")
    address.params["partstat"] = vText("ACCEPTED")
    address.params["cutype"] = vText("INDIVIDUAL")
    return address


def _reminder_event(
    member: Member,
    reminder: Reminder,
    interviews: dict[int, Interview],
    zone: ZoneInfo,
    now: datetime,
) -> Event:
    interview = interviews.get(reminder.interview_id) if reminder.interview_id else None
    if reminder.kind == "followup":
        about = f" {interview.company}" if interview else ""
        summary = f"Follow up{about}: {reminder.text}" if reminder.text else f"Follow up{about}"
    else:
        summary = f"Reminder: {reminder.text}"
    event = Event()
    event.add("uid", uid(member, reminder.kind, reminder.short_id))
    # A snooze bumps the revision: a higher SEQUENCE tells the client this copy is newer.
    event.add("sequence", reminder.revision)
    event.add("dtstamp", now)
    event.add("dtstart", _local(reminder.due_at, zone))
    event.add("dtend", _local(reminder.due_at + REMINDER_LENGTH, zone))
    if reminder.rule:
        event.add("rrule", _weekly(rule_of(reminder.rule)))
    event.add("summary", summary[:200])
    event.add("description", f"{reminder.text}\nprepbot id: {reminder.short_id}")
    event.add("categories", ["Follow-up" if reminder.kind == "followup" else "Reminder"])
    event.add("transp", "TRANSPARENT")  # a reminder does not make the member busy
    event.add_component(_alarm(timedelta(0), summary[:200]))
    return event


_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _weekly(rule: Rule) -> dict[str, object]:
    """A repeating reminder's RRULE (weekly, on its weekdays, every N weeks).

    DTSTART is its next occurrence, so an every-N-weeks rule counts its weeks from
    there, as prepbot counts them from its anchor's week.
    """
    recur: dict[str, object] = {"freq": "weekly", "byday": [_BYDAY[d] for d in rule.weekdays]}
    if rule.interval > 1:
        recur["interval"] = rule.interval
    return recur


def _alarm(before_start: timedelta, text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", before_start)
    alarm.add("description", text)
    return alarm
