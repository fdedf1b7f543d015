"""Tracked links (链接雷达) kept for offline sharing; library mutations held back are released.

Before this release the server could not apply `material.*` mutations, so the desk queued
them in the outbox state "held" (`consultant_app.library.commands`). The server applies them
now: they become ordinary pending entries, in their original order, exactly once.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tracked_link",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("material_id", sa.String(36), nullable=False),
        sa.Column("contact_id", sa.String(36), nullable=False),
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tracked_link"),
        sa.UniqueConstraint("material_id", "contact_id", name="uq_tracked_link_material_id"),
    )
    op.create_index("ix_tracked_link_contact_id", "tracked_link", ["contact_id"])
    op.execute("UPDATE outbox SET state = 'pending' WHERE state = 'held'")


def downgrade() -> None:
    op.drop_index("ix_tracked_link_contact_id", table_name="tracked_link")
    op.drop_table("tracked_link")
