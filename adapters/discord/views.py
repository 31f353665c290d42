"""Buttons that survive restarts: each custom id carries the `/prep` line it runs.

A core `Button` is a command line run as whoever presses it, so a button needs no
server-side state: `prep:<line>` is parsed back by one `DynamicItem` class registered at
start-up, and a press on a message sent days ago, by a process long gone, still works.
`prep+:` asks for the answer in the channel; `prep@<server id>:` marks a button in a DM,
where Discord does not say which server the member's data belongs to.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

import discord
from discord import ui

from adapters.discord._markdown import clip
from adapters.discord._runner import Interaction, runner_of
from bot.replies import Button

log = logging.getLogger(__name__)

CUSTOM_ID_LIMIT = 100
LABEL_LIMIT = 80
BUTTONS_PER_ROW = 5
ROWS = 5
TEMPLATE = r"prep(?P<public>\+?)(?:@(?P<team>[0-9]{1,20}))?:(?P<command>[^\n]+)"

# Discord's cap on a link button's url (MessageCreateRequest in the platform spec).
URL = 512
_STYLES = {
    "default": discord.ButtonStyle.secondary,
    "primary": discord.ButtonStyle.primary,
    "danger": discord.ButtonStyle.danger,
}


def custom_id_for(command: str, *, public: bool = False, team_id: str | None = None) -> str | None:
    """The custom id for a button running `command`, or None if it cannot fit.

    A command is never shortened to fit: a shorter line could mean something else.
    """
    team = f"@{team_id}" if team_id and team_id.isdigit() else ""
    custom_id = f"prep{'+' if public else ''}{team}:{command.strip()}"
    if len(custom_id) > CUSTOM_ID_LIMIT or "\n" in custom_id or not command.strip():
        return None
    return custom_id


class PrepButton(ui.DynamicItem[ui.Button[ui.View]], template=TEMPLATE):
    """A button that runs its `/prep` line as the member who presses it."""

    def __init__(
        self,
        command: str,
        *,
        public: bool = False,
        team_id: str | None = None,
        label: str | None = None,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        row: int | None = None,
    ) -> None:
        custom_id = custom_id_for(command, public=public, team_id=team_id)
        if custom_id is None:
            raise ValueError("command does not fit a Discord custom id")
        super().__init__(
            ui.Button(label=clip(label or command, LABEL_LIMIT), style=style, custom_id=custom_id),
            row=row,
        )
        self.command = command.strip()
        self.public = public
        self.team_id = team_id

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: ui.Item[Any], match: re.Match[str], /
    ) -> PrepButton:
        """Rebuild the button from a pressed component (after a restart too)."""
        label = getattr(item, "label", None)
        style = getattr(item, "style", discord.ButtonStyle.secondary)
        return cls(
            match["command"],
            public=bool(match["public"]),
            team_id=match["team"],
            label=label,
            style=style,
        )

    async def callback(self, interaction: Interaction) -> None:
        """Run the button's line as the presser: it can only touch their own data."""
        runner = runner_of(interaction)
        await runner.run(interaction, self.command, public=self.public, team_id=self.team_id)


def build_view(buttons: Sequence[Button], *, team_id: str | None = None) -> ui.View | None:
    """A view of up to 25 buttons, five to a row; buttons that cannot fit are dropped.

    `team_id` (the server) goes into each custom id: set it for messages sent by DM.
    Discord rejects a message whose custom ids repeat, so a repeated command shows once.
    """
    view = ui.View(timeout=None)
    placed = 0
    seen: set[str] = set()
    for button in buttons:
        if placed >= BUTTONS_PER_ROW * ROWS:
            break
        if button.url is not None:
            url = next((u for u in (button.url, button.fallback_url) if u and len(u) <= URL), None)
            if url is None:
                log.warning("link button %r dropped: its link is too long", button.label)
                continue
            view.add_item(
                ui.Button(
                    label=clip(button.label, LABEL_LIMIT),
                    style=discord.ButtonStyle.link,
                    url=url,
                    row=placed // BUTTONS_PER_ROW,
                )
            )
            placed += 1
            continue
        custom_id = custom_id_for(button.command, public=button.public, team_id=team_id)
        if custom_id is None:
            log.warning("button %r dropped: its command is too long for a custom id", button.label)
            continue
        if custom_id in seen:
            continue
        seen.add(custom_id)
        view.add_item(
            PrepButton(
                button.command,
                public=button.public,
                team_id=team_id,
                label=button.label,
                style=_STYLES[button.style],
                row=placed // BUTTONS_PER_ROW,
            )
        )
        placed += 1
    return view if placed else None


def register(client: discord.Client) -> None:
    """Register the button class so presses are handled after any restart."""
    client.add_dynamic_items(PrepButton)
