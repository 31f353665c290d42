"""Weekly pairing end to end on Discord: private threads, check-in buttons, admin stats."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.db.models import Member, PairingGroupMember
from tests.adapters.discord import payloads
from tests.adapters.discord.helpers import USER_ID, message_text, tick
from tests.adapters.discord.payloads import CHANNEL_ID, option

MEMBERS = {USER_ID + 21: "ana", USER_ID + 22: "ben", USER_ID + 23: "chen", USER_ID + 24: "dara"}
WEEK = "2026-W11"  # the week of Monday 2026-03-09


@pytest.fixture
async def round_sent(harness, prep, clock, client, fake_api):
    """A daily channel, four members paired on Monday 10:00 Berlin, the round sent."""
    fake_api.add_text_channel(payloads.GUILD_ID, CHANNEL_ID)
    daily = [option("action", "daily"), option("time", "10:00"), option("zone", "Europe/Berlin")]
    await harness.command("channel", daily, admin=True)
    for user_id, name in MEMBERS.items():
        joined = await harness.command(
            "pair", [option("action", "on")], user_id=user_id, username=name
        )
        assert not joined.is_error
    schedule = [
        option("action", "schedule"),
        option("weekday", "monday"),
        option("time", "10:00"),
        option("zone", "Europe/Berlin"),
    ]
    assert not (await harness.command("pair", schedule, admin=True)).is_error
    clock.set(datetime(2026, 3, 9, 9, 0, tzinfo=UTC))
    await tick(prep, clock, client)


def _private_threads(fake_api) -> list[dict]:
    return [t for t in fake_api.threads_of(CHANNEL_ID) if t["type"] == 12]


async def test_only_admins_schedule_pairing(harness):
    """`pair schedule` from a member without Manage Server is refused by the core."""
    schedule = [option("action", "schedule"), option("weekday", "monday"), option("time", "10:00")]
    refused = await harness.command("pair", schedule)
    assert refused.is_error and "Manage Server" in refused.text


async def test_each_group_gets_a_private_thread_with_its_members_and_opener(round_sent, fake_api):
    """Two pairs, two private threads in the daily channel, each pinging only its pair."""
    threads = _private_threads(fake_api)
    assert len(threads) == 2
    seen: list[int] = []
    for thread in threads:
        people = fake_api.thread_members[int(thread["id"])] - {fake_api.bot_user_id}
        assert len(people) == 2 and thread["thread_metadata"]["invitable"] is True
        seen += people
        (opener,) = fake_api.sent("POST", rf"/channels/{thread['id']}/messages")
        assert sorted(re.findall(r"<@(\d+)>", opener.body["content"])) == sorted(map(str, people))
        assert {int(u) for u in opener.body["allowed_mentions"]["users"]} == people
        text = message_text(opener.body)
        assert "interviewer" in text.lower() and WEEK in text
        assert all(MEMBERS[p].title() in text for p in people)
    assert sorted(seen) == sorted(MEMBERS)
    assert len(fake_api.sent("GET", r"/guilds/\d+/threads/active")) == 1  # once per round
    announced = [m for m in fake_api.messages[CHANNEL_ID] if "pairs are ready" in message_text(m)]
    assert len(announced) == 1 and not any(
        name.title() in message_text(announced[0]) for name in MEMBERS.values()
    )


async def test_the_check_in_buttons_record_whether_a_pair_met(
    round_sent, harness, prep, clock, client, fake_api
):
    """Three days later each member gets a DM; its button records the answer as the presser."""
    clock.set(datetime(2026, 3, 12, 9, 0, tzinfo=UTC))
    await tick(prep, clock, client)
    ana = next(iter(MEMBERS))
    dms = fake_api.messages[fake_api.dm_channel_of(ana) or 0]
    (checkin,) = [m for m in dms if "Did you meet?" in message_text(m)]
    custom_ids = [b["custom_id"] for row in checkin["components"] for b in row["components"]]
    assert f"prep@{payloads.GUILD_ID}:pair met {WEEK} yes" in custom_ids
    answer = await harness.press(checkin, "Yes, we met", user_id=ana, username="ana", in_dm=True)
    assert not answer.is_error
    async with prep.db.session() as session:
        met = await session.execute(
            select(Member.external_id, PairingGroupMember.met).join(
                Member, Member.id == PairingGroupMember.member_id
            )
        )
        answers = {user: flag for user, flag in met}
    assert answers[str(ana)] is True
    assert [answers[str(u)] for u in MEMBERS if u != ana] == [None, None, None]


async def test_admin_stats_are_aggregates_for_admins_only(round_sent, harness):
    """An admin sees counts (never a name); a member is refused by the core."""
    refused = await harness.command("admin")
    assert refused.is_error and "Manage Server" in refused.text
    stats = await harness.command("admin", admin=True)
    assert not stats.is_error and stats.ephemeral
    assert "Opted in to pairing: 4" in stats.text and f"2 groups in {WEEK}" in stats.text
    names = "|".join(name.title() for name in MEMBERS.values())
    assert not re.search(rf"\b({names})\b", stats.text)
    assert not any(str(user_id) in stats.text for user_id in MEMBERS)
