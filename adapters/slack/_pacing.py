"""Token buckets that pace Slack sends without blocking the event loop.

Slack allows chat.postMessage about once a second per channel (short bursts tolerated)
and a few hundred a minute per workspace. A send takes one token from its channel's
bucket and one from its workspace's; when either is empty the caller learns how long to
wait, and either sleeps (a short wait) or hands the send back to the dispatcher to retry
later (a long one), so a 09:00 fan-out never parks hundreds of coroutines in sleep.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    """One bucket per key: `rate` tokens a second, at most `burst` saved up."""

    def __init__(
        self,
        rate: float,
        burst: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 50_000,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._max_keys = max_keys

    def _bucket(self, key: str, now: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self._max_keys:
                self._forget_full(now)
            bucket = self._buckets[key] = _Bucket(self.burst, now)
        else:
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
        return bucket

    def _forget_full(self, now: float) -> None:
        """Drop buckets that have refilled: they hold nothing a new bucket would not."""
        refill = self.burst / self.rate
        self._buckets = {k: b for k, b in self._buckets.items() if now - b.updated < refill}

    def wait_time(self, key: str) -> float:
        """Seconds until `key` has a token (0 if it has one now); takes nothing."""
        bucket = self._bucket(key, self._clock())
        return 0.0 if bucket.tokens >= 1 else (1 - bucket.tokens) / self.rate

    def take(self, key: str) -> None:
        """Spend a token (the balance may go below zero: later waits grow to match)."""
        self._bucket(key, self._clock()).tokens -= 1

    def penalise(self, key: str, seconds: float) -> None:
        """Empty the bucket for `seconds` (Slack said Retry-After): later sends wait."""
        bucket = self._bucket(key, self._clock())
        bucket.tokens = min(bucket.tokens, 0.0) - seconds * self.rate


class Pacer:
    """Per-channel and per-workspace buckets for one Slack transport."""

    def __init__(
        self,
        *,
        per_channel_rate: float = 1.0,
        per_channel_burst: float = 3,
        per_team_per_minute: float = 300,
        per_team_burst: float = 30,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.channels = TokenBuckets(per_channel_rate, per_channel_burst, clock=clock)
        self.teams = TokenBuckets(per_team_per_minute / 60, per_team_burst, clock=clock)

    def reserve(self, team_id: str, channel: str, max_wait: float) -> float | None:
        """Book a send: the seconds to sleep first, or None (nothing booked) if over `max_wait`.

        Checking and spending happen with no await in between, so concurrent senders on
        one event loop queue up behind each other instead of all seeing a free token.
        """
        key = f"{team_id}/{channel}"
        wait = max(self.channels.wait_time(key), self.teams.wait_time(team_id))
        if wait > max_wait:
            return None
        self.channels.take(key)
        self.teams.take(team_id)
        return wait

    def wait_time(self, team_id: str, channel: str) -> float:
        """How long a send to `channel` in `team_id` would wait now (books nothing)."""
        key = f"{team_id}/{channel}"
        return max(self.channels.wait_time(key), self.teams.wait_time(team_id))

    def rate_limited(self, team_id: str, channel: str, retry_after: float) -> None:
        """Slack returned 429 for this channel: hold it (and, gently, the team) back."""
        self.channels.penalise(f"{team_id}/{channel}", retry_after)
        # Slack's 429 on chat.postMessage is per channel, but a burst of them means the
        # workspace is hot too: spend a token so the whole team slows a little.
        self.teams.take(team_id)
