"""The silent wrong times of issue 15, each played end to end on the console scenario runner.

Each was written before its fix and failed on it: the reminder at 09:00 with "14h" in its
text, `tz EST` stored as a fixed offset, `tz GMT+1` offered Etc/GMT+1 (UTC-1), a snooze of
a reminder not sent yet counted from now, and a last call at 06:00.
"""

from __future__ import annotations

from typing import Any

from bot.db.engine import Database
from tests.bot.schedule.support import member, of_kind, play

THU_NOON = "2026-12-03T11:00:00Z"  # Thu 3 Dec 2026, 12:00 in Berlin


def scenario(
    tz: str, *lines: tuple[str, str], start: str = THU_NOON, end: str = "2026-12-08T00:00:00Z"
) -> dict[str, Any]:
    """Ana in `tz` saying each (at, text)."""
    return {
        "start": start,
        "end": end,
        "users": [{"id": "ana", "tz": tz}],
        "events": [{"at": at, "user": "ana", "say": text} for at, text in lines],
    }


async def test_remind_tomorrow_14h_is_at_14_00_with_the_text_alone(db: Database) -> None:
    """`remind tomorrow 14h call mom` comes Fri 14:00 Berlin time and says `call mom`."""
    lines = await play(db, scenario("Europe/Berlin", (THU_NOON, "remind tomorrow 14h call mom")))
    reply = of_kind(lines, "reply")[0]["text"]
    assert "Fri 4 Dec, 14:00 Berlin time" in reply, reply
    [sent] = of_kind(lines, "reminder")
    assert sent["at_local"] == "2026-12-04T14:00:00+01:00"
    assert "call mom" in sent["text"] and "14h" not in sent["text"]


async def test_tz_est_means_new_york_which_follows_summer_time(db: Database) -> None:
    """`tz EST` stores America/New_York and says so; a June 08:00 question comes at 08:00 EDT."""
    lines = await play(
        db,
        scenario(
            "UTC",
            ("2026-06-01T10:00:00Z", "tz EST"),
            ("2026-06-01T10:01:00Z", "daily on 08:00"),
            start="2026-06-01T10:00:00Z",
            end="2026-06-03T00:00:00Z",
        ),
    )
    reply = of_kind(lines, "reply")[0]["text"]
    assert "America/New_York" in reply and "summer time" in reply, reply
    assert (await member(db, "ana")).tz == "America/New_York"
    first = of_kind(lines, "daily_question")[0]
    assert first["at_local"] == "2026-06-01T08:00:00-04:00"  # 12:00 UTC, not 13:00


async def test_tz_gmt_plus_one_is_explained_not_turned_into_utc_minus_one(db: Database) -> None:
    """`tz GMT+1` stores nothing, says it has no summer time, and offers UTC+1 cities."""
    lines = await play(db, scenario("UTC", (THU_NOON, "tz GMT+1")))
    reply = of_kind(lines, "reply")[0]["text"]
    assert "Etc/GMT+1" not in reply, reply
    assert "summer time" in reply and "Europe/Berlin" in reply, reply
    assert (await member(db, "ana")).tz == "UTC"


async def test_snooze_of_a_reminder_not_yet_sent_counts_from_its_due_time(db: Database) -> None:
    """Snoozing Friday's 09:00 reminder by 2 hours on Thursday moves it to Friday 11:00."""
    set_it = scenario(
        "Europe/Berlin",
        (THU_NOON, "remind 2026-12-04 09:00 send the deck"),
        end="2026-12-03T11:01:00Z",
    )
    rid = of_kind(await play(db, set_it), "reply")[0]["text"].split("Reminder ", 1)[1][:5]
    lines = await play(
        db,
        scenario(
            "Europe/Berlin",
            ("2026-12-03T11:05:00Z", f"reminders snooze {rid} 2 hours"),
            start="2026-12-03T11:05:00Z",
        ),
    )
    reply = of_kind(lines, "reply")[0]["text"]
    assert "moved from Fri 09:00 to Fri 11:00" in reply, reply
    assert [line["at_local"] for line in of_kind(lines, "reminder")] == [
        "2026-12-04T11:00:00+01:00"
    ]


async def test_last_call_for_a_sunday_morning_interview_is_not_at_dawn(db: Database) -> None:
    """A Sunday 10:00 Los Angeles interview: the last call avoids 06:00 Monday, before 10:00."""
    lines = await play(
        db,
        scenario(
            "America/Los_Angeles",
            ("2026-12-03T20:00:00Z", "interview 2026-12-06 10:00 Acme with Dana Lee (manager)"),
            start="2026-12-03T20:00:00Z",
            end="2026-12-08T00:00:00Z",
        ),
    )
    [last_call] = of_kind(lines, "thank_you_last_call")
    local = last_call["at_local"]
    assert local.startswith("2026-12-07T") or local.startswith("2026-12-06T"), local
    hour = int(local[11:13])
    assert 8 <= hour < 21, local
    assert local < "2026-12-07T10:00:00-08:00"
