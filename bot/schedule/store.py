"""Claiming delivery rows in bulk: what is ready, what a dead worker left, and handing back.

Every statement here handles a whole batch, so the dispatcher's database cost grows with
the number of batches, not the number of messages. A claim is a lease: `claimed_by` and
`claimed_at` say who holds a `sending` row; one whose holder vanished (a hard crash) is
claimed again once the lease runs out, which is how nothing is ever lost.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, Row, Select, Table, literal_column, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Delivery, Member
from bot.schedule import bulk
from bot.schedule import community_targets as community
from bot.schedule.targets import CommunityTarget, target_from_json
from bot.schedule.transport import Recipient

# The table itself, for Core statements on hot paths (no ORM bookkeeping per call).
DELIVERIES = cast(Table, Delivery.__table__)


@dataclass(frozen=True)
class Claimed:
    """A delivery this worker holds (status `sending`), with everything a send needs."""

    delivery_id: int
    dedupe_key: str
    kind: str
    payload: dict[str, Any]
    attempts: int
    recipient: Recipient
    # Where a community delivery goes (None: the member's DM), and when it is too late.
    target: CommunityTarget | None = None
    expires_at: datetime | None = None


def recipient_of(member: Any) -> Recipient:
    """The recipient for a row with member columns (id, platform, team_id, external_id...)."""
    return Recipient(
        member_id=member.id,
        platform=member.platform,
        team_id=member.team_id,
        user_id=member.external_id,
        display_name=member.display_name,
        tz=member.tz,
    )


MEMBER_COLUMNS = (
    Member.id,
    Member.platform,
    Member.team_id,
    Member.external_id,
    Member.display_name,
    Member.tz,
)


# A claimed delivery whose member is paused, or whose platform this worker cannot reach,
# is handed back to wait this long, so it neither churns nor blocks the ready queue.
INELIGIBLE_WAIT = timedelta(minutes=10)

# Written into the SQL, not bound: the open index is partial (`status IN ('pending',
# 'sending')`), and the planner can only use it when it sees which status is asked for.
_PENDING: ColumnElement[str] = literal_column("'pending'")
_SENDING: ColumnElement[str] = literal_column("'sending'")

_RETURNED = (
    Delivery.id,
    Delivery.dedupe_key,
    Delivery.kind,
    Delivery.member_id,
    Delivery.community_id,
    Delivery.payload,
    Delivery.attempts,
    Delivery.target,
    Delivery.expires_at,
)


async def claim_ready(
    session: AsyncSession,
    now: datetime,
    *,
    worker_id: str,
    limit: int,
    platforms: Collection[str],
    skip_locked: bool,
) -> list[Claimed]:
    """Claim up to `limit` pending deliveries whose time has come, oldest first.

    These are retries and handed-back claims (new deliveries come from the engine).
    One `UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING`, so
    concurrent workers take disjoint rows. The inner select uses only the ready index
    (status, not_before) in its own order: cheap at any table size, whatever the
    statistics say. Members are checked afterwards (see `INELIGIBLE_WAIT`).
    """
    candidates = (
        select(Delivery.id)
        .where(Delivery.status == _PENDING, Delivery.not_before <= now)
        .order_by(Delivery.not_before)
        .limit(limit)
    )
    return await _claim(session, candidates, now, worker_id, platforms, skip_locked, stale=False)


async def claim_stale(
    session: AsyncSession,
    now: datetime,
    *,
    worker_id: str,
    limit: int,
    lease: timedelta,
    platforms: Collection[str],
    skip_locked: bool,
) -> list[Claimed]:
    """Claim deliveries left `sending` past their lease (their worker died mid-send)."""
    candidates = (
        select(Delivery.id)
        .where(Delivery.status == _SENDING, Delivery.claimed_at < now - lease)
        .order_by(Delivery.claimed_at)
        .limit(limit)
    )
    return await _claim(session, candidates, now, worker_id, platforms, skip_locked, stale=True)


async def _claim(
    session: AsyncSession,
    candidates: Select[Any],
    now: datetime,
    worker_id: str,
    platforms: Collection[str],
    skip_locked: bool,
    *,
    stale: bool,
) -> list[Claimed]:
    if skip_locked:
        candidates = candidates.with_for_update(skip_locked=True)
    values: dict[str, Any] = {"status": "sending", "claimed_by": worker_id, "claimed_at": now}
    if stale:
        # It may have been mid-send when its worker died: count the attempt, so a
        # message that crashes the sender cannot loop forever.
        values["attempts"] = Delivery.attempts + 1
    table = DELIVERIES
    claim = (
        update(table)
        .where(table.c.id.in_(candidates.scalar_subquery()))
        .values(**values)
        .returning(*(table.c[column.key] for column in _RETURNED))
    )
    rows = (await session.execute(claim)).all()
    if not rows:
        return []
    recipients = await _recipients(session, rows, platforms, arrays=skip_locked)
    waiting = [row.id for row in rows if row.id not in recipients]
    if waiting:
        await session.execute(
            update(table)
            .where(bulk.id_among(table.c.id, waiting, arrays=skip_locked))
            .values(
                status="pending", claimed_by=None, claimed_at=None, not_before=now + INELIGIBLE_WAIT
            )
        )
    return [
        Claimed(
            r.id,
            r.dedupe_key,
            r.kind,
            r.payload,
            r.attempts,
            recipients[r.id],
            target_from_json(r.target),
            r.expires_at,
        )
        for r in sorted(rows, key=lambda row: row.id)
        if r.id in recipients
    ]


async def _recipients(
    session: AsyncSession, rows: Sequence[Row[Any]], platforms: Collection[str], *, arrays: bool
) -> dict[int, Recipient]:
    """{delivery id: recipient} for claimed rows that can be sent now.

    Left out: deliveries of a paused member or community, or of a platform this worker
    cannot reach (the caller hands those back to wait).
    """
    member_ids = {row.member_id for row in rows if row.member_id is not None}
    found = await session.execute(
        select(*MEMBER_COLUMNS, Member.paused_at).where(
            bulk.id_among(Member.id, member_ids, arrays=arrays)
        )
    )
    members = {
        m.id: recipient_of(m) for m in found if m.paused_at is None and m.platform in platforms
    }
    recipients = {row.id: members[row.member_id] for row in rows if row.member_id in members}
    to_communities = [
        (r.id, r.community_id, target_from_json(r.target)) for r in rows if r.community_id
    ]
    if to_communities:
        recipients.update(await community.community_recipients(session, to_communities, platforms))
    return recipients


async def release(session: AsyncSession, claimed: Sequence[Claimed]) -> None:
    """Hand unstarted claims back as pending (a graceful stop)."""
    if claimed:
        table = DELIVERIES
        await session.execute(
            update(table)
            .where(
                bulk.id_among(
                    table.c.id, [c.delivery_id for c in claimed], arrays=bulk.has_arrays(session)
                )
            )
            .values(status="pending", claimed_by=None, claimed_at=None)
        )


async def renew(
    session: AsyncSession, ids: Collection[int], *, worker_id: str, now: datetime
) -> set[int]:
    """Renew this worker's claims on `ids`; returns those it still holds.

    A claim another worker took over (this one stopped renewing for longer than the
    lease) or that was recorded meanwhile is not renewed and not returned.
    """
    if not ids:
        return set()
    table = DELIVERIES
    result = await session.execute(
        update(table)
        .where(
            bulk.id_among(table.c.id, sorted(ids), arrays=bulk.has_arrays(session)),
            table.c.status == "sending",
            table.c.claimed_by == worker_id,
        )
        .values(claimed_at=now)
        .returning(table.c.id)
    )
    return set(result.scalars())
