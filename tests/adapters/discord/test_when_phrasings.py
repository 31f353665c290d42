"""A representative set of the phrasing table as Discord interactions: `/prep remind`
options, and the interview form's free-text day and start fields."""

from __future__ import annotations

import pytest

from adapters.discord.forms import DAY_LABEL, START_LABEL
from bot.when.sayback import zone_label
from tests.adapters.discord.helpers import Harness
from tests.adapters.discord.payloads import option
from tests.adapters.discord.typed import options_for
from tests.bot.when.phrasings import READ
from tests.bot.when.test_phrasings import now_in

SAMPLE = READ[2::5]  # a different fifth from Slack's
ZONE = "Australia/Sydney"  # southern hemisphere, in its summer time in December


@pytest.mark.parametrize(("phrase", "said"), SAMPLE)
async def test_phrasings_are_said_back_on_discord(harness: Harness, clock, phrase, said):
    """`/prep remind` with the when and text options answers with the full day and time."""
    clock.set(now_in(ZONE))
    await harness.command("tz", [option("zone", ZONE)])
    subcommand, options = options_for(f"remind {phrase} call Dana")
    answer = await harness.command(subcommand, options)
    assert not answer.is_error, answer.text
    assert f"{said} {zone_label(ZONE)}" in answer.text


FORM = [
    ("friday", "3pm", "Fri 4 Dec, 15:00"),
    ("tomorrow", "14h", "Fri 4 Dec, 14:00"),
    ("dec 20", "5 pm", "Sun 20 Dec, 17:00"),
    ("12/17", "10:00", "Thu 17 Dec, 10:00"),
    ("next monday", "9:30am", "Mon 7 Dec, 09:30"),
]


@pytest.mark.parametrize(("day", "start", "said"), FORM)
async def test_interview_form_reads_days_as_people_write_them(
    harness: Harness, clock, day, start, said
):
    """The form's day and start fields go through the same reader as typed text."""
    clock.set(now_in("Europe/Berlin"))
    await harness.command("tz", [option("zone", "Europe/Berlin")])
    opened = await harness.command("interview", replies=False)
    answer = await harness.submit(
        opened.callback.body["data"],
        {
            DAY_LABEL: day,
            START_LABEL: start,
            "Company": "Acme",
        },
    )
    assert not answer.is_error, answer.text
    assert f"{said} Berlin time" in answer.text


@pytest.mark.parametrize(("locale", "suggested"), [("en-US", "mar 4"), ("de", "3 apr")])
async def test_an_ambiguous_date_suggests_the_interaction_locale_on_discord(
    harness: Harness, clock, locale, suggested
):
    """`03/04` in the interview form is asked back; the interaction's locale picks the hint."""
    clock.set(now_in("Europe/Berlin"))
    await harness.command("tz", [option("zone", "Europe/Berlin")])
    opened = await harness.command("interview", replies=False, locale=locale)
    answer = await harness.submit(
        opened.callback.body["data"],
        {DAY_LABEL: "03/04", START_LABEL: "10:00", "Company": "Acme"},
        locale=locale,
    )
    assert answer.is_error and f"({locale}) suggests {suggested}" in answer.text, answer.text
    options = [option("when", "03/04 10:00"), option("text", "call Dana")]
    typed = await harness.command("remind", options, locale=locale)
    assert typed.is_error and f"suggests {suggested}" in typed.text, typed.text
