"""timed practice and the optional AI reviewer

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-03 17:10:00

`pending_practice` holds the question a member's next direct message answers (one row
per member, closed when answered or cancelled, expiring after a while), so a restart
between the question and the answer keeps it. `review_choices` records that a member
was told about the AI reviewer and whether they opted out; `team_review_settings` a
community whose admin switched it off.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "pending_practice",
        sa.Column("member_id", BigId, nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("via", sa.String(length=16), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_pending_practice_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_pending_practice")),
    )
    op.create_table(
        "review_choices",
        sa.Column("member_id", BigId, nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("told_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_review_choices_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_review_choices")),
    )
    op.create_table(
        "team_review_settings",
        sa.Column("community_id", BigId, nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_team_review_settings_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("community_id", name=op.f("pk_team_review_settings")),
    )


def downgrade() -> None:
    op.drop_table("team_review_settings")
    op.drop_table("review_choices")
    op.drop_table("pending_practice")
