"""Helpers for the second-round journey tests (no tests here: imported by the others).

Handlers run through the real `PrepBot`; due deliveries run through each kind's own
`plan` and `render`, with payloads round-tripped through JSON as the database would.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select

import bot.handlers.answers
import bot.handlers.followups
import bot.handlers.interviews
import bot.handlers.privacy
import bot.handlers.stories
import bot.handlers.thanks  # noqa: F401  (registers the journey's handlers)
from bot.app import PrepBot
from bot.clock import VirtualClock
from bot.commands.context import Actor
from bot.content import default_library
from bot.db.engine import Database
from bot.db.models import Base, Member, ScheduledItem
from bot.kinds import KINDS
from bot.plaintext import render_plain
from bot.replies import Reply
from bot.schedule.kinds import DueItem, Plan

BERLIN = "Europe/Berlin"
JOURNEY = (
    "interview 2026-03-12 14:00 Acme with Dana Lee (hiring manager), Sam Ortiz (peer), "
    "Priya Nair (VP Engineering)"
)


def actor(user: str = "ana", tz: str = BERLIN) -> Actor:
    return Actor(platform="console", user_id=user, display_name=user.title(), tz_hint=tz)


async def say(bot: PrepBot, text: str, user: str = "ana", tz: str = BERLIN) -> Reply:
    return await bot.handle_text(actor(user, tz), text)


def plain(reply: Reply) -> str:
    return render_plain(reply)


async def items(db: Database, kind: str | None = None) -> list[ScheduledItem]:
    async with db.session() as session:
        query = select(ScheduledItem).order_by(ScheduledItem.next_run_at, ScheduledItem.id)
        if kind is not None:
            query = query.where(ScheduledItem.kind == kind)
        return list(await session.scalars(query))


@dataclass
class Ran:
    item: DueItem
    plan: Plan
    reply: Reply | None


async def run_due(
    db: Database, clock: VirtualClock, kind: str, at: datetime | None = None
) -> list[Ran]:
    """Move the clock to `at`, then plan and render every due row of `kind` (one-offs)."""
    if at is not None:
        clock.set(at)
    now = clock.now()
    content = default_library()
    async with db.session() as session:
        rows = (
            await session.execute(
                select(ScheduledItem, Member)
                .join(Member, Member.id == ScheduledItem.member_id)
                .where(ScheduledItem.kind == kind, ScheduledItem.next_run_at <= now)
                .order_by(ScheduledItem.id)
            )
        ).all()
        due = [
            DueItem(s.id, s.kind, s.member_id, s.source_id, s.next_run_at, m.tz, m.display_name)
            for s, m in rows
        ]
        plans = await KINDS[kind].plan(session, due, now, content) if due else []
        done = [d.item_id for d in due]
        await session.execute(delete(ScheduledItem).where(ScheduledItem.id.in_(done)))
    out = []
    for item, plan in zip(due, plans, strict=True):
        payload = json.loads(json.dumps(plan.payload))  # what the database gives back
        reply = KINDS[kind].render(payload, content) if plan.status == "pending" else None
        out.append(Ran(item, plan, reply))
    return out


async def row_counts(db: Database) -> dict[str, int]:
    async with db.session() as session:
        return {
            t.name: (await session.scalar(select(func.count()).select_from(t))) or 0
            for t in Base.metadata.sorted_tables
        }
