"""Initial server schema: accounts, devices, tokens, change log, applied mutations, state."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "showroom",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_showroom"),
        sa.UniqueConstraint("name", name="uq_showroom_name"),
    )
    op.create_table(
        "user_account",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("showroom_id", sa.Uuid(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("password_hash", sa.String(256), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("role IN ('consultant', 'manager')", name="ck_user_account_role"),
        sa.ForeignKeyConstraint(
            ["showroom_id"], ["showroom.id"], name="fk_user_account_showroom_id_showroom"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_user_account"),
        sa.UniqueConstraint("username", name="uq_user_account_username"),
    )
    op.create_index("ix_user_account_showroom", "user_account", ["showroom_id"])
    op.create_table(
        "device",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("last_applied_client_seq", sa.BigInteger(), nullable=False),
        sa.Column("client_version", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name="fk_device_user_id_user_account"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_device"),
    )
    op.create_index("ix_device_user", "device", ["user_id"])
    op.create_table(
        "auth_token",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name="fk_auth_token_user_id_user_account"
        ),
        sa.ForeignKeyConstraint(
            ["device_id"], ["device.id"], name="fk_auth_token_device_id_device"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_auth_token"),
        sa.UniqueConstraint("token_hash", name="uq_auth_token_token_hash"),
    )
    op.create_index("ix_auth_token_user", "auth_token", ["user_id"])
    op.create_index("ix_auth_token_device", "auth_token", ["device_id"])
    counter = op.create_table(
        "log_counter",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_log_counter_single_row"),
        sa.PrimaryKeyConstraint("id", name="pk_log_counter"),
    )
    op.create_table(
        "change_log",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("txn_seq", sa.BigInteger(), nullable=False),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("op", sa.String(32), nullable=False),
        sa.Column("scope_owner_id", sa.Uuid(), nullable=True),
        sa.Column("scope_showroom_id", sa.Uuid(), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("committed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["scope_owner_id"],
            ["user_account.id"],
            name="fk_change_log_scope_owner_id_user_account",
        ),
        sa.ForeignKeyConstraint(
            ["scope_showroom_id"], ["showroom.id"], name="fk_change_log_scope_showroom_id_showroom"
        ),
        sa.PrimaryKeyConstraint("seq", name="pk_change_log"),
    )
    op.create_index("ix_change_log_showroom_seq", "change_log", ["scope_showroom_id", "seq"])
    op.create_index("ix_change_log_owner_seq", "change_log", ["scope_owner_id", "seq"])
    op.create_index("ix_change_log_entity", "change_log", ["entity", "entity_id"])
    op.create_table(
        "applied_mutation",
        sa.Column("mutation_id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("result", JSON, nullable=True),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('applied', 'rejected')", name="ck_applied_mutation_outcome"
        ),
        sa.ForeignKeyConstraint(
            ["device_id"], ["device.id"], name="fk_applied_mutation_device_id_device"
        ),
        sa.PrimaryKeyConstraint("mutation_id", name="pk_applied_mutation"),
    )
    op.create_index("ix_applied_mutation_device", "applied_mutation", ["device_id"])
    state = op.create_table(
        "server_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("epoch", sa.Uuid(), nullable=False),
        sa.Column("min_retained_seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_server_state_single_row"),
        sa.PrimaryKeyConstraint("id", name="pk_server_state"),
    )
    op.bulk_insert(counter, [{"id": 1, "value": 0}])
    # A fresh epoch per database: a client's cursor from any other server is recognised.
    op.bulk_insert(state, [{"id": 1, "epoch": uuid.uuid4(), "min_retained_seq": 0}])


def downgrade() -> None:
    for table in (
        "server_state",
        "applied_mutation",
        "change_log",
        "log_counter",
        "auth_token",
        "device",
        "user_account",
        "showroom",
    ):
        op.drop_table(table)
