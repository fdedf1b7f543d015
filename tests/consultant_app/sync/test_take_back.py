"""Recording a refusal takes the mutation's local effect back to the rows the server sent."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from consultant_app.domain.activity import ActivityKind
from consultant_app.domain.contact import ContactDraft
from consultant_app.domain.stages import Stage, VisitDetails
from consultant_app.library import queries
from consultant_app.library.commands import LibraryService
from consultant_app.library.models import ScriptDraft, UsageAction
from consultant_app.library.search import search
from consultant_app.services.contacts import ContactService
from consultant_app.store.database import Workspace
from consultant_app.sync.outbox import Outcome, pending, record, rejected
from consultant_app.sync.wire import Change, MutationKind, decode_change
from tests.consultant_app.library.conftest import fts_ok
from tests.consultant_app.support import FakeClock

T0 = "2026-11-20T02:00:00+00:00"


def server_contact(workspace: Workspace, contact_id: str, **overrides: Any) -> Change:
    """The contact as the server has it: 张伟 in `lead`, nothing else set."""
    data: dict[str, Any] = {
        "id": contact_id,
        "owner_id": workspace.consultant_id,
        "name": "张伟",
        "mobile": "+8613812345678",
        "wecom_id": "",
        "gender": "unknown",
        "models": [],
        "budget_min_yuan": None,
        "budget_max_yuan": None,
        "source_channel": "",
        "birthday": None,
        "remark": "",
        "stage": "lead",
        "stage_entered_at": T0,
        "last_touch_at": T0,
        "snoozed_until": None,
        "deleted_at": None,
        "created_at": T0,
        "updated_at": T0,
        **overrides,
    }
    return decode_change(
        {"seq": 7, "entity": "contact", "id": contact_id, "op": "upsert", "data": data}
    )


def synced_contact(service: ContactService, **draft: Any) -> str:
    """A contact made here whose creation the server applied."""
    contact_id = service.add_contact(ContactDraft(name="张伟", mobile="13812345678", **draft))
    record(service.workspace, [Outcome(m.mutation_id, True) for m in pending(service.workspace)])
    return contact_id


def one(conn: sqlite3.Connection, sql: str, *args: object) -> tuple[Any, ...]:
    row = conn.execute(sql, args).fetchone()
    return () if row is None else tuple(row)


def test_a_refused_edit_returns_to_the_servers_row_and_later_pending_edits_stay_on_top(
    workspace: Workspace, service: ContactService, conn: sqlite3.Connection
) -> None:
    cid = synced_contact(service)
    service.update_contact(cid, ContactDraft(name="张伟", mobile="13812345678", remark="要白色"))
    service.update_contact(
        cid, ContactDraft(name="张伟", mobile="13900001111", remark="要白色", models=("迈腾",))
    )
    refused, later = pending(workspace)
    server = server_contact(workspace, cid, name="张伟", remark="")

    result = record(workspace, [Outcome(refused.mutation_id, False, "invalid: remark", (server,))])

    assert result.contact_ids == {cid}
    # The refused remark is gone; the later edit (still queued) is applied over the server's.
    assert one(conn, "SELECT remark, mobile FROM contact WHERE id = ?", cid) == (
        "",
        "+8613900001111",
    )
    assert one(conn, "SELECT model_name FROM contact_model WHERE contact_id = ?", cid) == ("迈腾",)
    assert [m.mutation_id for m in pending(workspace)] == [later.mutation_id]
    assert [r.reason for r in rejected(workspace)] == ["invalid: remark"]


def test_a_refused_stage_move_drops_its_history_row_and_keeps_a_later_queued_move(
    workspace: Workspace, service: ContactService, conn: sqlite3.Connection, clock: FakeClock
) -> None:
    cid = synced_contact(service)
    service.move_stage([cid], Stage.FIRST_CONTACT)
    service.move_stage([cid], Stage.VISIT, VisitDetails(clock(), 2))
    first, second = pending(workspace)

    record(
        workspace,
        [
            Outcome(
                first.mutation_id,
                False,
                "already in stage first_contact",
                (server_contact(workspace, cid, stage="first_contact"),),
            )
        ],
    )

    ids = [r[0] for r in conn.execute("SELECT id FROM stage_change WHERE contact_id = ?", (cid,))]
    assert first.payload["stage_change_id"] not in ids
    assert second.payload["stage_change_id"] in ids
    assert one(conn, "SELECT stage FROM contact WHERE id = ?", cid) == ("visit",)


def test_a_refused_new_contact_the_server_never_had_leaves_with_its_history(
    workspace: Workspace, service: ContactService, conn: sqlite3.Connection
) -> None:
    cid = service.add_contact(
        ContactDraft(name="赵敏", mobile="13600003333", models=("迈腾",), tags=("高意向",))
    )
    service.add_activity(cid, ActivityKind.NOTE, "想看 ID.4")
    create, note = pending(workspace)

    result = record(
        workspace,
        [
            Outcome(create.mutation_id, False, "invalid: name", ()),
            Outcome(
                note.mutation_id, False, f"depends on rejected mutation {create.mutation_id}", ()
            ),
        ],
    )

    assert result.revoked == {cid}
    for table in ("contact", "stage_change", "activity", "contact_tag", "contact_model"):
        column = "id" if table == "contact" else "contact_id"
        assert one(conn, f"SELECT count(*) FROM {table} WHERE {column} = ?", cid) == (0,), table
    listed = {r.kind: r for r in rejected(workspace)}
    assert listed[MutationKind.CONTACT_CREATE].contact_name == "赵敏"
    assert listed[MutationKind.ACTIVITY_ADD].contact_id == cid


def test_a_refused_tag_removal_brings_the_servers_live_add_back(
    workspace: Workspace, service: ContactService, conn: sqlite3.Connection
) -> None:
    cid = synced_contact(service, tags=("高意向",))
    tag_id, add_id = one(conn, "SELECT tag_id, id FROM contact_tag WHERE contact_id = ?", cid)
    service.remove_tag(cid, "高意向")
    (removal,) = pending(workspace)
    tag = decode_change(
        {
            "seq": 7,
            "entity": "tag",
            "id": tag_id,
            "op": "upsert",
            "data": {"id": tag_id, "name": "高意向", "colour": "#5B8FF9"},
        }
    )
    link = decode_change(
        {
            "seq": 7,
            "entity": "contact_tag",
            "id": add_id,
            "op": "upsert",
            "data": {"id": add_id, "contact_id": cid, "tag_id": tag_id},
        }
    )

    record(
        workspace,
        [
            Outcome(
                removal.mutation_id,
                False,
                "contact was deleted",
                (
                    server_contact(workspace, cid),
                    tag,
                    link,
                ),
            )
        ],
    )

    assert one(conn, "SELECT id FROM contact_tag WHERE contact_id = ?", cid) == (add_id,)


def test_a_refusal_without_rows_from_an_older_server_is_only_marked(
    workspace: Workspace, service: ContactService, conn: sqlite3.Connection
) -> None:
    cid = synced_contact(service)
    service.update_contact(cid, ContactDraft(name="张伟", mobile="13812345678", remark="要白色"))
    (edit,) = pending(workspace)

    record(workspace, [Outcome(edit.mutation_id, False, "invalid: remark")])

    assert one(conn, "SELECT remark FROM contact WHERE id = ?", cid) == ("要白色",)
    assert [r.mutation_id for r in rejected(workspace)] == [edit.mutation_id]


# --- the library: personal scripts -----------------------------------------------------------


def server_script(workspace: Workspace, material_id: str, **overrides: Any) -> Change:
    """A personal script of this desk's consultant as the server has it."""
    data: dict[str, Any] = {
        "id": material_id,
        "kind": "script",
        "scope": "personal",
        "owner_id": workspace.consultant_id,
        "title": "迈腾开场白",
        "body": "您好，欢迎到店看迈腾。",
        "summary": "",
        "url": "",
        "category_id": None,
        "tags": ["开场白"],
        "models": ["迈腾"],
        "author": "",
        "file_hash": None,
        "file_name": "",
        "file_size": None,
        "mime_type": "",
        "created_at": T0,
        "updated_at": T0,
        **overrides,
    }
    return decode_change(
        {"seq": 7, "entity": "material", "id": material_id, "op": "upsert", "data": data}
    )


SCRIPT = ScriptDraft("迈腾开场白", "您好，欢迎到店看迈腾。", tags=("开场白",), models=("迈腾",))


@pytest.fixture
def library(workspace: Workspace, clock: FakeClock) -> LibraryService:
    return LibraryService(workspace, clock=clock)


def synced_script(library: LibraryService) -> str:
    """A personal script made here whose creation the server applied."""
    material_id = library.create_script(SCRIPT)
    workspace = library.workspace
    record(workspace, [Outcome(m.mutation_id, True) for m in pending(workspace)])
    return material_id


def titles(conn: sqlite3.Connection, query: str) -> list[str]:
    return [hit.title.text for hit in search(conn, query).hits]


def test_a_refused_new_script_leaves_the_desk_and_its_search_and_stays_listed_by_title(
    workspace: Workspace, library: LibraryService, conn: sqlite3.Connection
) -> None:
    material_id = library.create_script(
        ScriptDraft("途观L 异议处理", "油耗问题这样答", tags=("异议",))
    )
    library.record_use(material_id, UsageAction.COPY)
    library.set_favourite(material_id, True)
    create, use = pending(workspace)
    assert titles(conn, "异议处理") == ["途观L 异议处理"]

    record(
        workspace,
        [
            Outcome(create.mutation_id, False, "invalid: kind: not_allowed", ()),
            Outcome(
                use.mutation_id, False, f"depends on rejected mutation {create.mutation_id}", ()
            ),
        ],
    )

    for table, column in (
        ("material", "id"),
        ("material_usage", "material_id"),
        ("material_favourite", "material_id"),
        ("material_search", "material_id"),
    ):
        sql = f"SELECT count(*) FROM {table} WHERE {column} = ?"
        assert one(conn, sql, material_id) == (0,), table
    assert titles(conn, "异议处理") == []
    fts_ok(conn)
    listed = {r.kind: r for r in rejected(workspace)}
    assert listed[MutationKind.MATERIAL_CREATE].contact_name == "途观L 异议处理"
    assert listed[MutationKind.MATERIAL_USE].material_id == material_id


def test_a_refused_script_edit_returns_to_the_servers_version_and_search_follows(
    workspace: Workspace, library: LibraryService, conn: sqlite3.Connection
) -> None:
    material_id = synced_script(library)
    library.update_script(
        material_id, ScriptDraft("帕萨特开场白", "欢迎看帕萨特", tags=("开场白",))
    )
    (edit,) = pending(workspace)
    server = server_script(workspace, material_id, title="迈腾开场白（店长改）")

    record(workspace, [Outcome(edit.mutation_id, False, "invalid: body: too_long", (server,))])

    detail = queries.material(conn, material_id)
    assert (detail.title, detail.body) == ("迈腾开场白（店长改）", "您好，欢迎到店看迈腾。")
    assert titles(conn, "帕萨特") == []
    assert titles(conn, "店长改") == ["迈腾开场白（店长改）"]
    fts_ok(conn)


def test_a_later_queued_script_edit_stays_on_top_of_the_servers_version(
    workspace: Workspace, library: LibraryService, conn: sqlite3.Connection
) -> None:
    material_id = synced_script(library)
    library.update_script(material_id, ScriptDraft("帕萨特开场白", "欢迎看帕萨特"))
    library.update_script(material_id, ScriptDraft("途昂开场白", "欢迎看途昂"))
    refused, later = pending(workspace)

    record(
        workspace,
        [Outcome(refused.mutation_id, False, "invalid", (server_script(workspace, material_id),))],
    )

    assert queries.material(conn, material_id).title == "途昂开场白"
    assert titles(conn, "途昂") == ["途昂开场白"]
    assert [m.mutation_id for m in pending(workspace)] == [later.mutation_id]


def test_a_refused_script_delete_brings_the_servers_script_back_into_search(
    workspace: Workspace, library: LibraryService, conn: sqlite3.Connection
) -> None:
    material_id = synced_script(library)
    library.delete_script(material_id)
    (removal,) = pending(workspace)
    assert titles(conn, "开场白") == []

    record(
        workspace,
        [
            Outcome(
                removal.mutation_id, False, "not allowed", (server_script(workspace, material_id),)
            )
        ],
    )

    assert queries.material(conn, material_id).title == "迈腾开场白"
    assert titles(conn, "开场白") == ["迈腾开场白"]
    fts_ok(conn)


def test_a_refused_edit_of_a_script_the_server_no_longer_shows_is_left_to_the_pull(
    workspace: Workspace, library: LibraryService, conn: sqlite3.Connection
) -> None:
    material_id = synced_script(library)
    library.update_script(material_id, ScriptDraft("帕萨特开场白", "欢迎看帕萨特"))
    (edit,) = pending(workspace)

    record(workspace, [Outcome(edit.mutation_id, False, f"material {material_id} was deleted", ())])

    # The server's removal arrives with the next pull (in order); until then it stays.
    assert queries.material(conn, material_id).title == "帕萨特开场白"
    assert [r.contact_name for r in rejected(workspace)] == ["帕萨特开场白"]
