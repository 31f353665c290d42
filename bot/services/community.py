"""Communities: a Slack workspace or Discord guild practising together.

A community is (platform, team_id) and is created the first time someone uses a
community feature there. It owns the community-wide scheduled rows (the channel
question, the weekly pairing round), which target the community instead of a member:
`scheduled_items.community_id` is set and `member_id` is not.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ChannelPost, Community, ScheduledItem
from bot.schedule.timemath import local_date, local_to_utc

ADMIN_ONLY = (
    "Only community admins can do that: workspace admins and owners on Slack, members "
    "with *Manage Server* on Discord."
)
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def iso_week(on: date) -> str:
    """The ISO week of a local date, as `2026-W11` (a pairing round's id)."""
    year, week, _ = on.isocalendar()
    return f"{year}-W{week:02d}"


def next_weekly_run(weekday: int, at: time, tz: str, after: datetime) -> tuple[datetime, date]:
    """The first `weekday` at local `at` strictly after `after`, and its local date.

    DST follows `local_to_utc`: a time in a spring-forward gap moves past the gap, an
    ambiguous one is its first occurrence.
    """
    start = local_date(after, tz) - timedelta(days=1)
    for offset in range(10):
        target = start + timedelta(days=offset)
        if target.weekday() != weekday:
            continue
        instant = local_to_utc(target, at, tz)
        if instant > after:
            return instant, target
    raise AssertionError("unreachable: a weekday recurs within ten days")


async def find_community(session: AsyncSession, platform: str, team_id: str) -> Community | None:
    """The community of this workspace or guild, if it has used community features."""
    return await session.scalar(
        select(Community).where(Community.platform == platform, Community.team_id == team_id)
    )


async def get_or_create_community(
    session: AsyncSession, platform: str, team_id: str, now: datetime
) -> Community:
    """The community for (platform, team_id), created on first use (race-safe)."""
    found = await find_community(session, platform, team_id)
    if found is not None:
        return found
    community = Community(platform=platform, team_id=team_id, created_at=now)
    try:
        async with session.begin_nested():
            session.add(community)
    except IntegrityError:
        found = await find_community(session, platform, team_id)
        assert found is not None
        return found
    return community


async def community_zone(session: AsyncSession, community: Community) -> str:
    """The zone of the pairing round: as set, else the first daily channel's, else UTC."""
    if community.pairing_tz:
        return community.pairing_tz
    zone = await session.scalar(
        select(ChannelPost.tz)
        .where(ChannelPost.community_id == community.id, ChannelPost.enabled.is_(True))
        .order_by(ChannelPost.id)
        .limit(1)
    )
    return zone or "UTC"


async def upsert_community_item(
    session: AsyncSession,
    *,
    kind: str,
    community_id: int,
    source_id: str,
    run_at: datetime,
    now: datetime,
) -> None:
    """Schedule (or move) the community's row for (kind, source) to `run_at`, active."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(ScheduledItem).values(
        kind=kind,
        member_id=None,
        community_id=community_id,
        source_id=source_id,
        next_run_at=run_at,
        active=True,
        created_at=now,
    )
    statement = statement.on_conflict_do_update(
        index_elements=["kind", "community_id", "source_id"],
        set_={"next_run_at": run_at, "active": True},
    )
    await session.execute(statement)


async def remove_community_item(
    session: AsyncSession, *, kind: str, community_id: int, source_id: str
) -> None:
    """Unschedule the community's row for (kind, source), if any."""
    await session.execute(
        delete(ScheduledItem).where(
            ScheduledItem.kind == kind,
            ScheduledItem.community_id == community_id,
            ScheduledItem.source_id == source_id,
        )
    )


async def community_item(
    session: AsyncSession, *, kind: str, community_id: int, source_id: str
) -> ScheduledItem | None:
    """The community's scheduled row for (kind, source), if any."""
    return await session.scalar(
        select(ScheduledItem).where(
            ScheduledItem.kind == kind,
            ScheduledItem.community_id == community_id,
            ScheduledItem.source_id == source_id,
        )
    )


async def resume_community(session: AsyncSession, community: Community) -> str | None:
    """Clear a pause (an admin acted, so the cause is likely fixed); returns its reason."""
    if community.paused_at is None:
        return None
    reason = community.paused_reason or "a channel message could not be delivered"
    community.paused_at = None
    community.paused_reason = None
    await session.execute(
        update(ScheduledItem).where(ScheduledItem.community_id == community.id).values(active=True)
    )
    return reason
