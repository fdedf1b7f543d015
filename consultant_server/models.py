"""The server's tables as typed SQLAlchemy models.

Ids are UUIDs (native on PostgreSQL); times are aware UTC datetimes. The change log, its
counter, the applied-mutation ledger and the server state are laid out for the sync protocol
(docs/sync-protocol.md); push and pull are built on them.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from consultant_app.clock import utcnow


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in and out, always UTC: timestamptz on PostgreSQL, naive UTC on SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


#: JSON documents: JSONB on PostgreSQL (indexable, compact), JSON text on SQLite.
Json = JSON().with_variant(JSONB(), "postgresql")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with stable constraint names, so migrations can refer to them."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UtcDateTime, dict[str, Any]: Json}  # noqa: RUF012


class Role(StrEnum):
    """What a user may see: a consultant their own customers, a manager the whole showroom."""

    CONSULTANT = "consultant"
    MANAGER = "manager"


class MutationOutcome(StrEnum):
    """How the server answered a pushed mutation (recorded, so a replay gets the same answer)."""

    APPLIED = "applied"
    REJECTED = "rejected"


class Showroom(Base):
    """One dealership's showroom; users, and the data they share, belong to one."""

    __tablename__ = "showroom"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(Base):
    """A consultant or manager who signs in; deactivated, never deleted (history keeps them)."""

    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint("role IN ('consultant', 'manager')", name="role"),
        Index("ix_user_account_showroom", "showroom_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    showroom_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("showroom.id"))
    is_active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deactivated_at: Mapped[datetime | None] = mapped_column()

    showroom: Mapped[Showroom] = relationship(lazy="joined", innerjoin=True)


class Device(Base):
    """One client installation (its workspace), named by the UUID the client made.

    `last_applied_client_seq` is the newest outbox position of this device the server applied,
    so push can tell a resent batch from a new one.
    """

    __tablename__ = "device"
    __table_args__ = (Index("ix_device_user", "user_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    last_applied_client_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    client_version: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuthToken(Base):
    """A sign-in: only the SHA-256 of the bearer token is stored, never the token itself."""

    __tablename__ = "auth_token"
    __table_args__ = (
        Index("ix_auth_token_user", "user_id"),
        Index("ix_auth_token_device", "device_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    device_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("device.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)


class LogCounter(Base):
    """The one row whose value is the newest change-log `seq` handed out.

    Its row lock, taken by the numbering UPDATE and held until commit, is what makes `seq`
    follow commit order (see `consultant_server.services.changelog`).
    """

    __tablename__ = "log_counter"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(BigInteger)


class ChangeLog(Base):
    """One committed change, in commit order; what clients pull.

    Rows written by one transaction share `txn_seq` (the first `seq` of that transaction), so
    a pull page can end on a transaction boundary. `scope_owner_id` is the consultant the
    change is for (NULL: the whole showroom); `scope_showroom_id` the showroom.
    """

    __tablename__ = "change_log"
    __table_args__ = (
        Index("ix_change_log_showroom_seq", "scope_showroom_id", "seq"),
        Index("ix_change_log_owner_seq", "scope_owner_id", "seq"),
        Index("ix_change_log_entity", "entity", "entity_id"),
    )

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    txn_seq: Mapped[int] = mapped_column(BigInteger)
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[uuid.UUID] = mapped_column()
    op: Mapped[str] = mapped_column(String(32))
    scope_owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    scope_showroom_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("showroom.id"))
    payload: Mapped[dict[str, Any]] = mapped_column()
    committed_at: Mapped[datetime] = mapped_column()


class AppliedMutation(Base):
    """A pushed mutation the server has answered, with the answer, so it is never applied twice."""

    __tablename__ = "applied_mutation"
    __table_args__ = (
        CheckConstraint("outcome IN ('applied', 'rejected')", name="outcome"),
        Index("ix_applied_mutation_device", "device_id"),
    )

    mutation_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    device_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("device.id"))
    outcome: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict[str, Any] | None] = mapped_column()
    applied_at: Mapped[datetime] = mapped_column(default=utcnow)


class ServerState(Base):
    """The one row of facts about this server's log: its epoch and how far it was pruned.

    Every change with `seq > min_retained_seq` is still in the log. A cursor below
    `min_retained_seq` (pruned past it) or from another epoch (another server, or this one
    restored from a backup) makes the client re-bootstrap.
    """

    __tablename__ = "server_state"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    epoch: Mapped[uuid.UUID] = mapped_column()
    min_retained_seq: Mapped[int] = mapped_column(BigInteger, default=0)
