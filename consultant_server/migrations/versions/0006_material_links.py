"""Link radar (链接雷达): tracked short links to articles, one per contact, and their opens."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}")


def upgrade() -> None:
    op.create_table(
        "material_link",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("token", sa.String(32), nullable=False),
        sa.Column("showroom_id", sa.Uuid(), nullable=False),
        sa.Column("material_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("opens", sa.Integer(), nullable=False),
        sa.Column("first_opened_at", TIME, nullable=True),
        sa.Column("last_opened_at", TIME, nullable=True),
        _fk("material_link", "showroom_id", "showroom"),
        _fk("material_link", "material_id", "material"),
        _fk("material_link", "contact_id", "contact"),
        _fk("material_link", "created_by", "user_account"),
        sa.PrimaryKeyConstraint("id", name="pk_material_link"),
        sa.UniqueConstraint("token", name="uq_material_link_token"),
        sa.UniqueConstraint("contact_id", "material_id", name="uq_material_link_contact_id"),
    )
    op.create_index("ix_material_link_material", "material_link", ["material_id"])
    op.create_index("ix_material_link_showroom", "material_link", ["showroom_id"])
    op.create_table(
        "material_link_open",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("link_id", sa.Uuid(), nullable=False),
        sa.Column("opened_at", TIME, nullable=False),
        sa.Column("ip_hash", sa.String(32), nullable=False),
        _fk("material_link_open", "link_id", "material_link"),
        sa.PrimaryKeyConstraint("id", name="pk_material_link_open"),
    )
    op.create_index(
        "ix_material_link_open_link_opened", "material_link_open", ["link_id", "opened_at"]
    )


def downgrade() -> None:
    op.drop_table("material_link_open")
    op.drop_table("material_link")
