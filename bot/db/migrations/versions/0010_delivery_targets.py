"""delivery targets and expiry as columns

Revision ID: 0010
Revises: 0005
Create Date: 2026-12-03 14:40:00

Where a community delivery goes (`target`: a channel post or a group) and the instant
past which a delivery is recorded as missed instead of sent (`expires_at`) were kept in
the payload under hidden keys (`_route`, `_expires_at`). They become columns, so the
payload holds only what the message says. Rows not yet sent are moved over.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0005"
branch_labels = None
depends_on = None

ROUTE_KEY = "_route"
EXPIRES_KEY = "_expires_at"


def _deliveries() -> sa.TableClause:
    return sa.table(
        "deliveries",
        sa.column("id", sa.BigInteger()),
        sa.column("status", sa.String()),
        sa.column("payload", sa.JSON()),
        sa.column("target", sa.JSON()),
        sa.column("expires_at", sa.DateTime(timezone=True)),
    )


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("target", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    table = _deliveries()
    bind = op.get_bind()
    unsent = bind.execute(
        sa.select(table.c.id, table.c.payload).where(table.c.status.in_(["pending", "sending"]))
    ).all()
    for row in unsent:
        payload = dict(row.payload or {})
        if ROUTE_KEY not in payload and EXPIRES_KEY not in payload:
            continue
        route = payload.pop(ROUTE_KEY, None)
        expires = payload.pop(EXPIRES_KEY, None)
        bind.execute(
            sa.update(table)
            .where(table.c.id == row.id)
            .values(
                payload=payload,
                target=route,
                expires_at=datetime.fromisoformat(expires) if expires else None,
            )
        )


def downgrade() -> None:
    table = _deliveries()
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(table.c.id, table.c.payload, table.c.target, table.c.expires_at).where(
            table.c.status.in_(["pending", "sending"])
        )
    ).all()
    for row in rows:
        if row.target is None and row.expires_at is None:
            continue
        payload = dict(row.payload or {})
        if row.target is not None:
            payload[ROUTE_KEY] = row.target
        if row.expires_at is not None:
            payload[EXPIRES_KEY] = row.expires_at.isoformat()
        bind.execute(sa.update(table).where(table.c.id == row.id).values(payload=payload))
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("expires_at")
        batch.drop_column("target")
