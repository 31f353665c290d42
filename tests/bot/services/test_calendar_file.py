"""`/prep calendar`: the .ics file, read back with a second library (vobject).

The file is written with `icalendar`; reading it with another implementation proves it
is RFC 5545 a calendar client can take, not just what our writer reads back.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
import vobject
from sqlalchemy import select

import bot.handlers.calendar_files
from adapters.console.session import ConsoleSession
from bot.app import PrepBot
from bot.db.models import Interview, Interviewer, Member, Reminder
from bot.replies import Paragraph, Reply, Span, parse_inline
from bot.services import calendar_file
from tests.bot.services.test_interviews_support import actor, plain, say

INTERVIEW = (
    "interview 2026-03-12 14:00 for 90 minutes Acme, Inc; R_D [Labs] as Data Analyst "
    "at https://meet.example.com/abc-defg-hij format panel with Dana Lee (hiring manager), "
    "Sam Ortiz (peer)"
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def bot(db, clock):
    return PrepBot(db, clock=clock)


async def _interview(db, company_start: str = "Acme") -> Interview:
    async with db.session() as session:
        found = await session.scalar(
            select(Interview).where(Interview.company.startswith(company_start))
        )
        assert found is not None
        return found


def _ics(reply: Reply) -> str:
    assert reply.attachment is not None, plain(reply)
    assert reply.attachment.mime_type == "text/calendar"
    return reply.attachment.content


def _events(ics: str) -> dict[str, vobject.base.Component]:
    calendar = vobject.readOne(ics)
    return {event.summary.value: event for event in calendar.vevent_list}


async def _journey(bot, db) -> Interview:
    assert not (await say(bot, INTERVIEW)).is_error
    interview = await _interview(db)
    reply = await say(bot, f"followup 2026-03-19 #{interview.short_id} ask about the timeline")
    assert not reply.is_error, plain(reply)
    reply = await say(bot, "remind 2026-03-11 09:00 print the CV")
    assert not reply.is_error, plain(reply)
    return interview


async def test_the_file_round_trips_through_a_second_library(bot, db):
    """Events, local times with their zone, place, attendees and alarms all read back."""
    interview = await _journey(bot, db)
    reply = await say(bot, "calendar")
    ics = _ics(reply)
    calendar = vobject.readOne(ics)
    assert calendar.method.value == "PUBLISH"
    assert calendar.vtimezone.tzid.value == "Europe/Berlin"
    events = _events(ics)
    assert set(events) == {
        "Interview: Acme, Inc; R_D [Labs] (Data Analyst)",
        "Follow up Acme, Inc; R_D [Labs]: ask about the timeline",
        "Reminder: print the CV",
    }
    main = events["Interview: Acme, Inc; R_D [Labs] (Data Analyst)"]
    # 14:00 Berlin (CET) is 13:00 UTC; 90 minutes long.
    assert main.dtstart.value == utc(2026, 3, 12, 13, 0)
    assert main.dtend.value == utc(2026, 3, 12, 14, 30)
    # Written as local time with its zone; the reader applied the file's VTIMEZONE.
    assert "DTSTART;TZID=Europe/Berlin:20260312T140000\r\n" in ics
    assert main.dtstart.value.utcoffset() == timedelta(hours=1)
    assert main.location.value == "https://meet.example.com/abc-defg-hij"
    assert main.url.value == "https://meet.example.com/abc-defg-hij"
    assert main.uid.value == f"interview-{interview.short_id}-m{interview.member_id}@prepbot"
    assert "Who you'll meet:\n- Dana Lee (hiring manager)\n- Sam Ortiz (peer)" in (
        main.description.value
    )
    attendees = {a.params["CN"][0]: a for a in main.attendee_list}
    assert set(attendees) == {"Dana Lee", "Sam Ortiz"}
    assert all(a.value.startswith("urn:uuid:") for a in attendees.values())  # no email yet
    assert main.valarm.action.value == "DISPLAY"
    assert main.valarm.trigger.value == timedelta(hours=-1)
    follow = events["Follow up Acme, Inc; R_D [Labs]: ask about the timeline"]
    assert follow.dtstart.value.date().isoformat() == "2026-03-19"
    assert follow.valarm.trigger.value == timedelta(0)
    assert follow.transp.value == "TRANSPARENT"
    remind = events["Reminder: print the CV"]
    assert remind.dtstart.value == utc(2026, 3, 11, 8, 0)  # 09:00 Berlin
    assert "1 interview, 1 follow-up, 1 reminder" in plain(reply)


async def test_uids_are_stable_so_a_second_import_updates(bot, db, clock):
    """The same rows give the same UIDs a day later; only DTSTAMP moves."""
    await _journey(bot, db)
    first = _events(_ics(await say(bot, "calendar")))
    clock.set(clock.now() + timedelta(days=1))
    second = _events(_ics(await say(bot, "calendar")))
    assert {k: e.uid.value for k, e in first.items()} == {k: e.uid.value for k, e in second.items()}
    assert len({e.uid.value for e in first.values()}) == 3
    stamps = {e.dtstamp.value for e in first.values()} | {e.dtstamp.value for e in second.values()}
    assert len(stamps) == 2


async def test_text_is_escaped_and_lines_are_folded(bot, db):
    """Commas and semicolons are escaped in the file; no line passes 75 octets; CRLF ends."""
    await say(
        bot,
        "interview 2026-03-12 14:00 Zürich Straßenbahn Büro as Ingénieure de données "
        'at Bahnhofstraße 1, 8001 Zürich; Eingang "Süd" (3. Stock) with '
        "Zoë Ærøskøbing-Müller (hiring manager)",
    )
    ics = _ics(await say(bot, "calendar"))
    assert "\r\n" in ics and "\n" not in ics.replace("\r\n", "")
    for line in ics.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75, line
    assert 'LOCATION:Bahnhofstraße 1\\, 8001 Zürich\\; Eingang "Süd"' in ics.replace("\r\n ", "")
    [event] = vobject.readOne(ics).vevent_list
    assert event.location.value == 'Bahnhofstraße 1, 8001 Zürich; Eingang "Süd" (3. Stock)'
    assert event.attendee.params["CN"] == ["Zoë Ærøskøbing-Müller"]


async def test_a_member_in_utc_gets_utc_times_and_no_vtimezone(bot, db):
    """UTC is written with Z; no VTIMEZONE is needed."""
    await say(bot, "interview 2026-03-12 14:00 Acme", tz="UTC")
    ics = _ics(await say(bot, "calendar", tz="UTC"))
    assert "DTSTART:20260312T140000Z" in ics
    assert "VTIMEZONE" not in ics
    [event] = vobject.readOne(ics).vevent_list
    assert event.dtstart.value == utc(2026, 3, 12, 14, 0)


async def test_members_see_only_their_own_interviews(bot, db):
    """Ana's file has Ana's interview only; Ben's id is unknown to her."""
    await say(bot, "interview 2026-03-12 14:00 Acme")
    await say(bot, "interview 2026-03-13 10:00 Globex", user="ben")
    events = _events(_ics(await say(bot, "calendar")))
    assert list(events) == ["Interview: Acme"]
    globex = await _interview(db, "Globex")
    reply = await say(bot, f"calendar {globex.short_id}")
    assert reply.is_error and reply.attachment is None
    assert "no interview with id" in plain(reply)


async def test_nothing_upcoming_is_a_friendly_reply_without_a_file(bot, db, clock):
    """No empty calendar: a sentence and a way to start; past interviews are left out."""
    reply = await say(bot, "calendar")
    assert not reply.is_error and reply.attachment is None
    assert "Nothing coming up" in plain(reply)
    await say(bot, "interview 2026-03-03 10:00 Acme")
    clock.set(utc(2026, 3, 4, 12, 0))
    reply = await say(bot, "calendar")
    assert reply.attachment is None


@pytest.mark.parametrize("line", ["calendar next week", "calendar k7qd2 please", "calendar *x*"])
async def test_extra_words_get_the_right_form(bot, line):
    """Anything but `calendar` or `calendar <id>` is refused with the form, no file."""
    reply = await say(bot, line)
    assert reply.is_error and reply.attachment is None
    text = plain(reply)
    assert "/prep calendar [interview-id]" in text
    # What the member typed is quoted as code: it can never format the reply.
    first = reply.blocks[0]
    assert isinstance(first, Paragraph)
    assert parse_inline(first.text)[0] == Span(f"{line}", "code")


async def test_the_confirmation_button_gives_that_interview_alone(bot, db):
    """ "Add to calendar" runs `calendar <id>`: that interview and its follow-up, same UID."""
    confirmation = await say(bot, INTERVIEW)
    await say(bot, "interview 2026-03-20 10:00 Globex")
    interview = await _interview(db)
    [button] = [b for b in confirmation.buttons if b.label == "Add to calendar"]
    assert button.command == f"calendar {interview.short_id}"
    assert f"/prep calendar {interview.short_id}" in plain(confirmation)
    one = await say(bot, button.command)
    assert one.attachment is not None
    assert one.attachment.filename == f"prepbot-{interview.short_id}.ics"
    events = _events(one.attachment.content)
    assert list(events) == ["Interview: Acme, Inc; R_D [Labs] (Data Analyst)"]
    everything = _events(_ics(await say(bot, "calendar")))
    assert len(everything) == 2
    key = "Interview: Acme, Inc; R_D [Labs] (Data Analyst)"
    assert everything[key].uid.value == events[key].uid.value


async def test_an_interviewers_email_becomes_a_mailto_attendee(bot, db, clock):
    """When an interviewer has an email (issue 16's field), the attendee is mailto:."""
    await say(bot, "interview 2026-03-12 14:00 Acme with Dana Lee (recruiter)")
    async with db.session() as session:
        member = await session.scalar(select(Member))
        interview = await session.scalar(select(Interview))
        assert member is not None and interview is not None
        interviews, reminders = await calendar_file.upcoming(session, member, clock.now())
        person: Interviewer = interviews[0].interviewers[0]
        person.email = "dana.lee@acme.example"  # type: ignore[attr-defined]
        contents = calendar_file.build(member, interviews, reminders, clock.now())
    [event] = vobject.readOne(contents.ics).vevent_list
    assert event.attendee.value == "mailto:dana.lee@acme.example"
    assert event.attendee.params["CN"] == ["Dana Lee"]


async def test_console_writes_the_file_and_prints_its_path(db, clock, tmp_path):
    """The console saves the .ics (CRLF kept) and prints where, not the file's text."""
    out = io.StringIO()
    session = ConsoleSession(PrepBot(db, clock=clock), actor(), out=out, files_dir=tmp_path)
    await session.answer("interview 2026-03-12 14:00 Acme")
    await session.answer("calendar")
    path = tmp_path / "prepbot-interviews.ics"
    assert f"Saved {path}" in out.getvalue()
    assert "BEGIN:VCALENDAR" not in out.getvalue()
    data = path.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert vobject.readOne(data.decode()).vevent.summary.value == "Interview: Acme"


async def test_reminder_rows_of_others_and_done_ones_stay_out(bot, db):
    """Only scheduled reminders still ahead go in (a cancelled one does not)."""
    await say(bot, "remind 2026-03-11 09:00 print the CV")
    async with db.session() as session:
        reminder = await session.scalar(select(Reminder))
        assert reminder is not None
        short_id = reminder.short_id
    await say(bot, f"reminders cancel {short_id}")
    reply = await say(bot, "calendar")
    assert reply.attachment is None


async def test_summer_time_reads_back_across_the_change(bot, db):
    """Added in winter, held in summer: the VTIMEZONE carries the change (+02:00)."""
    await say(bot, "interview 2026-07-08 09:30 Acme")
    ics = _ics(await say(bot, "calendar"))
    assert "DTSTART;TZID=Europe/Berlin:20260708T093000" in ics
    [event] = vobject.readOne(ics).vevent_list
    assert event.dtstart.value.utcoffset() == timedelta(hours=2)
    assert event.dtstart.value == utc(2026, 7, 8, 7, 30)


async def test_help_explains_calendar(bot):
    """`help calendar` says what it is for, the form and an example."""
    text = plain(await say(bot, "help calendar"))
    assert "Your interviews, follow-ups and reminders as a file" in text
    assert "/prep calendar [interview-id]" in text and "Example: /prep calendar" in text


async def test_a_repeating_reminder_repeats_in_the_calendar(bot, db):
    """`remind every monday and thursday 9am ...` is one event with a weekly RRULE."""
    reply = await say(bot, "remind every monday and thursday 9am practise one STAR story")
    assert not reply.is_error, plain(reply)
    ics = _ics(await say(bot, "calendar"))
    assert "RRULE:FREQ=WEEKLY;BYDAY=MO,TH" in ics
    [event] = vobject.readOne(ics).vevent_list
    first_three = list(event.getrruleset())[:3]
    assert [d.strftime("%a %H:%M") for d in first_three] == ["Thu 09:00", "Mon 09:00", "Thu 09:00"]


async def test_console_button_number_saves_that_interviews_file(db, clock, tmp_path):
    """Typing the Add to calendar button's number writes `prepbot-<id>.ics`."""
    out = io.StringIO()
    session = ConsoleSession(PrepBot(db, clock=clock), actor(), out=out, files_dir=tmp_path)
    confirmation = await session.answer("interview 2026-03-12 14:00 Acme")
    assert confirmation is not None
    number = next(i for i, b in enumerate(confirmation.buttons, 1) if b.label == "Add to calendar")
    await session.answer(str(number))
    [saved] = tmp_path.glob("prepbot-*.ics")
    assert saved.name != "prepbot-interviews.ics"
    assert f"Saved {saved}" in out.getvalue()
