"""Applying pulled changes to the local store: a page and its cursor in one transaction.

Applying is idempotent (whole-row upserts keyed by id), so a page that is pulled again after a
crash changes nothing the second time. After the page, pending outbox mutations are re-applied
("rebase") so that the consultant's unpushed edits stay on screen until the server answers.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from consultant_app.clock import new_id, to_db, utcnow
from consultant_app.domain.pinyin import pinyin_keys
from consultant_app.library import pulled as library
from consultant_app.store.database import Workspace
from consultant_app.store.schema import (
    Activity,
    Consultant,
    Contact,
    ContactModel,
    ContactTag,
    FieldConflict,
    KeywordRule,
    LeadChannel,
    LiveCode,
    LocalState,
    OutboxEntry,
    Reminder,
    RemovedTag,
    StageChange,
    Tag,
    table_of,
)
from consultant_app.sync.wire import (
    Change,
    ChangeOp,
    Entity,
    JSONValue,
    MutationKind,
    subject_rows,
)

CURSOR_KEY = "sync_cursor"


ACTIVITIES = table_of(Activity)
CONSULTANTS = table_of(Consultant)
CONTACTS = table_of(Contact)
CONTACT_MODELS = table_of(ContactModel)
CONTACT_TAGS = table_of(ContactTag)
FIELD_CONFLICTS = table_of(FieldConflict)
LOCAL_STATE = table_of(LocalState)
REMINDERS = table_of(Reminder)
STAGE_CHANGES = table_of(StageChange)
TAGS = table_of(Tag)
CHANNELS = table_of(LeadChannel)
CODES = table_of(LiveCode)
RULES = table_of(KeywordRule)
REMOVED_TAGS = table_of(RemovedTag)


@dataclass(frozen=True, slots=True)
class PageResult:
    """What one applied page touched, so the UI can refresh just that."""

    contact_ids: frozenset[str]
    revoked: frozenset[str]
    applied: int


def read_cursor(workspace: Workspace) -> str:
    """The cursor of the last applied page ('' before the first pull)."""
    row = (
        workspace.reader()
        .execute("SELECT value FROM local_state WHERE key = ?", (CURSOR_KEY,))
        .fetchone()
    )
    return "" if row is None else str(row[0])


def apply_page(workspace: Workspace, changes: Sequence[Change], cursor: str) -> PageResult:
    """Apply `changes` (in `seq` order) and store `cursor`, all or nothing."""
    touched: set[str] = set()
    revoked: set[str] = set()
    with workspace.transaction() as session:
        batch = _Batch(session)
        for change in sorted(changes, key=lambda c: c.seq):
            if change.op is ChangeOp.UPSERT and change.entity in _BATCHED:
                contact_id: str | None = batch.add(change.entity, change.data)
            else:
                batch.flush()  # what came before it is written before it
                contact_id = _apply(session, change)
            # The later of a revocation and an upsert wins: a contact reassigned away and
            # back within one page is here again, not gone.
            if change.op is ChangeOp.REVOKE:
                revoked.add(change.id)
                touched.discard(change.id)
            elif contact_id:
                touched.add(contact_id)
                revoked.discard(contact_id)
        batch.flush()
        _rebase(session)
        library.rebase(session)
        # The search index follows the page's materials in this same transaction.
        library.refresh(session)
        session.execute(
            sqlite_insert(LOCAL_STATE)
            .values(key=CURSOR_KEY, value=cursor)
            .on_conflict_do_update(index_elements=["key"], set_={"value": cursor})
        )
    return PageResult(frozenset(touched), frozenset(revoked), len(changes))


def _apply(session: Session, change: Change) -> str | None:
    """Apply one change; the contact it concerns, if any."""
    data = change.data
    if change.entity is Entity.CONTACT and change.op is ChangeOp.REVOKE:
        session.execute(delete(Contact).where(Contact.id == change.id))
        return change.id
    if change.op is ChangeOp.DELETE and change.entity in _LIBRARY_DELETES:
        _LIBRARY_DELETES[change.entity](session, change.id)
        return None
    if change.op is ChangeOp.DELETE and change.entity is Entity.CONTACT_TAG:
        _remember_removal(session, data)
    if change.op is ChangeOp.DELETE:
        table = _TABLES[change.entity]
        session.execute(delete(table).where(table.c.id == change.id))
        contact = data.get("contact_id")
        return str(contact) if contact else None
    handler = _UPSERTS[change.entity]
    return handler(session, data)


# --- upserts, one per entity ------------------------------------------------------------
#
# Rows are written through the sqlite3 connection under the session, with statements built
# once per table and column set (SQLite prepares each once per connection). Building the
# equivalent SQLAlchemy statement per row, and the session's bookkeeping for it, cost far more
# than the statement: a first sync of 70,000 rows took over a minute that way.


def _driver(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection of the session's transaction (looked up once per transaction)."""
    raw = session.info.get(_DRIVER_KEY)
    if not isinstance(raw, sqlite3.Connection):
        raw = session.connection().connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        session.info[_DRIVER_KEY] = raw
    return raw


_DRIVER_KEY = "sync.apply.driver"


def _upsert_sql(table: Table, columns: tuple[str, ...]) -> str:
    """INSERT … ON CONFLICT (id) DO UPDATE for `columns` of `table` (built once, then kept).

    An update in place, never REPLACE, which would delete the row and its history with it.
    """
    key = (table.name, columns)
    sql = _UPSERT_SQL.get(key)
    if sql is None:
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")
        sql = (
            f"INSERT INTO {table.name} ({', '.join(columns)})"
            f" VALUES ({', '.join('?' * len(columns))}) ON CONFLICT (id) DO UPDATE SET {updates}"
        )
        _UPSERT_SQL[key] = sql
    return sql


_UPSERT_SQL: dict[tuple[str, tuple[str, ...]], str] = {}


def _upsert(session: Session, table: Table, values: Mapping[str, Any]) -> None:
    """Insert or update one row by id; Python values are stored as SQLAlchemy stores them."""
    columns = tuple(values)
    row = tuple(_db(v) for v in values.values())
    _driver(session).execute(_upsert_sql(table, columns), row)


def _db(value: Any) -> Any:
    """A value in the form this store keeps it (`UtcDateTime`, `Date`, `Boolean`)."""
    if isinstance(value, datetime):
        return to_db(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


_PLACEHOLDER_SQL = (
    "INSERT OR IGNORE INTO consultant (id, username, display_name, showroom, title, created_at,"
    " updated_at) VALUES (?, ?, '', '', '', ?, ?)"
)


def _ensure_consultant(session: Session, consultant_id: str) -> None:
    """A placeholder for a consultant the page names before describing (filled in later)."""
    _ensure_consultants(session, [consultant_id])


def _ensure_consultants(session: Session, consultant_ids: Iterable[str]) -> None:
    now = to_db(utcnow())
    rows = [(c, f"user-{c}", now, now) for c in dict.fromkeys(consultant_ids) if c]
    if rows:
        _driver(session).executemany(_PLACEHOLDER_SQL, rows)


def _consultant(session: Session, data: Mapping[str, JSONValue]) -> None:
    now = utcnow()
    _upsert(
        session,
        CONSULTANTS,
        {
            "id": data["id"],
            "username": data["username"],
            "display_name": data["display_name"],
            "showroom": data["showroom"],
            "title": data["title"],
            "created_at": now,
            "updated_at": now,
        },
    )


class _Batch:
    """Upserts of contacts and their history, collected and written with one `executemany` per
    table: the consultants they name first, then the contacts (with their models), then the
    history. The caller flushes before any other kind of change and at the end, so every
    change still lands in `seq` order as far as it can matter (a later row of the same id
    wins; a contact is there before its history)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.consultants: list[str] = []
        # In `_ROWS`' order: contacts before the rows that refer to them.
        self.rows: dict[Entity, list[tuple[Any, ...]]] = {entity: [] for entity in _ROWS}
        #: Each batched contact's models, the last version only (the rows derive from it).
        self.models: dict[str, list[str]] = {}

    def add(self, entity: Entity, data: Mapping[str, JSONValue]) -> str:
        """Queue one row; the contact it concerns."""
        row, consultant = _ROWS[entity](data)
        self.rows[entity].append(row)
        self.consultants.append(consultant)
        if entity is Entity.CONTACT:
            self.models[str(row[0])] = [str(m) for m in data["models"] or []]
            return str(row[0])
        return str(row[1])

    def flush(self) -> None:
        if not self.consultants:
            return
        _ensure_consultants(self.session, self.consultants)
        driver = _driver(self.session)
        for entity, rows in self.rows.items():
            if rows:
                driver.executemany(_upsert_sql(_TABLES[entity], _COLUMNS[entity]), rows)
                if entity is Entity.CONTACT:
                    _set_models_of(self.session, self.models)
        self.consultants.clear()
        self.models.clear()
        for rows in self.rows.values():
            rows.clear()


def _contact_row(data: Mapping[str, JSONValue]) -> tuple[tuple[Any, ...], str]:
    name = str(data["name"])
    full, initials = pinyin_keys(name)
    owner = str(data["owner_id"])
    row = (
        str(data["id"]),
        owner,
        name,
        full,
        initials,
        data["mobile"],
        data["wecom_id"] or "",
        data["gender"] or "unknown",
        data["budget_min_yuan"],
        data["budget_max_yuan"],
        data["source_channel"] or "",
        _db_date(data["birthday"]),
        data["remark"] or "",
        data["stage"],
        _db_time(data["stage_entered_at"]),
        _db_time(data["last_touch_at"]),
        _db_date(data["snoozed_until"]),
        _db_time(data["deleted_at"]),
        _db_time(data["created_at"]),
        _db_time(data["updated_at"]),
    )
    return row, owner


def _stage_change_row(data: Mapping[str, JSONValue]) -> tuple[tuple[Any, ...], str]:
    details = data["details"]
    at = _db_time(data["changed_at"])
    by = str(data["changed_by"])
    row = (
        data["id"],
        str(data["contact_id"]),
        data["from_stage"],
        data["to_stage"],
        at,
        by,
        data["lost_reason"],
        data["competitor"] or "",
        json.dumps(details, ensure_ascii=False) if details else None,
        data["batch_id"],
        int(bool(data["is_undo"])),
        at,
        at,
    )
    return row, by


def _activity_row(data: Mapping[str, JSONValue]) -> tuple[tuple[Any, ...], str]:
    when = _db_time(data["occurred_at"])
    by = str(data["created_by"])
    row = (
        data["id"],
        str(data["contact_id"]),
        data["kind"],
        data["body"] or "",
        when,
        by,
        when,
        when,
    )
    return row, by


def _reminder_row(data: Mapping[str, JSONValue]) -> tuple[tuple[Any, ...], str]:
    now = to_db(utcnow())
    row = (
        data["id"],
        str(data["contact_id"]),
        _db_time(data["due_at"]),
        data["note"] or "",
        int(bool(data["done"])),
        _db_time(data["done_at"]),
        now,
        now,
    )
    return row, ""


def _field_conflict_row(data: Mapping[str, JSONValue]) -> tuple[tuple[Any, ...], str]:
    at = _db_time(data["at"])
    row = (
        data["id"],
        str(data["contact_id"]),
        data["field"],
        json.dumps(data["lost_value"], ensure_ascii=False),
        json.dumps(data["kept_value"], ensure_ascii=False),
        at,
        data["lost_by"] or "",
        at,
        at,
    )
    return row, ""


#: The upserts `_Batch` collects, in the order it writes them (contacts first); each row
#: builder gives the row and the consultant it names.
_ROWS: dict[Entity, Callable[[Mapping[str, JSONValue]], tuple[tuple[Any, ...], str]]] = {
    Entity.CONTACT: _contact_row,
    Entity.STAGE_CHANGE: _stage_change_row,
    Entity.ACTIVITY: _activity_row,
    Entity.REMINDER: _reminder_row,
    Entity.FIELD_CONFLICT: _field_conflict_row,
}
_BATCHED = frozenset(_ROWS)
#: The columns each row builder fills, in its order (a contact's first: it comes first).
_COLUMNS: dict[Entity, tuple[str, ...]] = {
    Entity.CONTACT: (
        "id",
        "owner_id",
        "name",
        "name_pinyin",
        "name_initials",
        "mobile",
        "wecom_id",
        "gender",
        "budget_min_yuan",
        "budget_max_yuan",
        "source_channel",
        "birthday",
        "remark",
        "stage",
        "stage_entered_at",
        "last_touch_at",
        "snoozed_until",
        "deleted_at",
        "created_at",
        "updated_at",
    ),
    Entity.STAGE_CHANGE: (
        "id",
        "contact_id",
        "from_stage",
        "to_stage",
        "changed_at",
        "changed_by",
        "lost_reason",
        "competitor",
        "details_json",
        "batch_id",
        "is_undo",
        "created_at",
        "updated_at",
    ),
    Entity.ACTIVITY: (
        "id",
        "contact_id",
        "kind",
        "body",
        "occurred_at",
        "created_by",
        "created_at",
        "updated_at",
    ),
    Entity.REMINDER: (
        "id",
        "contact_id",
        "due_at",
        "note",
        "done",
        "done_at",
        "created_at",
        "updated_at",
    ),
    Entity.FIELD_CONFLICT: (
        "id",
        "contact_id",
        "field",
        "lost_value",
        "kept_value",
        "at",
        "lost_by",
        "created_at",
        "updated_at",
    ),
}


def _batched(entity: Entity) -> Callable[[Session, Mapping[str, JSONValue]], str]:
    """The one-row upsert of a batched entity (for changes applied one by one)."""

    def upsert(session: Session, data: Mapping[str, JSONValue]) -> str:
        batch = _Batch(session)
        contact_id = batch.add(entity, data)
        batch.flush()
        return contact_id

    return upsert


def _set_models(session: Session, contact_id: str, models: list[str]) -> None:
    """Models arrive as the contact's list; the rows here are derived from it."""
    _set_models_of(session, {contact_id: models})


def _set_models_of(session: Session, models: Mapping[str, list[str]]) -> None:
    driver = _driver(session)
    driver.executemany("DELETE FROM contact_model WHERE contact_id = ?", [(c,) for c in models])
    now = to_db(utcnow())
    driver.executemany(
        "INSERT INTO contact_model (id, contact_id, model_name, position, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (new_id(), contact_id, name, position, now, now)
            for contact_id, names in models.items()
            for position, name in enumerate(dict.fromkeys(names))
        ],
    )


def _tag(session: Session, data: Mapping[str, JSONValue]) -> None:
    """Tags are unique by name: a local tag of the same name gives way to the server's id, and
    its links move over with their ids (they are add ids the server may already know)."""
    table, links = TAGS, CONTACT_TAGS
    tag_id, name = str(data["id"]), str(data["name"])
    now = utcnow()
    local = session.execute(select(table.c.id).where(table.c.name == name)).scalar_one_or_none()
    moved: list[tuple[str, str]] = []
    if local is not None and local != tag_id:
        moved = [
            (str(r[0]), str(r[1]))
            for r in session.execute(
                select(links.c.id, links.c.contact_id).where(links.c.tag_id == local)
            ).all()
        ]
        session.execute(delete(table).where(table.c.id == local))  # its links go with it
    _upsert(
        session,
        table,
        {
            "id": tag_id,
            "name": name,
            "colour": data["colour"],
            "created_at": now,
            "updated_at": now,
        },
    )
    for link_id, contact_id in moved:
        _contact_tag(session, {"id": link_id, "contact_id": contact_id, "tag_id": tag_id})


def _contact_tag(session: Session, data: Mapping[str, JSONValue]) -> str:
    """One add of a tag. The local table keeps one row per pair, carrying the newest add id, so
    that a later delete of an older add (observed-remove) leaves the pair in place."""
    table = CONTACT_TAGS
    add_id, contact_id, tag_id = str(data["id"]), str(data["contact_id"]), str(data["tag_id"])
    now = utcnow()
    existing = session.execute(
        select(table.c.id).where(table.c.contact_id == contact_id, table.c.tag_id == tag_id)
    ).scalar_one_or_none()
    if existing is None:
        session.execute(delete(table).where(table.c.id == add_id))
        session.execute(
            insert(table).values(
                id=add_id, contact_id=contact_id, tag_id=tag_id, created_at=now, updated_at=now
            )
        )
    elif existing != add_id:
        session.execute(update(table).where(table.c.id == existing).values(id=add_id))
    return contact_id


def _channel(session: Session, data: Mapping[str, JSONValue]) -> None:
    _upsert(
        session,
        CHANNELS,
        {
            "id": data["id"],
            "owner_id": data["owner_id"],
            "builtin": data["builtin"],
            "name": data["name"],
            "benefit": data["benefit"] or "",
            "welcome": data["welcome"] or "",
            "tags_json": json.dumps(list(data["tags"] or []), ensure_ascii=False),
            "archived_at": _time(data["archived_at"]),
            "created_at": _time(data["created_at"]),
            "updated_at": _time(data["updated_at"]),
        },
    )


def _channel_code(session: Session, data: Mapping[str, JSONValue]) -> None:
    """A live code. A code asked for offline on a channel the consultant already had one for
    (made on another desk) was answered with that one: the local stand-in, without a token,
    gives way to it."""
    _upsert(
        session,
        CODES,
        {
            "id": data["id"],
            "channel_id": data["channel_id"],
            "kind": data["kind"],
            "owner_id": data["owner_id"],
            "target_id": data["target_id"],
            "token": data["token"],
            "status": data["status"],
            "created_at": _time(data["created_at"]),
            "updated_at": _time(data["updated_at"]),
        },
    )
    if data["kind"] == "consultant" and data["status"] != "revoked" and data["owner_id"]:
        session.execute(
            delete(CODES).where(
                CODES.c.owner_id == data["owner_id"],
                CODES.c.channel_id == data["channel_id"],
                CODES.c.token.is_(None),
                CODES.c.id != data["id"],
            )
        )


def _keyword_rule(session: Session, data: Mapping[str, JSONValue]) -> None:
    now = utcnow()
    _upsert(
        session,
        RULES,
        {
            "id": data["id"],
            "keywords_json": json.dumps(list(data["keywords"] or []), ensure_ascii=False),
            "tag": data["tag"],
            "created_at": now,
            "updated_at": now,
        },
    )


def _remember_removal(session: Session, data: Mapping[str, JSONValue]) -> None:
    """A tag add the server removed: the contact keeps the memory that it had the tag, so a
    keyword rule never gives it again on this desk. (A row a re-bootstrap's snapshot lacked
    names no tag: that is not a removal.)"""
    contact_id, tag_id = data.get("contact_id"), data.get("tag_id")
    if not isinstance(contact_id, str) or not isinstance(tag_id, str):
        return
    name = session.execute(select(TAGS.c.name).where(TAGS.c.id == tag_id)).scalar_one_or_none()
    known = session.execute(
        select(CONTACTS.c.id).where(CONTACTS.c.id == contact_id)
    ).scalar_one_or_none()
    if name is None or known is None:
        return
    session.execute(
        sqlite_insert(REMOVED_TAGS)
        .values(contact_id=contact_id, tag_name=name, created_at=utcnow())
        .on_conflict_do_nothing()
    )


_UPSERTS = {
    Entity.CONSULTANT: _consultant,
    Entity.CONTACT: _batched(Entity.CONTACT),
    Entity.STAGE_CHANGE: _batched(Entity.STAGE_CHANGE),
    Entity.ACTIVITY: _batched(Entity.ACTIVITY),
    Entity.REMINDER: _batched(Entity.REMINDER),
    Entity.TAG: _tag,
    Entity.CONTACT_TAG: _contact_tag,
    Entity.FIELD_CONFLICT: _batched(Entity.FIELD_CONFLICT),
    Entity.CHANNEL: _channel,
    Entity.CHANNEL_CODE: _channel_code,
    Entity.MATERIAL: library.upsert_material,
    Entity.MATERIAL_CATEGORY: library.upsert_category,
    Entity.KEYWORD_RULE: _keyword_rule,
}
_LIBRARY_DELETES = {
    Entity.MATERIAL: library.delete_material,
    Entity.MATERIAL_CATEGORY: library.delete_category,
}
_TABLES: dict[Entity, Table] = {
    Entity.CONSULTANT: CONSULTANTS,
    Entity.CONTACT: CONTACTS,
    Entity.STAGE_CHANGE: STAGE_CHANGES,
    Entity.ACTIVITY: ACTIVITIES,
    Entity.REMINDER: REMINDERS,
    Entity.TAG: TAGS,
    Entity.CONTACT_TAG: CONTACT_TAGS,
    Entity.FIELD_CONFLICT: FIELD_CONFLICTS,
    Entity.CHANNEL: CHANNELS,
    Entity.CHANNEL_CODE: CODES,
    Entity.KEYWORD_RULE: RULES,
}


# --- taking refused mutations back ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Refused:
    """A mutation the server refused for good, with its rows as the server has them now."""

    kind: MutationKind
    payload: Mapping[str, JSONValue]
    #: The server's current rows of the mutation's subject (`wire.PushOutcome.current`).
    current: Sequence[Change]


def take_back(session: Session, refused: Sequence[Refused]) -> PageResult:
    """Set what refused mutations did locally back to the server's truth, in the caller's
    transaction (the one recording the push's outcomes, so both happen or neither).

    For each, in push order: the rows it created (`wire.subject_rows`) that its `current`
    lacks are removed (the server has none; a contact goes with its history, a personal
    script with its usage and star), then `current` is applied as pulled rows are. A row it
    changed that `current` lacks is left to the pull: the server has it but the user no
    longer sees it (a contact reassigned away, a script deleted on another desk), and the
    revocation or removal in the change log takes it away after the changes before it
    (removing a contact now would orphan those). Last, the mutations still pending on those
    contacts, reminders, channels, codes and scripts are re-applied over them (rebase, as
    after a pulled page), so later unpushed work stays on screen, and the library's search
    index follows the materials this changed, in the same transaction.
    """
    touched: set[str] = set()
    revoked: set[str] = set()
    names: set[str] = set()
    for mutation in refused:
        served = {(change.entity, change.id) for change in mutation.current}
        for entity, ident, created in subject_rows(mutation.kind, mutation.payload):
            names.add(ident)
            if (entity, ident) in served or not created:
                continue
            if entity is Entity.CONTACT:
                gone = delete(CONTACTS).where(CONTACTS.c.id == ident).returning(CONTACTS.c.id)
                if session.execute(gone).first() is not None:
                    revoked.add(ident)
                    touched.discard(ident)
            elif entity in _LIBRARY_DELETES:
                _LIBRARY_DELETES[entity](session, ident)  # and out of the search index
            else:
                contact_id = _delete_row(session, _TABLES[entity], ident)
                if contact_id:
                    touched.add(contact_id)
        for change in mutation.current:
            contact_id = _apply(session, change)
            names.add(change.id)
            if contact_id:
                names.add(contact_id)
                touched.add(contact_id)
                revoked.discard(contact_id)
    session.expire_all()  # the ORM's view of the rows changed underneath
    _rebase(session, only=names)
    library.rebase(session)
    library.refresh(session)
    return PageResult(frozenset(touched), frozenset(revoked), len(refused))


def _delete_row(session: Session, table: Table, row_id: str) -> str | None:
    """Delete one row by id; the contact it belonged to, if any."""
    if "contact_id" not in table.c:
        session.execute(delete(table).where(table.c.id == row_id))
        return None
    contact_id = session.execute(
        delete(table).where(table.c.id == row_id).returning(table.c.contact_id)
    ).scalar_one_or_none()
    return None if contact_id is None else str(contact_id)


# --- rebase ----------------------------------------------------------------------------


def _rebase(session: Session, only: set[str] | None = None) -> None:
    """Re-apply the mutable effects of pending mutations over the pulled rows, in order.

    `only`: just the mutations naming one of these ids (a contact, reminder, channel or code),
    after refused ones were taken back; None: all of them, after a pulled page.
    """
    pending = session.execute(
        select(OutboxEntry.kind, OutboxEntry.payload_json)
        .where(OutboxEntry.state == "pending")
        .order_by(OutboxEntry.seq)
    ).all()
    for kind, payload_json in pending:
        payload = json.loads(payload_json)
        if only is not None and not any(str(payload.get(key)) in only for key in _NAMING_KEYS):
            continue
        contact = session.get(Contact, payload.get("contact_id", ""))
        if kind == MutationKind.CONTACT_UPDATE and contact is not None:
            for field, change in payload["changes"].items():
                _set_field(session, contact, field, change["value"])
        elif kind == MutationKind.STAGE_MOVE and contact is not None:
            contact.stage = payload["to_stage"]
        elif kind == MutationKind.CONTACT_SNOOZE and contact is not None:
            contact.snoozed_until = _date(payload["until"])
        elif kind == MutationKind.TAG_REMOVE:
            # Adds the remove saw stay gone here, also when pulled (or set back) again.
            observed = [str(add_id) for add_id in payload["observed_add_ids"]]
            session.execute(delete(CONTACT_TAGS).where(CONTACT_TAGS.c.id.in_(observed)))
        elif kind == MutationKind.REMINDER_COMPLETE:
            reminder = session.get(Reminder, payload["reminder_id"])
            if reminder is not None and not reminder.done:
                reminder.done = True
                reminder.done_at = _time(payload["done_at"])
        elif kind == MutationKind.CHANNEL_UPDATE:
            _rebase_channel(session, payload)
        elif kind == MutationKind.CHANNEL_CODE_SET_STATUS:
            code = session.get(LiveCode, payload["code_id"])
            if code is not None and code.status != "revoked":
                code.status = payload["status"]
    session.flush()


#: The payload keys naming what a mutation acts on (see `_rebase`'s `only`).
_NAMING_KEYS = ("contact_id", "reminder_id", "channel_id", "code_id")


def _rebase_channel(session: Session, payload: Mapping[str, JSONValue]) -> None:
    """A pending channel edit, over the pulled row (the last write wins there too)."""
    channel = session.get(LeadChannel, payload["channel_id"])
    changes = payload["changes"]
    if channel is None or not isinstance(changes, dict):
        return
    for field in ("name", "benefit", "welcome"):
        if field in changes:
            setattr(channel, field, changes[field])
    if "tags" in changes:
        channel.tags_json = json.dumps(list(changes["tags"]), ensure_ascii=False)
    if "archived" in changes:
        archived = bool(changes["archived"])
        if archived and channel.archived_at is None:
            channel.archived_at = utcnow()
        elif not archived:
            channel.archived_at = None


def _set_field(session: Session, contact: Contact, field: str, value: JSONValue) -> None:
    if field == "models":
        _set_models(session, contact.id, [str(m) for m in value or []])
        session.expire(contact, ["models"])
    elif field == "birthday":
        contact.birthday = _date(value)
    elif field == "name":
        contact.name = str(value)
        contact.name_pinyin, contact.name_initials = pinyin_keys(contact.name)
    else:
        setattr(contact, field, value)


def _time(value: JSONValue) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _date(value: JSONValue) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def _db_time(value: JSONValue) -> str | None:
    """An ISO time from the wire in the form this store keeps it (`clock.to_db`)."""
    parsed = _time(value)
    return None if parsed is None else to_db(parsed)


def _db_date(value: JSONValue) -> str | None:
    return date.fromisoformat(str(value)).isoformat() if value else None
