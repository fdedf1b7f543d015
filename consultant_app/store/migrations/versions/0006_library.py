"""The material library (素材库): materials, categories, usage, favourites and the search index."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# The search index over material_search (see consultant_app/library/index.py for why these
# options). Written out here, not imported: a migration must never change after release.
FTS_DDL = (
    "CREATE VIRTUAL TABLE material_fts USING fts5("
    "title, body, meta, facets, "
    "content='material_search', content_rowid='docid', "
    "tokenize='ascii', prefix='1 2 3', detail='column', columnsize=0)"
)


def upgrade() -> None:
    op.create_table(
        "material_category",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("parent_id", sa.String(36), nullable=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_material_category"),
    )
    op.create_index("ix_material_category_parent_id", "material_category", ["parent_id"])
    op.create_table(
        "material",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("owner_id", sa.String(36), nullable=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("category_id", sa.String(36), nullable=True),
        sa.Column("tags_json", sa.Text(), nullable=False),
        sa.Column("models_json", sa.Text(), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("file_hash", sa.String(64), nullable=True),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("file_size", sa.Integer(), nullable=True),
        sa.Column("mime_type", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_material"),
    )
    op.create_index("ix_material_category_id", "material", ["category_id"])
    op.create_index("ix_material_file_hash", "material", ["file_hash"])
    op.create_index("ix_material_scope_owner", "material", ["scope", "owner_id"])
    op.create_table(
        "material_usage",
        sa.Column("material_id", sa.String(36), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("sends", sa.Integer(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["material_id"],
            ["material.id"],
            name="fk_material_usage_material_id_material",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("material_id", name="pk_material_usage"),
    )
    op.create_index("ix_material_usage_last_used_at", "material_usage", ["last_used_at"])
    op.create_table(
        "material_favourite",
        sa.Column("material_id", sa.String(36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["material_id"],
            ["material.id"],
            name="fk_material_favourite_material_id_material",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("material_id", name="pk_material_favourite"),
    )
    op.create_table(
        "material_search",
        sa.Column("docid", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("material_id", sa.String(36), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("meta", sa.Text(), nullable=False),
        sa.Column("facets", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("docid", name="pk_material_search"),
        sa.UniqueConstraint("material_id", name="uq_material_search_material_id"),
        sqlite_autoincrement=True,
    )
    op.execute(FTS_DDL)


def downgrade() -> None:
    op.execute("DROP TABLE material_fts")
    op.drop_table("material_search")
    op.drop_table("material_favourite")
    op.drop_index("ix_material_usage_last_used_at", table_name="material_usage")
    op.drop_table("material_usage")
    op.drop_index("ix_material_scope_owner", table_name="material")
    op.drop_index("ix_material_file_hash", table_name="material")
    op.drop_index("ix_material_category_id", table_name="material")
    op.drop_table("material")
    op.drop_index("ix_material_category_parent_id", table_name="material_category")
    op.drop_table("material_category")
