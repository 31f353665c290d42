"""fewer index entries per delivery: partial indexes where half the rows are NULL

Revision ID: 0012
Revises: 0007
Create Date: 2026-12-03 14:45:00

A fan-out writes every delivery once, marks it sent once and moves its scheduled row
once; each of those wrote an entry in every index of the table. Now:

- `ix_deliveries_ready (status, not_before)` held every delivery ever sent; it becomes
  `ix_deliveries_open`, the same columns for `pending` and `sending` rows only (what
  the ready and stale claims look for), so marking a row sent adds nothing to it;
- `ix_deliveries_member` and `ix_deliveries_community` leave out the NULLs (a delivery
  has one or the other);
- the unique (kind, community_id, source_id) on `scheduled_items` leaves out member
  rows, whose community is NULL: it stays unique where it means something.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0007"
branch_labels = None
depends_on = None

OPEN = sa.text("status IN ('pending', 'sending')")


def _partial(condition: str) -> dict[str, Any]:
    clause = sa.text(condition)
    return {"postgresql_where": clause, "sqlite_where": clause}


def upgrade() -> None:
    op.drop_index("ix_deliveries_ready", table_name="deliveries")
    op.create_index(
        "ix_deliveries_open",
        "deliveries",
        ["status", "not_before"],
        postgresql_where=OPEN,
        sqlite_where=OPEN,
    )
    for column in ("member_id", "community_id"):
        name = f"ix_deliveries_{column.removesuffix('_id')}"
        op.drop_index(name, table_name="deliveries")
        op.create_index(name, "deliveries", [column], **_partial(f"{column} IS NOT NULL"))
    with op.batch_alter_table("scheduled_items") as batch:
        batch.drop_constraint("uq_scheduled_items_kind_community_id_source_id", type_="unique")
    op.create_index(
        "uq_scheduled_items_kind_community_id_source_id",
        "scheduled_items",
        ["kind", "community_id", "source_id"],
        unique=True,
        **_partial("community_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("uq_scheduled_items_kind_community_id_source_id", table_name="scheduled_items")
    with op.batch_alter_table("scheduled_items") as batch:
        batch.create_unique_constraint(
            "uq_scheduled_items_kind_community_id_source_id",
            ["kind", "community_id", "source_id"],
        )
    for column in ("member_id", "community_id"):
        name = f"ix_deliveries_{column.removesuffix('_id')}"
        op.drop_index(name, table_name="deliveries")
        op.create_index(name, "deliveries", [column])
    op.drop_index("ix_deliveries_open", table_name="deliveries")
    op.create_index("ix_deliveries_ready", "deliveries", ["status", "not_before"])
