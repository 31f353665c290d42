"""Shared pieces of subcommands: fixed choices, autocomplete, and building `/prep` lines."""

from __future__ import annotations

import zoneinfo
from functools import cache

from discord.app_commands import Choice

from adapters.discord._runner import Interaction, runner_of

AUTOCOMPLETE_LIMIT = 25
CHOICE_NAME_LIMIT = 100


def fixed(*values: str) -> list[Choice[str]]:
    """Choices whose names are their values."""
    return [Choice(name=value, value=value) for value in values]


def words(*parts: str | None) -> str:
    """Join the non-empty parts of a `/prep` line."""
    return " ".join(part.strip() for part in parts if part and part.strip())


def short_id(value: str | None) -> str | None:
    """An id option as the grammar reads it (members often paste `#k7qd2`)."""
    return value.strip().lstrip("#") if value else None


def action_line(word: str, action: str, id: str | None) -> str:
    """`word` alone for its list action, else `word action id` (an id-taking action)."""
    if action == "list" and not id:
        return word
    return words(word, action, short_id(id))


def matching(options: list[tuple[str, str]], current: str) -> list[Choice[str]]:
    """Autocomplete choices for (value, name) pairs: prefix matches first, then the rest."""
    needle = current.strip().casefold()
    starts = [o for o in options if o[0].casefold().startswith(needle)]
    taken = {value for value, _ in starts}
    inside = [o for o in options if o[0] not in taken and needle in o[1].casefold()]
    return [
        Choice(name=name[:CHOICE_NAME_LIMIT], value=value)
        for value, name in (starts + inside)[:AUTOCOMPLETE_LIMIT]
    ]


@cache
def _zones() -> tuple[tuple[str, str], ...]:
    return tuple((zone, zone) for zone in sorted(zoneinfo.available_timezones()))


async def zones(interaction: Interaction, current: str) -> list[Choice[str]]:
    """Time zone names from the tz database (`new york` finds America/New_York)."""
    return matching(list(_zones()), current.replace(" ", "_"))


async def categories(interaction: Interaction, current: str) -> list[Choice[str]]:
    """Question categories from the content library, by id or label."""
    labels = runner_of(interaction).categories()
    return matching([(cid, f"{label} ({cid})") for cid, label in labels.items()], current)
