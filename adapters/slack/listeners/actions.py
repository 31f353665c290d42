"""Buttons: each runs the `/prep` command in its value, as the member who pressed it.

Because the command runs as the presser, a button can only ever act on the presser's
own data, wherever it was pressed: a shared guide in a channel answers each presser
privately; a DM's buttons add a message to the DM; App Home buttons answer by DM and
refresh the tab; "Share in channel" posts the answer for everyone. When the
response_url has expired (30 minutes after the press), the answer goes by DM.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.deliver import (
    Mode,
    dm_reply,
    noting_file_in_dm,
    publish_home,
    respond_reply,
    send_attachment_by_dm,
)
from adapters.slack.render import ACTION_ID_RE, LINK_ACTION_RE
from adapters.slack.runtime import Runtime
from adapters.slack.text import unescape
from bot.commands.grammar import parse
from bot.commands.types import SecondRound


def _navigates(command_line: str) -> bool:
    """Whether a button moves through the guide (its answer replaces the page shown)."""
    return isinstance(parse(command_line), SecondRound)


def _team_id(body: dict[str, Any]) -> str:
    return str((body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id") or "")


def register(app: AsyncApp, runtime: Runtime) -> None:
    """Listen for every prepbot button (`prep:cmd:<n>` and `prep:pub:<n>`)."""

    async def press(
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        respond: AsyncRespond,
        client: AsyncWebClient,
    ) -> None:
        await ack()
        command_line = unescape(str(action.get("value") or ""))
        public = str(action.get("action_id", "")).startswith("prep:pub:")
        container = body.get("container") or {}
        channel_id = (body.get("channel") or {}).get("id") or container.get("channel_id")
        actor = await runtime.actors.actor(
            client,
            team_id=_team_id(body),
            user_id=body["user"]["id"],
            channel_id=channel_id,
            fallback_name=(body.get("user") or {}).get("username") or "",
        )
        # Pressed in the app's DM or its Home tab, whose answers go by DM: a practice
        # question then needs no second copy in the DM.
        in_dm = str(channel_id or "").startswith("D") or container.get("type") == "view"
        actor = replace(actor, in_dm=in_dm)
        reply = await runtime.bot.handle_text(actor, command_line)

        if container.get("type") == "view":  # the App Home tab: no response_url there
            await dm_reply(client, actor.user_id, reply)
            await publish_home(client, runtime.bot, actor)
            return
        if str(channel_id or "").startswith("D") and not container.get("is_ephemeral"):
            # The app's DM with the member (a daily question, pressed maybe a day later,
            # when the response_url has long expired): answer as a new DM message.
            await dm_reply(client, actor.user_id, reply)
            return
        reply = noting_file_in_dm(reply)
        if public and not reply.is_error:
            answered = await respond_reply(
                respond, reply, mode="in_channel", shared_by=actor.user_id
            )
        elif container.get("is_ephemeral"):
            # The member's own ephemeral answer: moving through the guide happens in place;
            # anything else (turning daily practice on) answers below it.
            mode: Mode = "replace" if _navigates(command_line) else "ephemeral"
            answered = await respond_reply(respond, reply, mode=mode)
        else:
            # A message everyone sees (a shared guide): answer the presser privately.
            answered = await respond_reply(respond, reply, mode="ephemeral")
        if not answered:
            await dm_reply(client, actor.user_id, reply)
        elif reply.attachment is not None:
            await send_attachment_by_dm(client, actor.user_id, reply)

    app.action(ACTION_ID_RE)(runtime.bot.foreground.serves(press))

    async def opened_link(ack: AsyncAck) -> None:
        await ack()  # the client opened the mailto: itself; nothing to run

    app.action(LINK_ACTION_RE)(opened_link)
