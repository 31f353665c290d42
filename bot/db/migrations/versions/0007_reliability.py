"""requests already acted on (replay dedupe)

Revision ID: 0007
Revises: 0010
Create Date: 2026-12-03 14:10:00

`seen_requests` keeps a digest of each Slack request (its signature, event id or trigger
id) and Discord interaction (its id) for the replay window, so a replayed or retried
request is acted on once across every web process sharing the database. Claims need no
new column: workers renew `deliveries.claimed_at` (heartbeat leases).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
# Assigned as "0005"; chained after main's current head (0010, itself on 0005) so there
# is one head. The lead re-chains at merge.
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seen_requests",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_seen_requests")),
    )
    op.create_index("ix_seen_requests_seen_at", "seen_requests", ["seen_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_seen_requests_seen_at", table_name="seen_requests")
    op.drop_table("seen_requests")
