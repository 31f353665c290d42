"""A representative set of the phrasing table through signed slash commands to bolt."""

from __future__ import annotations

import pytest

from bot.when.sayback import zone_label
from tests.adapters.slack.blockkit import is_error, plain
from tests.bot.when.phrasings import READ, ZONES
from tests.bot.when.test_phrasings import now_in

# Every fifth phrasing: each group of the table (ISO, weekdays, months, 12/17, delays, at).
SAMPLE = READ[::5]


@pytest.mark.parametrize("zone", ZONES)
async def test_phrasings_are_said_back_on_slack(slack, clock, zone):
    """`/prep remind <phrase> call Dana` answers with the full day, time and zone."""
    clock.set(now_in(zone))
    for index, (phrase, said) in enumerate(SAMPLE):
        user = f"U0PHRASE{index:02d}"
        slack.fake.add_user(user, name=f"Member {index}", tz=zone)
        answer = await slack.command(f"remind {phrase} call Dana", user=user)
        assert answer.status == 200 and answer.messages, phrase
        assert not is_error(answer.blocks), (phrase, plain(answer.blocks))
        assert f"{said} {zone_label(zone)}" in plain(answer.blocks), phrase


async def test_tz_abbreviation_is_confirmed_on_slack(slack, clock):
    """`/prep tz EST` stores New York's zone and says how it read EST."""
    answer = await slack.command("tz EST")
    shown = plain(answer.blocks)
    assert "America/New_York" in shown and "EST" in shown and "summer time" in shown


@pytest.mark.parametrize(("locale", "suggested"), [("en-US", "mar 4"), ("en-GB", "3 apr")])
async def test_an_ambiguous_date_suggests_the_profile_locale_on_slack(
    slack, clock, locale, suggested
):
    """`03/04` is asked back; the Slack profile's locale (include_locale) picks the suggestion."""
    clock.set(now_in("Europe/Berlin"))
    user = f"U0LOCALE{locale[-2:]}"
    slack.fake.add_user(user, name="Kim", tz="Europe/Berlin", locale=locale)
    answer = await slack.command("remind 03/04 10:00 call Dana", user=user)
    shown = plain(answer.blocks)
    assert is_error(answer.blocks) and f"({locale}) suggests {suggested}" in shown
