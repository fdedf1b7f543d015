"""Domain tables for sync: contacts, their history, reminders, tags, field conflicts.

Also gives the applied-mutation ledger the mutation's kind and the id of the record it creates,
so a mutation on a record whose creation was rejected can say so.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIME = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}")


def upgrade() -> None:
    op.create_table(
        "contact",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("showroom_id", sa.Uuid(), nullable=False),
        sa.Column("created_by_device_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("mobile", sa.String(20), nullable=True),
        sa.Column("wecom_id", sa.String(64), nullable=False),
        sa.Column("gender", sa.String(16), nullable=False),
        sa.Column("models", JSON, nullable=False),
        sa.Column("budget_min_yuan", sa.Integer(), nullable=True),
        sa.Column("budget_max_yuan", sa.Integer(), nullable=True),
        sa.Column("source_channel", sa.Text(), nullable=False),
        sa.Column("birthday", sa.Date(), nullable=True),
        sa.Column("remark", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("stage_entered_at", TIME, nullable=False),
        sa.Column("last_touch_at", TIME, nullable=False),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.Column("deleted_at", TIME, nullable=True),
        sa.Column("field_writers", JSON, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        _fk("contact", "owner_id", "user_account"),
        _fk("contact", "showroom_id", "showroom"),
        _fk("contact", "created_by_device_id", "device"),
        sa.PrimaryKeyConstraint("id", name="pk_contact"),
    )
    op.create_index("ix_contact_owner", "contact", ["owner_id"])
    op.create_index("ix_contact_showroom", "contact", ["showroom_id"])
    op.create_table(
        "stage_change",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("from_stage", sa.String(32), nullable=True),
        sa.Column("to_stage", sa.String(32), nullable=False),
        sa.Column("changed_at", TIME, nullable=False),
        sa.Column("changed_by", sa.Uuid(), nullable=False),
        sa.Column("lost_reason", sa.String(32), nullable=True),
        sa.Column("competitor", sa.Text(), nullable=False),
        sa.Column("details", JSON, nullable=True),
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.Column("is_undo", sa.Boolean(), nullable=False),
        _fk("stage_change", "contact_id", "contact"),
        _fk("stage_change", "changed_by", "user_account"),
        sa.PrimaryKeyConstraint("id", name="pk_stage_change"),
    )
    op.create_index("ix_stage_change_contact", "stage_change", ["contact_id"])
    op.create_table(
        "activity",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("occurred_at", TIME, nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        _fk("activity", "contact_id", "contact"),
        _fk("activity", "created_by", "user_account"),
        sa.PrimaryKeyConstraint("id", name="pk_activity"),
    )
    op.create_index("ix_activity_contact", "activity", ["contact_id"])
    op.create_table(
        "reminder",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("due_at", TIME, nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_at", TIME, nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        _fk("reminder", "contact_id", "contact"),
        _fk("reminder", "created_by", "user_account"),
        sa.PrimaryKeyConstraint("id", name="pk_reminder"),
    )
    op.create_index("ix_reminder_contact", "reminder", ["contact_id"])
    op.create_table(
        "tag",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("showroom_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("colour", sa.String(9), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        _fk("tag", "showroom_id", "showroom"),
        sa.PrimaryKeyConstraint("id", name="pk_tag"),
        sa.UniqueConstraint("showroom_id", "name", name="uq_tag_showroom_id"),
    )
    op.create_table(
        "contact_tag",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("tag_id", sa.Uuid(), nullable=False),
        sa.Column("added_by", sa.Uuid(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("removed_at", TIME, nullable=True),
        sa.Column("removed_by", sa.Uuid(), nullable=True),
        _fk("contact_tag", "contact_id", "contact"),
        _fk("contact_tag", "tag_id", "tag"),
        _fk("contact_tag", "added_by", "user_account"),
        _fk("contact_tag", "removed_by", "user_account"),
        sa.PrimaryKeyConstraint("id", name="pk_contact_tag"),
    )
    op.create_index("ix_contact_tag_contact", "contact_tag", ["contact_id"])
    op.create_table(
        "field_conflict",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.String(32), nullable=False),
        sa.Column("lost_value", JSON, nullable=True),
        sa.Column("kept_value", JSON, nullable=True),
        sa.Column("at", TIME, nullable=False),
        sa.Column("lost_by", sa.Uuid(), nullable=True),
        sa.Column("kept_by", sa.Uuid(), nullable=False),
        sa.Column("mutation_id", sa.Uuid(), nullable=False),
        _fk("field_conflict", "contact_id", "contact"),
        _fk("field_conflict", "lost_by", "user_account"),
        _fk("field_conflict", "kept_by", "user_account"),
        sa.PrimaryKeyConstraint("id", name="pk_field_conflict"),
    )
    op.create_index("ix_field_conflict_contact", "field_conflict", ["contact_id"])
    op.add_column("applied_mutation", sa.Column("kind", sa.String(32), nullable=True))
    op.add_column("applied_mutation", sa.Column("subject_id", sa.Uuid(), nullable=True))
    op.create_index("ix_applied_mutation_subject", "applied_mutation", ["subject_id"])


def downgrade() -> None:
    op.drop_index("ix_applied_mutation_subject", table_name="applied_mutation")
    with op.batch_alter_table("applied_mutation") as batch:
        batch.drop_column("subject_id")
        batch.drop_column("kind")
    for table in (
        "field_conflict",
        "contact_tag",
        "tag",
        "reminder",
        "activity",
        "stage_change",
        "contact",
    ):
        op.drop_table(table)
