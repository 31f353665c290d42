"""Who the AI reviewer may read: the deployment, the community's admin, the member.

The deployment admin switches it on by pointing prepbot at a service (settings); a
community admin can switch it off for their community; a member is told before their
first answer goes out and can opt out at any time. Off wins at every level.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Community, ReviewChoice, TeamReviewSetting
from bot.services.community import find_community


@dataclass(frozen=True)
class Consent:
    """What to do with one answer: send it to the reviewer, or tell the member first."""

    send: bool = False
    tell: bool = False  # show the "an AI reviewer reads answers here" notice now


async def team_allows(session: AsyncSession, platform: str, team_id: str) -> bool:
    """Whether the community left the reviewer on (the default once it is configured)."""
    community = await find_community(session, platform, team_id)
    if community is None:
        return True
    setting = await session.get(TeamReviewSetting, community.id)
    return setting is None or setting.enabled


async def set_team(
    session: AsyncSession, community: Community, enabled: bool, now: datetime
) -> None:
    """A community admin's choice, for every member of the community."""
    setting = await session.get(TeamReviewSetting, community.id)
    if setting is None:
        setting = TeamReviewSetting(community_id=community.id)
        session.add(setting)
    setting.enabled = enabled
    setting.updated_at = now
    await session.flush()


async def member_choice(session: AsyncSession, member_id: int) -> ReviewChoice | None:
    """The member's recorded choice, if they made one or were told."""
    return await session.get(ReviewChoice, member_id)


async def set_member(
    session: AsyncSession, member_id: int, enabled: bool, now: datetime, *, told: bool = True
) -> None:
    """Record the member's own choice (choosing counts as having been told)."""
    choice = await session.get(ReviewChoice, member_id)
    if choice is None:
        choice = ReviewChoice(member_id=member_id)
        session.add(choice)
    choice.enabled = enabled
    if told and choice.told_at is None:
        choice.told_at = now
    choice.updated_at = now
    await session.flush()


async def consent(
    session: AsyncSession,
    member_id: int,
    platform: str,
    team_id: str,
    *,
    configured: bool,
    now: datetime,
) -> Consent:
    """Decide for the member's next answer; the first time, tell them and send nothing."""
    if not configured or not await team_allows(session, platform, team_id):
        return Consent()
    choice = await member_choice(session, member_id)
    if choice is not None and not choice.enabled:
        return Consent()
    if choice is None or choice.told_at is None:
        await set_member(session, member_id, True, now)
        return Consent(tell=True)
    return Consent(send=True)
