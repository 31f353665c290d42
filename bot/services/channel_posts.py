"""A channel's daily question: the admin's setting, and answers written in its thread.

The setting lives in `channel_posts` (one row per channel); its scheduled row targets
the community (`source_id` is the setting's id). Each day's post is a
`channel_post_records` row: the question, where the post landed, and how many answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import distinct, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.commands.context import Actor
from bot.db.engine import Database
from bot.db.models import AnswerRecord, AskedQuestion, ChannelPost, ChannelPostRecord, Community
from bot.schedule.kind_names import CHANNEL_QUESTION
from bot.schedule.timemath import format_hhmm, local_date, next_daily_run, parse_hhmm
from bot.services.community import (
    community_item,
    find_community,
    remove_community_item,
    upsert_community_item,
)
from bot.services.members import get_or_create_member

# Thread replies kept as practised answers are capped like `/prep answer` text.
MAX_THREAD_ANSWER = 3000


@dataclass(frozen=True)
class ChannelState:
    """A channel's setting with its next post and the latest post."""

    post: ChannelPost | None
    next_run: datetime | None
    active: bool
    latest: ChannelPostRecord | None


async def channel_post(
    session: AsyncSession, community: Community, channel_id: str
) -> ChannelPost | None:
    """The daily-question setting of one channel, if it ever had one."""
    return await session.scalar(
        select(ChannelPost).where(
            ChannelPost.community_id == community.id, ChannelPost.channel_id == channel_id
        )
    )


async def _posted_on(session: AsyncSession, post: ChannelPost, instant: datetime) -> bool:
    found = await session.scalar(
        select(ChannelPostRecord.id).where(
            ChannelPostRecord.channel_post_id == post.id,
            ChannelPostRecord.local_date == local_date(instant, post.tz),
        )
    )
    return found is not None


async def schedule_channel(session: AsyncSession, post: ChannelPost, now: datetime) -> datetime:
    """(Re)plan the channel's next post; a local date that already had one is skipped."""
    at = parse_hhmm(post.local_time)
    run_at, _ = next_daily_run(at, post.tz, now)
    if await _posted_on(session, post, run_at):
        run_at, _ = next_daily_run(at, post.tz, run_at)
    await upsert_community_item(
        session,
        kind=CHANNEL_QUESTION,
        community_id=post.community_id,
        source_id=str(post.id),
        run_at=run_at,
        now=now,
    )
    return run_at


async def set_channel_daily(
    session: AsyncSession,
    community: Community,
    channel_id: str,
    at: time,
    tz: str,
    category: str | None,
    now: datetime,
) -> tuple[ChannelPost, datetime]:
    """Turn the channel's daily question on (or change it); returns it and the next post."""
    post = await channel_post(session, community, channel_id)
    if post is None:
        post = ChannelPost(community_id=community.id, channel_id=channel_id)
        session.add(post)
    post.local_time = format_hhmm(at)
    post.tz = tz
    post.category = category
    post.enabled = True
    post.updated_at = now
    await session.flush()
    return post, await schedule_channel(session, post, now)


async def turn_channel_off(
    session: AsyncSession, community: Community, channel_id: str, now: datetime
) -> bool:
    """Stop the channel's daily question; False if it was not on."""
    post = await channel_post(session, community, channel_id)
    if post is None:
        return False
    await remove_community_item(
        session, kind=CHANNEL_QUESTION, community_id=community.id, source_id=str(post.id)
    )
    was_on = post.enabled
    post.enabled = False
    post.updated_at = now
    return was_on


async def channel_state(
    session: AsyncSession, community: Community, channel_id: str
) -> ChannelState:
    """The channel's setting, when it posts next, and its latest post."""
    post = await channel_post(session, community, channel_id)
    if post is None:
        return ChannelState(None, None, False, None)
    item = await community_item(
        session, kind=CHANNEL_QUESTION, community_id=community.id, source_id=str(post.id)
    )
    latest = await session.scalar(
        select(ChannelPostRecord)
        .where(ChannelPostRecord.channel_post_id == post.id)
        .order_by(ChannelPostRecord.local_date.desc())
        .limit(1)
    )
    if item is None:
        return ChannelState(post, None, False, latest)
    return ChannelState(post, item.next_run_at, item.active, latest)


async def _count_new_answerer(
    session: AsyncSession, record: ChannelPostRecord, member_id: int
) -> None:
    """One more person answered the post, unless this member already had since it went out.

    The count comes from the thread events the adapter passes on, so a platform that
    rations reading threads (Slack, for apps outside its Marketplace) is never paged
    through to count a busy thread. The increment is one UPDATE, safe beside others.
    """
    earlier = await session.scalar(
        select(AnswerRecord.id)
        .where(
            AnswerRecord.member_id == member_id,
            AnswerRecord.question_id == record.question_id,
            AnswerRecord.created_at >= record.created_at,
        )
        .limit(1)
    )
    if earlier is None:
        await session.execute(
            update(ChannelPostRecord)
            .where(ChannelPostRecord.id == record.id)
            .values(answer_count=func.coalesce(ChannelPostRecord.answer_count, 0) + 1)
        )


async def record_for_thread(
    session: AsyncSession, community: Community, thread_id: str
) -> ChannelPostRecord | None:
    """The day's post whose answer thread is `thread_id`, within this community only."""
    return await session.scalar(
        select(ChannelPostRecord)
        .join(ChannelPost, ChannelPost.id == ChannelPostRecord.channel_post_id)
        .where(ChannelPost.community_id == community.id, ChannelPostRecord.thread_ref == thread_id)
    )


async def latest_thread(session: AsyncSession, community: Community, channel_id: str) -> str | None:
    """The answer thread of the channel's newest post, if it has one yet."""
    return await session.scalar(
        select(ChannelPostRecord.thread_ref)
        .join(ChannelPost, ChannelPost.id == ChannelPostRecord.channel_post_id)
        .where(
            ChannelPost.community_id == community.id,
            ChannelPost.channel_id == channel_id,
            ChannelPostRecord.thread_ref.is_not(None),
        )
        .order_by(ChannelPostRecord.local_date.desc())
        .limit(1)
    )


async def thread_answer_count(session: AsyncSession, thread_id: str) -> int:
    """How many members answered in a thread, as prepbot recorded it (the console's count).

    Platforms count their own threads (anyone may reply there); on the console every
    reply comes through `handle_thread_reply`, so prepbot's record is complete.
    """
    record = await session.scalar(
        select(ChannelPostRecord).where(ChannelPostRecord.thread_ref == thread_id)
    )
    if record is None:
        return 0
    count = await session.scalar(
        select(func.count(distinct(AskedQuestion.member_id))).where(
            AskedQuestion.question_id == record.question_id,
            AskedQuestion.via == "channel",
            AskedQuestion.asked_at >= record.created_at,
        )
    )
    return int(count or 0)


async def handle_thread_reply(
    db: Database,
    actor: Actor,
    thread_id: str,
    text: str,
    now: datetime,
    *,
    count_answer: bool = False,
) -> bool:
    """A member answered a channel question in its thread: count it as their practice.

    Adapters call this for each reply in a thread prepbot opened (Slack: a message whose
    `thread_ts` is the post's; Discord: a message in the post's thread). The answer is
    kept like `/prep answer` text, against the channel's question, which is what keeps
    the member's streak. Returns False if the thread is not one of ours.
    """
    async with db.session() as session:
        community = await find_community(session, actor.platform, actor.team_id)
        if community is None:
            return False
        record = await record_for_thread(session, community, thread_id)
        if record is None:
            return False
        member = await get_or_create_member(session, actor, now)
        await session.flush()
        asked = await session.scalar(
            select(AskedQuestion.id).where(
                AskedQuestion.member_id == member.id,
                AskedQuestion.question_id == record.question_id,
                AskedQuestion.via == "channel",
            )
        )
        if asked is None:
            session.add(
                AskedQuestion(
                    member_id=member.id, question_id=record.question_id, asked_at=now, via="channel"
                )
            )
        if count_answer:  # the adapter counts from events (its thread cannot be read cheaply)
            await _count_new_answerer(session, record, member.id)
        session.add(
            AnswerRecord(
                member_id=member.id,
                question_id=record.question_id,
                text=text.strip()[:MAX_THREAD_ANSWER] or "(answered in the thread)",
                created_at=now,
            )
        )
    return True
