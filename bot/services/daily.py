"""The daily practice question: a delivery kind, planned in batches.

Rules (design.md, scheduling contract): one question per member per local date, at
their HH:MM; a late one (the bot was down) is still sent on the same local date before
21:00, else recorded as missed; a skipped date is recorded as skipped. The question is
the member's next unasked one (`bot.services.practice.pick_question`: no repeats until
the pool is used up, categories rotate, or one category if they chose one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import AskedQuestion
from bot.schedule import bulk
from bot.schedule.timemath import local_date, local_to_utc, next_daily_run, parse_hhmm

# Deliveries this close to their time count as on time (the clock ticks every few
# seconds; a busy fan-out takes a little longer), even past the evening cut-off.
ON_TIME = timedelta(minutes=15)
# A late daily question is not worth sending this late in the member's evening.
CUTOFF = time(21, 0)


def deadline(due_at: datetime, target: date, tz: str) -> datetime:
    """The last instant the question for local date `target` may still be sent."""
    return max(due_at + ON_TIME, local_to_utc(target, CUTOFF, tz))


def latest_run(at: time, tz: str, now: datetime) -> datetime:
    """The most recent daily run at or before `now`."""
    today = local_date(now, tz)
    for back in range(-1, 3):
        instant = local_to_utc(today - timedelta(days=back), at, tz)
        if instant <= now:
            return instant
    raise AssertionError("unreachable: a daily time recurs within three days")


def following_run(at: time, tz: str, due_at: datetime, now: datetime) -> datetime:
    """When the row is due after the run at `due_at`.

    Normally the next day's run. After downtime longer than a day, the latest run that
    has already passed, so it is judged by the catch-up rule right away; the days in
    between are neither sent nor recorded.
    """
    following, _ = next_daily_run(at, tz, due_at)
    if following > now:
        return following
    return max(following, latest_run(at, tz, now))


async def question_histories(
    session: AsyncSession, member_ids: Sequence[int]
) -> dict[int, list[str]]:
    """Each member's asked question ids, oldest first, compressed to what picking needs.

    One grouped query for a whole batch: `pick_question` only looks at how often each
    question was asked, which one was last, and the count, and this keeps all three while
    returning at most one row per member and question.
    """
    statement = (
        select(
            AskedQuestion.member_id,
            AskedQuestion.question_id,
            func.count(),
            func.max(AskedQuestion.id),
        )
        .where(bulk.id_among(AskedQuestion.member_id, member_ids, arrays=bulk.has_arrays(session)))
        .group_by(AskedQuestion.member_id, AskedQuestion.question_id)
    )
    rows = sorted((await session.execute(statement)).all(), key=lambda row: row[3])
    histories: dict[int, list[str]] = {}
    for member_id, question_id, count, _ in rows:
        histories.setdefault(member_id, []).extend([question_id] * count)
    return histories


@dataclass(frozen=True)
class Times:
    """The instants one daily run needs: its local date, deadline and following run."""

    target: date
    key: str
    following: datetime
    last_chance: datetime

    @classmethod
    def of(cls, local_time: str, tz: str, due_at: datetime, now: datetime) -> Times:
        """The times of a run due at `due_at` for a daily time of `local_time` in `tz`."""
        target = local_date(due_at, tz)
        return cls(
            target=target,
            key=target.isoformat(),
            following=following_run(parse_hhmm(local_time), tz, due_at, now),
            last_chance=deadline(due_at, target, tz),
        )
