"""interviewer emails and notes; how drafts are signed; stale-application nudges

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-03 17:20:00

An interviewer may have an email (the thank-you's mailto: button) and a note of what
was discussed (`thanks note`), which fills the draft's "something specific" slot. A
member may say how drafts are signed (`name`, NULL: the platform's display name) and
turn off the one nudge a quiet application gets (`nudges off`; on by default).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("interviewers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("note", sa.String(length=300), nullable=True))
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sign_name", sa.String(length=120), nullable=True))
        batch_op.add_column(
            sa.Column("stale_nudges", sa.Boolean(), server_default=sa.true(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("stale_nudges")
        batch_op.drop_column("sign_name")
    with op.batch_alter_table("interviewers", schema=None) as batch_op:
        batch_op.drop_column("note")
        batch_op.drop_column("email")
