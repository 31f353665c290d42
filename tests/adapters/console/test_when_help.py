"""Help lists the ways to write a time, with examples dated from the bot's own today."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from adapters.console.render import render
from adapters.console.session import ConsoleSession
from bot.app import PrepBot
from bot.commands.context import Actor


async def test_help_remind_lists_the_forms_dated_from_today(db, clock):
    """On Thu 3 Dec 2026 the examples name Saturday and 17 Dec, never a past date."""
    clock.set(datetime(2026, 12, 3, 11, tzinfo=UTC))
    session = ConsoleSession(PrepBot(db, clock=clock), Actor("console", "ana"), out=io.StringIO())
    for line in ("/prep help remind", "/prep help"):
        reply = await session.answer(line)
        assert reply is not None
        shown = render(reply)
        assert "saturday 3pm" in shown and "2026-12-17" in shown, shown
        assert "2026-03-09" not in shown
    shown = render(await session.answer("/prep help remind") or reply)
    assert "every monday 9am" in shown and "in half an hour" in shown


async def test_a_refusal_dates_its_examples_from_today(db, clock):
    """`remind someday ...` answers with examples two days and two weeks from today."""
    clock.set(datetime(2026, 12, 3, 11, tzinfo=UTC))
    session = ConsoleSession(PrepBot(db, clock=clock), Actor("console", "ana"), out=io.StringIO())
    reply = await session.answer("/prep remind someday call Sam")
    assert reply is not None and reply.is_error
    assert "saturday 3pm" in render(reply) and "dec 17 14:00" in render(reply)
