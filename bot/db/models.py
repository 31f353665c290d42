"""SQLAlchemy 2 typed models: every table prepbot keeps.

Ownership is explicit: every member-owned row has `member_id` with ON DELETE CASCADE, so
`privacy delete` removes a member by deleting one row, and every lookup a member can
trigger filters on it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.db.types import UTCDateTime

# Deterministic constraint names, so Alembic migrations can refer to them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a real BIGINT.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    """Declarative base with the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Member(Base):
    """A person on one platform and workspace; the same user id elsewhere is another member."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("platform", "team_id", "external_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    team_id: Mapped[str] = mapped_column(String(64), default="")
    external_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(120), default="")
    tz: Mapped[str] = mapped_column(String(64), default="UTC")
    # "default" until the member or their platform profile tells us otherwise.
    tz_source: Mapped[str] = mapped_column(String(16), default="default")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Set when a send failed permanently (DMs closed, left the workspace): nothing is
    # sent until the member uses prepbot again, which clears it.
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    paused_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)

    subscription: Mapped[DailySubscription | None] = relationship(
        back_populates="member", cascade="all, delete-orphan", passive_deletes=True
    )


class DailySubscription(Base):
    """The daily practice question: on or off, at which local time, which category."""

    __tablename__ = "daily_subscriptions"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    local_time: Mapped[str] = mapped_column(String(5))  # "HH:MM" in the member's zone
    category: Mapped[str | None] = mapped_column(String(40), nullable=True)
    skip_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    member: Mapped[Member] = relationship(back_populates="subscription")


class AskedQuestion(Base):
    """A practice question a member was given: no repeats until the pool is used up."""

    __tablename__ = "asked_questions"
    __table_args__ = (Index("ix_asked_questions_member_asked", "member_id", "asked_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(64))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    via: Mapped[str] = mapped_column(String(16))  # "daily" or "now"


class ScheduledItem(Base):
    """One row per future delivery: the schedule's source of truth.

    Unique per (kind, member, source) so planning the same thing twice is a no-op.
    Recurring kinds move `next_run_at` forward; one-off kinds are deleted once planned.
    """

    __tablename__ = "scheduled_items"
    __table_args__ = (
        UniqueConstraint("kind", "member_id", "source_id"),
        Index("ix_scheduled_items_due", "active", "next_run_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    source_id: Mapped[str] = mapped_column(String(64), default="")
    next_run_at: Mapped[datetime] = mapped_column(UTCDateTime())
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Delivery(Base):
    """A message planned for one member: the unique key makes a second one impossible.

    status: pending -> sending -> sent, or missed / failed (with `error`).
    """

    __tablename__ = "deliveries"
    __table_args__ = (
        Index("ix_deliveries_ready", "status", "not_before"),
        Index("ix_deliveries_member", "member_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    source_id: Mapped[str] = mapped_column(String(64), default="")
    local_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    error: Mapped[str | None] = mapped_column(String(300), nullable=True)


class Interview(Base):
    """An upcoming (or past) interview a member recorded."""

    __tablename__ = "interviews"
    __table_args__ = (UniqueConstraint("member_id", "short_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    short_id: Mapped[str] = mapped_column(String(8))
    company: Mapped[str] = mapped_column(String(80))
    job_title: Mapped[str | None] = mapped_column(String(80), nullable=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    interviewers: Mapped[list[Interviewer]] = relationship(
        back_populates="interview",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Interviewer.position",
    )


class Interviewer(Base):
    """One person met at an interview, and whether the thank-you note went out."""

    __tablename__ = "interviewers"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(60))
    role: Mapped[str | None] = mapped_column(String(60), nullable=True)
    thanked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    interview: Mapped[Interview] = relationship(back_populates="interviewers")


class Reminder(Base):
    """A one-off reminder or a follow-up nudge (kind `reminder` or `followup`)."""

    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("member_id", "short_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    short_id: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(16), default="reminder")
    text: Mapped[str] = mapped_column(String(500))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    interview_id: Mapped[int | None] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), nullable=True
    )
    # scheduled -> sent -> done, or cancelled; snoozing moves due_at and sets it scheduled.
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    # Bumped on every reschedule so a snoozed reminder gets a fresh delivery key.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Story(Base):
    """A STAR story in the member's bank."""

    __tablename__ = "stories"
    __table_args__ = (UniqueConstraint("member_id", "short_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    short_id: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(120))
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AnswerRecord(Base):
    """An answer the member practised, with the question it answered."""

    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    question_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
