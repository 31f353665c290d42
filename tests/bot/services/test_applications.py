"""Applications: apply, interviews joining them, the board, outcomes and bad input."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

import bot.handlers
from bot.app import PrepBot
from bot.db.models import Application, Interview, Reminder
from bot.schedule.kind_names import FOLLOWUP, INTERVIEW_EVE, THANK_YOU, THANK_YOU_LAST_CALL
from tests.bot.services.test_interviews_support import items, plain, row_counts, run_due, say


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def bot(db, clock):
    return PrepBot(db, clock=clock)


async def _applications(db) -> list[Application]:
    async with db.session() as session:
        return list(await session.scalars(select(Application).order_by(Application.id)))


async def test_apply_says_back_everything_it_understood(bot, db):
    """Company, title, source and date are all said back, with the id; the row matches."""
    reply = await say(bot, "apply Acme as Data Analyst via LinkedIn on 2026-02-20")
    text = plain(reply)
    assert not reply.is_error, text
    [row] = await _applications(db)
    assert "Acme as Data Analyst, via LinkedIn, sent Fri 20 Feb 2026" in text
    assert row.short_id in text
    assert (row.company, row.job_title, row.source) == ("Acme", "Data Analyst", "LinkedIn")
    assert row.applied_on == date(2026, 2, 20) and row.stage == "applied" and row.round == 0


async def test_apply_defaults_to_today_and_reads_yesterday_in_the_members_zone(bot, db, clock):
    """Without `on` it is today in Berlin; `on yesterday` is the day before, local."""
    clock.set(utc(2026, 3, 2, 23, 30))  # already Tue 3 Mar in Berlin
    await say(bot, "apply Acme")
    await say(bot, "apply Globex on yesterday")
    first, second = await _applications(db)
    assert first.applied_on == date(2026, 3, 3)
    assert second.applied_on == date(2026, 3, 2)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("apply Acme on 2026-03-20", "still ahead"),
        ("apply Acme on 2020-01-01", "more than two years ago"),
        ("apply <!channel> Corp", "markup"),
        ("apply Acme as **Lead**", "markup"),
        ("apply Acme via https://jobs.example", "markup"),
        ("apply Acme on 2026-02-30", "no date"),
        ("apply " + "A" * 81, "too long"),
    ],
)
async def test_bad_applications_are_refused_and_nothing_is_stored(bot, db, line, expected):
    """A future or ancient date, markup, a link, an impossible date: a reply, no row."""
    reply = await say(bot, line)
    assert reply.is_error and expected in plain(reply), plain(reply)
    assert (await row_counts(db))["applications"] == 0


async def test_the_same_application_twice_is_refused_with_its_id(bot, db):
    """A retried `apply` names the one already recorded; another title is another job."""
    await say(bot, "apply Acme as Analyst")
    again = await say(bot, "apply acme as analyst")
    [row] = await _applications(db)
    assert again.is_error and row.short_id in plain(again)
    other = await say(bot, "apply Acme as Engineer")
    assert not other.is_error and len(await _applications(db)) == 2


async def test_an_interview_joins_the_open_application_and_counts_rounds(bot, db):
    """`interview` at a company you applied to is round 1, then round 2, said back."""
    await say(bot, "apply Acme as Analyst")
    [application] = await _applications(db)
    first = await say(bot, "interview 2026-03-05 10:00 Acme with Dana Lee (hiring manager)")
    assert f"Round 1 of your Acme application ({application.short_id})" in plain(first)
    second = await say(bot, "interview 2026-03-12 14:00 acme with Sam Ortiz (peer)")
    assert f"Round 2 of your Acme application ({application.short_id})" in plain(second)
    [application] = await _applications(db)
    assert (application.stage, application.round) == ("interviewing", 2)
    async with db.session() as session:
        ids = set(await session.scalars(select(Interview.application_id)))
    assert ids == {application.id}


async def test_an_interview_without_an_application_starts_one_and_says_so(bot, db):
    """No `apply` first: the interview starts an application, and the reply names it."""
    reply = await say(bot, "interview 2026-03-12 14:00 Globex as Engineer")
    [application] = await _applications(db)
    assert f"Tracked as a new application at Globex ({application.short_id})" in plain(reply)
    assert (application.job_title, application.stage, application.round) == (
        "Engineer",
        "interviewing",
        1,
    )


async def test_board_shows_stage_news_next_step_and_open_notes_newest_first(bot, db, clock):
    """Open first by latest news, closed after; next round, follow-up and unsent notes."""
    await say(bot, "apply Initech via referral on 2026-02-10")
    await say(bot, "apply Globex")
    await say(bot, "interview 2026-03-04 10:00 Acme with Dana Lee (hiring manager)")
    clock.set(utc(2026, 3, 4, 15, 0))
    await say(bot, "followup in 7 days")
    await say(bot, "outcome Initech rejected")
    reply = await say(bot, "applications")
    text = plain(reply)
    assert not reply.is_error, text
    acme, globex, initech = (text.index(name) for name in ("Acme", "Globex", "Initech"))
    assert acme < globex < initech, text
    assert "interviewing (round 1)" in text
    assert "Next: follow-up Wed 11 Mar, 09:00" in text
    assert "Open: 1 thank-you note not marked sent" in text
    assert "Last news: applied, Mon 2 Mar 2026" in text
    assert "Closed (1)" in text and "rejected" in text


async def test_board_reads_no_answer_after_three_silent_weeks(bot, clock):
    """Applied, nothing since for 22 days, nothing planned: `no answer`."""
    await say(bot, "apply Globex")
    clock.set(utc(2026, 3, 24, 12, 0))
    assert "Globex" in (text := plain(await say(bot, "pipeline"))) and "no answer" in text


async def test_empty_board_shows_a_dated_example(bot, clock):
    """No applications: how to record one, with a working example."""
    text = plain(await say(bot, "applications"))
    assert "No applications yet" in text and "/prep apply Acme" in text


async def test_rejection_cancels_the_pending_followup_and_last_call(bot, db, clock):
    """`outcome acme rejected`: the follow-up and last call are off, said back; a debrief."""
    await say(bot, "interview 2026-03-04 10:00 Acme as Analyst with Dana Lee (hiring manager)")
    clock.set(utc(2026, 3, 4, 12, 0))
    await say(bot, "followup in 7 days")
    assert await items(db, FOLLOWUP) and await items(db, THANK_YOU_LAST_CALL)
    reply = await say(bot, "outcome acme rejected")
    text = plain(reply)
    assert not reply.is_error, text
    assert "Called off: the follow-up; the last call for thank-you notes; the nudge if" in text
    assert await items(db, FOLLOWUP) == [] and await items(db, THANK_YOU_LAST_CALL) == []
    async with db.session() as session:
        [reminder] = list(await session.scalars(select(Reminder)))
    assert reminder.status == "cancelled"
    assert "After a no" in text and "A draft to Dana Lee asking for feedback" in text
    assert "Hi Dana," in text and "Analyst role at Acme" in text
    [application] = await _applications(db)
    assert application.stage == "rejected" and application.closed_at is not None


async def test_withdrawing_calls_off_the_rounds_still_ahead(bot, db):
    """An upcoming round of a withdrawn application loses its checklist and drafts."""
    await say(bot, "interview 2026-03-12 14:00 Acme with Dana Lee (hiring manager)")
    reply = await say(bot, "outcome Acme withdrawn")
    assert "the checklist and drafts of the round on Thu 12 Mar, 14:00" in plain(reply)
    for kind in (INTERVIEW_EVE, THANK_YOU, THANK_YOU_LAST_CALL):
        assert await items(db, kind) == []


async def test_offer_keeps_thank_yous_and_points_to_what_to_check(bot, db, clock):
    """An offer stops the follow-up only; the reply says what to check before yes."""
    await say(bot, "interview 2026-03-04 10:00 Acme with Dana Lee (hiring manager)")
    clock.set(utc(2026, 3, 4, 12, 0))
    await say(bot, "followup in 7 days")
    text = plain(await say(bot, "outcome acme offer"))
    assert "Before you say yes" in text and "The whole package" in text
    assert "Called off: the follow-up." in text
    assert await items(db, THANK_YOU_LAST_CALL) and await items(db, FOLLOWUP) == []
    again = await say(bot, "outcome acme offer")
    assert again.is_error and "after that, rejected, withdrawn, accepted" in plain(again)
    accepted = await say(bot, "outcome acme accepted")
    assert not accepted.is_error and "the stage is now accepted" in plain(accepted)


async def test_next_round_asks_for_the_next_date_with_the_company(bot, clock):
    """`next-round` asks when round 2 is, with an example line for that company."""
    await say(bot, "interview 2026-03-04 10:00 Acme")
    clock.set(utc(2026, 3, 5, 9, 0))
    text = plain(await say(bot, "outcome Acme next"))
    assert "When is round 2?" in text and "/prep interview 2026-03-19 14:00 Acme" in text


async def test_an_interview_id_or_an_application_id_works_like_the_company(bot, db):
    """The interview's id and the application's id both find the application."""
    await say(bot, "interview 2026-03-12 14:00 Acme")
    async with db.session() as session:
        interview = await session.scalar(select(Interview))
    [application] = await _applications(db)
    by_interview = await say(bot, f"outcome {interview.short_id} next-round")
    assert not by_interview.is_error and "Acme" in plain(by_interview)
    by_application = await say(bot, f"outcome #{application.short_id} offer")
    assert not by_application.is_error and "the stage is now offer" in plain(by_application)


async def test_ambiguous_prefix_is_asked_back_with_a_button_each(bot, db):
    """`ac` matches Acme and Acorn: the reply lists both, one button each; nothing moves."""
    await say(bot, "apply Acme")
    await say(bot, "apply Acorn")
    reply = await say(bot, "outcome ac rejected")
    assert reply.is_error and "Acme" in plain(reply) and "Acorn" in plain(reply)
    apps = await _applications(db)
    assert {b.command for b in reply.buttons} == {f"outcome {a.short_id} rejected" for a in apps}
    assert {a.stage for a in apps} == {"applied"}
    assert not (await say(bot, "outcome acm rejected")).is_error  # a unique prefix is enough


async def test_unknown_target_and_closed_application_are_refused(bot, db):
    """Nothing matches: say so. Already rejected: closed, nothing changes."""
    unknown = await say(bot, "outcome Nowhere offer")
    assert unknown.is_error and "no application or interview matching" in plain(unknown)
    await say(bot, "apply Acme")
    await say(bot, "outcome Acme rejected")
    closed = await say(bot, "outcome Acme offer")
    assert closed.is_error and "is closed: rejected on 2026-03-02" in plain(closed)
    [application] = await _applications(db)
    assert application.stage == "rejected"


async def test_another_member_cannot_see_or_move_an_application(bot, db):
    """Leo's `outcome Acme` finds nothing of Ana's, by name or by id."""
    await say(bot, "apply Acme")
    [application] = await _applications(db)
    for target in ("Acme", application.short_id):
        reply = await say(bot, f"outcome {target} rejected", user="leo")
        assert reply.is_error
    assert "No applications yet" in plain(await say(bot, "applications", user="leo"))
    [application] = await _applications(db)
    assert application.stage == "applied"


async def test_a_long_interview_gets_its_thank_you_an_hour_after_the_end(bot, db):
    """`until 17:00`: drafts at 18:00 local, last call 19 h after the end, said back."""
    reply = await say(
        bot, "interview 2026-03-12 09:00 until 17:00 Acme at Acme HQ, Berlin format onsite"
    )
    text = plain(reply)
    assert not reply.is_error, text
    assert "Thu 12 Mar, 09:00-17:00" in text and "Where: Acme HQ, Berlin" in text
    assert "Format: onsite" in text
    [thank_you] = await items(db, THANK_YOU)
    assert thank_you.next_run_at == utc(2026, 3, 12, 17, 0)  # 18:00 Berlin


async def test_the_default_hour_is_said_back(bot, db):
    """No length given: the reply shows the assumed hour and how to change it."""
    text = plain(await say(bot, "interview 2026-03-12 14:00 Acme"))
    assert "Thu 12 Mar, 14:00-15:00 (an hour unless you say for 3h)" in text


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("interview 2026-03-12 14:00 until 13:00 Acme", "can't end at 13:00"),
        ("interview 2026-03-12 14:00 for 13 hours Acme", "longer than 12 hours"),
        ("interview 2026-03-12 14:00 Acme at <!here> room", "markup"),
    ],
)
async def test_bad_interview_details_store_nothing(bot, db, line, message):
    """An end before the start, over 12 h, markup in the place: refused, no rows."""
    reply = await say(bot, line)
    assert reply.is_error and message in plain(reply), plain(reply)
    counts = await row_counts(db)
    assert counts["interviews"] == 0 and counts["applications"] == 0


async def test_the_eve_checklist_adds_the_prep_for_the_format(bot, db, clock):
    """`format presentation`: the checklist says to rehearse and time it; none otherwise."""
    await say(bot, "interview 2026-03-12 14:00 Acme format presentation")
    await say(bot, "interview 2026-03-12 16:00 Globex")
    ran = await run_due(db, clock, INTERVIEW_EVE, utc(2026, 3, 11, 17, 0))
    texts = [plain(r.reply) for r in ran]
    [acme_text] = [t for t in texts if "Acme" in t]
    [globex_text] = [t for t in texts if "Globex" in t]
    assert "For your presentation" in acme_text and "with a timer" in acme_text
    assert "For your presentation" not in globex_text


@pytest.mark.parametrize(
    ("people", "asked"),
    [
        ("Bob Smith CTO", "Bob Smith (CTO)"),
        ("Dana Lee hiring manager", "Dana Lee (hiring manager)"),
        ("Ava Cole, Raj Patel recruiter", "Raj Patel (recruiter)"),
    ],
)
async def test_a_role_without_brackets_is_asked_back_and_nothing_stored(bot, db, people, asked):
    """`with Bob Smith CTO` is not silently a name: the reply shows the bracketed form."""
    reply = await say(bot, f"interview 2026-03-12 14:00 Acme with {people}")
    assert reply.is_error and asked in plain(reply), plain(reply)
    assert (await row_counts(db))["interviews"] == 0


async def test_a_plain_name_and_a_bracketed_role_are_not_asked_about(bot):
    """`Dana Lee` and `Bob Smith (CTO)` go straight through."""
    reply = await say(bot, "interview 2026-03-12 14:00 Acme with Dana Lee, Bob Smith (CTO)")
    assert not reply.is_error, plain(reply)
