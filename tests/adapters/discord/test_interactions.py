"""Interactions from real payloads through the real tree: replies, buttons, forms, autocomplete."""

from __future__ import annotations

import asyncio

import discord

from adapters.discord.client import PrepClient, create_client
from adapters.discord.interactions import actor_for
from bot.commands.types import AddInterview
from bot.config import Settings
from bot.replies import Attachment, Paragraph, Reply
from tests.adapters.discord import payloads
from tests.adapters.discord.helpers import USER_ID, Harness
from tests.adapters.discord.payloads import option
from tests.fakes.discord_api import TOKEN, message_problems

OTHER_USER = USER_ID + 1


def _spy_text(monkeypatch, prep, reply: Reply | None = None) -> list[tuple[str, str]]:
    """Record (user id, line) of every handle_text call; answer `reply` if given."""
    calls: list[tuple[str, str]] = []
    real = prep.handle_text

    async def spy(actor, text):
        calls.append((actor.user_id, text))
        return reply if reply is not None else await real(actor, text)

    monkeypatch.setattr(prep, "handle_text", spy)
    return calls


async def test_personal_reply_is_ephemeral_and_mentions_nothing(harness):
    """A plain `/prep` reply is ephemeral, valid for Discord, and allows no mentions."""
    exchange = await harness.command("second-round")
    assert exchange.kind == 4 and exchange.ephemeral
    body = exchange.messages[0]
    assert body["allowed_mentions"] == {"parse": []}
    assert message_problems(body) == []


async def test_share_posts_the_guide_in_the_channel(harness):
    """`share:true` posts the answer visibly in the channel."""
    exchange = await harness.command("second-round", [option("share", True, kind=5)])
    assert not exchange.ephemeral and not exchange.is_error


async def test_options_become_the_typed_line(harness, monkeypatch, prep):
    """Options are joined into the line the grammar reads (same rules as Slack/console)."""
    calls = _spy_text(monkeypatch, prep)
    await harness.command(
        "daily", [option("action", "on"), option("time", "07:45"), option("category", "culture")]
    )
    await harness.command("thanks", [option("sent", "Dana Lee"), option("interview", "#k7qd2")])
    await harness.command(
        "followup",
        [option("when", "in 5 days"), option("note", "timeline"), option("interview", "k7qd2")],
    )
    await harness.command("reminders", [option("action", "cancel"), option("id", "ab3cd")])
    await harness.command(
        "stories", [option("action", "add"), option("title", "Led the migration")]
    )
    await harness.command("privacy", [option("action", "export")])
    await harness.command(
        "channel",
        [option("action", "daily"), option("time", "10:00"), option("zone", "Europe/Berlin")],
    )
    await harness.command(
        "pair", [option("action", "met"), option("round", "2026-W11"), option("met", "yes")]
    )
    await harness.command("digest", [option("action", "status")])
    await harness.command("admin")
    assert [line for _, line in calls] == [
        "daily on 07:45 culture",
        "thanks sent Dana Lee k7qd2",
        "followup in 5 days #k7qd2 timeline",
        "reminders cancel ab3cd",
        "stories add Led the migration",
        "privacy export",
        "channel daily 10:00 Europe/Berlin",
        "pair met 2026-W11 yes",
        "digest",
        "admin stats",
    ]


async def test_button_works_after_a_restart_and_runs_as_the_presser(
    harness, prep, fake_api, monkeypatch
):
    """A button from an earlier process still works, and acts for whoever presses it."""
    first = await harness.command("second-round")
    settings = Settings(_env_file=None, discord_token=TOKEN, discord_api_url=fake_api.base_url)
    restarted = create_client(settings, prep)  # a new process: no views in memory
    await restarted.login(TOKEN)
    try:
        calls = _spy_text(monkeypatch, prep)
        fresh = Harness(restarted, fake_api)
        pressed = await fresh.press(first.messages[0], "Formats", user_id=OTHER_USER)
    finally:
        await restarted.close()
    assert calls == [(str(OTHER_USER), "second-round formats")]
    assert pressed.ephemeral and not pressed.is_error


async def test_share_in_channel_button_posts_publicly(harness):
    """The guide's "Share in channel" button answers visibly in the channel."""
    first = await harness.command("second-round")
    shared = await harness.press(first.messages[0], "Share in channel")
    assert not shared.ephemeral


async def test_timezone_autocomplete(harness):
    """Zone names autocomplete from the tz database, prefix matches first, at most 25."""
    choices = await harness.autocomplete("tz", [option("zone", "europe/ber", focused=True)])
    assert choices[0]["value"] == "Europe/Berlin"
    everything = await harness.autocomplete("tz", [option("zone", "", focused=True)])
    assert len(everything) == 25


async def test_category_autocomplete(harness, prep):
    """Question categories autocomplete from the content library, by id or label."""
    categories = prep.content.categories
    some_id = next(iter(categories))
    choices = await harness.autocomplete(
        "question", [option("category", some_id[:3], focused=True)]
    )
    assert some_id in [c["value"] for c in choices]
    assert all(len(c["name"]) <= 100 for c in choices)
    daily = await harness.autocomplete(
        "daily", [option("action", "on"), option("category", some_id[:3], focused=True)]
    )
    assert some_id in [c["value"] for c in daily]


async def test_interview_form_keeps_each_field_whole(harness, prep, monkeypatch):
    """The interview subcommand opens a form; a company named "Fun With Flags" stays whole."""
    seen: list[object] = []

    async def spy(actor, command):
        seen.append(command)
        return Reply((Paragraph("Added."),))

    monkeypatch.setattr(prep, "handle_command", spy)
    opened = await harness.command("interview", replies=False)
    assert opened.kind == 9
    modal = opened.callback.body["data"]
    assert len(modal["components"]) == 5
    answer = await harness.submit(
        modal,
        {
            "When: friday 3pm, dec 20 14:00, tomorrow": "2026-03-20",
            "Start time, if not above (14:00, 2pm)": "14:00",
            "Company": "Fun With Flags",
            "Job title (optional)": "Data Analyst",
            "Interviewers: Name (role), Name (role)": "Dana Lee (hiring manager), Sam Ortiz (peer)",
        },
    )
    (command,) = seen
    assert isinstance(command, AddInterview)
    assert command.company == "Fun With Flags" and command.job_title == "Data Analyst"
    assert [p.name for p in command.interviewers] == ["Dana Lee", "Sam Ortiz"]
    assert "Added." in answer.text


async def test_interview_form_errors_come_from_the_grammar(harness):
    """A bad date in the form gets the grammar's error and the right form."""
    opened = await harness.command("interview", replies=False)
    answer = await harness.submit(
        opened.callback.body["data"],
        {
            "When: friday 3pm, dec 20 14:00, tomorrow": "someday",
            "Start time, if not above (14:00, 2pm)": "14:00",
            "Company": "Acme",
        },
    )
    assert answer.is_error and "/prep interview" in answer.text


async def test_answer_without_text_opens_a_form(harness, prep, monkeypatch):
    """`/prep answer` with no text opens a big form; its text becomes `answer <text>`."""
    calls = _spy_text(monkeypatch, prep, Reply((Paragraph("Feedback"),)))
    opened = await harness.command("answer", replies=False)
    assert opened.kind == 9
    await harness.submit(opened.callback.body["data"], {"Your answer": "Situation...\nResult."})
    assert calls == [(str(USER_ID), "answer Situation...\nResult.")]


async def test_stale_subcommand_gets_the_cores_error(harness):
    """A subcommand from an older sync is answered with the grammar's error, not silence."""
    exchange = await harness.command("frobnicate", [option("text", "now")])
    assert exchange.is_error and "/prep help" in exchange.text


async def test_slow_answer_is_deferred_then_followed_up(harness, prep, monkeypatch, client):
    """Past the defer threshold the bot defers (type 5) and sends the answer as a follow-up."""

    async def slow(actor, text):
        await asyncio.sleep(0.3)
        return Reply((Paragraph("Finally"),))

    monkeypatch.setattr(prep, "handle_text", slow)
    monkeypatch.setattr(client.runner, "_defer_after", 0.05)
    exchange = await harness.command("interviews")
    assert exchange.kind == 5 and exchange.callback.body["data"]["flags"] == 64
    assert "Finally" in exchange.text


async def test_export_is_sent_as_a_file(harness, prep, monkeypatch):
    """A reply's attachment is uploaded with the answer."""
    reply = Reply((Paragraph("Your data"),), attachment=Attachment("prepbot.json", '{"a": 1}'))
    _spy_text(monkeypatch, prep, reply)
    exchange = await harness.command("privacy", [option("action", "export")])
    assert exchange.callback.files == [("prepbot.json", b'{"a": 1}')]


async def test_long_reply_splits_into_follow_ups(harness, prep, monkeypatch):
    """A reply too long for one message arrives as the answer plus follow-ups, all valid."""
    reply = Reply(tuple(Paragraph("x" * 4000) for _ in range(6)))
    _spy_text(monkeypatch, prep, reply)
    exchange = await harness.command("interviews")
    assert len(exchange.messages) >= 4
    assert all(message_problems(m) == [] for m in exchange.messages)
    assert all(m["flags"] & 64 for m in exchange.messages)


async def test_actor_is_the_user_in_this_server(client: PrepClient):
    """In a server the member is (user, server); Manage Server makes them an admin."""
    admin = payloads.command("help", application_id=1, user_id=USER_ID, admin=True)
    member = payloads.command("help", application_id=1, user_id=USER_ID)
    state = client._connection
    as_admin = actor_for(discord.Interaction(data=admin, state=state))  # type: ignore[arg-type]
    as_member = actor_for(discord.Interaction(data=member, state=state))  # type: ignore[arg-type]
    assert (as_admin.platform, as_admin.user_id) == ("discord", str(USER_ID))
    assert as_admin.team_id == str(payloads.GUILD_ID)
    assert as_admin.is_admin and not as_member.is_admin


async def test_dm_button_acts_for_the_server_it_was_sent_from(harness, prep, monkeypatch):
    """A button on a DM carries its server, so the press reaches the same member."""
    seen: list[tuple[str, str, str]] = []

    async def spy(actor, text):
        seen.append((actor.user_id, actor.team_id, text))
        return Reply((Paragraph("Skipped."),))

    monkeypatch.setattr(prep, "handle_text", spy)
    row = {
        "type": 1,
        "components": [
            {
                "type": 2,
                "style": 2,
                "label": "Skip today",
                "custom_id": f"prep@{payloads.GUILD_ID}:daily skip",
            }
        ],
    }
    message = payloads.message_with([row], ephemeral=False, channel_id=payloads.CHANNEL_ID + 1)
    press = payloads.button_press(
        row["components"][0]["custom_id"], message, **harness.who(in_dm=True)
    )
    answer = await harness.dispatch(press)
    assert seen == [(str(USER_ID), str(payloads.GUILD_ID), "daily skip")]
    assert "Skipped." in answer.text


async def test_a_server_press_ignores_a_server_in_the_custom_id(harness, prep, monkeypatch):
    """In a server, the interaction's own server wins over anything a custom id says."""
    calls: list[str] = []

    async def spy(actor, text):
        calls.append(actor.team_id)
        return Reply((Paragraph("ok"),))

    monkeypatch.setattr(prep, "handle_text", spy)
    row = {
        "type": 1,
        "components": [{"type": 2, "style": 2, "label": "Go", "custom_id": "prep@42:daily skip"}],
    }
    press = payloads.button_press(
        "prep@42:daily skip", payloads.message_with([row]), **harness.who()
    )
    await harness.dispatch(press)
    assert calls == [str(payloads.GUILD_ID)]
