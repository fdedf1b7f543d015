"""Applying pulled library changes (materials, categories) inside the sync page's transaction.

`consultant_app.sync.apply` calls these for the library's entities, then `refresh` once per
page, so the search index changes in the same transaction as the rows and the cursor: a
page of 1,000 changed materials is re-indexed in a few batched statements, not 1,000 times.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from consultant_app.clock import to_db, utcnow
from consultant_app.library import index
from consultant_app.library.cache import check_digest
from consultant_app.library.models import Scope
from consultant_app.store.schema import Material, MaterialCategory, OutboxEntry, table_of
from consultant_app.sync.wire import JSONValue, MutationKind

log = logging.getLogger(__name__)

MATERIALS = table_of(Material)
CATEGORIES = table_of(MaterialCategory)

#: The mutations whose effects `rebase` re-applies over pulled rows.
MATERIAL_KINDS = frozenset(
    {MutationKind.MATERIAL_CREATE, MutationKind.MATERIAL_UPDATE, MutationKind.MATERIAL_DELETE}
)
#: Outbox states whose material mutations are still the consultant's latest word: sent and
#: unanswered, or held back until the server handles them (see `commands.OUTBOX_STATE`).
UNCONFIRMED_STATES = ("pending", "held")


def _upsert(session: Session, table: str, values: Mapping[str, Any]) -> None:
    """Insert or replace one row by id, with a statement SQLite prepares once per page.

    (Building the equivalent SQLAlchemy insert per row cost about 3 ms, most of a page.)
    """
    columns = tuple(values)
    sql = _UPSERT_SQL.get((table, columns))
    if sql is None:
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            f" ON CONFLICT (id) DO UPDATE SET {updates}"
        )
        _UPSERT_SQL[(table, columns)] = sql
    params = tuple(to_db(v) if isinstance(v, datetime) else v for v in values.values())
    _driver(session).execute(sql, params)


def _driver(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under the session's transaction, looked up once per page (the
    session's bookkeeping per statement cost as much as the statement)."""
    raw = session.info.get(_DRIVER_KEY)
    if not isinstance(raw, sqlite3.Connection):
        raw = session.connection().connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        session.info[_DRIVER_KEY] = raw
    return raw


_DRIVER_KEY = "library.driver"


_UPSERT_SQL: dict[tuple[str, tuple[str, ...]], str] = {}


def upsert_material(session: Session, data: Mapping[str, JSONValue]) -> None:
    """A company material or personal script as the server has it now."""
    material_id = str(data["id"])
    now = utcnow()
    _upsert(
        session,
        "material",
        {
            "id": material_id,
            "kind": str(data["kind"]),
            "scope": str(data["scope"]),
            "owner_id": _text_or_none(data["owner_id"]),
            "title": str(data["title"] or ""),
            "body": str(data["body"] or ""),
            "summary": str(data["summary"] or ""),
            "url": str(data["url"] or ""),
            "category_id": _text_or_none(data["category_id"]),
            "tags_json": _names_json(data["tags"]),
            "models_json": _names_json(data["models"]),
            "author": str(data["author"] or ""),
            "file_hash": _digest(material_id, data["file_hash"]),
            "file_name": str(data["file_name"] or ""),
            "file_size": _int_or_none(data["file_size"]),
            "mime_type": str(data["mime_type"] or ""),
            "created_at": _time(data["created_at"]) or now,
            "updated_at": _time(data["updated_at"]) or now,
        },
    )
    index.mark(session, materials=[material_id])


def delete_material(session: Session, material_id: str) -> None:
    """A material withdrawn (or a personal script deleted on another device)."""
    session.execute(delete(MATERIALS).where(MATERIALS.c.id == material_id))
    index.mark(session, materials=[material_id])


def upsert_category(session: Session, data: Mapping[str, JSONValue]) -> None:
    """A category added, renamed or moved; its materials' paths are re-indexed."""
    category_id = str(data["id"])
    now = utcnow()
    _upsert(
        session,
        "material_category",
        {
            "id": category_id,
            "parent_id": _text_or_none(data["parent_id"]),
            "name": str(data["name"] or ""),
            "position": _int_or_none(data["position"]) or 0,
            "created_at": now,
            "updated_at": now,
        },
    )
    index.mark(session, categories=[category_id])


def delete_category(session: Session, category_id: str) -> None:
    session.execute(delete(CATEGORIES).where(CATEGORIES.c.id == category_id))
    index.mark(session, categories=[category_id])


def rebase(session: Session) -> None:
    """Re-apply the consultant's unconfirmed script edits over what was pulled, in order."""
    pending = session.execute(
        select(OutboxEntry.kind, OutboxEntry.payload_json, OutboxEntry.created_at)
        .where(
            OutboxEntry.state.in_(UNCONFIRMED_STATES),
            OutboxEntry.kind.in_([k.value for k in MATERIAL_KINDS]),
        )
        .order_by(OutboxEntry.seq)
    ).all()
    for kind, payload_json, at in pending:
        payload = json.loads(payload_json)
        material_id = str(payload["material_id"])
        if kind == MutationKind.MATERIAL_DELETE:
            session.execute(delete(MATERIALS).where(MATERIALS.c.id == material_id))
        else:
            fields = payload["fields"]
            session.execute(
                update(MATERIALS)
                .where(MATERIALS.c.id == material_id, MATERIALS.c.scope == Scope.PERSONAL.value)
                .values(
                    kind=str(fields["kind"]),
                    title=str(fields["title"]),
                    body=str(fields["body"]),
                    category_id=_text_or_none(fields["category_id"]),
                    tags_json=_names_json(fields["tags"]),
                    models_json=_names_json(fields["models"]),
                    updated_at=at,
                )
            )
        index.mark(session, materials=[material_id])


def refresh(session: Session) -> int:
    """Re-index what this transaction changed (call once, after the page and the rebase)."""
    return index.flush(session)


def _text_or_none(value: JSONValue) -> str | None:
    return str(value) if value not in (None, "") else None


def _int_or_none(value: JSONValue) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        return int(value)
    except ValueError:
        return None


def _names_json(value: JSONValue) -> str:
    names = [str(v) for v in value] if isinstance(value, list) else []
    return json.dumps(names, ensure_ascii=False)


def _digest(material_id: str, value: JSONValue) -> str | None:
    if value in (None, ""):
        return None
    try:
        return check_digest(str(value).lower())
    except ValueError:
        log.warning("material %s names a file by a malformed hash; ignored", material_id)
        return None


def _time(value: JSONValue) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
