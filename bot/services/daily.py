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
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content import ContentLibrary
from bot.db.models import AskedQuestion, DailySubscription
from bot.replies import Button, Buttons, Header, Note, Paragraph, Reply
from bot.schedule.kinds import DeliveryKind, DueItem, Plan, register_kind
from bot.schedule.planner import DAILY
from bot.schedule.timemath import local_date, local_to_utc, next_daily_run, parse_hhmm
from bot.services.practice import pick_question

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
        .where(AskedQuestion.member_id.in_(member_ids))
        .group_by(AskedQuestion.member_id, AskedQuestion.question_id)
    )
    rows = sorted((await session.execute(statement)).all(), key=lambda row: row[3])
    histories: dict[int, list[str]] = {}
    for member_id, question_id, count, _ in rows:
        histories.setdefault(member_id, []).extend([question_id] * count)
    return histories


@dataclass(frozen=True)
class _Times:
    """The instants one daily run needs: its local date, deadline and following run."""

    target: date
    key: str
    following: datetime
    last_chance: datetime

    @classmethod
    def of(cls, local_time: str, tz: str, due_at: datetime, now: datetime) -> _Times:
        target = local_date(due_at, tz)
        return cls(
            target=target,
            key=target.isoformat(),
            following=following_run(parse_hhmm(local_time), tz, due_at, now),
            last_chance=deadline(due_at, target, tz),
        )


class DailyQuestionKind(DeliveryKind):
    """`daily_question`: the daily practice question by DM."""

    name = DAILY

    async def plan(
        self,
        session: AsyncSession,
        items: Sequence[DueItem],
        now: datetime,
        content: ContentLibrary,
    ) -> list[Plan]:
        """Plan a batch: subscriptions and histories in two queries for all of it."""
        member_ids = [item.member_id for item in items]
        result = await session.execute(
            select(
                DailySubscription.member_id,
                DailySubscription.enabled,
                DailySubscription.local_time,
                DailySubscription.category,
                DailySubscription.skip_date,
            ).where(DailySubscription.member_id.in_(member_ids))
        )
        subscriptions = {row.member_id: row for row in result}
        histories = await question_histories(session, member_ids)
        # A fan-out is mostly members sharing a time, zone and due instant: the time
        # arithmetic is done once per such group, not once per member.
        times: dict[tuple[str, str, datetime], _Times] = {}
        plans = []
        for item in items:
            sub = subscriptions.get(item.member_id)
            if sub is None or not sub.enabled:
                plans.append(Plan(key="", status="drop"))
                continue
            history = histories.get(item.member_id, [])
            group = (sub.local_time, item.tz, item.due_at)
            when = times.get(group)
            if when is None:
                when = times[group] = _Times.of(sub.local_time, item.tz, item.due_at, now)
            plans.append(self._plan_one(item, sub, history, when, now, content))
        return plans

    def _plan_one(
        self,
        item: DueItem,
        sub: Any,
        history: list[str],
        when: _Times,
        now: datetime,
        content: ContentLibrary,
    ) -> Plan:
        target = when.target
        common: dict[str, Any] = {
            "key": when.key,
            "local_date": target,
            "next_run_at": when.following,
        }
        if sub.skip_date == target:
            return Plan(status="skipped", **common)
        last_chance = when.last_chance
        if now > last_chance:
            return Plan(status="missed", **common)
        category = sub.category if sub.category in content.categories else None
        question = pick_question(content, history, category, seed=item.member_id)
        label = content.categories[question.category].label
        payload = {
            "question_id": question.id,
            "text": question.text,
            "category": question.category,
            "category_label": label,
            "ask": content.categories[question.category].is_ask,
            "local_date": when.key,
            "late_from": sub.local_time if now > item.due_at + ON_TIME else None,
        }
        return Plan(payload=payload, expires_at=last_chance, **common)

    async def planned(
        self, session: AsyncSession, planned: Sequence[tuple[DueItem, Plan]], now: datetime
    ) -> None:
        """Record each question given, so tomorrow's (and `answer`) know about it."""
        rows = [
            {
                "member_id": item.member_id,
                "question_id": plan.payload["question_id"],
                "asked_at": now,
                "via": "daily",
            }
            for item, plan in planned
            if plan.status == "pending"
        ]
        if rows:
            # Core insert: a whole batch's rows in one executemany, no ORM bookkeeping.
            await session.execute(insert(cast(Table, AskedQuestion.__table__)), rows)

    def render(self, payload: dict[str, Any], content: ContentLibrary) -> Reply:
        """The question, how to answer it, and a few taps; never the model answer."""
        # Each category's own advice (feedback.yaml): a motivation question is no story.
        coaching = content.coaching(str(payload.get("category", "")))
        if payload.get("ask"):
            how = "This one is for *you* to ask your interviewer: think about why it works."
            if coaching is not None:
                how += f" {coaching.hint}"
        else:
            hint = coaching.hint if coaching is not None else "Answer out loud."
            how = f"{hint} Then type `/prep answer <your answer>` for feedback."
        blocks: list[Any] = [
            Header("Your daily practice question"),
            Paragraph(f"*{payload['text']}*"),
            Note(f"Category: {payload['category_label']}"),
            Paragraph(how),
        ]
        if payload.get("late_from"):
            blocks.append(
                Note(f"Sorry this is late: it was due at {payload['late_from']}; I was offline.")
            )
        blocks.append(
            Buttons(
                (
                    Button("Another question", "question", style="primary"),
                    Button("Pause daily", "daily off"),
                    Button("Skip tomorrow", "daily skip"),
                    Button("Tips", "second-round stories"),
                )
            )
        )
        return Reply(tuple(blocks), summary=f"Daily question: {payload['text']}")


register_kind(DailyQuestionKind())
