"""Members first: the scheduler steps aside while someone waits for an answer.

When the clock runs in the same process as an adapter (`prepbot run`), a morning
fan-out and a member's `/prep` share one event loop and, on a small machine, the
database's cores. Left alone, the fan-out takes every turn it can, and each `/prep`
waits behind claim batches and sends at every step of its own (`prepbot bench latency`
measured its p99 at 7-11x the idle one). So the adapters mark the time they spend
answering a member (`with foreground.serving():`, or `foreground.serves(listener)`),
and the scheduler calls `await foreground.turn()` between its units of work (batches,
statements, sends, outcome commits): it returns at once when nobody is waiting, and
otherwise waits until the answers in flight are done. While members have been active
lately, the scheduler also works in smaller batches (`recently_active`), so the unit a
new request may find in progress is short.

Only ever a delay, never a skipped send: the scheduler waits at most `max_wait` at a
time, so a steady stream of commands slows a fan-out and never stops it, and an answer
holds it back only for its first `max_wait`: one stuck on a slow platform call is
waiting on the network, not competing for the CPU, and must not stall the morning's
questions meanwhile. A scheduler in its own process (`prepbot clock`) has a
`Foreground` nobody enters and never waits.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

# Long enough to cover a whole `/prep` answer under load (tens of ms), short enough
# that back-to-back or stuck commands cannot hold up the morning's questions.
DEFAULT_MAX_WAIT = 0.25
# "Members are using the bot right now": an answer finished within this many seconds.
ACTIVE_WINDOW = 1.0


class Foreground:
    """Tracks the answers in flight; the scheduler waits for the young ones to finish."""

    def __init__(
        self,
        *,
        max_wait: float = DEFAULT_MAX_WAIT,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_wait = max_wait
        self._monotonic = monotonic
        # When each answer in flight started, by a token of its own.
        self._serving: dict[int, float] = {}
        self._tokens = itertools.count()
        self._last_served = -float("inf")
        # Set (and replaced) whenever an answer finishes, so waiters look again.
        self._finished = asyncio.Event()

    @property
    def busy(self) -> bool:
        """Whether a member's request is being answered right now."""
        return bool(self._serving)

    @property
    def recently_active(self) -> bool:
        """Whether a member is being answered now or was within `ACTIVE_WINDOW`."""
        return self.busy or self._monotonic() - self._last_served < ACTIVE_WINDOW

    @contextlib.contextmanager
    def serving(self) -> Iterator[None]:
        """Mark a member's request as in progress for the duration of the block."""
        token = next(self._tokens)
        self._serving[token] = self._monotonic()
        try:
            yield
        finally:
            del self._serving[token]
            self._last_served = self._monotonic()
            finished, self._finished = self._finished, asyncio.Event()
            finished.set()

    def serves(self, handler: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
        """`handler`, marked as serving a member while it runs (a listener decorator).

        `functools.wraps` keeps the signature visible through `inspect.unwrap`, which is
        how slack_bolt decides what arguments a listener wants.
        """

        @functools.wraps(handler)
        async def serving(*args: P.args, **kwargs: P.kwargs) -> R:
            with self.serving():
                return await handler(*args, **kwargs)

        return serving

    async def turn(self) -> None:
        """Wait until no answer younger than `max_wait` is in flight (at most `max_wait`)."""
        deadline = self._monotonic() + self.max_wait
        while self._serving:
            youngest = max(self._serving.values())
            left = min(deadline, youngest + self.max_wait) - self._monotonic()
            if left <= 0:
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._finished.wait(), left)
