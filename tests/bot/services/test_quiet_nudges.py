"""Quiet hours move every nudge the bot times itself, and never a time the member set.

Issue 15: the evening-before checklist, a follow-up's default 09:00, the weekly digest
and the pairing check-in leave the member's quiet hours (the thank-you drafts and the
last call have their own scenario, `quiet_hours.yaml`). Each runs through `simulate`.
"""

from __future__ import annotations

from datetime import datetime, time

from bot.db.engine import Database
from bot.when.quiet import out_of_quiet
from tests.bot.schedule.support import of_kind, play, utc
from tests.bot.services.community_support import community_scenario

BERLIN = "Europe/Berlin"


def _scenario(events: list[dict[str, str]], end: str = "2026-12-14T00:00:00Z") -> dict:
    return {
        "start": "2026-12-03T10:00:00Z",
        "end": end,
        "users": [{"id": "kim", "tz": BERLIN}, {"id": "lee", "tz": BERLIN}],
        "events": events,
    }


def _say(at: str, user: str, say: str) -> dict[str, str]:
    return {"at": at, "user": user, "say": say}


def _local(lines: list[dict], kind: str, user: str) -> list[str]:
    return [line["at_local"][:16] for line in of_kind(lines, kind, user)]


async def test_the_eve_checklist_comes_before_quiet_hours_begin(db: Database) -> None:
    """Quiet from 17:00: the checklist comes at 16:30 the evening before, not 18:00."""
    interview = "interview 2026-12-07 10:00 Acme with Dana Lee (hiring manager)"
    lines = await play(
        db,
        _scenario(
            [
                _say("2026-12-03T10:00:00Z", "kim", "quiet 17:00-08:00"),
                _say("2026-12-03T10:01:00Z", "kim", interview),
                _say("2026-12-03T10:02:00Z", "lee", interview),
            ],
            end="2026-12-07T00:00:00Z",
        ),
    )
    assert _local(lines, "interview_eve", "kim") == ["2026-12-06T16:30"]
    assert _local(lines, "interview_eve", "lee") == ["2026-12-06T18:00"]  # the default: 18:00


async def test_quiet_hours_set_later_re_time_the_eve_checklist(db: Database) -> None:
    """`quiet` after the interview was added moves its planned checklist too."""
    lines = await play(
        db,
        _scenario(
            [
                _say("2026-12-03T10:01:00Z", "kim", "interview 2026-12-07 10:00 Acme"),
                _say("2026-12-03T10:02:00Z", "kim", "quiet 17:30-08:00"),
            ],
            end="2026-12-07T00:00:00Z",
        ),
    )
    assert _local(lines, "interview_eve", "kim") == ["2026-12-06T17:00"]


async def test_a_follow_up_day_without_a_time_waits_for_quiet_hours_to_end(db: Database) -> None:
    """Quiet until 10:00: `followup 2026-12-10` and `followup friday` come at 10:00."""
    lines = await play(
        db,
        _scenario(
            [
                _say("2026-12-03T10:00:00Z", "kim", "quiet 22:00-10:00"),
                _say("2026-12-03T10:01:00Z", "kim", "interview 2026-12-04 08:00 Acme"),
                _say("2026-12-04T10:00:00Z", "kim", "followup 2026-12-10 a polite nudge"),
                _say("2026-12-03T10:00:00Z", "lee", "quiet 22:00-10:00"),
                _say("2026-12-03T10:01:00Z", "lee", "interview 2026-12-04 08:00 Initech"),
                _say("2026-12-04T10:00:00Z", "lee", "followup friday"),
            ]
        ),
    )
    assert _local(lines, "followup", "kim") == ["2026-12-10T10:00"]
    assert _local(lines, "followup", "lee") == ["2026-12-11T10:00"]
    said = [line["text"] for line in of_kind(lines, "reply") if "Follow-up planned" in line["text"]]
    assert len(said) == 2 and all("10:00 Berlin time" in text for text in said), said


async def test_a_follow_up_time_the_member_chose_is_kept(db: Database) -> None:
    """`followup friday 9am` is at 09:00 although quiet hours run until 10:00."""
    lines = await play(
        db,
        _scenario(
            [
                _say("2026-12-03T10:00:00Z", "kim", "quiet 22:00-10:00"),
                _say("2026-12-03T10:01:00Z", "kim", "interview 2026-12-04 08:00 Acme"),
                _say("2026-12-04T10:00:00Z", "kim", "followup friday 9am"),
            ]
        ),
    )
    assert _local(lines, "followup", "kim") == ["2026-12-11T09:00"]


def _community(events: list[dict[str, str]]) -> dict:
    admin = [
        {"at": "2026-03-02T07:00:00Z", "user": "ann", "say": "channel daily 10:00 UTC"},
        {"at": "2026-03-03T08:00:00Z", "user": "ann", "say": "pair schedule tuesday 09:00"},
    ]
    joins = [
        {"at": "2026-03-02T07:01:00Z", "user": u, "say": "pair on"} for u in ("ann", "bob", "cai")
    ]
    return community_scenario(end="2026-03-16T00:00:00Z", events=[*admin, *joins, *events])


async def test_the_weekly_digest_leaves_quiet_hours_on_its_own_sunday(db: Database) -> None:
    """Quiet from 17:00: each Sunday's digest comes at 16:30 that Sunday, once a week."""
    quiet = {"at": "2026-03-02T07:02:00Z", "user": "ann", "say": "quiet 17:00-09:00"}
    lines = await play(db, _community([quiet]))
    assert _local(lines, "weekly_digest", "ann") == ["2026-03-08T16:30", "2026-03-15T16:30"]
    assert _local(lines, "weekly_digest", "bob") == ["2026-03-08T18:00", "2026-03-15T18:00"]


async def test_the_pairing_check_in_waits_for_each_members_morning(db: Database) -> None:
    """Friday 09:00 UTC is 04:00 in New York: Bob's check-in comes at 08:00 his time."""
    lines = await play(db, _community([]))
    checkins = {line["user"]: line["at_local"][:16] for line in of_kind(lines, "pairing_checkin")}
    assert checkins["bob"] == "2026-03-13T08:00"  # New York, out of the default 21:00-08:00
    assert checkins["cai"] == "2026-03-13T17:00"  # Singapore: 17:00 is not quiet
    assert checkins["ann"] == "2026-03-13T10:00"  # Berlin


def test_earlier_first_moves_before_the_window_when_it_can() -> None:
    """The eve and the digest prefer the evening before quiet hours to the morning after."""
    window = (time(17, 0), time(8, 0))
    at = utc("2026-12-06T17:00")  # 18:00 Berlin
    kept = dict(not_before=utc("2026-12-06T00:00"), not_after=utc("2026-12-07T08:00"))
    assert out_of_quiet(at, BERLIN, window, **kept) == utc("2026-12-07T07:00")
    earlier = out_of_quiet(at, BERLIN, window, earlier_first=True, **kept)
    assert earlier == utc("2026-12-06T15:30")
    # With no room before, it still moves later rather than stay in the window.
    late = out_of_quiet(
        at, BERLIN, window, earlier_first=True, not_before=at, not_after=kept["not_after"]
    )
    assert late == utc("2026-12-07T07:00")


def test_outside_quiet_hours_nothing_moves() -> None:
    """18:00 with the default window is where it was."""
    at: datetime = utc("2026-12-06T17:00")
    window = (time(21, 0), time(8, 0))
    assert out_of_quiet(at, BERLIN, window, not_before=at, not_after=at) == at
