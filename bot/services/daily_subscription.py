"""A member's daily-question setting: turn on, off, skip, and when the next one comes."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import DailySubscription, Delivery, Member
from bot.schedule.kind_names import DAILY_QUESTION
from bot.schedule.planner import item_for, plan_daily, remove_item, upsert_item
from bot.schedule.timemath import format_hhmm, local_date, next_daily_run, parse_hhmm


async def get_subscription(session: AsyncSession, member: Member) -> DailySubscription | None:
    """The member's subscription row, if they ever turned daily practice on."""
    return await session.get(DailySubscription, member.id)


async def _already_had(session: AsyncSession, member: Member, run_at: datetime) -> bool:
    """Whether the local date of `run_at` already has a daily delivery (any status)."""
    target = local_date(run_at, member.tz)
    found = await session.execute(
        select(Delivery.id).where(Delivery.dedupe_key == f"{DAILY_QUESTION}:{member.id}:{target}")
    )
    return found.first() is not None


async def schedule_daily(
    session: AsyncSession, member: Member, subscription: DailySubscription, now: datetime
) -> datetime:
    """(Re)plan the daily row and return when the next question really goes out.

    `plan_daily` may pick a local date that already had its question (the member moved
    the time later, or east); the unique key would stop a second one, so plan the day
    after instead and tell the member the truth.
    """
    run_at = await plan_daily(session, member, subscription, now)
    for _ in range(2):
        if not await _already_had(session, member, run_at):
            break
        run_at, _ = next_daily_run(parse_hhmm(subscription.local_time), member.tz, run_at)
        await upsert_item(
            session, kind=DAILY_QUESTION, member_id=member.id, source_id="", run_at=run_at, now=now
        )
    return run_at


async def turn_on(
    session: AsyncSession, member: Member, at: time, category: str | None, now: datetime
) -> tuple[DailySubscription, datetime]:
    """Store the setting (any earlier skip is forgotten) and plan the next question."""
    subscription = await get_subscription(session, member)
    if subscription is None:
        subscription = DailySubscription(member_id=member.id)
        session.add(subscription)
    subscription.enabled = True
    subscription.local_time = format_hhmm(at)
    subscription.category = category
    subscription.skip_date = None
    subscription.updated_at = now
    await session.flush()
    return subscription, await schedule_daily(session, member, subscription, now)


async def turn_off(session: AsyncSession, member: Member, now: datetime) -> bool:
    """Stop daily questions; False if they were not on."""
    subscription = await get_subscription(session, member)
    await remove_item(session, kind=DAILY_QUESTION, member_id=member.id, source_id="")
    if subscription is None or not subscription.enabled:
        return False
    subscription.enabled = False
    subscription.updated_at = now
    return True


async def next_send(session: AsyncSession, member: Member) -> tuple[datetime, bool] | None:
    """When the next daily question is due, and whether the schedule is active."""
    item = await item_for(session, kind=DAILY_QUESTION, member_id=member.id)
    return None if item is None else (item.next_run_at, item.active)


async def skip_next(
    session: AsyncSession, member: Member, subscription: DailySubscription, now: datetime
) -> tuple[datetime, datetime]:
    """Skip the next question; returns (the skipped run, the one after it)."""
    planned = await next_send(session, member)
    skipped = planned[0] if planned else await schedule_daily(session, member, subscription, now)
    subscription.skip_date = local_date(skipped, member.tz)
    subscription.updated_at = now
    await session.flush()
    following, _ = next_daily_run(parse_hhmm(subscription.local_time), member.tz, max(now, skipped))
    await upsert_item(
        session, kind=DAILY_QUESTION, member_id=member.id, source_id="", run_at=following, now=now
    )
    return skipped, following
