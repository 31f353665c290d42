"""The `weekly_digest` delivery kind."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content import ContentLibrary
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
from bot.schedule.kind_names import WEEKLY_DIGEST
from bot.schedule.kinds import DeliveryKind, DueItem, Plan
from bot.schedule.timemath import local_date, local_to_utc
from bot.services.community import iso_week
from bot.services.daily import deadline
from bot.services.digest import SHOWN, next_digest_run, week_facts
from bot.services.journey import fmt_local
from bot.services.stories import TARGET_MAX, TARGET_MIN
from bot.services.streaks import local_days, streak_from, streak_text
from bot.when.quiet import DEFAULT_QUIET


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
        facts = await week_facts(session, items, now)
        return [self._plan_one(item, facts, now) for item in items]

    def _plan_one(self, item: DueItem, facts: dict[str, Any], now: datetime) -> Plan:
        tz = item.tz
        target = local_date(item.due_at, tz)
        common: dict[str, Any] = {
            "key": iso_week(target),
            "local_date": target,
            "next_run_at": next_digest_run(
                tz, item.due_at, now, facts["quiet"].get(item.member, DEFAULT_QUIET)
            ),
        }
        if item.member in facts["opted_out"]:
            return Plan(status="skipped", **common)
        last_chance = deadline(item.due_at, target, tz)
        if now > last_chance:
            return Plan(status="missed", **common)
        week_start = local_to_utc(target - timedelta(days=target.weekday()), time(0), tz)
        answered = [t for t in facts["answers"].get(item.member, []) if t >= week_start]
        days = local_days(facts["streak_answers"].get(item.member, []), tz)
        payload = {
            "week": iso_week(target),
            "answered": len(answered),
            "streak": streak_from(days, local_date(now, tz)),
            "stories": facts["stories"].get(item.member, 0),
            "interviews": [
                {"company": company, "when": fmt_local(starts_at, tz)}
                for company, starts_at in facts["upcoming"].get(item.member, [])
            ],
            "thanks_open": facts["thanks"].get(item.member, 0),
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
