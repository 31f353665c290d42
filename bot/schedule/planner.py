"""Create, move and remove scheduled rows: what services call to plan deliveries.

Every write is an upsert on the (kind, member, source) unique key, so planning the same
thing twice (a retried command, two processes) leaves one row.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import DailySubscription, Member, ScheduledItem
from bot.schedule.kind_names import DAILY_QUESTION
from bot.schedule.timemath import local_date, local_to_utc, next_daily_run, parse_hhmm


async def upsert_item(
    session: AsyncSession,
    *,
    kind: str,
    member_id: int,
    source_id: str,
    run_at: datetime,
    now: datetime,
) -> None:
    """Schedule (or move) the row for (kind, member, source) to `run_at`, active."""
    values = {
        "kind": kind,
        "member_id": member_id,
        "source_id": source_id,
        "next_run_at": run_at,
        "active": True,
        "created_at": now,
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(ScheduledItem).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["kind", "member_id", "source_id"],
        set_={"next_run_at": run_at, "active": True},
    )
    await session.execute(statement)


async def remove_item(session: AsyncSession, *, kind: str, member_id: int, source_id: str) -> None:
    """Unschedule the row for (kind, member, source), if any."""
    await session.execute(
        delete(ScheduledItem).where(
            ScheduledItem.kind == kind,
            ScheduledItem.member_id == member_id,
            ScheduledItem.source_id == source_id,
        )
    )


async def remove_items_for_source(session: AsyncSession, *, member_id: int, source_id: str) -> None:
    """Unschedule every kind planned for one source (an interview, a reminder)."""
    await session.execute(
        delete(ScheduledItem).where(
            ScheduledItem.member_id == member_id, ScheduledItem.source_id == source_id
        )
    )


async def item_for(
    session: AsyncSession, *, kind: str, member_id: int, source_id: str = ""
) -> ScheduledItem | None:
    """The scheduled row for (kind, member, source), if any."""
    result = await session.execute(
        select(ScheduledItem).where(
            ScheduledItem.kind == kind,
            ScheduledItem.member_id == member_id,
            ScheduledItem.source_id == source_id,
        )
    )
    return result.scalar_one_or_none()


async def plan_daily(
    session: AsyncSession, member: Member, subscription: DailySubscription, now: datetime
) -> datetime:
    """(Re)plan a member's daily question from their subscription; returns the next run.

    The once-per-local-date rule is enforced by the delivery key, so planning today's
    time again after today's question went out cannot send a second one.
    """
    at = parse_hhmm(subscription.local_time)
    after = now
    if subscription.skip_date is not None and subscription.skip_date >= local_date(now, member.tz):
        # Skip today: start looking from the end of the skipped local day.
        after = max(
            now, local_to_utc(subscription.skip_date + timedelta(days=1), time(0), member.tz)
        )
        after -= timedelta(microseconds=1)
    run_at, _ = next_daily_run(at, member.tz, after)
    await upsert_item(
        session, kind=DAILY_QUESTION, member_id=member.id, source_id="", run_at=run_at, now=now
    )
    return run_at


async def set_member_active(session: AsyncSession, member_id: int, active: bool) -> None:
    """Pause or resume every scheduled row of a member (permanent send failures)."""
    await session.execute(
        update(ScheduledItem).where(ScheduledItem.member_id == member_id).values(active=active)
    )
