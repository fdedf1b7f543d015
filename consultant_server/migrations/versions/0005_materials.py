"""The material library (素材库): categories, materials, files stored by content hash, usage."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIME = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str, key: str = "id") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.{key}"], name=f"fk_{table}_{column}_{target}"
    )


def upgrade() -> None:
    op.create_table(
        "material_category",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("showroom_id", sa.Uuid(), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("deleted_at", TIME, nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        _fk("material_category", "showroom_id", "showroom"),
        _fk("material_category", "parent_id", "material_category"),
        sa.PrimaryKeyConstraint("id", name="pk_material_category"),
    )
    op.create_index("ix_material_category_showroom", "material_category", ["showroom_id"])
    op.create_index("ix_material_category_parent", "material_category", ["parent_id"])

    op.create_table(
        "material_file",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("mime_type", sa.String(128), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="pk_material_file"),
    )
    op.create_table(
        "material_file_showroom",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("showroom_id", sa.Uuid(), nullable=False),
        sa.Column("uploaded_by", sa.Uuid(), nullable=True),
        sa.Column("uploaded_at", TIME, nullable=False),
        _fk("material_file_showroom", "sha256", "material_file", "sha256"),
        _fk("material_file_showroom", "showroom_id", "showroom"),
        _fk("material_file_showroom", "uploaded_by", "user_account"),
        sa.PrimaryKeyConstraint("sha256", "showroom_id", name="pk_material_file_showroom"),
    )

    op.create_table(
        "material",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("showroom_id", sa.Uuid(), nullable=False),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=True),
        sa.Column("tags", JSON, nullable=False),
        sa.Column("models", JSON, nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("file_hash", sa.String(64), nullable=True),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("retired_at", TIME, nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.CheckConstraint("scope IN ('company', 'personal')", name="ck_material_scope"),
        sa.CheckConstraint(
            "kind IN ('qa', 'script', 'article', 'image', 'document')", name="ck_material_kind"
        ),
        _fk("material", "showroom_id", "showroom"),
        _fk("material", "owner_id", "user_account"),
        _fk("material", "category_id", "material_category"),
        _fk("material", "file_hash", "material_file", "sha256"),
        _fk("material", "created_by", "user_account"),
        sa.PrimaryKeyConstraint("id", name="pk_material"),
    )
    op.create_index("ix_material_showroom", "material", ["showroom_id"])
    op.create_index("ix_material_owner", "material", ["owner_id"])
    op.create_index("ix_material_file", "material", ["file_hash"])

    op.create_table(
        "material_use",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("material_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("used_at", TIME, nullable=False),
        sa.Column("recorded_at", TIME, nullable=False),
        sa.CheckConstraint("action IN ('copy', 'send')", name="ck_material_use_action"),
        _fk("material_use", "material_id", "material"),
        _fk("material_use", "user_id", "user_account"),
        sa.PrimaryKeyConstraint("id", name="pk_material_use"),
    )
    op.create_index("ix_material_use_material", "material_use", ["material_id"])
    op.create_index("ix_material_use_user", "material_use", ["user_id"])


def downgrade() -> None:
    for table in (
        "material_use",
        "material",
        "material_file_showroom",
        "material_file",
        "material_category",
    ):
        op.drop_table(table)
