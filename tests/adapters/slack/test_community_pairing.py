"""Weekly pairing on Slack: one group DM per pair, a check-in with buttons, admin stats."""

import re
from datetime import UTC, datetime

from sqlalchemy import select

from bot.db.models import PairingGroupMember
from bot.services.members import find_member
from tests.adapters.slack.blockkit import button, is_error, plain
from tests.adapters.slack.conftest import ANA, BEN, PREP_CHANNEL, tick
from tests.fakes.slack_api import BOT_USER_ID, TEAM_ID, validate_blocks

CAI, DEE = "U0CAI0003", "U0DEE0004"
WEEK = "2026-W10"  # the ISO week of Wednesday 4 March 2026


def utc(day, hour, minute=0):
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


async def _round(slack, members=(ANA, BEN)):
    """#prep has a daily question; members pair up; the round runs Wed 4 March, 11:00 Berlin."""
    await slack.command("channel daily 10:00 Europe/Berlin", channel=PREP_CHANNEL)
    for user in members:
        assert not is_error(
            (await slack.command("pair on", user=user, channel=PREP_CHANNEL)).blocks
        )
    scheduled = await slack.command("pair schedule wednesday 11:00 Europe/Berlin")
    assert not is_error(scheduled.blocks), plain(scheduled.blocks)
    before = len(slack.fake.calls)
    # The day's question first, so the announcement is not held back a second behind it
    # in the same channel by the dispatcher's per-channel limit.
    for hour in (9, 10):
        slack.bot.clock.set(utc(4, hour, 1))
        await tick(slack)
    return slack.fake.calls[before:]


def _posts_to(calls, channel):
    return [c for c in calls if c.method == "chat.postMessage" and c.params["channel"] == channel]


async def test_a_round_opens_one_group_dm_per_pair(community):
    """Four members make two pairs: per pair one conversations.open and one message in it."""
    extra = [community.fake.add_user(u, name=n)["id"] for u, n in ((CAI, "Cai"), (DEE, "Dee"))]
    calls = await _round(community, members=(ANA, BEN, *extra))
    opens = [c for c in calls if c.method == "conversations.open"]
    groups = [set(c.params["users"].split(",")) for c in opens]
    assert len(groups) == 2 and set.union(*groups) == {ANA, BEN, CAI, DEE}
    mpims = {c.id: c for c in community.fake.conversations.values() if c.kind == "mpim"}
    assert sorted(map(sorted, groups)) == sorted(
        sorted(c.members - {BOT_USER_ID}) for c in mpims.values()
    )
    for group in mpims:
        [message] = _posts_to(calls, group)
        assert validate_blocks(message.params["blocks"]) == []
        shown = plain(message.params["blocks"])
        assert re.search(r"\w+ plays interviewer first .* \w+ answers", shown)
        assert "Your three questions" in shown and "3. " in shown and f"Round {WEEK}" in shown
        assert len(mpims[group].messages) == 1


async def test_the_round_is_announced_in_the_channel_without_names(community):
    """#prep hears that pairs are ready (counts only); the pairs are never named there."""
    calls = await _round(community)
    [announcement] = [
        c for c in _posts_to(calls, PREP_CHANNEL) if "practice pairs" in plain(c.params["blocks"])
    ]
    shown = plain(announcement.params["blocks"])
    assert "2 members" in shown and "1 pair" in shown
    assert "Ana" not in shown and "Ben" not in shown


async def test_check_in_dm_buttons_record_whether_they_met(community):
    """Three days later each member gets a DM asking if they met (out of their quiet hours);
    its buttons record the answer."""
    await _round(community)
    before = len(community.fake.calls)
    community.bot.clock.set(utc(7, 10, 1))
    await tick(community)
    # 11:00 Berlin is 05:00 in New York, in Ben's quiet hours: his comes at 08:00 there.
    community.bot.clock.set(utc(7, 13, 1))
    await tick(community)
    calls = community.fake.calls[before:]
    for user, label in ((ANA, "Yes, we met"), (BEN, "Not this time")):
        [dm] = _posts_to(calls, user)
        assert "Did you meet" in plain(dm.params["blocks"])
        dm_channel = "D" + user[1:]
        container = {"type": "message", "message_ts": "1.5", "channel_id": dm_channel}
        await community.press(
            button(dm.params["blocks"], label),
            user=user,
            container={**container, "is_ephemeral": False},
            channel=dm_channel,
        )
        assert _posts_to(community.fake.calls, user)[-1] is not dm  # answered in the DM
    async with community.bot.db.session() as session:
        met = {}
        for user in (ANA, BEN):
            member = await find_member(session, "slack", TEAM_ID, user)
            row = await session.scalar(
                select(PairingGroupMember).where(PairingGroupMember.member_id == member.id)
            )
            met[user] = row.met
    assert met == {ANA: True, BEN: False}


async def test_admin_stats_are_aggregates_for_admins_only(community):
    """`admin stats` shows Ana counts (no names, ids or answers); Ben is refused."""
    await _round(community)
    answer = await community.command("admin stats")
    shown = plain(answer.blocks)
    assert not is_error(answer.blocks)
    assert "Opted in to pairing" in shown and f"1 group in {WEEK}" in shown
    for private in ("Ana", "Ben", ANA, BEN):
        assert private not in shown
    refused = await community.command("admin stats", user=BEN)
    assert is_error(refused.blocks) and "Only community admins" in plain(refused.blocks)
