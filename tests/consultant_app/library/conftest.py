"""Fixtures for the library's tests: a real workspace fed by pulled pages, as the server will."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

import pytest

from consultant_app.clock import new_id
from consultant_app.library.commands import LibraryService
from consultant_app.store.database import Workspace
from consultant_app.sync.apply import apply_page
from consultant_app.sync.wire import Change, ChangeOp, Entity
from tests.consultant_app.support import START, FakeClock

Json = dict[str, Any]


class Server:
    """Stands in for the server's pull: company materials and categories arrive as pages."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.seq = 0
        self.clock = START - timedelta(days=30)

    def material(
        self,
        title: str,
        body: str = "",
        *,
        kind: str = "script",
        tags: Sequence[str] = (),
        models: Sequence[str] = (),
        category: str | None = None,
        scope: str = "company",
        owner: str | None = None,
        updated: datetime | None = None,
        **extra: Any,
    ) -> Json:
        """A material row as the server sends it; each one newer than the one before."""
        self.clock += timedelta(minutes=1)
        at = (updated or self.clock).isoformat()
        return {
            "id": new_id(),
            "kind": kind,
            "scope": scope,
            "owner_id": owner,
            "title": title,
            "body": body,
            "summary": "",
            "url": "",
            "category_id": category,
            "tags": list(tags),
            "models": list(models),
            "author": "王经理",
            "file_hash": None,
            "file_name": "",
            "file_size": None,
            "mime_type": "",
            "created_at": at,
            "updated_at": at,
            **extra,
        }

    def category(self, name: str, parent: str | None = None, position: int = 0) -> Json:
        return {"id": new_id(), "parent_id": parent, "name": name, "position": position}

    def changes(
        self, entity: Entity, rows: Iterable[Json], op: ChangeOp = ChangeOp.UPSERT
    ) -> list[Change]:
        out = []
        for row in rows:
            self.seq += 1
            out.append(Change(self.seq, entity, row["id"], op, row))
        return out

    def apply(self, changes: Sequence[Change]) -> None:
        apply_page(self.workspace, changes, f"cursor-{self.seq}")

    def publish(self, *materials: Json) -> list[str]:
        """Pull a page of these materials; their ids."""
        self.apply(self.changes(Entity.MATERIAL, materials))
        return [m["id"] for m in materials]

    def publish_categories(self, *categories: Json) -> list[str]:
        self.apply(self.changes(Entity.MATERIAL_CATEGORY, categories))
        return [c["id"] for c in categories]

    def withdraw(self, *material_ids: str) -> None:
        rows = [{"id": m} for m in material_ids]
        self.apply(self.changes(Entity.MATERIAL, rows, ChangeOp.DELETE))


@pytest.fixture
def server(workspace: Workspace) -> Server:
    return Server(workspace)


@pytest.fixture
def library(workspace: Workspace, clock: FakeClock) -> LibraryService:
    return LibraryService(workspace, clock=clock)


def fts_ok(conn: sqlite3.Connection) -> None:
    """FTS5's own check that the index matches its content rows (raises if not); rank 1 asks
    it to compare with the external content table too."""
    conn.execute("INSERT INTO material_fts(material_fts, rank) VALUES ('integrity-check', 1)")
