"""Answers written in prepbot's answer threads count as practice (and keep streaks).

Discord sends the bot every message in channels it can see (the `guild_messages`
intent, which is not privileged). Only who wrote in which thread is used: without the
privileged Message Content intent the text is empty unless the member mentions the bot,
and the core then keeps the answer as "(answered in the thread)". Almost every message
is dropped here without touching the database: only ordinary messages by people, in a
public thread prepbot started, reach the core, which knows which threads are answers.
"""

from __future__ import annotations

import discord

from adapters.discord.interactions import PLATFORM
from bot.app import PrepBot
from bot.commands.context import Actor
from bot.services.channel_posts import handle_thread_reply

ANSWER_TYPES = (discord.MessageType.default, discord.MessageType.reply)


def answer_thread(message: discord.Message, bot_user_id: int | None) -> tuple[str, str] | None:
    """(server id, thread id) if `message` may answer a question in one of our threads."""
    author = message.author
    if author.bot or message.webhook_id is not None or message.type not in ANSWER_TYPES:
        return None
    channel = message.channel
    if isinstance(channel, discord.Thread):
        # The usual case: the `guilds` intent caches threads, so others' are ruled out here.
        ours = channel.owner_id == bot_user_id
        if not ours or channel.type is not discord.ChannelType.public_thread:
            return None
        return str(channel.guild.id), str(channel.id)
    if isinstance(channel, discord.PartialMessageable) and channel.guild_id is not None:
        # Not cached (say, right after a reconnect): the core looks the thread up.
        return str(channel.guild_id), str(channel.id)
    return None  # a text channel, a DM, a voice channel's chat: never an answer


async def record_answer(bot: PrepBot, message: discord.Message, bot_user_id: int | None) -> bool:
    """Tell the core a member answered in a thread; False if it was no answer of ours."""
    where = answer_thread(message, bot_user_id)
    if where is None:
        return False
    team_id, thread_id = where
    author = message.author
    actor = Actor(
        platform=PLATFORM,
        user_id=str(author.id),
        team_id=team_id,
        display_name=author.display_name,
        channel_id=thread_id,
    )
    return await handle_thread_reply(bot.db, actor, thread_id, message.content, bot.clock.now())
