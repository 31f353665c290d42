"""Where a delivery goes: the member's DM, a channel post, or a group conversation.

Most deliveries are DMs to one member (no target: the row's `member_id` says who).
Community deliveries carry a target their kind chose when it planned them, stored in
the delivery's `target` column so a resend goes exactly where the first try went:

- `ChannelTarget`: a post in a channel, optionally opening a thread for answers;
- `GroupTarget`: a group DM (Slack) or a private thread started from `channel_id`
  (Discord) with exactly these members.

`tz` is the zone the message was planned in; only the console shows it (local times).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ChannelTarget:
    """A post in a community channel."""

    channel_id: str
    open_thread: bool = False
    tz: str = "UTC"

    @property
    def destination(self) -> str:
        """What rate limits key on: a channel is limited like one member."""
        return self.channel_id


@dataclass(frozen=True)
class GroupTarget:
    """A conversation with a few members only (a pairing group)."""

    user_ids: tuple[str, ...]
    channel_id: str | None = None
    tz: str = "UTC"

    @property
    def destination(self) -> str:
        """What rate limits key on: each group like another member."""
        return "group:" + ",".join(self.user_ids)

    def without(self, user_id: str) -> GroupTarget:
        """The same group once `user_id` has left it (privacy delete)."""
        return GroupTarget(
            tuple(u for u in self.user_ids if u != user_id), self.channel_id, self.tz
        )


CommunityTarget = ChannelTarget | GroupTarget


def target_to_json(target: CommunityTarget | None) -> dict[str, Any] | None:
    """The `deliveries.target` column's value."""
    if target is None:
        return None
    if isinstance(target, ChannelTarget):
        return {
            "to": "channel",
            "channel_id": target.channel_id,
            "thread": target.open_thread,
            "tz": target.tz,
        }
    return {
        "to": "group",
        "user_ids": list(target.user_ids),
        "channel_id": target.channel_id,
        "tz": target.tz,
    }


def target_from_json(value: Mapping[str, Any] | None) -> CommunityTarget | None:
    """Read the `deliveries.target` column back (None: a DM)."""
    if not value:
        return None
    tz = str(value.get("tz") or "UTC")
    if value.get("to") == "group":
        channel = value.get("channel_id")
        return GroupTarget(
            tuple(str(u) for u in value.get("user_ids", [])),
            str(channel) if channel else None,
            tz,
        )
    return ChannelTarget(str(value["channel_id"]), bool(value.get("thread")), tz)
