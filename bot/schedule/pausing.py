"""Pausing after a permanent send failure: a member, a whole workspace, or a community.

The dispatcher's outcomes call these when a platform says a destination cannot be
reached (DMs closed, app uninstalled, bot removed from a channel). A paused member's or
community's scheduled rows go inactive until they use prepbot again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Community, Member, ScheduledItem


async def pause_members(
    session: AsyncSession, member_ids: list[int], reason: str, now: datetime
) -> None:
    """Pause these members' schedules after a permanent send failure, recording why."""
    if not member_ids:
        return
    await session.execute(
        update(Member)
        .where(Member.id.in_(member_ids), Member.paused_at.is_(None))
        .values(paused_at=now, paused_reason=reason[:200])
    )
    await session.execute(
        update(ScheduledItem).where(ScheduledItem.member_id.in_(member_ids)).values(active=False)
    )


async def pause_team(
    session: AsyncSession, platform: str, team_id: str, reason: str, now: datetime
) -> int:
    """Pause every member of a workspace or guild (the app was uninstalled); returns count."""
    result = await session.execute(
        select(Member.id).where(Member.platform == platform, Member.team_id == team_id)
    )
    ids = list(result.scalars())
    await pause_members(session, ids, reason, now)
    return len(ids)


async def pause_communities(
    session: AsyncSession, community_ids: list[int], reason: str, now: datetime
) -> None:
    """Stop a community's channel and group sends after a permanent failure.

    The bot was removed from the channel or the app uninstalled: the reason is kept,
    and an admin command (`channel daily`, `pair schedule`) resumes the community.
    """
    if not community_ids:
        return
    await session.execute(
        update(Community)
        .where(Community.id.in_(community_ids), Community.paused_at.is_(None))
        .values(paused_at=now, paused_reason=reason[:200])
    )
    await session.execute(
        update(ScheduledItem)
        .where(ScheduledItem.community_id.in_(community_ids))
        .values(active=False)
    )
