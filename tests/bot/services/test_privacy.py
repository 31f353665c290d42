"""Privacy: the export holds every row naming the member (and no one else's); delete
leaves none."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import Table, or_, select

from bot.app import PrepBot
from bot.commands.grammar import parse
from bot.commands.types import PrivacyDelete
from bot.db.models import (
    Base,
    ChannelPost,
    Community,
    DailySubscription,
    Delivery,
    DigestOptOut,
    Member,
    PairingGroup,
    PairingGroupMember,
    PairingOptIn,
    PairingRound,
    ScheduledItem,
)
from bot.schedule.kind_names import THANK_YOU
from tests.bot.services.test_interviews_support import (
    JOURNEY,
    items,
    plain,
    row_counts,
    run_due,
    say,
)

AFTER = datetime(2026, 3, 12, 15, 0, tzinfo=UTC)


@pytest.fixture
def bot(db, clock):
    return PrepBot(db, clock=clock)


async def _populate(bot, db, clock, user: str) -> None:
    """One member with a row in every table: the whole journey plus practice."""
    await say(bot, "question", user=user)
    await say(bot, "answer I led the fix under pressure. We cut errors by 40%.", user=user)
    await say(bot, "stories add Led the fix under pressure", user=user)
    await say(bot, "practice", user=user)  # an open timed question
    await say(bot, "review off", user=user)  # the AI reviewer choice
    await say(bot, "apply Globex as Analyst via a referral", user=user)
    await say(bot, JOURNEY, user=user)
    await say(bot, "followup 2026-03-20 ask about next steps", user=user)
    async with db.session() as session:
        member = await session.scalar(select(Member).where(Member.external_id == user))
        session.add(
            DailySubscription(member_id=member.id, local_time="08:00", updated_at=clock.now())
        )
        await _join_community(session, member.id, clock.now())
        # A delivery already sent and one waiting: both name the member.
        for status in ("sent", "pending"):
            session.add(
                Delivery(
                    dedupe_key=f"test:{member.id}:{status}",
                    kind="reminder",
                    member_id=member.id,
                    due_at=clock.now(),
                    not_before=clock.now(),
                    payload={"text": f"{user} {status}"},
                    status=status,
                )
            )


async def _join_community(session, member_id: int, now: datetime) -> None:
    """Opt in to pairing, sit in this week's pair, skip the digest (shared rows once)."""
    community = await session.scalar(select(Community))
    if community is None:
        community = Community(platform="console", team_id="", created_at=now)
        session.add(community)
        await session.flush()
        session.add(
            ChannelPost(
                community_id=community.id, channel_id="C1", local_time="09:00", updated_at=now
            )
        )
        round_ = PairingRound(community_id=community.id, week="2026-W10", run_at=now)
        session.add(round_)
        await session.flush()
        session.add(PairingGroup(round_id=round_.id, position=0, question_ids=["q1"]))
        # Community-wide schedule and post: they name no member and must survive.
        session.add(
            ScheduledItem(
                kind="pairing",
                community_id=community.id,
                source_id="",
                next_run_at=now,
                created_at=now,
            )
        )
        session.add(
            Delivery(
                dedupe_key="channel:1",
                kind="channel_question",
                community_id=community.id,
                due_at=now,
                not_before=now,
                payload={},
            )
        )
        await session.flush()
    group = await session.scalar(select(PairingGroup))
    session.add(PairingOptIn(member_id=member_id, community_id=community.id, opted_in_at=now))
    position = len(list(await session.scalars(select(PairingGroupMember))))
    session.add(PairingGroupMember(group_id=group.id, member_id=member_id, position=position))
    session.add(DigestOptOut(member_id=member_id, created_at=now))


async def _member_id(db, user: str) -> int:
    async with db.session() as session:
        return await session.scalar(select(Member.id).where(Member.external_id == user))


async def _naming(db, member_id: int) -> dict[str, set[tuple]]:
    """Primary keys of every row that names the member, for each table that can name one."""
    found: dict[str, set[tuple]] = {}
    parents: dict[str, dict[str, set]] = {}  # table -> column -> values in their rows
    async with db.session() as session:
        for table in Base.metadata.sorted_tables:
            where = _names_member(table, member_id, parents)
            if where is None:
                continue
            rows = (await session.execute(select(table).where(where))).mappings().all()
            keys = [c.name for c in table.primary_key.columns]
            found[table.name] = {tuple(row[k] for k in keys) for row in rows}
            referenced = {
                fk.column.name
                for other in Base.metadata.sorted_tables
                for fk in other.foreign_keys
                if fk.column.table is table
            }
            parents[table.name] = {c: {row[c] for row in rows} for c in referenced}
    return found


def _names_member(table: Table, member_id: int, parents: dict[str, dict[str, set]]):
    """How a row names a member: it is them, has their id, or hangs off a row of theirs."""
    if table.name == "members":
        return table.c.id == member_id
    if "member_id" in table.c:
        return table.c.member_id == member_id
    links = [
        fk.parent.in_(parents[fk.column.table.name][fk.column.name])
        for fk in table.foreign_keys
        if fk.column.table.name in parents
    ]
    return or_(*links) if links else None


@pytest.fixture
async def two_members(bot, db, clock):
    await _populate(bot, db, clock, "ana")
    await _populate(bot, db, clock, "bo")
    return await _member_id(db, "ana"), await _member_id(db, "bo")


async def test_every_table_is_exercised(db, two_members):
    """Each member has a row in every table that can name one, so the tests cover all."""
    for member_id in two_members:
        naming = await _naming(db, member_id)
        expected = {"members", "interviewers", "deliveries", "pairing_group_members"}
        assert expected | {"applications"} <= set(naming)
        assert all(naming.values()), {name: len(rows) for name, rows in naming.items()}
    shared = {t.name for t in Base.metadata.sorted_tables} - set(naming)
    assert "communities" in shared  # community rows name nobody: never exported or deleted


async def test_export_is_complete_and_only_theirs(bot, db, two_members):
    """Every row naming the member is in the export; none of another member's is."""
    ana, bo = two_members
    reply = await say(bot, "privacy export")
    assert reply.attachment is not None and reply.attachment.filename.endswith(".json")
    document = json.loads(reply.attachment.content)
    exported = document["tables"]
    expected = await _naming(db, ana)
    assert set(exported) == set(expected)
    for table in Base.metadata.sorted_tables:
        if table.name in expected:
            keys = [c.name for c in table.primary_key.columns]
            got = {tuple(row[k] for k in keys) for row in exported[table.name]}
            assert got == expected[table.name], table.name
    theirs = await _naming(db, bo)
    assert not any(
        tuple(row[c.name] for c in t.primary_key.columns) in theirs.get(t.name, set())
        for t in Base.metadata.sorted_tables
        for row in exported.get(t.name, [])
    )
    assert "bo pending" not in reply.attachment.content
    assert reply.attachment.content in plain(reply)  # the console prints it


async def test_delete_asks_first_and_changes_nothing(bot, db, two_members):
    """`privacy delete` alone only asks, with a danger button that confirms."""
    ana, _ = two_members
    before = await _naming(db, ana)
    reply = await say(bot, "privacy delete")
    [button] = reply.buttons
    assert button.style == "danger" and parse(button.command) == PrivacyDelete(confirmed=True)
    assert "interview" in plain(reply) and "cannot be undone" in plain(reply)
    assert await _naming(db, ana) == before


async def test_confirmed_delete_leaves_no_row_naming_them(bot, db, clock, two_members):
    """After confirming, no table has a row naming the member; the other member is untouched."""
    ana, bo = two_members
    theirs_before = await _naming(db, bo)
    mine_before = await _naming(db, ana)
    shared_before = await row_counts(db)
    reply = await say(bot, "privacy delete confirm")
    assert not reply.is_error and "deleted everything" in plain(reply)
    async with db.session() as session:
        for table in Base.metadata.sorted_tables:
            if table.name not in mine_before:
                continue
            keys = list(table.primary_key.columns)
            left = {tuple(r) for r in await session.execute(select(*keys))}
            assert not left & mine_before[table.name], table.name
    leftover = {k: v for k, v in (await _naming(db, ana)).items() if v}
    assert not leftover, leftover
    after = await row_counts(db)
    for name, count in shared_before.items():
        assert after[name] == count - len(mine_before.get(name, ())), name
    assert await _naming(db, bo) == theirs_before
    # The schedule is cancelled: only bo's drafts come at +2 h.
    [ran] = await run_due(db, clock, THANK_YOU, AFTER)
    assert ran.item.member_id == bo
    assert {i.member_id for i in await items(db)} == {bo, None}  # None: the community's


async def test_a_deleted_member_starts_fresh(bot, db, two_members):
    """Using prepbot again after deleting creates a new, empty member."""
    await say(bot, "privacy delete confirm")
    text = plain(await say(bot, "interviews"))
    assert "No interviews yet" in text
    assert "0 of the" in plain(await say(bot, "stories"))
