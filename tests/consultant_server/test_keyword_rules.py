"""Keyword → tag rules: managers define them; existing contacts and newly saved notes get the
tags; a tag the consultant removed stays removed. The real app on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy import update as sql_update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from consultant_app.domain.activity import ActivityKind
from consultant_app.services.contacts import ContactService
from consultant_app.store import queries
from consultant_app.store.database import LocalProfile, Workspace, open_workspace
from consultant_app.sync import outbox
from consultant_app.sync.engine import SyncClient
from consultant_app.sync.identity import ServerUser, adopt_identity
from consultant_app.sync.wire import Entity, MutationKind
from consultant_server.models import ContactTag, LogCounter, ServerState, User
from consultant_server.services import keyword_rules
from tests.consultant_server.support import FakeClock, TestClient, bearer, login, row_counts
from tests.consultant_server.sync_support import (
    SyncDevice,
    activity,
    add_tag,
    create,
    mutation,
    new_id,
    reminder,
    remove_tag,
    tag_add,
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


# --- rules on the desks ------------------------------------------------------------------

READS = {"reads": ["keyword_rule"]}


def pull_reading_rules(device: SyncDevice, path: str = "/sync/pull") -> list[Json]:
    """Pull (or fetch a snapshot) as a desk that reads keyword rules, applying each page."""
    received: list[Json] = []
    cursor = device.cursor if path == "/sync/pull" else ""
    while True:
        response = client_get(device, path, cursor)
        assert response.status_code == 200, response.text
        page = response.json()
        device.apply(page["changes"])
        received.extend(page["changes"])
        cursor = page["cursor"]
        if not page["more"]:
            device.cursor = cursor
            return received


def client_get(device: SyncDevice, path: str, cursor: str) -> Any:
    params = {"cursor": cursor, **READS}
    return device.client.get(path, params=params, headers=device.headers)


def rule_rows(device: SyncDevice) -> list[tuple[list[str], str]]:
    return sorted((r["keywords"], r["tag"]) for r in device.rows("keyword_rule"))


def live_adds(sessions: sessionmaker[Session], contact_id: str) -> list[str]:
    with sessions() as session:
        found = session.scalars(
            select(ContactTag.id).where(
                ContactTag.contact_id == uuid.UUID(contact_id), ContactTag.removed_at.is_(None)
            )
        )
        return [str(add) for add in found]


def test_rules_reach_desks_as_pulled_rows_and_a_deleted_rule_as_a_delete(
    client: TestClient, manager: dict[str, str]
) -> None:
    finance = add_rule(client, manager, ["贷款", "分期"], "关注金融")
    zhang = SyncDevice(client, "zhangwei")
    pull_reading_rules(zhang)
    assert rule_rows(zhang) == [(["贷款", "分期"], "关注金融")]
    passat = add_rule(client, manager, ["迈腾"], "意向:迈腾")
    client.patch(f"/keyword-rules/{finance['id']}", json={"keywords": ["按揭"]}, headers=manager)
    pull_reading_rules(zhang)
    assert rule_rows(zhang) == [(["按揭"], "关注金融"), (["迈腾"], "意向:迈腾")]
    assert client.delete(f"/keyword-rules/{passat['id']}", headers=manager).status_code == 204
    changes = pull_reading_rules(zhang)
    assert [(c["entity"], c["op"], c["id"]) for c in changes] == [
        ("keyword_rule", "delete", passat["id"])
    ]
    assert rule_rows(zhang) == [(["按揭"], "关注金融")]
    assert pull_reading_rules(zhang) == []  # given once, not again with every pull
    # A manager's desk gets them too, and a re-bootstrap's snapshot serves the live ones.
    boss = SyncDevice(client, "wangfang")
    pull_reading_rules(boss, "/sync/snapshot")
    assert rule_rows(boss) == [(["按揭"], "关注金融")]
    assert pull_reading_rules(boss) == []


def test_a_desk_that_does_not_read_rules_never_gets_them_and_gets_them_all_once_it_does(
    client: TestClient, manager: dict[str, str]
) -> None:
    """A desk of the previous version cannot decode `keyword_rule` changes (it would stop
    syncing at the first): it does not name them in `reads`, so it is never sent any. Once
    it does (updated), it gets every live rule, also those made before."""
    older = set(Entity) - {Entity.KEYWORD_RULE}
    kept = add_rule(client, manager, ["贷款"], "关注金融")
    gone = add_rule(client, manager, ["置换"], "置换客户")
    assert client.delete(f"/keyword-rules/{gone['id']}", headers=manager).status_code == 204
    zhang = SyncDevice(client, "zhangwei")
    customer(zhang, "+8613800000001", remark="贷款")
    received = zhang.pull()
    snapshot = client.get("/sync/snapshot", params={"cursor": ""}, headers=zhang.headers).json()
    for change in [*received, *snapshot["changes"]]:
        assert Entity(change["entity"]) in older
    assert {c["entity"] for c in received} >= {"contact", "contact_tag"}
    updated = pull_reading_rules(zhang)
    assert [(c["entity"], c["id"]) for c in updated] == [("keyword_rule", kept["id"])]
    assert pull_reading_rules(zhang) == []


def test_the_same_note_from_a_desk_gives_one_live_add_and_no_refusal(
    client: TestClient, manager: dict[str, str], clock: FakeClock, sessions: sessionmaker[Session]
) -> None:
    """Whichever comes first: the desk's rule `tag.add` (as a desk queues it) makes the one
    add and the note's own rules find it; after the note's rules gave the tag, the desk's
    add is applied without a second one, and the desk, pulling, ends with the server's."""
    rule = add_rule(client, manager, ["贷款"], "关注金融")
    zhang = SyncDevice(client, "zhangwei")
    after_note = customer(zhang, "+8613800000001")
    before_note = customer(zhang, "+8613800000002")
    first, second = new_id(), new_id()
    zhang.push_ok(
        activity(after_note, clock(), body="问贷款"),
        rule_tag_add(after_note, "关注金融", first, rule["id"]),
        rule_tag_add(before_note, "关注金融", second, rule["id"]),
        activity(before_note, clock(), body="问贷款"),
    )
    (kept,) = live_adds(sessions, after_note)
    assert kept != first
    assert live_adds(sessions, before_note) == [second]
    changes = pull_reading_rules(zhang)
    assert ("contact_tag", "delete", first) in [(c["entity"], c["op"], c["id"]) for c in changes]
    assert zhang.tag_names(after_note) == zhang.tag_names(before_note) == {"关注金融"}


def test_a_desks_rule_tag_add_never_gives_back_a_tag_removed_on_another_desk(
    client: TestClient, manager: dict[str, str], sessions: sessionmaker[Session]
) -> None:
    rule = add_rule(client, manager, ["贷款"], "关注金融")
    zhang = SyncDevice(client, "zhangwei")
    contact_id = customer(zhang, "+8613800000001", remark="贷款")
    zhang.pull()
    (add,) = live_adds(sessions, contact_id)
    zhang.push_ok(remove_tag(contact_id, "关注金融", [add]))
    offline_add = new_id()  # a desk that had not pulled the removal yet
    zhang.push_ok(rule_tag_add(contact_id, "关注金融", offline_add, rule["id"]))
    assert live_adds(sessions, contact_id) == []
    pull_reading_rules(zhang)
    assert zhang.tag_names(contact_id) == set()
    # The consultant's own add (no rule) still puts it back: add wins.
    zhang.push_ok(add_tag(contact_id, "关注金融"))
    assert len(live_adds(sessions, contact_id)) == 1


def rule_tag_add(contact_id: str, name: str, add_id: str, rule_id: str) -> Json:
    payload = {**tag_add(contact_id, name, add_id), "rule_id": rule_id}
    return mutation(MutationKind.TAG_ADD, payload)


def desk(client: TestClient, user: User, folder: Path) -> tuple[Workspace, SyncClient]:
    workspace = open_workspace(folder, LocalProfile(user.username, user.display_name))
    adopt_identity(workspace, ServerUser(str(user.id), user.username, user.display_name))
    device = uuid.uuid4()
    token = login(client, user.username, device_id=device)
    return workspace, SyncClient(workspace, client, token, str(device))


def card_tags(workspace: Workspace, contact_id: str) -> list[str]:
    cards = queries.load_cards(workspace.reader(), workspace.consultant_id)
    (card,) = [c for c in cards if c.id == contact_id]
    return [t.name for t in card.tags]


def test_an_offline_desk_tags_a_note_at_once_and_after_sync_the_server_has_one_add(
    client: TestClient,
    manager: dict[str, str],
    team: dict[str, User],
    tmp_path: Path,
    sessions: sessionmaker[Session],
) -> None:
    add_rule(client, manager, ["贷款", "分期"], "关注金融")
    workspace, sync = desk(client, team["zhangwei"], tmp_path / "pc")
    try:
        contacts = ContactService(workspace)
        contact_id = contacts.quick_add("王先生", "13800138000")
        sync.sync_once()  # the rule arrives
        contacts.add_activity(contact_id, ActivityKind.CALL, "客户想了解分期，首付多少")
        assert card_tags(workspace, contact_id) == ["关注金融"]  # offline, at once
        assert [m.kind for m in outbox.pending(workspace)] == [
            MutationKind.TAG_ADD,
            MutationKind.ACTIVITY_ADD,
        ]
        report = sync.sync_once()
        assert (report.pushed, report.rejected) == (2, 0)
        assert outbox.pending_count(workspace) == 0 and outbox.rejected(workspace) == []
        (server_add,) = live_adds(sessions, contact_id)
        assert card_tags(workspace, contact_id) == ["关注金融"]
        local = workspace.reader().execute("SELECT id FROM contact_tag").fetchall()
        assert [row[0] for row in local] == [server_add]
    finally:
        workspace.close()


def test_an_automatic_tag_removed_on_the_desk_stays_removed_after_notes_and_syncs(
    client: TestClient,
    manager: dict[str, str],
    team: dict[str, User],
    tmp_path: Path,
    sessions: sessionmaker[Session],
) -> None:
    add_rule(client, manager, ["贷款"], "关注金融")
    workspace, sync = desk(client, team["zhangwei"], tmp_path / "pc")
    other, other_sync = desk(client, team["zhangwei"], tmp_path / "laptop")
    try:
        contacts = ContactService(workspace)
        contact_id = contacts.quick_add("王先生", "13800138000")
        sync.sync_once()
        contacts.add_activity(contact_id, ActivityKind.NOTE, "问贷款")
        contacts.remove_tag(contact_id, "关注金融")
        contacts.add_activity(contact_id, ActivityKind.NOTE, "又问贷款")
        assert card_tags(workspace, contact_id) == []
        assert sync.sync_once().rejected == 0
        contacts.add_activity(contact_id, ActivityKind.NOTE, "还是贷款")
        assert sync.sync_once().rejected == 0
        assert card_tags(workspace, contact_id) == []
        assert live_adds(sessions, contact_id) == []
        # The consultant's other desk learned of the removal by pulling it.
        other_sync.sync_once()
        ContactService(other).add_activity(contact_id, ActivityKind.NOTE, "贷款利率")
        assert card_tags(other, contact_id) == []
        assert outbox.pending(other)[-1].kind is MutationKind.ACTIVITY_ADD
    finally:
        workspace.close()
        other.close()


def test_a_rebootstrap_keeps_the_live_rules_and_drops_one_deleted_meanwhile(
    client: TestClient,
    manager: dict[str, str],
    team: dict[str, User],
    tmp_path: Path,
    sessions: sessionmaker[Session],
    clock: FakeClock,
) -> None:
    kept = add_rule(client, manager, ["贷款"], "关注金融")
    gone = add_rule(client, manager, ["置换"], "置换客户")
    workspace, sync = desk(client, team["zhangwei"], tmp_path / "pc")
    try:
        sync.sync_once()
        with sessions() as session:
            keyword_rules.delete_rule_now(
                session, team["wangfang"], uuid.UUID(gone["id"]), clock=clock
            )
            # The desk was away longer than the log is kept: the delete is not pulled.
            mark = session.query(LogCounter.value).scalar()
            session.execute(sql_update(ServerState).values(min_retained_seq=mark))
            session.commit()
        assert sync.sync_once().rebuilt
        rows = workspace.reader().execute("SELECT id, tag FROM keyword_rule").fetchall()
        assert [tuple(r) for r in rows] == [(kept["id"], "关注金融")]
    finally:
        workspace.close()
