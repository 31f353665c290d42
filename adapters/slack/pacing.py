"""Pacing the pages of one Slack reply, on the core's token buckets.

The dispatcher's rate limiter already holds every delivery to about one a second per
member and to the workspace's budget. What it cannot see is a long reply that the
transport splits into several messages to one channel: those pages are paced here, per
channel, and a 429 (what Slack itself says) holds the channel back. A wait longer than
the caller allows is handed back instead of parking a coroutine in sleep.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.schedule.ratelimit import Rate, TokenBuckets


class Pacer:
    """Per-channel buckets for one Slack transport."""

    def __init__(
        self,
        *,
        per_channel_rate: float = 1.0,
        per_channel_burst: float = 3,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if per_channel_rate <= 0 or per_channel_burst < 1:
            raise ValueError("the rate must be positive and the burst at least 1")
        self._rate = Rate(per_channel_rate, per_channel_burst)
        self._channels = TokenBuckets(monotonic=clock)

    def reserve(self, team_id: str, channel: str, max_wait: float) -> float | None:
        """Book a send: the seconds to sleep first, or None (nothing booked) if over `max_wait`.

        Checking and spending happen with no await in between, so concurrent senders on
        one event loop queue up behind each other instead of all seeing a free token.
        """
        key = (team_id, channel)
        if self._channels.wait_time(key, self._rate) > max_wait:
            return None
        return self._channels.reserve(key, self._rate)

    def wait_time(self, team_id: str, channel: str) -> float:
        """How long a send to `channel` in `team_id` would wait now (books nothing)."""
        return self._channels.wait_time((team_id, channel), self._rate)

    def rate_limited(self, team_id: str, channel: str, retry_after: float) -> None:
        """Slack returned 429 for this channel: hold it back for Retry-After."""
        self._channels.penalise((team_id, channel), self._rate, retry_after)
