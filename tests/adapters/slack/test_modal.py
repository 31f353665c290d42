import json
from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from adapters.slack import modal
from bot.commands.types import AddInterview, InterviewerSpec
from bot.db.models import Interview
from tests.adapters.slack.blockkit import plain
from tests.fakes.slack_api import validate_blocks


def values(
    company="Fun With Flags",
    title="Data Analyst",
    on="2026-03-09",
    at="14:00",
    people="Dana Lee (hiring manager)\nSam Ortiz (peer)",
):
    def text(value):
        return {"value": {"type": "plain_text_input", "value": value}}

    return {
        modal.COMPANY: text(company),
        modal.TITLE: text(title),
        modal.DATE: {"value": {"type": "datepicker", "selected_date": on}},
        modal.TIME: {"value": {"type": "timepicker", "selected_time": at}},
        modal.PEOPLE: text(people),
    }


async def _open(slack):
    answer = await slack.command("interview")
    [opened] = slack.fake.calls_to("views.open")
    return answer, opened


async def test_bare_interview_opens_the_form(slack):
    """`/prep interview` alone opens the form: company, role, a free-text when (or date/time
    pickers), interviewers."""
    answer, opened = await _open(slack)
    assert answer.messages == []  # the form is the answer
    view = opened.params["view"]
    assert opened.params["trigger_id"]
    assert view["callback_id"] == modal.CALLBACK_ID and view["private_metadata"] == "C0GENERAL"
    kinds = {b["block_id"]: b["element"]["type"] for b in view["blocks"]}
    assert kinds == {
        "company": "plain_text_input",
        "job_title": "plain_text_input",
        "when": "plain_text_input",
        "date": "datepicker",
        "time": "timepicker",
        "interviewers": "plain_text_input",
    }
    assert validate_blocks(view["blocks"], max_blocks=100) == []


async def test_valid_submission_saves_the_interview_and_confirms_by_dm(slack):
    """A filled-in form adds the interview as typed (no split at "with") and DMs the answer."""
    _, opened = await _open(slack)
    status, body = await slack.submit(opened.params["view"], values())
    assert status == 200 and body == ""
    async with slack.bot.db.session() as session:
        interview = (
            await session.execute(select(Interview).options(selectinload(Interview.interviewers)))
        ).scalar_one()
        assert interview.company == "Fun With Flags" and interview.job_title == "Data Analyst"
        assert [(p.name, p.role) for p in interview.interviewers] == [
            ("Dana Lee", "hiring manager"),
            ("Sam Ortiz", "peer"),
        ]
    dms = [
        c
        for c in slack.fake.calls_to("chat.postMessage")
        if "Fun With Flags" in plain(c.params["blocks"])
    ]
    assert dms and dms[0].params["channel"] == "U0ANA0001"


async def test_missing_fields_are_shown_on_their_blocks(slack):
    """An empty company and no date or time come back as per-field errors; nothing is saved."""
    _, opened = await _open(slack)
    status, body = await slack.submit(opened.params["view"], values(company="  ", on=None, at=None))
    assert status == 200
    answer = json.loads(body)
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"company", "date", "time"}
    async with slack.bot.db.session() as session:
        assert (await session.execute(select(Interview))).first() is None


async def test_core_error_lands_on_the_field_it_is_about(slack):
    """A date already past in the member's zone (the core's rule) is shown on the date field."""
    _, opened = await _open(slack)
    _, body = await slack.submit(opened.params["view"], values(on="2026-03-01"))
    answer = json.loads(body)
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == ["date"] and "past" in answer["errors"]["date"]


def test_read_submission_builds_the_command():
    """The form's values become an AddInterview with people and roles."""
    parsed = modal.read_submission(values(title="", people="Dana Lee\n\n  Sam Ortiz (peer)  "))
    assert parsed == AddInterview(
        on=date(2026, 3, 9),
        at=time(14, 0),
        company="Fun With Flags",
        job_title=None,
        interviewers=(InterviewerSpec("Dana Lee"), InterviewerSpec("Sam Ortiz", "peer")),
    )


def test_read_submission_rejects_bad_interviewer_lines():
    """Duplicates, nameless lines and too many people are errors on the interviewers field."""
    assert "twice" in modal.read_submission(values(people="Dana\ndana"))["interviewers"]
    assert "Name (role)" in modal.read_submission(values(people="(peer)"))["interviewers"]
    assert "means everyone" in modal.read_submission(values(people="All (HM)"))["interviewers"]
    many = "\n".join(f"Person {chr(65 + i)}" for i in range(13))
    assert "more than 12" in modal.read_submission(values(people=many))["interviewers"]
    assert (
        "roles under"
        in modal.read_submission(values(people="Dana (" + "r" * 70 + ")"))["interviewers"]
    )


def test_error_block_guesses_the_field():
    """Core messages are routed to the field they talk about, the date by default."""
    assert modal.error_block("The company name is too long") == "company"
    assert modal.error_block("Dana Lee is listed twice") == "interviewers"
    assert modal.error_block("2026-03-01 14:00 (UTC) is already past") == "date"


async def test_form_that_cannot_open_falls_back_to_the_text_form(slack):
    """If Slack refuses views.open (trigger expired), the member is shown the typed form instead."""
    slack.fake.fail("views.open", "expired_trigger_id")
    answer = await slack.command("interview")
    assert "/prep interview" in plain(answer.blocks)


async def test_forged_over_long_fields_are_refused_naming_the_limit(slack):
    """A view_submission with a 5,000-character company (the form caps it at 80, a forged
    one does not) is refused on that field, naming the limit; nothing is saved."""
    _, opened = await _open(slack)
    for field, given in (
        (modal.COMPANY, {"company": "A" * 5000}),
        (modal.TITLE, {"title": "B" * 500}),
    ):
        _, body = await slack.submit(opened.params["view"], values(**given))
        answer = json.loads(body)
        assert answer["response_action"] == "errors", answer
        assert list(answer["errors"]) == [field]
        assert "80" in answer["errors"][field]
    async with slack.bot.db.session() as session:
        assert (await session.execute(select(Interview))).first() is None


def test_a_time_with_an_offset_or_seconds_is_refused_not_ignored():
    """The time picker sends HH:MM; `10:00:00+05:00` would silently lose its offset."""
    for at in ("10:00:00+05:00", "10:00+05:00", "10:00Z", "10:00:30", "1000"):
        parsed = modal.read_submission(values(at=at))
        assert isinstance(parsed, dict) and modal.TIME in parsed, at
        assert "HH:MM" in parsed[modal.TIME]
    for on in ("20260309", "2026-W11-1", "2026-03-09T10:00"):
        parsed = modal.read_submission(values(on=on))
        assert isinstance(parsed, dict) and modal.DATE in parsed, on


async def test_the_when_field_reads_days_as_people_write_them(slack, clock):
    """`friday 3pm` in the free-text field is read by the core's when-reader, said back in full."""
    clock.set(datetime(2026, 12, 3, 11, 0, tzinfo=UTC))  # Thu 3 Dec, 12:00 Berlin
    slack.fake.add_user("U0WHEN0001", name="Kim", tz="Europe/Berlin")
    _, opened = await _open(slack)
    filled = {**values(on=None, at=None), modal.WHEN: _text("friday 3pm for 90 minutes")}
    status, body = await slack.submit(opened.params["view"], filled, user="U0WHEN0001")
    assert status == 200 and body == ""
    async with slack.bot.db.session() as session:
        interview = (await session.execute(select(Interview))).scalar_one()
    assert interview.starts_at == datetime(2026, 12, 4, 14, 0, tzinfo=UTC)
    assert interview.ends_at == datetime(2026, 12, 4, 15, 30, tzinfo=UTC)
    [dm] = [c for c in slack.fake.calls_to("chat.postMessage") if "Fun With Flags" in str(c.params)]
    assert "Fri 4 Dec, 15:00 Berlin time" in plain(dm.params["blocks"])


async def test_an_unreadable_or_past_when_is_shown_on_the_when_field(slack, clock):
    """`25h`, a day with no time and a past day are refused on the when field; nothing saved."""
    clock.set(datetime(2026, 12, 3, 11, 0, tzinfo=UTC))
    slack.fake.add_user("U0WHEN0002", name="Kim", tz="Europe/Berlin")
    _, opened = await _open(slack)
    for typed, part in (
        ("friday 25h", "isn't a time of day"),
        ("friday", "Add the start time"),
        ("in 2 hours", "rather than a delay"),
        ("2026-12-01 10:00", "past"),
        ("friday 3pm Acme", "after it"),
        ("x" * 81, "80 characters"),
    ):
        filled = {**values(), modal.WHEN: _text(typed)}
        _, body = await slack.submit(opened.params["view"], filled, user="U0WHEN0002")
        answer = json.loads(body)
        assert answer["response_action"] == "errors", typed
        assert list(answer["errors"]) == ["when"] and part in answer["errors"]["when"], answer
    async with slack.bot.db.session() as session:
        assert (await session.execute(select(Interview))).first() is None


def _text(value):
    return {"value": {"type": "plain_text_input", "value": value}}


async def test_an_ambiguous_when_suggests_the_slack_locale_on_the_field(slack, clock):
    """`03/04 10:00` is asked back on the when field, with the profile locale's reading first."""
    clock.set(datetime(2026, 12, 3, 11, 0, tzinfo=UTC))
    slack.fake.add_user("U0WHEN0003", name="Kim", tz="Europe/Berlin", locale="en-GB")
    _, opened = await _open(slack)
    filled = {**values(), modal.WHEN: _text("03/04 10:00")}
    _, body = await slack.submit(opened.params["view"], filled, user="U0WHEN0003")
    errors = json.loads(body)["errors"]
    assert list(errors) == ["when"] and "(en-GB) suggests 3 apr" in errors["when"], errors
