"""Delivery rows in bulk: claim what is ready, record how sends went, release claims.

Every statement here handles a whole batch, so the dispatcher's database cost grows with
the number of batches, not the number of messages. A claim is a lease: `claimed_by` and
`claimed_at` say who holds a `sending` row; one whose holder vanished (a hard crash) is
claimed again once the lease runs out, which is how nothing is ever lost.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import and_, case, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Delivery, Member
from bot.schedule.transport import Recipient
from bot.services.members import pause_members, pause_team

OutcomeStatus = Literal["sent", "retry", "failed", "missed", "released"]


@dataclass(frozen=True)
class Claimed:
    """A delivery this worker holds (status `sending`), with everything a send needs."""

    delivery_id: int
    dedupe_key: str
    kind: str
    payload: dict[str, Any]
    attempts: int
    recipient: Recipient


@dataclass(frozen=True)
class Outcome:
    """What became of one claimed delivery; written in bulk by `record_outcomes`.

    `released` hands an unstarted claim back (graceful stop, rate-limit deferral) without
    counting an attempt; `retry` counts one and waits until `not_before`.
    """

    claimed: Claimed
    status: OutcomeStatus
    not_before: datetime | None = None
    error: str | None = None
    pause: Literal["member", "team"] | None = None


@dataclass
class OutcomeCounts:
    """How many deliveries ended each way (for logs, `clock --json` and benchmarks)."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, status: str, n: int = 1) -> None:
        """Count `n` more deliveries with `status`."""
        self.counts[status] = self.counts.get(status, 0) + n

    def __getitem__(self, status: str) -> int:
        return self.counts.get(status, 0)


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


async def claim_ready(
    session: AsyncSession,
    now: datetime,
    *,
    worker_id: str,
    limit: int,
    lease: timedelta,
    platforms: Collection[str],
    skip_locked: bool,
) -> list[Claimed]:
    """Claim up to `limit` pending deliveries that are due, plus stale claims (lease over).

    One `UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING`, so
    concurrent workers take disjoint rows. Only platforms this worker can send to, and
    only members who are not paused (their rows wait until the member is back).
    """
    ready = or_(
        and_(Delivery.status == "pending", Delivery.not_before <= now),
        and_(Delivery.status == "sending", Delivery.claimed_at < now - lease),
    )
    candidates = (
        select(Delivery.id)
        .join(Member, Member.id == Delivery.member_id)
        .where(ready, Member.paused_at.is_(None), Member.platform.in_(list(platforms)))
        .order_by(Delivery.not_before, Delivery.id)
        .limit(limit)
    )
    if skip_locked:
        candidates = candidates.with_for_update(skip_locked=True, of=Delivery)
    claim = (
        update(Delivery)
        .where(Delivery.id.in_(candidates.scalar_subquery()))
        .values(
            status="sending",
            claimed_by=worker_id,
            claimed_at=now,
            # A stale claim may have been mid-send when its worker died: count it, so a
            # message that crashes the sender cannot loop forever.
            attempts=case(
                (Delivery.status == "sending", Delivery.attempts + 1), else_=Delivery.attempts
            ),
        )
        .returning(
            Delivery.id, Delivery.dedupe_key, Delivery.kind, Delivery.member_id,
            Delivery.payload, Delivery.attempts,
        )
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    rows = (await session.execute(claim)).all()
    if not rows:
        return []
    members = await session.execute(
        select(*MEMBER_COLUMNS).where(Member.id.in_({row.member_id for row in rows}))
    )
    recipients = {m.id: recipient_of(m) for m in members}
    return [
        Claimed(row.id, row.dedupe_key, row.kind, row.payload, row.attempts, recipients[row.member_id])
        for row in sorted(rows, key=lambda r: r.id)
    ]  # fmt: skip


async def record_outcomes(
    session: AsyncSession, outcomes: Sequence[Outcome], now: datetime
) -> None:
    """Write a batch of outcomes: a few statements whatever the batch size."""
    sent = [o.claimed.delivery_id for o in outcomes if o.status == "sent"]
    if sent:
        await session.execute(
            update(Delivery)
            .where(Delivery.id.in_(sent))
            .values(status="sent", sent_at=now, attempts=Delivery.attempts + 1, error=None)
            .execution_options(synchronize_session=False)
        )
    rows = [_row(o) for o in outcomes if o.status != "sent"]
    if rows:
        # ORM bulk UPDATE by primary key: one executemany for every other outcome.
        await session.execute(update(Delivery), rows)
    await _pause(session, outcomes, now)


async def _pause(session: AsyncSession, outcomes: Sequence[Outcome], now: datetime) -> None:
    """Pause whoever a permanent failure says cannot be reached, with its reason."""
    by_reason: dict[str, set[int]] = {}
    teams: dict[tuple[str, str], str] = {}
    for outcome in outcomes:
        who, reason = outcome.claimed.recipient, outcome.error or "messages cannot be delivered"
        if outcome.pause == "member":
            by_reason.setdefault(reason, set()).add(who.member_id)
        elif outcome.pause == "team":
            teams[(who.platform, who.team_id)] = reason
    for reason, member_ids in sorted(by_reason.items()):
        await pause_members(session, sorted(member_ids), reason, now)
    for (platform, team_id), reason in sorted(teams.items()):
        await pause_team(session, platform, team_id, reason, now)


def _row(outcome: Outcome) -> dict[str, Any]:
    claimed = outcome.claimed
    row: dict[str, Any] = {"id": claimed.delivery_id, "error": outcome.error}
    if outcome.status == "released":
        row.update(status="pending", claimed_by=None, claimed_at=None)
    elif outcome.status == "retry":
        row.update(status="pending", claimed_by=None, attempts=claimed.attempts + 1)
    elif outcome.status == "failed":
        row.update(status="failed", attempts=claimed.attempts + 1)
    else:  # missed: too late to send, so nothing was attempted
        row.update(status="missed")
    if outcome.not_before is not None:
        row["not_before"] = outcome.not_before
    return row


async def release(session: AsyncSession, claimed: Sequence[Claimed]) -> None:
    """Hand unstarted claims back as pending (a graceful stop)."""
    if claimed:
        await session.execute(
            update(Delivery)
            .where(Delivery.id.in_([c.delivery_id for c in claimed]))
            .values(status="pending", claimed_by=None, claimed_at=None)
            .execution_options(synchronize_session=False)
        )
