"""SQLAlchemy 2 typed models: every table prepbot keeps.

Ownership is explicit: every member-owned row has `member_id` with ON DELETE CASCADE, so
`privacy delete` removes a member by deleting one row, and every lookup a member can
trigger filters on it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
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

# The deliveries a claim can take: `ix_deliveries_open` holds only these.
OPEN_PREDICATE = "status IN ('pending', 'sending')"
# How long an interview lasts when the member did not say.
DEFAULT_INTERVIEW_LENGTH = timedelta(hours=1)

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
    # "HH:MM-HH:MM" local, `off`, or NULL for the default 21:00-08:00 (bot.when.quiet).
    quiet_hours: Mapped[str | None] = mapped_column(String(11), nullable=True)
    # How drafts are signed (`/prep name`); NULL: the platform's display name.
    sign_name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    # Whether a quiet application gets its one follow-up nudge (`/prep nudges off`).
    stale_nudges: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

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
    A row targets one member, or (channel posts, pairing rounds) one community: exactly
    one of `member_id` and `community_id` is set.
    """

    __tablename__ = "scheduled_items"
    __table_args__ = (
        UniqueConstraint("kind", "member_id", "source_id"),
        # Partial: member rows (nearly all of them) have no community, and a NULL key
        # is an index entry written on every move of the row for nothing.
        Index(
            "uq_scheduled_items_kind_community_id_source_id",
            "kind",
            "community_id",
            "source_id",
            unique=True,
            postgresql_where=text("community_id IS NOT NULL"),
            sqlite_where=text("community_id IS NOT NULL"),
        ),
        CheckConstraint("(member_id IS NULL) <> (community_id IS NULL)", name="one_target"),
        Index("ix_scheduled_items_due", "active", "next_run_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), nullable=True
    )
    community_id: Mapped[int | None] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), nullable=True
    )
    source_id: Mapped[str] = mapped_column(String(64), default="")
    next_run_at: Mapped[datetime] = mapped_column(UTCDateTime())
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Delivery(Base):
    """A message planned for one member: the unique key makes a second one impossible.

    status: pending -> sending -> sent, or missed / failed (with `error`). Like its
    scheduled row, a delivery targets one member (a DM) or one community (a channel post
    or a group DM, addressed by `target`: see `bot.schedule.targets`). Past `expires_at`
    it is recorded as missed instead of sent (a daily question retried into the night).
    """

    __tablename__ = "deliveries"
    __table_args__ = (
        # Only rows still to send or being sent: a sent row leaves the index, so the
        # ready and stale claims walk what is open, never the day's history. Neither
        # `claimed_at` nor `sent_at` is indexed, so renewing a claim is a HOT update.
        Index(
            "ix_deliveries_open",
            "status",
            "not_before",
            postgresql_where=text(OPEN_PREDICATE),
            sqlite_where=text(OPEN_PREDICATE),
        ),
        # Partial: a delivery has a member or a community, never both.
        Index(
            "ix_deliveries_member",
            "member_id",
            postgresql_where=text("member_id IS NOT NULL"),
            sqlite_where=text("member_id IS NOT NULL"),
        ),
        Index(
            "ix_deliveries_community",
            "community_id",
            postgresql_where=text("community_id IS NOT NULL"),
            sqlite_where=text("community_id IS NOT NULL"),
        ),
        CheckConstraint("(member_id IS NULL) <> (community_id IS NULL)", name="one_target"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), nullable=True
    )
    community_id: Mapped[int | None] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), nullable=True
    )
    source_id: Mapped[str] = mapped_column(String(64), default="")
    local_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    target: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    error: Mapped[str | None] = mapped_column(String(300), nullable=True)


class Application(Base):
    """One job the member applied for, and where it stands.

    stage: applied, screening, interviewing, offer, accepted, rejected or withdrawn;
    `round` counts the interviews held or planned for it; `last_event_at` is the last
    news (applied, an interview, an outcome), which the board sorts by. An application
    is closed (no outcome moves it again) from `closed_at` on.
    """

    __tablename__ = "applications"
    __table_args__ = (UniqueConstraint("member_id", "short_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    short_id: Mapped[str] = mapped_column(String(8))
    company: Mapped[str] = mapped_column(String(80))
    job_title: Mapped[str | None] = mapped_column(String(80), nullable=True)
    source: Mapped[str | None] = mapped_column(String(80), nullable=True)
    applied_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    stage: Mapped[str] = mapped_column(String(16), default="applied")
    round: Mapped[int] = mapped_column(Integer, default=0)
    # What the last news was: applied, interview, or an outcome (offer, rejected, ...).
    last_event: Mapped[str] = mapped_column(String(16), default="applied")
    last_event_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


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
    # The application this interview is a round of (None: added before applications
    # existed; set by `interview` from then on). Deleting an application keeps its
    # interviews, which stand on their own.
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL"), nullable=True
    )
    # When it ends (None: recorded before lengths were asked, so the default hour),
    # where it is (an address or a video link) and its format (panel, case, ...).
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    place: Mapped[str | None] = mapped_column(String(200), nullable=True)
    format: Mapped[str | None] = mapped_column(String(16), nullable=True)

    interviewers: Mapped[list[Interviewer]] = relationship(
        back_populates="interview",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Interviewer.position",
    )

    @property
    def finishes_at(self) -> datetime:
        """The end, or an hour after the start when no length was given."""
        return self.ends_at or self.starts_at + DEFAULT_INTERVIEW_LENGTH


class Interviewer(Base):
    """One person met at an interview, and whether the thank-you note went out."""

    __tablename__ = "interviewers"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(60))
    role: Mapped[str | None] = mapped_column(String(60), nullable=True)
    thanked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Where the thank-you goes (a mailto: button) and what was discussed with them
    # (`thanks note`), which fills the draft's "something specific" slot.
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    note: Mapped[str | None] = mapped_column(String(300), nullable=True)

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
    # A recurring reminder's local rule (`0,3@09:00`, bot.when.recur); NULL for a one-off.
    rule: Mapped[str | None] = mapped_column(String(60), nullable=True)


class Story(Base):
    """A STAR story in the member's bank."""

    __tablename__ = "stories"
    __table_args__ = (UniqueConstraint("member_id", "short_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    short_id: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(120))
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Set once the member chose the themes: editing the text then keeps them.
    themes_by_hand: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AnswerRecord(Base):
    """An answer the member practised, with the question it answered."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("member_id", "short_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    # What `stories attach <id>` names; None only for rows written before it existed.
    short_id: Mapped[str | None] = mapped_column(String(8), nullable=True)
    question_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


# --- community features: channel questions, practice pairs, the weekly digest ---


class Community(Base):
    """A Slack workspace or Discord guild practising together: one per (platform, team).

    Holds the community-wide settings (when the weekly pairing round runs) and, like a
    member, a pause set when a channel or group send fails for good.
    """

    __tablename__ = "communities"
    __table_args__ = (UniqueConstraint("platform", "team_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    team_id: Mapped[str] = mapped_column(String(64), default="")
    pairing_weekday: Mapped[int] = mapped_column(Integer, default=0)  # Monday = 0
    pairing_time: Mapped[str] = mapped_column(String(5), default="10:00")
    # None: the zone of the community's daily channel, else UTC.
    pairing_tz: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    paused_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)


class ChannelPost(Base):
    """A channel's daily question: where, at which local time, which category."""

    __tablename__ = "channel_posts"
    __table_args__ = (UniqueConstraint("community_id", "channel_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    channel_id: Mapped[str] = mapped_column(String(64))
    local_time: Mapped[str] = mapped_column(String(5))  # "HH:MM" in `tz`
    tz: Mapped[str] = mapped_column(String(64), default="UTC")
    category: Mapped[str | None] = mapped_column(String(40), nullable=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ChannelPostRecord(Base):
    """One day's question in a channel, where it landed, and how many answered it."""

    __tablename__ = "channel_post_records"
    __table_args__ = (UniqueConstraint("channel_post_id", "local_date"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    channel_post_id: Mapped[int] = mapped_column(ForeignKey("channel_posts.id", ondelete="CASCADE"))
    local_date: Mapped[date] = mapped_column(Date)
    question_id: Mapped[str] = mapped_column(String(64))
    # The platform's message id and thread id (Slack: both the message ts; Discord:
    # the message id and the thread channel id), set once the post went out.
    message_ref: Mapped[str | None] = mapped_column(String(64), nullable=True)
    thread_ref: Mapped[str | None] = mapped_column(String(64), nullable=True)
    answer_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PairingOptIn(Base):
    """A member who wants a weekly mock-interview partner."""

    __tablename__ = "pairing_opt_ins"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    opted_in_at: Mapped[datetime] = mapped_column(UTCDateTime())


def _three_days_after_run(context: Any) -> datetime:
    run_at: datetime = context.get_current_parameters()["run_at"]
    return run_at + timedelta(days=3)


class PairingRound(Base):
    """One week's pairing in a community; `week` (`2026-W11`) is also its round id."""

    __tablename__ = "pairing_rounds"
    __table_args__ = (UniqueConstraint("community_id", "week"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    week: Mapped[str] = mapped_column(String(10))
    run_at: Mapped[datetime] = mapped_column(UTCDateTime())
    tz: Mapped[str] = mapped_column(String(64), default="UTC")
    # When each member is asked whether their group met (three local days later; the
    # kind sets it, the default is for rows written by hand).
    checkin_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_three_days_after_run)


class PairingGroup(Base):
    """A pair (or trio) of one round, with its questions and where it talks."""

    __tablename__ = "pairing_groups"
    __table_args__ = (UniqueConstraint("round_id", "position"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("pairing_rounds.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    question_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The group DM (Slack) or private thread (Discord), once opened.
    thread_ref: Mapped[str | None] = mapped_column(String(64), nullable=True)


class PairingGroupMember(Base):
    """A member's place in a group: `position` 0 plays interviewer first."""

    __tablename__ = "pairing_group_members"
    __table_args__ = (
        UniqueConstraint("group_id", "member_id"),
        Index("ix_pairing_group_members_member", "member_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("pairing_groups.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    met: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class DigestOptOut(Base):
    """A member who does not want the weekly digest DM."""

    __tablename__ = "digest_opt_outs"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SeenRequest(Base):
    """A platform request already acted on, kept for its replay window.

    The key is a digest of what identifies the request (a Slack signature, event id or
    trigger id, a Discord interaction id), so a replay, or Slack's own retry, of a request
    any web process has taken is acknowledged and not acted on again.
    """

    __tablename__ = "seen_requests"
    __table_args__ = (Index("ix_seen_requests_seen_at", "seen_at"),)

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())


# --- timed practice and the optional AI reviewer ---


class PendingPractice(Base):
    """The question a member's next direct message answers (`/prep practice`).

    One row per member: a new practice question replaces the old one. `closed_at` is set
    when it was answered or cancelled, so a later message is not taken as its answer;
    after `expires_at` it no longer takes answers either (a reply hours later is most
    likely about something else). Kept in the database so a restart keeps it.
    """

    __tablename__ = "pending_practice"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[str] = mapped_column(String(64))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # "practice" (timed) or "daily" (a cancelled daily question: closed on arrival).
    via: Mapped[str] = mapped_column(String(16))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class ReviewChoice(Base):
    """A member's say on the AI reviewer: told about it once, and whether they opted out."""

    __tablename__ = "review_choices"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    told_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TeamReviewSetting(Base):
    """A community whose admin switched the AI reviewer off (or back on) for everyone.

    No member id on purpose: the setting is the community's, so it outlives the admin
    who chose it (and their `privacy delete`).
    """

    __tablename__ = "team_review_settings"

    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
