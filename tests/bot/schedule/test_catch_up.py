"""Catch-up after downtime: late daily questions until 21:00 local, one-offs always, once."""

from __future__ import annotations

from typing import Any

from bot.db.engine import Database
from tests.bot.schedule.support import deliveries, of_kind, play


def scenario(
    outage: tuple[str, str], *events: dict[str, str], end: str = "2026-05-05"
) -> dict[str, Any]:
    """Ana in New York (EDT, -04:00) with the daily question at 08:30 and one outage."""
    return {
        "start": "2026-05-01T00:00:00Z",
        "end": f"{end}T00:00:00Z",
        "users": [{"id": "ana", "tz": "America/New_York"}],
        "events": [
            {"at": "2026-05-01T13:00:00Z", "user": "ana", "say": "daily on 08:30"},
            *events,
        ],
        "outages": [{"from": outage[0], "to": outage[1]}],
    }


async def test_late_daily_is_sent_the_same_day(db: Database) -> None:
    """Down at 08:30, back at noon: the question comes at noon, saying it is late."""
    lines = await play(db, scenario(("2026-05-02T12:00:00Z", "2026-05-02T16:00:00Z")))
    daily = of_kind(lines, "daily_question")
    assert [line["at_local"] for line in daily] == [
        "2026-05-02T12:00:00-04:00",
        "2026-05-03T08:30:00-04:00",
        "2026-05-04T08:30:00-04:00",
    ]
    assert "late" in daily[0]["text"] and "late" not in daily[1]["text"]


async def test_late_daily_before_the_cut_off_is_sent(db: Database) -> None:
    """Back at 20:30 local: still the same date and before 21:00, so it is sent."""
    lines = await play(db, scenario(("2026-05-02T12:00:00Z", "2026-05-03T00:30:00Z")))
    first = of_kind(lines, "daily_question")[0]
    assert first["at_local"] == "2026-05-02T20:30:00-04:00"


async def test_late_daily_after_the_cut_off_is_missed(db: Database) -> None:
    """Back at 21:30 local: recorded as missed, not sent; the next day is normal."""
    lines = await play(db, scenario(("2026-05-02T12:00:00Z", "2026-05-03T01:30:00Z")))
    assert [line["at_local"] for line in of_kind(lines, "daily_question")] == [
        "2026-05-03T08:30:00-04:00",
        "2026-05-04T08:30:00-04:00",
    ]
    rows = {str(row.local_date): row.status for row in await deliveries(db, "daily_question")}
    assert rows == {"2026-05-02": "missed", "2026-05-03": "sent", "2026-05-04": "sent"}


async def test_outage_over_several_days_sends_today_once(db: Database) -> None:
    """Down for two days: the first missed day is recorded, today's is sent late, once."""
    lines = await play(db, scenario(("2026-05-02T00:00:00Z", "2026-05-04T14:00:00Z")))
    assert [line["at_local"] for line in of_kind(lines, "daily_question")] == [
        "2026-05-04T10:00:00-04:00",
    ]
    rows = {str(row.local_date): row.status for row in await deliveries(db, "daily_question")}
    assert rows == {"2026-05-02": "missed", "2026-05-04": "sent"}


async def test_reminder_during_an_outage_is_sent_late_once(db: Database) -> None:
    """A reminder due while the bot is down arrives when it is back, once, marked late."""
    lines = await play(
        db,
        scenario(
            ("2026-05-02T17:00:00Z", "2026-05-02T20:00:00Z"),
            {
                "at": "2026-05-01T13:30:00Z",
                "user": "ana",
                "say": "remind 2026-05-02 14:00 call Sam",
            },
        ),
    )
    sent = of_kind(lines, "reminder")
    assert [line["at_local"] for line in sent] == ["2026-05-02T16:00:00-04:00"]
    assert "call Sam" in sent[0]["text"] and "late" in sent[0]["text"]
    assert [row.status for row in await deliveries(db, "reminder")] == ["sent"]


async def test_commands_during_an_outage_get_no_answer(db: Database) -> None:
    """Nothing runs while the bot is down, not even replies."""
    lines = await play(
        db,
        scenario(
            ("2026-05-02T17:00:00Z", "2026-05-02T20:00:00Z"),
            {"at": "2026-05-02T18:00:00Z", "user": "ana", "say": "daily status"},
        ),
    )
    assert [line["at_utc"] for line in of_kind(lines, "reply")] == ["2026-05-01T13:00:00Z"]
