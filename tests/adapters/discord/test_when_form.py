"""The whole phrasing table through the Discord interview form's free-text "When" field.

Each phrase is a modal submit (type 5, as Discord sends it) to the real discord.py client:
the reply says the table's day and time back in the member's zone, and what an interview
cannot be (a delay, a day without a time) is refused, nothing silently at 09:00.
"""

from __future__ import annotations

import pytest

from adapters.discord.forms import DAY_LABEL, START_LABEL
from bot.when.sayback import zone_label
from tests.adapters.discord.helpers import Harness
from tests.adapters.discord.payloads import option
from tests.bot.when.phrasings import READ, ZONES, form_refusal
from tests.bot.when.test_phrasings import now_in


@pytest.mark.parametrize("zone", ZONES)
async def test_every_phrasing_through_the_discord_interview_form(
    harness: Harness, clock, zone: str
) -> None:
    """All of READ in the When field (start left empty): said back in full, or refused."""
    clock.set(now_in(zone))
    for index, (phrase, said) in enumerate(READ):
        user = 1_180_000_000_000_700_000 + index  # one member per phrase: at most 50 upcoming
        await harness.command("tz", [option("zone", zone)], user_id=user)
        opened = await harness.command("interview", replies=False, user_id=user)
        answer = await harness.submit(
            opened.callback.body["data"],
            {DAY_LABEL: phrase, START_LABEL: "", "Company": "Acme"},
            user_id=user,
        )
        refusal = form_refusal(phrase)
        if refusal is not None:
            assert answer.is_error and refusal in answer.text, (phrase, answer.text)
            continue
        assert not answer.is_error, (phrase, answer.text)
        assert f"{said} {zone_label(zone)}" in answer.text, (phrase, answer.text)
