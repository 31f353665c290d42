"""A delivery's identity includes its kind: two kinds with one owner and one key both go.

An interview's evening checklist, thank-you nudge and last call are all keyed by the
interview id, for the same member. Drop the kind from the dedupe key and only the first
is ever written (the others collide with it and are silently not planned).
"""

from __future__ import annotations

from datetime import timedelta

from bot.app import PrepBot
from bot.clock import VirtualClock
from bot.commands.context import Actor
from bot.db.engine import Database
from bot.schedule.engine import dedupe_key
from tests.bot.schedule.support import FakeTransport, deliveries, make_worker

KINDS_OF_ONE_INTERVIEW = ("interview_eve", "thank_you", "thank_you_last_call")


def test_the_key_names_the_kind() -> None:
    assert dedupe_key("thank_you", 7, "k7qd2") != dedupe_key("interview_eve", 7, "k7qd2")


async def test_kinds_sharing_an_owner_and_a_key_are_each_delivered(
    db: Database, clock: VirtualClock
) -> None:
    bot = PrepBot(db, clock=clock)
    ana = Actor("console", "ana", display_name="Ana")
    await bot.handle_text(ana, "tz UTC")
    start = clock.now() + timedelta(days=3)
    added = await bot.handle_text(
        ana, f"interview {start:%Y-%m-%d} 10:00 Acme with Dana Lee (hiring manager)"
    )
    assert not added.is_error
    transport = FakeTransport()
    worker = make_worker(db, clock, transport)
    await worker.start()
    try:
        # The eve, the drafts (an hour after the end), the last call (out of quiet hours).
        for moment in (timedelta(hours=-15.5), timedelta(hours=2.5), timedelta(hours=23.5)):
            clock.set(start.replace(hour=10, minute=0) + moment)
            await worker.run_once()
    finally:
        await worker.stop()
    rows = await deliveries(db)
    by_kind = {row.kind: row for row in rows}
    assert sorted(by_kind) == sorted(KINDS_OF_ONE_INTERVIEW)
    assert {row.status for row in rows} == {"sent"}
    keys = {row.dedupe_key.split(":", 1)[1] for row in rows}
    assert len(keys) == 1  # the same owner and key: only the kind tells them apart
    assert len(transport.sent) == 3
