"""The `/prep` slash command: ack at once, then answer through the response_url."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import modal
from adapters.slack._text import unescape
from adapters.slack.deliver import respond_reply, send_attachment_by_dm
from adapters.slack.runtime import Runtime

COMMAND = "/prep"


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
            await client.views_open(
                trigger_id=command["trigger_id"],
                view=modal.interview_view(command.get("channel_id")),
            )
            # Warm the profile cache while the member types: the submission has 3 s.
            await runtime.actors.profile(client, command.get("team_id") or "", command["user_id"])
            return
        actor = await runtime.actors.actor(
            client,
            team_id=command.get("team_id") or "",
            user_id=command["user_id"],
            channel_id=command.get("channel_id"),
            fallback_name=command.get("user_name") or "",
        )
        reply = await runtime.bot.handle_text(actor, text)
        await respond_reply(respond, reply, mode="ephemeral" if reply.private else "in_channel")
        if reply.attachment is not None:
            await send_attachment_by_dm(client, actor.user_id, reply)

    app.command(COMMAND)(prep)
