"""`/prep calendar` and "Add to calendar" on Discord: the .ics as an interaction attachment.

Real interaction payloads through discord.py's tree; the answer is multipart
(`payload_json` plus `files[0]`), as discord.py sends it, and the fake checks its body
against Discord's OpenAPI document and that every listed attachment was uploaded.
"""

from __future__ import annotations

import asyncio

import vobject

from adapters.discord.forms import DAY_LABEL, START_LABEL
from tests.adapters.discord.payloads import option
from tests.fakes.discord_api import message_problems

FORM = {
    DAY_LABEL: "2026-03-12",
    START_LABEL: "14:00",
    "Company": "R_D Labs [EU] #1",
    "Job title (optional)": "Data Analyst",
    "Interviewers: Name (role), Name (role)": "Dana Lee (hiring manager), Sam Ortiz (peer)",
}


async def _add(harness, form=FORM):
    opened = await harness.command("interview", replies=False)
    answer = await harness.submit(opened.callback.body["data"], form)
    assert not answer.is_error, answer.text
    return answer


def _only_file(request) -> tuple[str, bytes]:
    [(name, data)] = request.files
    assert request.file_ids == [0]
    assert request.headers["Content-Type"].startswith("multipart/form-data")
    return name, data


async def test_calendar_answers_with_the_ics_attached(harness, fake_api):
    """One ephemeral answer carrying the file; the body passes Discord's schema."""
    await _add(harness)
    exchange = await harness.command("calendar")
    assert exchange.kind == 4 and exchange.ephemeral and not exchange.is_error
    name, data = _only_file(exchange.callback)
    assert name == "prepbot-interviews.ics"
    payload = exchange.messages[0]
    assert payload["attachments"] == [{"id": 0, "filename": "prepbot-interviews.ics"}]
    assert message_problems(payload, has_files=True) == []
    assert fake_api.schema_problems == []
    assert exchange.callback.status in (200, 204)
    [event] = vobject.readOne(data.decode("utf-8")).vevent_list
    # Literal in the file; escaped only where Discord would read markdown.
    assert event.summary.value == "Interview: R_D Labs [EU] #1 (Data Analyst)"
    assert sorted(a.params["CN"][0] for a in event.attendee_list) == ["Dana Lee", "Sam Ortiz"]
    shown = " ".join(e.get("description") or "" for e in payload["embeds"])
    assert "R\\_D Labs" in shown and "R_D Labs" not in shown


async def test_add_to_calendar_button_attaches_that_interview(harness, fake_api):
    """The confirmation's button answers with that interview's file only."""
    confirmation = await _add(harness)
    await _add(harness, {**FORM, "Company": "Globex", DAY_LABEL: "2026-03-20"})
    pressed = await harness.press(confirmation.messages[0], "Add to calendar")
    assert not pressed.is_error, pressed.text
    name, data = _only_file(pressed.callback)
    assert name.startswith("prepbot-") and name != "prepbot-interviews.ics"
    events = vobject.readOne(data.decode("utf-8")).vevent_list
    assert [e.summary.value for e in events] == ["Interview: R_D Labs [EU] #1 (Data Analyst)"]
    assert fake_api.schema_problems == []


async def test_another_member_pressing_it_gets_no_file(harness):
    """The button runs as the presser: someone else has no such interview."""
    confirmation = await _add(harness)
    pressed = await harness.press(
        confirmation.messages[0], "Add to calendar", user_id=harness.user_id + 7
    )
    assert pressed.is_error and pressed.callback.files == []


async def test_a_deferred_answer_carries_the_file_in_the_followup(
    harness, prep, client, monkeypatch
):
    """Past the defer threshold the file goes with the follow-up webhook message."""
    await _add(harness)
    real = prep.handle_text

    async def slow(actor, text):
        await asyncio.sleep(0.3)
        return await real(actor, text)

    monkeypatch.setattr(prep, "handle_text", slow)
    monkeypatch.setattr(client.runner, "_defer_after", 0.05)
    exchange = await harness.command("calendar")
    assert exchange.kind == 5
    [followup] = exchange.followups
    name, data = _only_file(followup)
    assert name == "prepbot-interviews.ics" and data.startswith(b"BEGIN:VCALENDAR\r\n")


async def test_bad_words_and_nothing_upcoming_send_no_file(harness):
    """A wrong id option gets the form; with nothing ahead, a friendly answer, no file."""
    wrong = await harness.command("calendar", [option("interview", "next week")])
    assert wrong.is_error and "/prep calendar [interview-id]" in wrong.text
    empty = await harness.command("calendar")
    assert not empty.is_error and "Nothing coming up" in empty.text
    assert wrong.callback.files == [] and empty.callback.files == []
