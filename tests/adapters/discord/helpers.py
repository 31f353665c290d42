"""Test helpers for the Discord adapter: read what was sent, drive interactions."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from typing import Any

from adapters.discord.client import PrepClient
from adapters.discord.interactions import REPLY_EVENT
from adapters.discord.render import ERROR_COLOUR
from bot.kinds import KINDS
from tests.adapters.discord import payloads
from tests.fakes.discord_api import FakeDiscordAPI, Request

USER_ID = 1_180_000_000_000_000_500


def visible(markdown: str) -> str:
    """What a reader sees of our Discord markdown: escapes, bold marks, small print gone."""
    text = re.sub(r"^-# ", "", markdown, flags=re.MULTILINE)
    return re.sub(r"\\(.)|\*\*|\u200b", lambda m: m.group(1) or "", text)


def message_text(message: dict[str, Any]) -> str:
    """A sent message (JSON) as plain text: embeds, fields and button labels."""
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        parts += [f"{f['name']}: {f['value']}" for f in embed.get("fields") or []]
    for row in message.get("components") or []:
        parts += [button.get("label") or "" for button in row.get("components") or []]
    return visible("\n".join(part for part in parts if part))


def is_error(message: dict[str, Any]) -> bool:
    """Errors are the embeds in our error colour."""
    return any(e.get("color") == ERROR_COLOUR.value for e in message.get("embeds") or [])


@dataclass
class Exchange:
    """What the bot sent to answer one interaction."""

    callback: Request
    followups: list[Request]

    @property
    def kind(self) -> int:
        """The interaction callback type (4 message, 5 deferred, 8 choices, 9 modal)."""
        return int(self.callback.body["type"])

    @property
    def messages(self) -> list[dict[str, Any]]:
        """Message bodies: the callback's (if it was a message), then the follow-ups."""
        first = [self.callback.body["data"]] if self.kind in (4, 7) else []
        return first + [f.body for f in self.followups]

    @property
    def text(self) -> str:
        """All messages as plain text."""
        return "\n".join(message_text(m) for m in self.messages)

    @property
    def ephemeral(self) -> bool:
        """Whether the first message is visible only to the member."""
        flags = (self.messages[0].get("flags") or 0) if self.messages else 0
        return bool(flags & payloads.EPHEMERAL)

    @property
    def is_error(self) -> bool:
        """Whether the answer is an error."""
        return any(is_error(m) for m in self.messages)


class Harness:
    """Dispatches payloads through `ConnectionState.parse_interaction_create`."""

    def __init__(self, client: PrepClient, api: FakeDiscordAPI) -> None:
        self.client = client
        self.api = api
        self.user_id = USER_ID

    def who(self, **overrides: Any) -> dict[str, Any]:
        return {"application_id": self.api.application_id, "user_id": self.user_id, **overrides}

    async def dispatch(self, payload: dict[str, Any], *, replies: bool = True) -> Exchange:
        """Deliver an INTERACTION_CREATE and wait until it is answered."""
        interaction_id = int(payload["id"])
        done = None
        if replies:
            done = self.client.wait_for(
                REPLY_EVENT, check=lambda i, _r: i.id == interaction_id, timeout=10
            )
        self.client._connection.parse_interaction_create(payload)  # type: ignore[arg-type]
        if done is not None:
            await done
        token = payload["token"]
        callback = await self.api.wait_for(lambda r: r.path.endswith(f"/{token}/callback"))
        followups = [
            r
            for r in self.api.requests
            if r.path.startswith("/webhooks/")
            and r.path.split("/")[3] == token
            and r.method == "POST"
        ]
        return Exchange(callback, followups)

    async def command(
        self,
        subcommand: str,
        options: list[dict[str, Any]] | None = None,
        *,
        replies: bool = True,
        **who: Any,
    ) -> Exchange:
        """Run `/prep <subcommand>` with options and collect the answer.

        `replies=False` for subcommands answered without a reply (a form opens).
        """
        payload = payloads.command(subcommand, options, **self.who(**who))
        return await self.dispatch(payload, replies=replies)

    async def autocomplete(
        self, subcommand: str, options: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """The choices the bot offers for the focused option."""
        payload = payloads.command(subcommand, options, autocomplete=True, **self.who())
        exchange = await self.dispatch(payload, replies=False)
        assert exchange.kind == 8
        return list(exchange.callback.body["data"]["choices"])

    async def press(self, exchange_message: dict[str, Any], label: str, **who: Any) -> Exchange:
        """Press the button labelled `label` on a message the bot sent."""
        components = exchange_message["components"]
        button = next(b for row in components for b in row["components"] if b["label"] == label)
        message = payloads.message_with(components)
        payload = payloads.button_press(button["custom_id"], message, **self.who(**who))
        return await self.dispatch(payload)

    async def submit(self, modal: dict[str, Any], values: dict[str, str], **who: Any) -> Exchange:
        """Fill the modal the bot opened (values by field label) and submit it."""
        ids = {
            c["components"][0]["label"]: c["components"][0]["custom_id"]
            for c in modal["components"]
        }
        filled = {ids[label]: value for label, value in values.items()}
        payload = payloads.modal_submit(modal["custom_id"], filled, **self.who(**who))
        return await self.dispatch(payload)


async def tick(prep: Any, clock: Any, client: PrepClient) -> None:
    """One run of the real worker (engine + dispatcher) through the Discord transport."""
    from adapters.discord.client import build_transport
    from bot.schedule.worker import Worker

    worker = Worker(
        KINDS, prep.db, prep.content, clock, {"discord": build_transport(client, per_second=200)}
    )
    await worker.start()
    try:
        await worker.run_once()
    finally:
        await worker.stop()


async def gateway(client: PrepClient, event: str, payload: dict[str, Any]) -> None:
    """Feed a gateway event (`message_create`, ...) to the client, then await its listeners."""
    getattr(client._connection, f"parse_{event}")(payload)
    listeners = [t for t in asyncio.all_tasks() if t.get_name().startswith("discord.py: on_")]
    await asyncio.gather(*listeners)
