"""Delivery kinds: what each kind plans when due, and how its message reads.

The engine is kind-agnostic: it is handed the kinds it schedules (`bot.kinds.KINDS`),
claims due rows, asks the row's kind for a `Plan`
(batched, so a 100k fan-out costs a few queries, not 100k), writes deliveries, and later
asks the kind to `render` a delivery's payload. Rendering only reads the payload, so a
resend after a crash says exactly what the first attempt said.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content import ContentLibrary
from bot.db.engine import Database
from bot.replies import Reply
from bot.schedule.targets import CommunityTarget
from bot.schedule.transport import CommunityTransport, PostRef


@dataclass(frozen=True)
class DueItem:
    """A claimed scheduled row with what kinds usually need about its member."""

    item_id: int
    kind: str
    # None for a community's row (a channel post or a group).
    member_id: int | None
    source_id: str
    due_at: datetime
    tz: str
    display_name: str

    @property
    def member(self) -> int:
        """The member id of a member's row (every DM kind's); community rows have none."""
        if self.member_id is None:
            raise ValueError(f"a {self.kind} row of a community has no member")
        return self.member_id


@dataclass(frozen=True)
class Plan:
    """The engine's instructions for one due item.

    - `key`: the delivery's identity after the kind and member: the target local date
      (recurring kinds) or the source id (one-off kinds). Unique in the database.
    - `status`: `pending` to send; `missed`/`skipped` to record without sending; `drop`
      to record nothing (the source is gone: a cancelled reminder, daily turned off).
    - `next_run_at`: when the row is due again (recurring), or None to finish it.
    - `expires_at`: past this instant a pending delivery is recorded as missed instead of
      sent (a daily question retried into the evening), enforced by the dispatcher.
    - `target`: where a community row's delivery goes (a channel post or a group); None
      for a member's DM.
    """

    key: str
    status: Literal["pending", "missed", "skipped", "drop"] = "pending"
    payload: dict[str, Any] = field(default_factory=dict)
    local_date: date | None = None
    next_run_at: datetime | None = None
    expires_at: datetime | None = None
    target: CommunityTarget | None = None


class DeliveryKind(ABC):
    """One kind of scheduled message."""

    name: ClassVar[str]

    @abstractmethod
    async def plan(
        self,
        session: AsyncSession,
        items: Sequence[DueItem],
        now: datetime,
        content: ContentLibrary,
    ) -> list[Plan]:
        """One plan per item, in order. Runs inside the claiming transaction."""

    async def planned(
        self, session: AsyncSession, planned: Sequence[tuple[DueItem, Plan]], now: datetime
    ) -> None:
        """Side effects of deliveries that were really written (a dedupe conflict is not).

        Runs in the claiming transaction, after the insert: e.g. record the question asked.
        """
        return None

    @abstractmethod
    def render(self, payload: dict[str, Any], content: ContentLibrary) -> Reply:
        """The message for a planned delivery, from its payload alone."""

    async def before_post(
        self, db: Database, transport: CommunityTransport, sending: CommunitySend
    ) -> dict[str, Any]:
        """A community post's last word before rendering; returns the payload to render.

        For what only the platform knows at sending time (how many answered yesterday's
        question). Whatever it changes it should store, so a resend says the same.
        """
        return dict(sending.payload)

    async def landed(self, session: AsyncSession, payload: dict[str, Any], ref: PostRef) -> None:
        """A community post went out and landed at `ref` (e.g. keep its thread)."""
        return None


@dataclass(frozen=True)
class CommunitySend:
    """A community delivery about to be posted, as `before_post` sees it."""

    delivery_id: int
    team_id: str
    payload: dict[str, Any]
