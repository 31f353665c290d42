"""The member's home overview (Slack's App Home tab): what is coming and what is open.

Read-only: it shows upcoming interviews, the daily-question setting, thank-you notes not
yet marked sent, scheduled reminders and the story bank against its 5-8 target, each
with the one-tap command that acts on it. Every query filters on the member's id.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.content import ContentLibrary
from bot.db.models import DailySubscription, Interview, Member, Reminder, Story
from bot.replies import (
    Block,
    BulletList,
    Button,
    Buttons,
    Divider,
    Header,
    Note,
    Paragraph,
    Reply,
    literal,
)
from bot.schedule.timemath import to_local
from bot.services.application_board import board_rows

STORY_TARGET = (5, 8)
SHOWN = 5  # rows per section: the home tab is an overview, the commands list the rest
# Thank-you notes are worth a nudge for two weeks; after that the moment has passed.
THANKS_WINDOW = timedelta(days=14)


def _when(instant: datetime, tz: str) -> str:
    return to_local(instant, tz).strftime("%a %d %b, %H:%M")


def _more(total: int, shown: int, command: str) -> list[Block]:
    if total <= shown:
        return []
    return [Note(f"{total - shown} more: `/prep {command}`")]


async def _interviews(session: AsyncSession, member: Member, now: datetime) -> list[Block]:
    result = await session.execute(
        select(Interview)
        .where(Interview.member_id == member.id, Interview.starts_at >= now)
        .order_by(Interview.starts_at)
        .options(selectinload(Interview.interviewers))
    )
    upcoming = list(result.scalars())
    blocks: list[Block] = [Paragraph("*Upcoming interviews*")]
    if not upcoming:
        blocks.append(Note("None yet. Add one: `/prep interview` opens a form."))
        return blocks
    items = []
    for interview in upcoming[:SHOWN]:
        title = f" ({literal(interview.job_title)})" if interview.job_title else ""
        people = ", ".join(literal(p.name) for p in interview.interviewers)
        with_people = f" with {people}" if people else ""
        items.append(
            f"*{literal(interview.company)}*{title}: {_when(interview.starts_at, member.tz)}"
            f"{with_people} `{literal(interview.short_id)}`"
        )
    blocks.append(BulletList(tuple(items)))
    blocks.extend(_more(len(upcoming), SHOWN, "interviews"))
    return blocks


async def _applications(session: AsyncSession, member: Member, now: datetime) -> list[Block]:
    rows = [r for r in await board_rows(session, member.id, member.tz, now) if not r.closed]
    if not rows:
        return []
    items = []
    for row in rows[:SHOWN]:
        application = row.application
        step = f"; next: {row.next_step}" if row.next_step else ""
        items.append(
            f"*{literal(application.company)}* `{literal(application.short_id)}`: {row.stage}{step}"
        )
    return [
        Divider(),
        Paragraph("*Applications*"),
        BulletList(tuple(items)),
        *_more(len(rows), SHOWN, "applications"),
        Buttons((Button("All applications", "applications"),)),
    ]


async def _daily(session: AsyncSession, member: Member) -> list[Block]:
    subscription = await session.get(DailySubscription, member.id)
    blocks: list[Block] = [Paragraph("*Daily practice question*")]
    if subscription is None or not subscription.enabled:
        blocks.append(Paragraph("Off. One question a day by direct message keeps you sharp."))
        blocks.append(Buttons((Button("Start daily practice", "daily on", style="primary"),)))
        return blocks
    category = f", {literal(subscription.category)} questions" if subscription.category else ""
    blocks.append(Paragraph(f"On: every day at *{subscription.local_time}*{category}."))
    blocks.append(
        Buttons(
            (
                Button("Question now", "question"),
                Button("Skip today", "daily skip"),
                Button("Turn off", "daily off", style="danger"),
            )
        )
    )
    return blocks


async def _thanks(session: AsyncSession, member: Member, now: datetime) -> list[Block]:
    result = await session.execute(
        select(Interview)
        .where(
            Interview.member_id == member.id,
            Interview.starts_at < now,
            Interview.starts_at >= now - THANKS_WINDOW,
        )
        .order_by(Interview.starts_at.desc())
        .options(selectinload(Interview.interviewers))
    )
    open_notes = [
        (interview, [p for p in interview.interviewers if p.thanked_at is None])
        for interview in result.scalars()
    ]
    open_notes = [(interview, people) for interview, people in open_notes if people]
    if not open_notes:
        return []
    blocks: list[Block] = [Divider(), Paragraph("*Thank-you notes to send*")]
    for interview, people in open_notes[:SHOWN]:
        names = ", ".join(literal(p.name) for p in people)
        blocks.append(Paragraph(f"*{literal(interview.company)}*: {names}"))
        blocks.append(
            Buttons(
                (
                    Button("Show drafts", f"thanks {interview.short_id}"),
                    Button("Mark all sent", f"thanks sent all {interview.short_id}"),
                )
            )
        )
    blocks.extend(_more(len(open_notes), SHOWN, "thanks"))
    return blocks


async def _reminders(session: AsyncSession, member: Member) -> list[Block]:
    result = await session.execute(
        select(Reminder)
        .where(Reminder.member_id == member.id, Reminder.status == "scheduled")
        .order_by(Reminder.due_at)
    )
    reminders = list(result.scalars())
    blocks: list[Block] = [Paragraph("*Reminders and follow-ups*")]
    if not reminders:
        blocks.append(Note("None scheduled. Try `/prep remind tomorrow 9am send the portfolio`."))
        return blocks
    items = tuple(
        f"{_when(r.due_at, member.tz)}: {literal(r.text)} `{literal(r.short_id)}`"
        for r in reminders[:SHOWN]
    )
    blocks.append(BulletList(items))
    blocks.extend(_more(len(reminders), SHOWN, "reminders"))
    blocks.append(Note("Cancel one with `/prep reminders cancel <id>`."))
    return blocks


async def _stories(session: AsyncSession, member: Member) -> list[Block]:
    count = await session.scalar(
        select(func.count()).select_from(Story).where(Story.member_id == member.id)
    )
    count = count or 0
    low, high = STORY_TARGET
    if count < low:
        status = f"{count} of {low}-{high}: add {low - count} more to cover the usual questions."
    elif count <= high:
        status = f"{count} stories: right in the {low}-{high} range."
    else:
        status = f"{count} stories: more than {high}; keep the strongest ones sharp."
    return [
        Paragraph("*Story bank*"),
        Paragraph(status),
        Buttons((Button("Show stories", "stories"),)),
    ]


async def build_home(
    session: AsyncSession, member: Member, content: ContentLibrary, now: datetime
) -> Reply:
    """The member's overview: interviews, daily question, open thank-yous, reminders, stories.

    `content` is accepted for parity with handlers (a future tip of the day); the home
    only reads the member's own rows.
    """
    del content
    blocks: list[Block] = [Header("Your second-round prep")]
    blocks += await _interviews(session, member, now)
    blocks += await _thanks(session, member, now)
    blocks += await _applications(session, member, now)
    blocks += [Divider(), *await _daily(session, member)]
    blocks += [Divider(), *await _reminders(session, member)]
    blocks += [Divider(), *await _stories(session, member)]
    blocks += [
        Divider(),
        Note(
            f"Times are in {literal(member.tz)}; change with `/prep tz <zone>`. "
            "Everything else: `/prep help`."
        ),
        Buttons((Button("Second-round guide", "second-round"),)),
    ]
    return Reply(tuple(blocks), summary="Your second-round prep")
