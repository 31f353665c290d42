"""Per-process memory for DMs: open channels, members who refused them, and pacing."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable

from bot.schedule.ratelimit import Rate, TokenBuckets

CHANNEL_CACHE_SIZE = 100_000  # about 10 MB at most; a miss only costs one request
FAILURE_TTL = 6 * 3600.0


class DirectMessages:
    """DM channel ids by user, and recent permanent failures by user.

    A failure is remembered so that other deliveries already queued for the same member
    fail without a request (each would be an invalid request to Discord). It is
    forgotten when the member next uses `/prep`, or after `FAILURE_TTL`.
    """

    def __init__(
        self,
        *,
        max_channels: int = CHANNEL_CACHE_SIZE,
        failure_ttl: float = FAILURE_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._channels: OrderedDict[int, int] = OrderedDict()
        self._failures: dict[int, tuple[str, float]] = {}
        self._max_channels = max_channels
        self._failure_ttl = failure_ttl
        self._clock = clock

    def channel_for(self, user_id: int) -> int | None:
        """The cached DM channel id for a user, if any."""
        channel_id = self._channels.get(user_id)
        if channel_id is not None:
            self._channels.move_to_end(user_id)
        return channel_id

    def remember_channel(self, user_id: int, channel_id: int) -> None:
        """Cache a user's DM channel, evicting the least recently used beyond the limit."""
        self._channels[user_id] = channel_id
        self._channels.move_to_end(user_id)
        while len(self._channels) > self._max_channels:
            self._channels.popitem(last=False)

    def forget_channel(self, user_id: int) -> None:
        """Drop a cached channel that Discord no longer knows."""
        self._channels.pop(user_id, None)

    def failure(self, user_id: int) -> str | None:
        """Why DMs to this user failed recently, if they did."""
        found = self._failures.get(user_id)
        if found is None:
            return None
        reason, until = found
        if self._clock() >= until:
            del self._failures[user_id]
            return None
        return reason

    def remember_failure(self, user_id: int, reason: str) -> None:
        """Remember that DMs to this user fail permanently, for now."""
        self._failures[user_id] = (reason, self._clock() + self._failure_ttl)

    def forget_failure(self, user_id: int) -> None:
        """Try this user's DMs again (they have just used prepbot)."""
        self._failures.pop(user_id, None)


class Pacer:
    """Spaces calls at most `per_second` apart, first come first served.

    Each caller books the next free slot in a one-token bucket (the core's) and sleeps
    until it, so concurrent senders share one steady rate without a lock.
    """

    def __init__(self, per_second: float, clock: Callable[[], float] = time.monotonic) -> None:
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        self._rate = Rate(per_second, burst=1.0)
        self._slots = TokenBuckets(monotonic=clock)

    async def wait(self) -> None:
        """Return when this caller's slot has come."""
        wait = self._slots.reserve("calls", self._rate)
        if wait > 0:
            await asyncio.sleep(wait)
