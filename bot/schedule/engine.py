"""The due-row engine: claim due scheduled rows in batches and turn them into deliveries.

One transaction per batch: claim up to N due rows (`FOR UPDATE SKIP LOCKED` on
PostgreSQL, so several `clock` processes take disjoint rows; SQLite has one writer),
ask each row's kind for a plan (a few queries per kind per batch, never per row), insert
the deliveries with `ON CONFLICT (dedupe_key) DO NOTHING ... RETURNING`, and move the
rows on. The unique key is what makes a second send impossible: a delivery that already
exists comes back from the insert as nothing, so nothing is handed to the dispatcher.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content import ContentLibrary
from bot.db.engine import Database
from bot.db.models import Delivery, Member, ScheduledItem
from bot.schedule.kinds import DeliveryKind, DueItem, Plan, registered_kinds
from bot.schedule.store import MEMBER_COLUMNS, Claimed, recipient_of
from bot.schedule.transport import Recipient

# Where a plan's expiry travels in the payload; the dispatcher reads it before sending.
EXPIRES_KEY = "_expires_at"


@dataclass
class BatchResult:
    """What one batch did: rows claimed, deliveries to send now, others recorded."""

    claimed: int = 0
    to_send: list[Claimed] = field(default_factory=list)
    recorded: dict[str, int] = field(default_factory=dict)


def dedupe_key(kind: str, member_id: int, key: str) -> str:
    """A delivery's identity: one per (kind, member, target local date or source id)."""
    return f"{kind}:{member_id}:{key}"


class Engine:
    """Plans due rows into deliveries, a batch per transaction."""

    def __init__(
        self,
        db: Database,
        content: ContentLibrary,
        *,
        worker_id: str,
        batch_size: int = 500,
        platforms: Collection[str] = (),
    ) -> None:
        self._db = db
        self._content = content
        self._worker_id = worker_id
        self.batch_size = batch_size
        # Deliveries for these platforms are claimed for this worker's dispatcher as they
        # are written (saving a round trip); others are left pending for whoever can send.
        self._platforms = frozenset(platforms)

    async def run_batch(self, now: datetime) -> BatchResult:
        """Claim and plan one batch of due rows; commit before anything is sent."""
        kinds = registered_kinds()
        result = BatchResult()
        async with self._db.session() as session:
            due = await _claim_due(session, now, kinds, self.batch_size, self._db.is_postgres)
            if not due:
                return result
            items = [item for item, _ in due]
            plans = await _plan(session, kinds, items, now, self._content)
            written = await self._insert(session, due, plans, now)
            by_kind: dict[str, list[tuple[DueItem, Plan]]] = {}
            for item, plan in zip(items, plans, strict=True):
                if dedupe_key(item.kind, item.member_id, plan.key) in written:
                    by_kind.setdefault(item.kind, []).append((item, plan))
            for name, pairs in by_kind.items():
                await kinds[name].planned(session, pairs, now)
            await _advance(session, items, plans)
        result.claimed = len(due)
        for (item, recipient), plan in zip(due, plans, strict=True):
            found = written.get(dedupe_key(item.kind, item.member_id, plan.key))
            if found is None:
                continue
            delivery_id, payload = found
            if plan.status == "pending" and recipient.platform in self._platforms:
                key = dedupe_key(item.kind, item.member_id, plan.key)
                result.to_send.append(Claimed(delivery_id, key, item.kind, payload, 0, recipient))
            elif plan.status != "pending":
                result.recorded[plan.status] = result.recorded.get(plan.status, 0) + 1
        return result

    async def _insert(
        self,
        session: AsyncSession,
        due: Sequence[tuple[DueItem, Recipient]],
        plans: Sequence[Plan],
        now: datetime,
    ) -> dict[str, tuple[int, dict[str, Any]]]:
        """Insert the batch's deliveries; returns {dedupe_key: (id, payload)} of new ones."""
        rows: list[dict[str, Any]] = []
        for (item, recipient), plan in zip(due, plans, strict=True):
            if plan.status == "drop":
                continue
            payload = dict(plan.payload)
            if plan.expires_at is not None:
                payload[EXPIRES_KEY] = plan.expires_at.isoformat()
            claim = plan.status == "pending" and recipient.platform in self._platforms
            rows.append(
                {
                    "dedupe_key": dedupe_key(item.kind, item.member_id, plan.key),
                    "kind": item.kind,
                    "member_id": item.member_id,
                    "source_id": item.source_id,
                    "local_date": plan.local_date,
                    "due_at": item.due_at,
                    "payload": payload,
                    "status": "sending" if claim else plan.status,
                    "attempts": 0,
                    "not_before": now,
                    "claimed_by": self._worker_id if claim else None,
                    "claimed_at": now if claim else None,
                    "sent_at": None,
                    "error": None,
                }
            )
        if not rows:
            return {}
        insert = postgresql.insert if self._db.is_postgres else sqlite.insert
        statement = (
            insert(Delivery)
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(Delivery.id, Delivery.dedupe_key)
        )
        # executemany with RETURNING: SQLAlchemy batches it into multi-row INSERTs.
        inserted = (await session.execute(statement, rows)).all()
        payloads = {row["dedupe_key"]: row["payload"] for row in rows}
        return {key: (delivery_id, payloads[key]) for delivery_id, key in inserted}


async def _claim_due(
    session: AsyncSession,
    now: datetime,
    kinds: Mapping[str, DeliveryKind],
    limit: int,
    skip_locked: bool,
) -> list[tuple[DueItem, Recipient]]:
    """Lock up to `limit` due rows of known kinds, oldest first."""
    statement = (
        select(
            ScheduledItem.id.label("item_id"),
            ScheduledItem.kind,
            ScheduledItem.source_id,
            ScheduledItem.next_run_at,
            *MEMBER_COLUMNS,
        )
        .join(Member, Member.id == ScheduledItem.member_id)
        # Unknown kinds (a module not deployed yet) stay due rather than being lost.
        .where(
            ScheduledItem.active.is_(True),
            ScheduledItem.next_run_at <= now,
            ScheduledItem.kind.in_(sorted(kinds)),
        )
        .order_by(ScheduledItem.next_run_at, ScheduledItem.id)
        .limit(limit)
    )
    if skip_locked:
        statement = statement.with_for_update(skip_locked=True, of=ScheduledItem)
    due = []
    for row in await session.execute(statement):
        item = DueItem(
            item_id=row.item_id,
            kind=row.kind,
            member_id=row.id,
            source_id=row.source_id,
            due_at=row.next_run_at,
            tz=row.tz,
            display_name=row.display_name,
        )
        due.append((item, recipient_of(row)))
    return due


async def _plan(
    session: AsyncSession,
    kinds: Mapping[str, DeliveryKind],
    items: Sequence[DueItem],
    now: datetime,
    content: ContentLibrary,
) -> list[Plan]:
    """One plan per item, in order, asking each kind once for all of its items."""
    positions: dict[str, list[int]] = {}
    for index, item in enumerate(items):
        positions.setdefault(item.kind, []).append(index)
    plans: list[Plan | None] = [None] * len(items)
    for name, indexes in positions.items():
        found = await kinds[name].plan(session, [items[i] for i in indexes], now, content)
        if len(found) != len(indexes):
            raise RuntimeError(f"kind {name} returned {len(found)} plans for {len(indexes)}")
        for index, plan in zip(indexes, found, strict=True):
            plans[index] = plan
    return [plan for plan in plans if plan is not None]


async def _advance(session: AsyncSession, items: Sequence[DueItem], plans: Sequence[Plan]) -> None:
    """Move recurring rows to their next run; delete finished one-off rows."""
    moved = [
        {"id": item.item_id, "next_run_at": plan.next_run_at}
        for item, plan in zip(items, plans, strict=True)
        if plan.next_run_at is not None
    ]
    finished = [
        item.item_id for item, plan in zip(items, plans, strict=True) if plan.next_run_at is None
    ]
    if moved:
        await session.execute(update(ScheduledItem), moved)
    if finished:
        await session.execute(delete(ScheduledItem).where(ScheduledItem.id.in_(finished)))
