"""Keyword → tag rules pulled from the server, and the tags taken off contacts (which a rule
never gives back)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "keyword_rule",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("keywords_json", sa.Text(), nullable=False),
        sa.Column("tag", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_keyword_rule"),
    )
    op.create_table(
        "removed_tag",
        sa.Column("contact_id", sa.String(36), nullable=False),
        sa.Column("tag_name", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name="fk_removed_tag_contact_id_contact",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contact_id", "tag_name", name="pk_removed_tag"),
    )


def downgrade() -> None:
    op.drop_table("removed_tag")
    op.drop_table("keyword_rule")
