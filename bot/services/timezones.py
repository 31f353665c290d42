"""Moving a member's local-time deliveries when their time zone changes.

Every kind whose time is local (the daily question here; the interview eve and
follow-ups in the journey services) registers a replanner; `tz` calls them all in the
command's transaction, so the move is all or nothing. Kinds due at an instant
(reminders, thank-you nudges) stay where they are: an instant is the same in any zone.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member
from bot.services.daily_subscription import get_subscription, schedule_daily

TzReplanner = Callable[[AsyncSession, Member, datetime], Awaitable[None]]

_REPLANNERS: list[TzReplanner] = []


def register_tz_replanner(func: TzReplanner) -> TzReplanner:
    """Have `func(session, member, now)` run after every time-zone change (decorator)."""
    if func not in _REPLANNERS:
        _REPLANNERS.append(func)
    return func


@register_tz_replanner
async def replan_daily(session: AsyncSession, member: Member, now: datetime) -> None:
    """Move the next daily question to the same HH:MM in the new zone."""
    subscription = await get_subscription(session, member)
    if subscription is not None and subscription.enabled:
        await schedule_daily(session, member, subscription, now)


async def replan_after_tz_change(session: AsyncSession, member: Member, now: datetime) -> None:
    """Replan every future local-time delivery of `member` in `member.tz`."""
    for replanner in list(_REPLANNERS):
        await replanner(session, member, now)
