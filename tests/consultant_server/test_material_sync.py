"""Pushed `material.*` mutations and what pulls serve of the library, to whom.

Personal scripts reach only their owner's devices (not colleagues, not managers); company
materials are read-only on desks; usage counts once. The real app on SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from consultant_server.models import MaterialUse, User
from tests.consultant_server.material_support import (
    publish,
    script_create,
    script_delete,
    script_update,
    use,
)
from tests.consultant_server.support import FakeClock, TestClient, bearer, login, row_counts
from tests.consultant_server.sync_support import SyncDevice, new_id, outcomes_of

Sessions = sessionmaker[Session]
Json = dict[str, Any]


@pytest.fixture
def manager(client: TestClient, team: dict[str, User]) -> dict[str, str]:
    return bearer(login(client, "wangfang"))


def scripts(device: SyncDevice) -> dict[str, Json]:
    device.pull()
    return {row["id"]: row for row in device.rows("material") if row["scope"] == "personal"}


def snapshot_ids(client: TestClient, device: SyncDevice, entity: str) -> set[str]:
    cursor, found, more = "", set(), True
    while more:
        page = client.get(
            "/sync/snapshot", params={"cursor": cursor}, headers=device.headers
        ).json()
        found |= {c["id"] for c in page["changes"] if c["entity"] == entity}
        cursor, more = page["cursor"], page["more"]
    return found


def test_a_personal_script_reaches_its_owners_devices_only(
    client: TestClient, team: dict[str, User]
) -> None:
    pc1, pc2 = SyncDevice(client, "zhangwei"), SyncDevice(client, "zhangwei")
    colleague, boss = SyncDevice(client, "lina"), SyncDevice(client, "wangfang")
    script_id = new_id()
    pc1.push_ok(script_create(script_id, title="我的开场白", tags=["开场"]))
    row = scripts(pc2)[script_id]
    assert (row["scope"], row["owner_id"], row["title"]) == (
        "personal",
        str(team["zhangwei"].id),
        "我的开场白",
    )
    assert scripts(colleague) == {} and scripts(boss) == {}
    assert script_id in snapshot_ids(client, pc2, "material")
    assert script_id not in snapshot_ids(client, colleague, "material")
    assert script_id not in snapshot_ids(client, boss, "material")
    mine = client.get("/materials", headers=pc1.headers).json()
    assert [m["id"] for m in mine] == [script_id]
    assert client.get("/materials", headers=boss.headers).json() == []
    assert client.get(f"/materials/{script_id}", headers=boss.headers).status_code == 404


def test_edits_and_deletes_of_ones_own_script_reach_the_other_device(
    client: TestClient, team: dict[str, User]
) -> None:
    pc1, pc2 = SyncDevice(client, "zhangwei"), SyncDevice(client, "zhangwei")
    script_id = new_id()
    pc1.push_ok(script_create(script_id))
    assert scripts(pc2)[script_id]["body"].startswith("您好")
    pc1.push_ok(script_update(script_id, kind="qa", title="贷款能批多久？", body="一般 3 个工作日"))
    row = scripts(pc2)[script_id]
    assert (row["kind"], row["title"], row["body"]) == ("qa", "贷款能批多久？", "一般 3 个工作日")
    pc1.push_ok(script_delete(script_id), script_delete(script_id))  # twice: still one delete
    assert scripts(pc2) == {}
    assert script_id not in snapshot_ids(client, pc2, "material")
    late = pc1.push(script_update(script_id, title="又改了"))
    assert outcomes_of(late) == [("rejected", f"material {script_id} was deleted")]


def test_company_materials_and_colleagues_scripts_cannot_be_changed_from_a_desk(
    client: TestClient, manager: dict[str, str], engine: Engine, team: dict[str, User]
) -> None:
    company = publish(client, manager)["id"]
    lina = SyncDevice(client, "lina")
    hers = new_id()
    lina.push_ok(script_create(hers))
    zhang, boss = SyncDevice(client, "zhangwei"), SyncDevice(client, "wangfang")
    before = row_counts(engine)
    refused = zhang.push(
        script_update(company, title="改企业话术"),
        script_delete(company),
        script_update(hers, title="改别人的"),
        script_delete(hers),
        script_create(company),
    )
    assert outcomes_of(refused) == [
        ("rejected", f"not allowed: material {company} is the company's: read-only on the desk,"
                     " a manager changes it"),
        ("rejected", f"not allowed: material {company} is the company's: read-only on the desk,"
                     " a manager changes it"),
        ("rejected", f"not allowed: material {hers} is another consultant's personal script"),
        ("rejected", f"not allowed: material {hers} is another consultant's personal script"),
        ("rejected", f"material {company} already exists"),
    ]  # fmt: skip
    # A manager's desk may not either: company materials change through the manager's tools.
    assert boss.push(script_update(company))[0]["outcome"] == "rejected"
    counts = row_counts(engine)  # the refusals are recorded; nothing else changed
    assert {k for k in counts if counts[k] != before[k]} == {"applied_mutation"}
    assert scripts(lina)[hers]["title"] == "开场白"


def test_a_script_in_another_showroom_looks_unknown(
    client: TestClient, team: dict[str, User]
) -> None:
    zhang, stranger = SyncDevice(client, "zhangwei"), SyncDevice(client, "chenjie")
    script_id = new_id()
    zhang.push_ok(script_create(script_id))
    refused = stranger.push(
        script_update(script_id), use(script_id, "copy", team["zhangwei"].created_at)
    )
    assert outcomes_of(refused) == [("rejected", f"unknown material {script_id}")] * 2


def test_a_script_breaking_the_desks_rules_is_rejected_with_the_field(
    client: TestClient, team: dict[str, User]
) -> None:
    zhang = SyncDevice(client, "zhangwei")
    malformed = zhang.push(
        script_create(title=""),
        script_create(kind="article"),
        script_create(tags="开场"),
        script_create(material_id="not-a-uuid"),
        {**script_create(), "payload": {"material_id": new_id(), "fields": {"title": "x"}}},
    )
    reasons = [reason for _, reason in outcomes_of(malformed)]
    assert reasons[0] == "invalid: title: required"
    assert reasons[1].startswith("invalid: kind: not_allowed")
    assert reasons[2] == "invalid: tags: expected a list of names"
    assert reasons[3] == "invalid: material_id: expected a UUID"
    assert reasons[4] == "invalid: fields: lacks kind, body, category_id, tags, models"


def test_changes_to_a_script_whose_creation_was_rejected_say_they_depend_on_it(
    client: TestClient, team: dict[str, User]
) -> None:
    zhang = SyncDevice(client, "zhangwei")
    script_id = new_id()
    create = script_create(script_id, title="")
    outcomes = zhang.push(create, script_update(script_id), script_delete(script_id))
    dependent = f"depends on rejected mutation {create['mutation_id']}"
    assert [reason for _, reason in outcomes_of(outcomes)][1:] == [dependent, dependent]


def test_a_script_filed_under_a_category_deleted_meanwhile_is_kept_uncategorised(
    client: TestClient, manager: dict[str, str], team: dict[str, User]
) -> None:
    category = client.post("/materials/categories", json={"name": "活动"}, headers=manager).json()
    zhang = SyncDevice(client, "zhangwei")
    kept, moved = new_id(), new_id()
    zhang.push_ok(script_create(kept, category_id=category["id"]))
    client.delete(f"/materials/categories/{category['id']}", headers=manager)
    zhang.push_ok(script_create(moved, category_id=category["id"]))
    found = scripts(zhang)
    assert found[kept]["category_id"] is None and found[moved]["category_id"] is None


def test_a_use_counts_once_even_when_its_push_is_replayed(
    client: TestClient, manager: dict[str, str], sessions: Sessions, clock: FakeClock
) -> None:
    company = publish(client, manager)["id"]
    zhang = SyncDevice(client, "zhangwei")
    own = new_id()
    zhang.push_ok(script_create(own))
    copy = use(company, "copy", clock())
    zhang.push_ok(copy, use(own, "send", clock()))
    zhang.push_ok(copy)  # the answer was lost; the desk sends it again
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(MaterialUse)) == 2
    bad = zhang.push(use(company, "print", clock()), use(str(uuid.uuid4()), "copy", clock()))
    wrong_action, unknown = (reason for _, reason in outcomes_of(bad))
    assert wrong_action == "invalid: action: copy or send"
    assert unknown is not None and unknown.startswith("unknown material")


def test_a_use_of_a_material_retired_meanwhile_still_counts(
    client: TestClient, manager: dict[str, str], clock: FakeClock
) -> None:
    company = publish(client, manager)["id"]
    client.delete(f"/materials/{company}", headers=manager)
    zhang = SyncDevice(client, "zhangwei")
    zhang.push_ok(use(company, "send", clock()))
    stats = client.get("/stats/materials", headers=manager).json()["rows"]
    assert [(r["id"], r["sends"], r["retired"]) for r in stats] == [(company, 1, True)]


def test_a_snapshot_serves_the_live_library_in_scope(
    client: TestClient, manager: dict[str, str], team: dict[str, User]
) -> None:
    live = publish(client, manager, title="在用", category_path=["活动"])
    gone = publish(client, manager, title="下架")
    client.delete(f"/materials/{gone['id']}", headers=manager)
    zhang = SyncDevice(client, "zhangwei")
    assert snapshot_ids(client, zhang, "material") == {live["id"]}
    assert snapshot_ids(client, zhang, "material_category") == {live["category_id"]}
    stranger = SyncDevice(client, "chenjie")
    assert snapshot_ids(client, stranger, "material") == set()
