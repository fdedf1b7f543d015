"""Pushed `material.*` mutations: a consultant's personal scripts (个人话术) and usage counts.

`consultant_server.services.sync` registers `HANDLERS` and runs each inside the mutation's own
transaction, turning the services' refusals (ForbiddenError, NotFoundError, ConflictError,
InvalidInputError) into recorded rejections with their reason. A consultant may create,
change and delete only their own scripts; company materials are read-only on every desk, and
another consultant's script is refused. The work is in `consultant_server.services.materials`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import NoReturn, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from consultant_app.sync.wire import JSONValue, MutationKind
from consultant_server.errors import InvalidInputError
from consultant_server.models import Material, User
from consultant_server.services import materials
from consultant_server.services.changelog import ChangeSet


class Applying(Protocol):
    """What a handler needs of the push's applier (`sync._Applier`)."""

    session: Session
    changes: ChangeSet
    user: User
    now: datetime
    mutation_id: uuid.UUID

    def missing(self, what: str, ident: uuid.UUID, creator: MutationKind) -> NoReturn: ...


Handler = Callable[[Applying, Mapping[str, JSONValue]], None]


def _uuid(payload: Mapping[str, JSONValue], key: str) -> uuid.UUID:
    value = payload.get(key)
    try:
        return uuid.UUID(value) if isinstance(value, str) else _bad(key, "expected a UUID")
    except ValueError:
        _bad(key, "expected a UUID")


def _bad(key: str, problem: str) -> NoReturn:
    raise InvalidInputError({key: problem})


def _fields(payload: Mapping[str, JSONValue]) -> Mapping[str, JSONValue]:
    fields = payload.get("fields")
    if not isinstance(fields, dict):
        _bad("fields", "expected an object")
    return fields


def _material(applier: Applying, payload: Mapping[str, JSONValue]) -> Material:
    """The material a mutation names, locked; refused when there is none (saying why)."""
    material_id = _uuid(payload, "material_id")
    material = applier.session.scalars(
        select(Material)
        .where(Material.id == material_id)
        .with_for_update(of=Material)  # not its file: the nullable side of the outer join
        .execution_options(populate_existing=True)
    ).first()
    if material is None:
        applier.missing("material", material_id, MutationKind.MATERIAL_CREATE)
    return material


def material_create(applier: Applying, payload: Mapping[str, JSONValue]) -> None:
    materials.create_personal(
        applier.session,
        applier.changes,
        applier.user,
        _uuid(payload, "material_id"),
        _fields(payload),
        applier.now,
    )


def material_update(applier: Applying, payload: Mapping[str, JSONValue]) -> None:
    material = _material(applier, payload)
    materials.update_personal(
        applier.session, applier.changes, applier.user, material, _fields(payload), applier.now
    )


def material_delete(applier: Applying, payload: Mapping[str, JSONValue]) -> None:
    material = _material(applier, payload)
    materials.delete_personal(applier.session, applier.changes, applier.user, material, applier.now)


def material_use(applier: Applying, payload: Mapping[str, JSONValue]) -> None:
    material = _material(applier, payload)
    action = payload.get("action")
    if not isinstance(action, str):
        _bad("action", "copy or send")
    raw = payload.get("used_at")
    try:
        used_at = datetime.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        used_at = None
    if used_at is None or used_at.tzinfo is None:
        _bad("used_at", "an ISO 8601 time with its UTC offset")
    try:
        used_at = used_at.astimezone(UTC)
    except OverflowError:
        _bad("used_at", "out of range")
    materials.record_use(
        applier.session, applier.user, applier.mutation_id, material, action, used_at, applier.now
    )


HANDLERS: dict[MutationKind, Handler] = {
    MutationKind.MATERIAL_CREATE: material_create,
    MutationKind.MATERIAL_UPDATE: material_update,
    MutationKind.MATERIAL_DELETE: material_delete,
    MutationKind.MATERIAL_USE: material_use,
}
