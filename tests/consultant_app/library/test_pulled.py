"""Pulled library changes: materials and categories applied with the search index in the same
transaction as the page and its cursor."""

from __future__ import annotations

import sqlite3

import pytest

from consultant_app.library import queries
from consultant_app.library.commands import LibraryService
from consultant_app.library.models import ScriptDraft, SearchFilters
from consultant_app.library.search import search
from consultant_app.store.database import Workspace
from consultant_app.sync.apply import apply_page, read_cursor
from consultant_app.sync.wire import Change, ChangeOp, Entity
from tests.consultant_app.library.conftest import Server, fts_ok


def titles(conn: sqlite3.Connection, query: str, filters: SearchFilters | None = None) -> list[str]:
    return [h.title.text for h in search(conn, query, filters).hits]


def test_a_pulled_material_is_searchable_at_once(conn: sqlite3.Connection, server: Server) -> None:
    server.publish(server.material("迈腾置换补贴", "最高一万元", tags=["置换"]))
    assert titles(conn, "置换") == ["迈腾置换补贴"]
    assert titles(conn, "一万") == ["迈腾置换补贴"]
    fts_ok(conn)


def test_a_changed_material_is_found_by_its_new_words_only(
    conn: sqlite3.Connection, server: Server
) -> None:
    row = server.material("五一活动", "到店有礼")
    server.publish(row)
    server.publish({**row, "title": "国庆活动", "body": "抽奖"})
    assert titles(conn, "五一") == []
    assert titles(conn, "国庆") == ["国庆活动"]
    assert titles(conn, "有礼") == []
    assert conn.execute("SELECT count(*) FROM material_search").fetchone()[0] == 1
    fts_ok(conn)


def test_a_withdrawn_material_leaves_the_index(conn: sqlite3.Connection, server: Server) -> None:
    keep, gone = server.publish(server.material("保养须知"), server.material("保养套餐"))
    server.withdraw(gone)
    assert [h.id for h in search(conn, "保养").hits] == [keep]
    assert conn.execute("SELECT count(*) FROM material_search").fetchone()[0] == 1
    fts_ok(conn)


def test_a_page_that_fails_changes_neither_rows_nor_index_nor_cursor(
    conn: sqlite3.Connection, server: Server, workspace: Workspace
) -> None:
    (kept,) = server.publish(server.material("金融政策", "旧"))
    cursor = read_cursor(workspace)
    good = server.changes(Entity.MATERIAL, [server.material("置换补贴"), server.material("试驾")])
    edit = server.changes(Entity.MATERIAL, [{**server.material("金融政策新版"), "id": kept}])
    broken = Change(9_999, Entity.MATERIAL, "x", ChangeOp.UPSERT, {"id": "x"})  # lacks fields
    with pytest.raises(KeyError):
        apply_page(workspace, [*good, *edit, broken], "never")
    assert read_cursor(workspace) == cursor
    assert titles(conn, "置换") == []
    assert titles(conn, "金融") == ["金融政策"]
    assert conn.execute("SELECT count(*) FROM material").fetchone()[0] == 1
    fts_ok(conn)


def test_a_page_of_a_thousand_materials_is_indexed_with_it(
    conn: sqlite3.Connection, server: Server
) -> None:
    server.publish(*(server.material(f"第{n}号话术", "金融政策说明") for n in range(1_000)))
    result = search(conn, "金融", limit=10)
    assert len(result.hits) == 10 and result.has_more
    assert conn.execute("SELECT count(*) FROM material_search").fetchone()[0] == 1_000
    fts_ok(conn)


def test_renaming_or_moving_a_category_reindexes_its_materials(
    conn: sqlite3.Connection, server: Server
) -> None:
    top = server.category("售后")
    other = server.category("活动")
    child = server.category("保养", parent=top["id"])
    server.publish_categories(top, other, child)
    server.publish(server.material("机油更换提醒", category=child["id"]))
    assert titles(conn, "shouhou") == ["机油更换提醒"]  # by its category path, in pinyin
    assert titles(conn, "", SearchFilters(category_id=top["id"])) == ["机油更换提醒"]
    server.publish_categories({**child, "name": "维修保养", "parent_id": other["id"]})
    assert titles(conn, "维修") == ["机油更换提醒"]
    assert titles(conn, "售后") == []
    assert titles(conn, "", SearchFilters(category_id=top["id"])) == []
    assert titles(conn, "", SearchFilters(category_id=other["id"])) == ["机油更换提醒"]
    assert [c.name for c in queries.categories(conn)] == ["售后", "活动"]
    assert queries.category_paths(conn)[child["id"]] == ("活动", "维修保养")
    fts_ok(conn)


def test_a_deleted_category_drops_out_of_its_materials_paths(
    conn: sqlite3.Connection, server: Server
) -> None:
    top = server.category("公司介绍")
    server.publish_categories(top)
    server.publish(server.material("品牌故事", category=top["id"]))
    server.apply(server.changes(Entity.MATERIAL_CATEGORY, [{"id": top["id"]}], ChangeOp.DELETE))
    assert titles(conn, "公司") == []
    assert titles(conn, "品牌") == ["品牌故事"]
    fts_ok(conn)


def test_personal_scripts_from_another_device_arrive_by_pull(
    conn: sqlite3.Connection, server: Server, workspace: Workspace
) -> None:
    me = workspace.consultant_id
    server.publish(server.material("我的逼单话术", "今天定车送保养", scope="personal", owner=me))
    (hit,) = search(conn, "逼单").hits
    assert hit.editable


def test_an_unpushed_edit_survives_a_pull_of_the_older_version(
    conn: sqlite3.Connection, server: Server, library: LibraryService
) -> None:
    material_id = library.create_script(ScriptDraft("开场白", "第一版"))
    row = server.material("开场白", "第一版", scope="personal")
    library.update_script(material_id, ScriptDraft("开场白", "第二版"))
    # The server echoes the first version (its answer to the create) before the update.
    server.publish({**row, "id": material_id, "owner_id": library.me})
    assert queries.material(conn, material_id).body == "第二版"
    assert titles(conn, "第二版") == ["开场白"]
    assert titles(conn, "第一版") == []
    fts_ok(conn)


def test_a_malformed_file_hash_from_the_server_is_dropped(
    conn: sqlite3.Connection, server: Server
) -> None:
    (poster,) = server.publish(
        server.material("海报", kind="image", file_hash="../../etc/passwd", file_name="a.png")
    )
    assert queries.material(conn, poster).file_hash is None
