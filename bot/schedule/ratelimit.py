"""Per-destination rate limits: token buckets per member, workspace and platform.

Platforms throttle by destination (Slack: about one message a second per channel and a
few hundred a minute per workspace; Discord: per channel and a global per-bot budget).
Staying under those limits is cheaper than being told off with 429s. A bucket that is
empty reports how long to wait instead of blocking, so the dispatcher can sleep briefly
or hand the delivery back for later without holding a send slot.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Mapping, Sequence
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


@dataclass(frozen=True)
class Rate:
    """`per_second` tokens a second, at most `burst` saved up."""

    per_second: float
    burst: float = 1.0


class _Bucket:
    __slots__ = ("blocked_until", "stamp", "tokens")

    def __init__(self, tokens: float, stamp: float) -> None:
        self.tokens = tokens
        self.stamp = stamp
        self.blocked_until = 0.0


class TokenBuckets:
    """Token buckets by key, on a monotonic clock (never the virtual one): the only ones.

    The dispatcher's `RateLimiter` keeps one per destination; a transport paces what only
    it sees with the same class (Slack's pages of one reply, Discord's DM opens). Taking
    a token may leave a bucket below zero: that is how reservations queue up, each
    waiting one interval longer than the last, without a lock or an await.
    """

    # Idle buckets are refilled and forgotten past this many, so memory stays flat even
    # when a fan-out touches 100,000 members.
    MAX_BUCKETS = 20_000

    def __init__(self, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._buckets: dict[Hashable, _Bucket] = {}

    def now(self) -> float:
        """The buckets' clock."""
        return self._monotonic()

    def _bucket(self, key: Hashable, rate: Rate, now: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self.MAX_BUCKETS:
                self._forget_idle(now)
            bucket = self._buckets[key] = _Bucket(rate.burst, now)
        else:
            bucket.tokens = min(rate.burst, bucket.tokens + (now - bucket.stamp) * rate.per_second)
            bucket.stamp = now
        return bucket

    def _forget_idle(self, now: float) -> None:
        # A bucket not blocked and untouched for a minute is full again: same as absent.
        self._buckets = {
            key: bucket
            for key, bucket in self._buckets.items()
            if bucket.blocked_until > now or now - bucket.stamp < 60.0
        }

    def wait_time(self, key: Hashable, rate: Rate, now: float | None = None) -> float:
        """Seconds until `key` has a token (0 if it has one now); takes nothing."""
        now = self._monotonic() if now is None else now
        bucket = self._bucket(key, rate, now)
        return max(0.0, bucket.blocked_until - now, (1.0 - bucket.tokens) / rate.per_second)

    def take(self, key: Hashable, rate: Rate, now: float | None = None) -> None:
        """Spend a token (the balance may go below zero: later waits grow to match)."""
        now = self._monotonic() if now is None else now
        self._bucket(key, rate, now).tokens -= 1.0

    def reserve(self, key: Hashable, rate: Rate) -> float:
        """Book the next token: the seconds to wait before using it (0: now)."""
        now = self._monotonic()
        wait = self.wait_time(key, rate, now)
        self.take(key, rate, now)
        return wait

    def block(self, key: Hashable, rate: Rate, seconds: float) -> None:
        """Nothing for `key` before `seconds` from now (the platform said Retry-After)."""
        now = self._monotonic()
        bucket = self._bucket(key, rate, now)
        bucket.blocked_until = max(bucket.blocked_until, now + seconds)

    def penalise(self, key: Hashable, rate: Rate, seconds: float) -> None:
        """Empty the bucket by `seconds` of refill: what a 429 costs a paced stream."""
        bucket = self._bucket(key, rate, self._monotonic())
        bucket.tokens = min(bucket.tokens, 0.0) - seconds * rate.per_second


class RateLimiter(TokenBuckets):
    """The dispatcher's limits: token buckets per member, workspace and platform."""

    def __init__(
        self,
        limits: Mapping[str, Sequence[Limit]] = DEFAULT_LIMITS,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(monotonic=monotonic)
        self._limits = {
            platform: tuple((limit.scope, Rate(limit.rate, limit.burst)) for limit in found)
            for platform, found in limits.items()
        }

    def _keys(self, to: Recipient) -> list[tuple[Rate, tuple[str, ...]]]:
        keys = []
        for scope, rate in self._limits.get(to.platform, ()):
            if scope == "member":
                key: tuple[str, ...] = (to.platform, "member", to.team_id, to.user_id)
            elif scope == "team":
                key = (to.platform, "team", to.team_id)
            else:
                key = (to.platform, "platform")
            keys.append((rate, key))
        return keys

    def try_acquire(self, to: Recipient) -> float:
        """Take a token from every bucket of `to` and return 0, or return seconds to wait.

        Nothing is taken unless every bucket has a token, so waiting never wastes one.
        """
        now = self.now()
        keys = self._keys(to)
        wait = max((self.wait_time(key, rate, now) for rate, key in keys), default=0.0)
        if wait > 0:
            return wait
        for rate, key in keys:
            self.take(key, rate, now)
        return 0.0

    def penalize(self, to: Recipient, seconds: float) -> None:
        """Block `to`'s buckets for `seconds` (the platform said Retry-After)."""
        for rate, key in self._keys(to):
            self.block(key, rate, seconds)
