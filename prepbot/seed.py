"""`prepbot bench seed`: many console members whose daily question is due soon.

For load and fault tests: N members, each subscribed to the daily question, with their
scheduled row due at exactly now + SECONDS (the daily time is that instant's HH:MM in
UTC, so the following days stay on schedule too). Inserted in bulk, a few statements
per few thousand members.
"""

from __future__ import annotations

import asyncio
import json as jsonlib
import sys
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.db.engine import Database
from bot.db.models import DailySubscription, Member, ScheduledItem
from bot.schedule.kind_names import DAILY_QUESTION

CHUNK = 2000
PLATFORM = "console"
TEAM = "bench"


async def _seed_chunk(
    session: AsyncSession,
    names: list[str],
    due_at: datetime,
    now: datetime,
    platform: str = PLATFORM,
    team: str = TEAM,
) -> None:
    members = [
        {
            "platform": platform,
            "team_id": team,
            "external_id": name,
            "display_name": name,
            "tz": "UTC",
            "tz_source": "member",
            "created_at": now,
            "paused_at": None,
            "paused_reason": None,
        }
        for name in names
    ]
    result = await session.execute(insert(Member).returning(Member.id), members)
    ids = [member_id for (member_id,) in result]
    local_time = f"{due_at.hour:02d}:{due_at.minute:02d}"
    await session.execute(
        insert(DailySubscription),
        [
            {
                "member_id": member_id,
                "enabled": True,
                "local_time": local_time,
                "category": None,
                "skip_date": None,
                "updated_at": now,
            }
            for member_id in ids
        ],
    )
    await session.execute(
        insert(ScheduledItem),
        [
            {
                "kind": DAILY_QUESTION,
                "member_id": member_id,
                "source_id": "",
                "next_run_at": due_at,
                "active": True,
                "created_at": now,
            }
            for member_id in ids
        ],
    )


async def seed_members(
    db: Database,
    count: int,
    due_at: datetime,
    now: datetime,
    *,
    tag: str | None = None,
    platform: str = PLATFORM,
    team: str = TEAM,
    names: list[str] | None = None,
) -> list[str]:
    """Create `count` subscribed members due at `due_at`; returns their user ids.

    Console members by default; the pacing benchmark seeds Slack or Discord members
    (`platform`, `team` and their platform user ids as `names`).
    """
    tag = tag or uuid.uuid4().hex[:6]
    names = names or [f"bench-{tag}-{index:06d}" for index in range(count)]
    for start in range(0, count, CHUNK):
        async with db.session() as session:
            chunk = names[start : start + CHUNK]
            await _seed_chunk(session, chunk, due_at, now, platform, team)
    return names


async def seed_due(db: Database, count: int, due_in: float, now: datetime) -> datetime:
    """Seed `count` members due `due_in` seconds from `now`; returns the due instant."""
    due_at = now + timedelta(seconds=due_in)
    await seed_members(db, count, due_at, now)
    return due_at


def bench_seed(settings: Settings, members: int, due_in: float, *, json: bool = False) -> int:
    """`prepbot bench seed --members N --due-in SECONDS`."""
    if members < 1 or due_in < 0:
        print("prepbot bench seed: --members must be >= 1 and --due-in >= 0", file=sys.stderr)
        return 2

    async def seed() -> datetime:
        db = Database(settings.database_url)
        try:
            return await seed_due(db, members, due_in, datetime.now(UTC))
        finally:
            await db.dispose()

    due_at = asyncio.run(seed())
    stamp = due_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    if json:
        print(jsonlib.dumps({"members": members, "due_at_utc": stamp}))
    else:
        print(f"Seeded {members} console members; their daily question is due at {stamp}.")
    return 0
