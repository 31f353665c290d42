"""A channel's question of the day on Slack: set by an admin, posted, answered in its thread."""

from datetime import UTC, datetime

from sqlalchemy import select

from bot.db.models import AnswerRecord, AskedQuestion, ChannelPostRecord, Community, ScheduledItem
from bot.services.members import find_member
from bot.services.streaks import streak_for
from tests.adapters.slack.blockkit import is_error, plain
from tests.adapters.slack.conftest import ANA, BEN, PREP_CHANNEL, tick
from tests.fakes.slack_api import BOT_USER_ID, TEAM_ID, event_callback, validate_blocks

CAI = "U0CAI0003"


def utc(day, hour, minute=0):
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


async def _set_up(slack):
    """Ana (admin) turns it on in #prep: first post Tue 3 March, 10:00 Berlin (09:00 UTC)."""
    answer = await slack.command("channel daily 10:00 Europe/Berlin", channel=PREP_CHANNEL)
    assert not is_error(answer.blocks), plain(answer.blocks)
    return answer


async def _post_on(slack, day):
    """Run the worker just after the day's post time; the channel posts it made."""
    before = len(slack.fake.calls_to("chat.postMessage"))
    slack.bot.clock.set(utc(day, 9, 1))
    await tick(slack)
    return [
        c
        for c in slack.fake.calls_to("chat.postMessage")[before:]
        if c.params["channel"] == PREP_CHANNEL
    ]


async def _records(slack):
    async with slack.bot.db.session() as session:
        return list((await session.execute(select(ChannelPostRecord))).scalars())


async def test_admin_sets_it_and_prepbot_joins_the_channel(community):
    """An admin's `channel daily 10:00 Europe/Berlin` is confirmed, and prepbot joins #prep."""
    shown = plain((await _set_up(community)).blocks)
    assert "every day at 10:00" in shown and "Europe/Berlin" in shown
    assert "/invite" not in shown
    [join] = community.fake.calls_to("conversations.join")
    assert join.params["channel"] == PREP_CHANNEL
    assert BOT_USER_ID in community.fake.conversations[PREP_CHANNEL].members


async def test_non_admin_is_refused_by_prepbot(community):
    """Ben is no workspace admin: refused, nothing scheduled, no channel joined."""
    answer = await community.command(
        "channel daily 10:00 Europe/Berlin", user=BEN, channel=PREP_CHANNEL
    )
    assert is_error(answer.blocks) and "Only community admins" in plain(answer.blocks)
    async with community.bot.db.session() as session:
        assert (await session.execute(select(ScheduledItem))).first() is None
    assert community.fake.calls_to("conversations.join") == []


async def test_private_channel_asks_the_admin_to_invite_prepbot(community):
    """prepbot cannot join a private channel by itself: the confirmation says to invite it."""
    community.fake.add_channel("G0PRIV001", private=True, members=(ANA,), bot_member=False)
    answer = await community.command("channel daily 10:00", channel="G0PRIV001")
    assert "/invite @prepbot" in plain(answer.blocks) and not is_error(answer.blocks)


async def test_due_question_is_one_post_in_the_channel(community):
    """At 10:00 Berlin the worker posts once in #prep; its ts is kept as the answer thread."""
    await _set_up(community)
    [post] = await _post_on(community, 3)
    assert validate_blocks(post.params["blocks"]) == []
    shown = plain(post.params["blocks"])
    assert "Question of the day" in shown and "Answer in the thread" in shown
    [parent] = community.fake.conversations[PREP_CHANNEL].messages
    [record] = await _records(community)
    assert record.thread_ref == record.message_ref == parent["ts"]
    assert await _post_on(community, 3) == []  # nothing more that day


async def test_next_post_counts_answers_from_the_thread_events(community):
    """Two people answered (Ana twice, a bot once): the next post says 2, with no
    conversations.replies call (apps outside the Marketplace get one a minute)."""
    await _set_up(community)
    await _post_on(community, 3)
    [parent] = community.fake.conversations[PREP_CHANNEL].messages
    replies = [
        community.fake.user_reply(PREP_CHANNEL, parent["ts"], user, text)
        for user, text in ((ANA, "first"), (BEN, "mine"), (ANA, "one more thought"))
    ]
    replies.append(
        community.fake.user_reply(PREP_CHANNEL, parent["ts"], "U0OTHERBOT", "beep", bot_id="B0X")
    )
    community.bot.clock.set(utc(3, 12))
    for event in replies:
        status, _, _ = await community.post(event_callback(event), content_type="application/json")
        assert status == 200
    [post] = await _post_on(community, 4)
    assert community.fake.calls_to("conversations.replies") == []
    assert "2 people answered" in plain(post.params["blocks"])
    first, _ = sorted(await _records(community), key=lambda r: r.local_date)
    assert first.answer_count == 2


async def test_a_thread_nobody_answered_says_so_without_reading_it(community):
    """No reply events: "Nobody answered", again without conversations.replies."""
    await _set_up(community)
    await _post_on(community, 3)
    [post] = await _post_on(community, 4)
    assert community.fake.calls_to("conversations.replies") == []
    assert "Nobody answered the last question" in plain(post.params["blocks"])


async def test_thread_reply_event_is_recorded_and_keeps_a_streak(community):
    """Ben's reply in the thread, as a signed event, is acked fast and counts as his practice."""
    await _set_up(community)
    await _post_on(community, 3)
    [parent] = community.fake.conversations[PREP_CHANNEL].messages
    event = community.fake.user_reply(PREP_CHANNEL, parent["ts"], BEN, "I'd say &lt;S&gt;TAR")
    status, _, _ = await community.post(event_callback(event), content_type="application/json")
    assert status == 200  # how fast: `prepbot bench latency`, not a pass/fail
    async with community.bot.db.session() as session:
        ben = await find_member(session, "slack", TEAM_ID, BEN)
        assert ben is not None and ben.display_name == "Ben"
        [answer] = (await session.execute(select(AnswerRecord))).scalars()
        [asked] = (await session.execute(select(AskedQuestion))).scalars()
        assert answer.member_id == asked.member_id == ben.id and asked.via == "channel"
        assert answer.text == "I'd say <S>TAR"
        assert await streak_for(session, ben, community.bot.clock.now()) == 1


async def test_other_messages_are_ignored_without_lookups(community):
    """Bot posts, edits, top-level messages and other threads record nothing, look up no one."""
    await _set_up(community)
    await _post_on(community, 3)
    [parent] = community.fake.conversations[PREP_CHANNEL].messages
    fake, thread = community.fake, parent["ts"]
    lookups = len(fake.calls_to("users.info"))
    top = {"type": "message", "channel": PREP_CHANNEL, "user": CAI, "text": "hi", "ts": "9.1"}
    edit = {
        "type": "message",
        "subtype": "message_changed",
        "channel": PREP_CHANNEL,
        "ts": "9.2",
        "message": {"user": CAI, "text": "edited", "ts": "9.0", "thread_ts": thread},
    }
    events = [
        top,
        edit,
        fake.user_reply(PREP_CHANNEL, thread, CAI, "beep", bot_id="B0X", subtype="bot_message"),
        {**top, "ts": "9.3", "thread_ts": "8.0"},  # a thread prepbot did not open
        {**top, "ts": thread, "thread_ts": thread},  # the parent itself
    ]
    for event in events:
        assert await community.event(event) == 200
    async with community.bot.db.session() as session:
        assert (await session.execute(select(AnswerRecord))).first() is None
    assert len(fake.calls_to("users.info")) == lookups


async def test_removed_from_the_channel_pauses_until_an_admin_acts(community):
    """not_in_channel pauses the community: no more tries, until the admin sets it again."""
    await _set_up(community)
    community.fake.conversations[PREP_CHANNEL].members.discard(BOT_USER_ID)
    assert await _post_on(community, 3)  # tried once, refused
    async with community.bot.db.session() as session:
        [paused] = (await session.execute(select(Community))).scalars()
        assert paused.paused_at is not None and paused.paused_reason == "not_in_channel"
    assert await _post_on(community, 4) == []
    answer = await _set_up(community)  # joins again and resumes
    assert "Community posts were paused" in plain(answer.blocks)
    [post] = await _post_on(community, 5)
    assert post.params["channel"] == PREP_CHANNEL
    assert len(community.fake.conversations[PREP_CHANNEL].messages) == 1
