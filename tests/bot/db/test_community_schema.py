"""The community tables: one target per scheduled row and delivery, cascades on delete."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from bot.db.engine import Database
from bot.db.models import (
    Community,
    Delivery,
    DigestOptOut,
    Member,
    PairingGroup,
    PairingGroupMember,
    PairingOptIn,
    PairingRound,
    ScheduledItem,
)

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


async def _seed(db: Database) -> tuple[int, int]:
    async with db.session() as session:
        member = Member(platform="slack", team_id="T1", external_id="U1", created_at=NOW)
        community = Community(platform="slack", team_id="T1", created_at=NOW)
        session.add_all([member, community])
        await session.flush()
        return member.id, community.id


@pytest.mark.parametrize("both", [True, False])
async def test_a_scheduled_row_targets_a_member_or_a_community(db: Database, both: bool) -> None:
    """Both targets, or neither, is refused by the database itself."""
    member_id, community_id = await _seed(db)
    with pytest.raises(IntegrityError):
        async with db.session() as session:
            session.add(
                ScheduledItem(
                    kind="channel_question", member_id=member_id if both else None,
                    community_id=community_id if both else None, source_id="1",
                    next_run_at=NOW, created_at=NOW,
                )
            )  # fmt: skip


async def test_community_rows_are_unique_per_kind_and_source(db: Database) -> None:
    """The same community row twice violates the unique key, like a member's would."""
    _, community_id = await _seed(db)
    row = {"kind": "pairing_round", "community_id": community_id, "source_id": ""}
    with pytest.raises(IntegrityError):
        async with db.session() as session:
            for _ in range(2):
                session.add(ScheduledItem(**row, next_run_at=NOW, created_at=NOW))
                await session.flush()


async def test_deleting_a_member_leaves_no_community_row_naming_them(db: Database) -> None:
    """Opt-ins, group places and digest opt-outs go with the member; the group stays."""
    member_id, community_id = await _seed(db)
    async with db.session() as session:
        round_ = PairingRound(community_id=community_id, week="2026-W10", run_at=NOW, tz="UTC")
        session.add(round_)
        await session.flush()
        assert round_.checkin_at == datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
        group = PairingGroup(round_id=round_.id, position=0, question_ids=["q"])
        session.add(group)
        await session.flush()
        session.add_all(
            [
                PairingOptIn(member_id=member_id, community_id=community_id, opted_in_at=NOW),
                PairingGroupMember(group_id=group.id, member_id=member_id, position=0),
                DigestOptOut(member_id=member_id, created_at=NOW),
                Delivery(
                    dedupe_key="pairing_round:c1:x", kind="pairing_round",
                    community_id=community_id, due_at=NOW, not_before=NOW, payload={},
                ),
            ]
        )  # fmt: skip
    async with db.session() as session:
        await session.execute(delete(Member).where(Member.id == member_id))
    async with db.session() as session:
        for model in (PairingOptIn, PairingGroupMember, DigestOptOut):
            assert await session.scalar(select(func.count()).select_from(model)) == 0
        for model in (PairingGroup, Delivery):
            assert await session.scalar(select(func.count()).select_from(model)) == 1
