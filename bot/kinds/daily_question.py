"""The `daily_question` delivery kind."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content import ContentLibrary
from bot.db.models import AskedQuestion, DailySubscription
from bot.replies import Button, Buttons, Header, Note, Paragraph, Reply
from bot.schedule import bulk
from bot.schedule.kind_names import DAILY_QUESTION
from bot.schedule.kinds import DeliveryKind, DueItem, Plan
from bot.services.daily import ON_TIME, Times, question_histories
from bot.services.practice import pick_question


class DailyQuestionKind(DeliveryKind):
    """`daily_question`: the daily practice question by DM."""

    name = DAILY_QUESTION

    async def plan(
        self,
        session: AsyncSession,
        items: Sequence[DueItem],
        now: datetime,
        content: ContentLibrary,
    ) -> list[Plan]:
        """Plan a batch: subscriptions and histories in two queries for all of it."""
        member_ids = [item.member for item in items]
        result = await session.execute(
            select(
                DailySubscription.member_id,
                DailySubscription.enabled,
                DailySubscription.local_time,
                DailySubscription.category,
                DailySubscription.skip_date,
            ).where(
                bulk.id_among(
                    DailySubscription.member_id, member_ids, arrays=bulk.has_arrays(session)
                )
            )
        )
        subscriptions = {row.member_id: row for row in result}
        histories = await question_histories(session, member_ids)
        # A fan-out is mostly members sharing a time, zone and due instant: the time
        # arithmetic is done once per such group, not once per member.
        times: dict[tuple[str, str, datetime], Times] = {}
        plans = []
        for item in items:
            sub = subscriptions.get(item.member)
            if sub is None or not sub.enabled:
                plans.append(Plan(key="", status="drop"))
                continue
            history = histories.get(item.member, [])
            group = (sub.local_time, item.tz, item.due_at)
            when = times.get(group)
            if when is None:
                when = times[group] = Times.of(sub.local_time, item.tz, item.due_at, now)
            plans.append(self._plan_one(item, sub, history, when, now, content))
        return plans

    def _plan_one(
        self,
        item: DueItem,
        sub: Any,
        history: list[str],
        when: Times,
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
        question = pick_question(content, history, category, seed=item.member)
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
                "member_id": item.member,
                "question_id": plan.payload["question_id"],
                "asked_at": now,
                "via": "daily",
            }
            for item, plan in planned
            if plan.status == "pending"
        ]
        if not rows:
            return
        table = cast(Table, AskedQuestion.__table__)
        if session.get_bind().dialect.name == "postgresql":
            await bulk.insert_rows(session, table, rows)  # one array per column
        else:
            # Core insert: a whole batch's rows in one executemany, no ORM bookkeeping.
            await session.execute(insert(table), rows)

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
            # A plain reply in this DM is the answer (bot.handlers.direct_messages).
            how = f"{hint} Then reply here with your answer for feedback."
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
