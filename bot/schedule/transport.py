"""The transport interface: how the dispatcher hands a message to a platform.

Each adapter implements `Transport` (console prints; Slack and Discord call their APIs).
A transport says how a send failed by the exception it raises, so the dispatcher can
retry what is temporary and pause what is permanent without knowing the platform.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.replies import Reply


@dataclass(frozen=True)
class Recipient:
    """Who a delivery goes to: a member, addressed the way their platform needs."""

    member_id: int
    platform: str
    team_id: str
    user_id: str
    display_name: str = ""
    # The member's zone: only for showing local times (the console's `at_local`).
    tz: str = "UTC"


class SendError(Exception):
    """A send did not go through."""


class TemporarySendError(SendError):
    """Worth retrying later (rate limited, server error, timeout).

    `retry_after` is the platform's own hint in seconds, if it gave one.
    """

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class PermanentSendError(SendError):
    """Retrying cannot help (DMs closed, member left, app uninstalled, bad token).

    `scope` says what to pause: the one member, or the whole workspace/guild.
    """

    def __init__(self, reason: str, *, scope: str = "member") -> None:
        super().__init__(reason)
        self.reason = reason
        self.scope = scope


class Transport(Protocol):
    """Sends a rendered reply to one member by direct message."""

    platform: str

    async def send(self, recipient: Recipient, reply: Reply, *, idempotency_key: str) -> None:
        """Deliver `reply` to `recipient` or raise a `SendError` subclass.

        `idempotency_key` is stable across retries and restarts for one delivery; a
        platform that can dedupe (Discord's message nonce) should pass it on.
        """
        ...
