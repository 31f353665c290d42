"""`channel_question`: the question of the day in a channel, with a thread for answers.

A community-targeted recurring kind: one post per (channel, local date) at the admin's
HH:MM in the channel's zone, with the daily question's DST and catch-up rules (a late
post still goes out on its local date before 21:00, else it is recorded as missed).
Questions never repeat in a channel until its pool is used up. The post says how many
answered yesterday's: `answered` comes from the plan when already known, else it is
counted once in the previous post's thread just before the first send attempt
(`before_post`) and kept in the payload, so a resend says the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content import ContentLibrary
from bot.db.engine import Database
from bot.db.models import ChannelPost, ChannelPostRecord, Delivery
from bot.replies import Block, Button, Buttons, Header, Note, Paragraph, Reply
from bot.schedule.kind_names import CHANNEL_QUESTION
from bot.schedule.kinds import CommunitySend, DeliveryKind, DueItem, Plan
from bot.schedule.targets import ChannelTarget
from bot.schedule.timemath import local_date, parse_hhmm
from bot.schedule.transport import CommunityTransport, PermanentSendError, PostRef
from bot.services.daily import ON_TIME, deadline, following_run
from bot.services.practice import pick_question


async def _histories(session: AsyncSession, post_ids: Sequence[int]) -> dict[int, list[str]]:
    """Each channel's posted question ids, oldest first."""
    result = await session.execute(
        select(ChannelPostRecord.channel_post_id, ChannelPostRecord.question_id)
        .where(ChannelPostRecord.channel_post_id.in_(post_ids))
        .order_by(ChannelPostRecord.local_date)
    )
    histories: dict[int, list[str]] = {}
    for post_id, question_id in result:
        histories.setdefault(post_id, []).append(question_id)
    return histories


async def _latest_records(
    session: AsyncSession, post_ids: Sequence[int]
) -> dict[int, ChannelPostRecord]:
    """Each channel's most recent post (the one the next post reports on)."""
    latest = (
        select(ChannelPostRecord.channel_post_id, func.max(ChannelPostRecord.local_date).label("d"))
        .where(ChannelPostRecord.channel_post_id.in_(post_ids))
        .group_by(ChannelPostRecord.channel_post_id)
        .subquery()
    )
    result = await session.scalars(
        select(ChannelPostRecord).join(
            latest,
            (latest.c.channel_post_id == ChannelPostRecord.channel_post_id)
            & (latest.c.d == ChannelPostRecord.local_date),
        )
    )
    return {record.channel_post_id: record for record in result}


def _previous(record: ChannelPostRecord | None, post: ChannelPost) -> dict[str, Any]:
    """What the payload says about the previous post: its date, count, and thread."""
    if record is None:
        return {"previous_date": None, "answered": None, "previous": None}
    ref = None
    if record.answer_count is None and record.message_ref is not None:
        ref = {
            "record_id": record.id,
            "channel_id": post.channel_id,
            "message_id": record.message_ref,
            "thread_id": record.thread_ref,
        }
    return {
        "previous_date": record.local_date.isoformat(),
        "answered": record.answer_count,
        "previous": ref,
    }


class ChannelQuestionKind(DeliveryKind):
    """`channel_question`: a practice question posted in a channel every day."""

    name = CHANNEL_QUESTION

    async def plan(
        self,
        session: AsyncSession,
        items: Sequence[DueItem],
        now: datetime,
        content: ContentLibrary,
    ) -> list[Plan]:
        """Plan a batch: settings, histories and previous posts in three queries."""
        post_ids = [int(item.source_id) for item in items if item.source_id.isdigit()]
        posts = {
            p.id: p
            for p in await session.scalars(select(ChannelPost).where(ChannelPost.id.in_(post_ids)))
        }
        histories = await _histories(session, post_ids)
        latest = await _latest_records(session, post_ids)
        plans = []
        for item in items:
            post = posts.get(int(item.source_id)) if item.source_id.isdigit() else None
            if post is None or not post.enabled:
                plans.append(Plan(key=item.source_id, status="drop"))
                continue
            history = histories.get(post.id, [])
            plans.append(self._plan_one(item, post, history, latest.get(post.id), now, content))
        return plans

    def _plan_one(
        self,
        item: DueItem,
        post: ChannelPost,
        history: list[str],
        previous: ChannelPostRecord | None,
        now: datetime,
        content: ContentLibrary,
    ) -> Plan:
        target = local_date(item.due_at, post.tz)
        common: dict[str, Any] = {
            "key": f"{post.channel_id}:{target.isoformat()}",
            "local_date": target,
            "next_run_at": following_run(parse_hhmm(post.local_time), post.tz, item.due_at, now),
        }
        last_chance = deadline(item.due_at, target, post.tz)
        if now > last_chance:
            return Plan(status="missed", **common)
        category = post.category if post.category in content.categories else None
        question = pick_question(content, history, category, seed=post.id)
        if previous is not None and previous.local_date >= target:
            previous = None  # replanned on a day that already had its post
        payload: dict[str, Any] = {
            "channel_post_id": post.id,
            "channel_id": post.channel_id,
            "local_date": target.isoformat(),
            "question_id": question.id,
            "text": question.text,
            "category_label": content.categories[question.category].label,
            "late_from": post.local_time if now > item.due_at + ON_TIME else None,
            **_previous(previous, post),
        }
        where = ChannelTarget(post.channel_id, open_thread=True, tz=post.tz)
        return Plan(payload=payload, expires_at=last_chance, target=where, **common)

    async def planned(
        self, session: AsyncSession, planned: Sequence[tuple[DueItem, Plan]], now: datetime
    ) -> None:
        """Record each day's question, so the channel never repeats one too soon."""
        rows = [
            {
                "channel_post_id": plan.payload["channel_post_id"],
                "local_date": plan.local_date,
                "question_id": plan.payload["question_id"],
                "created_at": now,
            }
            for _, plan in planned
            if plan.status == "pending"
        ]
        if rows:
            await session.execute(insert(ChannelPostRecord), rows)

    async def before_post(
        self, db: Database, transport: CommunityTransport, sending: CommunitySend
    ) -> dict[str, Any]:
        """Count who answered the previous post, once, and keep it in the payload."""
        payload = sending.payload
        previous = payload.get("previous")
        if not previous or payload.get("answered") is not None:
            return dict(payload)
        ref = PostRef(previous["channel_id"], previous["message_id"], previous.get("thread_id"))
        try:
            answered: int | None = await transport.count_thread_replies(sending.team_id, ref)
        except PermanentSendError:
            answered = None  # the thread is gone: say nothing about it
        updated = {**payload, "answered": answered, "previous": None}
        async with db.session() as session:
            await session.execute(
                update(Delivery).where(Delivery.id == sending.delivery_id).values(payload=updated)
            )
            if answered is not None:
                await session.execute(
                    update(ChannelPostRecord)
                    .where(ChannelPostRecord.id == previous["record_id"])
                    .values(answer_count=answered)
                )
        return updated

    async def landed(self, session: AsyncSession, payload: dict[str, Any], ref: PostRef) -> None:
        """Keep where the post landed: the thread its answers go to."""
        await session.execute(
            update(ChannelPostRecord)
            .where(
                ChannelPostRecord.channel_post_id == payload["channel_post_id"],
                ChannelPostRecord.local_date
                == datetime.fromisoformat(payload["local_date"]).date(),
            )
            .values(message_ref=ref.message_id, thread_ref=ref.thread_id)
        )

    def render(self, payload: dict[str, Any], content: ContentLibrary) -> Reply:
        """The question, how to answer in the thread, and yesterday's count."""
        blocks: list[Block] = [
            Header("Question of the day"),
            Paragraph(f"*{payload['text']}*"),
            Note(f"Category: {payload['category_label']}"),
            Paragraph(
                "Answer in the thread below: a short STAR answer (situation, task, action, "
                "result) is plenty. Reading other answers is practice too."
            ),
        ]
        answered = payload.get("answered")
        if answered == 0:
            blocks.append(Note("Nobody answered the last question in its thread: go first today."))
        elif answered is not None:
            people = "1 person" if answered == 1 else f"{answered} people"
            blocks.append(Note(f"The last question: {people} answered in its thread."))
        if payload.get("late_from"):
            blocks.append(
                Note(f"Sorry this is late: it was due at {payload['late_from']}; I was offline.")
            )
        blocks.append(
            Buttons(
                (
                    Button("Practise privately", "question"),
                    Button("Daily question by DM", "daily on"),
                    Button("Find a practice partner", "pair on"),
                )
            )
        )
        return Reply(
            tuple(blocks), summary=f"Question of the day: {payload['text']}", private=False
        )
