"""GET /sync/pull and /sync/snapshot: scopes, pages on transaction boundaries, cursors, 410."""

from __future__ import annotations

import base64
import itertools
import json
import uuid
from typing import Any

import pytest
from sqlalchemy import or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from consultant_server.models import ChangeLog, LogCounter, ServerState, User
from consultant_server.services.changelog import change_transaction
from consultant_server.services.pull import MAX_LIMIT, Cursor, decode_cursor
from tests.consultant_server.support import FakeClock, TestClient, row_counts
from tests.consultant_server.sync_support import (
    Json,
    SyncDevice,
    activity,
    create,
    reminder,
)
from tests.consultant_server.sync_support import (
    update as edit,
)


@pytest.fixture
def devices(client: TestClient, team: dict[str, User]) -> dict[str, SyncDevice]:
    return {name: SyncDevice(client, name) for name in team}


def contact_ids(changes: list[Json]) -> set[str]:
    """Every contact a list of changes is about."""
    found = set()
    for change in changes:
        if change["entity"] == "contact":
            found.add(change["id"])
        elif "contact_id" in change["data"]:
            found.add(change["data"]["contact_id"])
    return found


@pytest.fixture
def two_books(devices: dict[str, SyncDevice], clock: FakeClock) -> tuple[str, str]:
    """张伟 and 李娜 each have a contact with history; returns their ids."""
    books = []
    for name in ("zhangwei", "lina"):
        created = create(tags=["高意向"], name="客户" + name[:2])
        cid = created["payload"]["contact_id"]
        devices[name].push_ok(
            created,
            activity(cid, clock.now),
            reminder(cid, clock.now),
            edit(cid, remark=("", "x"), models=(["迈腾"], ["途观L"])),
            edit(cid, remark=("y", "z")),  # a conflict: the base was not "x"
        )
        books.append(cid)
    return books[0], books[1]


def test_a_consultant_receives_only_their_own_contacts_and_the_showrooms_shared_rows(
    devices: dict[str, SyncDevice], two_books: tuple[str, str], team: dict[str, User]
) -> None:
    zhang_contact, lina_contact = two_books
    zhang = devices["zhangwei"].pull()
    lina = devices["lina"].pull()
    assert contact_ids(zhang) == {zhang_contact}
    assert contact_ids(lina) == {lina_contact}
    for changes in (zhang, lina):
        entities = {c["entity"] for c in changes}
        assert entities == {
            "consultant",
            "contact",
            "stage_change",
            "activity",
            "reminder",
            "tag",
            "contact_tag",
            "field_conflict",
            "channel",  # the showroom's built-in channels
            "channel_code",  # the consultant's own codes for them
        }
        colleagues = {c["data"]["username"] for c in changes if c["entity"] == "consultant"}
        assert colleagues == {"zhangwei", "lina", "wangfang"}  # not 二号展厅's 陈杰
        assert "showroom" not in entities  # server-internal: not a wire entity
    assert lina_contact not in json.dumps(zhang)
    assert zhang_contact not in json.dumps(lina)


def test_a_manager_receives_every_contact_of_their_showroom_and_no_other(
    devices: dict[str, SyncDevice], two_books: tuple[str, str], clock: FakeClock
) -> None:
    assert contact_ids(devices["wangfang"].pull()) == set(two_books)
    elsewhere = create()
    devices["chenjie"].push_ok(elsewhere)
    assert contact_ids(devices["chenjie"].pull()) == {elsewhere["payload"]["contact_id"]}
    assert devices["wangfang"].pull() == []
    assert contact_ids(devices["zhangwei"].pull()) == set(two_books[:1])


def test_pages_end_on_transaction_boundaries_and_cover_everything_once(
    devices: dict[str, SyncDevice], engine: Engine, team: dict[str, User]
) -> None:
    zhang = devices["zhangwei"]
    created = create(tags=["高意向", "试驾过", "首次到店"])  # 8 changes in one transaction
    zhang.push_ok(created, create(), create())
    me = team["zhangwei"]
    with engine.connect() as conn:
        everything = conn.execute(
            select(ChangeLog.seq, ChangeLog.txn_seq)
            .where(
                ChangeLog.entity != "showroom",
                ChangeLog.scope_showroom_id == me.showroom_id,
                or_(ChangeLog.scope_owner_id.is_(None), ChangeLog.scope_owner_id == me.id),
            )
            .order_by(ChangeLog.seq)
        ).all()
    txn_of = dict(everything)
    pages: list[list[int]] = []
    cursor = ""
    while True:
        page = zhang.pull_response(cursor, limit=3).json()
        pages.append([c["seq"] for c in page["changes"]])
        cursor = page["cursor"]
        if not page["more"]:
            break
    seen = [seq for page in pages for seq in page]
    assert seen == sorted(seen) and len(seen) == len(set(seen))
    assert 8 in {len(p) for p in pages}  # the big transaction came whole
    for earlier, later in itertools.pairwise(pages):
        if earlier and later:
            assert txn_of[earlier[-1]] != txn_of[later[0]]  # no transaction split
    assert len(seen) == len(everything)  # all of the showroom's and zhangwei's, once
    assert zhang.pull_response(cursor).json()["changes"] == []


def test_the_cursor_is_opaque_base64url_json_with_the_epoch(
    devices: dict[str, SyncDevice], engine: Engine
) -> None:
    page = devices["zhangwei"].pull_response("").json()
    text = page["cursor"]
    body = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    with engine.connect() as conn:
        epoch = conn.scalar(select(ServerState.epoch))
        mark = conn.scalar(select(LogCounter.value))
    assert body == {"v": 1, "epoch": str(epoch), "seq": mark}
    assert page["more"] is False
    assert page["min_client_version"] == "0.1.0"


def gone(response: Any) -> tuple[int, str, str]:
    body = response.json()
    return response.status_code, body["error"], body.get("reason", "")


def test_a_cursor_from_another_epoch_or_ahead_of_the_log_asks_for_a_rebootstrap(
    devices: dict[str, SyncDevice], engine: Engine
) -> None:
    zhang = devices["zhangwei"]
    zhang.pull()
    cursor = decode_cursor(zhang.cursor)
    before = row_counts(engine)
    other_epoch = Cursor(uuid.uuid4(), cursor.seq).encode()
    assert gone(zhang.pull_response(other_epoch)) == (410, "rebootstrap", "epoch")
    ahead = Cursor(cursor.epoch, cursor.seq + 1).encode()
    assert gone(zhang.pull_response(ahead)) == (410, "rebootstrap", "ahead")
    # A server restored from a backup: its log ends before what the client has seen.
    with engine.begin() as conn:
        conn.execute(update(LogCounter).values(value=cursor.seq - 1))
    assert gone(zhang.pull_response()) == (410, "rebootstrap", "ahead")
    assert row_counts(engine) == before


def test_a_cursor_below_the_retained_log_asks_for_a_rebootstrap(
    devices: dict[str, SyncDevice], engine: Engine
) -> None:
    zhang = devices["zhangwei"]
    with engine.begin() as conn:
        conn.execute(update(ServerState).values(min_retained_seq=2))
    response = zhang.pull_response("")
    assert gone(response) == (410, "rebootstrap", "pruned")
    assert "away longer than the server keeps" in response.json()["message"]
    with engine.connect() as conn:
        epoch = conn.scalar(select(ServerState.epoch))
    assert epoch is not None
    assert gone(zhang.pull_response(Cursor(epoch, 1).encode())) == (410, "rebootstrap", "pruned")
    assert zhang.pull_response(Cursor(epoch, 2).encode()).status_code == 200


@pytest.mark.parametrize(
    "cursor",
    [
        "%%%",
        base64.urlsafe_b64encode(b"[1, 2]").decode(),
        Cursor(uuid.uuid4(), 0, (0, None)).encode(),
    ],
    ids=["not-base64", "not-an-object", "snapshot-cursor"],
)
def test_a_cursor_the_server_never_gave_gets_400(
    devices: dict[str, SyncDevice], cursor: str
) -> None:
    response = devices["zhangwei"].pull_response(cursor)
    assert (response.status_code, response.json()["error"]) == (400, "invalid_cursor")


def test_a_cursor_of_another_format_version_asks_for_a_rebootstrap(
    devices: dict[str, SyncDevice],
) -> None:
    text = base64.urlsafe_b64encode(json.dumps({"v": 2, "epoch": "x", "seq": 0}).encode())
    assert gone(devices["zhangwei"].pull_response(text.decode())) == (
        410,
        "rebootstrap",
        "cursor_version",
    )


def test_pull_needs_a_token(client: TestClient) -> None:
    assert client.get("/sync/pull").status_code == 401
    assert client.get("/sync/snapshot").status_code == 401


# --- snapshot ---------------------------------------------------------------------------------


def snapshot_all(device: SyncDevice, limit: int) -> tuple[list[Json], str, int]:
    changes: list[Json] = []
    cursor, pages = "", 0
    while True:
        response = device.client.get(
            "/sync/snapshot", params={"cursor": cursor, "limit": limit}, headers=device.headers
        )
        assert response.status_code == 200, response.text
        page = response.json()
        changes.extend(page["changes"])
        cursor, pages = page["cursor"], pages + 1
        if not page["more"]:
            return changes, cursor, pages


@pytest.mark.parametrize("name", ["zhangwei", "wangfang"])
def test_a_snapshot_in_pages_gives_the_same_state_as_pulling_the_whole_log(
    devices: dict[str, SyncDevice], two_books: tuple[str, str], name: str
) -> None:
    device = devices[name]
    device.pull()
    pulled = device.state
    changes, cursor, pages = snapshot_all(device, limit=3)
    assert pages >= len(changes) // 3 >= 3
    assert {c["op"] for c in changes} == {"upsert"}
    fresh = SyncDevice.__new__(SyncDevice)
    fresh.state = {}
    fresh.apply(changes)
    assert fresh.state == pulled
    assert cursor == device.cursor  # the last page's cursor continues an ordinary pull


def test_a_snapshot_stays_in_scope_and_changes_made_meanwhile_arrive_by_pull(
    devices: dict[str, SyncDevice], two_books: tuple[str, str], clock: FakeClock
) -> None:
    lina = devices["lina"]
    first = lina.client.get("/sync/snapshot", params={"limit": 2}, headers=lina.headers).json()
    meanwhile = create(name="新客户")
    lina.push_ok(meanwhile)
    changes = list(first["changes"])
    cursor = first["cursor"]
    while True:
        page = lina.client.get(
            "/sync/snapshot", params={"cursor": cursor, "limit": 50}, headers=lina.headers
        ).json()
        changes.extend(page["changes"])
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert two_books[0] not in json.dumps(changes)
    lina.state = {}
    lina.apply(changes)
    lina.cursor = cursor
    later = lina.pull()
    assert meanwhile["payload"]["contact_id"] in contact_ids(later)
    held = {ident for entity, ident in lina.state if entity == "contact"}
    assert held == {two_books[1], meanwhile["payload"]["contact_id"]}


def test_a_revocation_reaches_only_the_consultant_it_names(
    devices: dict[str, SyncDevice],
    two_books: tuple[str, str],
    sessions: sessionmaker[Session],
    team: dict[str, User],
) -> None:
    """Reassignment (still to come) tells the old owner's client to drop a contact; the
    manager, who keeps seeing the contact, and the other consultants never get that."""
    for device in devices.values():
        device.pull()
    zhang = team["zhangwei"]
    with sessions() as session, change_transaction(session) as changes:
        changes.add(
            "contact",
            uuid.UUID(two_books[0]),
            "revoke",
            {"id": two_books[0]},
            scope_owner_id=zhang.id,
            scope_showroom_id=zhang.showroom_id,
        )
    assert [c["op"] for c in devices["zhangwei"].pull()] == ["revoke"]
    assert ("contact", two_books[0]) not in devices["zhangwei"].state
    for name in ("lina", "wangfang", "chenjie"):
        assert devices[name].pull() == []


def test_a_snapshot_cursor_from_another_epoch_asks_for_a_rebootstrap(
    devices: dict[str, SyncDevice],
) -> None:
    zhang = devices["zhangwei"]
    stale = Cursor(uuid.uuid4(), 1, (2, None)).encode()
    response = zhang.client.get("/sync/snapshot", params={"cursor": stale}, headers=zhang.headers)
    assert gone(response) == (410, "rebootstrap", "epoch")
    pull_cursor = zhang.pull_response("").json()["cursor"]
    response = zhang.client.get(
        "/sync/snapshot", params={"cursor": pull_cursor}, headers=zhang.headers
    )
    assert (response.status_code, response.json()["error"]) == (400, "invalid_cursor")


@pytest.mark.parametrize("limit", [0, MAX_LIMIT + 1, "many"])
def test_a_page_size_out_of_range_gets_422(devices: dict[str, SyncDevice], limit: object) -> None:
    response = devices["zhangwei"].pull_response("", limit=limit)
    assert (response.status_code, response.json()["error"]) == (422, "invalid_request")
    assert "query.limit" in response.json()["fields"]
