"""quiet hours per member

Revision ID: 0006
Revises: 0010
Create Date: 2026-12-03 14:00:00

`members.quiet_hours`: the local night in which the bot does not choose to message the
member ("HH:MM-HH:MM", "off", or NULL for the default 21:00-08:00).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0010"  # chained after main's 0010 at the merge of issue 14
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the column; NULL keeps every existing member on the default window."""
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("quiet_hours", sa.String(11), nullable=True))


def downgrade() -> None:
    """Drop the column."""
    with op.batch_alter_table("members") as batch:
        batch.drop_column("quiet_hours")
