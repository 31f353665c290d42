from datetime import UTC, datetime

from sqlalchemy import select

from bot.db.models import Interview, Interviewer
from tests.adapters.slack.blockkit import button, buttons, is_error, plain
from tests.adapters.slack.conftest import ANA, BEN

IN_CHANNEL = {
    "type": "message",
    "message_ts": "1.2",
    "channel_id": "C0GENERAL",
    "is_ephemeral": False,
}
DM = {"type": "message", "message_ts": "1.3", "channel_id": "D0ANA0001", "is_ephemeral": False}
HOME = {"type": "view", "view_id": "V0HOME"}


async def test_topic_button_replaces_the_ephemeral_guide_in_place(slack):
    """Pressing a topic on one's own ephemeral guide swaps the guide for that topic."""
    guide = await slack.command("second-round")
    answer = await slack.press(button(guide.blocks, "Formats"))
    [message] = answer.messages
    assert message["replace_original"] is True
    assert "second-round formats" not in plain(message["blocks"])  # it shows the topic itself
    assert plain(message["blocks"]) != plain(guide.blocks)


async def test_share_in_channel_posts_for_everyone_naming_the_presser(slack):
    """Sharing posts the guide for the channel, names who shared it, and drops the share button."""
    guide = await slack.command("second-round")
    answer = await slack.press(button(guide.blocks, "Share in channel"))
    [message] = answer.messages
    assert message["response_type"] == "in_channel" and message["replace_original"] is False
    assert message["blocks"][0]["elements"][0]["text"] == f"Shared by <@{ANA}>"
    assert "Share in channel" not in plain(message["blocks"])
    assert "Formats" in plain(message["blocks"])


async def test_button_on_a_shared_guide_answers_each_presser_privately(slack):
    """Another member pressing a topic on a shared guide gets their own ephemeral answer."""
    guide = await slack.command("second-round")
    answer = await slack.press(button(guide.blocks, "Culture"), user=BEN, container=IN_CHANNEL)
    [message] = answer.messages
    assert message["response_type"] == "ephemeral" and message["replace_original"] is False


async def test_dm_button_adds_a_message_to_the_dm(slack):
    """A button in the app's DM (a daily question) answers with a new DM message."""
    guide = await slack.command("second-round")
    answer = await slack.press(
        button(guide.blocks, "Practice question"), container=DM, channel="D0ANA0001"
    )
    assert answer.messages == []  # not the response_url: it may have expired by now
    [dm] = slack.fake.calls_to("chat.postMessage")
    assert dm.params["channel"] == ANA and not is_error(dm.params["blocks"])


async def test_non_navigation_button_answers_below_the_guide(slack):
    """A non-navigation button on the ephemeral guide answers below it, keeping the guide."""
    guide = await slack.command("second-round")
    answer = await slack.press(button(guide.blocks, "Start daily practice"))
    [message] = answer.messages
    assert message["replace_original"] is False and message["response_type"] == "ephemeral"


async def test_expired_response_url_falls_back_to_a_dm(slack):
    """A button pressed after its response_url expired still answers, by DM."""
    guide = await slack.command("second-round")
    slack.fake.expired_hooks.add(f"act{len(slack.fake.calls)}")
    await slack.press(button(guide.blocks, "Culture"), user=BEN, container=IN_CHANNEL)
    [dm] = slack.fake.calls_to("chat.postMessage")
    assert dm.params["channel"] == BEN and "Culture" in plain(dm.params["blocks"])


async def test_a_button_only_acts_for_the_member_who_presses_it(slack):
    """Ben pressing Ana's "mark all sent" button cannot touch Ana's interview."""
    await slack.command("interview 2026-03-03 09:00 Acme with Dana Lee (hiring manager)")
    slack.bot.clock.set(datetime(2026, 3, 3, 14, 0, tzinfo=UTC))  # after it: notes are due
    async with slack.bot.db.session() as session:
        interview = (await session.execute(select(Interview))).scalar_one()
    anas_button = {
        "action_id": "prep:cmd:1",
        "text": {"type": "plain_text", "text": "All sent"},
        "value": f"thanks sent all {interview.short_id}",
    }
    await slack.press(anas_button, user=BEN, container=DM, channel="D0BEN0002")
    assert is_error(slack.fake.calls_to("chat.postMessage")[-1].params["blocks"])
    async with slack.bot.db.session() as session:
        dana = (await session.execute(select(Interviewer))).scalar_one()
        assert dana.thanked_at is None

    await slack.press(anas_button, user=ANA, container=DM, channel="D0ANA0001")
    assert not is_error(slack.fake.calls_to("chat.postMessage")[-1].params["blocks"])
    async with slack.bot.db.session() as session:
        dana = (await session.execute(select(Interviewer))).scalar_one()
        assert dana.thanked_at is not None


async def test_home_tab_button_answers_by_dm_and_refreshes_home(slack):
    """App Home buttons have no response_url: the answer comes by DM and the tab is republished."""
    home = {
        "action_id": "prep:cmd:1",
        "text": {"type": "plain_text", "text": "Show stories"},
        "value": "stories",
    }
    answer = await slack.press(home, container=HOME, channel=None)
    assert answer.messages == []
    [dm] = slack.fake.calls_to("chat.postMessage")
    assert dm.params["channel"] == ANA
    [publish] = slack.fake.calls_to("views.publish")
    assert publish.params["user_id"] == ANA and publish.params["view"]["type"] == "home"


async def test_button_values_are_commands_the_renderer_wrote(slack):
    """Every button the app sends carries a command line that the grammar accepts."""
    from bot.commands.grammar import parse
    from bot.commands.types import ParseError

    guide = await slack.command("second-round")
    for element in buttons(guide.blocks):
        assert not isinstance(parse(element["value"]), ParseError), element["value"]
