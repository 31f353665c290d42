"""The transport interface: how the dispatcher hands a message to a platform.

Each adapter implements `Transport` (console prints; Slack and Discord call their APIs).
A transport says how a send failed by the exception it raises, so the dispatcher can
retry what is temporary and pause what is permanent without knowing the platform.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from bot.replies import Reply
from bot.schedule.targets import ChannelTarget, GroupTarget


@dataclass(frozen=True)
class Recipient:
    """Who a delivery goes to: a member, addressed the way their platform needs."""

    # None for a community target (a channel post or a group DM).
    member_id: int | None
    platform: str
    team_id: str
    user_id: str
    display_name: str = ""
    # The member's zone: only for showing local times (the console's `at_local`).
    tz: str = "UTC"
    # Set for a community target (a channel post or a group DM; see `CommunityTransport`):
    # then `member_id` is None and `user_id` names the destination (the channel id, or
    # `group:<users>`), which is what rate limits key on.
    community_id: int | None = None


class SendError(Exception):
    """A send did not go through."""


class TemporarySendError(SendError):
    """Worth retrying later (rate limited, server error, timeout).

    `retry_after` is the platform's own hint in seconds, if it gave one. `throttled`
    says the send was refused only for its timing (a 429, or the transport's own pacing
    handing it back): nothing is wrong with it, so it comes back after `retry_after`
    without counting as a failed try.
    """

    def __init__(
        self, reason: str, retry_after: float | None = None, *, throttled: bool = False
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.throttled = throttled


class PermanentSendError(SendError):
    """Retrying cannot help (DMs closed, member left, app uninstalled, bad token).

    `scope` says what to pause: the one member (`member`), the community's posts
    (`community`), the whole workspace/guild (`team`), or nothing (`delivery`: only this
    message cannot go out, e.g. a pairing group one of whose members has left).
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


@dataclass(frozen=True)
class PostRef:
    """Where a community message landed: the platform's message id and thread id.

    Slack: both are the message `ts` (replies go in its thread) and `channel_id` is the
    channel, or the group DM's conversation id. Discord: the message id, and the id of
    the thread started from it (or of the private thread a group talks in).
    """

    channel_id: str
    message_id: str
    thread_id: str | None = None


@runtime_checkable
class CommunityTransport(Protocol):
    """What a platform needs beyond DMs for community features (channels and groups).

    Errors are reported exactly like `Transport.send`: `TemporarySendError` to retry,
    `PermanentSendError` (bot removed from the channel, DMs closed) to stop and pause.
    The target is what its kind planned (`bot.schedule.targets`).
    """

    async def post_channel(
        self, team_id: str, to: ChannelTarget, reply: Reply, *, idempotency_key: str
    ) -> PostRef:
        """Post `reply` in a channel; with `to.open_thread`, start a thread for answers."""
        ...

    async def open_group(
        self, team_id: str, to: GroupTarget, reply: Reply, *, idempotency_key: str
    ) -> PostRef:
        """Talk to these members only, starting with `reply`.

        Slack opens a group DM (`conversations.open` with the users); Discord starts a
        private thread from `channel_id` (the community's daily channel) and adds them.
        """
        ...

    async def count_thread_replies(self, team_id: str, ref: PostRef) -> int:
        """How many different people (not the bot) replied in the thread of `ref`."""
        ...
