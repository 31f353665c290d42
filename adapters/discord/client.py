"""The discord.py client: no privileged intents, commands synced only when asked.

`create_client(settings, bot)` builds the client with its `/prep` tree, button handler
and answer-thread listener; `build_transport(client)` gives the scheduler's dispatcher
its transport (DMs, channel posts, private threads), and `rest_transport(settings)` one
for a clock process that runs without the bot.
Starting never syncs commands (`prepbot discord --sync` does), so a restart costs
Discord nothing and cannot hit the command-update rate limit.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import discord
from discord import app_commands

from adapters.discord import commands, views
from adapters.discord._dms import DirectMessages
from adapters.discord._runner import Interaction, Runner
from adapters.discord.channels import DiscordCommunityTransport
from adapters.discord.direct_messages import answer_direct_message
from adapters.discord.interactions import Responder
from adapters.discord.thread_replies import record_answer
from bot.app import PrepBot
from bot.config import Settings

log = logging.getLogger(__name__)

# A 429 asking for a longer wait than this raises instead of blocking a send.
MAX_RATELIMIT_WAIT = 30.0


def set_api_base(url: str | None) -> str:
    """Point discord.py's HTTP layer at `url` (tests use a fake); return the old base.

    discord.py builds every REST and webhook URL from `Route.BASE`, so this one
    assignment moves the whole client.
    """
    previous = discord.http.Route.BASE
    if url:
        discord.http.Route.BASE = url.rstrip("/")
    return previous


class PrepTree(app_commands.CommandTree[discord.Client]):
    """The command tree, answering stale commands instead of failing silently."""

    async def on_error(
        self, interaction: Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        """Answer a subcommand this process does not know as the line it spells.

        A member's Discord client may still show a subcommand from an older sync; the
        core then says what is wrong and shows the right form, instead of a silent fail.
        """
        stale = (app_commands.CommandNotFound, app_commands.CommandSignatureMismatch)
        client = interaction.client
        if isinstance(error, stale) and isinstance(client, PrepClient):
            await client.runner.run(interaction, typed_line(interaction.data or {}))
            return
        await super().on_error(interaction, error)


def typed_line(data: Any) -> str:
    """The `/prep` line an application command's raw options spell, in their order."""
    words: list[str] = []
    options = list(data.get("options", []))
    while options:
        option = options.pop(0)
        if option.get("type") in (1, 2):  # a subcommand (group): its options follow
            words.append(str(option.get("name", "")))
            options = list(option.get("options", [])) + options
        elif "value" in option:
            words.append(str(option["value"]))
    return " ".join(words)


class PrepClient(discord.Client):
    """prepbot on Discord: the `/prep` tree, persistent buttons, answers, and DM state."""

    def __init__(self, bot: PrepBot) -> None:
        super().__init__(
            # Slash commands need no intents; `guilds` keeps the channel and thread cache
            # consistent, `guild_messages` tells who writes in answer threads, and
            # `dm_messages` brings members' DMs (timed practice answers). None is
            # privileged; without Message Content a server message's text stays empty,
            # while a DM to the bot keeps its text.
            intents=discord.Intents(guilds=True, guild_messages=True, dm_messages=True),
            allowed_mentions=discord.AllowedMentions.none(),
            member_cache_flags=discord.MemberCacheFlags.none(),
            chunk_guilds_at_startup=False,
            max_messages=None,
            max_ratelimit_timeout=MAX_RATELIMIT_WAIT,
        )
        self.prep = bot
        self.dms = DirectMessages()
        self.runner: Runner = Responder(bot, self.dms)
        self.tree = PrepTree(self)
        commands.register(self.tree)

    async def setup_hook(self) -> None:
        """Register the button handler before any interaction can arrive."""
        views.register(self)

    async def on_ready(self) -> None:
        """Log who we are (never the token)."""
        log.info("connected to Discord as %s", self.user)

    async def on_message(self, message: discord.Message) -> None:
        """A DM answers a practice question; a thread reply counts as practice (who only)."""
        me = self.user.id if self.user else None
        if isinstance(message.channel, discord.DMChannel):
            await answer_direct_message(self.prep, message, me)
            return
        await record_answer(self.prep, message, me)


def create_client(settings: Settings, bot: PrepBot) -> PrepClient:
    """A client for `bot`, talking to `settings.discord_api_url` if it is set."""
    set_api_base(settings.discord_api_url)
    return PrepClient(bot)


def build_transport(client: PrepClient, *, per_second: float = 47.0) -> DiscordCommunityTransport:
    """The dispatcher's transport (DMs, channels, groups), sharing the client's DM state."""
    return DiscordCommunityTransport(client, client.dms, per_second=per_second)


@asynccontextmanager
async def rest_transport(
    settings: Settings, *, per_second: float = 47.0
) -> AsyncIterator[DiscordCommunityTransport]:
    """The transport on a REST-only client, for a clock process without the bot.

    Sending needs no gateway connection, only a logged-in HTTP session. Usage:
    `async with rest_transport(settings) as discord: await clock_main(settings,
    transports={"discord": discord})`.
    """
    if settings.discord_token is None:
        raise ValueError("DISCORD_TOKEN is not set")
    set_api_base(settings.discord_api_url)
    client = discord.Client(
        intents=discord.Intents.none(),
        allowed_mentions=discord.AllowedMentions.none(),
        max_ratelimit_timeout=MAX_RATELIMIT_WAIT,
    )
    async with client:
        await client.login(settings.discord_token.get_secret_value())
        yield DiscordCommunityTransport(client, DirectMessages(), per_second=per_second)
