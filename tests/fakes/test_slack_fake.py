"""The fake Slack speaks the real wire format: checked with the real slack_sdk clients."""

import json
from urllib.parse import parse_qs

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from tests.fakes.slack_api import (
    APP_TOKEN,
    BOT_TOKEN,
    CLIENT_ID,
    CLIENT_SECRET,
    SIGNING_SECRET,
    TEAM_ID,
    FakeSlack,
    block_actions,
    event_callback,
    interaction,
    signed_headers,
    slash_command,
    validate_blocks,
)

# slack_sdk's OAuth exchange still uses aiohttp's BasicAuth; not ours to change.
pytestmark = pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")


@pytest.fixture
async def fake():
    async with FakeSlack() as server:
        server.add_user("U0ANA0001", name="Ana", tz="Europe/Berlin")
        yield server


def client(fake, token=BOT_TOKEN):
    return AsyncWebClient(token=token, base_url=fake.api_url, retry_handlers=[])


async def test_auth_test_answers_like_slack(fake):
    """auth.test returns the workspace and bot identity fields bolt reads."""
    response = await client(fake).auth_test()
    assert response["ok"] and response["team_id"] == TEAM_ID and response["bot_id"]
    assert response.headers["x-oauth-scopes"]


async def test_tokens_are_checked(fake):
    """No token is not_authed; an unknown token is invalid_auth."""
    with pytest.raises(SlackApiError) as unknown:
        await client(fake, token="xoxb-nope").auth_test()
    assert unknown.value.response["error"] == "invalid_auth"
    with pytest.raises(SlackApiError) as missing:
        await AsyncWebClient(base_url=fake.api_url).auth_test()
    assert missing.value.response["error"] == "not_authed"


async def test_post_message_to_a_user_opens_a_dm_and_is_recorded(fake):
    """chat.postMessage to a user id answers with the DM channel and message, and is recorded."""
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]
    response = await client(fake).chat_postMessage(channel="U0ANA0001", text="hi", blocks=blocks)
    assert (
        response["channel"] == "D0ANA0001"
        and response["ts"]
        and response["message"]["blocks"] == blocks
    )
    [call] = fake.calls_to("chat.postMessage")
    assert call.params["channel"] == "U0ANA0001" and call.token == BOT_TOKEN


async def test_unknown_and_deleted_users_fail_like_slack(fake):
    """Unknown user ids are channel_not_found; deleted users are user_not_found."""
    fake.add_user("U0GONE001", deleted=True)
    for user, error in (("U0NOBODY1", "channel_not_found"), ("U0GONE001", "user_not_found")):
        with pytest.raises(SlackApiError) as raised:
            await client(fake).chat_postMessage(channel=user, text="hi")
        assert raised.value.response["error"] == error


async def test_invalid_blocks_are_refused(fake):
    """Blocks past the limits are answered with invalid_blocks and the reasons."""
    with pytest.raises(SlackApiError) as raised:
        await client(fake).chat_postMessage(
            channel="U0ANA0001",
            text="x",
            blocks=[{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}],
        )
    assert raised.value.response["error"] == "invalid_blocks"
    assert "150" in raised.value.response["errors"][0]


def test_block_validator_knows_the_limits():
    """The validator catches each limit of design.md."""
    button = {
        "type": "button",
        "text": {"type": "plain_text", "text": "b"},
        "action_id": "a",
        "value": "v",
    }
    assert validate_blocks([{"type": "divider"}] * 51)
    assert validate_blocks([{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}])
    assert validate_blocks(
        [{"type": "actions", "elements": [button, button]}]
    )  # repeated action_id
    assert validate_blocks([{"type": "actions", "elements": [{**button, "value": "v" * 2001}]}])
    assert validate_blocks(
        [
            {
                "type": "actions",
                "elements": [{**button, "text": {"type": "plain_text", "text": "b" * 76}}],
            }
        ]
    )
    assert validate_blocks([{"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11}])
    assert validate_blocks(
        [
            {
                "type": "rich_text",
                "elements": [
                    {"type": "rich_text_section", "elements": [{"type": "text", "text": ""}]}
                ],
            }
        ]
    )
    assert validate_blocks([{"type": "divider"}] * 100, max_blocks=100) == []


async def test_injected_failures_and_429(fake):
    """fail() answers errors (with status and headers); slack_sdk reads Retry-After from a 429."""
    fake.fail("chat.postMessage", "ratelimited", status=429, headers={"Retry-After": "3"})
    fake.fail("chat.postMessage", "internal_error", after=1)
    with pytest.raises(SlackApiError) as limited:
        await client(fake).chat_postMessage(channel="U0ANA0001", text="a")
    assert limited.value.response.status_code == 429
    assert limited.value.response.headers["Retry-After"] == "3"
    await client(fake).chat_postMessage(channel="U0ANA0001", text="b")  # let through by after=1
    with pytest.raises(SlackApiError) as failed:
        await client(fake).chat_postMessage(channel="U0ANA0001", text="c")
    assert failed.value.response["error"] == "internal_error"
    await client(fake).chat_postMessage(channel="U0ANA0001", text="d")


async def test_rate_limit_is_per_channel(fake):
    """rate_limit() enforces a per-channel budget (429 + Retry-After); other channels are free."""
    fake.add_user("U0BEN0002")
    fake.rate_limit("chat.postMessage", per_second=0.5, burst=1)
    await client(fake).chat_postMessage(channel="U0ANA0001", text="1")
    with pytest.raises(SlackApiError) as raised:
        await client(fake).chat_postMessage(channel="U0ANA0001", text="2")
    assert (
        raised.value.response.status_code == 429 and raised.value.response["error"] == "ratelimited"
    )
    assert int(raised.value.response.headers["Retry-After"]) == 2
    await client(fake).chat_postMessage(channel="U0BEN0002", text="3")


async def test_users_info_views_and_files(fake):
    """users.info, views.open/publish and the three-step file upload answer with Slack's shapes."""
    web = client(fake)
    user = (await web.users_info(user="U0ANA0001"))["user"]
    assert user["tz"] == "Europe/Berlin" and user["profile"]["display_name"] == "Ana"
    view = {"type": "modal", "title": {"type": "plain_text", "text": "T"}, "blocks": []}
    opened = await web.views_open(trigger_id="1.2.3", view=view)
    assert opened["view"]["id"].startswith("V") and opened["view"]["state"] == {"values": {}}
    published = await web.views_publish(user_id="U0ANA0001", view={"type": "home", "blocks": []})
    assert published["view"]["type"] == "home"
    done = await web.files_upload_v2(channel="D0ANA0001", filename="a.json", content=b"{}")
    assert done["file"]["id"].startswith("F")
    [upload] = fake.calls_to("upload")
    assert upload.params["bytes"] == b"{}"


async def test_response_url_records_posts(fake):
    """A response_url accepts the app's answer, records it, and checks its blocks."""
    url = fake.response_url("r1")
    ok = await AsyncWebhookClient(url).send(
        text="hi", blocks=[{"type": "divider"}], response_type="ephemeral"
    )
    bad = await AsyncWebhookClient(url).send(text="x", blocks=[{"type": "divider"}] * 51)
    assert ok.status_code == 200 and bad.status_code == 400
    calls = await fake.wait_for("response_url", 2)
    assert calls[0].params["response_type"] == "ephemeral" and calls[0].path.endswith("/r1")


async def test_oauth_exchange_checks_the_client_and_mints_a_token(fake):
    """oauth.v2.access needs the client credentials; the token it returns then works."""
    web = AsyncWebClient(base_url=fake.api_url)
    with pytest.raises(SlackApiError):
        await web.oauth_v2_access(client_id=CLIENT_ID, client_secret="wrong", code="code-T0NEW")
    answer = await web.oauth_v2_access(
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code="code-T0NEW"
    )
    assert answer["team"]["id"] == "T0NEW"
    assert (await client(fake, token=answer["access_token"]).auth_test())["team_id"] == "T0NEW"


def test_requests_to_the_app_are_signed_like_slack():
    """Requests are signed as slack_sdk verifies them; the payload builders are well formed."""
    body = slash_command("help", user_id="U0ANA0001", response_url="http://x/hooks/1")
    headers = signed_headers(body)
    verifier = SignatureVerifier(SIGNING_SECRET)
    assert verifier.is_valid(
        body, headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    )
    assert not verifier.is_valid(
        body + "x", headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    )
    assert (
        "text=help" in body
        and "%26" not in slash_command("a & b", user_id="U", response_url="u").split("text=")[0]
    )
    assert "a+%26amp%3B+b" in slash_command("a & b", user_id="U", response_url="u")
    button = {
        "action_id": "prep:cmd:1",
        "text": {"type": "plain_text", "text": "B"},
        "value": "help",
    }
    payload = block_actions(
        button, user_id="U0ANA0001", response_url="u", container={"type": "message"}
    )
    assert json.loads(parse_qs(interaction(payload))["payload"][0]) == payload
    assert json.loads(event_callback({"type": "app_home_opened"}))["type"] == "event_callback"


async def test_socket_mode_url_needs_the_app_token_and_says_hello(fake):
    """apps.connections.open takes only the app-level token; its socket greets with hello."""
    with pytest.raises(SlackApiError):
        await client(fake).apps_connections_open(app_token=BOT_TOKEN)
    url = (await client(fake).apps_connections_open(app_token=APP_TOKEN))["url"]
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as socket:
        assert (await socket.receive_json())["type"] == "hello"
        await socket.send_json({"envelope_id": "e1"})
        [ack] = await fake.wait_for("socket_ack")
        assert ack.params == {"envelope_id": "e1"}


# --- channels, threads and group DMs ---


async def _error(call):
    with pytest.raises(SlackApiError) as raised:
        await call
    return raised.value.response["error"]


async def test_channel_posts_need_the_bot_in_a_live_channel(fake):
    """chat.postMessage to a channel answers like Slack: unknown, not a member, archived, or ok."""
    fake.add_channel("C0OUTSIDE", bot_member=False)
    fake.add_channel("G0SECRET1", private=True, bot_member=False)
    fake.add_channel("C0ARCHIVE", archived=True)
    fake.add_channel("C0GENERAL")
    web = client(fake)
    for channel, error in (
        ("C0NOWHERE", "channel_not_found"),
        ("C0OUTSIDE", "not_in_channel"),
        ("G0SECRET1", "channel_not_found"),
        ("C0ARCHIVE", "is_archived"),
    ):
        assert await _error(web.chat_postMessage(channel=channel, text="q")) == error
    posted = await web.chat_postMessage(channel="C0GENERAL", text="q")
    assert posted["channel"] == "C0GENERAL" and posted["message"]["bot_id"]
    assert fake.thread("C0GENERAL", posted["ts"])[0]["text"] == "q"


async def test_thread_replies_are_paged_with_a_cursor(fake):
    """conversations.replies: the parent heads every page, replies follow by cursor until done."""
    fake.add_channel("C0GENERAL")
    web = client(fake)
    parent = (await web.chat_postMessage(channel="C0GENERAL", text="question"))["ts"]
    await web.chat_postMessage(channel="C0GENERAL", text="bot note", thread_ts=parent)
    replies = [fake.user_reply("C0GENERAL", parent, "U0ANA0001", f"a{n}")["ts"] for n in range(4)]
    seen, cursor, pages = [], None, 0
    while True:
        page = await web.conversations_replies(
            channel="C0GENERAL", ts=parent, limit=3, cursor=cursor
        )
        pages += 1
        assert page["messages"][0]["ts"] == parent and len(page["messages"]) <= 3
        seen += [m["ts"] for m in page["messages"][1:]]
        cursor = page["response_metadata"]["next_cursor"]
        if not page["has_more"]:
            assert cursor == ""
            break
    assert pages == 3 and seen[1:] == replies
    assert fake.thread("C0GENERAL", parent)[0]["reply_count"] == 5


async def test_thread_reading_errors_are_slacks(fake):
    """Unknown thread, bad cursor, a channel the bot left: thread_not_found, invalid_cursor..."""
    fake.add_channel("C0GENERAL")
    web = client(fake)
    parent = (await web.chat_postMessage(channel="C0GENERAL", text="q"))["ts"]
    missing = web.conversations_replies(channel="C0GENERAL", ts="1.000001")
    assert await _error(missing) == "thread_not_found"
    bad = web.conversations_replies(channel="C0GENERAL", ts=parent, cursor="not a cursor")
    assert await _error(bad) == "invalid_cursor"
    fake.conversations["C0GENERAL"].members.clear()
    gone = web.conversations_replies(channel="C0GENERAL", ts=parent)
    assert await _error(gone) == "not_in_channel"


async def test_user_reply_returns_the_event_slack_sends(fake):
    """A member's thread reply is kept and comes back as a `message` event with its thread_ts."""
    fake.add_channel("G0PRIVATE", private=True)
    parent = (await client(fake).chat_postMessage(channel="G0PRIVATE", text="q"))["ts"]
    event = fake.user_reply("G0PRIVATE", parent, "U0ANA0001", "my answer")
    assert event["type"] == "message" and event["thread_ts"] == parent
    assert event["channel"] == "G0PRIVATE" and event["channel_type"] == "group"
    assert event["ts"] > parent and "subtype" not in event


async def test_conversations_open_gives_one_group_dm_per_set_of_people(fake):
    """Several users open an mpim (G...), the same again reuses it; one user opens a DM."""
    fake.add_user("U0BEN0002")
    web = client(fake)
    opened = await web.conversations_open(users="U0ANA0001,U0BEN0002")
    group = opened["channel"]["id"]
    assert group.startswith("G") and opened["channel"]["is_mpim"]
    again = await web.conversations_open(users="U0BEN0002,U0ANA0001")
    assert again["channel"]["id"] == group and again["already_open"]
    assert (await web.conversations_open(users="U0ANA0001"))["channel"]["id"] == "D0ANA0001"
    posted = await web.chat_postMessage(channel=group, text="hello pair")
    assert posted["channel"] == group and fake.thread(group, posted["ts"])


async def test_conversations_open_errors_are_slacks(fake):
    """No users, an unknown or deactivated user, or more than eight: Slack's error codes."""
    fake.add_user("U0GONE001", deleted=True)
    web = client(fake)
    nine = ",".join(fake.add_user(f"U0MANY{n:03d}")["id"] for n in range(9))
    for users, error in (
        ("", "users_list_not_supplied"),
        ("U0ANA0001,U0NOBODY1", "user_not_found"),
        ("U0ANA0001,U0GONE001", "user_disabled"),
        (nine, "too_many_users"),
    ):
        assert await _error(web.conversations_open(users=users)) == error


async def test_conversations_join_only_public_live_channels(fake):
    """The bot joins a public channel (again: a warning); private, archived, DMs refuse."""
    fake.add_channel("C0OUTSIDE", bot_member=False)
    fake.add_channel("G0SECRET1", private=True, bot_member=False)
    fake.add_channel("C0ARCHIVE", archived=True, bot_member=False)
    fake.add_user("U0BEN0002")
    web = client(fake)
    joined = await web.conversations_join(channel="C0OUTSIDE")
    assert joined["channel"]["is_member"] and "warning" not in joined
    assert (await web.conversations_join(channel="C0OUTSIDE"))["warning"] == "already_in_channel"
    await web.chat_postMessage(channel="C0OUTSIDE", text="now I can post")
    group = (await web.conversations_open(users="U0ANA0001,U0BEN0002"))["channel"]["id"]
    for channel, error in (
        ("G0SECRET1", "channel_not_found"),
        ("C0ARCHIVE", "is_archived"),
        (group, "method_not_supported_for_channel_type"),
    ):
        assert await _error(web.conversations_join(channel=channel)) == error


async def test_external_upload_flow_keeps_the_file_and_shares_it(fake):
    """URL, bytes, completion: the file is kept with its bytes and shown in the DM."""
    web = client(fake)
    done = await web.files_upload_v2(
        channel="D0ANA0001", filename="prepbot-interviews.ics", content=b"BEGIN:VCALENDAR\r\n"
    )
    file_id = done["file"]["id"]
    assert done["files"] == [{"id": file_id, "title": "prepbot-interviews.ics"}]
    kept = fake.files[file_id]
    assert kept.completed and kept.channel == "D0ANA0001"
    assert kept.data == b"BEGIN:VCALENDAR\r\n" and kept.length == len(kept.data)
    [share] = fake.direct_files["D0ANA0001"]
    assert share["files"][0]["name"] == "prepbot-interviews.ics"
    [url_call] = fake.calls_to("files.getUploadURLExternal")
    assert url_call.params["filename"] == "prepbot-interviews.ics"
    assert url_call.params["length"] == str(len(b"BEGIN:VCALENDAR\r\n"))


async def test_external_upload_errors_have_slacks_codes(fake):
    """Missing arguments, a file never uploaded, an unknown channel: Slack's error codes."""
    web = client(fake)
    with pytest.raises(SlackApiError) as raised:
        await web.api_call("files.getUploadURLExternal", params={"filename": "a.ics"})
    assert raised.value.response["error"] == "invalid_arguments"
    issued = await web.files_getUploadURLExternal(filename="a.ics", length=3)
    with pytest.raises(SlackApiError) as raised:  # completed before any bytes were sent
        await web.files_completeUploadExternal(
            files=[{"id": issued["file_id"], "title": "a"}], channel_id="D0ANA0001"
        )
    assert raised.value.response["error"] == "file_not_found"
    with pytest.raises(SlackApiError) as raised:
        await web.files_upload_v2(channel="C0NOWHERE", filename="a.ics", content=b"abc")
    assert raised.value.response["error"] == "channel_not_found"
    with pytest.raises(SlackApiError) as raised:
        await web.files_completeUploadExternal(files=[{"id": "F0000000404"}])
    assert raised.value.response["error"] == "file_not_found"


async def test_the_sync_web_client_uploads_through_the_fake_too(fake):
    """slack_sdk's blocking WebClient.files_upload_v2 runs the same three steps."""
    import asyncio

    from slack_sdk import WebClient

    web = WebClient(token=BOT_TOKEN, base_url=fake.api_url)
    # A thread: the blocking client must not stall the loop the fake answers on.
    done = await asyncio.to_thread(
        web.files_upload_v2, channel="D0ANA0001", filename="x.ics", content="BEGIN:VCALENDAR"
    )
    assert fake.files[done["file"]["id"]].data == b"BEGIN:VCALENDAR"
