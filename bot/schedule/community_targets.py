"""Community targets: scheduled rows and deliveries addressed to a community.

Most deliveries are DMs to one member. Channel posts (`channel_question`, the pairing
announcement) and group conversations (a pairing group's opener) go to a community
instead: their `scheduled_items` and `deliveries` rows have `community_id` set and no
`member_id`. Where such a delivery goes is its kind's choice when it is planned
(`Plan.target`, a `ChannelTarget` or `GroupTarget`), kept in the delivery's `target` column.

The engine, store and dispatcher stay kind-agnostic: they call the few functions here
for rows whose `community_id` is set (see docs/scheduling.md, "Community targets"), and
kinds add what only they know through `before_post` and `landed`. Everything else
(claiming, dedupe keys, leases, retries, backoff) is shared with DMs.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content import ContentLibrary
from bot.db.engine import Database
from bot.db.models import Community, ScheduledItem
from bot.replies import Reply
from bot.schedule.kinds import CommunitySend, DeliveryKind, DueItem
from bot.schedule.targets import CommunityTarget, GroupTarget
from bot.schedule.transport import (
    CommunityTransport,
    PermanentSendError,
    Recipient,
    Transport,
)

log = logging.getLogger(__name__)


def owner(member_id: int | None, community_id: int | None) -> str:
    """The owner part of a dedupe key: the member id, or `c<id>` for a community."""
    return f"c{community_id}" if community_id is not None else str(member_id)


def community_recipient(
    community_id: int, platform: str, team_id: str, target: CommunityTarget | None = None
) -> Recipient:
    """The recipient of a community delivery; `user_id` names the destination.

    Rate limits key on `user_id`, so a channel is limited like one member (about one
    message a second), and each group like another.
    """
    return Recipient(
        member_id=None,
        platform=platform,
        team_id=team_id,
        user_id=target.destination if target is not None else "",
        tz=target.tz if target is not None else "UTC",
        community_id=community_id,
    )


def routed(recipient: Recipient, target: CommunityTarget | None) -> Recipient:
    """A community recipient with its destination filled in from a plan's target."""
    if recipient.community_id is None or target is None:
        return recipient
    return replace(recipient, user_id=target.destination, tz=target.tz)


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
            member_id=None,
            source_id=row.source_id,
            due_at=row.next_run_at,
            tz="UTC",
            display_name="",
        )
        due.append((item, community_recipient(row.community_id, row.platform, row.team_id)))
    return due


async def community_recipients(
    session: AsyncSession,
    rows: Iterable[tuple[int, int, CommunityTarget | None]],
    platforms: Collection[str],
) -> dict[int, Recipient]:
    """{delivery id: recipient} for claimed community deliveries (id, community, target).

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
            target,
        )
        for delivery_id, community_id, target in rows
        if community_id in communities
    }


async def deliver(
    delivery_kind: DeliveryKind,
    db: Database,
    transport: Transport,
    content: ContentLibrary,
    delivery_id: int,
    payload: dict[str, Any],
    target: CommunityTarget | None,
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
    if target is None:
        raise PermanentSendError(f"a {delivery_kind.name} delivery has no target", scope="member")
    data = await delivery_kind.before_post(
        db, transport, CommunitySend(delivery_id, recipient.team_id, payload)
    )
    try:
        reply: Reply = delivery_kind.render(data, content)
    except Exception as error:
        raise PermanentSendError(f"could not render: {error}"[:300], scope="member") from error
    if isinstance(target, GroupTarget):
        ref = await transport.open_group(
            recipient.team_id, target, reply, idempotency_key=idempotency_key
        )
    else:
        ref = await transport.post_channel(
            recipient.team_id, target, reply, idempotency_key=idempotency_key
        )
    try:
        async with db.session() as session:
            await delivery_kind.landed(session, data, ref)
    except Exception:
        # The message is out; failing the delivery now would only send it twice.
        log.exception("could not record where a %s delivery landed", delivery_kind.name)
