import json
from pathlib import Path

import pytest

from adapters.slack import oauth
from adapters.slack.listeners import commands, dms, events, threads
from adapters.slack.main import EVENTS_PATH
from tests.adapters.slack.conftest import ANA
from tests.fakes.platform_specs import slack_manifest_problems
from tests.fakes.slack_api import event_callback, slash_command

MANIFEST = json.loads((Path(__file__).parents[3] / "manifest.json").read_text())
SCHEMA = "https://raw.githubusercontent.com/slackapi/manifest-schema/main/manifest.schema.json"


def test_manifest_declares_its_schema_and_fits_its_limits():
    """The manifest names Slack's JSON schema and keeps the display limits it sets."""
    assert MANIFEST["$schema"] == SCHEMA
    info = MANIFEST["display_information"]
    assert 1 <= len(info["name"]) <= 35
    assert 1 <= len(info["description"]) <= 140
    assert 175 <= len(info["long_description"]) <= 4000
    for command in MANIFEST["features"]["slash_commands"]:
        assert len(command["command"]) <= 32 and command["command"].startswith("/")


def test_manifest_command_is_the_one_the_code_listens_for():
    """Exactly one slash command, `/prep`, the command listener's."""
    [command] = MANIFEST["features"]["slash_commands"]
    assert command["command"] == commands.COMMAND
    assert command["should_escape"] is False  # the code reads mentions as typed text


def test_manifest_scopes_are_the_ones_oauth_requests():
    """The bot scopes in the manifest and in the OAuth install request are the same, minimal set."""
    assert tuple(MANIFEST["oauth_config"]["scopes"]["bot"]) == oauth.BOT_SCOPES
    assert "user" not in MANIFEST["oauth_config"]["scopes"]


def _event_type(subscription):
    """The `type` of the events a subscription sends (`message.channels` sends `message`)."""
    return subscription.split(".")[0]


def test_manifest_events_are_the_ones_the_code_handles():
    """Every subscribed event has a listener, and every event listener is subscribed."""
    subscribed = MANIFEST["settings"]["event_subscriptions"]["bot_events"]
    assert sorted(subscribed) == sorted(events.EVENTS + threads.SUBSCRIPTIONS + dms.SUBSCRIPTIONS)
    assert {_event_type(name) for name in subscribed} == {
        *events.EVENTS,
        *threads.EVENTS,
        *dms.EVENTS,
    }


def test_manifest_subscribes_to_thread_replies_and_its_own_dms_only():
    """Channel and private-channel messages (answer threads) and the app's DMs (practice
    answers) come in; group DMs, where the pairs talk among themselves, do not."""
    subscribed = MANIFEST["settings"]["event_subscriptions"]["bot_events"]
    assert {"message.channels", "message.groups", "message.im"} <= set(subscribed)
    assert "message.mpim" not in subscribed
    # Reading DM events needs im:history; members can write in the Messages tab.
    assert "im:history" in MANIFEST["oauth_config"]["scopes"]["bot"]
    assert MANIFEST["features"]["app_home"]["messages_tab_read_only_enabled"] is False


def test_manifest_passes_slacks_schema():
    """The manifest as shipped is valid against Slack's published manifest schema."""
    assert slack_manifest_problems(MANIFEST) == []


def test_manifest_urls_home_and_interactivity():
    """All Slack traffic goes to one endpoint; App Home and interactivity are on."""
    settings = MANIFEST["settings"]
    urls = [
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
        *(c["url"] for c in MANIFEST["features"]["slash_commands"]),
    ]
    assert all(url.endswith(EVENTS_PATH) for url in urls)
    assert settings["interactivity"]["is_enabled"] is True
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True
    assert MANIFEST["oauth_config"]["redirect_urls"][0].endswith(oauth.REDIRECT_PATH)


@pytest.mark.parametrize("event_type", MANIFEST["settings"]["event_subscriptions"]["bot_events"])
async def test_each_manifest_event_reaches_a_listener(slack, event_type):
    """Bolt answers 404 to events nobody listens to; the manifest's are all answered 200."""
    event = {
        "type": _event_type(event_type),
        "channel_type": event_type.partition(".")[2] or None,
        "user": ANA,
        "tab": "messages",
        "tokens": {"oauth": ["U1"]},
        "event_ts": "1.0",
    }
    status, _, _ = await slack.post(event_callback(event), content_type="application/json")
    assert status == 200


async def test_unsubscribed_event_and_unknown_command_are_not_handled(slack):
    """The converse: something outside the manifest is not handled (404), so the check has teeth."""
    status, _, _ = await slack.post(
        event_callback({"type": "reaction_added", "user": ANA}), content_type="application/json"
    )
    assert status == 404
    body = slash_command("help", user_id=ANA, response_url=slack.fake.response_url()).replace(
        "%2Fprep", "%2Fother"
    )
    status, _, _ = await slack.post(body)
    assert status == 404
