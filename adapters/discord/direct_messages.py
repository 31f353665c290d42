"""A member's DM to prepbot: the answer to their timed practice (or daily) question.

`/prep practice` in a server sends the question by DM; the member's next message there
is the answer. DMs reach the bot with the `dm_messages` intent, which is not
privileged, and carry their text without the privileged Message Content intent (that
one only blanks the text of server messages). A DM names no server, so the core picks
the member the message most likely answers for (the one given a question last). Only a
person's own ordinary message counts: bots, webhooks, system messages and the bot's own
posts are dropped before any lookup.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from adapters.discord.interactions import PLATFORM
from adapters.discord.render import render_reply
from adapters.discord.views import build_view
from bot.app import PrepBot
from bot.commands.context import Actor
from bot.replies import Reply
from bot.services.pending_practice import team_for_direct_message

log = logging.getLogger(__name__)

ANSWER_TYPES = (discord.MessageType.default, discord.MessageType.reply)
NOT_A_MEMBER = (
    "I read answers here once you have used `/prep practice` in a server we share. "
    "Try it there: the question comes to this DM and your reply is the answer."
)


def dm_author(message: discord.Message, bot_user_id: int | None) -> int | None:
    """The person who wrote an ordinary message in a DM with the bot, or None."""
    if not isinstance(message.channel, discord.DMChannel) or message.guild is not None:
        return None
    author = message.author
    if author.bot or author.system or message.webhook_id is not None:
        return None
    if message.type not in ANSWER_TYPES or author.id == bot_user_id:
        return None
    return author.id


async def _send(channel: Any, reply: Reply, team_id: str) -> None:
    for outgoing in render_reply(reply):
        kwargs: dict[str, Any] = {"allowed_mentions": discord.AllowedMentions.none()}
        # A DM does not say which server it is about: its buttons carry it.
        view = build_view(outgoing.buttons, team_id=team_id or None)
        if view is not None:
            kwargs["view"] = view
        await channel.send(embeds=outgoing.embeds, **kwargs)


async def answer_direct_message(
    bot: PrepBot, message: discord.Message, bot_user_id: int | None
) -> bool:
    """Hand a member's DM to the core and answer in the DM; False if it was not one."""
    user_id = dm_author(message, bot_user_id)
    if user_id is None:
        return False
    async with bot.db.session() as session:
        team_id = await team_for_direct_message(session, PLATFORM, str(user_id))
    try:
        if team_id is None:
            await message.channel.send(
                NOT_A_MEMBER, allowed_mentions=discord.AllowedMentions.none()
            )
            return True
        actor = Actor(
            platform=PLATFORM,
            user_id=str(user_id),
            team_id=team_id,
            display_name=message.author.display_name,
            channel_id=str(message.channel.id),
            in_dm=True,
        )
        reply = await bot.handle_message(actor, message.content)
        await _send(message.channel, reply, team_id)
    except discord.HTTPException as error:
        log.warning("DM answer not sent: HTTP %s (code %s)", error.status, error.code)
    return True
