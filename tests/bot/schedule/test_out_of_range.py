"""Dates at the ends of the calendar are a clear refusal, never "Something went wrong".

`remind 0001-01-01 00:00 x` east of UTC (and in America/Adak, whose offset pushes late
dates past year 9999) used to overflow in the time arithmetic.
"""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.app import PrepBot
from bot.clock import VirtualClock
from bot.commands.context import Actor
from bot.db.engine import Database
from bot.plaintext import render_plain
from bot.schedule.timemath import OutOfRange, local_to_utc

ZONES = ["Asia/Tokyo", "Pacific/Kiritimati", "America/Adak", "Pacific/Pago_Pago"]
LINES = [
    "remind 0001-01-01 00:00 call Dana",
    "remind 9999-12-31 23:59 call Dana",
    "interview 0001-01-01 10:00 Acme",
    "interview 9999-12-31 23:00 Acme",
    "followup 0001-01-01 ask about the timeline",
]


@pytest.mark.parametrize("tz", ZONES)
def test_the_conversion_refuses_with_a_named_error(tz: str) -> None:
    for on, at in ((date(1, 1, 1), time(0, 0)), (date(9999, 12, 31), time(23, 59))):
        try:
            local_to_utc(on, at, tz)
        except OutOfRange as error:
            assert str(on) in str(error)


@pytest.mark.parametrize("tz", ZONES)
async def test_calendar_edge_dates_are_refused_clearly(
    db: Database, clock: VirtualClock, tz: str
) -> None:
    bot = PrepBot(db, clock=clock)
    ana = Actor("console", "ana", display_name="Ana")
    await bot.handle_text(ana, f"tz {tz}")
    await bot.handle_text(ana, "interview 2026-03-20 10:00 Globex")  # so followup has one
    for line in LINES:
        reply = await bot.handle_text(ana, line)
        text = render_plain(reply)
        assert reply.is_error, (line, text)
        assert "Something went wrong" not in text, (line, text)
