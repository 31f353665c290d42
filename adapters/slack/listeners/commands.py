"""The `/prep` slash command: ack at once, then answer through the response_url.

After an admin turns on a channel's question of the day, prepbot joins the channel (a
public one; `channels:join`) so its posts, and the replies in their threads, reach it;
where it cannot (a private channel), the answer says to invite it.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import modal
from adapters.slack.deliver import noting_file_in_dm, respond_reply, send_attachment_by_dm
from adapters.slack.runtime import Runtime
from adapters.slack.text import unescape
from bot.commands.grammar import parse
from bot.commands.types import ChannelDaily
from bot.replies import Buttons, Note, Reply

log = logging.getLogger(__name__)

COMMAND = "/prep"
INVITE_NOTE = (
    "I am not in this channel and cannot join it myself: invite me with `/invite @prepbot`, "
    "or the question of the day cannot be posted here."
)


async def _joined(client: AsyncWebClient, channel_id: str) -> bool:
    """Join a public channel so posts can go out; False if an admin must invite prepbot."""
    try:
        await client.conversations_join(channel=channel_id)
    except SlackApiError as error:
        # Private channels and DMs refuse a bot joining by itself; the admin is told.
        log.info("channel not joined: %s", error.response.get("error"))
        return False
    except (aiohttp.ClientError, TimeoutError) as error:
        log.info("channel not joined: %s", type(error).__name__)
        return False
    return True


def _with_note(reply: Reply, text: str) -> Reply:
    """The reply with a note added above its buttons."""
    blocks = list(reply.blocks)
    at = len(blocks) - 1 if blocks and isinstance(blocks[-1], Buttons) else len(blocks)
    blocks.insert(at, Note(text))
    return replace(reply, blocks=tuple(blocks))


def register(app: AsyncApp, runtime: Runtime) -> None:
    """Listen for `/prep`."""

    async def prep(
        ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        # Ack first, with nothing: Slack's 3 seconds then cover only this, and the
        # answer (which may touch the database) follows through the response_url.
        await ack()
        # Slack sends `&`, `<` and `>` as entities; the core wants what the member typed.
        text = unescape(command.get("text") or "").strip()
        if modal.wants_form(text):
            # The trigger_id is only good for 3 seconds: open the form before anything else.
            try:
                await client.views_open(
                    trigger_id=command["trigger_id"],
                    view=modal.interview_view(command.get("channel_id")),
                )
            except SlackApiError as error:
                # Too late or refused: fall through, and the core explains the text form.
                log.warning("interview form not opened: %s", error.response.get("error"))
            else:
                # Warm the profile cache while the member types: the submission has 3 s.
                await runtime.actors.profile(
                    client, command.get("team_id") or "", command["user_id"]
                )
                return
        actor = await runtime.actors.actor(
            client,
            team_id=command.get("team_id") or "",
            user_id=command["user_id"],
            channel_id=command.get("channel_id"),
            fallback_name=command.get("user_name") or "",
        )
        if command.get("channel_name") == "directmessage":
            # Typed in prepbot's own DM: a timed question is answered right there.
            actor = replace(actor, in_dm=True)
        reply = await runtime.bot.handle_text(actor, text)
        channel_id = command.get("channel_id") or ""
        if (
            not reply.is_error
            and channel_id
            and isinstance(parse(text), ChannelDaily)
            and not await _joined(client, channel_id)
        ):
            reply = _with_note(reply, INVITE_NOTE)
        reply = noting_file_in_dm(reply)
        await respond_reply(respond, reply, mode="ephemeral" if reply.private else "in_channel")
        if reply.attachment is not None:
            await send_attachment_by_dm(client, actor.user_id, reply)

    app.command(COMMAND)(runtime.bot.foreground.serves(prep))
