"""The material library's HTTP API: publishing, files, categories, bulk import, statistics.

The real app (FastAPI's test client) on a migrated database, SQLite and PostgreSQL; what
desks receive is read through the real pull.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from consultant_server.models import Material, MaterialFile, Role, User
from tests.consultant_server.conftest import MakeUser
from tests.consultant_server.material_support import (
    jpeg,
    pdf,
    png,
    publish,
    upload,
    use,
    zipped,
)
from tests.consultant_server.support import (
    FakeClock,
    TestClient,
    bearer,
    login,
    row_counts,
)
from tests.consultant_server.sync_support import SyncDevice

Sessions = sessionmaker[Session]
Json = dict[str, Any]


@pytest.fixture
def manager(client: TestClient, team: dict[str, User]) -> dict[str, str]:
    return bearer(login(client, "wangfang"))


@pytest.fixture
def consultant(client: TestClient, team: dict[str, User]) -> dict[str, str]:
    return bearer(login(client, "zhangwei"))


def material_changes(device: SyncDevice) -> list[Json]:
    return [c for c in device.pull() if c["entity"].startswith("material")]


# --- publishing ----------------------------------------------------------------------------------


def test_a_published_material_reaches_every_desk_of_the_showroom_and_no_other(
    client: TestClient, manager: dict[str, str]
) -> None:
    zhang, lina, boss = (SyncDevice(client, u) for u in ("zhangwei", "lina", "wangfang"))
    stranger = SyncDevice(client, "chenjie")
    for device in (zhang, lina, boss, stranger):
        device.pull()
    published = publish(
        client,
        manager,
        title="迈腾 2025 款金融政策",
        body="首付 20% 起，24 期 0 息",
        category_path=["金融政策"],
        tags=["金融", "意向:迈腾"],
        models=["迈腾"],
    )
    for device in (zhang, lina, boss):
        entities = [(c["entity"], c["op"]) for c in material_changes(device)]
        assert entities == [("material_category", "upsert"), ("material", "upsert")]
        row = device.state[("material", published["id"])]
        assert row["scope"] == "company" and row["owner_id"] is None
        assert (row["title"], row["tags"], row["models"]) == (
            "迈腾 2025 款金融政策",
            ["金融", "意向:迈腾"],
            ["迈腾"],
        )
        assert row["author"] == "王芳"
    assert material_changes(stranger) == []


def test_consultants_cannot_publish_change_or_retire_company_materials(
    client: TestClient, manager: dict[str, str], consultant: dict[str, str], engine: Engine
) -> None:
    published = publish(client, manager)
    before = row_counts(engine)
    attempts = [
        client.post(
            "/materials", json={"kind": "qa", "title": "x", "body": "y"}, headers=consultant
        ),
        client.patch(f"/materials/{published['id']}", json={"title": "改"}, headers=consultant),
        client.delete(f"/materials/{published['id']}", headers=consultant),
        client.post("/materials/files", content=png(), headers=consultant),
        client.post("/materials/categories", json={"name": "活动"}, headers=consultant),
        client.get("/stats/materials", headers=consultant),
    ]
    assert [r.status_code for r in attempts] == [403] * len(attempts)
    assert {r.json()["error"] for r in attempts} == {"forbidden"}
    assert row_counts(engine) == before


def test_publishing_applies_the_importers_rules_to_every_field(
    client: TestClient, manager: dict[str, str], engine: Engine
) -> None:
    before = row_counts(engine)
    response = client.post(
        "/materials",
        json={
            "kind": "article",
            "title": "  ",
            "url": "javascript:alert(1)",
            "models": ["迈腾", "特斯拉"],
            "file_hash": "0" * 64,
        },
        headers=manager,
    )
    assert response.status_code == 422
    fields = response.json()["fields"]
    assert set(fields) == {"title", "url", "models", "file_hash"}
    assert "特斯拉" in fields["models"]
    missing_url = client.post(
        "/materials", json={"kind": "article", "title": "用车指南"}, headers=manager
    )
    assert missing_url.json()["fields"] == {"url": "required for an article"}
    assert row_counts(engine) == before


def test_an_update_reaches_desks_as_the_whole_new_row(
    client: TestClient, manager: dict[str, str]
) -> None:
    desk = SyncDevice(client, "zhangwei")
    published = publish(client, manager, tags=["油耗"])
    desk.pull()
    response = client.patch(
        f"/materials/{published['id']}",
        json={"body": "综合油耗 5.9 升/百公里（WLTC）", "category_path": ["车型资料", "迈腾"]},
        headers=manager,
    )
    assert response.status_code == 200, response.text
    assert response.json()["tags"] == ["油耗"]  # what was left out stays
    changes = material_changes(desk)
    assert [(c["entity"], c["data"].get("name")) for c in changes][:2] == [
        ("material_category", "车型资料"),
        ("material_category", "迈腾"),
    ]
    row = desk.state[("material", published["id"])]
    assert row["body"] == "综合油耗 5.9 升/百公里（WLTC）"
    assert row["category_id"] == changes[1]["id"]


def test_an_update_that_changes_nothing_is_not_sent_to_desks(
    client: TestClient, manager: dict[str, str]
) -> None:
    desk = SyncDevice(client, "zhangwei")
    published = publish(client, manager)
    desk.pull()
    client.patch(
        f"/materials/{published['id']}", json={"title": published["title"]}, headers=manager
    )
    assert material_changes(desk) == []


def test_retiring_removes_it_from_desks_and_lists_but_keeps_it_for_managers(
    client: TestClient, manager: dict[str, str], consultant: dict[str, str]
) -> None:
    desk = SyncDevice(client, "zhangwei")
    published = publish(client, manager)
    desk.pull()
    retired = client.delete(f"/materials/{published['id']}", headers=manager)
    assert retired.status_code == 200 and retired.json()["retired_at"] is not None
    again = client.delete(f"/materials/{published['id']}", headers=manager)
    assert again.json()["retired_at"] == retired.json()["retired_at"]
    changes = material_changes(desk)
    assert [(c["op"], c["id"]) for c in changes] == [("delete", published["id"])]
    assert ("material", published["id"]) not in desk.state
    assert client.get("/materials", headers=consultant).json() == []
    assert client.get(f"/materials/{published['id']}", headers=consultant).status_code == 404
    listed = client.get("/materials", params={"retired": True}, headers=manager).json()
    assert [m["id"] for m in listed] == [published["id"]]
    edit = client.patch(f"/materials/{published['id']}", json={"title": "新"}, headers=manager)
    assert edit.status_code == 409 and edit.json()["error"] == "retired"


def test_another_showrooms_material_looks_unknown(
    client: TestClient, manager: dict[str, str], make_user: MakeUser, team: dict[str, User]
) -> None:
    published = publish(client, manager)
    make_user("zhaolei", role=Role.MANAGER, showroom="二号展厅")
    other = bearer(login(client, "zhaolei"))
    stranger = bearer(login(client, "chenjie"))
    assert client.get(f"/materials/{published['id']}", headers=stranger).status_code == 404
    for response in (
        client.patch(f"/materials/{published['id']}", json={"title": "x"}, headers=other),
        client.delete(f"/materials/{published['id']}", headers=other),
    ):
        assert response.status_code == 404
    assert client.get("/materials", headers=other).json() == []


def test_the_material_routes_need_a_token(client: TestClient, team: dict[str, User]) -> None:
    for method, path in (
        ("GET", "/materials"),
        ("POST", "/materials"),
        ("GET", "/materials/categories"),
        ("GET", f"/materials/files/{'a' * 64}"),
        ("POST", "/materials/files"),
        ("POST", "/materials/import?filename=a.csv"),
        ("GET", "/stats/materials"),
    ):
        assert client.request(method, path).status_code == 401, path


# --- categories ----------------------------------------------------------------------------------


def test_a_category_path_is_made_once_and_then_reused(
    client: TestClient, manager: dict[str, str]
) -> None:
    first = publish(client, manager, title="迈腾参数", category_path=["车型资料", "迈腾"])
    second = publish(client, manager, title="迈腾保养", category_path=["车型资料", "迈腾"])
    assert first["category_id"] == second["category_id"]
    tree = client.get("/materials/categories", headers=manager).json()
    assert [c["path"] for c in tree] == [["车型资料"], ["车型资料", "迈腾"]]


def test_categories_are_renamed_and_moved_for_every_desk_and_deleted_only_when_empty(
    client: TestClient, manager: dict[str, str]
) -> None:
    desk = SyncDevice(client, "lina")
    top = client.post("/materials/categories", json={"name": "活动"}, headers=manager).json()
    after = client.post("/materials/categories", json={"name": "售后"}, headers=manager).json()
    child = client.post(
        "/materials/categories", json={"name": "五一", "parent_id": top["id"]}, headers=manager
    ).json()
    assert child["path"] == ["活动", "五一"] and after["position"] == 1
    twin = client.post("/materials/categories", json={"name": "活动"}, headers=manager)
    assert twin.status_code == 409
    loop = client.patch(
        f"/materials/categories/{top['id']}", json={"parent_id": child["id"]}, headers=manager
    )
    assert loop.status_code == 422
    renamed = client.patch(
        f"/materials/categories/{child['id']}",
        json={"name": "五一大促", "parent_id": None},
        headers=manager,
    )
    assert renamed.json()["path"] == ["五一大促"]
    publish(client, manager, category_id=child["id"])
    refused = client.delete(f"/materials/categories/{child['id']}", headers=manager)
    assert refused.status_code == 409 and refused.json()["error"] == "category_in_use"
    assert client.delete(f"/materials/categories/{top['id']}", headers=manager).status_code == 204
    desk.pull()
    names = {row["name"] for row in desk.rows("material_category")}
    assert names == {"售后", "五一大促"}


# --- files ---------------------------------------------------------------------------------------


def test_a_file_is_stored_once_by_its_content_hash(
    client: TestClient, manager: dict[str, str], engine: Engine
) -> None:
    data = png()
    first = client.post(
        "/materials/files", content=data, headers={**manager, "Content-Type": "image/png"}
    )
    second = client.post("/materials/files", content=data, headers=manager)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["sha256"] == second.json()["sha256"]
    assert (first.json()["new"], second.json()["new"]) == (True, False)
    assert first.json()["mime_type"] == "image/png" and first.json()["size"] == len(data)
    assert row_counts(engine)["material_file"] == 1


def test_a_file_is_typed_by_its_bytes_and_anything_else_is_refused(
    client: TestClient, manager: dict[str, str], engine: Engine
) -> None:
    html = b"<html><script>alert(1)</script></html>"
    refused = [
        client.post(
            "/materials/files", content=html, headers={**manager, "Content-Type": "image/png"}
        ),
        client.post("/materials/files", content=b"", headers=manager),
        client.post(
            "/materials/files", content=png(), headers={**manager, "Content-Type": "image/jpeg"}
        ),
    ]
    assert [r.status_code for r in refused] == [422, 422, 422]
    assert refused[2].json()["fields"] == {"content_type": "the file is image/png, not image/jpeg"}
    assert row_counts(engine)["material_file"] == 0
    stored = client.post("/materials/files", content=pdf(), headers=manager)
    assert stored.json()["mime_type"] == "application/pdf"


def test_a_file_larger_than_the_limit_is_refused_before_anything_is_stored(
    client: TestClient, manager: dict[str, str], engine: Engine
) -> None:
    limit = client.app.state.context.settings.material_max_file_bytes  # type: ignore[attr-defined]
    response = client.post(
        "/materials/files", content=b"\x89PNG\r\n\x1a\n" + bytes(limit), headers=manager
    )
    assert response.status_code == 413 and response.json()["error"] == "content_too_large"
    assert row_counts(engine)["material_file"] == 0


def test_files_download_with_their_type_and_an_etag_that_answers_not_modified(
    client: TestClient, manager: dict[str, str], consultant: dict[str, str]
) -> None:
    image = png("green")
    digest = upload(client, manager, image, "image/png")
    published = publish(client, manager, kind="image", title="迈腾海报", body="", file_hash=digest)
    assert published["file_url"].endswith(f"/materials/files/{digest}")
    assert (published["file_size"], published["mime_type"]) == (len(image), "image/png")
    assert published["file_name"] == "迈腾海报.png"
    got = client.get(f"/materials/files/{digest}", headers=consultant)
    assert got.status_code == 200 and got.content == image
    assert got.headers["content-type"] == "image/png"
    assert got.headers["etag"] == f'"{digest}"'
    assert got.headers["x-content-type-options"] == "nosniff"
    again = client.get(
        f"/materials/files/{digest}", headers={**consultant, "If-None-Match": got.headers["etag"]}
    )
    assert again.status_code == 304 and again.content == b""
    other = client.get(
        f"/materials/files/{digest}", headers={**consultant, "If-None-Match": '"other"'}
    )
    assert other.status_code == 200


def test_another_showrooms_files_and_non_hashes_look_unknown(
    client: TestClient, manager: dict[str, str], team: dict[str, User]
) -> None:
    digest = upload(client, manager, png(), "image/png")
    stranger = bearer(login(client, "chenjie"))
    for path in (digest, "a" * 64, "../../etc/passwd", digest.upper() + "0"):
        response = client.get(f"/materials/files/{path}", headers=stranger)
        assert response.status_code == 404, path


def test_an_image_material_needs_an_uploaded_image_of_its_own_showroom(
    client: TestClient, manager: dict[str, str], make_user: MakeUser, team: dict[str, User]
) -> None:
    document = upload(client, manager, pdf(), "application/pdf")
    wrong = client.post(
        "/materials",
        json={"kind": "image", "title": "海报", "file_hash": document},
        headers=manager,
    )
    assert wrong.status_code == 422 and "file_hash" in wrong.json()["fields"]
    make_user("zhaolei", role=Role.MANAGER, showroom="二号展厅")
    other = bearer(login(client, "zhaolei"))
    image = upload(client, manager, png(), "image/png")
    foreign = client.post(
        "/materials", json={"kind": "image", "title": "海报", "file_hash": image}, headers=other
    )
    assert foreign.json()["fields"] == {"file_hash": "no such file: upload it first"}
    # The same bytes uploaded there too: stored once, readable by both showrooms.
    assert upload(client, other, png(), "image/png") == image
    assert client.get(f"/materials/files/{image}", headers=other).status_code == 200


# --- bulk import ---------------------------------------------------------------------------------


def sheet_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8-sig")


HEADER = ["类型", "标题", "正文", "链接", "分类", "标签", "车型", "文件"]
GOOD_ROWS = [
    ["问答", "迈腾保养周期？", "首保 5000 公里，之后每 1 万公里", "", "售后", "保养", "迈腾", ""],
    ["话术", "金融开场白", "现在购车可享 24 期 0 息", "", "金融政策", "金融", "", ""],
    ["文章", "ID.4 冬季续航实测", "", "https://www.example-dealer.cn/a/42", "车型资料/ID.4",
     "意向:ID.4", "ID.4 CROZZ", ""],
]  # fmt: skip


def import_file(
    client: TestClient, headers: dict[str, str], name: str, data: bytes, **params: Any
) -> Any:
    return client.post(
        "/materials/import", params={"filename": name, **params}, content=data, headers=headers
    )


def test_a_sheet_with_bad_rows_imports_nothing_and_reports_every_rejected_row(
    client: TestClient, manager: dict[str, str], engine: Engine
) -> None:
    before = row_counts(engine)
    bad = [
        *GOOD_ROWS,
        ["海报", "没有文件的海报", "", "", "", "", "", ""],
        ["文章", "链接不对", "", "ftp://example.cn/x", "", "", "", ""],
        ["问答", "车型不在目录", "答案", "", "", "", "特斯拉", ""],
    ]
    response = import_file(client, manager, "素材.csv", sheet_csv([HEADER, *bad]))
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "import_rejected" and body["rows"] == 6
    assert [(r["row"], r["title"]) for r in body["rejected"]] == [
        (5, "没有文件的海报"),
        (6, "链接不对"),
        (7, "车型不在目录"),
    ]
    assert [p["field"] for r in body["rejected"] for p in r["problems"]] == [
        "file",
        "url",
        "models",
    ]
    assert row_counts(engine) == before


def test_a_clean_sheet_imports_every_row_in_one_go_and_desks_get_them(
    client: TestClient, manager: dict[str, str]
) -> None:
    desk = SyncDevice(client, "zhangwei")
    response = import_file(client, manager, "素材.csv", sheet_csv([HEADER, *GOOD_ROWS]))
    assert response.status_code == 200, response.text
    assert response.json() | {"material_ids": []} == {
        "rows": 3,
        "created": 3,
        "updated": 0,
        "material_ids": [],
        "dry_run": False,
    }
    desk.pull()
    titles = {row["title"] for row in desk.rows("material")}
    assert titles == {"迈腾保养周期？", "金融开场白", "ID.4 冬季续航实测"}
    paths = {row["name"] for row in desk.rows("material_category")}
    assert paths == {"售后", "金融政策", "车型资料", "ID.4"}


def test_importing_the_same_sheet_again_updates_instead_of_adding_twins(
    client: TestClient, manager: dict[str, str], sessions: Sessions
) -> None:
    import_file(client, manager, "素材.csv", sheet_csv([HEADER, *GOOD_ROWS]))
    changed = [row[:] for row in GOOD_ROWS]
    changed[0][2] = "首保 7500 公里"
    again = import_file(client, manager, "素材.csv", sheet_csv([HEADER, *changed]))
    assert (again.json()["created"], again.json()["updated"]) == (0, 3)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Material)) == 3
        body = session.scalar(select(Material.body).where(Material.title == "迈腾保养周期？"))
    assert body == "首保 7500 公里"


def test_a_dry_run_reports_what_an_import_would_do_and_changes_nothing(
    client: TestClient, manager: dict[str, str], engine: Engine
) -> None:
    before = row_counts(engine)
    response = import_file(
        client, manager, "素材.csv", sheet_csv([HEADER, *GOOD_ROWS]), dry_run=True
    )
    assert response.status_code == 200
    assert (response.json()["created"], response.json()["dry_run"]) == (3, True)
    assert row_counts(engine) == before


def test_a_zipped_folder_imports_its_workbook_and_the_files_it_names(
    client: TestClient, manager: dict[str, str], consultant: dict[str, str], tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["类型", "标题", "分类", "车型", "文件"])
    sheet.append(["海报", "迈腾五一海报", "活动", "迈腾", "图片/迈腾海报.png"])
    sheet.append(["文档", "迈腾参数表", "车型资料/迈腾", "迈腾", "迈腾参数表.pdf"])
    book.save(tmp_path / "素材.xlsx")
    poster, spec = png("orange"), pdf()
    archive = zipped(
        {
            "五一素材/素材.xlsx": (tmp_path / "素材.xlsx").read_bytes(),
            "五一素材/图片/迈腾海报.png": poster,
            "五一素材/迈腾参数表.pdf": spec,
        },
        gbk_names=True,
    )
    response = import_file(client, manager, "五一素材.zip", archive)
    assert response.status_code == 200, response.text
    assert response.json()["created"] == 2
    listed = {m["title"]: m for m in client.get("/materials", headers=consultant).json()}
    assert listed["迈腾五一海报"]["mime_type"] == "image/png"
    assert listed["迈腾参数表"]["file_name"] == "迈腾参数表.pdf"
    for title, data in (("迈腾五一海报", poster), ("迈腾参数表", spec)):
        got = client.get(
            listed[title]["file_url"].removeprefix("http://testserver"), headers=consultant
        )
        assert got.content == data


def test_a_folder_of_files_imports_each_under_its_sub_folders(
    client: TestClient, manager: dict[str, str], consultant: dict[str, str]
) -> None:
    archive = zipped(
        {
            "车型资料/迈腾/迈腾海报.png": png(),
            "话术/开场白.txt": "您好，欢迎来到展厅！".encode(),
        }
    )
    assert import_file(client, manager, "folder.zip", archive).status_code == 200
    listed = {m["title"]: m for m in client.get("/materials", headers=consultant).json()}
    assert listed["开场白"]["kind"] == "script"
    assert listed["开场白"]["body"] == "您好，欢迎来到展厅！"
    assert listed["迈腾海报"]["kind"] == "image"
    tree = {c["id"]: c["path"] for c in client.get("/materials/categories", headers=manager).json()}
    assert tree[listed["迈腾海报"]["category_id"]] == ["车型资料", "迈腾"]


def test_a_file_whose_bytes_are_not_of_its_kind_rejects_the_import(
    client: TestClient, manager: dict[str, str], engine: Engine
) -> None:
    before = row_counts(engine)
    archive = zipped({"海报.png": pdf(), "说明.txt": "正文".encode()})
    response = import_file(client, manager, "folder.zip", archive)
    assert response.status_code == 422
    (row,) = response.json()["rejected"]
    assert (row["source"], row["problems"][0]["field"]) == ("海报.png", "file")
    assert row_counts(engine) == before


def test_an_image_is_typed_by_its_bytes_not_by_its_file_name(
    client: TestClient, manager: dict[str, str], consultant: dict[str, str]
) -> None:
    assert import_file(client, manager, "f.zip", zipped({"海报.png": jpeg()})).status_code == 200
    (poster,) = client.get("/materials", headers=consultant).json()
    assert (poster["kind"], poster["mime_type"]) == ("image", "image/jpeg")


@pytest.mark.parametrize(
    ("name", "data", "field"),
    [
        ("evil.zip", zipped({"../../escape.txt": b"x"}), "file"),
        ("evil.zip", b"PK\x03\x04 not a zip", "file"),
        ("notes.docx", b"anything", "filename"),
    ],
    ids=["path-outside", "damaged-zip", "wrong-type"],
)
def test_an_unsafe_or_unreadable_upload_is_refused_as_a_whole(
    client: TestClient, manager: dict[str, str], engine: Engine, name: str, data: bytes, field: str
) -> None:
    before = row_counts(engine)
    response = import_file(client, manager, name, data)
    assert response.status_code == 422 and field in response.json()["fields"]
    assert row_counts(engine) == before


# --- usage statistics ----------------------------------------------------------------------------


def test_managers_read_copies_and_sends_per_material_with_unused_ones_as_zero(
    client: TestClient, manager: dict[str, str], clock: FakeClock
) -> None:
    used = publish(client, manager, title="常用话术")
    unused = publish(client, manager, title="冷门资料")
    zhang, lina = SyncDevice(client, "zhangwei"), SyncDevice(client, "lina")
    now = clock()
    zhang.push_ok(use(used["id"], "copy", now), use(used["id"], "send", now))
    lina.push_ok(use(used["id"], "copy", now))
    stats = client.get("/stats/materials", headers=manager).json()["rows"]
    assert [(r["title"], r["copies"], r["sends"], r["users"]) for r in stats] == [
        ("常用话术", 2, 1, 2),
        ("冷门资料", 0, 0, 0),
    ]
    assert stats[0]["last_used_at"] is not None and stats[1]["id"] == unused["id"]
    later = client.get(
        "/stats/materials", params={"start": "2030-01-01", "end": "2030-01-31"}, headers=manager
    ).json()["rows"]
    assert [(r["title"], r["copies"]) for r in later] == [("冷门资料", 0), ("常用话术", 0)]
    backwards = client.get(
        "/stats/materials", params={"start": "2030-01-31", "end": "2030-01-01"}, headers=manager
    )
    assert backwards.status_code == 422


def test_the_stored_bytes_of_a_file_match_its_name(
    client: TestClient, manager: dict[str, str], sessions: Sessions
) -> None:
    import hashlib

    data = pdf("spec")
    digest = upload(client, manager, data, "application/pdf")
    with sessions() as session:
        stored = session.get(MaterialFile, digest)
        assert stored is not None
        assert hashlib.sha256(stored.data).hexdigest() == digest
