"""quiet hours per member, recurring reminders

Revision ID: 0006
Revises: 0012
Create Date: 2026-12-03 14:00:00

`members.quiet_hours`: the local night in which the bot does not choose to message the
member ("HH:MM-HH:MM", "off", or NULL for the default 21:00-08:00). `reminders.rule`:
a recurring reminder's local rule ("0,3@09:00"), NULL for a one-off.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0012"  # chained after 0012 (issue 19) at integration
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the columns; NULL keeps members on the default window, reminders one-off."""
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("quiet_hours", sa.String(11), nullable=True))
    with op.batch_alter_table("reminders") as batch:
        batch.add_column(sa.Column("rule", sa.String(60), nullable=True))


def downgrade() -> None:
    """Drop the columns."""
    with op.batch_alter_table("reminders") as batch:
        batch.drop_column("rule")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("quiet_hours")
