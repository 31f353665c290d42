"""`/prep admin stats`: how a community practises, as aggregate numbers only.

Every figure is a count over the community's members; no query here returns a member's
id, name or text, so nothing an admin sees can be traced to one person's practice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    AnswerRecord,
    ChannelPost,
    ChannelPostRecord,
    Community,
    DailySubscription,
    Member,
    PairingGroup,
    PairingGroupMember,
    PairingOptIn,
    PairingRound,
)

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class CommunityStats:
    """The numbers `admin stats` shows."""

    members: int
    practising: int
    answers: int
    daily_on: int
    channels: int
    thread_answers: int
    opted_in: int
    latest_week: str | None
    groups: int
    met: int
    answered_checkins: int


async def _scalar(session: AsyncSession, statement: Any) -> int:
    return int(await session.scalar(statement) or 0)


async def community_stats(
    session: AsyncSession, community: Community, now: datetime
) -> CommunityStats:
    """Aggregate practice numbers for one community over the last seven days."""
    in_team = (Member.platform == community.platform, Member.team_id == community.team_id)
    members = await _scalar(session, select(func.count()).select_from(Member).where(*in_team))
    recent = (AnswerRecord.created_at >= now - WEEK, *in_team)
    answers_from = select(AnswerRecord).join(Member, Member.id == AnswerRecord.member_id)
    practising = await _scalar(
        session,
        answers_from.with_only_columns(func.count(distinct(AnswerRecord.member_id))).where(*recent),
    )
    answers = await _scalar(session, answers_from.with_only_columns(func.count()).where(*recent))
    daily_on = await _scalar(
        session,
        select(func.count())
        .select_from(DailySubscription)
        .join(Member, Member.id == DailySubscription.member_id)
        .where(DailySubscription.enabled.is_(True), *in_team),
    )
    channels = await _scalar(
        session,
        select(func.count())
        .select_from(ChannelPost)
        .where(ChannelPost.community_id == community.id, ChannelPost.enabled.is_(True)),
    )
    thread_answers = await _scalar(
        session,
        select(func.sum(ChannelPostRecord.answer_count))
        .join(ChannelPost, ChannelPost.id == ChannelPostRecord.channel_post_id)
        .where(
            ChannelPost.community_id == community.id,
            ChannelPostRecord.created_at >= now - WEEK,
        ),
    )
    opted_in = await _scalar(
        session,
        select(func.count())
        .select_from(PairingOptIn)
        .where(PairingOptIn.community_id == community.id),
    )
    latest = (
        await session.execute(
            select(PairingRound.id, PairingRound.week)
            .where(PairingRound.community_id == community.id)
            .order_by(PairingRound.run_at.desc())
            .limit(1)
        )
    ).first()
    groups = met = answered = 0
    if latest is not None:
        groups = await _scalar(
            session,
            select(func.count())
            .select_from(PairingGroup)
            .where(PairingGroup.round_id == latest.id),
        )
        in_round = (
            select(func.count())
            .select_from(PairingGroupMember)
            .join(PairingGroup, PairingGroup.id == PairingGroupMember.group_id)
            .where(PairingGroup.round_id == latest.id)
        )
        met = await _scalar(session, in_round.where(PairingGroupMember.met.is_(True)))
        answered = await _scalar(session, in_round.where(PairingGroupMember.met.is_not(None)))
    return CommunityStats(
        members=members,
        practising=practising,
        answers=answers,
        daily_on=daily_on,
        channels=channels,
        thread_answers=thread_answers,
        opted_in=opted_in,
        latest_week=None if latest is None else latest.week,
        groups=groups,
        met=met,
        answered_checkins=answered,
    )
