"""Community targets: scheduled rows and deliveries addressed to a community.

Most deliveries are DMs to one member. Channel posts (`channel_question`, the pairing
announcement) and group conversations (a pairing group's opener) go to a community
instead: their `scheduled_items` and `deliveries` rows have `community_id` set and no
`member_id`. Where such a delivery goes is decided by its kind when it is planned, and
travels in the payload under `_route`:

- `{"to": "channel", "channel_id": ..., "thread": bool, "tz": ...}`: post in a channel,
  optionally opening a thread for answers;
- `{"to": "group", "user_ids": [...], "channel_id": ... | None, "tz": ...}`: open a
  group DM (Slack) or a private thread from `channel_id` (Discord) with these members.

The engine, store and dispatcher stay kind-agnostic: they call the few functions here
for rows whose `community_id` is set (see docs/scheduling.md, "Community targets").
Everything else (claiming, dedupe keys, leases, retries, backoff) is shared with DMs.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content import ContentLibrary
from bot.db.engine import Database
from bot.db.models import ChannelPostRecord, Community, Delivery, PairingGroup, ScheduledItem
from bot.replies import Reply
from bot.schedule.kinds import DueItem, get_kind
from bot.schedule.transport import (
    CommunityTransport,
    PermanentSendError,
    PostRef,
    Recipient,
    Transport,
)

log = logging.getLogger(__name__)

ROUTE_KEY = "_route"
# DueItem.member_id / Recipient.member_id of a community-targeted row.
NO_MEMBER = 0


def owner(member_id: int | None, community_id: int | None) -> str:
    """The owner part of a dedupe key: the member id, or `c<id>` for a community."""
    return f"c{community_id}" if community_id is not None else str(member_id)


def community_recipient(
    community_id: int, platform: str, team_id: str, payload: Mapping[str, Any] | None = None
) -> Recipient:
    """The recipient of a community delivery; `user_id` names the destination.

    Rate limits key on `user_id`, so a channel is limited like one member (about one
    message a second), and each group like another.
    """
    route = dict((payload or {}).get(ROUTE_KEY) or {})
    if route.get("to") == "group":
        destination = "group:" + ",".join(route.get("user_ids", []))
    else:
        destination = str(route.get("channel_id", ""))
    return Recipient(
        member_id=NO_MEMBER,
        platform=platform,
        team_id=team_id,
        user_id=destination,
        tz=str(route.get("tz", "UTC")),
        community_id=community_id,
    )


def routed(recipient: Recipient, payload: Mapping[str, Any]) -> Recipient:
    """A community recipient with its destination filled in from a planned payload."""
    if recipient.community_id is None:
        return recipient
    found = community_recipient(
        recipient.community_id, recipient.platform, recipient.team_id, payload
    )
    return replace(recipient, user_id=found.user_id, tz=found.tz)


async def claim_community_due(
    session: AsyncSession,
    now: datetime,
    kinds: Collection[str],
    limit: int,
    skip_locked: bool,
) -> list[tuple[DueItem, Recipient]]:
    """Lock up to `limit` due community rows of known kinds, oldest first.

    The engine's `_claim_due` joins `members`, which these rows do not have; it calls
    this for the rest of its batch. A paused community's rows are inactive already.
    """
    if limit <= 0:
        return []
    statement = (
        select(
            ScheduledItem.id,
            ScheduledItem.kind,
            ScheduledItem.source_id,
            ScheduledItem.next_run_at,
            Community.id.label("community_id"),
            Community.platform,
            Community.team_id,
        )
        .join(Community, Community.id == ScheduledItem.community_id)
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
            item_id=row.id,
            kind=row.kind,
            member_id=NO_MEMBER,
            source_id=row.source_id,
            due_at=row.next_run_at,
            tz="UTC",
            display_name="",
        )
        due.append((item, community_recipient(row.community_id, row.platform, row.team_id)))
    return due


async def community_recipients(
    session: AsyncSession,
    rows: Iterable[tuple[int, int, Mapping[str, Any]]],
    platforms: Collection[str],
) -> dict[int, Recipient]:
    """{delivery id: recipient} for claimed community deliveries (id, community, payload).

    Left out, like a paused member's DMs: deliveries of a paused community, or of a
    platform this worker cannot reach. The store hands those back to wait.
    """
    rows = list(rows)
    found = await session.execute(
        select(Community.id, Community.platform, Community.team_id).where(
            Community.id.in_({community_id for _, community_id, _ in rows}),
            Community.paused_at.is_(None),
            Community.platform.in_(list(platforms)),
        )
    )
    communities = {row.id: row for row in found}
    return {
        delivery_id: community_recipient(
            community_id,
            communities[community_id].platform,
            communities[community_id].team_id,
            payload,
        )
        for delivery_id, community_id, payload in rows
        if community_id in communities
    }


async def _count_answers(
    db: Database, transport: CommunityTransport, delivery_id: int, team_id: str, payload: Any
) -> dict[str, Any]:
    """Fill in how many answered the previous post, once, and keep it in the payload."""
    previous = payload.get("previous")
    if not previous or payload.get("answered") is not None:
        return dict(payload)
    ref = PostRef(previous["channel_id"], previous["message_id"], previous.get("thread_id"))
    try:
        answered: int | None = await transport.count_thread_replies(team_id, ref)
    except PermanentSendError:
        answered = None  # the thread is gone: say nothing about it
    updated = {**payload, "answered": answered, "previous": None}
    async with db.session() as session:
        await session.execute(
            update(Delivery).where(Delivery.id == delivery_id).values(payload=updated)
        )
        if answered is not None:
            await session.execute(
                update(ChannelPostRecord)
                .where(ChannelPostRecord.id == previous["record_id"])
                .values(answer_count=answered)
            )
    return updated


async def _remember(db: Database, kind: str, payload: Mapping[str, Any], ref: PostRef) -> None:
    """Keep where a post landed: the thread a channel question's answers go to."""
    try:
        async with db.session() as session:
            if kind == "channel_question":
                await session.execute(
                    update(ChannelPostRecord)
                    .where(
                        ChannelPostRecord.channel_post_id == payload["channel_post_id"],
                        ChannelPostRecord.local_date
                        == datetime.fromisoformat(payload["local_date"]).date(),
                    )
                    .values(message_ref=ref.message_id, thread_ref=ref.thread_id)
                )
            elif "group_id" in payload:
                await session.execute(
                    update(PairingGroup)
                    .where(PairingGroup.id == payload["group_id"])
                    .values(thread_ref=ref.thread_id or ref.channel_id)
                )
    except Exception:
        # The message is out; failing the delivery now would only send it twice.
        log.exception("could not record where a %s delivery landed", kind)


async def deliver(
    db: Database,
    transport: Transport,
    content: ContentLibrary,
    delivery_id: int,
    kind: str,
    payload: Mapping[str, Any],
    recipient: Recipient,
    idempotency_key: str,
) -> None:
    """Render and send one community delivery; raises `SendError`s like `send`.

    The dispatcher calls this instead of `render` + `transport.send` when the claimed
    delivery's recipient has a `community_id`.
    """
    if not isinstance(transport, CommunityTransport):
        raise PermanentSendError(
            f"{recipient.platform} cannot post to channels or groups yet", scope="member"
        )
    route = dict(payload.get(ROUTE_KEY) or {})
    data = dict(payload)
    if kind == "channel_question":
        data = await _count_answers(db, transport, delivery_id, recipient.team_id, payload)
    try:
        reply: Reply = get_kind(kind).render(data, content)
    except Exception as error:
        raise PermanentSendError(f"could not render: {error}"[:300], scope="member") from error
    if route.get("to") == "group":
        ref = await transport.open_group(
            recipient.team_id,
            list(route.get("user_ids", [])),
            reply,
            idempotency_key=idempotency_key,
            channel_id=route.get("channel_id"),
            tz=recipient.tz,
        )
    elif route.get("to") == "channel":
        ref = await transport.post_channel(
            recipient.team_id,
            str(route["channel_id"]),
            reply,
            idempotency_key=idempotency_key,
            open_thread=bool(route.get("thread")),
            tz=recipient.tz,
        )
    else:
        raise PermanentSendError(f"a {kind} delivery has no route", scope="member")
    await _remember(db, kind, data, ref)
