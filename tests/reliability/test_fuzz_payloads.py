"""Hostile payloads through the real adapters: Slack over signed HTTP, Discord interactions.

Every field an adapter reads from a platform is drawn hostile: the slash command's text
and user name, the profile's display name and zone, a button's value (a `/prep` line),
a form's fields, Discord options and custom ids. What comes back must be accepted by the
fake platform (its validators are Slack's and Discord's limits), escaped so nothing
mentions or links, sent with no mentions allowed on Discord, and never an internal error.
"""

from __future__ import annotations

import itertools
from typing import Any
from urllib.parse import urlencode

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from adapters.slack import modal
from tests.adapters.discord.helpers import Exchange, Harness
from tests.adapters.discord.payloads import button_press, message_with, modal_submit
from tests.adapters.slack.conftest import SlackHarness
from tests.fakes.slack_api import (
    block_actions,
    interaction,
    slash_command_fields,
    view_submission,
)
from tests.reliability.helpers import (
    FIGURES,
    INTERNAL_ERROR,
    ErrorLogs,
    check_discord_message,
    check_slack_message,
)
from tests.reliability.strategies import LINES, mutated, short_text, text, zones

PAYLOADS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
_users = itertools.count(1)

any_line = st.sampled_from(sorted(LINES)).flatmap(lambda word: mutated(LINES[word]))
channels = st.sampled_from(["C0GENERAL", "D0ANA0001", "G0PRIVATE1", ""])


# --- Slack ---


def _new_slack_user(slack: SlackHarness, name: str, tz: str) -> str:
    """A member the fake knows, with this profile (the adapter caches profiles per id)."""
    user_id = f"U0FZ{next(_users):07d}"
    slack.fake.add_user(user_id, name=name, tz=tz, is_admin=len(name) % 2 == 0)
    return user_id


def _utf8(value: str) -> str:
    return value.encode("utf-8", "replace").decode("utf-8")


async def _slack_answer(slack: SlackHarness, body: str, hook: str) -> list[dict[str, Any]]:
    """POST a signed body; every message the app sent for it, all checked."""
    before = len(slack.fake.calls)
    with ErrorLogs() as errors:
        status, _, _ = await slack.post(body)
    assert status == 200
    assert errors.records == [], [r.getMessage() for r in errors.records]
    sent = slack.fake.calls[before:]
    messages = [c.params for c in sent if c.method in ("response_url", "chat.postMessage")]
    for message in messages:
        shown = check_slack_message(message.get("blocks") or [], message.get("text") or "")
        assert INTERNAL_ERROR not in shown
    refused = [c for c in sent if c.method == "response_url" and c.path.endswith("/" + hook)]
    assert all(m.params.get("blocks") is not None for m in refused)
    return messages


@PAYLOADS
@given(line=any_line, user_name=short_text, name=short_text, tz=zones, channel=channels)
async def test_slack_slash_commands_with_hostile_fields(
    slack: SlackHarness, line: str, user_name: str, name: str, tz: str, channel: str
) -> None:
    """Slash commands with hostile text, user name and profile get valid, escaped answers."""
    FIGURES.fuzz_cases["Slack payloads"] += 1
    user_id = _new_slack_user(slack, name, tz)
    hook = f"fz{next(_users)}"
    fields = slash_command_fields(
        line, user_id=user_id, response_url=slack.fake.response_url(hook), channel_id=channel
    )
    fields["user_name"] = user_name
    # A form-encoded body is UTF-8: a lone surrogate cannot travel in one (JSON can).
    body = urlencode({k: _utf8(v) for k, v in fields.items()})
    await _slack_answer(slack, body, hook)


@PAYLOADS
@given(value=any_line, public=st.booleans(), channel=channels)
async def test_slack_button_values_are_run_as_the_presser_and_answered_safely(
    slack: SlackHarness, value: str, public: bool, channel: str
) -> None:
    """Any button value (a `/prep` line) runs as the presser and is answered safely."""
    FIGURES.fuzz_cases["Slack payloads"] += 1
    user_id = _new_slack_user(slack, "Presser", "UTC")
    hook = f"fz{next(_users)}"
    button = {
        "action_id": f"prep:{'pub' if public else 'cmd'}:1",
        "text": {"type": "plain_text", "text": "x"},
        "value": value,
    }
    container = {
        "type": "message",
        "message_ts": "1.1",
        "channel_id": channel,
        "is_ephemeral": channel.startswith("C"),
    }
    payload = block_actions(
        button,
        user_id=user_id,
        response_url=slack.fake.response_url(hook),
        container=container,
        channel_id=channel or None,
    )
    await _slack_answer(slack, interaction(payload), hook)


def _form_values(company: str, title: str, day: str, at: str, people: str) -> dict[str, Any]:
    def typed(value: str) -> dict[str, Any]:
        return {"value": {"type": "plain_text_input", "value": value}}

    return {
        modal.COMPANY: typed(company),
        modal.TITLE: typed(title),
        modal.DATE: {"value": {"type": "datepicker", "selected_date": day}},
        modal.TIME: {"value": {"type": "timepicker", "selected_time": at}},
        modal.PEOPLE: typed(people),
    }


# Slack enforces each input's max_length before a submission reaches the app.
form_company = text.map(lambda value: value[: modal.MAX_COMPANY])
form_title = st.one_of(st.just(""), text.map(lambda value: value[: modal.MAX_TITLE]))
form_people = st.lists(short_text, max_size=14).map(lambda rows: "\n".join(rows)[:1000])
# Mostly a good date and time, so the hostile text reaches the handler and the database.
form_day = st.one_of(
    st.just("2026-03-09"), st.just("2026-03-10"), st.sampled_from(["2026-03-01"]), short_text
)
form_time = st.one_of(st.just("14:00"), st.just("09:30"), short_text)


@PAYLOADS
@given(company=form_company, title=form_title, day=form_day, at=form_time, people=form_people)
# Found by this test: forms skip the grammar, so these once reached the database as typed.
@example(company="\ud800Acme", title="", day="2026-03-09", at="14:00", people="Dana (peer)")
@example(company="Acme\x00", title="Lead\u202e", day="2026-03-09", at="14:00", people="")
@example(company="Acme", title="\ufdfa" * 80, day="2026-03-09", at="14:00", people="")
async def test_slack_interview_form_with_hostile_fields(
    slack: SlackHarness, company: str, title: str, day: str, at: str, people: str
) -> None:
    """The Slack interview form with hostile fields: field errors or a save, never a crash."""
    FIGURES.fuzz_cases["Slack payloads"] += 1
    user_id = _new_slack_user(slack, "Former", "Europe/Berlin")
    view = modal.interview_view("C0GENERAL")
    values = _form_values(company, title, day, at, people)
    body = interaction(view_submission(view, values, user_id=user_id))
    before = len(slack.fake.calls)
    with ErrorLogs() as errors:
        status, answer, _ = await slack.post(body)
    assert status == 200 and INTERNAL_ERROR not in answer
    assert errors.records == [], [r.getMessage() for r in errors.records]
    for call in slack.fake.calls[before:]:
        if call.method == "chat.postMessage":
            check_slack_message(call.params.get("blocks") or [], call.params.get("text") or "")


# --- Discord ---

OPTIONS: dict[str, tuple[str, ...]] = {
    "help": ("command",),
    "question": ("category",),
    "daily": ("action", "time", "category"),
    "tz": ("zone",),
    "answer": ("text",),
    "thanks": ("sent", "interview"),
    "followup": ("when", "note", "interview"),
    "remind": ("when", "text"),
    "reminders": ("action", "id"),
    "stories": ("action", "title", "id"),
    "channel": ("action", "time", "zone", "category"),
    "pair": ("action", "weekday", "time", "zone", "round", "met"),
}
# Discord always sends these (`answer` without text opens a form instead of answering).
REQUIRED = {
    "daily": {"action"},
    "answer": {"text"},
    "followup": {"when"},
    "remind": {"when", "text"},
}
# Options with fixed choices: Discord only ever sends one of these.
CHOICES: dict[str, tuple[str, ...]] = {
    "action": ("on", "off", "status", "skip", "list", "add", "show", "cancel", "done", "daily"),
    "met": ("yes", "no"),
    "weekday": ("monday", "sunday"),
}


@st.composite
def discord_options(draw: st.DrawFn, subcommand: str) -> list[dict[str, Any]]:
    """Some of a subcommand's options, hostile where Discord lets a member type."""
    chosen = []
    for name in OPTIONS[subcommand]:
        if name not in REQUIRED.get(subcommand, ()) and not draw(st.booleans()):
            continue
        if name in CHOICES:
            value = draw(st.sampled_from(CHOICES[name]))
        else:
            value = draw(text).strip()[:500] or "x"
        chosen.append({"name": name, "type": 3, "value": value})
    return chosen


def _check_exchange(exchange: Exchange) -> None:
    assert exchange.callback.status in (200, 204), exchange.callback.body
    for request in exchange.followups:
        assert request.status in (200, 204), request.body
    for message in exchange.messages:
        # Nothing a member wrote may ping: every answer allows no mentions at all.
        assert message.get("allowed_mentions") == {"parse": []}, message
        check_discord_message(message, has_files=bool(exchange.callback.files))
    assert INTERNAL_ERROR not in exchange.text


@PAYLOADS
@given(data=st.data())
async def test_discord_subcommands_with_hostile_options(harness: Harness, data: Any) -> None:
    """Subcommands with hostile options get valid answers that allow no mentions."""
    FIGURES.fuzz_cases["Discord payloads"] += 1
    subcommand = data.draw(st.sampled_from(sorted(OPTIONS)), label="subcommand")
    options = data.draw(discord_options(subcommand), label="options")
    username = data.draw(short_text, label="username")[:32] or "x"
    admin = data.draw(st.booleans(), label="admin")
    with ErrorLogs() as errors:
        exchange = await harness.command(subcommand, options, username=username, admin=admin)
    assert errors.records == [], [r.getMessage() for r in errors.records]
    _check_exchange(exchange)


@PAYLOADS
@given(
    line=any_line, guild=st.sampled_from(["", "@1180000000000000001", "@42"]), in_dm=st.booleans()
)
async def test_discord_button_custom_ids_with_hostile_lines(
    harness: Harness, line: str, guild: str, in_dm: bool
) -> None:
    """A pressed button whose custom id carries any line runs it as the presser, safely."""
    FIGURES.fuzz_cases["Discord payloads"] += 1
    prefix = f"prep{guild}:"
    # Discord caps a custom id at 100 characters; the bot never makes a longer one.
    command = " ".join(line.split())[: 100 - len(prefix)].strip() or "help"
    custom_id = prefix + command
    message = message_with(
        [{"type": 1, "components": [{"type": 2, "style": 2, "label": "x", "custom_id": custom_id}]}]
    )
    payload = button_press(custom_id, message, **harness.who(in_dm=in_dm))
    with ErrorLogs() as errors:
        exchange = await harness.dispatch(payload)
    assert errors.records == [], [r.getMessage() for r in errors.records]
    _check_exchange(exchange)


INTERVIEW_FIELDS = (
    "When: friday 3pm, dec 20 14:00, tomorrow",
    "Start time, if not above (14:00, 2pm)",
    "Company",
    "Job title (optional)",
    "Interviewers: Name (role), Name (role)",
)
LIMITS = (80, 10, 80, 80, 1000)  # the form's max_length per field: Discord enforces them


@PAYLOADS
@given(values=st.tuples(form_day, form_time, text, text, text))
@example(values=("2026-03-09", "14:00", "Fun with \x00Flags", "Lead as \ud800", "Dana (peer)"))
async def test_discord_interview_form_with_hostile_fields(
    harness: Harness, values: tuple[str, ...]
) -> None:
    """The interview form submitted with hostile fields is answered safely."""
    FIGURES.fuzz_cases["Discord payloads"] += 1
    opened = await harness.command("interview", replies=False)
    form = opened.callback.body["data"]
    ids = {c["components"][0]["label"]: c["components"][0]["custom_id"] for c in form["components"]}
    filled = {
        ids[label]: value[:limit] or "x"
        for label, value, limit in zip(INTERVIEW_FIELDS, values, LIMITS, strict=True)
    }
    payload = modal_submit(form["custom_id"], filled, **harness.who())
    with ErrorLogs() as errors:
        exchange = await harness.dispatch(payload)
    assert errors.records == [], [r.getMessage() for r in errors.records]
    _check_exchange(exchange)
