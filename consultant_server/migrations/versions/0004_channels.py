"""Channel live codes (渠道活码): channels, codes, the duty roster and scans.

Also gives users a job title (shown on a code's page) and the server a secret key for the
scans' IP hashes (random per database).
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIME = sa.DateTime(timezone=True)
LIVE_CODE = "kind = 'consultant' AND status <> 'revoked'"


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}")


def upgrade() -> None:
    # Plain ADD COLUMN with a default (no batch copy on SQLite, which would rename the
    # tables' named CHECK constraints through the naming convention).
    op.add_column(
        "user_account", sa.Column("title", sa.String(64), nullable=False, server_default="")
    )
    op.add_column(
        "server_state",
        sa.Column("ip_hash_key", sa.String(64), nullable=False, server_default=""),
    )
    op.execute(
        sa.text("UPDATE server_state SET ip_hash_key = :key").bindparams(key=secrets.token_hex(32))
    )

    op.create_table(
        "channel",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("showroom_id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("builtin", sa.String(32), nullable=True),
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("benefit", sa.String(64), nullable=False),
        sa.Column("welcome", sa.Text(), nullable=False),
        sa.Column("tags", JSON, nullable=False),
        sa.Column("archived_at", TIME, nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        _fk("channel", "showroom_id", "showroom"),
        _fk("channel", "owner_id", "user_account"),
        _fk("channel", "created_by", "user_account"),
        sa.PrimaryKeyConstraint("id", name="pk_channel"),
        sa.UniqueConstraint("showroom_id", "builtin", name="uq_channel_showroom_id"),
    )
    op.create_index("ix_channel_owner", "channel", ["owner_id"])

    op.create_table(
        "channel_code",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("token", sa.String(8), nullable=False),
        sa.Column("showroom_id", sa.Uuid(), nullable=False),
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("target_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.CheckConstraint("kind IN ('consultant', 'duty')", name="ck_channel_code_kind"),
        sa.CheckConstraint(
            "status IN ('active', 'paused', 'revoked')", name="ck_channel_code_status"
        ),
        _fk("channel_code", "showroom_id", "showroom"),
        _fk("channel_code", "channel_id", "channel"),
        _fk("channel_code", "owner_id", "user_account"),
        _fk("channel_code", "target_id", "user_account"),
        _fk("channel_code", "created_by", "user_account"),
        sa.PrimaryKeyConstraint("id", name="pk_channel_code"),
        sa.UniqueConstraint("token", name="uq_channel_code_token"),
    )
    op.create_index("ix_channel_code_showroom", "channel_code", ["showroom_id"])
    op.create_index("ix_channel_code_channel", "channel_code", ["channel_id"])
    op.create_index(
        "uq_channel_code_live_owner_channel",
        "channel_code",
        ["owner_id", "channel_id"],
        unique=True,
        postgresql_where=sa.text(LIVE_CODE),
        sqlite_where=sa.text(LIVE_CODE),
    )

    op.create_table(
        "duty_roster",
        sa.Column("showroom_id", sa.Uuid(), nullable=False),
        sa.Column("daily_cap", sa.Integer(), nullable=True),
        sa.Column("backup_id", sa.Uuid(), nullable=True),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        _fk("duty_roster", "showroom_id", "showroom"),
        _fk("duty_roster", "backup_id", "user_account"),
        _fk("duty_roster", "updated_by", "user_account"),
        sa.PrimaryKeyConstraint("showroom_id", name="pk_duty_roster"),
    )
    op.create_table(
        "duty_slot",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("showroom_id", sa.Uuid(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("daily_cap", sa.Integer(), nullable=True),
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name="ck_duty_slot_weekday"),
        _fk("duty_slot", "showroom_id", "showroom"),
        _fk("duty_slot", "user_id", "user_account"),
        sa.PrimaryKeyConstraint("id", name="pk_duty_slot"),
        sa.UniqueConstraint("showroom_id", "weekday", "user_id", name="uq_duty_slot_showroom_id"),
    )

    op.create_table(
        "scan",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code_id", sa.Uuid(), nullable=False),
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("showroom_id", sa.Uuid(), nullable=False),
        sa.Column("scanned_at", TIME, nullable=False),
        sa.Column("ip_hash", sa.String(32), nullable=False),
        sa.Column("consultant_id", sa.Uuid(), nullable=True),
        sa.Column("submitted_at", TIME, nullable=True),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("route_reason", sa.String(32), nullable=True),
        sa.Column("on_duty", JSON, nullable=True),
        sa.Column("consent_at", TIME, nullable=True),
        sa.Column("notice_version", sa.String(16), nullable=True),
        sa.CheckConstraint("outcome IN ('lead', 'again', 'bot')", name="ck_scan_outcome"),
        _fk("scan", "code_id", "channel_code"),
        _fk("scan", "channel_id", "channel"),
        _fk("scan", "showroom_id", "showroom"),
        _fk("scan", "consultant_id", "user_account"),
        _fk("scan", "contact_id", "contact"),
        sa.PrimaryKeyConstraint("id", name="pk_scan"),
    )
    op.create_index("ix_scan_showroom_scanned", "scan", ["showroom_id", "scanned_at"])
    op.create_index("ix_scan_consultant_scanned", "scan", ["consultant_id", "scanned_at"])
    op.create_index("ix_scan_code_scanned", "scan", ["code_id", "scanned_at"])
    op.create_index("ix_scan_showroom_submitted", "scan", ["showroom_id", "submitted_at"])
    op.create_index("ix_scan_contact", "scan", ["contact_id"])


def downgrade() -> None:
    for table in ("scan", "duty_slot", "duty_roster", "channel_code", "channel"):
        op.drop_table(table)
    op.drop_column("server_state", "ip_hash_key")
    op.drop_column("user_account", "title")
