"""`/prep calendar` and "Add to calendar" on Slack: the .ics is uploaded into the DM.

Through the real bolt App (signed HTTP requests) and the real AsyncWebClient's
`files_upload_v2` against the fake: files.getUploadURLExternal, the bytes POSTed to
the upload URL, then files.completeUploadExternal with the DM's channel_id.
"""

from __future__ import annotations

import json

import vobject

from tests.adapters.slack.blockkit import button, is_error, plain
from tests.adapters.slack.conftest import ANA, BEN

INTERVIEW = (
    "interview 2026-03-12 14:00 for 2h R&D_Labs [EU] as Data_Analyst "
    "at Room 4, Floor 2; Building C with Dana Lee (hiring manager)"
)
ANA_DM = "D" + ANA[1:]


def _shared(slack, user: str = ANA) -> list:
    """The files completed into `user`'s DM, oldest first."""
    dm = "D" + user[1:]
    return [f for f in slack.fake.files.values() if f.completed and f.channel == dm]


async def test_calendar_uploads_the_ics_into_the_dm(slack):
    """The answer is private; the file reaches the DM by the three-step upload."""
    await slack.command(INTERVIEW)
    answer = await slack.command("calendar")
    assert not is_error(answer.blocks)
    assert answer.messages[0]["response_type"] == "ephemeral"
    assert "1 interview" in plain(answer.blocks)
    assert "The file is in your direct messages with prepbot." in plain(answer.blocks)
    [url_call] = slack.fake.calls_to("files.getUploadURLExternal")
    assert url_call.params["filename"] == "prepbot-interviews.ics"
    [complete] = slack.fake.calls_to("files.completeUploadExternal")
    assert complete.params["channel_id"] == ANA_DM
    assert "files.upload" not in {c.method for c in slack.fake.calls}  # the retired method
    [shared] = _shared(slack)
    assert shared.filename == "prepbot-interviews.ics"
    assert shared.data is not None and int(url_call.params["length"]) == len(shared.data)
    [event] = vobject.readOne(shared.data.decode("utf-8")).vevent_list
    # Member text is literal in the file (no chat escaping), escaped only by RFC 5545.
    assert event.summary.value == "Interview: R&D_Labs [EU] (Data_Analyst)"
    assert event.location.value == "Room 4, Floor 2; Building C"
    assert event.attendee.params["CN"] == ["Dana Lee"]
    assert b"LOCATION:Room 4\\, Floor 2\\; Building C" in shared.data


async def test_markup_in_the_company_is_escaped_in_the_chat_answer(slack):
    """`&` and `_` from the member are shown as text on Slack, never as formatting."""
    await slack.command(INTERVIEW)
    answer = await slack.command("calendar")
    # Rich text carries it as a literal text element: `_` and `&` cannot format or link.
    spans = [
        element
        for block in answer.blocks
        if block["type"] == "rich_text"
        for section in block["elements"]
        for item in section.get("elements", [])
        for element in item.get("elements", [item])
    ]
    assert {"type": "text", "text": "R&D_Labs [EU]", "style": {"bold": True}} in spans
    assert "<!" not in json.dumps(answer.blocks)


async def test_add_to_calendar_button_sends_that_interview(slack):
    """The confirmation's button uploads the one interview's file to the presser's DM."""
    confirmation = await slack.command(INTERVIEW)
    await slack.command("interview 2026-03-20 10:00 Globex")
    pressed = await slack.press(button(confirmation.blocks, "Add to calendar"))
    assert not is_error(pressed.blocks)
    assert "The file is in your direct messages with prepbot." in plain(pressed.blocks)
    [shared] = _shared(slack)
    assert shared.filename.startswith("prepbot-") and shared.filename != "prepbot-interviews.ics"
    assert shared.data is not None
    events = vobject.readOne(shared.data.decode("utf-8")).vevent_list
    assert [e.summary.value for e in events] == ["Interview: R&D_Labs [EU] (Data_Analyst)"]


async def test_another_member_pressing_it_gets_nothing_of_anas(slack):
    """Ben pressing Ana's button finds no such interview of his: no file for anyone."""
    confirmation = await slack.command(INTERVIEW)
    pressed = await slack.press(button(confirmation.blocks, "Add to calendar"), user=BEN)
    assert is_error(pressed.blocks)
    assert slack.fake.calls_to("files.completeUploadExternal") == []


async def test_nothing_upcoming_uploads_nothing(slack):
    """No interview: a friendly answer and no file."""
    answer = await slack.command("calendar")
    assert not is_error(answer.blocks)
    assert "Nothing coming up" in plain(answer.blocks)
    assert slack.fake.calls_to("files.getUploadURLExternal") == []


async def test_extra_words_show_the_form(slack):
    """`calendar next week` is refused with the right form."""
    answer = await slack.command("calendar next week")
    assert is_error(answer.blocks)
    assert "/prep calendar [interview-id]" in plain(answer.blocks)
    assert slack.fake.calls_to("files.getUploadURLExternal") == []
