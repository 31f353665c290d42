"""The community commands end to end through `PrepBot`: admin checks, settings, replies."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot.app import PrepBot
from bot.clock import VirtualClock
from bot.commands.context import Actor
from bot.db.engine import Database
from bot.db.models import (
    ChannelPost,
    DigestOptOut,
    PairingGroupMember,
    PairingOptIn,
    ScheduledItem,
)
from bot.plaintext import render_plain
from bot.schedule.kind_names import CHANNEL_QUESTION, PAIRING_ROUND, WEEKLY_DIGEST

ADMIN = Actor(
    "slack", "UADMIN", "T1", "Ann", channel_id="C1", is_admin=True, tz_hint="Europe/Berlin"
)
MEMBER = Actor("slack", "UBOB", "T1", "Bob", channel_id="C1", tz_hint="America/New_York")
OTHER_TEAM = Actor("slack", "UEVE", "T2", "Eve", channel_id="C9", is_admin=True)


@pytest.fixture
def bot(db: Database, clock: VirtualClock) -> PrepBot:
    """The core on a fresh database at Monday 2 March 2026, 12:00 UTC."""
    return PrepBot(db, clock=clock)


async def say(bot: PrepBot, actor: Actor, text: str) -> str:
    reply = await bot.handle_text(actor, text)
    return render_plain(reply)


async def count(db: Database, model: type, *where: object) -> int:
    async with db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


@pytest.mark.parametrize(
    "text",
    ["channel daily 10:00", "channel off", "pair schedule monday 10:00", "admin stats"],
)
async def test_admin_commands_are_refused_to_members(bot: PrepBot, db: Database, text: str) -> None:
    """The core refuses admin forms unless the adapter vouched for is_admin; nothing changes."""
    reply = await bot.handle_text(MEMBER, text)
    assert reply.is_error
    assert "Only community admins" in render_plain(reply)
    assert await count(db, ChannelPost) == 0
    assert await count(db, ScheduledItem, ScheduledItem.community_id.is_not(None)) == 0


async def test_channel_daily_schedules_the_channel_in_its_zone(bot: PrepBot, db: Database) -> None:
    """`channel daily 10:00 Europe/Berlin` plans a community row at 09:00 UTC tomorrow."""
    text = await say(bot, ADMIN, "channel daily 10:00 Europe/Berlin behavioral")
    assert "every day at 10:00 (Europe/Berlin), Behavioural" in text
    assert "First post: Tue 3 Mar, 10:00" in text
    async with db.session() as session:
        item = (await session.execute(select(ScheduledItem))).scalar_one()
    assert (item.kind, item.member_id) == (CHANNEL_QUESTION, None)
    assert item.next_run_at == datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


async def test_channel_daily_defaults_to_the_admins_zone(bot: PrepBot) -> None:
    """Without a zone, the admin's own zone is used."""
    text = await say(bot, ADMIN, "channel daily 13:30")
    assert "13:30 (Europe/Berlin)" in text and "First post: Mon 2 Mar, 13:30" in text


async def test_channel_daily_refuses_ask_categories_and_dms(bot: PrepBot) -> None:
    """A question category members ask, or no channel (a DM), is refused with the form."""
    assert "category" in await say(bot, ADMIN, "channel daily 10:00 ask-peer")
    no_channel = Actor("slack", "UADMIN", "T1", is_admin=True)
    assert "Run this in the channel" in await say(bot, no_channel, "channel daily 10:00")


async def test_channel_status_and_off(bot: PrepBot, db: Database) -> None:
    """Anyone sees the status; off removes the scheduled row and says so."""
    assert "no question of the day" in await say(bot, MEMBER, "channel status")
    await say(bot, ADMIN, "channel daily 10:00 UTC")
    assert "Next post: Tue 3 Mar, 10:00" in await say(bot, MEMBER, "channel status")
    assert "is off in this channel" in await say(bot, ADMIN, "channel off")
    assert await count(db, ScheduledItem) == 0
    assert "no question of the day" in await say(bot, ADMIN, "channel off")


async def test_pair_on_off_and_status(bot: PrepBot, db: Database) -> None:
    """Opting in plans the community's round and the member's digest; off undoes the round."""
    text = await say(bot, MEMBER, "pair on")
    assert "You're in the weekly mock-interview pairing" in text
    assert "Next round: Mon 9 Mar, 06:00" in text  # Monday 10:00 UTC, in New York
    assert "You're already in" in await say(bot, MEMBER, "pair on")
    status = await say(bot, MEMBER, "pair status")
    assert "You're in the weekly pairing" in status and "1 member opted in" in status
    assert await count(db, ScheduledItem, ScheduledItem.kind == PAIRING_ROUND) == 1
    assert await count(db, ScheduledItem, ScheduledItem.kind == WEEKLY_DIGEST) == 1
    assert "You're out" in await say(bot, MEMBER, "pair off")
    assert await count(db, PairingOptIn) == 0
    assert await count(db, ScheduledItem, ScheduledItem.kind == PAIRING_ROUND) == 0
    assert "not in the weekly pairing" in await say(bot, MEMBER, "pair off")


async def test_pair_schedule_moves_the_round_into_the_channels_zone(
    bot: PrepBot, db: Database
) -> None:
    """The round follows the admin's weekday and time, in the daily channel's zone."""
    await say(bot, ADMIN, "channel daily 10:00 Asia/Tokyo")
    assert "Nobody has opted in yet" in await say(bot, ADMIN, "pair schedule friday 18:00")
    await say(bot, MEMBER, "pair on")
    async with db.session() as session:
        item = await session.scalar(
            select(ScheduledItem).where(ScheduledItem.kind == PAIRING_ROUND)
        )
    assert item is not None
    assert item.next_run_at == datetime(2026, 3, 6, 9, 0, tzinfo=UTC)  # Fri 18:00 Tokyo
    text = await say(bot, ADMIN, "pair schedule wednesday 07:00 Europe/Berlin")
    assert "every Wednesday at 07:00 (Europe/Berlin)" in text
    assert "Next round: Wed 4 Mar, 07:00" in text


async def test_pair_met_without_a_round_is_a_friendly_error(bot: PrepBot, db: Database) -> None:
    """Answering a check-in for a round you were not in changes nothing."""
    reply = await bot.handle_text(MEMBER, "pair met 2026-W10 yes")
    assert reply.is_error and "not in a practice group" in render_plain(reply)
    assert await count(db, PairingGroupMember) == 0


async def test_digest_is_on_by_default_and_can_be_turned_off(bot: PrepBot, db: Database) -> None:
    """`digest` shows it on; off records the opt-out; on removes it again."""
    await say(bot, MEMBER, "pair on")
    assert "Next one: Sun 8 Mar, 18:00" in await say(bot, MEMBER, "digest")
    assert "is off" in await say(bot, MEMBER, "digest off")
    assert await count(db, DigestOptOut) == 1
    assert "is on" in await say(bot, MEMBER, "digest on")
    assert await count(db, DigestOptOut) == 0


async def test_admin_stats_are_aggregates_for_this_community_only(bot: PrepBot) -> None:
    """Counts cover the admin's own workspace and never show a member's name or id."""
    await say(bot, ADMIN, "channel daily 10:00")
    await say(bot, MEMBER, "pair on")
    await say(
        bot,
        MEMBER,
        "answer I fixed the build on my first week there and we shipped the release on time.",
    )
    await say(bot, OTHER_TEAM, "pair on")
    text = await say(bot, ADMIN, "admin stats")
    assert "Members using prepbot: 2" in text
    assert "Members practising: 1" in text and "Answers: 1" in text
    assert "Opted in to pairing: 1" in text and "Question-of-the-day channels: 1" in text
    for private in ("Bob", "UBOB", "fixed the build", "Eve"):
        assert private not in text


async def test_help_lists_the_community_commands(bot: PrepBot) -> None:
    """`help` shows each community word with what it is for."""
    text = await say(bot, MEMBER, "help")
    for word in ("channel", "pair", "digest", "admin"):
        assert f"/prep {word}" in text
