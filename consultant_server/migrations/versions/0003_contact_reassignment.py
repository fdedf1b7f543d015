"""Contact reassignment: the record of each owner change (离职继承 and manual moves).

Push reads it to answer a former owner's late mutations "reassigned to …" instead of "not
yours", and to keep their notes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLE = "contact_reassignment"


def _fk(column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{TABLE}_{column}_{target}")


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("from_user_id", sa.Uuid(), nullable=False),
        sa.Column("to_user_id", sa.Uuid(), nullable=False),
        sa.Column("reassigned_by", sa.Uuid(), nullable=True),
        sa.Column("reassigned_at", sa.DateTime(timezone=True), nullable=False),
        _fk("contact_id", "contact"),
        _fk("from_user_id", "user_account"),
        _fk("to_user_id", "user_account"),
        _fk("reassigned_by", "user_account"),
        sa.PrimaryKeyConstraint("id", name=f"pk_{TABLE}"),
    )
    op.create_index("ix_contact_reassignment_contact_from", TABLE, ["contact_id", "from_user_id"])


def downgrade() -> None:
    op.drop_table(TABLE)
