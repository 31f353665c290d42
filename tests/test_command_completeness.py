"""Adding a command is its type, its parser and its handler: this names anything else missing.

Every `Command` type must be reached from a help form (its example, its usage without
the optional parts, or its command word alone), have a handler, and sit under a Discord
subcommand (Discord's options are flattened back to the same `/prep` text, so the
subcommand is the first word). Discord's `/prep` has 23 subcommands (`calendar` the
newest) of the 25 it allows: the count is checked below, so a new one is a decision.
"""

from __future__ import annotations

import re
import typing

import pytest

from adapters.discord.commands import SPELLED_UNDER
from adapters.discord.main import command_payloads
from bot.commands.forms import FORMS, example_of
from bot.commands.grammar import USAGE, parse
from bot.commands.types import Command, ParseError
from bot.handlers import handler_for
from bot.handlers.help import PURPOSE

COMMAND_TYPES = typing.get_args(Command)


def _bare(usage: str) -> str | None:
    """A usage line without its optional parts (`daily on [HH:MM]` -> `daily on`), if whole."""
    bare = re.sub(r"\s*\[[^\]]*\]", "", usage)
    return None if "<" in bare else bare


def _forms_by_type() -> dict[type, list[tuple[str, object]]]:
    """{command type: [(help form, a command it parses to)]}, from examples and bare usages."""
    found: dict[type, list[tuple[str, object]]] = {}
    for form, (usage, _) in FORMS.items():
        parsed = parse(example_of(form).removeprefix("/prep "))
        assert not isinstance(parsed, ParseError), f"the example of {form!r} does not parse"
        found.setdefault(type(parsed), []).append((form, parsed))
        # The usage without its optional parts, and the command word alone (what a
        # Discord subcommand sent with no options becomes): `tz` shows the zone.
        for line in (_bare(usage), form.split()[0]):
            if line is not None and not isinstance(shortest := parse(line), ParseError):
                found.setdefault(type(shortest), []).append((form, shortest))
    return found


FORMS_BY_TYPE = _forms_by_type()
SUBCOMMANDS = {option["name"] for option in command_payloads()[0]["options"]}


def test_the_command_union_is_not_empty() -> None:
    """The checks below run over real types (a broken union would make them vacuous)."""
    assert len(COMMAND_TYPES) >= 30


@pytest.mark.parametrize("command_type", COMMAND_TYPES, ids=lambda t: t.__name__)
def test_every_command_has_a_form_a_handler_and_a_discord_subcommand(command_type: type) -> None:
    """A help form whose example parses to it, a registered handler, a Discord subcommand."""
    forms = FORMS_BY_TYPE.get(command_type)
    assert forms, f"no help form's example parses to {command_type.__name__}"
    assert handler_for(forms[0][1]) is not None, f"no handler for {command_type.__name__}"
    words = {form.split()[0] for form, _ in forms}
    # A word an existing subcommand spells (`review` is an action of `practice`,
    # `name` and `nudges` of `settings`) counts too.
    reached = words | {SPELLED_UNDER[w] for w in words if w in SPELLED_UNDER}
    assert reached & SUBCOMMANDS, f"{command_type.__name__}: no Discord subcommand among {words}"


def test_discord_has_all_25_subcommands() -> None:
    """22 before, plus `practice` (17), `settings` and `calendar` (16): Discord's limit."""
    assert len(SUBCOMMANDS) == 25
    assert {"practice", "settings", "calendar"} <= SUBCOMMANDS and not set(
        SPELLED_UNDER
    ) & SUBCOMMANDS


def test_every_command_word_says_what_it_is_for() -> None:
    """`help` lists each word with its purpose; a word without one showed `apply ...: .`"""
    assert [word for word in USAGE if not PURPOSE.get(word, "").strip()] == []
