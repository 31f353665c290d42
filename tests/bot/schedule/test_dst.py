"""Daily questions across DST changes, in far zones, and when the member changes zone."""

from __future__ import annotations

import pytest

from bot.db.engine import Database
from tests.bot.schedule.support import deliveries, of_kind, play

# zone, subscription time, days simulated, expected (at_utc, at_local) of each question
DST_CASES = {
    "new-york spring forward 02:30 (gap: 03:30 EDT)": (
        "America/New_York",
        "02:30",
        ("2026-03-07", "2026-03-10"),
        [
            ("2026-03-07T07:30:00Z", "2026-03-07T02:30:00-05:00"),
            ("2026-03-08T07:30:00Z", "2026-03-08T03:30:00-04:00"),
            ("2026-03-09T06:30:00Z", "2026-03-09T02:30:00-04:00"),
        ],
    ),
    "new-york fall back 01:30 (ambiguous: first occurrence, once)": (
        "America/New_York",
        "01:30",
        ("2026-10-31", "2026-11-03"),
        [
            ("2026-10-31T05:30:00Z", "2026-10-31T01:30:00-04:00"),
            ("2026-11-01T05:30:00Z", "2026-11-01T01:30:00-04:00"),
            ("2026-11-02T06:30:00Z", "2026-11-02T01:30:00-05:00"),
        ],
    ),
    "new-york fall back 02:30": (
        "America/New_York",
        "02:30",
        ("2026-10-31", "2026-11-03"),
        [
            ("2026-10-31T06:30:00Z", "2026-10-31T02:30:00-04:00"),
            ("2026-11-01T07:30:00Z", "2026-11-01T02:30:00-05:00"),
            ("2026-11-02T07:30:00Z", "2026-11-02T02:30:00-05:00"),
        ],
    ),
    "london spring forward 02:30": (
        "Europe/London",
        "02:30",
        ("2026-03-28", "2026-03-31"),
        [
            ("2026-03-28T02:30:00Z", "2026-03-28T02:30:00+00:00"),
            ("2026-03-29T01:30:00Z", "2026-03-29T02:30:00+01:00"),
            ("2026-03-30T01:30:00Z", "2026-03-30T02:30:00+01:00"),
        ],
    ),
    "london spring forward 01:30 (gap: 02:30 BST)": (
        "Europe/London",
        "01:30",
        ("2026-03-28", "2026-03-31"),
        [
            ("2026-03-28T01:30:00Z", "2026-03-28T01:30:00+00:00"),
            ("2026-03-29T01:30:00Z", "2026-03-29T02:30:00+01:00"),
            ("2026-03-30T00:30:00Z", "2026-03-30T01:30:00+01:00"),
        ],
    ),
    "london fall back 01:30 (ambiguous: first occurrence, once)": (
        "Europe/London",
        "01:30",
        ("2026-10-24", "2026-10-27"),
        [
            ("2026-10-24T00:30:00Z", "2026-10-24T01:30:00+01:00"),
            ("2026-10-25T00:30:00Z", "2026-10-25T01:30:00+01:00"),
            ("2026-10-26T01:30:00Z", "2026-10-26T01:30:00+00:00"),
        ],
    ),
    "london fall back 02:30": (
        "Europe/London",
        "02:30",
        ("2026-10-24", "2026-10-27"),
        [
            ("2026-10-24T01:30:00Z", "2026-10-24T02:30:00+01:00"),
            ("2026-10-25T02:30:00Z", "2026-10-25T02:30:00+00:00"),
            ("2026-10-26T02:30:00Z", "2026-10-26T02:30:00+00:00"),
        ],
    ),
}


@pytest.mark.parametrize("name", list(DST_CASES))
async def test_daily_question_across_dst(db: Database, name: str) -> None:
    """A daily time in a DST gap moves past it; an ambiguous one comes once, first."""
    tz, at, (first_day, end_day), expected = DST_CASES[name]
    lines = await play(
        db,
        {
            # Subscribe the evening before the first expected day (UTC-12 covers both zones).
            "start": f"{first_day}T00:00:00Z",
            "end": f"{end_day}T00:00:00Z",
            "users": [{"id": "ana", "tz": tz}],
            "events": [{"at": f"{first_day}T00:00:00Z", "user": "ana", "say": f"daily on {at}"}],
        },
    )
    got = [(line["at_utc"], line["at_local"]) for line in of_kind(lines, "daily_question")]
    assert got == expected
    rows = await deliveries(db, "daily_question")
    assert [row.local_date.isoformat() for row in rows if row.local_date] == [
        local[:10] for _, local in expected
    ]


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        (
            "Asia/Kathmandu",  # +05:45
            [
                ("2026-05-01T02:00:00Z", "2026-05-01T07:45:00+05:45"),
                ("2026-05-02T02:00:00Z", "2026-05-02T07:45:00+05:45"),
                ("2026-05-03T02:00:00Z", "2026-05-03T07:45:00+05:45"),
            ],
        ),
        (
            "Pacific/Tongatapu",  # +13:00: the local day starts the UTC day before
            [
                ("2026-05-01T18:45:00Z", "2026-05-02T07:45:00+13:00"),
                ("2026-05-02T18:45:00Z", "2026-05-03T07:45:00+13:00"),
            ],
        ),
    ],
)
async def test_daily_question_in_far_zones(
    db: Database, tz: str, expected: list[tuple[str, str]]
) -> None:
    """Quarter-hour and +13:00 zones get the question at their own 07:45."""
    lines = await play(
        db,
        {
            "start": "2026-05-01T00:00:00Z",
            "end": "2026-05-03T12:00:00Z",
            "users": [{"id": "kim", "tz": tz}],
            "events": [{"at": "2026-05-01T00:00:00Z", "user": "kim", "say": "daily on 07:45"}],
        },
    )
    got = [(line["at_utc"], line["at_local"]) for line in of_kind(lines, "daily_question")]
    assert got == expected
    reply = of_kind(lines, "reply")[0]
    assert "07:45" in reply["text"] and tz in reply["text"]


async def test_tz_change_moves_the_daily_question(db: Database) -> None:
    """After `tz`, the next question comes at the same HH:MM in the new zone."""
    lines = await play(
        db,
        {
            "start": "2026-05-01T00:00:00Z",
            "end": "2026-05-04T00:00:00Z",
            "users": [{"id": "lee", "tz": "Europe/London"}],
            "events": [
                {"at": "2026-05-01T00:00:00Z", "user": "lee", "say": "daily on 07:45"},
                {"at": "2026-05-01T12:00:00Z", "user": "lee", "say": "tz Asia/Tokyo"},
                {"at": "2026-05-02T12:00:00Z", "user": "lee", "say": "daily status"},
            ],
        },
    )
    got = [line["at_local"] for line in of_kind(lines, "daily_question")]
    assert got == [
        "2026-05-01T07:45:00+01:00",  # London
        "2026-05-02T07:45:00+09:00",  # Tokyo from then on
        "2026-05-03T07:45:00+09:00",
        "2026-05-04T07:45:00+09:00",
    ]
    status = of_kind(lines, "reply")[-1]["text"]
    assert "Asia/Tokyo" in status and "Sun 3 May, 07:45" in status


async def test_tz_change_west_does_not_repeat_a_local_date(db: Database) -> None:
    """Moving west after today's question does not send today's again in the new zone."""
    lines = await play(
        db,
        {
            "start": "2026-05-01T00:00:00Z",
            "end": "2026-05-03T00:00:00Z",
            "users": [{"id": "lee", "tz": "Europe/London"}],
            "events": [
                {"at": "2026-05-01T00:00:00Z", "user": "lee", "say": "daily on 07:45"},
                # 08:00 in London: today's went out; it is 03:00 the same date in New York.
                {"at": "2026-05-01T07:00:00Z", "user": "lee", "say": "tz America/New_York"},
            ],
        },
    )
    got = [line["at_local"] for line in of_kind(lines, "daily_question")]
    assert got == ["2026-05-01T07:45:00+01:00", "2026-05-02T07:45:00-04:00"]
