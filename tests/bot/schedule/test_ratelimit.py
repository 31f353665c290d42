"""Token buckets per destination."""

from __future__ import annotations

import pytest

from bot.schedule.ratelimit import Limit, Rate, RateLimiter, TokenBuckets
from bot.schedule.transport import Recipient


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def to(user: str, team: str = "T1") -> Recipient:
    return Recipient(member_id=1, platform="slack", team_id=team, user_id=user)


def test_a_burst_then_the_rate() -> None:
    """A bucket allows its burst at once, then one send per 1/rate seconds."""
    time = FakeTime()
    limiter = RateLimiter({"slack": (Limit("member", rate=1.0, burst=2),)}, monotonic=time)
    assert limiter.try_acquire(to("U1")) == 0
    assert limiter.try_acquire(to("U1")) == 0
    assert limiter.try_acquire(to("U1")) == 1.0
    time.now += 0.5
    assert limiter.try_acquire(to("U1")) == 0.5
    time.now += 0.5
    assert limiter.try_acquire(to("U1")) == 0


def test_destinations_have_their_own_buckets() -> None:
    """One member's limit does not hold back another's; the team limit covers both."""
    time = FakeTime()
    limits = (Limit("member", rate=1.0, burst=1), Limit("team", rate=1.0, burst=2))
    limiter = RateLimiter({"slack": limits}, monotonic=time)
    assert limiter.try_acquire(to("U1")) == 0
    assert limiter.try_acquire(to("U2")) == 0
    assert limiter.try_acquire(to("U3")) == 1.0  # team budget spent
    assert limiter.try_acquire(to("U4", team="T2")) == 0


def test_waiting_does_not_spend_tokens() -> None:
    """A refused attempt takes nothing from buckets that did have a token."""
    time = FakeTime()
    limits = (Limit("member", rate=1.0, burst=5), Limit("team", rate=1.0, burst=1))
    limiter = RateLimiter({"slack": limits}, monotonic=time)
    assert limiter.try_acquire(to("U1")) == 0
    for _ in range(3):
        assert limiter.try_acquire(to("U1")) > 0
    time.now += 1
    assert limiter.try_acquire(to("U1")) == 0


def test_retry_after_blocks_the_destination() -> None:
    """After a 429, the destination waits out Retry-After."""
    time = FakeTime()
    limiter = RateLimiter({"slack": (Limit("team", rate=10.0, burst=10),)}, monotonic=time)
    limiter.penalize(to("U1"), 30)
    assert limiter.try_acquire(to("U2")) == 30
    time.now += 30
    assert limiter.try_acquire(to("U2")) == 0


def test_platforms_without_limits_are_free() -> None:
    """The console has no limits."""
    limiter = RateLimiter()
    console = Recipient(member_id=1, platform="console", team_id="", user_id="me")
    assert all(limiter.try_acquire(console) == 0 for _ in range(1000))


def test_idle_buckets_are_forgotten() -> None:
    """Memory stays flat over a large fan-out: full, idle buckets are dropped."""
    time = FakeTime()
    limiter = RateLimiter({"slack": (Limit("member", rate=1.0, burst=1),)}, monotonic=time)
    limiter.MAX_BUCKETS = 100
    for n in range(100):
        limiter.try_acquire(to(f"U{n}"))
    time.now += 120
    limiter.try_acquire(to("new"))
    assert len(limiter._buckets) == 1


def test_token_bucket_refills_and_penalises() -> None:
    """Buckets refill at their rate, and a 429 empties one for its Retry-After."""
    now = [0.0]
    buckets = TokenBuckets(monotonic=lambda: now[0])
    rate = Rate(2, burst=2)
    buckets.take("c", rate)
    buckets.take("c", rate)
    assert buckets.wait_time("c", rate) == pytest.approx(0.5)
    now[0] = 1.0
    assert buckets.wait_time("c", rate) == 0
    buckets.penalise("c", rate, 3)
    assert buckets.wait_time("c", rate) == pytest.approx(3.5)


def test_reservations_queue_up_one_interval_apart() -> None:
    """Booking spends a token even when none is free, so the next caller waits longer."""
    now = [0.0]
    buckets = TokenBuckets(monotonic=lambda: now[0])
    rate = Rate(4, burst=1)
    assert [buckets.reserve("k", rate) for _ in range(3)] == [0, 0.25, 0.5]
