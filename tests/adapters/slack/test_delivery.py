"""Scheduled deliveries end to end: worker -> Slack transport -> fake Slack Web API."""

from datetime import timedelta

from sqlalchemy import select

from bot.db.models import Member
from bot.kinds import KINDS
from bot.schedule.worker import Worker
from tests.adapters.slack.blockkit import button, plain
from tests.adapters.slack.conftest import ANA
from tests.fakes.slack_api import BOT_TOKEN, validate_blocks

DM = {"type": "message", "message_ts": "1.3", "channel_id": "D0ANA0001", "is_ephemeral": False}


async def _tick(slack):
    worker = Worker(
        KINDS, slack.bot.db, slack.bot.content, slack.bot.clock, {"slack": slack.transport}
    )
    await worker.start()
    try:
        return await worker.run_once()
    finally:
        await worker.stop()


async def test_due_daily_question_is_one_post_message_to_the_member(slack):
    """After `daily on`, the member's local time brings one chat.postMessage to their user id."""
    await slack.command("daily on 13:30")  # Ana is in Europe/Berlin (UTC+1): 12:30 UTC
    before = len(slack.fake.calls_to("chat.postMessage"))  # the confirmation DM
    slack.bot.clock.set(slack.bot.clock.now() + timedelta(minutes=31))
    await _tick(slack)
    posts = slack.fake.calls_to("chat.postMessage")[before:]
    assert len(posts) == 1
    [post] = posts
    assert post.params["channel"] == ANA and post.token == BOT_TOKEN
    assert validate_blocks(post.params["blocks"]) == []
    assert "Another question" in plain(post.params["blocks"])

    await _tick(slack)  # nothing more is due: no second message
    assert len(slack.fake.calls_to("chat.postMessage")) == before + 1

    await slack.press(
        button(post.params["blocks"], "Another question"), container=DM, channel="D0ANA0001"
    )
    another = slack.fake.calls_to("chat.postMessage")[-1]  # the next question, in the DM
    assert another.params["channel"] == ANA and another is not post


async def test_member_who_left_is_paused_not_retried(slack):
    """channel_not_found on a daily question pauses that member; the next day is not tried."""
    await slack.command("daily on 13:30")
    slack.fake.users.pop(ANA)  # Ana left the workspace
    before = len(slack.fake.calls_to("chat.postMessage"))
    slack.bot.clock.set(slack.bot.clock.now() + timedelta(minutes=31))
    await _tick(slack)
    assert len(slack.fake.calls_to("chat.postMessage")) == before + 1
    async with slack.bot.db.session() as session:
        member = (await session.execute(select(Member))).scalar_one()
        assert member.paused_at is not None
    slack.bot.clock.set(slack.bot.clock.now() + timedelta(days=1))
    await _tick(slack)
    assert len(slack.fake.calls_to("chat.postMessage")) == before + 1
