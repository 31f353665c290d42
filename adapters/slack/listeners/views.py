"""The interview form's submission: field errors in the modal, the answer by DM.

Slack wants the answer to a submission (close, or show errors) within 3 seconds, and
the core decides some errors (a date already past in the member's zone). So the core
runs first, shielded with a deadline: in time, its error lands on the right field; if
the database is slow, the modal closes and the outcome arrives by DM all the same.
"""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import modal
from adapters.slack.deliver import dm_reply
from adapters.slack.runtime import Runtime
from adapters.slack.text import clip
from bot.commands.context import Actor
from bot.replies import Reply, plain_text

# Leaves room inside Slack's 3 s for the profile lookup and the HTTP round trip.
PROFILE_DEADLINE = 0.5
CORE_DEADLINE = 1.8
ERROR_TEXT = 150


def _error_text(reply: Reply) -> str:
    return clip(
        plain_text(reply.summary or "That did not work. Please check the form."), ERROR_TEXT
    )


def register(app: AsyncApp, runtime: Runtime) -> None:
    """Listen for the interview form's submission."""

    async def submit(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        values = (view.get("state") or {}).get("values") or {}
        user = body["user"]

        async def member() -> Actor:
            return await runtime.actors.actor(
                client,
                team_id=str((body.get("team") or {}).get("id") or user.get("team_id") or ""),
                user_id=user["id"],
                channel_id=view.get("private_metadata") or None,
                fallback_name=user.get("username") or "",
                within=PROFILE_DEADLINE,
            )

        parsed = modal.read_submission(values)
        if isinstance(parsed, dict) and modal.WHEN in parsed:
            # The when-field's question (`03/04`) may suggest the member's locale's reading:
            # only then is their (cached) profile worth a look before answering.
            parsed = modal.read_submission(values, (await member()).locale)
        if isinstance(parsed, dict):
            await ack(response_action="errors", errors=parsed)
            return
        actor = await member()
        task = asyncio.ensure_future(runtime.bot.handle_command(actor, parsed))
        try:
            reply = await asyncio.wait_for(asyncio.shield(task), CORE_DEADLINE)
        except TimeoutError:
            await ack()
            await dm_reply(client, actor.user_id, await task)
            return
        if reply.is_error:
            message = _error_text(reply)
            await ack(
                response_action="errors", errors={modal.error_block(message, values): message}
            )
            return
        await ack()
        await dm_reply(client, actor.user_id, reply)

    app.view(modal.CALLBACK_ID)(runtime.bot.foreground.serves(submit))
