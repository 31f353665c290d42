"""Quiet applications: ONE nudge with a follow-up draft after 10 days without news.

The guide's advice is one polite follow-up once the timeline has passed; an application
with no timeline and no news for 10 days is that moment. The row for an application
(`stale_application`, source: its short id) is moved whenever news arrives (applied,
an interview, an outcome), removed once it is closed or the member says `nudges off`,
and its delivery key names the quiet spell, so each spell is nudged at most once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Application, Interview, Member
from bot.schedule.kind_names import STALE_APPLICATION
from bot.schedule.planner import item_for, remove_item, upsert_item
from bot.schedule.timemath import local_to_utc
from bot.when.quiet import out_of_quiet, window_of

QUIET_FOR = timedelta(days=10)
SENT_AT = time(9, 0)  # when a back-dated application counts as sent, local
CLOSED = ("accepted", "rejected", "withdrawn")
# How far a nudge may move to leave the member's quiet hours (a day: never lost).
_SLACK = timedelta(hours=24)


def since_of(application: Application, rounds: Iterable[Interview], tz: str) -> datetime:
    """The last news: the last event, or the end of a round held after it.

    An application recorded late (`apply Globex on 2026-10-28`) went quiet when it was
    sent, not when it was typed in: its day at 09:00 local counts.
    """
    latest = application.last_event_at
    if application.last_event == "applied" and application.applied_on is not None:
        latest = min(latest, local_to_utc(application.applied_on, SENT_AT, tz))
    for interview in rounds:
        latest = max(latest, interview.finishes_at)
    return latest


async def quiet_since(session: AsyncSession, application: Application, tz: str) -> datetime:
    """`since_of` with the application's rounds read from the database."""
    rounds = await session.scalars(
        select(Interview).where(
            Interview.member_id == application.member_id,
            Interview.application_id == application.id,
        )
    )
    return since_of(application, rounds, tz)


def nudge_time(since: datetime, member: Member) -> datetime:
    """10 days after the last news, moved out of the member's quiet hours."""
    at = since + QUIET_FOR
    return out_of_quiet(
        at, member.tz, window_of(member.quiet_hours), not_before=at, not_after=at + _SLACK
    )


async def plan_nudge(
    session: AsyncSession,
    member: Member,
    application: Application,
    now: datetime,
    *,
    overdue: bool = True,
) -> datetime | None:
    """(Re)plan the application's nudge after news; None when it gets none.

    `overdue` False leaves out an application already quiet for longer (turning
    nudges back on must not bring a burst of old ones at once).
    """
    source = application.short_id
    if application.stage in CLOSED or not member.stale_nudges:
        await remove_item(session, kind=STALE_APPLICATION, member_id=member.id, source_id=source)
        return None
    at = nudge_time(await quiet_since(session, application, member.tz), member)
    if at <= now and not overdue:
        return None
    await upsert_item(
        session,
        kind=STALE_APPLICATION,
        member_id=member.id,
        source_id=source,
        run_at=max(at, now),
        now=now,
    )
    return at


async def nudge_planned(session: AsyncSession, member_id: int, application: Application) -> bool:
    """Whether the application's nudge is still waiting."""
    found = await item_for(
        session, kind=STALE_APPLICATION, member_id=member_id, source_id=application.short_id
    )
    return found is not None


async def replan_all(session: AsyncSession, member: Member, now: datetime) -> int:
    """After `nudges on|off`: every open application planned again (or unplanned)."""
    rows = await session.scalars(
        select(Application).where(
            Application.member_id == member.id, Application.stage.not_in(CLOSED)
        )
    )
    planned = 0
    for application in list(rows):
        if await plan_nudge(session, member, application, now, overdue=False) is not None:
            planned += 1
    return planned
