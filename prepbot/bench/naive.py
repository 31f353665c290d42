"""The obvious alternative `bench fanout` measures: one APScheduler job per member.

What a first version of a daily-question bot does: `scheduler.add_job(send_daily,
"cron", hour=..., minute=..., args=(member,))` for every subscriber, APScheduler 3.11's
`AsyncIOScheduler` with its default settings (misfire_grace_time 1 s, coalesce, one
instance per job), the default `MemoryJobStore` or a `SQLAlchemyJobStore`. Each job does
what a naive job would: one transaction to pick and record the member's question, then
the send. Nothing here is tuned; the point is to see what the defaults do when
100,000 jobs are due in the same second.

The only liberty taken: the `SQLAlchemyJobStore` is filled in batches of rows exactly
as its own `add_job` writes them, instead of one transaction per job, so setting up
100,000 members does not take many minutes before the measurement even starts. The
store's behaviour while jobs run is APScheduler's own.
"""

from __future__ import annotations

import asyncio
import contextlib
import pickle
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MISSED,
    JobExecutionEvent,
)
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.util import datetime_to_utc_timestamp
from sqlalchemy import select

from bot.content import ContentLibrary, default_library
from bot.db.engine import Database
from bot.db.models import Member
from bot.kinds.daily_question import DailyQuestionKind
from bot.schedule.transport import Recipient
from bot.services.practice import give_question
from prepbot.bench.machine import Usage, current_rss_mib, peak_rss_mib
from prepbot.bench.recorder import RecordingTransport

LOAD_CHUNK = 5000


@dataclass
class _Context:
    db: Database
    content: ContentLibrary
    transport: RecordingTransport
    kind: DailyQuestionKind


# Jobs are stored by reference ("prepbot.bench.naive:daily_job") and may be unpickled from a
# database, so what they need is found here rather than passed to them.
_CONTEXT: _Context | None = None


async def daily_job(member_id: int, user_id: str) -> None:
    """A naive job: pick and record today's question in one transaction, then send it."""
    context = _CONTEXT
    assert context is not None, "daily_job runs only inside run_naive"
    now = datetime.now(UTC)
    async with context.db.session() as session:
        question = await give_question(session, context.content, member_id, None, now, "daily")
    category = context.content.categories[question.category]
    payload = {
        "question_id": question.id,
        "text": question.text,
        "category": question.category,
        "category_label": category.label,
        "ask": category.is_ask,
        "local_date": now.date().isoformat(),
        "late_from": None,
    }
    reply = context.kind.render(payload, context.content)
    recipient = Recipient(member_id=member_id, platform="console", team_id="", user_id=user_id)
    key = f"daily_question:{member_id}:{now.date().isoformat()}"
    await context.transport.send(recipient, reply, idempotency_key=key)


class BulkLoadingJobStore(SQLAlchemyJobStore):  # type: ignore[misc]
    """APScheduler's SQLAlchemy store, whose `add_job` can batch rows while loading."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._buffer: list[dict[str, Any]] | None = None

    def begin_loading(self) -> None:
        """Buffer added jobs until `finish_loading` (same rows, fewer transactions)."""
        self._buffer = []

    def add_job(self, job: Any) -> None:
        """Add one job: buffered while loading, else APScheduler's own insert."""
        if self._buffer is None:
            super().add_job(job)
            return
        self._buffer.append(
            {
                "id": job.id,
                "next_run_time": datetime_to_utc_timestamp(job.next_run_time),
                "job_state": pickle.dumps(job.__getstate__(), self.pickle_protocol),
            }
        )
        if len(self._buffer) >= LOAD_CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            with self.engine.begin() as connection:
                connection.execute(self.jobs_t.insert(), self._buffer)
            self._buffer = []

    def finish_loading(self) -> None:
        """Write what is buffered and go back to one insert per job."""
        self._flush()
        self._buffer = None


async def _members(db: Database) -> list[tuple[int, str]]:
    async with db.session() as session:
        found = await session.execute(select(Member.id, Member.external_id).order_by(Member.id))
        return [(member_id, user_id) for member_id, user_id in found]


async def run_naive(
    db: Database,
    record: Path,
    *,
    store: str,
    job_db: str | None,
    due_at: datetime,
    give_up_after: float,
    ready: Callable[[dict[str, Any]], None],
    grace: float | str | None = "default",
) -> dict[str, Any]:
    """Schedule a job per member due at `due_at`; wait until every job ran or misfired.

    `grace` overrides APScheduler's `misfire_grace_time` (None: never too late); by
    default its own default (1 s) applies, which is what the benchmark is about.

    `db` stays open afterwards (the caller disposes of it) so that the database server's
    backends can still be measured when the result is in.
    """
    global _CONTEXT
    content = default_library()
    transport = RecordingTransport(record)
    _CONTEXT = _Context(db, content, transport, DailyQuestionKind())
    setup = Usage.now()
    members = await _members(db)
    expected = len(members)
    outcomes: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    finished = asyncio.Event()
    last_outcome = [0.0]

    def on_event(event: JobExecutionEvent) -> None:
        name = {EVENT_JOB_EXECUTED: "executed", EVENT_JOB_MISSED: "misfired"}.get(
            event.code, "errors"
        )
        outcomes[name] += 1
        if event.exception is not None:
            errors[type(event.exception).__name__] += 1
        last_outcome[0] = Usage.now().wall
        if sum(outcomes.values()) >= expected:
            finished.set()

    options: dict[str, Any] = {"timezone": UTC}
    if grace != "default":
        options["job_defaults"] = {"misfire_grace_time": grace}
    jobstore: BulkLoadingJobStore | None = None
    if store == "sqlalchemy":
        if job_db is None:
            raise ValueError("the sqlalchemy store needs --job-db")
        jobstore = BulkLoadingJobStore(url=job_db)
        jobstore.jobs_t.drop(jobstore.engine, checkfirst=True)
        scheduler = AsyncIOScheduler(jobstores={"default": jobstore}, **options)
    else:
        scheduler = AsyncIOScheduler(**options)  # the default MemoryJobStore
    scheduler.add_listener(on_event, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED)
    scheduler.start(paused=True)
    if jobstore is not None:
        jobstore.begin_loading()
    for member_id, user_id in members:
        scheduler.add_job(
            daily_job,
            "cron",
            hour=due_at.hour,
            minute=due_at.minute,
            second=due_at.second,
            timezone=UTC,
            args=(member_id, user_id),
            id=f"daily-{member_id}",
        )
    if jobstore is not None:
        jobstore.finish_loading()
    count = expected
    del members  # the jobs hold what they need; keep the peak honest
    scheduler.resume()
    armed = Usage.now()
    until_due = (due_at - datetime.now(UTC)).total_seconds()
    ready(
        {
            "ready": True,
            "jobs": count,
            "setup_seconds": round(armed.wall - setup.wall, 3),
            "setup_overran": until_due < 0,
            "rss_mib": current_rss_mib(),
        }
    )
    due_mono = armed.wall + until_due
    if until_due < 0:
        # Jobs added after the due instant are due tomorrow: this run cannot measure the
        # rush; report at once so the caller can try again with a wider margin.
        give_up_after = 0.0
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(finished.wait(), max(0.0, until_due) + give_up_after)
    end = Usage.now()
    scheduler.shutdown(wait=False)
    transport.close()
    return {
        "design": "naive",
        "store": store,
        "misfire_grace_time": "APScheduler default (1 s)" if grace == "default" else grace,
        "jobs": count,
        "setup_seconds": round(armed.wall - setup.wall, 3),
        "setup_cpu_seconds": round(armed.cpu - setup.cpu, 3),
        "setup_overran": until_due < 0,
        "wall_seconds": round((last_outcome[0] or end.wall) - due_mono, 3),
        "cpu_seconds": round(end.cpu - armed.cpu, 3),
        "peak_rss_mib": peak_rss_mib(),
        "sent": transport.sent,
        "executed": outcomes["executed"],
        "misfired": outcomes["misfired"],
        "errors": outcomes["errors"],
        "error_types": dict(errors),
        "unfinished": count - sum(outcomes.values()),
    }
