"""Keyword → tag rules (迈腾 → 意向:迈腾) that managers define for their showroom."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "keyword_rule",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("showroom_id", sa.Uuid(), nullable=False),
        sa.Column("keywords", JSON, nullable=False),
        sa.Column("tag", sa.String(32), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", TIME, nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["showroom_id"], ["showroom.id"], name="fk_keyword_rule_showroom_id_showroom"
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["user_account.id"], name="fk_keyword_rule_created_by_user_account"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_keyword_rule"),
    )
    op.create_index("ix_keyword_rule_showroom", "keyword_rule", ["showroom_id"])


def downgrade() -> None:
    op.drop_table("keyword_rule")
