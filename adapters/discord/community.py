"""The community subcommands of `/prep`: a channel's daily question, pairing, digest, stats.

Like every subcommand they only spell a `/prep` line; the core decides who may run the
admin forms (`channel daily`, `pair schedule`, `admin stats`) from the actor's
*Manage Server* permission.
"""

from __future__ import annotations

from typing import Any

from discord import app_commands
from discord.app_commands import Choice

from adapters.discord._choices import categories, fixed, matching, words, zones
from adapters.discord._runner import Interaction, runner_of

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@app_commands.command(name="channel", description="A daily question posted in this channel")
@app_commands.describe(
    action="Start it (admins), stop it (admins), or see it",
    time="For daily: HH:MM",
    zone="For daily: the time zone (default: yours)",
    category="For daily: only this category",
)
@app_commands.choices(action=fixed("daily", "off", "status"))
@app_commands.autocomplete(zone=zones, category=categories)
async def channel(
    interaction: Interaction,
    action: str = "status",
    time: str | None = None,
    zone: str | None = None,
    category: str | None = None,
) -> None:
    """`/prep channel daily <HH:MM> [zone] [category] | off | status`."""
    await runner_of(interaction).run(interaction, words("channel", action, time, zone, category))


async def weekdays(interaction: Interaction, current: str) -> list[Choice[str]]:
    """The days a pairing round can start on."""
    return matching([(day, day) for day in WEEKDAYS], current)


@app_commands.command(name="pair", description="Weekly mock-interview partners")
@app_commands.describe(
    action="Join, leave, see yours, set the schedule (admins), answer a check-in",
    weekday="For schedule: the day rounds start",
    time="For schedule: HH:MM",
    zone="For schedule: the time zone",
    round="For met: the round id the check-in names",
    met="For met: did you meet your partner?",
)
@app_commands.choices(
    action=fixed("on", "off", "status", "schedule", "met"),
    met=fixed("yes", "no"),
)
# Weekdays are suggested, not fixed choices: they would spend 100 of the 4,000
# characters `/prep` may have, and the core refuses a day it cannot read.
@app_commands.autocomplete(zone=zones, weekday=weekdays)
async def pair(
    interaction: Interaction,
    action: str = "status",
    weekday: str | None = None,
    time: str | None = None,
    zone: str | None = None,
    round: str | None = None,
    met: str | None = None,
) -> None:
    """`/prep pair on|off|status | schedule <weekday> <HH:MM> [zone] | met <round> yes|no`."""
    line = words("pair", action, weekday, time, zone, round, met)
    await runner_of(interaction).run(interaction, line)


@app_commands.command(name="digest", description="Your weekly summary by DM")
@app_commands.describe(action="Turn it on or off, or see it")
@app_commands.choices(action=fixed("on", "off", "status"))
async def digest(interaction: Interaction, action: str = "status") -> None:
    """`/prep digest on|off` (status: bare `digest`)."""
    line = "digest" if action == "status" else words("digest", action)
    await runner_of(interaction).run(interaction, line)


@app_commands.command(name="admin", description="Community numbers for admins (never one member's)")
@app_commands.describe(action="Stats, or the AI reviewer")
@app_commands.choices(action=fixed("stats", "ai status", "ai off", "ai on"))
async def admin(interaction: Interaction, action: str = "stats") -> None:
    """`/prep admin stats | ai on|off|status`."""
    await runner_of(interaction).run(interaction, words("admin", action))


COMMANDS: tuple[app_commands.Command[Any, ..., None], ...] = (channel, pair, digest, admin)
