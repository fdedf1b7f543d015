"""Applying pulled changes to the local store: a page and its cursor in one transaction.

Applying is idempotent (whole-row upserts keyed by id), so a page that is pulled again after a
crash changes nothing the second time. After the page, pending outbox mutations are re-applied
("rebase") so that the consultant's unpushed edits stay on screen until the server answers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from consultant_app.clock import new_id, utcnow
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
    LeadChannel,
    LiveCode,
    LocalState,
    OutboxEntry,
    Reminder,
    StageChange,
    Tag,
    table_of,
)
from consultant_app.sync.wire import Change, ChangeOp, Entity, JSONValue, MutationKind

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
        for change in sorted(changes, key=lambda c: c.seq):
            contact_id = _apply(session, change)
            # The later of a revocation and an upsert wins: a contact reassigned away and
            # back within one page is here again, not gone.
            if change.op is ChangeOp.REVOKE:
                revoked.add(change.id)
                touched.discard(change.id)
            elif contact_id:
                touched.add(contact_id)
                revoked.discard(contact_id)
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
    if change.op is ChangeOp.DELETE:
        table = _TABLES[change.entity]
        session.execute(delete(table).where(table.c.id == change.id))
        contact = data.get("contact_id")
        return str(contact) if contact else None
    handler = _UPSERTS[change.entity]
    return handler(session, data)


# --- upserts, one per entity ------------------------------------------------------------


def _upsert(session: Session, table: Table, values: Mapping[str, Any]) -> None:
    keys = [k for k in values if k != "id"]
    statement = sqlite_insert(table).values(**values)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["id"], set_={k: statement.excluded[k] for k in keys}
        )
    )


def _ensure_consultant(session: Session, consultant_id: str) -> None:
    """A placeholder for a consultant the page names before describing (filled in later)."""
    if consultant_id and session.get(Consultant, consultant_id) is None:
        now = utcnow()
        session.execute(
            insert(CONSULTANTS).values(
                id=consultant_id,
                username=f"user-{consultant_id}",
                display_name="",
                showroom="",
                title="",
                created_at=now,
                updated_at=now,
            )
        )


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


def _contact(session: Session, data: Mapping[str, JSONValue]) -> str:
    contact_id = str(data["id"])
    _ensure_consultant(session, str(data["owner_id"]))
    name = str(data["name"])
    full, initials = pinyin_keys(name)
    _upsert(
        session,
        CONTACTS,
        {
            "id": contact_id,
            "owner_id": data["owner_id"],
            "name": name,
            "name_pinyin": full,
            "name_initials": initials,
            "mobile": data["mobile"],
            "wecom_id": data["wecom_id"] or "",
            "gender": data["gender"] or "unknown",
            "budget_min_yuan": data["budget_min_yuan"],
            "budget_max_yuan": data["budget_max_yuan"],
            "source_channel": data["source_channel"] or "",
            "birthday": _date(data["birthday"]),
            "remark": data["remark"] or "",
            "stage": data["stage"],
            "stage_entered_at": _time(data["stage_entered_at"]),
            "last_touch_at": _time(data["last_touch_at"]),
            "snoozed_until": _date(data["snoozed_until"]),
            "deleted_at": _time(data["deleted_at"]),
            "created_at": _time(data["created_at"]),
            "updated_at": _time(data["updated_at"]),
        },
    )
    _set_models(session, contact_id, [str(m) for m in data["models"] or []])
    return contact_id


def _set_models(session: Session, contact_id: str, models: list[str]) -> None:
    """Models arrive as the contact's list; the rows here are derived from it."""
    table = CONTACT_MODELS
    session.execute(delete(table).where(table.c.contact_id == contact_id))
    now = utcnow()
    for position, name in enumerate(dict.fromkeys(models)):
        session.execute(
            insert(table).values(
                id=new_id(),
                contact_id=contact_id,
                model_name=name,
                position=position,
                created_at=now,
                updated_at=now,
            )
        )


def _stage_change(session: Session, data: Mapping[str, JSONValue]) -> str:
    _ensure_consultant(session, str(data["changed_by"]))
    details = data["details"]
    now = _time(data["changed_at"])
    _upsert(
        session,
        STAGE_CHANGES,
        {
            "id": data["id"],
            "contact_id": data["contact_id"],
            "from_stage": data["from_stage"],
            "to_stage": data["to_stage"],
            "changed_at": now,
            "changed_by": data["changed_by"],
            "lost_reason": data["lost_reason"],
            "competitor": data["competitor"] or "",
            "details_json": json.dumps(details, ensure_ascii=False) if details else None,
            "batch_id": data["batch_id"],
            "is_undo": bool(data["is_undo"]),
            "created_at": now,
            "updated_at": now,
        },
    )
    return str(data["contact_id"])


def _activity(session: Session, data: Mapping[str, JSONValue]) -> str:
    _ensure_consultant(session, str(data["created_by"]))
    when = _time(data["occurred_at"])
    _upsert(
        session,
        ACTIVITIES,
        {
            "id": data["id"],
            "contact_id": data["contact_id"],
            "kind": data["kind"],
            "body": data["body"] or "",
            "occurred_at": when,
            "created_by": data["created_by"],
            "created_at": when,
            "updated_at": when,
        },
    )
    return str(data["contact_id"])


def _reminder(session: Session, data: Mapping[str, JSONValue]) -> str:
    now = utcnow()
    _upsert(
        session,
        REMINDERS,
        {
            "id": data["id"],
            "contact_id": data["contact_id"],
            "due_at": _time(data["due_at"]),
            "note": data["note"] or "",
            "done": bool(data["done"]),
            "done_at": _time(data["done_at"]),
            "created_at": now,
            "updated_at": now,
        },
    )
    return str(data["contact_id"])


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


def _field_conflict(session: Session, data: Mapping[str, JSONValue]) -> str:
    at = _time(data["at"])
    _upsert(
        session,
        FIELD_CONFLICTS,
        {
            "id": data["id"],
            "contact_id": data["contact_id"],
            "field": data["field"],
            "lost_value": json.dumps(data["lost_value"], ensure_ascii=False),
            "kept_value": json.dumps(data["kept_value"], ensure_ascii=False),
            "at": at,
            "lost_by": data["lost_by"] or "",
            "created_at": at,
            "updated_at": at,
        },
    )
    return str(data["contact_id"])


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


_UPSERTS = {
    Entity.CONSULTANT: _consultant,
    Entity.CONTACT: _contact,
    Entity.STAGE_CHANGE: _stage_change,
    Entity.ACTIVITY: _activity,
    Entity.REMINDER: _reminder,
    Entity.TAG: _tag,
    Entity.CONTACT_TAG: _contact_tag,
    Entity.FIELD_CONFLICT: _field_conflict,
    Entity.CHANNEL: _channel,
    Entity.CHANNEL_CODE: _channel_code,
    Entity.MATERIAL: library.upsert_material,
    Entity.MATERIAL_CATEGORY: library.upsert_category,
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
}


# --- rebase ----------------------------------------------------------------------------


def _rebase(session: Session) -> None:
    """Re-apply the mutable effects of pending mutations over the pulled rows, in order."""
    pending = session.execute(
        select(OutboxEntry.kind, OutboxEntry.payload_json)
        .where(OutboxEntry.state == "pending")
        .order_by(OutboxEntry.seq)
    ).all()
    for kind, payload_json in pending:
        payload = json.loads(payload_json)
        contact = session.get(Contact, payload.get("contact_id", ""))
        if kind == MutationKind.CONTACT_UPDATE and contact is not None:
            for field, change in payload["changes"].items():
                _set_field(session, contact, field, change["value"])
        elif kind == MutationKind.STAGE_MOVE and contact is not None:
            contact.stage = payload["to_stage"]
        elif kind == MutationKind.CONTACT_SNOOZE and contact is not None:
            contact.snoozed_until = _date(payload["until"])
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
