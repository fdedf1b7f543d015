"""Keyword → tag rules: managers define them; existing contacts and newly saved notes get the
tags; a tag the consultant removed stays removed. The real app on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from consultant_app.domain.activity import ActivityKind
from consultant_app.services.contacts import ContactService
from consultant_app.store import queries
from consultant_app.store.database import LocalProfile, open_workspace
from consultant_app.sync.engine import SyncClient
from consultant_app.sync.identity import ServerUser, adopt_identity
from consultant_server.models import User
from tests.consultant_server.support import FakeClock, TestClient, bearer, login, row_counts
from tests.consultant_server.sync_support import (
    SyncDevice,
    activity,
    create,
    new_id,
    reminder,
    remove_tag,
    update,
)

Json = dict[str, Any]


@pytest.fixture
def manager(client: TestClient, team: dict[str, User]) -> dict[str, str]:
    return bearer(login(client, "wangfang"))


def add_rule(client: TestClient, headers: dict[str, str], keywords: list[str], tag: str) -> Json:
    response = client.post(
        "/keyword-rules", json={"keywords": keywords, "tag": tag}, headers=headers
    )
    assert response.status_code == 201, response.text
    body: Json = response.json()
    return body


def customer(device: SyncDevice, mobile: str, **fields: Any) -> str:
    contact_id = new_id()
    device.push_ok(create(contact_id, mobile=mobile, **fields))
    return contact_id


def test_a_new_rule_tags_the_existing_contacts_whose_notes_mention_a_keyword(
    client: TestClient, manager: dict[str, str], clock: FakeClock
) -> None:
    zhang, lina = SyncDevice(client, "zhangwei"), SyncDevice(client, "lina")
    by_remark = customer(zhang, "+8613800000001", remark="想问问贷款政策")
    by_note = customer(zhang, "+8613800000002")
    zhang.push_ok(activity(by_note, clock(), body="客户说想 分期 付款"))
    by_reminder = customer(lina, "+8613800000003")
    lina.push_ok(reminder(by_reminder, clock() + timedelta(days=1), note="周五聊贷款方案"))
    untouched = customer(zhang, "+8613800000004", remark="只看外观")
    stranger = SyncDevice(client, "chenjie")
    elsewhere = customer(stranger, "+8613800000005", remark="贷款")
    for device in (zhang, lina, stranger):
        device.pull()
    rule = add_rule(client, manager, ["贷款", "分期"], "关注金融")
    assert rule["tagged"] == 3
    zhang.pull()
    lina.pull()
    stranger.pull()
    assert zhang.tag_names(by_remark) == zhang.tag_names(by_note) == {"关注金融"}
    assert lina.tag_names(by_reminder) == {"关注金融"}
    assert zhang.tag_names(untouched) == set()
    assert stranger.tag_names(elsewhere) == set()
    listed = client.get("/keyword-rules", headers=zhang.headers).json()
    assert [(r["keywords"], r["tag"], r["tagged"]) for r in listed] == [
        (["贷款", "分期"], "关注金融", None)
    ]


def test_text_saved_after_the_rule_gets_the_tag_in_the_same_sync_round(
    client: TestClient, manager: dict[str, str], clock: FakeClock
) -> None:
    add_rule(client, manager, ["迈腾"], "意向:迈腾")
    add_rule(client, manager, ["ID4"], "意向:ID.4")
    zhang = SyncDevice(client, "zhangwei")
    first = customer(zhang, "+8613800000001", remark="对迈腾感兴趣")
    second = customer(zhang, "+8613800000002")
    zhang.push_ok(activity(second, clock(), body="试驾了 ｉｄ４，很满意"))
    third = customer(zhang, "+8613800000003")
    zhang.push_ok(update(third, remark=("", "预算 20 万，考虑迈腾")))
    zhang.pull()
    assert zhang.tag_names(first) == {"意向:迈腾"}
    assert zhang.tag_names(second) == {"意向:ID.4"}
    assert zhang.tag_names(third) == {"意向:迈腾"}


def test_a_tag_the_consultant_removed_is_never_given_back_by_a_rule(
    client: TestClient, manager: dict[str, str], clock: FakeClock
) -> None:
    zhang = SyncDevice(client, "zhangwei")
    contact_id = customer(zhang, "+8613800000001", remark="贷款买车")
    rule = add_rule(client, manager, ["贷款"], "关注金融")
    zhang.pull()
    (add,) = [r["id"] for r in zhang.rows("contact_tag") if r["contact_id"] == contact_id]
    zhang.push_ok(remove_tag(contact_id, "关注金融", [add]))
    zhang.push_ok(activity(contact_id, clock(), body="又问了贷款"))
    again = client.patch(
        f"/keyword-rules/{rule['id']}", json={"keywords": ["贷款", "按揭"]}, headers=manager
    )
    assert again.json()["tagged"] == 0
    add_rule(client, manager, ["按揭"], "关注金融")
    zhang.pull()
    assert zhang.tag_names(contact_id) == set()


def test_deleting_a_rule_keeps_the_tags_it_gave_and_stops_tagging(
    client: TestClient, manager: dict[str, str], clock: FakeClock
) -> None:
    zhang = SyncDevice(client, "zhangwei")
    tagged = customer(zhang, "+8613800000001", remark="置换旧车")
    rule = add_rule(client, manager, ["置换"], "置换客户")
    assert client.delete(f"/keyword-rules/{rule['id']}", headers=manager).status_code == 204
    later = customer(zhang, "+8613800000002", remark="也想置换")
    zhang.pull()
    assert zhang.tag_names(tagged) == {"置换客户"}
    assert zhang.tag_names(later) == set()
    assert client.get("/keyword-rules", headers=manager).json() == []


def test_only_managers_write_rules_and_a_bad_rule_changes_nothing(
    client: TestClient, manager: dict[str, str], engine: Engine, team: dict[str, User]
) -> None:
    consultant = bearer(login(client, "zhangwei"))
    other = bearer(login(client, "chenjie"))
    rule = add_rule(client, manager, ["试驾"], "试驾意向")
    before = row_counts(engine)
    refused = [
        client.post("/keyword-rules", json={"keywords": ["迈腾"], "tag": "x"}, headers=consultant),
        client.patch(f"/keyword-rules/{rule['id']}", json={"tag": "y"}, headers=consultant),
        client.delete(f"/keyword-rules/{rule['id']}", headers=consultant),
    ]
    assert [r.status_code for r in refused] == [403, 403, 403]
    blank = client.post("/keyword-rules", json={"keywords": ["  "], "tag": "x"}, headers=manager)
    long_tag = client.post(
        "/keyword-rules", json={"keywords": ["迈腾"], "tag": "意" * 21}, headers=manager
    )
    assert blank.status_code == long_tag.status_code == 422
    assert blank.json()["fields"] == {"keywords": "at least one keyword"}
    assert client.get("/keyword-rules", headers=other).json() == []
    unknown = client.patch(f"/keyword-rules/{uuid.uuid4()}", json={"tag": "z"}, headers=manager)
    assert unknown.status_code == 404
    assert row_counts(engine) == before


def test_a_note_saved_on_the_desk_comes_back_with_the_rules_tag_after_one_sync(
    client: TestClient, manager: dict[str, str], team: dict[str, User], tmp_path: Path
) -> None:
    add_rule(client, manager, ["贷款", "分期"], "关注金融")
    user = team["zhangwei"]
    workspace = open_workspace(tmp_path / "pc", LocalProfile(user.username, user.display_name))
    try:
        adopt_identity(workspace, ServerUser(str(user.id), user.username, user.display_name))
        device = uuid.uuid4()
        sync = SyncClient(
            workspace, client, login(client, "zhangwei", device_id=device), str(device)
        )
        contacts = ContactService(workspace)
        contact_id = contacts.quick_add("王先生", "13800138000")
        contacts.add_activity(contact_id, ActivityKind.CALL, "客户想了解分期，首付多少")
        sync.sync_once()
        (card,) = queries.load_cards(workspace.reader(), workspace.consultant_id)
        assert card.id == contact_id and [t.name for t in card.tags] == ["关注金融"]
    finally:
        workspace.close()
