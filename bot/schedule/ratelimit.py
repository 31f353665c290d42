"""Per-destination rate limits: token buckets per member, workspace and platform.

Platforms throttle by destination (Slack: about one message a second per channel and a
few hundred a minute per workspace; Discord: per channel and a global per-bot budget).
Staying under those limits is cheaper than being told off with 429s. A bucket that is
empty reports how long to wait instead of blocking, so the dispatcher can sleep briefly
or hand the delivery back for later without holding a send slot.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.schedule.transport import Recipient

Scope = Literal["member", "team", "platform"]


@dataclass(frozen=True)
class Limit:
    """At most `rate` sends a second to one destination of `scope`, in bursts of `burst`."""

    scope: Scope
    rate: float
    burst: float = 1.0


# Defaults at or just under each platform's documented limits (see design.md); the
# console has none. Slack's workspace rate is its 300/min, the same as the transport's
# own pacer (which also absorbs Retry-After): a lower figure here only wasted allowed
# rate (`prepbot bench pacing` measured 80% of it at 4/s). Discord's is 94% of its
# global 50 requests/s per bot (the transport paces at the same), leaving a little for
# its other requests; interaction responses do not count against it.
DEFAULT_LIMITS: Mapping[str, tuple[Limit, ...]] = {
    "slack": (Limit("member", 1.0, 1.0), Limit("team", 5.0, 20.0)),
    "discord": (Limit("member", 1.0, 5.0), Limit("platform", 47.0, 47.0)),
}


class _Bucket:
    __slots__ = ("blocked_until", "stamp", "tokens")

    def __init__(self, tokens: float, stamp: float) -> None:
        self.tokens = tokens
        self.stamp = stamp
        self.blocked_until = 0.0


class RateLimiter:
    """Token buckets keyed by destination, on a monotonic clock (never the virtual one)."""

    # Idle buckets are refilled and forgotten past this many, so memory stays flat even
    # when a fan-out touches 100,000 members.
    MAX_BUCKETS = 20_000

    def __init__(
        self,
        limits: Mapping[str, Sequence[Limit]] = DEFAULT_LIMITS,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limits = {platform: tuple(found) for platform, found in limits.items()}
        self._monotonic = monotonic
        self._buckets: dict[tuple[str, ...], _Bucket] = {}

    def _keys(self, to: Recipient) -> list[tuple[Limit, tuple[str, ...]]]:
        keys = []
        for limit in self._limits.get(to.platform, ()):
            if limit.scope == "member":
                key: tuple[str, ...] = (to.platform, "member", to.team_id, to.user_id)
            elif limit.scope == "team":
                key = (to.platform, "team", to.team_id)
            else:
                key = (to.platform, "platform")
            keys.append((limit, key))
        return keys

    def _bucket(self, limit: Limit, key: tuple[str, ...], now: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self.MAX_BUCKETS:
                self._forget_idle(now)
            bucket = self._buckets[key] = _Bucket(limit.burst, now)
        else:
            bucket.tokens = min(limit.burst, bucket.tokens + (now - bucket.stamp) * limit.rate)
            bucket.stamp = now
        return bucket

    def _forget_idle(self, now: float) -> None:
        # A bucket not blocked and untouched for a minute is full again: same as absent.
        self._buckets = {
            key: bucket
            for key, bucket in self._buckets.items()
            if bucket.blocked_until > now or now - bucket.stamp < 60.0
        }

    def try_acquire(self, to: Recipient) -> float:
        """Take a token from every bucket of `to` and return 0, or return seconds to wait.

        Nothing is taken unless every bucket has a token, so waiting never wastes one.
        """
        now = self._monotonic()
        wait = 0.0
        found = [(limit, self._bucket(limit, key, now)) for limit, key in self._keys(to)]
        for limit, bucket in found:
            wait = max(wait, bucket.blocked_until - now, (1.0 - bucket.tokens) / limit.rate)
        if wait > 0:
            return wait
        for _, bucket in found:
            bucket.tokens -= 1.0
        return 0.0

    def penalize(self, to: Recipient, seconds: float) -> None:
        """Block `to`'s buckets for `seconds` (the platform said Retry-After)."""
        now = self._monotonic()
        for limit, key in self._keys(to):
            bucket = self._bucket(limit, key, now)
            bucket.blocked_until = max(bucket.blocked_until, now + seconds)
