"""Initial schema: consultants, contacts, models, tags, stage history and activities."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _synced() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "local_state",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "consultant",
        *_synced(),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(64), nullable=False),
        sa.Column("showroom", sa.String(128), nullable=False),
        sa.Column("title", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_consultant"),
        sa.UniqueConstraint("username", name="uq_consultant_username"),
    )
    op.create_table(
        "contact",
        *_synced(),
        sa.Column("owner_id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("name_pinyin", sa.String(256), nullable=False),
        sa.Column("name_initials", sa.String(64), nullable=False),
        sa.Column("mobile", sa.String(20), nullable=True),
        sa.Column("wecom_id", sa.String(64), nullable=False),
        sa.Column("gender", sa.String(16), nullable=False),
        sa.Column("budget_min_yuan", sa.Integer(), nullable=True),
        sa.Column("budget_max_yuan", sa.Integer(), nullable=True),
        sa.Column("source_channel", sa.String(64), nullable=False),
        sa.Column("birthday", sa.Date(), nullable=True),
        sa.Column("remark", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("stage_entered_at", sa.DateTime(), nullable=False),
        sa.Column("last_touch_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["consultant.id"], name="fk_contact_owner_id_consultant"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_contact"),
    )
    op.create_index("ix_contact_owner_stage", "contact", ["owner_id", "stage"])
    op.create_index(
        "uq_contact_owner_mobile",
        "contact",
        ["owner_id", "mobile"],
        unique=True,
        sqlite_where=sa.text("mobile IS NOT NULL AND deleted_at IS NULL"),
    )
    op.create_table(
        "contact_model",
        *_synced(),
        sa.Column("contact_id", sa.String(36), nullable=False),
        sa.Column("model_name", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name="fk_contact_model_contact_id_contact",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_contact_model"),
        sa.UniqueConstraint("contact_id", "model_name", name="uq_contact_model_contact_id"),
    )
    op.create_index("ix_contact_model_contact_id", "contact_model", ["contact_id"])
    op.create_table(
        "tag",
        *_synced(),
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("colour", sa.String(9), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tag"),
        sa.UniqueConstraint("name", name="uq_tag_name"),
    )
    op.create_table(
        "contact_tag",
        *_synced(),
        sa.Column("contact_id", sa.String(36), nullable=False),
        sa.Column("tag_id", sa.String(36), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name="fk_contact_tag_contact_id_contact",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tag.id"], name="fk_contact_tag_tag_id_tag", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_contact_tag"),
        sa.UniqueConstraint("contact_id", "tag_id", name="uq_contact_tag_contact_id"),
    )
    op.create_index("ix_contact_tag_contact_id", "contact_tag", ["contact_id"])
    op.create_index("ix_contact_tag_tag_id", "contact_tag", ["tag_id"])
    op.create_table(
        "stage_change",
        *_synced(),
        sa.Column("contact_id", sa.String(36), nullable=False),
        sa.Column("from_stage", sa.String(32), nullable=True),
        sa.Column("to_stage", sa.String(32), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(36), nullable=False),
        sa.Column("lost_reason", sa.String(32), nullable=True),
        sa.Column("competitor", sa.String(64), nullable=False),
        sa.Column("details_json", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.String(36), nullable=False),
        sa.Column("is_undo", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name="fk_stage_change_contact_id_contact",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["changed_by"], ["consultant.id"], name="fk_stage_change_changed_by_consultant"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_stage_change"),
    )
    op.create_index("ix_stage_change_contact_id", "stage_change", ["contact_id"])
    op.create_index("ix_stage_change_batch_id", "stage_change", ["batch_id"])
    op.create_table(
        "activity",
        *_synced(),
        sa.Column("contact_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(36), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name="fk_activity_contact_id_contact",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["consultant.id"], name="fk_activity_created_by_consultant"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_activity"),
    )
    op.create_index("ix_activity_contact_id", "activity", ["contact_id"])


def downgrade() -> None:
    for table in ("activity", "stage_change", "contact_tag", "tag", "contact_model", "contact"):
        op.drop_table(table)
    op.drop_table("consultant")
    op.drop_table("local_state")
