"""Every phrasing of the table, typed on the console as `remind <phrase> call Dana`."""

from __future__ import annotations

import io

import pytest

from adapters.console.render import render
from adapters.console.session import ConsoleSession
from bot.app import PrepBot
from bot.commands.context import Actor
from bot.when.sayback import zone_label
from tests.bot.when.phrasings import READ, REFUSED, ZONES
from tests.bot.when.test_phrasings import now_in


@pytest.mark.parametrize("zone", ZONES)
async def test_every_phrasing_is_said_back_on_the_console(db, clock, zone):
    """Each reminder's confirmation states the table's day and time in the member's zone."""
    clock.set(now_in(zone))
    bot = PrepBot(db, clock=clock)
    for index, (phrase, said) in enumerate(READ):
        # One member per phrase: a member keeps at most 50 reminders.
        actor = Actor(platform="console", user_id=f"m{index}", tz_hint=zone)
        session = ConsoleSession(bot, actor, out=io.StringIO())
        reply = await session.answer(f"/prep remind {phrase} call Dana")
        assert reply is not None and not reply.is_error, (phrase, render(reply))
        assert f"{said} {zone_label(zone)}" in render(reply), (phrase, render(reply))


async def test_refusals_on_the_console_store_nothing(db, clock):
    """What cannot be read is refused with its reason, and `reminders` stays empty."""
    zone = "Europe/Berlin"
    clock.set(now_in(zone))
    session = ConsoleSession(
        PrepBot(db, clock=clock), Actor("console", "ana", tz_hint=zone), out=io.StringIO()
    )
    for phrase, part in REFUSED:
        reply = await session.answer(f"/prep remind {phrase} call Dana")
        assert reply is not None and reply.is_error, phrase
        assert part in render(reply), (phrase, render(reply))
    listed = await session.answer("/prep reminders")
    assert listed is not None and "no reminders" in render(listed)
