"""Getting a rendered reply to the member: a response_url, a direct message, the App Home.

Listeners answer interactively through `respond()` (the response_url Slack gives each
command and button press: no scope needed, works in any channel, ephemeral by default).
Modals and the App Home have no response_url, so their answers go by direct message.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any, Literal

import aiohttp
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.render import render_messages, render_view_blocks
from bot.app import PrepBot
from bot.commands.context import Actor
from bot.replies import Attachment, Buttons, Note, Reply

log = logging.getLogger(__name__)

# A response_url accepts five posts in 30 minutes; keep one spare for a follow-up.
MAX_RESPONSES = 4

Mode = Literal["ephemeral", "in_channel", "replace"]


async def respond_reply(
    respond: AsyncRespond, reply: Reply, *, mode: Mode = "ephemeral", shared_by: str | None = None
) -> bool:
    """Answer through the response_url: privately, in the channel, or in place.

    False if Slack refused it: a response_url expires 30 minutes after the press, and a
    button can be pressed hours later (the caller then answers by DM instead).
    """
    messages = render_messages(reply, max_messages=MAX_RESPONSES, shared_by=shared_by)
    for index, message in enumerate(messages):
        kwargs: dict[str, Any] = {
            "text": message.text,
            "blocks": message.blocks,
            "unfurl_links": False,
            "unfurl_media": False,
        }
        if mode == "replace" and index == 0:
            kwargs["replace_original"] = True
        else:
            kwargs["replace_original"] = False
            kwargs["response_type"] = "in_channel" if mode == "in_channel" else "ephemeral"
        try:
            response = await respond(**kwargs)
        except (aiohttp.ClientError, TimeoutError) as error:
            log.warning("response_url failed: %s", type(error).__name__)
            return False
        if response.status_code != 200:
            log.info("response_url answered %s", response.status_code)
            return False
    return True


async def dm_reply(client: AsyncWebClient, user_id: str, reply: Reply) -> str | None:
    """Send a reply by direct message (posting to a user id opens the DM); its channel id."""
    channel: str | None = None
    for message in render_messages(reply):
        response = await client.chat_postMessage(
            channel=user_id,
            text=message.text,
            blocks=message.blocks,
            unfurl_links=False,
            unfurl_media=False,
        )
        channel = response.get("channel") or channel
    if reply.attachment is not None and channel:
        await upload_attachment(client, channel, reply.attachment)
    return channel


async def upload_attachment(client: AsyncWebClient, channel: str, attachment: Attachment) -> None:
    """Attach a file (a privacy export) to a DM the app already posted in."""
    await client.files_upload_v2(
        channel=channel,
        filename=attachment.filename,
        title=attachment.filename,
        content=attachment.content.encode("utf-8"),
    )


FILE_IN_DM_NOTE = "The file is in your direct messages with prepbot."


def noting_file_in_dm(reply: Reply) -> Reply:
    """The reply, saying where its file went (an ephemeral message cannot carry one)."""
    if reply.attachment is None:
        return reply
    blocks = list(reply.blocks)
    at = len(blocks) - 1 if blocks and isinstance(blocks[-1], Buttons) else len(blocks)
    blocks.insert(at, Note(FILE_IN_DM_NOTE))
    return replace(reply, blocks=tuple(blocks))


async def send_attachment_by_dm(client: AsyncWebClient, user_id: str, reply: Reply) -> bool:
    """Deliver a reply's file by DM (ephemeral messages cannot carry files)."""
    if reply.attachment is None:
        return True
    try:
        response = await client.chat_postMessage(
            channel=user_id, text=f"Here is {reply.attachment.filename}."
        )
        await upload_attachment(client, response["channel"], reply.attachment)
    except SlackApiError as error:
        log.warning("attachment not delivered: %s", error.response.get("error"))
        return False
    return True


async def publish_home(client: AsyncWebClient, bot: PrepBot, actor: Actor) -> None:
    """Render the member's App Home tab from the core overview."""
    reply = await bot.home(actor)
    await client.views_publish(
        user_id=actor.user_id, view={"type": "home", "blocks": render_view_blocks(reply)}
    )
