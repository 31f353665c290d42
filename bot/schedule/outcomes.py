"""Recording how sends went, in bulk: sent, retry later, failed (and who to pause), missed.

Outcomes arrive from the dispatcher's senders and are written by the flusher a group at
a time; the common case (everything sent) is a single UPDATE.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, Update, any_, bindparam, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.db.models import Delivery
from bot.logs import redact
from bot.schedule.pausing import pause_communities, pause_members, pause_team
from bot.schedule.store import DELIVERIES, Claimed

OutcomeStatus = Literal["sent", "retry", "failed", "missed", "released"]


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
    pause: Literal["member", "community", "team"] | None = None

    def __post_init__(self) -> None:
        # The error is stored (and exported with the member's data): an SDK message that
        # quotes a token must not carry it into the database.
        if self.error:
            object.__setattr__(self, "error", redact(self.error))


@dataclass
class OutcomeCounts:
    """How many deliveries ended each way (for logs, `clock --json` and benchmarks)."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, status: str, n: int = 1) -> None:
        """Count `n` more deliveries with `status`."""
        self.counts[status] = self.counts.get(status, 0) + n

    def __getitem__(self, status: str) -> int:
        return self.counts.get(status, 0)


def _sent_statement(ids: ColumnElement[bool]) -> Update:
    return (
        update(DELIVERIES)
        .where(ids)
        .values(
            status="sent",
            sent_at=bindparam("when", type_=DELIVERIES.c.sent_at.type),
            attempts=DELIVERIES.c.attempts + 1,
            error=None,
        )
    )


# Built once: this UPDATE runs for every group commit of a fan-out (thousands of times),
# and building it anew, with an IN list of literal ids, was a third of the flusher's CPU.
# PostgreSQL takes the ids as one array (`= ANY($1)`): one prepared statement whatever
# their number. SQLite has no arrays: an expanding IN, rendered at execution.
_SENT_ANY = _sent_statement(
    DELIVERIES.c.id == any_(bindparam("ids", type_=ARRAY(DELIVERIES.c.id.type)))
)
_SENT_IN = _sent_statement(DELIVERIES.c.id.in_(bindparam("ids", expanding=True)))


async def mark_sent(
    executor: AsyncSession | AsyncConnection, outcomes: Sequence[Outcome], now: datetime
) -> None:
    """Record sends that went through: one UPDATE for the lot."""
    if outcomes:
        if isinstance(executor, AsyncConnection):
            dialect = executor.dialect
        else:
            dialect = executor.get_bind().dialect
        on_postgres = dialect.name == "postgresql"
        await executor.execute(
            _SENT_ANY if on_postgres else _SENT_IN,
            {"ids": [o.claimed.delivery_id for o in outcomes], "when": now},
        )


async def record_outcomes(
    session: AsyncSession, outcomes: Sequence[Outcome], now: datetime
) -> None:
    """Write a batch of outcomes: a few statements whatever the batch size."""
    await mark_sent(session, [o for o in outcomes if o.status == "sent"], now)
    rows = [_row(o) for o in outcomes if o.status != "sent"]
    if rows:
        # ORM bulk UPDATE by primary key: one executemany for every other outcome.
        await session.execute(update(Delivery), rows)
    await _pause(session, outcomes, now)


async def _pause(session: AsyncSession, outcomes: Sequence[Outcome], now: datetime) -> None:
    """Pause whoever a permanent failure says cannot be reached, with its reason."""
    by_reason: dict[str, set[int]] = {}
    communities: dict[str, set[int]] = {}
    teams: dict[tuple[str, str], str] = {}
    for outcome in outcomes:
        who, reason = outcome.claimed.recipient, outcome.error or "messages cannot be delivered"
        if outcome.pause == "member" and who.member_id is not None:
            by_reason.setdefault(reason, set()).add(who.member_id)
        elif outcome.pause == "community" and who.community_id is not None:
            communities.setdefault(reason, set()).add(who.community_id)
        elif outcome.pause == "team":
            teams[(who.platform, who.team_id)] = reason
    for reason, member_ids in sorted(by_reason.items()):
        await pause_members(session, sorted(member_ids), reason, now)
    for reason, community_ids in sorted(communities.items()):
        await pause_communities(session, sorted(community_ids), reason, now)
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
