"""The whole phrasing table through the Slack interview modal's free-text "when" field.

Each phrase is a signed `view_submission` to the real bolt app; the confirmation DM says
the table's day and time back in the member's zone (from their Slack profile), and what
an interview cannot be (a delay, a day without a time) is refused on the field.
"""

from __future__ import annotations

import json

import pytest

from adapters.slack import modal
from bot.when.sayback import zone_label
from tests.adapters.slack.blockkit import plain
from tests.bot.when.phrasings import READ, ZONES, form_refusal
from tests.bot.when.test_phrasings import now_in


def _filled(when: str) -> dict:
    def text(value: str) -> dict:
        return {"value": {"type": "plain_text_input", "value": value}}

    return {
        modal.COMPANY: text("Acme"),
        modal.WHEN: text(when),
        modal.DATE: {"value": {"type": "datepicker", "selected_date": None}},
        modal.TIME: {"value": {"type": "timepicker", "selected_time": None}},
        modal.PEOPLE: text("Dana Lee (hiring manager)"),
    }


@pytest.mark.parametrize("zone", ZONES)
async def test_every_phrasing_through_the_slack_interview_form(slack, clock, zone):
    """All of READ: said back in full (day, time, zone), or refused on the when field."""
    clock.set(now_in(zone))
    await slack.command("interview")
    [opened] = slack.fake.calls_to("views.open")
    view = opened.params["view"]
    for index, (phrase, said) in enumerate(READ):
        user = f"U0FORM{index:03d}"
        slack.fake.add_user(user, name=f"Member {index}", tz=zone)
        sent = len(slack.fake.calls_to("chat.postMessage"))
        status, body = await slack.submit(view, _filled(phrase), user=user)
        assert status == 200, phrase
        refusal = form_refusal(phrase)
        if refusal is not None:
            answer = json.loads(body)
            assert list(answer["errors"]) == [modal.WHEN], (phrase, answer)
            assert refusal in answer["errors"][modal.WHEN], (phrase, answer)
            continue
        assert body == "", (phrase, body)
        [dm] = slack.fake.calls_to("chat.postMessage")[sent:]
        assert f"{said} {zone_label(zone)}" in plain(dm.params["blocks"]), phrase
