"""Reminders: set in the member's zone, list, cancel, snooze, done, and their limits."""

from __future__ import annotations

import re
from typing import Any

from bot.db.engine import Database
from tests.bot.schedule.support import deliveries, of_kind, play

START = "2026-06-01T12:00:00Z"  # 14:00 in Berlin (CEST, +02:00)


def says(*lines: tuple[str, str], end: str = "2026-06-04T00:00:00Z") -> dict[str, Any]:
    """A scenario of Ana in Berlin saying each (at, text)."""
    return {
        "start": START,
        "end": end,
        "users": [{"id": "ana", "tz": "Europe/Berlin"}],
        "events": [{"at": at, "user": "ana", "say": text} for at, text in lines],
    }


async def set_reminder(db: Database, text: str) -> str:
    """Ana sets a reminder at START; returns its id."""
    lines = await play(db, says((START, text), end="2026-06-01T12:01:00Z"))
    return reminder_id(of_kind(lines, "reply")[0]["text"])


def reminder_id(text: str) -> str:
    found = re.search(r"Reminder ([a-z0-9]{5}) set", text)
    assert found, text
    return found.group(1)


async def test_reminders_arrive_at_the_time_written_in_the_members_zone(db: Database) -> None:
    """`tomorrow 9am`, `in 2 hours` and a date-time all mean the member's local time."""
    lines = await play(
        db,
        says(
            (START, "remind tomorrow 9am review my STAR stories"),
            (START, "remind in 2 hours call Sam"),
            (START, "remind 2026-06-03 14:00 send the portfolio link"),
        ),
    )
    replies = [line["text"] for line in of_kind(lines, "reply")]
    assert "Tue 2 Jun, 09:00" in replies[0] and "Europe/Berlin" in replies[0]
    assert "Mon 1 Jun, 16:00" in replies[1]
    assert "Wed 3 Jun, 14:00" in replies[2]
    sent = [(line["at_local"], line["text"]) for line in of_kind(lines, "reminder")]
    assert [at for at, _ in sent] == [
        "2026-06-01T16:00:00+02:00",
        "2026-06-02T09:00:00+02:00",
        "2026-06-03T14:00:00+02:00",
    ]
    assert "call Sam" in sent[0][1]
    for label in ("Snooze 20 min", "Snooze 1 hour", "Tomorrow morning", "Done"):
        assert label in sent[0][1]


async def test_bad_times_are_refused_with_the_right_form(db: Database) -> None:
    """A past time, one more than a year ahead, or none at all: a clear error, nothing kept."""
    lines = await play(
        db,
        says(
            (START, "remind 2026-06-01 09:00 too late"),
            (START, "remind today 13:00 also too late"),
            (START, "remind 2027-07-01 09:00 far away"),
            (START, "remind someday call Sam"),
        ),
    )
    replies = [line["text"] for line in of_kind(lines, "reply")]
    assert "already passed" in replies[0] and "Mon 1 Jun, 09:00" in replies[0]
    assert "already passed" in replies[1]
    assert "more than a year" in replies[2]
    assert "/prep remind" in replies[3]
    assert all("/prep remind" in reply for reply in replies)
    assert await deliveries(db) == [] and of_kind(lines, "reminder") == []


async def test_list_and_cancel_only_the_members_own(db: Database) -> None:
    """`reminders` lists ids; cancel removes one; another member's id is unknown."""
    rid = await set_reminder(db, "remind tomorrow 9am first")
    lines = await play(
        db,
        {
            "start": "2026-06-01T12:05:00Z",
            "end": "2026-06-03T00:00:00Z",
            "users": [{"id": "ana", "tz": "Europe/Berlin"}, {"id": "bo", "tz": "Europe/Berlin"}],
            "events": [
                {"at": "2026-06-01T12:05:00Z", "user": "ana", "say": "reminders"},
                {"at": "2026-06-01T12:06:00Z", "user": "bo", "say": f"reminders cancel {rid}"},
                {"at": "2026-06-01T12:07:00Z", "user": "bo", "say": "reminders"},
                {"at": "2026-06-01T12:08:00Z", "user": "ana", "say": f"reminders cancel {rid}"},
                {"at": "2026-06-01T12:09:00Z", "user": "ana", "say": f"reminders cancel {rid}"},
                {"at": "2026-06-01T12:10:00Z", "user": "ana", "say": "reminders"},
            ],
        },
    )
    listed, bo_cancel, bo_list, cancelled, again, empty = (
        line["text"] for line in of_kind(lines, "reply")
    )
    assert rid in listed and "Tue 2 Jun, 09:00" in listed and "first" in listed
    assert f"no reminder with id {rid}" in bo_cancel and "/prep reminders" in bo_cancel
    assert "no reminders" in bo_list
    assert f"Cancelled reminder {rid}" in cancelled
    assert "already cancelled" in again
    assert "no reminders" in empty
    assert of_kind(lines, "reminder") == []


async def test_snooze_sends_again_and_done_stops_it(db: Database) -> None:
    """The DM's buttons: 20 min, 1 hour and tomorrow morning each send once more; done ends."""
    rid = await set_reminder(db, "remind in 1 hour stretch")
    lines = await play(
        db,
        {
            "start": "2026-06-01T12:05:00Z",
            "end": "2026-06-03T00:00:00Z",
            "users": [{"id": "ana", "tz": "Europe/Berlin"}],
            "events": [
                {"at": "2026-06-01T13:05:00Z", "user": "ana", "say": f"reminders snooze {rid} 20m"},
                {"at": "2026-06-01T13:30:00Z", "user": "ana", "say": f"reminders snooze {rid} 1h"},
                {
                    "at": "2026-06-01T14:35:00Z",
                    "user": "ana",
                    "say": f"reminders snooze {rid} tomorrow",
                },
                {"at": "2026-06-02T07:05:00Z", "user": "ana", "say": f"reminders done {rid}"},
                {"at": "2026-06-02T07:06:00Z", "user": "ana", "say": f"reminders snooze {rid} 20m"},
            ],
        },
    )
    assert [line["at_local"] for line in of_kind(lines, "reminder")] == [
        "2026-06-01T15:00:00+02:00",
        "2026-06-01T15:25:00+02:00",
        "2026-06-01T16:30:00+02:00",
        "2026-06-02T09:00:00+02:00",
    ]
    replies = [line["text"] for line in of_kind(lines, "reply")]
    assert "Mon 1 Jun, 15:25" in replies[0] and "Tue 2 Jun, 09:00" in replies[2]
    assert "Done" in replies[3] and "already done" in replies[4]
    keys = [row.dedupe_key for row in await deliveries(db, "reminder")]
    assert len(keys) == len(set(keys)) == 4


async def test_snoozing_before_it_is_due_moves_it(db: Database) -> None:
    """A snoozed reminder that had not gone out yet comes only at the new time.

    Issue 15: the delay now counts from the due time (15:00 + 1 h), not from now (12:10 +
    1 h = 15:10 was the old, wrong answer this test asserted).
    """
    rid = await set_reminder(db, "remind in 1 hour stretch")
    lines = await play(
        db,
        {
            "start": "2026-06-01T12:05:00Z",
            "end": "2026-06-02T00:00:00Z",
            "users": [{"id": "ana", "tz": "Europe/Berlin"}],
            "events": [
                {"at": "2026-06-01T12:10:00Z", "user": "ana", "say": f"reminders snooze {rid} 1h"}
            ],
        },
    )
    assert [line["at_local"] for line in of_kind(lines, "reminder")] == [
        "2026-06-01T16:00:00+02:00"
    ]
    assert [row.status for row in await deliveries(db, "reminder")] == ["sent"]


async def test_at_most_fifty_scheduled_reminders(db: Database) -> None:
    """The 51st scheduled reminder is refused with how to make room."""
    lines = await play(db, says(*[(START, f"remind tomorrow 9am item {n}") for n in range(51)]))
    replies = [line["text"] for line in of_kind(lines, "reply")]
    assert all("set for" in reply for reply in replies[:50])
    assert "50 reminders" in replies[50] and "/prep reminders" in replies[50]
