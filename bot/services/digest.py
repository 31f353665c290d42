"""`weekly_digest`: a member's week in practice, by DM every Sunday at 18:00 local.

Recurring per member, keyed by ISO week; on by default once a member uses a community
feature (opt out with `digest off`: the week is then recorded as skipped). A late digest
follows the daily question's catch-up rule (same local date, before 21:00), and DST
follows `next_weekly_run`. It sums up: questions answered this week, the streak, stories
in the bank against the 5-8 target, interviews coming up, and thank-you notes still open.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content import ContentLibrary
from bot.db.models import AnswerRecord, DigestOptOut, Interview, Interviewer, Member, Story
from bot.replies import (
    Block,
    BulletList,
    Button,
    Buttons,
    Fields,
    Header,
    Note,
    Paragraph,
    Reply,
    literal,
)
from bot.schedule.kinds import DeliveryKind, DueItem, Plan, register_kind
from bot.schedule.planner import item_for, upsert_item
from bot.schedule.timemath import local_date, local_to_utc
from bot.services._journey import fmt_local
from bot.services.community import iso_week, next_weekly_run
from bot.services.daily import deadline
from bot.services.stories import TARGET_MAX, TARGET_MIN
from bot.services.streaks import answered_instants, local_days, streak_from, streak_text
from bot.services.timezones import register_tz_replanner

WEEKLY_DIGEST = "weekly_digest"
DIGEST_WEEKDAY = 6  # Sunday
DIGEST_AT = time(18, 0)
UPCOMING = timedelta(days=14)
FIRST_AFTER = timedelta(days=2)
# Thank-you notes are worth a nudge for two weeks after the interview (as in `home`).
THANKS_WINDOW = timedelta(days=14)
SHOWN = 5


async def is_digest_on(session: AsyncSession, member: Member) -> bool:
    """Whether the member gets the weekly digest (on unless they opted out)."""
    return await session.get(DigestOptOut, member.id) is None


async def next_digest(session: AsyncSession, member: Member) -> datetime | None:
    """When the member's next digest is planned, if it is."""
    item = await item_for(session, kind=WEEKLY_DIGEST, member_id=member.id)
    return None if item is None else item.next_run_at


async def schedule_digest(
    session: AsyncSession, member: Member, now: datetime, *, after: datetime | None = None
) -> datetime:
    """(Re)plan the member's digest at the next Sunday 18:00 in their zone."""
    run_at, _ = next_weekly_run(DIGEST_WEEKDAY, DIGEST_AT, member.tz, after or now)
    await upsert_item(
        session, kind=WEEKLY_DIGEST, member_id=member.id, source_id="", run_at=run_at, now=now
    )
    return run_at


async def ensure_digest(session: AsyncSession, member: Member, now: datetime) -> datetime:
    """Plan the member's weekly digest unless it is planned already; returns when.

    The first one comes at least two days later, so it has something to sum up.
    """
    planned = await next_digest(session, member)
    if planned is not None:
        return planned
    return await schedule_digest(session, member, now, after=now + FIRST_AFTER)


@register_tz_replanner
async def replan_digest(session: AsyncSession, member: Member, now: datetime) -> None:
    """Move a planned digest to Sunday 18:00 in the member's new zone."""
    if await next_digest(session, member) is not None:
        await schedule_digest(session, member, now)


async def set_digest(session: AsyncSession, member: Member, on: bool, now: datetime) -> bool:
    """Turn the digest on or off; returns whether that changed anything."""
    found = await session.get(DigestOptOut, member.id)
    if on:
        await ensure_digest(session, member, now)
        if found is None:
            return False
        await session.delete(found)
        return True
    if found is not None:
        return False
    session.add(DigestOptOut(member_id=member.id, created_at=now))
    return True


def _following(tz: str, due_at: datetime, now: datetime) -> datetime:
    """Next week's digest; after downtime of over a week, the latest one already due."""
    following, _ = next_weekly_run(DIGEST_WEEKDAY, DIGEST_AT, tz, due_at)
    while (after := next_weekly_run(DIGEST_WEEKDAY, DIGEST_AT, tz, following)[0]) <= now:
        following = after
    return following


async def _counts(
    session: AsyncSession, model: Any, column: Any, member_ids: Sequence[int], *where: Any
) -> dict[int, int]:
    result = await session.execute(
        select(column, func.count()).where(column.in_(member_ids), *where).group_by(column)
    )
    return {member_id: count for member_id, count in result}


async def _week_facts(
    session: AsyncSession, items: Sequence[DueItem], now: datetime
) -> dict[str, Any]:
    """Everything the batch's digests report, in a handful of grouped queries."""
    ids = [item.member_id for item in items]
    since = now - timedelta(days=8)
    answers: dict[int, list[datetime]] = {}
    rows = await session.execute(
        select(AnswerRecord.member_id, AnswerRecord.created_at).where(
            AnswerRecord.member_id.in_(ids), AnswerRecord.created_at >= since
        )
    )
    for member_id, created_at in rows:
        answers.setdefault(member_id, []).append(created_at)
    upcoming: dict[int, list[tuple[str, datetime]]] = {}
    soon = await session.execute(
        select(Interview.member_id, Interview.company, Interview.starts_at)
        .where(
            Interview.member_id.in_(ids),
            Interview.starts_at > now,
            Interview.starts_at <= now + UPCOMING,
        )
        .order_by(Interview.starts_at)
    )
    for member_id, company, starts_at in soon:
        upcoming.setdefault(member_id, []).append((company, starts_at))
    thanks = await session.execute(
        select(Interview.member_id, func.count())
        .join(Interviewer, Interviewer.interview_id == Interview.id)
        .where(
            Interview.member_id.in_(ids),
            Interview.starts_at <= now,
            Interview.starts_at >= now - THANKS_WINDOW,
            Interviewer.thanked_at.is_(None),
        )
        .group_by(Interview.member_id)
    )
    return {
        "answers": answers,
        "streak_answers": await answered_instants(session, ids),
        "stories": await _counts(session, Story, Story.member_id, ids),
        "upcoming": upcoming,
        "thanks": dict(thanks.all()),
        "opted_out": set(
            await session.scalars(
                select(DigestOptOut.member_id).where(DigestOptOut.member_id.in_(ids))
            )
        ),
    }


class WeeklyDigestKind(DeliveryKind):
    """`weekly_digest`: the member's week in practice."""

    name = WEEKLY_DIGEST

    async def plan(
        self,
        session: AsyncSession,
        items: Sequence[DueItem],
        now: datetime,
        content: ContentLibrary,
    ) -> list[Plan]:
        """Plan a batch with one grouped query per fact."""
        facts = await _week_facts(session, items, now)
        return [self._plan_one(item, facts, now) for item in items]

    def _plan_one(self, item: DueItem, facts: dict[str, Any], now: datetime) -> Plan:
        tz = item.tz
        target = local_date(item.due_at, tz)
        common: dict[str, Any] = {
            "key": iso_week(target),
            "local_date": target,
            "next_run_at": _following(tz, item.due_at, now),
        }
        if item.member_id in facts["opted_out"]:
            return Plan(status="skipped", **common)
        last_chance = deadline(item.due_at, target, tz)
        if now > last_chance:
            return Plan(status="missed", **common)
        week_start = local_to_utc(target - timedelta(days=target.weekday()), time(0), tz)
        answered = [t for t in facts["answers"].get(item.member_id, []) if t >= week_start]
        days = local_days(facts["streak_answers"].get(item.member_id, []), tz)
        payload = {
            "week": iso_week(target),
            "answered": len(answered),
            "streak": streak_from(days, local_date(now, tz)),
            "stories": facts["stories"].get(item.member_id, 0),
            "interviews": [
                {"company": company, "when": fmt_local(starts_at, tz)}
                for company, starts_at in facts["upcoming"].get(item.member_id, [])
            ],
            "thanks_open": facts["thanks"].get(item.member_id, 0),
        }
        return Plan(payload=payload, expires_at=last_chance, **common)

    def render(self, payload: dict[str, Any], content: ContentLibrary) -> Reply:
        """The week in five numbers, the interviews coming up, and one next step."""
        stories, interviews = payload["stories"], payload["interviews"]
        blocks: list[Block] = [
            Header("Your week in practice"),
            Fields(
                (
                    ("Questions answered", str(payload["answered"])),
                    ("Streak", f"{payload['streak']} day{'s' if payload['streak'] != 1 else ''}"),
                    ("Story bank", f"{stories} of {TARGET_MIN}-{TARGET_MAX}"),
                    ("Interviews coming up", str(len(interviews))),
                    ("Thank-you notes open", str(payload["thanks_open"])),
                )
            ),
        ]
        if payload["streak"] <= 0:
            # The field already says how long a streak is; with none, say how to start.
            blocks.append(Paragraph(streak_text(0)))
        if interviews:
            blocks.append(
                BulletList(
                    tuple(f"{literal(i['company'])}: {i['when']}" for i in interviews[:SHOWN])
                )
            )
        buttons = [Button("Practice question", "question", style="primary")]
        if payload["thanks_open"]:
            blocks.append(Paragraph("Thank-you notes are still open: send them while it counts."))
            buttons.append(Button("Thank-you drafts", "thanks"))
        elif stories < TARGET_MIN:
            blocks.append(
                Paragraph(
                    f"Add a story this week: {TARGET_MIN - stories} more to reach the target."
                )
            )
            buttons.append(Button("Story bank", "stories"))
        buttons.append(Button("Stop the digest", "digest off"))
        blocks.append(Note(f"Week {payload['week']}. Turn this off with `/prep digest off`."))
        blocks.append(Buttons(tuple(buttons)))
        return Reply(tuple(blocks), summary=f"Your week in practice ({payload['week']})")


register_kind(WeeklyDigestKind())
