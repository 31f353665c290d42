"""Answer interactions: ask the core, render its reply, respond within Discord's 3 s.

This is the `Runner` that commands, buttons and forms hand their work to. Personal
replies are ephemeral; a reply is posted in the channel only when the member asked to
share it (a `share` option or a "Share in channel" button) or the core marked it as
not private. Every send carries `AllowedMentions.none()`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Mapping
from typing import Any

import discord

from adapters.discord._dms import DirectMessages
from adapters.discord._runner import Interaction
from adapters.discord.render import as_file, render_reply
from adapters.discord.views import build_view
from bot.app import PrepBot
from bot.commands.context import Actor
from bot.commands.types import Command, ParseError
from bot.replies import Note, Reply
from bot.services.replays import ReplayGuard, request_key

log = logging.getLogger(__name__)

PLATFORM = "discord"
# Discord drops an interaction not answered within 3 s; past this, defer and follow up.
DEFER_AFTER = 2.0
REPLY_EVENT = "prep_reply"  # dispatched after a reply is sent (tests and metrics wait on it)
DISCORD_HELP = (
    "On Discord, type `/prep` and pick a subcommand; its options are the words shown above."
)


def actor_for(interaction: Interaction, team_id: str | None = None) -> Actor:
    """The core's view of who is asking: this user, in this server.

    The team is the server the interaction came from. A button pressed in a DM has no
    server, so its custom id carries the one its message was sent for (`team_id`);
    only the presser's own data in that server is ever touched.
    """
    user = interaction.user
    permissions = interaction.permissions
    is_admin = interaction.guild_id is not None and permissions.manage_guild
    team = str(interaction.guild_id) if interaction.guild_id else (team_id or "")
    return Actor(
        platform=PLATFORM,
        user_id=str(user.id),
        team_id=team,
        display_name=user.display_name,
        channel_id=str(interaction.channel_id) if interaction.channel_id else None,
        is_admin=is_admin,
        # The member's client language (`en-US`, `de`): which reading of 03/04 to suggest.
        locale=interaction.locale.value if interaction.locale else None,
        # A button pressed in the bot's DM: a practice question is answered right there.
        in_dm=interaction.guild_id is None,
    )


class Responder:
    """Runs `/prep` lines for interactions and sends the rendered replies."""

    def __init__(
        self, bot: PrepBot, dms: DirectMessages, *, defer_after: float = DEFER_AFTER
    ) -> None:
        self._bot = bot
        self._dms = dms
        self._defer_after = defer_after
        # The gateway can deliver an interaction again (a resumed session replays
        # events): its id, recorded in the database, makes it act once.
        self._replays = ReplayGuard(bot.db, bot.clock.now)

    def categories(self) -> Mapping[str, str]:
        """Question categories for autocomplete: id -> label."""
        return {cid: category.label for cid, category in self._bot.content.categories.items()}

    async def run(
        self,
        interaction: Interaction,
        line: str,
        *,
        public: bool = False,
        team_id: str | None = None,
    ) -> None:
        """Answer `interaction` with the core's reply to `line`."""
        if not await self._first_time(interaction):
            return
        actor = self._seen(interaction, team_id)
        reply = self._bot.handle_text(actor, line)
        await self._answer(interaction, reply, public=public, is_help=line.startswith("help"))

    async def run_parsed(
        self, interaction: Interaction, parsed: Command | ParseError, *, public: bool = False
    ) -> None:
        """Answer `interaction` with the core's reply to a parsed command (a form)."""
        if not await self._first_time(interaction):
            return
        actor = self._seen(interaction)
        if isinstance(parsed, ParseError):
            await self._answer(interaction, _ready(self._bot.refusal(actor, parsed)))
            return
        await self._answer(interaction, self._bot.handle_command(actor, parsed), public=public)

    async def _first_time(self, interaction: Interaction) -> bool:
        key = request_key(PLATFORM, "interaction", str(interaction.id))
        if await self._replays.first_time(key):
            return True
        log.info("discord interaction %s already acted on: not acted on again", interaction.id)
        return False

    def _seen(self, interaction: Interaction, team_id: str | None = None) -> Actor:
        # A member who uses /prep may have just reopened their DMs: stop short-cutting
        # sends to them, so the core's confirmation DM can find out.
        self._dms.forget_failure(interaction.user.id)
        return actor_for(interaction, team_id)

    async def _answer(
        self,
        interaction: Interaction,
        work: Awaitable[Reply],
        *,
        public: bool = False,
        is_help: bool = False,
    ) -> None:
        # A scheduler in this process steps aside until the member has the answer.
        with self._bot.foreground.serving():
            await self._reply(interaction, work, public=public, is_help=is_help)

    async def _reply(
        self,
        interaction: Interaction,
        work: Awaitable[Reply],
        *,
        public: bool,
        is_help: bool,
    ) -> None:
        task = asyncio.ensure_future(work)
        try:
            reply = await asyncio.wait_for(asyncio.shield(task), self._defer_after)
        except TimeoutError:
            try:
                await interaction.response.defer(ephemeral=not public, thinking=True)
            except discord.HTTPException as error:
                log.warning("could not defer interaction: %s %s", error.status, error.code)
            reply = await task  # the command still completes, answered or not
        if is_help and not reply.is_error:
            reply = reply.with_blocks(Note(DISCORD_HELP))
        # Only what the member chose to share (or the core marked as not private) is
        # posted in the channel; errors are always for the member's eyes only.
        ephemeral = reply.is_error or (reply.private and not public)
        try:
            await self._send(interaction, reply, ephemeral=ephemeral)
        except discord.HTTPException as error:
            # Usually the interaction expired (10062); resending cannot help, logging can.
            log.warning("could not answer interaction: %s %s", error.status, error.code)
        interaction.client.dispatch(REPLY_EVENT, interaction, reply)

    async def _send(self, interaction: Interaction, reply: Reply, *, ephemeral: bool) -> None:
        for message in render_reply(reply):
            kwargs: dict[str, Any] = {
                "embeds": message.embeds,
                "ephemeral": ephemeral,
                "allowed_mentions": discord.AllowedMentions.none(),
            }
            view = build_view(message.buttons)
            if view is not None:
                kwargs["view"] = view
            if message.attachment is not None:
                kwargs["file"] = as_file(message.attachment)
            if interaction.response.is_done():
                await interaction.followup.send(**kwargs)
            else:
                await interaction.response.send_message(**kwargs)


async def _ready(reply: Reply) -> Reply:
    """An already known reply, in the awaitable shape `_answer` takes."""
    return reply
