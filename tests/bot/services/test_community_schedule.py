"""Community kinds through the real engine and dispatcher: once, DST, catch-up, failures.

These run the scheduling contract's tests for `channel_question`, `pairing_round`,
`pairing_checkin` and `weekly_digest`. They need the engine to route community targets
(docs/scheduling.md, "Community targets") and skip, saying so, until it does.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import PrepBot
from bot.clock import VirtualClock
from bot.commands.context import Actor
from bot.db.engine import Database
from bot.db.models import Community, ScheduledItem
from bot.plaintext import render_plain
from bot.schedule.transport import PermanentSendError, TemporarySendError
from prepbot.simulate import simulate
from tests.bot.schedule.support import deliveries, make_worker, of_kind, play
from tests.bot.services.community_support import (
    FakeCommunityTransport,
    community_scenario,
)

SCENARIOS = Path(__file__).parents[2] / "scenarios"


@pytest.mark.parametrize("name", ["community_week", "community_dst"])
def test_community_scenarios_match_their_expected_output(name: str) -> None:
    """`prepbot simulate` on the community scenarios is byte for byte as checked in."""
    out = io.StringIO()
    assert simulate(SCENARIOS / f"{name}.yaml", json=True, out=out) == 0
    assert out.getvalue() == (SCENARIOS / f"{name}.expected.jsonl").read_text(encoding="utf-8")


def _admin(at: str, say: str) -> dict[str, str]:
    return {"at": at, "user": "ann", "say": say}


CHANNEL_DST = {
    "berlin spring forward 02:30 (gap: 03:30 CEST)": (
        ("2026-03-28T00:00:00Z", "2026-03-31T00:00:00Z"),
        "02:30 Europe/Berlin",
        [
            ("2026-03-28T01:30:00Z", "2026-03-28T02:30:00+01:00"),
            ("2026-03-29T01:30:00Z", "2026-03-29T03:30:00+02:00"),
            ("2026-03-30T00:30:00Z", "2026-03-30T02:30:00+02:00"),
        ],
    ),
    "berlin fall back 02:30 (ambiguous: first occurrence, once)": (
        ("2026-10-24T00:00:00Z", "2026-10-27T00:00:00Z"),
        "02:30 Europe/Berlin",
        [
            ("2026-10-24T00:30:00Z", "2026-10-24T02:30:00+02:00"),
            ("2026-10-25T00:30:00Z", "2026-10-25T02:30:00+02:00"),
            ("2026-10-26T01:30:00Z", "2026-10-26T02:30:00+01:00"),
        ],
    ),
}


@pytest.mark.parametrize("case", list(CHANNEL_DST), ids=list(CHANNEL_DST))
async def test_channel_posts_keep_local_time_across_dst(db: Database, case: str) -> None:
    """One post per local date at the admin's time; gap and fold follow the contract."""
    (start, end), when, expected = CHANNEL_DST[case]
    scenario = community_scenario(
        start=start, end=end, events=[_admin(start, f"channel daily {when}")]
    )
    lines = of_kind(await play(db, scenario), "channel_question")
    assert [(line["at_utc"], line["at_local"]) for line in lines] == expected
    assert {line["user"] for line in lines} == {"#C1"}


async def test_a_channel_post_is_planned_once_however_often_it_is_reset(db: Database) -> None:
    """Resetting the time after today's post cannot post a second question today."""
    events = [
        _admin("2026-03-02T07:00:00Z", "channel daily 10:00 UTC"),
        _admin("2026-03-02T10:30:00Z", "channel daily 11:00 UTC"),
        _admin("2026-03-02T10:31:00Z", "channel off"),
        _admin("2026-03-02T10:32:00Z", "channel daily 12:00 UTC"),
    ]
    lines = await play(db, community_scenario(end="2026-03-04T00:00:00Z", events=events))
    posts = of_kind(lines, "channel_question")
    assert [line["at_utc"] for line in posts] == ["2026-03-02T10:00:00Z", "2026-03-03T12:00:00Z"]
    assert len(await deliveries(db, "channel_question")) == 2


async def test_after_an_outage_the_post_is_late_the_same_day_or_missed(db: Database) -> None:
    """Back by 21:00 local: posted late, saying so. Back the next day: recorded as missed."""
    events = [_admin("2026-03-02T07:00:00Z", "channel daily 10:00 UTC")]
    outages = [
        {"from": "2026-03-02T09:00:00Z", "to": "2026-03-02T15:00:00Z"},
        {"from": "2026-03-03T09:00:00Z", "to": "2026-03-04T09:30:00Z"},
    ]
    scenario = community_scenario(end="2026-03-05T00:00:00Z", events=events, outages=outages)
    posts = of_kind(await play(db, scenario), "channel_question")
    assert [line["at_utc"] for line in posts] == ["2026-03-02T15:00:00Z", "2026-03-04T10:00:00Z"]
    assert "Sorry this is late" in posts[0]["text"]
    statuses = [(d.local_date.isoformat(), d.status) for d in await deliveries(db)]
    assert ("2026-03-03", "missed") in statuses


async def test_one_round_a_week_with_check_ins_and_digests(db: Database) -> None:
    """Three members: one trio on Monday, check-ins on Thursday, digests on Sunday."""
    joins = [
        {"at": "2026-03-02T07:01:00Z", "user": u, "say": "pair on"} for u in ("ann", "bob", "cai")
    ]
    events = [
        _admin("2026-03-02T07:00:00Z", "channel daily 10:00 UTC"),
        *joins,
        _admin("2026-03-03T08:00:00Z", "pair schedule tuesday 09:00"),
    ]
    scenario = community_scenario(end="2026-03-16T00:00:00Z", events=events)
    lines = await play(db, scenario)
    rounds = of_kind(lines, "pairing_round")
    weeks = sorted({line["text"].split("Round ")[-1][:8] for line in rounds})
    assert weeks == ["2026-W10", "2026-W11"]  # a rescheduled week still has one round
    groups = [line for line in rounds if "+" in line["user"]]
    assert len(groups) == 2 and all(line["user"].count("+") == 2 for line in groups)
    checkins = of_kind(lines, "pairing_checkin")
    # Three days after each round, at the round's local time (the channel's zone, UTC),
    # except where that is in a member's quiet hours: 05:00 in New York waits until 08:00.
    assert len(checkins) == 6
    assert {line["at_utc"] for line in checkins if line["user"] != "bob"} == {
        "2026-03-05T10:00:00Z",
        "2026-03-13T09:00:00Z",
    }
    assert [line["at_local"] for line in checkins if line["user"] == "bob"] == [
        "2026-03-05T08:00:00-05:00",
        "2026-03-13T08:00:00-04:00",
    ]
    digests = of_kind(lines, "weekly_digest")
    assert sorted(line["user"] for line in digests) == ["ann", "ann", "bob", "bob", "cai", "cai"]
    assert all(line["at_local"][11:16] == "18:00" for line in digests)


async def test_a_channel_the_bot_cannot_post_in_pauses_the_community(
    db: Database, clock: VirtualClock
) -> None:
    """A permanent failure pauses the community's rows; an admin command resumes them."""
    transport = FakeCommunityTransport([PermanentSendError("not_in_channel")])
    bot = PrepBot(db, clock=clock)
    admin = Actor("console", "ann", channel_id="C1", is_admin=True, tz_hint="UTC")
    await bot.handle_text(admin, "channel daily 13:00")
    worker = make_worker(db, clock, transport)
    await worker.start()
    try:
        clock.set(datetime(2026, 3, 2, 13, 0, tzinfo=UTC))
        await worker.run_once()
    finally:
        await worker.stop()
    async with db.session() as session:
        community = (await session.execute(select(Community))).scalar_one()
        active = (await session.execute(select(ScheduledItem.active))).scalars().all()
    assert community.paused_reason == "not_in_channel" and active == [False]
    assert "Paused" in render_plain(await bot.handle_text(admin, "channel status"))
    reply = render_plain(await bot.handle_text(admin, "channel daily 13:00"))
    assert "back on now" in reply


async def test_a_temporary_failure_is_retried_and_posted_once(
    db: Database, clock: VirtualClock
) -> None:
    """A rate-limited post comes back after the backoff and goes out exactly once."""
    transport = FakeCommunityTransport([TemporarySendError("ratelimited", retry_after=30)])
    bot = PrepBot(db, clock=clock)
    admin = Actor("console", "ann", channel_id="C1", is_admin=True, tz_hint="UTC")
    await bot.handle_text(admin, "channel daily 13:00")
    worker = make_worker(db, clock, transport)
    await worker.start()
    try:
        clock.set(datetime(2026, 3, 2, 13, 0, tzinfo=UTC))
        await worker.run_once()
        assert transport.posts == []
        clock.set(datetime(2026, 3, 2, 14, 0, tzinfo=UTC))
        await worker.run_once()
        await worker.run_once()
    finally:
        await worker.stop()
    assert len(transport.posts) == 1
    assert [d.status for d in await deliveries(db, "channel_question")] == ["sent"]
