"""coaching: answers a member can point at, story themes set by hand

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-03 14:00:00

Answers get a short id (unique per member) so `stories attach <id>` takes the answer the
member chose instead of a silent "latest"; existing answers are given one here. Stories
get `themes_by_hand`: once a member sets a story's themes, editing its text no longer
re-detects them.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006"  # chained after 0006 (issue 15) at integration
branch_labels = None
depends_on = None

# The same alphabet as bot.commands.ids (a migration must not import the app's code,
# which may change after it).
_DIGITS = "23456789"
_ALPHABET = "abcdefghjkmnpqrstuvwxyz" + _DIGITS


def _short_id() -> str:
    while True:  # 5 characters with at least one digit and one letter
        candidate = "".join(secrets.choice(_ALPHABET) for _ in range(5))
        if any(c in _DIGITS for c in candidate) and not candidate.isdigit():
            return candidate


def upgrade() -> None:
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("short_id", sa.String(length=8), nullable=True))
    answers = sa.table(
        "answers", sa.column("id", sa.Integer), sa.column("member_id", sa.Integer),
        sa.column("short_id", sa.String),
    )  # fmt: skip
    bind = op.get_bind()
    taken: set[tuple[int, str]] = set()
    for row_id, member_id in bind.execute(sa.select(answers.c.id, answers.c.member_id)):
        candidate = _short_id()
        while (member_id, candidate) in taken:
            candidate = _short_id()
        taken.add((member_id, candidate))
        bind.execute(answers.update().where(answers.c.id == row_id).values(short_id=candidate))
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            op.f("uq_answers_member_id_short_id"), ["member_id", "short_id"]
        )
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("themes_by_hand", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.drop_column("themes_by_hand")
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("uq_answers_member_id_short_id"), type_="unique")
        batch_op.drop_column("short_id")
