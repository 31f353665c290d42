from datetime import UTC, datetime

from sqlalchemy import select

from bot.db.models import Member, ScheduledItem
from bot.services.home import build_home
from bot.services.members import find_member
from tests.adapters.slack.blockkit import plain
from tests.adapters.slack.conftest import ANA, BEN
from tests.fakes.slack_api import TEAM_ID, validate_blocks


async def _home(slack, user=ANA):
    status = await slack.event(
        {
            "type": "app_home_opened",
            "user": user,
            "channel": "D0X",
            "tab": "home",
            "event_ts": "1.0",
        }
    )
    assert status == 200
    publish = slack.fake.calls_to("views.publish")[-1]
    assert publish.params["user_id"] == user and publish.params["view"]["type"] == "home"
    blocks = publish.params["view"]["blocks"]
    assert validate_blocks(blocks, max_blocks=100) == []
    return plain(blocks)


async def test_new_member_home_tab_shows_every_section(slack):
    """Opening App Home publishes the overview: interviews, daily, reminders, stories, zone."""
    shown = await _home(slack)
    for heading in ("Upcoming interviews", "Daily practice question", "Reminders", "Story bank"):
        assert heading in shown
    assert "0 of 5-8" in shown
    assert "Times are in Europe/Berlin" in shown  # the profile's zone, taken at first use


async def test_home_tab_reflects_what_the_member_set_up(slack):
    """Interviews, open thank-yous, the daily setting, reminders and stories show on App Home."""
    await slack.command("interview 2026-03-03 09:00 Globex with Dana Lee (hiring manager)")
    await slack.command("interview 2026-03-20 10:00 Initech as Analyst")
    await slack.command("daily on 07:45")
    await slack.command("remind 2026-03-10 09:00 send the portfolio")
    for title in ("Billing rescue", "Hiring plan", "Outage"):
        await slack.command(f"stories add {title}")
    slack.bot.clock.set(datetime(2026, 3, 4, 12, 0, tzinfo=UTC))
    shown = await _home(slack)
    assert "Initech (Analyst)" in shown and "Globex" in shown
    assert "Thank-you notes to send" in shown and "Dana Lee" in shown
    assert "07:45" in shown
    assert "send the portfolio" in shown
    assert "3 of 5-8" in shown


async def test_home_of_another_member_is_their_own(slack):
    """Ben's home shows none of Ana's data."""
    await slack.command("interview 2026-03-20 10:00 Initech")
    shown = await _home(slack, user=BEN)
    assert "Initech" not in shown and "None yet" in shown


async def test_messages_tab_does_not_publish(slack):
    """Only the Home tab is rendered; opening the Messages tab publishes nothing."""
    await slack.event(
        {
            "type": "app_home_opened",
            "user": ANA,
            "channel": "D0X",
            "tab": "messages",
            "event_ts": "1.0",
        }
    )
    assert slack.fake.calls_to("views.publish") == []


async def _members(slack):
    async with slack.bot.db.session() as session:
        members = {m.external_id: m for m in (await session.execute(select(Member))).scalars()}
        items = list((await session.execute(select(ScheduledItem))).scalars())
    return members, items


async def test_app_uninstalled_pauses_the_workspace(slack):
    """app_uninstalled pauses every member of that workspace and deactivates their schedules."""
    await slack.command("daily on 07:45")
    await slack.command("daily on 08:00", user=BEN)
    assert await slack.event({"type": "app_uninstalled", "event_ts": "1.0"}) == 200
    members, items = await _members(slack)
    assert all(m.paused_at is not None for m in members.values())
    assert items and not any(item.active for item in items)


async def test_bot_token_revoked_pauses_but_user_token_revoked_does_not(slack):
    """tokens_revoked pauses the workspace only when the bot's own token went."""
    await slack.command("daily on 07:45")
    await slack.event(
        {"type": "tokens_revoked", "tokens": {"oauth": ["U0SOMEONE"]}, "event_ts": "1.0"}
    )
    members, _ = await _members(slack)
    assert members[ANA].paused_at is None
    await slack.event(
        {"type": "tokens_revoked", "tokens": {"bot": ["U0PREPBOT"]}, "event_ts": "1.0"}
    )
    members, _ = await _members(slack)
    assert members[ANA].paused_at is not None


async def test_build_home_reads_only_the_members_rows(db, clock):
    """build_home for a member with nothing yet suggests the first steps, without writing."""
    from bot.app import PrepBot
    from bot.commands.context import Actor

    bot = PrepBot(db, clock=clock)
    await bot.handle_text(Actor("slack", ANA, TEAM_ID), "stories add One")
    async with db.session() as session:
        member = await find_member(session, "slack", TEAM_ID, ANA)
        reply = await build_home(session, member, bot.content, clock.now())
    assert "1 of 5-8" in reply.summary + "".join(getattr(b, "text", "") for b in reply.blocks)
    assert not reply.is_error
