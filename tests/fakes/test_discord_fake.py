"""The fake Discord API answers like Discord, as seen through discord.py's own HTTP layer."""

from __future__ import annotations

import discord
import pytest
from discord.http import Route, handle_message_parameters

from tests.fakes.discord_api import (
    TOKEN,
    FakeDiscordAPI,
    command_problems,
    message_problems,
)


@pytest.fixture
async def api():
    fake = FakeDiscordAPI()
    await fake.start()
    previous = Route.BASE
    Route.BASE = fake.base_url
    yield fake
    Route.BASE = previous
    await fake.close()


@pytest.fixture
async def http(api):
    client = discord.Client(intents=discord.Intents.none(), max_ratelimit_timeout=30.0)
    await client.login(TOKEN)
    yield client.http
    await client.close()


def _params(**kwargs):
    return handle_message_parameters(**kwargs)


async def test_login_reads_bot_user_and_application(api):
    """discord.py's login parses the fake's user and application objects."""
    client = discord.Client(intents=discord.Intents.none())
    await client.login(TOKEN)
    try:
        assert client.user is not None and client.user.bot
        assert client.application_id == api.application_id
    finally:
        await client.close()


async def test_wrong_token_is_a_401_login_failure(api):
    """A bad token gets 401, which discord.py reports as LoginFailure, and counts as invalid."""
    client = discord.Client(intents=discord.Intents.none())
    with pytest.raises(discord.LoginFailure):
        await client.login("not-the-token")
    await client.close()
    assert api.invalid_requests == 1


async def test_dm_channel_is_stable_per_user(api, http):
    """Opening a DM twice gives the same channel, shaped as a DM channel."""
    first = await http.start_private_message(42)
    second = await http.start_private_message(42)
    assert first["id"] == second["id"] and first["type"] == 1
    assert first["recipients"][0]["id"] == "42"


async def test_closed_dms_answer_50007(api, http):
    """A member with closed DMs makes a message send fail with Forbidden code 50007."""
    api.closed_dms.add(7)
    channel = await http.start_private_message(7)
    with pytest.raises(discord.Forbidden) as caught:
        await http.send_message(channel["id"], params=_params(content="hi"))
    assert caught.value.code == 50007
    assert api.invalid_requests == 1


async def test_dm_open_refused_with_40003(api, http):
    """Opening DMs too fast answers code 40003."""
    api.refuse_dm_open[8] = 40003
    with pytest.raises(discord.HTTPException) as caught:
        await http.start_private_message(8)
    assert caught.value.code == 40003


async def test_enforced_nonce_returns_the_first_message(api, http):
    """Two sends with one nonce and enforce_nonce create one message."""
    channel = await http.start_private_message(9)
    first = await http.send_message(channel["id"], params=_params(content="a", nonce="n1"))
    second = await http.send_message(channel["id"], params=_params(content="a", nonce="n1"))
    assert first["id"] == second["id"]
    assert len(api.messages[int(channel["id"])]) == 1
    assert api.requests[-1].body["enforce_nonce"] is True


async def test_429_is_retried_by_discord_py(api, http):
    """A route 429 (with Via and retry_after) is slept on and retried by the library."""
    channel = await http.start_private_message(10)
    api.throttle(r"POST /channels/\d+/messages", retry_after=0.05)
    await http.send_message(channel["id"], params=_params(content="hi"))
    statuses = [r.status for r in api.sent("POST", r"/channels/\d+/messages")]
    assert statuses == [429, 200]


async def test_long_429_raises_rate_limited(api, http):
    """A 429 longer than max_ratelimit_timeout surfaces as RateLimited, not a long sleep."""
    channel = await http.start_private_message(11)
    api.throttle(r"POST /channels/\d+/messages", retry_after=60.0)
    with pytest.raises(discord.RateLimited) as caught:
        await http.send_message(channel["id"], params=_params(content="hi"))
    assert caught.value.retry_after == 60.0


async def test_global_limit_answers_global_429(api, http):
    """Going over the per-second global limit gets a global 429, which the library waits out."""
    api.global_limit = 1
    await http.start_private_message(100)
    await http.start_private_message(200)  # within the same second: 429, wait, success
    assert api.global_429s >= 1
    assert api.dm_channel_of(200) is not None


async def test_message_over_limits_is_rejected_with_50035(api, http):
    """The fake rejects what Discord rejects: here a 4097-character description."""
    channel = await http.start_private_message(12)
    embed = discord.Embed(description="x" * 4097)
    with pytest.raises(discord.HTTPException) as caught:
        await http.send_message(channel["id"], params=_params(embed=embed))
    assert caught.value.code == 50035


def test_message_rules():
    """Each documented message limit is checked."""
    assert message_problems({"content": "ok"}) == []
    assert message_problems({}) == ["Cannot send an empty message"]
    assert message_problems({"content": "x" * 2001})
    assert message_problems({"embeds": [{"description": "x"}] * 11})
    assert message_problems({"embeds": [{"description": "x" * 4000}, {"description": "y" * 2001}]})
    assert message_problems({"embeds": [{"fields": [{"name": "n", "value": "v"}] * 26}]})
    assert message_problems({"embeds": [{"title": "t" * 257}]})
    row = {"type": 1, "components": [{"type": 2, "style": 2, "label": "b", "custom_id": "c"}]}
    assert message_problems({"components": [row] * 6})
    six = {
        "type": 1,
        "components": [
            {"type": 2, "style": 2, "label": "b", "custom_id": f"c{i}"} for i in range(6)
        ],
    }
    assert message_problems({"components": [six]})
    long_id = {
        "type": 1,
        "components": [{"type": 2, "style": 2, "label": "b", "custom_id": "c" * 101}],
    }
    assert message_problems({"components": [long_id]})
    assert message_problems({"components": [row, row]})  # repeated custom id


def test_command_rules():
    """Names, descriptions, option order, choices and nesting follow Discord's rules."""
    good = {
        "name": "prep",
        "description": "d",
        "options": [
            {
                "name": "daily",
                "description": "d",
                "type": 1,
                "options": [
                    {
                        "name": "action",
                        "description": "d",
                        "type": 3,
                        "required": True,
                        "choices": [{"name": "on", "value": "on"}],
                    },
                    {"name": "time", "description": "d", "type": 3},
                ],
            },
        ],
    }
    assert command_problems(good) == []
    assert command_problems({**good, "name": "Prep"})
    assert command_problems({**good, "name": "has space"})
    assert command_problems({**good, "description": "x" * 101})
    too_many = {
        **good,
        "options": [{"name": f"s{i}", "description": "d", "type": 1} for i in range(26)],
    }
    assert command_problems(too_many)
    optional_first = {
        "name": "c",
        "description": "d",
        "options": [
            {"name": "a", "description": "d", "type": 3},
            {"name": "b", "description": "d", "type": 3, "required": True},
        ],
    }
    assert command_problems(optional_first)
    nested = {
        "name": "c",
        "description": "d",
        "options": [
            {
                "name": "g",
                "description": "d",
                "type": 2,
                "options": [
                    {
                        "name": "s",
                        "description": "d",
                        "type": 1,
                        "options": [{"name": "x", "description": "d", "type": 1}],
                    }
                ],
            }
        ],
    }
    assert command_problems(nested)
    both = {
        "name": "c",
        "description": "d",
        "options": [
            {
                "name": "a",
                "description": "d",
                "type": 3,
                "autocomplete": True,
                "choices": [{"name": "x", "value": "x"}],
            }
        ],
    }
    assert command_problems(both)


async def test_bulk_overwrite_stores_commands_or_rejects(api, http):
    """PUT commands stores a valid tree and answers 50035 for an invalid one."""
    body = [{"name": "prep", "description": "d", "type": 1}]
    saved = await http.bulk_upsert_global_commands(api.application_id, payload=body)
    assert saved[0]["name"] == "prep" and api.commands[None][0]["id"]
    with pytest.raises(discord.HTTPException) as caught:
        await http.bulk_upsert_global_commands(api.application_id, payload=[{"name": "Bad Name"}])
    assert caught.value.code == 50035


async def test_interaction_is_answered_once(api, http):
    """A second callback for one interaction token is refused with 40060."""
    route = Route("POST", "/interactions/{id}/{token}/callback", id=1, token="tok")
    await http.request(route, json={"type": 4, "data": {"content": "hi"}})
    with pytest.raises(discord.HTTPException) as caught:
        await http.request(route, json={"type": 4, "data": {"content": "again"}})
    assert caught.value.code == 40060


async def test_unknown_route_is_404(api, http):
    """Routes the fake does not serve answer Discord's 404 shape."""
    with pytest.raises(discord.NotFound):
        await http.request(Route("GET", "/guilds/{guild_id}", guild_id=1))


GUILD = 1_180_000_000_000_000_001


async def _post(http, channel_id, text="q", **kwargs):
    return await http.send_message(channel_id, params=_params(content=text, **kwargs))


async def test_server_channel_posts_and_unknown_channels(api, http):
    """A registered text channel takes messages (nonce deduped); others answer 10003."""
    channel = api.add_text_channel(GUILD)
    first = await _post(http, channel, nonce="n")
    again = await _post(http, channel, nonce="n")
    assert first["id"] == again["id"] and len(api.messages[channel]) == 1
    with pytest.raises(discord.NotFound) as caught:
        await _post(http, 424242)
    assert caught.value.code == 10003


async def test_thread_from_message_shares_its_id_and_only_once(api, http):
    """A thread started from a message has the message's id; a second start is 160004."""
    channel = api.add_text_channel(GUILD)
    message = await _post(http, channel)
    thread = await http.start_thread_with_message(
        channel, message["id"], name="Answers", auto_archive_duration=1440
    )
    assert thread["id"] == message["id"] and thread["type"] == 11
    assert thread["parent_id"] == str(channel) and thread["owner_id"] == str(api.bot_user_id)
    assert api.messages[channel][0]["flags"] & (1 << 5)
    assert [m["type"] for m in api.messages[int(thread["id"])]] == [21]  # the starter
    with pytest.raises(discord.HTTPException) as caught:
        await http.start_thread_with_message(
            channel, message["id"], name="Answers", auto_archive_duration=1440
        )
    assert caught.value.code == 160004


async def test_thread_rules_unknown_message_and_bad_names(api, http):
    """An unknown message is 10008; a name over 100 characters or odd archive time 50035."""
    channel = api.add_text_channel(GUILD)
    with pytest.raises(discord.NotFound) as caught:
        await http.start_thread_with_message(channel, 1, name="x", auto_archive_duration=60)
    assert caught.value.code == 10008
    message = await _post(http, channel)
    for name, minutes in (("x" * 101, 60), ("ok", 61)):
        with pytest.raises(discord.HTTPException) as caught:
            await http.start_thread_with_message(
                channel, message["id"], name=name, auto_archive_duration=minutes
            )
        assert caught.value.code == 50035


async def test_private_thread_members_and_departed_users(api, http):
    """A private thread (type 12) holds the bot; members are added once; a leaver is 10007."""
    channel = api.add_text_channel(GUILD)
    thread = await http.start_thread_without_message(
        channel, name="Pair", auto_archive_duration=10080, type=12
    )
    thread_id = int(thread["id"])
    assert thread["type"] == 12 and thread["thread_metadata"]["invitable"] is True
    await http.add_user_to_thread(thread_id, 7)
    await http.add_user_to_thread(thread_id, 7)
    assert api.thread_members[thread_id] == {api.bot_user_id, 7}
    assert api.channels[thread_id]["member_count"] == 2
    api.departed.add(8)
    with pytest.raises(discord.NotFound) as caught:
        await http.add_user_to_thread(thread_id, 8)
    assert caught.value.code == 10007
    await _post(http, thread_id, "hello pair")
    assert api.channels[thread_id]["message_count"] == 1


async def test_non_invitable_private_thread_needs_manage_threads_to_add(api, http):
    """With `invitable: false` only a moderator adds people: 50013 without Manage Threads."""
    channel = api.add_text_channel(GUILD)
    thread = await http.start_thread_without_message(
        channel, name="Pair", auto_archive_duration=60, type=12, invitable=False
    )
    with pytest.raises(discord.Forbidden) as caught:
        await http.add_user_to_thread(thread["id"], 7)
    assert caught.value.code == 50013
    api.manages_threads = True
    await http.add_user_to_thread(thread["id"], 7)


async def test_private_thread_the_bot_left_is_missing_access(api, http):
    """Without being a member the bot cannot post in a private thread (50001)."""
    channel = api.add_text_channel(GUILD)
    thread = await http.start_thread_without_message(
        channel, name="Pair", auto_archive_duration=60, type=12
    )
    api.thread_members[int(thread["id"])].clear()
    with pytest.raises(discord.Forbidden) as caught:
        await _post(http, thread["id"])
    assert caught.value.code == 50001


async def test_revoked_channel_refuses_posts_threads_and_history(api, http):
    """A channel the bot lost (50013) refuses posts, threads in it, and reading them."""
    channel = api.add_text_channel(GUILD)
    message = await _post(http, channel)
    thread = await http.start_thread_with_message(
        channel, message["id"], name="A", auto_archive_duration=60
    )
    api.revoked[channel] = 50013
    calls = (
        _post(http, channel),
        http.start_thread_without_message(channel, name="P", auto_archive_duration=60, type=12),
        http.logs_from(thread["id"], 100),
    )
    for call in calls:
        with pytest.raises(discord.Forbidden) as caught:
            await call
        assert caught.value.code == 50013
    assert api.invalid_requests == 3


async def test_history_is_newest_first_paged_and_blank_without_the_intent(api, http):
    """GET messages pages newest first with before; others' text is empty without the intent."""
    channel = api.add_text_channel(GUILD)
    written = [api.member_writes(channel, 100 + i, f"answer {i}") for i in range(5)]
    page = await http.logs_from(channel, 2)
    assert [m["id"] for m in page] == [written[4]["id"], written[3]["id"]]
    older = await http.logs_from(channel, 100, before=page[-1]["id"])
    assert [m["id"] for m in older] == [w["id"] for w in reversed(written[:3])]
    assert all(m["content"] == "" and m["author"]["id"] for m in page)
    api.message_content_intent = True
    assert (await http.logs_from(channel, 1))[0]["content"] == "answer 4"
    with pytest.raises(discord.HTTPException) as caught:
        await http.logs_from(channel, 101)
    assert caught.value.code == 50035


async def test_active_threads_list_what_the_bot_can_see(api, http):
    """Active threads: public ones and the private ones the bot is in, with its membership."""
    channel = api.add_text_channel(GUILD)
    private = await http.start_thread_without_message(
        channel, name="Pair", auto_archive_duration=60, type=12
    )
    hidden = await http.start_thread_without_message(
        channel, name="Other", auto_archive_duration=60, type=12
    )
    api.thread_members[int(hidden["id"])].clear()
    active = await http.get_active_threads(GUILD)
    assert [t["id"] for t in active["threads"]] == [private["id"]]
    assert active["members"][0]["id"] == private["id"]


async def test_deleted_thread_is_unknown_channel(api, http):
    """A thread a moderator deleted answers 10003."""
    channel = api.add_text_channel(GUILD)
    thread = await http.start_thread_without_message(
        channel, name="P", auto_archive_duration=60, type=12
    )
    api.delete_channel(int(thread["id"]))
    with pytest.raises(discord.NotFound) as caught:
        await http.logs_from(thread["id"], 10)
    assert caught.value.code == 10003


async def test_files_are_recorded_and_shown_as_attachments(api, http):
    """discord.py's multipart send: the file is kept, and the message lists it."""
    import io

    channel = await http.start_private_message(9)
    file = discord.File(io.BytesIO(b"BEGIN:VCALENDAR\r\n"), filename="prepbot-interviews.ics")
    sent = await http.send_message(channel["id"], params=_params(content="cal", file=file))
    [attachment] = sent["attachments"]
    assert attachment["filename"] == "prepbot-interviews.ics"
    assert attachment["size"] == len(b"BEGIN:VCALENDAR\r\n")
    assert attachment["content_type"] == "text/calendar; charset=utf-8"
    request = api.requests[-1]
    assert request.files == [("prepbot-interviews.ics", b"BEGIN:VCALENDAR\r\n")]
    assert request.file_ids == [0] and request.body["attachments"][0]["id"] == 0


async def test_an_attachment_naming_no_uploaded_part_is_refused(api, http):
    """payload_json listing `files[1]` with only `files[0]` sent is Invalid Form Body."""
    import aiohttp

    channel = await http.start_private_message(9)
    form = aiohttp.FormData()
    payload = '{"content": "x", "attachments": [{"id": 1, "filename": "a.ics"}]}'
    form.add_field("payload_json", payload, content_type="application/json")
    form.add_field("files[0]", b"abc", filename="a.ics", content_type="text/calendar")
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{api.base_url}/channels/{channel['id']}/messages",
            data=form,
            headers={"Authorization": f"Bot {TOKEN}"},
        ) as response,
    ):
        body = await response.json()
    assert response.status == 400 and body["code"] == 50035
    assert "no files[1] part" in str(body["errors"])
