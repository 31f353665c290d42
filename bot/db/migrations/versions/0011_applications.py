"""applications and their stages; interview length, place and format

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-03 14:30:00

A member's job search is several applications, each with rounds: `applications` holds
one row per job applied for (company, title, source, stage, round, last news), and an
interview points at the application it is a round of. Interviews recorded before this
revision keep `application_id` NULL and stand on their own. An interview also gets
its end (`ends_at`, NULL: the default hour), its place (an address or a video link) and
its format (panel, presentation, case, ...).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0008"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "applications",
        sa.Column("id", BigId, nullable=False),
        sa.Column("member_id", BigId, nullable=False),
        sa.Column("short_id", sa.String(length=8), nullable=False),
        sa.Column("company", sa.String(length=80), nullable=False),
        sa.Column("job_title", sa.String(length=80), nullable=True),
        sa.Column("source", sa.String(length=80), nullable=True),
        sa.Column("applied_on", sa.Date(), nullable=True),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("last_event", sa.String(length=16), nullable=False),
        sa.Column("last_event_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_applications_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
        sa.UniqueConstraint(
            "member_id", "short_id", name=op.f("uq_applications_member_id_short_id")
        ),
    )
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.add_column(sa.Column("application_id", BigId, nullable=True))
        batch_op.add_column(sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("place", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("format", sa.String(length=16), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_interviews_application_id_applications"),
            "applications",
            ["application_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f("fk_interviews_application_id_applications"), type_="foreignkey"
        )
        batch_op.drop_column("format")
        batch_op.drop_column("place")
        batch_op.drop_column("ends_at")
        batch_op.drop_column("application_id")
    op.drop_table("applications")
