"""Library commands: personal scripts (add, edit, delete), usage, favourites.

Each public method is one transaction that changes the rows, the search index and, where the
server must hear of it, the outbox, or nothing at all. Company materials are read-only here.

The server applies the `material.*` mutations (`consultant_server.services.material_sync`),
so they are queued "pending" like every other mutation. Releases before that held them back
in the outbox state "held", which pushes skip; the store's migration 0008 turns those into
ordinary pending entries, in their original order, once (`release_held` does the same for a
workspace opened some other way, and finds nothing to do after the migration).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import delete, func, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from consultant_app.clock import new_id, utcnow
from consultant_app.errors import NotFoundError
from consultant_app.library import index
from consultant_app.library.models import (
    ReadOnlyMaterialError,
    Scope,
    ScriptDraft,
    UsageAction,
)
from consultant_app.store.database import Workspace
from consultant_app.store.schema import (
    Material,
    MaterialFavourite,
    MaterialUsage,
    OutboxEntry,
    table_of,
)
from consultant_app.sync import outbox
from consultant_app.sync.wire import JSONValue, MutationKind

#: The server applies material.* mutations (see the module docstring).
PUSH_LIBRARY_MUTATIONS = True
OUTBOX_STATE = "pending" if PUSH_LIBRARY_MUTATIONS else "held"

USAGE = table_of(MaterialUsage)
FAVOURITES = table_of(MaterialFavourite)


class LibraryService:
    """The library commands of one workspace, acting as its signed-in consultant."""

    def __init__(self, workspace: Workspace, clock: Callable[[], datetime] = utcnow) -> None:
        self.workspace = workspace
        self.clock = clock

    @property
    def me(self) -> str:
        return self.workspace.consultant_id

    # -- personal scripts

    def create_script(self, draft: ScriptDraft) -> str:
        """Add a personal script (个人话术); its id. ValidationError names bad fields."""
        clean = draft.validated()
        now = self.clock()
        material_id = new_id()
        with self.workspace.transaction() as session:
            session.add(
                Material(
                    id=material_id,
                    kind=clean.kind.value,
                    scope=Scope.PERSONAL.value,
                    owner_id=self.me,
                    title=clean.title,
                    body=clean.body,
                    summary="",
                    url="",
                    category_id=clean.category_id,
                    tags_json=_json(clean.tags),
                    models_json=_json(clean.models),
                    author="",
                    file_hash=None,
                    file_name="",
                    file_size=None,
                    mime_type="",
                    created_at=now,
                    updated_at=now,
                )
            )
            self._emit(
                session,
                MutationKind.MATERIAL_CREATE,
                {"material_id": material_id, "fields": _fields(clean)},
            )
            index.mark(session, materials=[material_id])
            index.flush(session)
        return material_id

    def update_script(self, material_id: str, draft: ScriptDraft) -> None:
        """Replace a personal script's fields; ReadOnlyMaterialError for company material."""
        clean = draft.validated()
        with self.workspace.transaction() as session:
            material = self._own(session, material_id)
            material.kind = clean.kind.value
            material.title = clean.title
            material.body = clean.body
            material.category_id = clean.category_id
            material.tags_json = _json(clean.tags)
            material.models_json = _json(clean.models)
            material.updated_at = self.clock()
            self._emit(
                session,
                MutationKind.MATERIAL_UPDATE,
                {"material_id": material_id, "fields": _fields(clean)},
            )
            index.mark(session, materials=[material_id])
            index.flush(session)

    def delete_script(self, material_id: str) -> None:
        """Delete a personal script (and its usage and star); company material refuses."""
        with self.workspace.transaction() as session:
            material = self._own(session, material_id)
            session.delete(material)
            self._emit(session, MutationKind.MATERIAL_DELETE, {"material_id": material_id})
            index.mark(session, materials=[material_id])
            index.flush(session)

    # -- usage and favourites

    def record_use(self, material_id: str, action: UsageAction) -> None:
        """Count a copy or send (feeds ranking here and, queued, the manager's view)."""
        now = self.clock()
        copies, sends = (1, 0) if action is UsageAction.COPY else (0, 1)
        with self.workspace.transaction() as session:
            self._existing(session, material_id)
            statement = sqlite_insert(USAGE).values(
                material_id=material_id, copies=copies, sends=sends, last_used_at=now
            )
            session.execute(
                statement.on_conflict_do_update(
                    index_elements=["material_id"],
                    set_={
                        "copies": USAGE.c.copies + copies,
                        "sends": USAGE.c.sends + sends,
                        "last_used_at": func.max(
                            USAGE.c.last_used_at, statement.excluded.last_used_at
                        ),
                    },
                )
            )
            self._emit(
                session,
                MutationKind.MATERIAL_USE,
                {"material_id": material_id, "action": action.value, "used_at": now.isoformat()},
            )

    def set_favourite(self, material_id: str, favourite: bool) -> None:
        """Star or unstar a material (收藏). Kept on this device only."""
        with self.workspace.transaction() as session:
            self._existing(session, material_id)
            if favourite:
                session.execute(
                    sqlite_insert(FAVOURITES)
                    .values(material_id=material_id, created_at=self.clock())
                    .on_conflict_do_nothing(index_elements=["material_id"])
                )
            else:
                session.execute(delete(FAVOURITES).where(FAVOURITES.c.material_id == material_id))

    # -- maintenance

    def rebuild_index(self) -> int:
        """Re-index every material from scratch (repair); how many were indexed."""
        with self.workspace.transaction() as session:
            return index.rebuild(session.connection())

    def ensure_index_current(self) -> bool:
        """Re-index everything if this build tokenises differently from the one that built
        the index (call once after opening, in the background); whether it did."""
        with self.workspace.transaction() as session:
            return index.ensure_current(session.connection())

    # -- helpers

    def _existing(self, session: Session, material_id: str) -> Material:
        material = session.get(Material, material_id)
        if material is None:
            raise NotFoundError(material_id)
        return material

    def _own(self, session: Session, material_id: str) -> Material:
        material = self._existing(session, material_id)
        if material.scope != Scope.PERSONAL.value or material.owner_id != self.me:
            raise ReadOnlyMaterialError(material_id)
        return material

    def _emit(self, session: Session, kind: MutationKind, payload: dict[str, JSONValue]) -> None:
        """Queue a mutation for the server in the caller's transaction."""
        outbox.enqueue(session, kind, payload, self.clock(), state=OUTBOX_STATE)


def release_held(workspace: Workspace) -> int:
    """Queue held library mutations for pushing, keeping their order; how many were released.

    Migration 0008 already did this for every workspace it upgraded; releasing again finds
    nothing. Does nothing while `PUSH_LIBRARY_MUTATIONS` is off.
    """
    if not PUSH_LIBRARY_MUTATIONS:
        return 0
    with workspace.transaction() as session:
        result = session.execute(
            update(OutboxEntry).where(OutboxEntry.state == "held").values(state="pending")
        )
        return int(getattr(result, "rowcount", 0) or 0)


def _json(names: tuple[str, ...]) -> str:
    return json.dumps(list(names), ensure_ascii=False)


def _fields(draft: ScriptDraft) -> dict[str, JSONValue]:
    return {
        "kind": draft.kind.value,
        "title": draft.title,
        "body": draft.body,
        "category_id": draft.category_id,
        "tags": list(draft.tags),
        "models": list(draft.models),
    }
