"""Index intended models by name, so the filter finds a model's contacts without a scan."""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_contact_model_model_name", "contact_model", ["model_name"])


def downgrade() -> None:
    op.drop_index("ix_contact_model_model_name", table_name="contact_model")
