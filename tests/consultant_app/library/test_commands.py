"""Library commands: personal scripts with their outbox mutations, read-only company material,
usage, favourites and recents."""

from __future__ import annotations

import json
import sqlite3

import pytest

from consultant_app.errors import NotFoundError, ValidationError
from consultant_app.library import queries
from consultant_app.library.commands import LibraryService
from consultant_app.library.models import (
    MaterialKind,
    ReadOnlyMaterialError,
    Scope,
    ScriptDraft,
    UsageAction,
)
from consultant_app.library.search import search
from consultant_app.store.database import Workspace
from consultant_app.sync import outbox
from consultant_app.sync.wire import PERSONAL_MATERIAL_FIELDS, MutationKind, decode
from tests.consultant_app.library.conftest import Server, fts_ok
from tests.consultant_app.support import FakeClock

DRAFT = ScriptDraft(
    "迈腾开场白",
    "您好，欢迎到店看迈腾。",
    category_id=None,
    tags=("开场白", " 开场白 ", ""),
    models=("迈腾",),
)


def queued(conn: sqlite3.Connection) -> list[tuple[str, str, dict[str, object]]]:
    rows = conn.execute("SELECT kind, state, payload_json FROM outbox ORDER BY seq")
    return [(r[0], r[1], json.loads(r[2])) for r in rows]


def titles(conn: sqlite3.Connection, query: str) -> list[str]:
    return [h.title.text for h in search(conn, query).hits]


def test_creating_a_script_stores_indexes_and_queues_it_in_one_go(
    library: LibraryService, conn: sqlite3.Connection, workspace: Workspace
) -> None:
    material_id = library.create_script(DRAFT)
    detail = queries.material(conn, material_id)
    assert (detail.scope, detail.owner_id, detail.kind) == (
        Scope.PERSONAL,
        workspace.consultant_id,
        MaterialKind.SCRIPT,
    )
    assert detail.tags == ("开场白",)
    assert detail.editable
    assert titles(conn, "kcb") == ["迈腾开场白"]  # 开场白 by its initials
    ((kind, _, payload),) = queued(conn)
    assert kind == MutationKind.MATERIAL_CREATE
    assert payload == {
        "material_id": material_id,
        "fields": {
            "kind": "script",
            "title": "迈腾开场白",
            "body": "您好，欢迎到店看迈腾。",
            "category_id": None,
            "tags": ["开场白"],
            "models": ["迈腾"],
        },
    }
    assert set(payload["fields"]) == set(PERSONAL_MATERIAL_FIELDS)  # type: ignore[arg-type]
    fts_ok(conn)


def test_editing_a_script_reindexes_it_and_queues_the_new_fields(
    library: LibraryService, conn: sqlite3.Connection
) -> None:
    material_id = library.create_script(DRAFT)
    library.update_script(material_id, ScriptDraft("帕萨特开场白", "欢迎看帕萨特。"))
    assert titles(conn, "迈腾") == []
    assert titles(conn, "pasate") == ["帕萨特开场白"]
    kinds = [(k, p["material_id"]) for k, _, p in queued(conn)]
    assert kinds == [
        (MutationKind.MATERIAL_CREATE, material_id),
        (MutationKind.MATERIAL_UPDATE, material_id),
    ]
    fts_ok(conn)


def test_deleting_a_script_removes_it_its_use_and_its_star(
    library: LibraryService, conn: sqlite3.Connection
) -> None:
    material_id = library.create_script(DRAFT)
    library.record_use(material_id, UsageAction.COPY)
    library.set_favourite(material_id, True)
    library.delete_script(material_id)
    with pytest.raises(NotFoundError):
        queries.material(conn, material_id)
    assert titles(conn, "迈腾") == []
    assert queries.recents(conn) == []
    assert queries.favourites(conn) == []
    assert queued(conn)[-1][0] == MutationKind.MATERIAL_DELETE
    fts_ok(conn)


def test_an_invalid_script_is_refused_with_every_bad_field(
    library: LibraryService, conn: sqlite3.Connection
) -> None:
    with pytest.raises(ValidationError) as caught:
        library.create_script(ScriptDraft(" ", "", kind=MaterialKind.IMAGE, tags=("x" * 40,)))
    assert set(caught.value.errors) == {"kind", "title", "body", "tags"}
    assert queued(conn) == []
    assert conn.execute("SELECT count(*) FROM material").fetchone()[0] == 0


def test_company_material_cannot_be_edited_or_deleted_here(
    library: LibraryService, conn: sqlite3.Connection, server: Server
) -> None:
    (company,) = server.publish(server.material("企业话术：迈腾卖点", "原文"))
    with pytest.raises(ReadOnlyMaterialError):
        library.update_script(company, DRAFT)
    with pytest.raises(ReadOnlyMaterialError):
        library.delete_script(company)
    assert queries.material(conn, company).body == "原文"
    assert not queries.material(conn, company).editable
    assert queued(conn) == []


def test_a_missing_material_is_not_found(library: LibraryService) -> None:
    with pytest.raises(NotFoundError):
        library.update_script("no-such-id", DRAFT)
    with pytest.raises(NotFoundError):
        library.record_use("no-such-id", UsageAction.COPY)


def test_usage_is_counted_locally_and_queued_for_the_managers_view(
    library: LibraryService, conn: sqlite3.Connection, server: Server, clock: FakeClock
) -> None:
    first, second = server.publish(server.material("话术一", "一"), server.material("话术二", "二"))
    library.record_use(first, UsageAction.COPY)
    clock.advance(minutes=1)
    library.record_use(second, UsageAction.SEND)
    clock.advance(minutes=1)
    library.record_use(first, UsageAction.SEND)
    assert [m.id for m in queries.recents(conn)] == [first, second]
    assert [(m.id, m.uses) for m in queries.most_used(conn)] == [(first, 2), (second, 1)]
    assert queries.material(conn, first).uses == 2
    uses = [(p["material_id"], p["action"]) for k, _, p in queued(conn)]
    assert uses == [(first, "copy"), (second, "send"), (first, "send")]
    assert queued(conn)[0][2]["used_at"] == clock.now.replace(minute=0).isoformat()


def test_favourites_are_kept_in_the_order_they_were_starred(
    library: LibraryService, conn: sqlite3.Connection, server: Server, clock: FakeClock
) -> None:
    first, second = server.publish(server.material("海报一"), server.material("海报二"))
    library.set_favourite(second, True)
    clock.advance(minutes=1)
    library.set_favourite(first, True)
    library.set_favourite(first, True)  # starring twice changes nothing
    assert [m.id for m in queries.favourites(conn)] == [first, second]
    library.set_favourite(second, False)
    assert [m.id for m in queries.favourites(conn)] == [first]
    assert queries.material(conn, first).favourite


def test_library_mutations_are_queued_for_the_next_push_in_their_order(
    library: LibraryService, workspace: Workspace, server: Server
) -> None:
    (company,) = server.publish(server.material("话术"))
    script = library.create_script(DRAFT)
    library.record_use(company, UsageAction.COPY)
    pushed = outbox.pending(workspace)
    assert [(m.kind, m.payload["material_id"]) for m in pushed] == [
        (MutationKind.MATERIAL_CREATE, script),
        (MutationKind.MATERIAL_USE, company),
    ]
    for mutation in pushed:  # well formed, by the wire's own rules
        decode(mutation.to_json())


def test_rebuilding_the_index_gives_the_same_answers(
    library: LibraryService, conn: sqlite3.Connection, server: Server
) -> None:
    server.publish(server.material("迈腾金融", "三年免息"), server.material("油耗", "实测"))
    library.create_script(DRAFT)
    before = {q: titles(conn, q) for q in ("迈腾", "mt", "免息", "yh")}
    assert library.rebuild_index() == 3
    assert {q: titles(conn, q) for q in before} == before
    fts_ok(conn)


def test_an_index_built_by_another_version_is_rebuilt_once(
    library: LibraryService, conn: sqlite3.Connection, server: Server
) -> None:
    server.publish(server.material("迈腾金融", "三年免息"))
    assert library.ensure_index_current()  # no version recorded yet
    assert not library.ensure_index_current()
    # As an older build would have left it: another version, tokens that no longer apply.
    conn.execute("UPDATE local_state SET value = 'old' WHERE key = 'library_index_version'")
    conn.execute("INSERT INTO material_fts(material_fts) VALUES ('delete-all')")
    conn.execute("DELETE FROM material_search")
    assert titles(conn, "迈腾") == []
    assert library.ensure_index_current()
    assert titles(conn, "迈腾") == ["迈腾金融"]
    fts_ok(conn)


def test_mutations_an_older_release_held_back_are_released_once_in_their_order(
    library: LibraryService, workspace: Workspace, server: Server
) -> None:
    from consultant_app.library import commands

    (company,) = server.publish(server.material("话术"))
    script = library.create_script(DRAFT)
    library.record_use(company, UsageAction.SEND)
    library.set_favourite(company, True)
    conn = workspace.reader()
    # As a release before the server handled them left them (migration 0008 releases those).
    conn.execute("UPDATE outbox SET state = 'held'")
    assert outbox.pending(workspace) == []
    assert commands.release_held(workspace) == 2
    assert commands.release_held(workspace) == 0
    pushed = outbox.pending(workspace)
    assert [(m.kind, m.payload["material_id"]) for m in pushed] == [
        (MutationKind.MATERIAL_CREATE, script),
        (MutationKind.MATERIAL_USE, company),
    ]
