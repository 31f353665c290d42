"""Group commit for send outcomes: many sends confirmed by one transaction.

A sender waits until its outcome is committed before it takes the next delivery, so the
number of sends that happened but are not yet recorded never exceeds the dispatcher's
concurrency: that is the bound on duplicates after a hard crash. Meanwhile every sender
that finishes while a commit is running joins the next one, so at high rates a commit
covers dozens of sends.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db.engine import Database, unreachable
from bot.foreground import Foreground
from bot.logs import ProblemLog
from bot.schedule.outcomes import Outcome, OutcomeCounts, mark_sent, record_outcomes

log = logging.getLogger(__name__)

# Commit retries before giving up on a batch (its rows stay `sending` and are sent
# again after the lease: a duplicate at worst, never a loss).
COMMIT_ATTEMPTS = 5
# An unreachable database is waited out (unless stopping), retrying at most this often.
MAX_OUTAGE_DELAY = 5.0


class Flusher:
    """Collects outcomes from senders and writes them in batches."""

    def __init__(
        self, db: Database, now: Callable[[], datetime], foreground: Foreground | None = None
    ) -> None:
        self._db = db
        self._now = now
        self._foreground = foreground or Foreground()
        self._waiting: list[tuple[Outcome, asyncio.Future[None]]] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        # The all-sent case runs on one connection held in autocommit mode: a single
        # UPDATE is atomic by itself, so it costs one round trip instead of four
        # (pool checkout ping, BEGIN, UPDATE, COMMIT), thousands of times a fan-out.
        self._connection: AsyncConnection | None = None
        self.counts = OutcomeCounts()
        self._patient = True
        self._outage = ProblemLog(
            log,
            "database unreachable: delivery outcomes are not recorded",
            action="sending waits, retrying with backoff until it is back",
        )

    def start(self) -> None:
        """Start the background writer."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="delivery-flusher")

    async def record(self, outcome: Outcome) -> None:
        """Queue `outcome` and return once it is committed."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((outcome, future))
        self._wake.set()
        await future

    async def close(self) -> None:
        """Write whatever is queued, then stop the writer."""
        if self._task is None:
            return
        self._closing = True
        self._wake.set()
        await self._task
        self._task = None
        self._closing = False
        await self._drop_connection()

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            # Let senders that are finishing right now join this commit (and, when a
            # member's `/prep` is being answered in this process, those finishing
            # meanwhile: a bigger commit later costs less than a small one now).
            await asyncio.sleep(0)
            await self._foreground.turn()
            batch, self._waiting = self._waiting, []
            if batch:
                error = await self._write([outcome for outcome, _ in batch])
                for outcome, future in batch:
                    if error is None:
                        self.counts.add(outcome.status)
                    if future.done():  # its sender was cancelled
                        continue
                    if error is None:
                        future.set_result(None)
                    else:
                        future.set_exception(error)
            if self._closing and not self._waiting:
                return

    def stop_waiting(self) -> None:
        """Stop waiting out an unreachable database (a stop was requested)."""
        self._patient = False

    async def _write(self, outcomes: list[Outcome]) -> Exception | None:
        delay = 0.2
        attempt = 0
        while True:
            attempt += 1
            try:
                if all(outcome.status == "sent" for outcome in outcomes):
                    # The common case, thousands of times a fan-out: one Core UPDATE,
                    # committed as it runs, without an ORM session around it.
                    await mark_sent(await self._autocommit(), outcomes, self._now())
                else:
                    async with self._db.session() as session:
                        await record_outcomes(session, outcomes, self._now())
                self._outage.ok()
                return None
            except Exception as error:
                # The held connection may be the broken part: the next try gets a new one.
                await self._drop_connection()
                if unreachable(error) and self._patient and not self._closing:
                    # Wait the outage out: the senders waiting on this commit send
                    # nothing more meanwhile, so sends that happened but are not
                    # recorded never exceed the concurrency (the duplicate bound).
                    self._outage.failed(error)
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, MAX_OUTAGE_DELAY)
                    continue
                if attempt >= COMMIT_ATTEMPTS:
                    log.exception("could not record %d delivery outcomes", len(outcomes))
                    return error
                log.warning("recording outcomes failed (attempt %d): %s", attempt, error)
                await asyncio.sleep(delay)
                delay *= 2

    async def _autocommit(self) -> AsyncConnection:
        if self._connection is None or self._connection.closed:
            connection = await self._db.engine.connect()
            try:
                await connection.execution_options(isolation_level="AUTOCOMMIT")
            except Exception:
                await connection.close()
                raise
            self._connection = connection
        return self._connection

    async def _drop_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                await connection.close()
            except Exception:
                # Closing a broken connection can fail too; the pool discards it.
                log.debug("closing the flusher's connection failed", exc_info=True)
