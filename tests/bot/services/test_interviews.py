"""Interviews: adding one, its planned journey, listing, bad input and the eve checklist."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.app import PrepBot
from bot.content import default_library
from bot.db.models import Delivery, Interview, Member, Reminder, ScheduledItem
from bot.replies import BulletList
from bot.schedule.kind_names import (
    INTERVIEW_EVE,
    STALE_APPLICATION,
    THANK_YOU,
    THANK_YOU_LAST_CALL,
)
from bot.services.interviews import MAX_UPCOMING
from bot.services.timezones import replan_after_tz_change
from tests.bot.services.test_interviews_support import (
    JOURNEY,
    plain,
    row_counts,
    run_due,
    say,
)
from tests.bot.services.test_interviews_support import items as all_items


async def items(db, kind: str | None = None) -> list[ScheduledItem]:
    """The interview's own rows: its application's quiet nudge is the application's."""
    return [i for i in await all_items(db, kind) if i.kind != STALE_APPLICATION]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def bot(db, clock):
    return PrepBot(db, clock=clock)


async def test_add_confirms_id_people_and_what_happens_next(bot, db):
    """The confirmation names the id, each interviewer with their group, and the plan."""
    reply = await say(bot, JOURNEY)
    text = plain(reply)
    assert not reply.is_error
    async with db.session() as session:
        interview = await session.scalar(select(Interview))
    assert interview is not None
    assert interview.short_id in text
    for name in ("Dana Lee", "Sam Ortiz", "Priya Nair"):
        assert name in text
    assert "hiring manager" in text and "an executive" in text
    assert "Wed 11 Mar, 18:00" in text  # eve, local
    assert "Thu 12 Mar, 16:00" in text  # thank-you drafts, start + 2 h
    assert "Fri 13 Mar, 10:00" in text  # last call, start + 20 h
    assert "Europe/Berlin" in text


async def test_journey_is_planned_in_utc(bot, db):
    """Eve at 18:00 local the day before, thanks at +2 h, last call at +20 h, all UTC."""
    await say(bot, JOURNEY)
    planned = {i.kind: i.next_run_at for i in await items(db)}
    assert planned == {
        INTERVIEW_EVE: utc(2026, 3, 11, 17, 0),
        THANK_YOU: utc(2026, 3, 12, 15, 0),
        THANK_YOU_LAST_CALL: utc(2026, 3, 13, 9, 0),
    }


async def test_eve_follows_dst_on_the_day_before(bot, db):
    """Berlin springs forward on 29 March: the eve is 18:00 CEST (16:00Z) that day."""
    await say(bot, "interview 2026-03-30 10:00 Acme with Dana Lee (hiring manager)")
    planned = {i.kind: i.next_run_at for i in await items(db)}
    assert planned[INTERVIEW_EVE] == utc(2026, 3, 29, 16, 0)
    assert planned[THANK_YOU] == utc(2026, 3, 30, 10, 0)


async def test_eve_skipped_when_added_after_the_evening_before(bot, db, clock):
    """Added at 19:00 the evening before: no checklist, and the reply says so."""
    clock.set(utc(2026, 3, 11, 18, 0))  # 19:00 in Berlin
    reply = await say(bot, JOURNEY)
    assert "no checklist" in plain(reply)
    assert {i.kind for i in await items(db)} == {THANK_YOU, THANK_YOU_LAST_CALL}


async def test_no_interviewers_plans_no_last_call(bot, db):
    """With nobody named there is one generic draft and nothing to chase."""
    reply = await say(bot, "interview 2026-03-12 14:00 Acme")
    assert "one to adapt" in plain(reply)
    assert {i.kind for i in await items(db)} == {INTERVIEW_EVE, THANK_YOU}


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("interview 2026-03-01 14:00 Acme", "already past"),
        ("interview 2026-03-02 12:30 Acme", "already past"),  # 12:30 Berlin is 11:30Z
        ("interview 2026-02-30 14:00 Acme", "no date"),
        ("interview 2028-03-12 14:00 Acme", "more than a year"),
        ("interview 2026-03-12 14:00 Acme with Dana <@U123> (peer)", "mention"),
        ("interview 2026-03-12 14:00 Acme with *Dana* (peer)", "markup"),
        ("interview 2026-03-12 14:00 Acme with @everyone (peer)", "mention"),
        ("interview 2026-03-12 14:00 <!channel>", "markup"),
        ("interview 2026-03-12 14:00 " + "A" * 81, "too long"),
        (
            "interview 2026-03-12 14:00 Acme with "
            + ", ".join(f"Person{chr(65 + i)} X (peer)" for i in range(13)),
            "more than 12",
        ),
    ],
)
async def test_bad_input_is_refused_and_stores_nothing(bot, db, line, fragment):
    """Past, impossible or far dates, markup, mentions, overlong text, too many people."""
    await say(bot, "interviews")  # the member exists, so only the interview could change
    before = await row_counts(db)
    reply = await say(bot, line)
    assert reply.is_error
    assert fragment in plain(reply)
    assert "/prep interview" in plain(reply) or "Use:" in plain(reply)
    assert await row_counts(db) == before


async def test_same_line_twice_is_one_interview(bot, db):
    """A retried command does not plan the journey twice."""
    await say(bot, JOURNEY)
    again = await say(bot, JOURNEY)
    assert again.is_error and "already added" in plain(again)
    assert len(await items(db, THANK_YOU)) == 1


async def test_upcoming_quota(bot, db):
    """At most 50 upcoming interviews per member; the 51st changes nothing."""
    for n in range(MAX_UPCOMING):
        reply = await say(bot, f"interview 2026-04-{1 + n % 28:02d} {8 + n // 28}:00 Co{n}")
        assert not reply.is_error, plain(reply)
    before = await row_counts(db)
    reply = await say(bot, "interview 2026-05-01 10:00 OneTooMany")
    assert reply.is_error and str(MAX_UPCOMING) in plain(reply)
    assert await row_counts(db) == before
    listing = await say(bot, "interviews")
    lists = [b for b in listing.blocks if isinstance(b, BulletList)]
    assert sum(len(b.items) for b in lists) == MAX_UPCOMING
    assert all(len("\n".join(b.items)) < 3000 for b in lists)  # one Slack section each


async def test_interviews_lists_upcoming_and_recent(bot, db, clock):
    """`interviews` shows upcoming ones, and recent ones with thank-you status."""
    await say(bot, JOURNEY)
    await say(bot, "interview 2026-03-20 09:30 Globex as Analyst with Ann Wu (director)")
    clock.set(utc(2026, 3, 12, 15, 0))
    await say(bot, "thanks sent Dana")
    text = plain(await say(bot, "interviews"))
    assert "Upcoming" in text and "Globex (Analyst)" in text and "Fri 20 Mar, 09:30" in text
    assert "Recent" in text and "thank-yous 1 of 3 sent" in text
    other = plain(await say(bot, "interviews", user="bo"))
    assert "No interviews yet" in other and "Globex" not in other


async def test_unknown_and_foreign_ids_read_the_same(bot, db):
    """Someone else's interview id gets exactly the reply an unknown id gets."""
    await say(bot, JOURNEY)
    async with db.session() as session:
        theirs = (await session.scalar(select(Interview))).short_id
    foreign = await say(bot, f"thanks {theirs}", user="bo")
    unknown = await say(bot, "thanks zz9zz", user="bo")
    assert foreign.is_error and unknown.is_error
    assert plain(foreign).replace(theirs, "X") == plain(unknown).replace("zz9zz", "X")


async def test_zone_change_moves_the_eve_not_the_interview(bot, db, clock):
    """Moving to New York puts the eve at 18:00 there; the interview instant stays."""
    await say(bot, JOURNEY)
    async with db.session() as session:
        member = await session.scalar(select(Member))
        member.tz = "America/New_York"
        await replan_after_tz_change(session, member, clock.now())
    planned = {i.kind: i.next_run_at for i in await items(db)}
    # 13:00Z is 09:00 in New York on the 12th (EDT since 8 March): eve 11 March 18:00 EDT.
    assert planned[INTERVIEW_EVE] == utc(2026, 3, 11, 22, 0)
    assert planned[THANK_YOU] == utc(2026, 3, 12, 15, 0)


async def test_eve_checklist_has_research_stories_logistics_and_questions(bot, db, clock):
    """The checklist covers the three areas and gives each person questions for their role."""
    await say(bot, "stories add Calmed an outage under pressure")
    await say(bot, JOURNEY)
    [ran] = await run_due(db, clock, INTERVIEW_EVE, utc(2026, 3, 11, 17, 0))
    assert ran.plan.status == "pending" and ran.plan.key == ran.item.source_id
    text = plain(ran.reply)
    for heading in ("Research to refresh", "Stories to rehearse", "Logistics"):
        assert heading in text
    assert "Calmed an outage under pressure" in text
    content = default_library()
    payload = ran.plan.payload
    by_name = {p["name"]: p["questions"] for p in payload["people"]}
    asks = {c: {q.text for q in content.questions_in(c)} for c in content.categories}
    assert set(by_name["Priya Nair"]) <= asks["ask-executive"]
    assert set(by_name["Dana Lee"]) <= asks["ask-hiring-manager"]
    assert set(by_name["Sam Ortiz"]) <= asks["ask-peer"]
    assert all(len(q) == 2 for q in by_name.values())
    assert "round one" in text


async def test_eve_after_the_start_is_recorded_missed(bot, db, clock):
    """Down until after the interview began: the checklist is not sent late."""
    await say(bot, JOURNEY)
    [ran] = await run_due(db, clock, INTERVIEW_EVE, utc(2026, 3, 12, 13, 30))
    assert ran.plan.status == "missed" and ran.reply is None


async def test_two_peers_get_different_questions(bot, db, clock):
    """Questions rotate within a role, so two peers are not asked the same thing."""
    await say(bot, "interview 2026-03-12 14:00 Acme with Sam Ortiz (peer), Lee Park (engineer)")
    [ran] = await run_due(db, clock, INTERVIEW_EVE, utc(2026, 3, 11, 17, 0))
    first, second = (set(p["questions"]) for p in ran.plan.payload["people"])
    assert first and second and not first & second


async def _only_interview(db) -> Interview:
    async with db.session() as session:
        interview = await session.scalar(select(Interview))
    assert interview is not None
    return interview


async def test_cancel_forgets_the_interview_and_everything_planned_for_it(bot, db):
    """`interviews cancel <id>`: no checklist, drafts, last call or follow-up remain."""
    await say(bot, JOURNEY)
    interview = await _only_interview(db)
    await say(bot, "followup 2026-03-30 polite nudge")
    await say(bot, "remind 2026-03-20 09:00 book the train")  # not about the interview
    reply = await say(bot, f"interviews cancel {interview.short_id}")
    text = plain(reply)
    assert not reply.is_error
    assert "Acme" in text and interview.short_id in text and "follow-up" in text
    assert {i.kind for i in await items(db)} == {"reminder"}
    counts = await row_counts(db)
    assert (counts["interviews"], counts["interviewers"], counts["reminders"]) == (0, 0, 1)
    listed = plain(await say(bot, "interviews"))
    assert "No interviews yet" in listed


async def test_interview_cancel_is_understood_too(bot, db):
    """The singular, as many will type it, does the same."""
    await say(bot, JOURNEY)
    interview = await _only_interview(db)
    reply = await say(bot, f"interview cancel {interview.short_id}")
    assert not reply.is_error
    assert await items(db) == []


async def test_nobody_can_cancel_another_members_interview(bot, db):
    """Someone else's id reads as unknown, and nothing of theirs changes."""
    await say(bot, JOURNEY, user="ana")
    interview = await _only_interview(db)
    before = await row_counts(db)
    reply = await say(bot, f"interviews cancel {interview.short_id}", user="ben")
    assert reply.is_error
    assert "no interview with id" in plain(reply)
    assert "/prep interviews" in plain(reply)
    after = await row_counts(db)
    assert after["interviews"] == before["interviews"] == 1
    assert after["scheduled_items"] == before["scheduled_items"]
    assert len(await items(db)) == 3


async def test_cancel_drops_nudges_waiting_for_a_retry_and_keeps_history(bot, db, clock):
    """A thank-you or follow-up already due but not yet sent is dropped; sent ones stay."""
    await say(bot, JOURNEY)
    interview = await _only_interview(db)
    await say(bot, "followup 2026-03-30 polite nudge")
    async with db.session() as session:
        followup = await session.scalar(select(Reminder).where(Reminder.kind == "followup"))
        assert followup is not None
        now = clock.now()

        def row(kind: str, source: str, status: str) -> Delivery:
            return Delivery(
                dedupe_key=f"{kind}:{source}:{status}",
                kind=kind,
                member_id=interview.member_id,
                source_id=source,
                due_at=now,
                payload={},
                status=status,
                attempts=1,
                not_before=now,
            )

        session.add_all(
            [
                row(THANK_YOU, interview.short_id, "pending"),
                row("followup", f"{followup.short_id}@2026-03-30", "pending"),
                row(INTERVIEW_EVE, interview.short_id, "sent"),
            ]
        )
    await say(bot, f"interviews cancel {interview.short_id}")
    async with db.session() as session:
        left = (await session.execute(select(Delivery.kind, Delivery.status))).all()
    assert [tuple(r) for r in left] == [(INTERVIEW_EVE, "sent")]
