"""Group commit for send outcomes: many sends confirmed by one transaction.

A sender waits until its outcome is committed before it takes the next delivery, so the
number of sends that happened but are not yet recorded never exceeds the dispatcher's
concurrency: that is the bound on duplicates after a hard crash. Meanwhile every sender
that finishes while a commit is running joins the next one, so at high rates a commit
covers dozens of sends.

While outcomes cannot be written (the database refuses, drops or ignores connections)
`usable` is cleared: senders start no new send until it is set again, so what happened
without being recorded stays what was in flight when the outage began. Outcomes that
failed to write are retried, never dropped for being unlucky; only an outcome that
fails on its own, every time, with an error that is not an outage is given up (its row
stays `sending` and goes out again once its claim is no longer renewed).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db.engine import Database, unreachable
from bot.foreground import Foreground
from bot.logs import ProblemLog
from bot.schedule.outcomes import Outcome, OutcomeCounts, mark_sent, record_outcomes

log = logging.getLogger(__name__)

# Commit retries before a failing batch is written one outcome at a time, and before
# one outcome failing on its own is given up (its row stays `sending` and is sent again
# once its claim lapses: a duplicate at worst, never a loss).
COMMIT_ATTEMPTS = 5
# A write that neither succeeds nor fails in this long (a blackholed connection) is
# abandoned and retried on a new connection, as an outage.
WRITE_TIMEOUT = 15.0
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
        self._failing = ProblemLog(
            log,
            "recording delivery outcomes failed",
            action="sending waits; retrying, then one outcome at a time",
        )
        self._given_up = ProblemLog(
            log, "delivery outcomes given up", action="their rows are sent again later"
        )
        # Set while outcomes can be written; senders wait on it before each send.
        self.usable = asyncio.Event()
        self.usable.set()

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
        """Write `outcomes`; None once written, else the error that made it give up."""
        error = await self._write_with_retries(outcomes)
        if error is None or len(outcomes) == 1 or not self._patient or self._closing:
            return error
        # One outcome the database rejects must not hold back the others: write them
        # one by one, giving up only those that fail on their own.
        failed: Exception | None = None
        for outcome in outcomes:
            alone = await self._write_with_retries([outcome])
            if alone is not None:
                failed = alone
                self._given_up.failed(alone)
        self.usable.set()  # what could be written is; the rest is given up, logged
        return failed

    async def _write_with_retries(self, outcomes: list[Outcome]) -> Exception | None:
        delay = 0.2
        attempt = 0
        while True:
            attempt += 1
            try:
                async with asyncio.timeout(WRITE_TIMEOUT):
                    await self._write_once(outcomes)
                self._outage.ok()
                self._failing.ok()
                self.usable.set()
                return None
            except Exception as error:
                # The held connection may be the broken part: the next try gets a new one.
                await self._drop_connection()
                if unreachable(error) and self._patient and not self._closing:
                    # Wait the outage out: no sender starts a send meanwhile, so sends
                    # that happened but are not recorded never exceed what was in
                    # flight (the duplicate bound).
                    self.usable.clear()
                    self._outage.failed(error)
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, MAX_OUTAGE_DELAY)
                    continue
                if attempt >= COMMIT_ATTEMPTS:
                    return error
                self.usable.clear()
                self._failing.failed(error)
                await asyncio.sleep(delay)
                delay *= 2

    async def _write_once(self, outcomes: list[Outcome]) -> None:
        if all(outcome.status == "sent" for outcome in outcomes):
            # The common case, thousands of times a fan-out: one Core UPDATE,
            # committed as it runs, without an ORM session around it.
            await mark_sent(await self._autocommit(), outcomes, self._now())
        else:
            async with self._db.session() as session:
                await record_outcomes(session, outcomes, self._now())

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
                # A blackholed connection would never answer a polite close.
                async with asyncio.timeout(2.0):
                    await connection.close()
            except Exception:
                # Closing a broken connection can fail too; the pool discards it.
                log.debug("closing the flusher's connection failed", exc_info=True)
                with contextlib.suppress(Exception):
                    async with asyncio.timeout(2.0):
                        await connection.invalidate()
