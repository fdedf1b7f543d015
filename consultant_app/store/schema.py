"""The local database schema as typed SQLAlchemy models (the write side of the store).

Every synced table has a client-made UUID key and created/updated timestamps, so the sync
engine can merge rows from several devices without re-keying anything.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from consultant_app.clock import new_id, utcnow


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; stored as naive UTC text."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def table_of(model: type[Base]) -> Table:
    """A model's Core table, typed as one (for inserts with ON CONFLICT and bulk updates)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


class Base(DeclarativeBase):
    """Declarative base with stable constraint names (Alembic batch migrations need them)."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UtcDateTime}  # noqa: RUF012 (SQLAlchemy reads it)


class Synced:
    """Columns every synced row carries."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class LocalState(Base):
    """Facts about this installation, such as the local consultant's id; never synced.

    The opener reads and writes it with plain SQL; it is declared here so that the models
    describe the whole migrated schema (autogenerate would otherwise propose dropping it).
    """

    __tablename__ = "local_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Consultant(Synced, Base):
    """A user of the client; the signed-in one owns the contacts on the kanban."""

    __tablename__ = "consultant"

    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    showroom: Mapped[str] = mapped_column(String(128), default="")
    title: Mapped[str] = mapped_column(String(64), default="")


class Contact(Synced, Base):
    """A customer in the consultant's private domain."""

    __tablename__ = "contact"
    __table_args__ = (
        Index("ix_contact_owner_stage", "owner_id", "stage"),
        Index(
            "uq_contact_owner_mobile",
            "owner_id",
            "mobile",
            unique=True,
            sqlite_where=text("mobile IS NOT NULL AND deleted_at IS NULL"),
        ),
    )

    owner_id: Mapped[str] = mapped_column(ForeignKey("consultant.id"))
    name: Mapped[str] = mapped_column(String(64))
    name_pinyin: Mapped[str] = mapped_column(String(256), default="")
    name_initials: Mapped[str] = mapped_column(String(64), default="")
    mobile: Mapped[str | None] = mapped_column(String(20))
    wecom_id: Mapped[str] = mapped_column(String(64), default="")
    gender: Mapped[str] = mapped_column(String(16), default="unknown")
    budget_min_yuan: Mapped[int | None] = mapped_column(Integer)
    budget_max_yuan: Mapped[int | None] = mapped_column(Integer)
    source_channel: Mapped[str] = mapped_column(String(64), default="")
    birthday: Mapped[date | None] = mapped_column(Date)
    remark: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[str] = mapped_column(String(32), default="lead")
    stage_entered_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_touch_at: Mapped[datetime] = mapped_column(default=utcnow)
    snoozed_until: Mapped[date | None] = mapped_column(Date)
    deleted_at: Mapped[datetime | None] = mapped_column()

    models: Mapped[list[ContactModel]] = relationship(
        cascade="all, delete-orphan", order_by="ContactModel.position"
    )
    tag_links: Mapped[list[ContactTag]] = relationship(cascade="all, delete-orphan")


class ContactModel(Synced, Base):
    """A vehicle model the contact is interested in (names come from the catalogue)."""

    __tablename__ = "contact_model"
    __table_args__ = (UniqueConstraint("contact_id", "model_name"),)

    contact_id: Mapped[str] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    model_name: Mapped[str] = mapped_column(String(64), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Tag(Synced, Base):
    """A coloured label; names are unique regardless of who made them."""

    __tablename__ = "tag"

    name: Mapped[str] = mapped_column(String(32), unique=True)
    colour: Mapped[str] = mapped_column(String(9), default="#5B8FF9")


class ContactTag(Synced, Base):
    """A tag on a contact (a set: one row per pair)."""

    __tablename__ = "contact_tag"
    __table_args__ = (UniqueConstraint("contact_id", "tag_id"),)

    contact_id: Mapped[str] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    tag_id: Mapped[str] = mapped_column(ForeignKey("tag.id", ondelete="CASCADE"), index=True)
    tag: Mapped[Tag] = relationship(lazy="joined")


class StageChange(Synced, Base):
    """One move between stages; append-only history."""

    __tablename__ = "stage_change"

    contact_id: Mapped[str] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    from_stage: Mapped[str | None] = mapped_column(String(32))
    to_stage: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_by: Mapped[str] = mapped_column(ForeignKey("consultant.id"))
    lost_reason: Mapped[str | None] = mapped_column(String(32))
    competitor: Mapped[str] = mapped_column(String(64), default="")
    details_json: Mapped[str | None] = mapped_column(Text)
    batch_id: Mapped[str] = mapped_column(String(36), index=True)
    is_undo: Mapped[bool] = mapped_column(Boolean, default=False)


class Activity(Synced, Base):
    """A follow-up: call, visit, message, test drive or note; append-only."""

    __tablename__ = "activity"

    contact_id: Mapped[str] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text, default="")
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(ForeignKey("consultant.id"))


class Reminder(Synced, Base):
    """Something to do for a contact at a time; done once, never deleted."""

    __tablename__ = "reminder"
    __table_args__ = (Index("ix_reminder_open", "contact_id", "done", "due_at"),)

    contact_id: Mapped[str] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"))
    due_at: Mapped[datetime] = mapped_column()
    note: Mapped[str] = mapped_column(Text, default="")
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_at: Mapped[datetime | None] = mapped_column()


class FieldConflict(Synced, Base):
    """A contact field edit that lost to a later one from another device (kept to be shown)."""

    __tablename__ = "field_conflict"

    contact_id: Mapped[str] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(32))
    lost_value: Mapped[str] = mapped_column(Text)  # JSON
    kept_value: Mapped[str] = mapped_column(Text)  # JSON
    at: Mapped[datetime] = mapped_column()
    lost_by: Mapped[str] = mapped_column(String(64), default="")


class OutboxEntry(Base):
    """A mutation waiting to be pushed (local only, never synced).

    Written in the same transaction as the change it describes, so a change can never exist
    without its way to the server. `seq` is the device's push order.
    """

    __tablename__ = "outbox"
    # AUTOINCREMENT: never reuse a number after acknowledged entries are deleted.
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012 (SQLAlchemy reads it)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mutation_id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    payload_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    state: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)


# --- the material library (素材库) ------------------------------------------------------


class MaterialCategory(Synced, Base):
    """A node of the category tree (车型资料 › 迈腾 …); server-owned, pulled."""

    __tablename__ = "material_category"

    # No foreign key: a page may bring a child before its parent.
    parent_id: Mapped[str | None] = mapped_column(String(36), index=True)
    name: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Material(Synced, Base):
    """One item of the library: Q&A, script, article, image or document.

    `scope` is "company" (published by managers, read-only here) or "personal" (the signed-in
    consultant's own scripts, `owner_id` set). Files are referenced by content hash and fetched
    into the local cache on demand. Tags and models are JSON lists (they travel that way).
    """

    __tablename__ = "material"
    __table_args__ = (Index("ix_material_scope_owner", "scope", "owner_id"),)

    kind: Mapped[str] = mapped_column(String(16))
    scope: Mapped[str] = mapped_column(String(16))
    owner_id: Mapped[str | None] = mapped_column(String(36))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(2048), default="")
    # No foreign key: categories and materials arrive independently.
    category_id: Mapped[str | None] = mapped_column(String(36), index=True)
    tags_json: Mapped[str] = mapped_column(Text, default="[]")
    models_json: Mapped[str] = mapped_column(Text, default="[]")
    author: Mapped[str] = mapped_column(String(64), default="")
    file_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    file_name: Mapped[str] = mapped_column(String(255), default="")
    file_size: Mapped[int | None] = mapped_column(Integer)
    mime_type: Mapped[str] = mapped_column(String(128), default="")


class MaterialUsage(Base):
    """How often this workspace's consultant copied or sent a material, and when last (local)."""

    __tablename__ = "material_usage"

    material_id: Mapped[str] = mapped_column(
        ForeignKey("material.id", ondelete="CASCADE"), primary_key=True
    )
    copies: Mapped[int] = mapped_column(Integer, default=0)
    sends: Mapped[int] = mapped_column(Integer, default=0)
    last_used_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class MaterialFavourite(Base):
    """A material the consultant starred (local to this workspace)."""

    __tablename__ = "material_favourite"

    material_id: Mapped[str] = mapped_column(
        ForeignKey("material.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MaterialSearch(Base):
    """The search index's content rows: a material's tokens, derived locally, never synced.

    `docid` is the FTS5 rowid; a changed material gets a new, lower one than any given before
    (`consultant_app.library.index` counts them down and keeps the lowest in `local_state`), so
    ascending docid order, FTS5's own, is "most recently changed first". `material_fts`
    indexes these. (The table's AUTOINCREMENT is from index version 1, which counted up.)
    """

    __tablename__ = "material_search"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012 (SQLAlchemy reads it)

    docid: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    material_id: Mapped[str] = mapped_column(String(36), unique=True)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    meta: Mapped[str] = mapped_column(Text)
    facets: Mapped[str] = mapped_column(Text)


class TrackedLink(Base):
    """A tracked short link (链接雷达) the server made for one contact and one article, kept so
    sharing the article with that customer again works offline.

    No foreign keys: the contact may be reassigned away and the article retired; the link
    stays the server's record either way.
    """

    __tablename__ = "tracked_link"
    __table_args__ = (UniqueConstraint("material_id", "contact_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    material_id: Mapped[str] = mapped_column(String(36))
    contact_id: Mapped[str] = mapped_column(String(36), index=True)
    token: Mapped[str] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(String(2048))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# The FTS5 table over material_search and the shadow tables SQLite keeps for it. Migration
# 0006 creates them (SQLite makes the shadow tables itself); they are declared only so that the
# models describe the whole migrated schema. Never create them from this metadata.
MATERIAL_FTS = Table(
    "material_fts",
    Base.metadata,
    Column("title", Text),
    Column("body", Text),
    Column("meta", Text),
    Column("facets", Text),
)
MATERIAL_FTS_SHADOW = (
    Table(
        "material_fts_data",
        Base.metadata,
        # SQLite reports an INTEGER PRIMARY KEY (a rowid alias) as nullable.
        Column("id", Integer, primary_key=True, nullable=True),
        Column("block", LargeBinary),
    ),
    Table(
        "material_fts_idx",
        Base.metadata,
        Column("segid", Integer, primary_key=True),
        Column("term", LargeBinary, primary_key=True),
        Column("pgno", Integer),
    ),
    Table(
        "material_fts_config",
        Base.metadata,
        Column("k", Text, primary_key=True),
        Column("v", Text),
    ),
)


# --- channel live codes (渠道活码) ----------------------------------------------------------


class LeadChannel(Synced, Base):
    """A channel leads arrive through (展厅展架 … or one the consultant made); pulled, and
    made here for the consultant's own (`consultant_app.services.channels`).

    `owner_id` empty: the showroom's. No foreign keys: a manager's desk holds colleagues'
    channels, and a workspace's first consultant id is re-keyed at sign-in. `tags_json` is
    the JSON list of tag names its leads get.
    """

    __tablename__ = "channel"

    owner_id: Mapped[str | None] = mapped_column(String(36), index=True)
    builtin: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(32))
    benefit: Mapped[str] = mapped_column(String(64), default="")
    welcome: Mapped[str] = mapped_column(Text, default="")
    tags_json: Mapped[str] = mapped_column(Text, default="[]")
    archived_at: Mapped[datetime | None] = mapped_column()


class LiveCode(Synced, Base):
    """A live code of a channel: the consultant's own or the showroom's duty code.

    `token` is empty until the server has made the code (a code asked for offline is usable
    once synced). `target_id` is the consultant its scans go to instead of the owner.
    """

    __tablename__ = "channel_code"
    __table_args__ = (Index("ix_channel_code_owner_channel", "owner_id", "channel_id"),)

    channel_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="consultant")
    owner_id: Mapped[str | None] = mapped_column(String(36))
    target_id: Mapped[str | None] = mapped_column(String(36))
    token: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), default="active")


# --- keyword → tag rules ---------------------------------------------------------------


class KeywordRule(Synced, Base):
    """A manager's keyword → tag rule, pulled (docs/library.md, "Keyword tags"): the desk gives
    `tag` to a contact whose saved note, reminder or remark mentions one of the keywords,
    in the same transaction (`consultant_app.services.contacts`). `keywords_json` is the
    JSON list of keywords."""

    __tablename__ = "keyword_rule"

    keywords_json: Mapped[str] = mapped_column(Text, default="[]")
    tag: Mapped[str] = mapped_column(String(32))


class RemovedTag(Base):
    """A tag taken off a contact, here or (pulled) on another desk: a keyword rule never gives
    it to that contact again. The contact's tag rows keep only live tags, so this is the
    desk's memory of removals (those before this table existed are the server's to know)."""

    __tablename__ = "removed_tag"

    contact_id: Mapped[str] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True
    )
    tag_name: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
