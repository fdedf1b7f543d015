"""Desktop client releases the server announces to desks, per channel and platform."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "client_release",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("published_at", TIME, nullable=False),
        sa.CheckConstraint("channel IN ('stable', 'beta')", name="ck_client_release_channel"),
        sa.CheckConstraint(
            "platform IN ('any', 'windows', 'macos', 'linux')", name="ck_client_release_platform"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_client_release"),
        sa.UniqueConstraint("channel", "platform", "version", name="uq_client_release_channel"),
    )


def downgrade() -> None:
    op.drop_table("client_release")
