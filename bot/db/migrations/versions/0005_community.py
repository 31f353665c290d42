"""community features

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-23 17:00:00

Communities (a Slack workspace or Discord guild), the daily channel question and its
per-day records, weekly mock-interview pairing (opt-ins, rounds, groups and their
members) and the weekly digest opt-out. Scheduled rows and deliveries may now target a
community instead of a member: `member_id` becomes nullable, `community_id` is added,
and a check keeps exactly one of them set.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op


revision = "0005"
down_revision = "0002"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
ONE_TARGET = "(member_id IS NULL) <> (community_id IS NULL)"


def _id() -> sa.Column[int]:
    return sa.Column("id", BigId, nullable=False)


def _utc(name: str, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "communities",
        _id(),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("team_id", sa.String(length=64), nullable=False),
        sa.Column("pairing_weekday", sa.Integer(), nullable=False),
        sa.Column("pairing_time", sa.String(length=5), nullable=False),
        sa.Column("pairing_tz", sa.String(length=64), nullable=True),
        _utc("created_at"),
        _utc("paused_at", nullable=True),
        sa.Column("paused_reason", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_communities")),
        sa.UniqueConstraint("platform", "team_id", name=op.f("uq_communities_platform_team_id")),
    )
    op.create_table(
        "channel_posts",
        _id(),
        sa.Column("community_id", BigId, nullable=False),
        sa.Column("channel_id", sa.String(length=64), nullable=False),
        sa.Column("local_time", sa.String(length=5), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        _utc("updated_at"),
        _fk("channel_posts", "community_id", "communities"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel_posts")),
        sa.UniqueConstraint(
            "community_id", "channel_id", name=op.f("uq_channel_posts_community_id_channel_id")
        ),
    )
    op.create_table(
        "channel_post_records",
        _id(),
        sa.Column("channel_post_id", BigId, nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("message_ref", sa.String(length=64), nullable=True),
        sa.Column("thread_ref", sa.String(length=64), nullable=True),
        sa.Column("answer_count", sa.Integer(), nullable=True),
        _utc("created_at"),
        _fk("channel_post_records", "channel_post_id", "channel_posts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel_post_records")),
        sa.UniqueConstraint(
            "channel_post_id",
            "local_date",
            name=op.f("uq_channel_post_records_channel_post_id_local_date"),
        ),
    )
    op.create_table(
        "pairing_opt_ins",
        sa.Column("member_id", BigId, nullable=False),
        sa.Column("community_id", BigId, nullable=False),
        _utc("opted_in_at"),
        _fk("pairing_opt_ins", "community_id", "communities"),
        _fk("pairing_opt_ins", "member_id", "members"),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_pairing_opt_ins")),
    )
    op.create_table(
        "pairing_rounds",
        _id(),
        sa.Column("community_id", BigId, nullable=False),
        sa.Column("week", sa.String(length=10), nullable=False),
        _utc("run_at"),
        sa.Column("tz", sa.String(length=64), nullable=False),
        _utc("checkin_at"),
        _fk("pairing_rounds", "community_id", "communities"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pairing_rounds")),
        sa.UniqueConstraint("community_id", "week", name=op.f("uq_pairing_rounds_community_id_week")),
    )
    op.create_table(
        "pairing_groups",
        _id(),
        sa.Column("round_id", BigId, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question_ids", sa.JSON(), nullable=False),
        sa.Column("thread_ref", sa.String(length=64), nullable=True),
        _fk("pairing_groups", "round_id", "pairing_rounds"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pairing_groups")),
        sa.UniqueConstraint("round_id", "position", name=op.f("uq_pairing_groups_round_id_position")),
    )
    op.create_table(
        "pairing_group_members",
        _id(),
        sa.Column("group_id", BigId, nullable=False),
        sa.Column("member_id", BigId, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("met", sa.Boolean(), nullable=True),
        _utc("answered_at", nullable=True),
        _fk("pairing_group_members", "group_id", "pairing_groups"),
        _fk("pairing_group_members", "member_id", "members"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pairing_group_members")),
        sa.UniqueConstraint(
            "group_id", "member_id", name=op.f("uq_pairing_group_members_group_id_member_id")
        ),
    )
    with op.batch_alter_table("pairing_group_members", schema=None) as batch_op:
        batch_op.create_index("ix_pairing_group_members_member", ["member_id"], unique=False)
    op.create_table(
        "digest_opt_outs",
        sa.Column("member_id", BigId, nullable=False),
        _utc("created_at"),
        _fk("digest_opt_outs", "member_id", "members"),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_digest_opt_outs")),
    )

    # A scheduled row or delivery targets a member or a community, never both.
    with op.batch_alter_table("scheduled_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("community_id", BigId, nullable=True))
        batch_op.alter_column("member_id", existing_type=BigId, nullable=True)
        batch_op.create_unique_constraint(
            op.f("uq_scheduled_items_kind_community_id_source_id"),
            ["kind", "community_id", "source_id"],
        )
        batch_op.create_foreign_key(
            op.f("fk_scheduled_items_community_id_communities"),
            "communities",
            ["community_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_check_constraint(op.f("ck_scheduled_items_one_target"), ONE_TARGET)
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("community_id", BigId, nullable=True))
        batch_op.alter_column("member_id", existing_type=BigId, nullable=True)
        batch_op.create_index("ix_deliveries_community", ["community_id"], unique=False)
        batch_op.create_foreign_key(
            op.f("fk_deliveries_community_id_communities"),
            "communities",
            ["community_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_check_constraint(op.f("ck_deliveries_one_target"), ONE_TARGET)


def downgrade() -> None:
    # Community-targeted rows cannot exist without the communities table.
    op.execute("DELETE FROM deliveries WHERE member_id IS NULL")
    op.execute("DELETE FROM scheduled_items WHERE member_id IS NULL")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_deliveries_one_target"), type_="check")
        batch_op.drop_constraint(
            op.f("fk_deliveries_community_id_communities"), type_="foreignkey"
        )
        batch_op.drop_index("ix_deliveries_community")
        batch_op.alter_column("member_id", existing_type=BigId, nullable=False)
        batch_op.drop_column("community_id")
    with op.batch_alter_table("scheduled_items", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_scheduled_items_one_target"), type_="check")
        batch_op.drop_constraint(
            op.f("fk_scheduled_items_community_id_communities"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            op.f("uq_scheduled_items_kind_community_id_source_id"), type_="unique"
        )
        batch_op.alter_column("member_id", existing_type=BigId, nullable=False)
        batch_op.drop_column("community_id")
    op.drop_table("digest_opt_outs")
    with op.batch_alter_table("pairing_group_members", schema=None) as batch_op:
        batch_op.drop_index("ix_pairing_group_members_member")
    op.drop_table("pairing_group_members")
    op.drop_table("pairing_groups")
    op.drop_table("pairing_rounds")
    op.drop_table("pairing_opt_ins")
    op.drop_table("channel_post_records")
    op.drop_table("channel_posts")
    op.drop_table("communities")
