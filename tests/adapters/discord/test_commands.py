"""The `/prep` command tree: valid by Discord's rules, printed and synced on request only."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import discord
import pytest
from discord import app_commands

from adapters.discord.commands import SPELLED_UNDER, build_group
from adapters.discord.main import command_payloads, main, sync_commands
from bot.commands.grammar import TOPICS, USAGE
from bot.config import Settings
from tests.fakes.discord_api import TOKEN, command_problems


def _prep() -> dict:
    (prep,) = command_payloads()
    return prep


def test_tree_passes_discords_rules():
    """Every name, description, option and choice of the payload obeys Discord's rules."""
    assert [p for command in command_payloads() for p in command_problems(command)] == []


def test_one_group_of_subcommands_one_level_deep():
    """`/prep` holds at most 25 subcommands and no subcommand groups."""
    prep = _prep()
    assert prep["name"] == "prep"
    subcommands = prep["options"]
    # Exactly the grammar's command words (tests/bot/commands pins that list), except
    # those an existing subcommand spells (`review`, `name`, `nudges`), to stay within 25.
    expected = (set(USAGE) - set(SPELLED_UNDER)) | set(SPELLED_UNDER.values())
    assert {s["name"] for s in subcommands} == expected
    assert len(subcommands) <= 25
    assert len(subcommands) <= 25
    assert all(s["type"] == 1 for s in subcommands)
    assert all(o["type"] not in (1, 2) for s in subcommands for o in s.get("options", []))


async def test_topics_categories_zones_and_help_words_autocomplete():
    """Guide topics are suggested (every one of them, for an empty field); categories,
    zones and help words autocomplete. Topics were fixed choices until `/prep` grew
    past Discord's 4,000 characters with them."""
    options = {s["name"]: {o["name"]: o for o in s.get("options", [])} for s in _prep()["options"]}
    assert options["second-round"]["topic"]["autocomplete"] is True
    second_round = build_group().get_command("second-round")
    assert isinstance(second_round, app_commands.Command)
    suggest = second_round._params["topic"].autocomplete
    assert suggest is not None
    offered = await suggest(second_round.binding, None, "")  # type: ignore[misc,arg-type]
    assert [choice.value for choice in offered] == list(TOPICS)
    assert options["second-round"]["share"]["type"] == 5
    assert options["question"]["category"]["autocomplete"] is True
    assert options["daily"]["category"]["autocomplete"] is True
    assert options["tz"]["zone"]["autocomplete"] is True
    assert options["help"]["command"]["autocomplete"] is True
    assert [c["value"] for c in options["daily"]["action"]["choices"]] == [
        "on",
        "off",
        "status",
        "skip",
    ]
    assert options["daily"]["action"]["required"] is True


def test_offered_in_servers_installed_to_servers():
    """Contexts: servers only (data is per server); installed to servers; no default gate."""
    prep = _prep()
    assert prep["contexts"] == [0]
    assert prep["integration_types"] == [0]
    assert prep["default_member_permissions"] is None


def test_print_commands_prints_the_payload(capsys):
    """`prepbot discord --print-commands` prints valid JSON equal to what --sync sends."""
    assert main(["--print-commands"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(command_payloads()))


def test_guild_without_sync_is_a_usage_error(capsys):
    """--guild means nothing without --sync."""
    assert main(["--guild", "123"]) == 2


def test_missing_token_is_a_clear_error(capsys, monkeypatch):
    """Without DISCORD_TOKEN, --sync says how to fix it and exits 2."""
    monkeypatch.setattr(
        "adapters.discord.main.get_settings", lambda: Settings(_env_file=None, discord_token=None)
    )
    assert main(["--sync"]) == 2
    assert "DISCORD_TOKEN" in capsys.readouterr().err


@pytest.mark.parametrize("guild", [None, 1_180_000_000_000_000_001])
async def test_sync_puts_the_tree(fake_api, guild):
    """--sync overwrites the global (or one guild's) commands with the printed tree."""
    settings = Settings(_env_file=None, discord_token=TOKEN, discord_api_url=fake_api.base_url)
    assert await sync_commands(settings, guild) == 1
    (put,) = [r for r in fake_api.requests if r.method == "PUT"]
    expected_path = f"/applications/{fake_api.application_id}" + (
        f"/guilds/{guild}/commands" if guild else "/commands"
    )
    assert put.path == expected_path
    assert put.body[0]["name"] == "prep"
    assert fake_api.commands[guild][0]["name"] == "prep"


async def test_starting_the_client_does_not_sync(client, fake_api):
    """Logging in and setting up never touches the command endpoints."""
    assert not [r for r in fake_api.requests if "/commands" in r.path]


def test_invite_url_in_the_docs_asks_for_the_minimal_permissions():
    """The README invite URL's permission number is exactly the documented minimal set."""
    docs = (Path(__file__).parents[3] / "docs" / "discord.md").read_text()
    (url,) = re.findall(r"https://discord\.com/oauth2/authorize\S+", docs)
    assert "scope=bot+applications.commands" in url
    wanted = discord.Permissions(
        view_channel=True,  # without it the others do nothing in a channel it cannot see
        send_messages=True,
        embed_links=True,
        attach_files=True,
        read_message_history=True,
        create_public_threads=True,
        create_private_threads=True,
        send_messages_in_threads=True,
    )
    assert f"permissions={wanted.value}" in url


async def test_clear_removes_the_guild_copy(fake_api):
    """--sync --clear --guild overwrites that server's commands with nothing."""
    settings = Settings(_env_file=None, discord_token=TOKEN, discord_api_url=fake_api.base_url)
    assert await sync_commands(settings, 42, clear=True) == 0
    assert fake_api.commands[42] == []


def test_prepbot_discord_print_commands_through_the_cli(capsys):
    """`prepbot discord --print-commands` reaches the adapter and prints the tree."""
    from prepbot.cli import main as prepbot

    assert prepbot(["discord", "--print-commands"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["name"] == "prep"


def test_module_entry_point_prints_the_tree():
    """`python -m adapters.discord.main --print-commands` prints a valid tree (no token)."""
    root = Path(__file__).parents[3]
    result = subprocess.run(
        [sys.executable, "-m", "adapters.discord.main", "--print-commands"],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=120,
        env={"PATH": "", "PYTHONPATH": str(root)},
    )
    assert result.returncode == 0, result.stderr
    (prep,) = json.loads(result.stdout)
    assert command_problems(prep) == []
