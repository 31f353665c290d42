"""The pieces of channel and thread requests: Discord's codes, names, pings, answers."""

from __future__ import annotations

from typing import Any

import discord

from adapters.discord._markdown import clip
from bot.replies import Reply
from bot.schedule.transport import PermanentSendError

THREAD_NAME_LIMIT = 100
ANSWERS = {0, 19}  # ordinary messages and replies; not joins, pins or thread notices
# Codes that fail the same way until an admin changes something in the server.
CHANNEL_CODES = {
    50001: "prepbot cannot see that channel (Missing Access): give it View Channel there",
    50013: (
        "prepbot lacks a permission in that channel (Missing Permissions): Send Messages, "
        "Create Public and Private Threads, Send Messages in Threads, Read Message History"
    ),
    10003: "that channel was deleted (Unknown Channel)",
    50024: "prepbot cannot post or start threads in that kind of channel",
}


def snowflake(value: str) -> int:
    """A channel or user id as Discord needs it; anything else can never be sent to."""
    if not value.isdigit():
        raise PermanentSendError(f"{value!r} is not a Discord id", scope="community")
    return int(value)


def thread_name(reply: Reply, tag: str = "") -> str:
    """A thread's name: the reply's summary, plus the tag that finds it again."""
    summary = " ".join((reply.summary or "Answers").split())
    suffix = f" · {tag}" if tag else ""
    return clip(summary, THREAD_NAME_LIMIT - len(suffix)) + suffix


def ping(user_ids: list[int]) -> dict[str, Any]:
    """`send` arguments that mention exactly these members (never everyone, never a role)."""
    return {
        "content": " ".join(f"<@{user_id}>" for user_id in user_ids),
        "allowed_mentions": discord.AllowedMentions(
            everyone=False, roles=False, users=[discord.Object(id=u) for u in user_ids]
        ),
    }


def is_answer(message: Any) -> bool:
    """Whether a raw message (JSON) is a person's ordinary message."""
    author = message.get("author") or {}
    return (
        message.get("type", 0) in ANSWERS
        and not author.get("bot")
        and message.get("webhook_id") is None
    )
