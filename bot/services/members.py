"""Members: find or create the member behind an actor, and keep what we know fresh."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.commands.context import Actor
from bot.commands.text import collapse, normalise
from bot.db.models import Member
from bot.schedule.planner import set_member_active
from bot.schedule.timemath import zone

DISPLAY_NAME_LIMIT = 120


def _display_name(actor: Actor) -> str:
    """The platform's name for the member as we keep it: one clean line, cut to fit.

    Platforms send JSON, which can carry lone surrogates and control characters; they
    would fail to store (UTF-8) or spoof text where the name is shown.
    """
    return collapse(normalise(actor.display_name))[:DISPLAY_NAME_LIMIT]


def _usable_zone(name: str | None) -> str | None:
    if not name:
        return None
    try:
        zone(name)
    except (KeyError, ValueError, OSError):  # OSError: a name too long for a file name
        return None
    return name


async def get_or_create_member(session: AsyncSession, actor: Actor, now: datetime) -> Member:
    """The member for this actor, created on first use (zone from the platform if known)."""
    member = await find_member(session, actor.platform, actor.team_id, actor.user_id)
    if member is None:
        tz = _usable_zone(actor.tz_hint)
        member = Member(
            platform=actor.platform,
            team_id=actor.team_id,
            external_id=actor.user_id,
            display_name=_display_name(actor),
            tz=tz or "UTC",
            tz_source="profile" if tz else "default",
            created_at=now,
        )
        try:
            async with session.begin_nested():
                session.add(member)
        except IntegrityError:
            # Two first commands raced; the other one created the member.
            found = await find_member(session, actor.platform, actor.team_id, actor.user_id)
            assert found is not None
            member = found
    else:
        name = _display_name(actor)
        if name and member.display_name != name:
            member.display_name = name
        if member.tz_source == "default":
            tz = _usable_zone(actor.tz_hint)
            if tz:
                member.tz, member.tz_source = tz, "profile"
    return member


async def find_member(
    session: AsyncSession, platform: str, team_id: str, user_id: str
) -> Member | None:
    """The member with this platform identity, if they have used prepbot."""
    result = await session.execute(
        select(Member).where(
            Member.platform == platform,
            Member.team_id == team_id,
            Member.external_id == user_id,
        )
    )
    return result.scalar_one_or_none()


async def resume_if_paused(session: AsyncSession, member: Member) -> str | None:
    """Clear a pause left by a failed send; returns the reason so the reply can explain.

    A member who uses prepbot again has usually fixed the cause (reopened DMs).
    """
    if member.paused_at is None:
        return None
    reason = member.paused_reason or "a message could not be delivered"
    member.paused_at = None
    member.paused_reason = None
    await set_member_active(session, member.id, True)
    return reason
