"""The server's tables as typed SQLAlchemy models.

Ids are UUIDs (native on PostgreSQL); times are aware UTC datetimes. The change log, its
counter, the applied-mutation ledger and the server state are laid out for the sync protocol
(docs/sync-protocol.md); push and pull are built on them. The domain tables (contact and its
history, tags, field conflicts) hold the current state that pushed mutations change; ids made
by clients (contacts, events, tag adds) are kept as they are, so no id mapping is ever needed.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
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
    #: The job title customers see on a live code's page (销售顾问 …); empty: not given.
    title: Mapped[str] = mapped_column(String(64), default="")
    role: Mapped[str] = mapped_column(String(16))
    showroom_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("showroom.id"))
    is_active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deactivated_at: Mapped[datetime | None] = mapped_column()

    showroom: Mapped[Showroom] = relationship(lazy="joined", innerjoin=True)


class Device(Base):
    """One client installation (its workspace), named by the UUID the client made.

    `last_applied_client_seq` is the newest outbox position (`client_seq`) of this device the
    server answered, applied or rejected; bookkeeping only: the ledger decides what is a replay.
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
        Index("ix_applied_mutation_subject", "subject_id"),
    )

    mutation_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    device_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("device.id"))
    outcome: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict[str, Any] | None] = mapped_column()
    applied_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The mutation's kind, when it was well formed enough to have one.
    kind: Mapped[str | None] = mapped_column(String(32))
    #: The id of the record the mutation creates (a contact, reminder …): a later mutation on a
    #: record whose creation was rejected is rejected as depending on it.
    subject_id: Mapped[uuid.UUID | None] = mapped_column()


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
    #: The secret key scans' IP hashes are made with (random per database, never served).
    ip_hash_key: Mapped[str] = mapped_column(String(64))


# --- domain tables (what pushed mutations change) -------------------------------------------


class Contact(Base):
    """A customer, owned by one consultant and seen by their showroom's managers.

    The mergeable fields (`consultant_app.sync.wire.CONTACT_FIELDS`) are stored in their clean
    form; `models` is the list of intended models. `field_writers` names, per field, the user
    whose write the current value is (the `lost_by` of a later conflicting edit). Deletion is a
    tombstone (`deleted_at`).
    """

    __tablename__ = "contact"
    __table_args__ = (
        Index("ix_contact_owner", "owner_id"),
        Index("ix_contact_showroom", "showroom_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    showroom_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("showroom.id"))
    created_by_device_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("device.id"))
    name: Mapped[str] = mapped_column(String(64))
    mobile: Mapped[str | None] = mapped_column(String(20))
    wecom_id: Mapped[str] = mapped_column(String(64))
    gender: Mapped[str] = mapped_column(String(16))
    models: Mapped[list[str]] = mapped_column(Json)
    budget_min_yuan: Mapped[int | None] = mapped_column(Integer)
    budget_max_yuan: Mapped[int | None] = mapped_column(Integer)
    source_channel: Mapped[str] = mapped_column(Text)
    birthday: Mapped[date | None] = mapped_column(Date)
    remark: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String(32))
    stage_entered_at: Mapped[datetime] = mapped_column()
    last_touch_at: Mapped[datetime] = mapped_column()
    snoozed_until: Mapped[date | None] = mapped_column(Date)
    deleted_at: Mapped[datetime | None] = mapped_column()
    field_writers: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column()


class StageChange(Base):
    """One move between stages: an append-only event, numbered in server order.

    `contact.stage` is the `to_stage` of the newest one. `changed_at` is the server's time.
    """

    __tablename__ = "stage_change"
    __table_args__ = (Index("ix_stage_change_contact", "contact_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    contact_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contact.id"))
    from_stage: Mapped[str | None] = mapped_column(String(32))
    to_stage: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column()
    changed_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    lost_reason: Mapped[str | None] = mapped_column(String(32))
    competitor: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any] | None] = mapped_column()
    batch_id: Mapped[uuid.UUID] = mapped_column()
    is_undo: Mapped[bool] = mapped_column(Boolean)


class Activity(Base):
    """A follow-up (call, visit, message, note …); append-only. `occurred_at` is the user's."""

    __tablename__ = "activity"
    __table_args__ = (Index("ix_activity_contact", "contact_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    contact_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contact.id"))
    kind: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    occurred_at: Mapped[datetime] = mapped_column()
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column()


class Reminder(Base):
    """A follow-up the consultant scheduled; `done` only ever moves from false to true."""

    __tablename__ = "reminder"
    __table_args__ = (Index("ix_reminder_contact", "contact_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    contact_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contact.id"))
    due_at: Mapped[datetime] = mapped_column()
    note: Mapped[str] = mapped_column(Text)
    done: Mapped[bool] = mapped_column(Boolean)
    done_at: Mapped[datetime | None] = mapped_column()
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column()


class Tag(Base):
    """A tag name of one showroom (shared by its consultants), unique per showroom.

    Its id is derived from the showroom and the name (`uuid5`), so the same name always has the
    same id, whichever consultant used it first.
    """

    __tablename__ = "tag"
    __table_args__ = (UniqueConstraint("showroom_id", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    showroom_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("showroom.id"))
    name: Mapped[str] = mapped_column(String(32))
    colour: Mapped[str] = mapped_column(String(9))
    created_at: Mapped[datetime] = mapped_column()


class ContactTag(Base):
    """One add of a tag to a contact, keyed by the client's add id (an observed-remove set).

    A remove tombstones only the adds its client had seen (`removed_at`); the tag is on the
    contact while any add of it is live, so a concurrent add wins.
    """

    __tablename__ = "contact_tag"
    __table_args__ = (Index("ix_contact_tag_contact", "contact_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    contact_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contact.id"))
    tag_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tag.id"))
    added_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column()
    removed_at: Mapped[datetime | None] = mapped_column()
    removed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))


class FieldConflict(Base):
    """A contact field value that a later edit overwrote although that edit had not seen it.

    The later write wins; this row keeps the overwritten value so the loss shows in the
    contact's timeline instead of vanishing.
    """

    __tablename__ = "field_conflict"
    __table_args__ = (Index("ix_field_conflict_contact", "contact_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    contact_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contact.id"))
    field: Mapped[str] = mapped_column(String(32))
    lost_value: Mapped[Any] = mapped_column(Json, nullable=True)
    kept_value: Mapped[Any] = mapped_column(Json, nullable=True)
    at: Mapped[datetime] = mapped_column()
    lost_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    kept_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    mutation_id: Mapped[uuid.UUID] = mapped_column()


class ContactReassignment(Base):
    """One move of a contact from one owner to another (离职继承, or a manager's decision).

    Kept for good: push reads it to tell a former owner's late mutations ("reassigned to …";
    their notes are still kept) from those of someone who never owned the contact ("not
    yours"), and it records who moved which customer when. `reassigned_by` is NULL when the
    move was made on the server's command line.
    """

    __tablename__ = "contact_reassignment"
    __table_args__ = (Index("ix_contact_reassignment_contact_from", "contact_id", "from_user_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    contact_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contact.id"))
    from_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    to_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    reassigned_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    reassigned_at: Mapped[datetime] = mapped_column()


# --- channel live codes (渠道活码) ------------------------------------------------------------


class Channel(Base):
    """A way leads arrive (展厅展架, 车展 … or one a consultant or manager made).

    `owner_id` NULL: the showroom's, seen by all its consultants (the built-ins, whose
    `builtin` is their stable code, and a manager's shared ones); else one consultant's own.
    `tags` (a JSON list of names) go on every lead that arrives through the channel. Channels
    are archived, never deleted (scans and codes name them).
    """

    __tablename__ = "channel"
    __table_args__ = (
        UniqueConstraint("showroom_id", "builtin"),
        Index("ix_channel_owner", "owner_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    showroom_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("showroom.id"))
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    builtin: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(32))
    benefit: Mapped[str] = mapped_column(String(64))
    welcome: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(Json)
    archived_at: Mapped[datetime | None] = mapped_column()
    #: NULL: seeded by the server (a built-in).
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column()


class ChannelCode(Base):
    """A live code: the short `token` of the public URL ``/q/<token>`` and where its scans go.

    A consultant code (`owner_id` set; one live code per consultant and channel) sends scans
    to `target_id` when set (re-targeted), else to its owner; a duty code (`owner_id` NULL)
    routes by the showroom's duty roster. A paused code routes by the roster too; a revoked
    one answers "no longer in use". The row's id may be the client's (a code asked for
    offline); the token is always the server's.
    """

    __tablename__ = "channel_code"
    __table_args__ = (
        CheckConstraint("kind IN ('consultant', 'duty')", name="kind"),
        CheckConstraint("status IN ('active', 'paused', 'revoked')", name="status"),
        Index("ix_channel_code_showroom", "showroom_id"),
        Index("ix_channel_code_channel", "channel_id"),
        # One live code per consultant and channel; a revoked one may be replaced.
        Index(
            "uq_channel_code_live_owner_channel",
            "owner_id",
            "channel_id",
            unique=True,
            postgresql_where=text("kind = 'consultant' AND status <> 'revoked'"),
            sqlite_where=text("kind = 'consultant' AND status <> 'revoked'"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(8), unique=True)
    showroom_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("showroom.id"))
    channel_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("channel.id"))
    kind: Mapped[str] = mapped_column(String(16))
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    target_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    status: Mapped[str] = mapped_column(String(16))
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column()


class DutyRoster(Base):
    """A showroom's duty settings: the daily cap per consultant and the backup consultant.

    One row per showroom. Routing a duty scan locks it (``SELECT … FOR NO KEY UPDATE``), so
    scans of one showroom are routed one after the other and two at once can never both
    exceed a cap.
    """

    __tablename__ = "duty_roster"

    showroom_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("showroom.id"), primary_key=True)
    #: Most duty leads a consultant gets per day (NULL: no cap); a slot may override it.
    daily_cap: Mapped[int | None] = mapped_column(Integer)
    backup_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column()
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))


class DutySlot(Base):
    """One consultant on duty on one weekday (0 = Monday), in roster order (`position`)."""

    __tablename__ = "duty_slot"
    __table_args__ = (
        UniqueConstraint("showroom_id", "weekday", "user_id"),
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    showroom_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("showroom.id"))
    weekday: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    position: Mapped[int] = mapped_column(Integer)
    #: This consultant's cap on this weekday, instead of the roster's (NULL: the roster's).
    daily_cap: Mapped[int | None] = mapped_column(Integer)


class Scan(Base):
    """One opening of a live code's page (a page view), and what its form led to.

    `ip_hash` is a keyed hash of the visitor's IP and the day (never the IP itself), enough
    to count distinct visitors per day. `consultant_id` is the consultant the page showed,
    then the one the submitted lead went to; `outcome` is ``lead`` (a new contact),
    ``again`` (an activity on the consultant's existing contact) or ``bot`` (the honeypot was
    filled: nothing made). `route_reason` and `on_duty` record why the lead went where it went.
    """

    __tablename__ = "scan"
    __table_args__ = (
        CheckConstraint("outcome IN ('lead', 'again', 'bot')", name="outcome"),
        Index("ix_scan_showroom_scanned", "showroom_id", "scanned_at"),
        Index("ix_scan_consultant_scanned", "consultant_id", "scanned_at"),
        Index("ix_scan_code_scanned", "code_id", "scanned_at"),
        Index("ix_scan_showroom_submitted", "showroom_id", "submitted_at"),
        Index("ix_scan_contact", "contact_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    code_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("channel_code.id"))
    channel_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("channel.id"))
    showroom_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("showroom.id"))
    scanned_at: Mapped[datetime] = mapped_column()
    ip_hash: Mapped[str] = mapped_column(String(32))
    consultant_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime | None] = mapped_column()
    outcome: Mapped[str | None] = mapped_column(String(16))
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contact.id"))
    route_reason: Mapped[str | None] = mapped_column(String(32))
    on_duty: Mapped[Any] = mapped_column(Json, nullable=True)
    consent_at: Mapped[datetime | None] = mapped_column()
    notice_version: Mapped[str | None] = mapped_column(String(16))


# --- the material library (素材库) ------------------------------------------------------------


class MaterialCategory(Base):
    """A node of a showroom's category tree (车型资料 › 迈腾 …); `parent_id` NULL at the top.

    Deleted as a tombstone (`deleted_at`), since retired materials still name it.
    """

    __tablename__ = "material_category"
    __table_args__ = (
        Index("ix_material_category_showroom", "showroom_id"),
        Index("ix_material_category_parent", "parent_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    showroom_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("showroom.id"))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("material_category.id"))
    name: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    deleted_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column()


class MaterialFile(Base):
    """A file's bytes, stored once under the SHA-256 of its content (hex).

    Kept in the database, so a backup of the database is a backup of the library and a file
    can never be missing for a row that names it. `data` is loaded only when asked for.
    """

    __tablename__ = "material_file"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    mime_type: Mapped[str] = mapped_column(String(128))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column()


class MaterialFileShowroom(Base):
    """A showroom that may read a stored file: one of its managers uploaded it.

    Bytes are shared between showrooms that uploaded the same file; reading is not.
    """

    __tablename__ = "material_file_showroom"

    sha256: Mapped[str] = mapped_column(ForeignKey("material_file.sha256"), primary_key=True)
    showroom_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("showroom.id"), primary_key=True)
    uploaded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column()


class Material(Base):
    """One material: a company one (`scope` company, `owner_id` NULL: written by the showroom's
    managers, read-only on desks) or a consultant's personal script (`scope` personal, seen
    only by its owner's devices).

    Retired (company) or deleted (personal) as a tombstone, `retired_at`: usage statistics
    and tracked links keep naming it. `tags` and `models` are JSON lists of names.
    """

    __tablename__ = "material"
    __table_args__ = (
        CheckConstraint("scope IN ('company', 'personal')", name="scope"),
        CheckConstraint("kind IN ('qa', 'script', 'article', 'image', 'document')", name="kind"),
        Index("ix_material_showroom", "showroom_id"),
        Index("ix_material_owner", "owner_id"),
        Index("ix_material_file", "file_hash"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    showroom_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("showroom.id"))
    scope: Mapped[str] = mapped_column(String(16))
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(String(2048))
    category_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("material_category.id"))
    tags: Mapped[list[str]] = mapped_column(Json)
    models: Mapped[list[str]] = mapped_column(Json)
    author: Mapped[str] = mapped_column(String(64))
    file_hash: Mapped[str | None] = mapped_column(ForeignKey("material_file.sha256"))
    file_name: Mapped[str] = mapped_column(String(255))
    #: NULL: made on the server's command line.
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    retired_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column()

    file: Mapped[MaterialFile | None] = relationship(lazy="joined")


class MaterialUse(Base):
    """One copy or send of a material by a consultant (a pushed `material.use`, whose mutation
    id is this row's id). `used_at` is the consultant's time; `recorded_at` the server's."""

    __tablename__ = "material_use"
    __table_args__ = (
        CheckConstraint("action IN ('copy', 'send')", name="action"),
        Index("ix_material_use_material", "material_id"),
        Index("ix_material_use_user", "user_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    material_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("material.id"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(8))
    used_at: Mapped[datetime] = mapped_column()
    recorded_at: Mapped[datetime] = mapped_column()


class MaterialLink(Base):
    """A tracked short link (链接雷达) to an article, for one contact: ``/r/<token>``.

    One per contact and article, made when a consultant first shares the article with that
    customer. `token` is unguessable (`secrets.token_urlsafe`); `opens` counts the opens
    recorded (bursts from one visitor count once), the newest at `last_opened_at`.
    """

    __tablename__ = "material_link"
    __table_args__ = (
        UniqueConstraint("contact_id", "material_id"),
        Index("ix_material_link_material", "material_id"),
        Index("ix_material_link_showroom", "showroom_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    showroom_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("showroom.id"))
    material_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("material.id"))
    contact_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contact.id"))
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column()
    opens: Mapped[int] = mapped_column(Integer, default=0)
    first_opened_at: Mapped[datetime | None] = mapped_column()
    last_opened_at: Mapped[datetime | None] = mapped_column()


class MaterialLinkOpen(Base):
    """One recorded open of a tracked link; `ip_hash` is keyed by the server's secret and the
    day (as a scan's), enough to tell one visitor's burst from another visitor."""

    __tablename__ = "material_link_open"
    __table_args__ = (Index("ix_material_link_open_link_opened", "link_id", "opened_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    link_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("material_link.id"))
    opened_at: Mapped[datetime] = mapped_column()
    ip_hash: Mapped[str] = mapped_column(String(32))


class KeywordRule(Base):
    """A manager's keyword → tag rule (迈腾 → 意向:迈腾; 贷款, 分期 → 关注金融): a contact whose
    notes or follow-up text mention any of `keywords` gets `tag`. Deleted as a tombstone;
    tags it already gave stay."""

    __tablename__ = "keyword_rule"
    __table_args__ = (Index("ix_keyword_rule_showroom", "showroom_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    showroom_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("showroom.id"))
    keywords: Mapped[list[str]] = mapped_column(Json)
    tag: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    deleted_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column()


class ClientRelease(Base):
    """A desktop client release published for desks to download (`consultant-server release
    publish`): a version on a channel (stable, beta) for one platform (windows, macos, linux)
    or for any (`url` is then a download page); one row per channel, platform and version.
    Server-wide: every showroom served here sees the same releases."""

    __tablename__ = "client_release"
    __table_args__ = (
        CheckConstraint("channel IN ('stable', 'beta')", name="channel"),
        CheckConstraint("platform IN ('any', 'windows', 'macos', 'linux')", name="platform"),
        UniqueConstraint("channel", "platform", "version"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    channel: Mapped[str] = mapped_column(String(16))
    platform: Mapped[str] = mapped_column(String(16))
    #: As published (dotted numbers, 1.4.0); compared as numbers, never as text.
    version: Mapped[str] = mapped_column(String(32))
    url: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime] = mapped_column()
