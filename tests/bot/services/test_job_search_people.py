"""Interviewer emails and notes, how drafts are signed, quiet-application nudges, targets."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

import bot.handlers
from bot.app import PrepBot
from bot.db.models import Interviewer, Member
from bot.replies import Reply
from bot.schedule.kind_names import FOLLOWUP, STALE_APPLICATION
from tests.bot.services.test_interviews_support import items, plain, row_counts, run_due, say

PANEL = (
    "interview 2026-03-05 10:00 Acme as Data Analyst with Dana Lee (hiring manager, "
    "dana.lee@acme.com), Sam Ortiz (recruiter, sam@acme.com), Priya Nair (peer)"
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def bot(db, clock):
    return PrepBot(db, clock=clock)


async def _people(db) -> list[Interviewer]:
    async with db.session() as session:
        return list(await session.scalars(select(Interviewer).order_by(Interviewer.id)))


def _links(reply: Reply) -> dict[str, str]:
    return {
        b.label: b.url for block in reply.blocks for b in getattr(block, "buttons", ()) if b.url
    }


async def test_emails_are_stored_per_interviewer(bot, db):
    """`Name (role, email)` keeps the role and the email; without one, none."""
    reply = await say(bot, PANEL)
    assert not reply.is_error, plain(reply)
    assert "Dana Lee (hiring manager), dana.lee@acme.com: questions for" in plain(reply)
    dana, sam, priya = await _people(db)
    assert (dana.role, dana.email) == ("hiring manager", "dana.lee@acme.com")
    assert (sam.role, sam.email) == ("recruiter", "sam@acme.com")
    assert (priya.role, priya.email) == ("peer", None)


@pytest.mark.parametrize(
    "people",
    [
        "Dana Lee (hiring manager, dana@)",
        "Dana Lee (dana@acme)",
        "Dana Lee (dana lee@acme.com)",
        "Dana Lee (dana@acme.com, hiring manager)",
        "Dana Lee (peer, <mailto:x@y.com|x@y.com>)",
    ],
)
async def test_an_email_that_is_not_one_is_refused_and_nothing_is_stored(bot, db, people):
    """A clear reply naming the email form; no interview, no application."""
    reply = await say(bot, f"interview 2026-03-05 10:00 Acme with {people}")
    assert reply.is_error and "email" in plain(reply), plain(reply)
    counts = await row_counts(db)
    assert counts["interviews"] == 0 and counts["applications"] == 0


async def test_a_note_fills_the_specific_slot_and_thanks_shows_it(bot, db, clock):
    """`thanks note` (first name, any case) replaces the slot in that person's draft only."""
    await say(bot, PANEL)
    clock.set(utc(2026, 3, 5, 12, 0))
    noted = await say(bot, "thanks note dana the plan to split the data team")
    assert not noted.is_error, plain(noted)
    shown = plain(await say(bot, "thanks acme"))
    assert "conversation about the plan to split the data team" in shown
    assert shown.count("[something specific you discussed]") == 2  # Sam and Priya
    full = await say(bot, "thanks note Sam Ortiz how the rounds are run")
    assert not full.is_error and "Sam Ortiz" in plain(full)
    dana, sam, _ = await _people(db)
    assert (dana.note, sam.note) == ("the plan to split the data team", "how the rounds are run")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("thanks note Zed the roadmap", "Nobody called"),
        ("thanks note #nope Dana the roadmap", "no interview"),
        ("thanks note Dana see <!channel>", "markup"),
    ],
)
async def test_bad_notes_are_refused_and_nothing_is_stored(bot, db, clock, line, expected):
    """An unknown name or company, markup: a reply, no note."""
    await say(bot, PANEL)
    reply = await say(bot, line)
    assert reply.is_error and expected in plain(reply), plain(reply)
    assert all(p.note is None for p in await _people(db))


async def test_two_people_matching_a_note_are_asked_back(bot, db):
    """`thanks note Da ...` with a Dana and a Dave names both and stores nothing."""
    await say(bot, "interview 2026-03-05 10:00 Acme with Dana Lee (peer), Dave Kim (peer)")
    reply = await say(bot, "thanks note Da the roadmap")
    assert reply.is_error and "Dana Lee" in plain(reply) and "Dave Kim" in plain(reply)
    assert all(p.note is None for p in await _people(db))


async def test_the_email_button_is_a_mailto_with_the_filled_draft(bot, clock):
    """Subject and body percent-encoded; only people with an email get a button."""
    await say(bot, PANEL)
    clock.set(utc(2026, 3, 5, 12, 0))
    await say(bot, "thanks note Dana the plan to split the data team")
    links = _links(await say(bot, "thanks"))
    assert set(links) == {"Email Dana Lee", "Email Sam Ortiz"}
    url = urlsplit(links["Email Dana Lee"])
    assert url.scheme == "mailto" and url.path == "dana.lee@acme.com"
    query = parse_qs(url.query)
    assert query["subject"] == ["Thank you for today, Dana"]
    assert "the plan to split the data team" in query["body"][0]
    assert "\r\n" in query["body"][0] and " " not in url.query


async def test_drafts_are_signed_with_the_name_set_else_the_display_name(bot, db, clock):
    """Default: the platform's display name as written; `name` overrides; markup refused."""
    await say(bot, PANEL)
    clock.set(utc(2026, 3, 5, 12, 0))
    assert "Best regards,\nAna" in plain(await say(bot, "thanks"))
    refused = await say(bot, "name <@U123> Garcia")
    assert refused.is_error and "markup" in plain(refused)
    assert "Maria Garcia" in plain(await say(bot, "name Maria Garcia"))
    assert "Best regards,\nMaria Garcia" in plain(await say(bot, "thanks"))
    assert "Maria Garcia" in plain(await say(bot, "name"))
    await say(bot, "name reset")
    async with db.session() as session:
        member = await session.scalar(select(Member))
        assert member is not None and member.sign_name is None


async def test_the_follow_up_goes_to_the_recruiter(bot, db, clock):
    """Recruiter first, before the hiring manager: the draft greets Sam, with his email."""
    await say(bot, PANEL)
    clock.set(utc(2026, 3, 5, 13, 0))
    await say(bot, "followup in 3 days #acme")
    [ran] = await run_due(db, clock, FOLLOWUP, utc(2026, 3, 8, 9, 0))
    assert ran.reply is not None
    text = plain(ran.reply)
    assert "Hi Sam," in text and "to Sam Ortiz" in text
    assert urlsplit(_links(ran.reply)["Email Sam Ortiz"]).path == "sam@acme.com"


async def test_the_eve_checklist_asks_the_recruiter_about_the_timeline(bot, db):
    """The recruiter's questions are the recruiter's own: timeline and next steps."""
    await say(bot, PANEL)
    [ran] = await run_due(db, bot.clock, "interview_eve", utc(2026, 3, 4, 17, 0))
    sam = next(p for p in ran.plan.payload["people"] if p["name"] == "Sam Ortiz")
    assert any("decision" in q or "next steps" in q for q in sam["questions"])


async def test_a_quiet_application_gets_one_nudge(bot, db, clock):
    """10 days after the last news; once per quiet spell, outside quiet hours."""
    await say(bot, "apply Acme as Data Analyst")
    [row] = await items(db, STALE_APPLICATION)
    assert row.next_run_at == utc(2026, 3, 12, 8, 0)  # sent today: 09:00 Berlin counts
    [ran] = await run_due(db, clock, STALE_APPLICATION, utc(2026, 3, 12, 8, 0))
    assert ran.plan.status == "pending" and ran.reply is not None
    text = plain(ran.reply)
    assert "NO NEWS FROM ACME" in text
    assert "Following up on my application for the Data Analyst role" in text
    assert await items(db, STALE_APPLICATION) == []  # one nudge: the row is done


async def test_news_moves_the_nudge_and_closing_drops_it(bot, db, clock):
    """An outcome moves it 10 days on; a rejection removes it; closed ones never nudge."""
    await say(bot, "apply Acme")
    clock.set(utc(2026, 3, 6, 12, 0))
    await say(bot, "outcome acme screening")
    [row] = await items(db, STALE_APPLICATION)
    assert row.next_run_at == utc(2026, 3, 16, 12, 0)
    reply = await say(bot, "outcome acme rejected")
    assert "the nudge if they went quiet" in plain(reply)
    assert await items(db, STALE_APPLICATION) == []


async def test_nudges_off_stops_them_and_on_plans_them_again(bot, db):
    """`nudges off` unplans every one; `nudges on` plans the open ones again."""
    await say(bot, "apply Acme")
    await say(bot, "apply Globex")
    off = await say(bot, "nudges off")
    assert "Off" in plain(off) and await items(db, STALE_APPLICATION) == []
    assert "Off" in plain(await say(bot, "nudges status"))
    on = await say(bot, "nudges on")
    assert "2 open application" in plain(on)
    assert len(await items(db, STALE_APPLICATION)) == 2


async def test_a_stale_nudge_is_skipped_while_a_follow_up_is_planned(bot, db, clock):
    """Their own follow-up already is the nudge: recorded as skipped, not sent twice."""
    await say(bot, "interview 2026-03-03 10:00 Acme with Dana Lee (hiring manager)")
    clock.set(utc(2026, 3, 3, 12, 0))
    await say(bot, "followup 2026-03-20")
    [ran] = await run_due(db, clock, STALE_APPLICATION, utc(2026, 3, 13, 11, 0))
    assert ran.plan.status == "skipped"


async def test_company_names_work_where_an_interview_id_is_taken(bot, db, clock):
    """`thanks`, `followup #company` and `interviews cancel` read a unique prefix."""
    await say(bot, "interview 2026-03-05 10:00 Acme with Dana Lee (peer)")
    await say(bot, "interview 2026-03-06 10:00 Acorn with Bo Li (peer)")
    ambiguous = await say(bot, "interviews cancel ac")
    assert ambiguous.is_error and "Acme" in plain(ambiguous) and "Acorn" in plain(ambiguous)
    assert len(ambiguous.buttons) == 2
    cancelled = await say(bot, "interviews cancel acor")
    assert not cancelled.is_error and "Acorn" in plain(cancelled)
    clock.set(utc(2026, 3, 5, 12, 0))
    assert "Dana Lee" in plain(await say(bot, "thanks acm"))
    unknown = await say(bot, "thanks initech")
    assert unknown.is_error and "company matching initech" in plain(unknown)


async def test_the_export_holds_the_new_columns(bot, db, clock):
    """`privacy export` carries the email, the note, the signature and the nudge setting."""
    await say(bot, PANEL)
    clock.set(utc(2026, 3, 5, 12, 0))
    await say(bot, "thanks note Dana the roadmap")
    await say(bot, "name Maria Garcia")
    await say(bot, "nudges off")
    reply = await say(bot, "privacy export")
    assert reply.attachment is not None
    tables = json.loads(reply.attachment.content)["tables"]
    [member] = tables["members"]
    assert member["sign_name"] == "Maria Garcia" and member["stale_nudges"] is False
    dana = tables["interviewers"][0]
    assert (dana["email"], dana["note"]) == ("dana.lee@acme.com", "the roadmap")
    await say(bot, "privacy delete confirm")
    counts = await row_counts(db)
    assert counts["interviewers"] == 0 and counts["members"] == 0


async def test_a_back_dated_application_is_quiet_since_the_day_it_was_sent(bot, db):
    """`apply ... on <date>` counts its 10 days from that day (09:00 local), not from now."""
    await say(bot, "apply Acme on 2026-02-25")
    [row] = await items(db, STALE_APPLICATION)
    assert row.next_run_at == utc(2026, 3, 7, 8, 0)  # 09:00 Berlin, 10 days after 25 Feb
