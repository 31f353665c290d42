"""A truly ambiguous `03/04` is asked back, with the member's locale as the suggested reading."""

from __future__ import annotations

import pytest

from bot.app import PrepBot
from bot.commands.context import Actor
from bot.plaintext import render_plain
from bot.when.locale import month_first
from tests.bot.when.test_phrasings import now_in


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en-US", True), ("en_US", True), ("ja", True), ("en-GB", False), ("de", False),
     ("pt-BR", False), (None, None), ("", None)],
)  # fmt: skip
def test_which_locales_write_the_month_first(locale, expected) -> None:
    """en-US and Japanese write 03/04 for March 4; en-GB, German, Brazil for 3 April."""
    assert month_first(locale) is expected


@pytest.mark.parametrize(
    ("locale", "suggested", "other"),
    [("en-US", "mar 4", "3 apr"), ("en-GB", "3 apr", "mar 4"), ("de", "3 apr", "mar 4")],
)
async def test_the_locale_suggests_a_reading_and_still_asks(
    db, clock, locale, suggested, other
) -> None:
    """`remind 03/04 10:00` is refused (nothing stored), offering the locale's reading first."""
    clock.set(now_in("Europe/Berlin"))
    bot = PrepBot(db, clock=clock)
    actor = Actor("console", "ana", tz_hint="Europe/Berlin", locale=locale)
    reply = await bot.handle_text(actor, "remind 03/04 10:00 call Dana")
    text = render_plain(reply)
    assert reply.is_error
    assert f"suggests {suggested}: write {suggested} to confirm, or {other}" in text
    assert locale in text
    listed = render_plain(await bot.handle_text(actor, "reminders"))
    assert "no reminders" in listed


async def test_without_a_locale_both_readings_are_offered_alike(db, clock) -> None:
    """The console knows no locale: the question names both readings, suggesting neither."""
    clock.set(now_in("Europe/Berlin"))
    reply = await PrepBot(db, clock=clock).handle_text(
        Actor("console", "ana", tz_hint="Europe/Berlin"), "interview 03/04 10:00 Acme"
    )
    text = render_plain(reply)
    assert reply.is_error and "could be mar 4 or 3 apr" in text and "suggests" not in text
