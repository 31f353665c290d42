"""The dispatcher: send claimed deliveries through the platform transports.

A fixed pool of sender tasks (the concurrency) takes claimed deliveries from a bounded
queue, waits for the destination's rate limit, renders the delivery from its payload
and sends it. Temporary errors come back later with exponential backoff; permanent ones
fail the delivery with the reason and pause the member (or workspace). A graceful stop
lets in-flight sends finish and hands every unstarted claim back.
"""

from __future__ import annotations

import asyncio
import logging
import zlib
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from bot.clock import Clock
from bot.content import ContentLibrary
from bot.db.engine import Database
from bot.foreground import Foreground
from bot.logs import ProblemLog
from bot.schedule import community_targets as community
from bot.schedule import store
from bot.schedule.flusher import Flusher
from bot.schedule.kinds import DeliveryKind
from bot.schedule.outcomes import Outcome, OutcomeCounts
from bot.schedule.ratelimit import RateLimiter
from bot.schedule.store import Claimed
from bot.schedule.transport import PermanentSendError, TemporarySendError, Transport

log = logging.getLogger(__name__)

# How long a rate-limited send waits when the platform named no Retry-After.
THROTTLED_DEFAULT_WAIT = 5.0


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with a cap and a deterministic jitter; then give up."""

    base_seconds: float = 30.0
    factor: float = 2.0
    cap_seconds: float = 3600.0
    max_attempts: int = 6

    def delay(self, attempt: int, key: str, retry_after: float | None = None) -> timedelta:
        """How long to wait after failed attempt number `attempt` (1-based)."""
        backoff = min(self.cap_seconds, self.base_seconds * self.factor ** max(0, attempt - 1))
        # +-10% per delivery, stable across processes, so a burst of failures does not
        # come back as one burst; a platform's own Retry-After wins when longer.
        backoff *= 0.9 + 0.2 * (zlib.crc32(key.encode()) % 1000) / 1000
        return timedelta(seconds=max(backoff, retry_after or 0.0))


@dataclass(frozen=True)
class DispatchSettings:
    """Knobs of a dispatcher; defaults suit production."""

    concurrency: int = 32
    claim_batch: int = 500
    lease: timedelta = timedelta(minutes=10)
    send_timeout: float = 30.0
    # A rate-limit wait up to this long is slept in place; longer, the delivery is
    # handed back with `not_before` so the send slot serves other destinations.
    max_inline_wait: float = 2.0
    retry: RetryPolicy = RetryPolicy()


class Dispatcher:
    """Bounded-concurrency sender with rate limits, retries and graceful stop."""

    def __init__(
        self,
        kinds: Mapping[str, DeliveryKind],
        db: Database,
        transports: Mapping[str, Transport],
        content: ContentLibrary,
        clock: Clock,
        *,
        worker_id: str,
        settings: DispatchSettings | None = None,
        limiter: RateLimiter | None = None,
        foreground: Foreground | None = None,
    ) -> None:
        self._kinds = kinds
        self._db = db
        self._foreground = foreground or Foreground()
        self._transports = dict(transports)
        self._content = content
        self._clock = clock
        self._worker_id = worker_id
        self.settings = settings or DispatchSettings()
        self._limiter = limiter or RateLimiter()
        size = max(self.settings.claim_batch, self.settings.concurrency) * 2
        self._queue: asyncio.Queue[Claimed] = asyncio.Queue(maxsize=size)
        self._flusher = Flusher(db, clock.now, self._foreground)
        self._senders: list[asyncio.Task[None]] = []
        self._stopping = False
        # Problems worth one log line each: a platform failing a certain way, and each
        # member or workspace paused by a permanent failure.
        self._failing: dict[tuple[str, str], ProblemLog] = {}
        self._paused: set[tuple[str, str, str]] = set()

    @property
    def counts(self) -> OutcomeCounts:
        """Outcomes recorded so far, by status."""
        return self._flusher.counts

    @property
    def platforms(self) -> frozenset[str]:
        """Platforms this dispatcher can send to."""
        return frozenset(self._transports)

    def start(self) -> None:
        """Start the sender pool and the outcome writer."""
        if self._senders:
            return
        self._stopping = False
        self._flusher.start()
        self._senders = [
            asyncio.create_task(self._sender(), name=f"sender-{n}")
            for n in range(self.settings.concurrency)
        ]

    async def submit(self, claimed: Sequence[Claimed]) -> None:
        """Queue claimed deliveries (waits while the queue is full: backpressure)."""
        for index, item in enumerate(claimed):
            if self._stopping or not self._senders:
                async with self._db.session() as session:
                    await store.release(session, claimed[index:])
                return
            await self._queue.put(item)

    async def claim_ready(self) -> int:
        """Claim and queue one batch of ready deliveries (retries, handed-back claims)."""
        return await self._claim(store.claim_ready)

    async def claim_stale(self) -> int:
        """Claim and queue one batch of deliveries whose worker died mid-send."""
        return await self._claim(store.claim_stale, lease=self.settings.lease)

    async def _claim(self, claim: Callable[..., Awaitable[list[Claimed]]], **extra: Any) -> int:
        if self._stopping or not self._transports:
            return 0
        async with self._db.session() as session:
            claimed = await claim(
                session,
                self._clock.now(),
                worker_id=self._worker_id,
                limit=self.settings.claim_batch,
                platforms=sorted(self._transports),
                skip_locked=self._db.is_postgres,
                **extra,
            )
        await self.submit(claimed)
        return len(claimed)

    async def drain(self) -> None:
        """Wait until every queued delivery is sent (or handed back) and recorded."""
        await self._queue.join()

    def request_stop(self) -> None:
        """Stop sending: from now on senders hand claims back instead."""
        self._stopping = True
        self._flusher.stop_waiting()

    async def stop(self) -> None:
        """Finish in-flight sends, hand back unstarted claims, record it all, stop."""
        self._stopping = True
        self._flusher.stop_waiting()
        await self._queue.join()
        for task in self._senders:
            task.cancel()
        await asyncio.gather(*self._senders, return_exceptions=True)
        self._senders = []
        await self._flusher.close()

    async def _sender(self) -> None:
        while True:
            claimed = await self._queue.get()
            try:
                if not self._stopping:  # a member's answer in this process goes first
                    await self._foreground.turn()
                if self._stopping:
                    outcome = Outcome(claimed, "released")
                else:
                    outcome = await self._deliver(claimed)
                await self._flusher.record(outcome)
            except Exception:
                # The row stays claimed and is sent again once its lease runs out: a
                # duplicate at worst, never a loss.
                log.exception("delivery %s: outcome not recorded", claimed.delivery_id)
            finally:
                self._queue.task_done()

    async def _deliver(self, claimed: Claimed) -> Outcome:
        now = self._clock.now()
        if claimed.expires_at is not None and now > claimed.expires_at:
            return Outcome(claimed, "missed", error="too late to send")
        transport = self._transports[claimed.recipient.platform]
        wait = self._limiter.try_acquire(claimed.recipient)
        while wait > 0:
            if wait > self.settings.max_inline_wait or self._stopping:
                return Outcome(claimed, "released", not_before=now + timedelta(seconds=wait))
            await asyncio.sleep(wait)
            wait = self._limiter.try_acquire(claimed.recipient)
        to_community = claimed.recipient.community_id is not None
        sending: Awaitable[object]
        if to_community:
            # Channel posts and groups: the community module renders, routes and sends.
            sending = community.deliver(
                self._kinds[claimed.kind],
                self._db,
                transport,
                self._content,
                claimed.delivery_id,
                claimed.payload,
                claimed.target,
                claimed.recipient,
                claimed.dedupe_key,
            )
        else:
            try:
                reply = self._kinds[claimed.kind].render(claimed.payload, self._content)
            except Exception as error:
                log.exception("could not render delivery %s", claimed.delivery_id)
                return Outcome(claimed, "failed", error=f"could not render: {error}"[:300])
            sending = transport.send(claimed.recipient, reply, idempotency_key=claimed.dedupe_key)
        try:
            # `timeout()`, not `wait_for()`: the send runs in this task instead of a new
            # one per send (a tenth of the dispatcher's CPU in a fan-out).
            async with asyncio.timeout(self.settings.send_timeout):
                await sending
        except PermanentSendError as error:
            if error.scope == "delivery":
                # Only this message cannot go out (a group with someone who left):
                # record it as failed, pause nobody.
                return Outcome(claimed, "failed", error=error.reason[:300])
            scope: Literal["member", "community", "team"] = "member"
            if error.scope == "team":
                scope = "team"
            elif to_community:
                scope = "community"
            self._note_permanent(claimed, scope, error.reason)
            return Outcome(claimed, "failed", error=error.reason[:300], pause=scope)
        except TemporarySendError as error:
            if error.retry_after:
                self._limiter.penalize(claimed.recipient, error.retry_after)
            if error.reason != "paced":  # our own pacing is no problem
                self._note_failing(claimed.recipient.platform, error.reason)
            if error.throttled:
                return self._throttled(claimed, error)
            return self._retry(claimed, error.reason, error.retry_after)
        except TimeoutError:
            self._note_failing(claimed.recipient.platform, "timed out")
            return self._retry(claimed, "timed out", None)
        except Exception as error:
            # An unexpected error is a transport bug: retry (bounded), never lose it.
            log.exception("unexpected error sending delivery %s", claimed.delivery_id)
            return self._retry(claimed, f"{type(error).__name__}: {error}", None)
        if self._failing:  # a send went through: this platform's problems are over
            platform = claimed.recipient.platform
            for key in [key for key in self._failing if key[0] == platform]:
                self._failing.pop(key).ok()
        return Outcome(claimed, "sent")

    def _note_failing(self, platform: str, reason: str) -> None:
        """One line when sends to a platform start failing this way (and when it clears)."""
        key = (platform, reason)
        if key not in self._failing:
            if len(self._failing) > 100:  # reasons quoting details: keep the map small
                self._failing.clear()
            self._failing[key] = ProblemLog(
                log, f"{platform} sends failing", action="retrying each with backoff"
            )
        self._failing[key].failed(reason)

    def _note_permanent(self, claimed: Claimed, scope: str, reason: str) -> None:
        """One line per member (or workspace) a permanent failure pauses."""
        who = claimed.recipient
        target = who.team_id if scope == "team" else str(who.community_id or who.member_id)
        key = (who.platform, scope, target)
        if key in self._paused:
            return
        if len(self._paused) > 10_000:
            self._paused.clear()
        self._paused.add(key)
        log.warning(
            "%s %s %s cannot be reached (%s): paused, not retried until they use prepbot",
            who.platform,
            scope,
            target,
            reason,
        )

    def _throttled(self, claimed: Claimed, error: TemporarySendError) -> Outcome:
        """Refused for its timing only: back after the platform's wait, no try counted.

        A rate limit says nothing about the message, so it neither backs off like a
        failure (30 s and doubling, when Slack asked for 1 s) nor uses up the tries that
        end in giving up: a busy morning of 429s must not lose a daily question.
        """
        wait = error.retry_after if error.retry_after and error.retry_after > 0 else None
        delay = timedelta(seconds=wait or THROTTLED_DEFAULT_WAIT)
        return Outcome(
            claimed, "released", not_before=self._clock.now() + delay, error=error.reason[:300]
        )

    def _retry(self, claimed: Claimed, reason: str, retry_after: float | None) -> Outcome:
        attempt = claimed.attempts + 1
        policy = self.settings.retry
        if attempt >= policy.max_attempts:
            log.warning(
                "delivery %s (%s): gave up after %d tries: %s",
                claimed.delivery_id,
                claimed.kind,
                attempt,
                reason,
            )
            return Outcome(
                claimed, "failed", error=f"gave up after {attempt} tries: {reason}"[:300]
            )
        delay = policy.delay(attempt, claimed.dedupe_key, retry_after)
        return Outcome(claimed, "retry", not_before=self._clock.now() + delay, error=reason[:300])
