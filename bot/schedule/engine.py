"""The due-row engine: claim due scheduled rows in batches and turn them into deliveries.

One transaction per batch: claim up to N due rows (`FOR UPDATE SKIP LOCKED` on
PostgreSQL, so several `clock` processes take disjoint rows; SQLite has one writer),
ask each row's kind for a plan (a few queries per kind per batch, never per row), insert
the deliveries with `ON CONFLICT (dedupe_key) DO NOTHING ... RETURNING`, and move the
rows on. The unique key is what makes a second send impossible: a delivery that already
exists comes back from the insert as nothing, so nothing is handed to the dispatcher.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, delete, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content import ContentLibrary
from bot.db.engine import Database
from bot.db.models import Member, ScheduledItem
from bot.foreground import Foreground
from bot.schedule import bulk
from bot.schedule import community_targets as community
from bot.schedule.kinds import DeliveryKind, DueItem, Plan
from bot.schedule.store import DELIVERIES, MEMBER_COLUMNS, Claimed, recipient_of
from bot.schedule.targets import target_to_json
from bot.schedule.transport import Recipient

log = logging.getLogger(__name__)

SCHEDULED = cast(Table, ScheduledItem.__table__)
# Up to this many distinct next-run times per batch get one UPDATE each; beyond, one
# executemany by primary key.
GROUPED_UPDATES = 20


@dataclass
class BatchResult:
    """What one batch did: rows claimed, deliveries to send now, others recorded."""

    claimed: int = 0
    planned: int = 0
    to_send: list[Claimed] = field(default_factory=list)
    recorded: dict[str, int] = field(default_factory=dict)


def dedupe_key(kind: str, owner: int | str, key: str) -> str:
    """A delivery's identity: one per (kind, owner, target local date or source id).

    The owner is the member id, or `c<id>` for a community (`community_targets.owner`).
    """
    return f"{kind}:{owner}:{key}"


def _key(item: DueItem, to: Recipient, plan: Plan) -> str:
    member = None if to.community_id is not None else item.member_id
    return dedupe_key(item.kind, community.owner(member, to.community_id), plan.key)


class Engine:
    """Plans due rows into deliveries, a batch per transaction."""

    def __init__(
        self,
        kinds: Mapping[str, DeliveryKind],
        db: Database,
        content: ContentLibrary,
        *,
        worker_id: str,
        batch_size: int = 500,
        platforms: Collection[str] = (),
        foreground: Foreground | None = None,
    ) -> None:
        self._kinds = kinds
        self._db = db
        # A member's `/prep` in this process goes first between the batch's reads, never
        # after its first write: a member's command waiting for a lock the batch holds
        # (SQLite's single writer) would wait for the batch, which waits for it. Only a
        # member changing their own row while it is claimed can meet that, for at most
        # the foreground's `max_wait`.
        self._turn = (foreground or Foreground()).turn
        self._content = content
        self._worker_id = worker_id
        self.batch_size = batch_size
        # Deliveries for these platforms are claimed for this worker's dispatcher as they
        # are written (saving a round trip); others are left pending for whoever can send.
        self._platforms = frozenset(platforms)
        # Kinds seen in due rows that this process does not know (a newer release wrote
        # them): left alone (their rows wait, never lost) and excluded from later claims
        # so they cannot block a batch.
        self._unknown: set[str] = set()

    async def run_batch(self, now: datetime, *, size: int | None = None) -> BatchResult:
        """Claim and plan one batch of due rows; commit before anything is sent.

        `size` overrides `batch_size` for this batch (smaller while members wait).
        """
        limit = size or self.batch_size
        kinds = self._kinds
        result = BatchResult()
        async with self._db.session() as session:
            claimed = await _claim_due(session, now, self._unknown, limit, self._db.is_postgres)
            await self._turn()
            if len(claimed) < limit:  # the rest of the batch: channels, groups
                claimed += await community.claim_community_due(
                    session, now, kinds, limit - len(claimed), self._db.is_postgres
                )
                await self._turn()
            result.claimed = len(claimed)
            due = [(item, to) for item, to in claimed if item.kind in kinds]
            self._note_unknown({item.kind for item, _ in claimed} - set(kinds))
            if not due:
                return result
            items = [item for item, _ in due]
            plans = await _plan(session, kinds, items, now, self._content)
            await self._turn()
            written = await self._insert(session, due, plans, now)
            by_kind: dict[str, list[tuple[DueItem, Plan]]] = {}
            for (item, to), plan in zip(due, plans, strict=True):
                if _key(item, to, plan) in written:
                    by_kind.setdefault(item.kind, []).append((item, plan))
            for name, pairs in by_kind.items():
                await kinds[name].planned(session, pairs, now)
            await _advance(session, items, plans, set_based=self._db.is_postgres)
        result.planned = len(due)
        for (item, recipient), plan in zip(due, plans, strict=True):
            key = _key(item, recipient, plan)
            found = written.get(key)
            if found is None:
                continue
            delivery_id, payload = found
            if plan.status == "pending" and recipient.platform in self._platforms:
                to = community.routed(recipient, plan.target)
                result.to_send.append(
                    Claimed(
                        delivery_id, key, item.kind, payload, 0, to, plan.target, plan.expires_at
                    )
                )
            elif plan.status != "pending":
                result.recorded[plan.status] = result.recorded.get(plan.status, 0) + 1
        return result

    def _note_unknown(self, found: set[str]) -> None:
        for kind in sorted(found - self._unknown):
            log.warning(
                "due rows of kind %r: a kind this process does not know; leaving them", kind
            )
        self._unknown |= found

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
            claim = plan.status == "pending" and recipient.platform in self._platforms
            to_community = recipient.community_id is not None
            rows.append(
                {
                    "dedupe_key": _key(item, recipient, plan),
                    "kind": item.kind,
                    "member_id": None if to_community else item.member_id,
                    "community_id": recipient.community_id,
                    "source_id": item.source_id,
                    "local_date": plan.local_date,
                    "due_at": item.due_at,
                    "payload": payload,
                    "target": target_to_json(plan.target),
                    "expires_at": plan.expires_at,
                    "status": "sending" if claim else plan.status,
                    "attempts": 0,
                    "not_before": now,
                    "claimed_by": self._worker_id if claim else None,
                    "claimed_at": now if claim else None,
                }
            )
        if not rows:
            return {}
        payloads = {row["dedupe_key"]: row["payload"] for row in rows}
        if self._db.is_postgres:
            # One array per column, one statement per batch (bot/schedule/bulk.py).
            found = await bulk.insert_rows(
                session, DELIVERIES, rows, conflict=["dedupe_key"], returning=["id", "dedupe_key"]
            )
            return {key: (delivery_id, payloads[key]) for delivery_id, key in found}
        insert = sqlite.insert
        statement = (
            insert(DELIVERIES)
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(DELIVERIES.c.id, DELIVERIES.c.dedupe_key)
        )
        # Core executemany with RETURNING: SQLAlchemy batches it into multi-row INSERTs
        # (the ORM's bulk path would only add per-row bookkeeping here).
        inserted = (await session.execute(statement, rows)).all()
        return {key: (delivery_id, payloads[key]) for delivery_id, key in inserted}


async def _claim_due(
    session: AsyncSession,
    now: datetime,
    exclude: Collection[str],
    limit: int,
    skip_locked: bool,
) -> list[tuple[DueItem, Recipient]]:
    """Lock up to `limit` due rows, oldest first, except kinds in `exclude`.

    The shape matters at 100,000 due rows: the only indexable conditions are the due
    index's (active, next_run_at), and the order is its order, so PostgreSQL walks the
    index and stops at `limit` instead of sorting every due row for every batch (an
    indexable `kind IN (...)` tempts it into exactly that when statistics are stale).
    """
    statement = (
        select(
            ScheduledItem.id.label("item_id"),
            ScheduledItem.kind,
            ScheduledItem.source_id,
            ScheduledItem.next_run_at,
            *MEMBER_COLUMNS,
            Member.sign_name,
        )
        .join(Member, Member.id == ScheduledItem.member_id)
        .where(ScheduledItem.active.is_(True), ScheduledItem.next_run_at <= now)
        .order_by(ScheduledItem.next_run_at)
        .limit(limit)
    )
    if exclude:
        statement = statement.where(ScheduledItem.kind.not_in(sorted(exclude)))
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
            # How drafts are signed: the member's own choice (`name`), else the platform's.
            display_name=row.sign_name or row.display_name,
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


async def _advance(
    session: AsyncSession, items: Sequence[DueItem], plans: Sequence[Plan], *, set_based: bool
) -> None:
    """Move recurring rows to their next run; delete finished one-off rows."""
    moved: dict[datetime, list[int]] = {}
    finished = []
    for item, plan in zip(items, plans, strict=True):
        if plan.next_run_at is None:
            finished.append(item.item_id)
        else:
            moved.setdefault(plan.next_run_at, []).append(item.item_id)
    table = SCHEDULED
    if set_based:  # PostgreSQL: one UPDATE ... FROM unnest(ids, times) for the batch
        await bulk.move_items(session, moved)
    elif len(moved) <= GROUPED_UPDATES:
        # Rows due together mostly move together (same local time tomorrow), so one
        # UPDATE per distinct time is far cheaper than one per row.
        for run_at, ids in moved.items():
            await session.execute(
                update(table).where(table.c.id.in_(ids)).values(next_run_at=run_at)
            )
    else:
        rows = [{"id": i, "next_run_at": run_at} for run_at, ids in moved.items() for i in ids]
        await session.execute(update(ScheduledItem), rows)
    if finished:
        await session.execute(
            delete(table).where(bulk.id_among(table.c.id, finished, arrays=set_based))
        )
