"""Heartbeat leases: a worker renews the claims it holds every few seconds.

A claimed delivery (`sending`, `claimed_by` this worker) is this worker's for as long as
it keeps renewing it. A worker that dies (SIGKILL, a lost host) stops renewing, and
once a lease has passed since the last renewal any other worker claims the row again
(`store.claim_stale`): a dead worker's claims are back within a lease and a tick, not
at the end of a long fixed lease.

The other side of the bargain: a worker whose renewals fail (its database is gone)
must not go on sending what it may no longer hold. Past half a lease without a
successful renewal senders start nothing (`fresh`), and a claim that a renewal did not
return was taken over, so it is never sent here (`lost`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from bot.db.engine import Database, unreachable
from bot.logs import ProblemLog
from bot.schedule import store

log = logging.getLogger(__name__)

# Renew this many times per lease (and at least every few seconds), so a renewal that
# fails once or twice still leaves the claims well inside their lease.
RENEWALS_PER_LEASE = 6
MAX_RENEW_EVERY = 5.0


class Leases:
    """The claims one worker holds, renewed in the background."""

    def __init__(
        self,
        db: Database,
        now: Callable[[], datetime],
        *,
        worker_id: str,
        lease: timedelta,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._db = db
        self._now = now
        self._worker_id = worker_id
        self._monotonic = monotonic
        self._lease = lease.total_seconds()
        self.every = min(MAX_RENEW_EVERY, self._lease / RENEWALS_PER_LEASE)
        self.held: set[int] = set()
        self.lost: set[int] = set()
        self._renewed_at = monotonic()
        self._task: asyncio.Task[None] | None = None
        self._failing = ProblemLog(
            log, "renewing delivery claims failed", action="sending waits until it works"
        )

    def hold(self, ids: Iterable[int]) -> None:
        """Start renewing `ids` (just claimed by this worker)."""
        self.held.update(ids)

    def done(self, delivery_id: int) -> None:
        """Stop renewing `delivery_id` (its outcome is recorded, or it is not ours)."""
        self.held.discard(delivery_id)
        self.lost.discard(delivery_id)

    @property
    def fresh(self) -> bool:
        """Whether the claims were renewed recently enough to act on them."""
        return self._monotonic() - self._renewed_at < self._lease / 2

    def start(self) -> None:
        """Renew in the background until `stop`."""
        if self._task is None:
            self._renewed_at = self._monotonic()
            self._task = asyncio.create_task(self._run(), name="claim-renewals")

    async def stop(self) -> None:
        """Stop renewing (what is still held lapses after a lease)."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def renew(self) -> None:
        """Renew every held claim once; note the ones another worker took over."""
        started = self._monotonic()
        ids = set(self.held)
        if ids:
            async with self._db.session() as session:
                kept = await store.renew(session, ids, worker_id=self._worker_id, now=self._now())
            # Recorded meanwhile (no longer held) is not lost, only finished.
            self.lost |= (ids - kept) & self.held
        self._renewed_at = started

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            try:
                await self.renew()
                self._failing.ok()
            except Exception as error:
                self._failing.failed(error, trace=not unreachable(error))
