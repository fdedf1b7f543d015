"""POST /sync/push: each mutation applied once, in its own transaction, by the client's rules.

Issue 3's proofs 2 (a lost response), 3 (a poison mutation) and 10 (refused requests change
nothing) are here; proofs 7 and 8 (clocks, concurrent edits) are in test_sync_merge.py.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from consultant_app.domain.activity import ActivityKind
from consultant_app.domain.contact import ContactDraft
from consultant_app.domain.stages import Stage, VisitDetails
from consultant_app.services.contacts import ContactService
from consultant_app.store.database import LocalProfile, open_workspace
from consultant_app.sync import outbox
from consultant_app.sync.apply import apply_page
from consultant_app.sync.wire import MutationKind, decode_change
from consultant_server.api.deps import ServerContext
from consultant_server.models import AppliedMutation, ChangeLog, Contact, Device, Reminder, User
from tests.consultant_server.support import FakeClock, TestClient, row_counts
from tests.consultant_server.sync_support import (
    VISIT,
    Json,
    SyncDevice,
    activity,
    add_tag,
    complete,
    create,
    move,
    mutation,
    new_id,
    outcomes_of,
    reminder,
    remove_tag,
    snooze,
    update,
)

APPLIED = ("applied", None)


def contact_id_of(created: Json) -> str:
    contact_id: str = created["payload"]["contact_id"]
    return contact_id


def change_count(engine: Engine) -> int:
    return row_counts(engine)["change_log"]


def domain_counts(engine: Engine) -> dict[str, int]:
    """Rows of every table except the ledger, which records rejections too."""
    return {k: v for k, v in row_counts(engine).items() if k != "applied_mutation"}


@pytest.fixture
def zhang(client: TestClient, team: dict[str, User]) -> SyncDevice:
    return SyncDevice(client, "zhangwei")


@pytest.fixture
def lina(client: TestClient, team: dict[str, User]) -> SyncDevice:
    return SyncDevice(client, "lina")


def test_push_applies_each_mutation_and_pull_returns_the_resulting_rows(
    zhang: SyncDevice, clock: FakeClock, team: dict[str, User]
) -> None:
    created = create(tags=["高意向"], budget_min_yuan=150_000, budget_max_yuan=200_000)
    cid = contact_id_of(created)
    due = clock.now + timedelta(days=2)
    remind = reminder(cid, due)
    rid = remind["payload"]["reminder_id"]
    outcomes = zhang.push(
        created,
        move(cid, "lead", "visit", VISIT),
        activity(cid, clock.now - timedelta(hours=1), body="  到店看了迈腾  "),
        remind,
        complete(rid, clock.now),
        snooze(cid, clock.now.date() + timedelta(days=7)),
        update(cid, remark=("", "周六再来"), models=(["迈腾"], ["迈腾", "探岳", "迈腾"])),
    )
    assert outcomes_of(outcomes) == [APPLIED] * 7
    zhang.pull()
    contact = zhang.contact(cid)
    assert contact["owner_id"] == str(team["zhangwei"].id)
    assert (contact["stage"], contact["remark"], contact["models"]) == (
        "visit",
        "周六再来",
        ["迈腾", "探岳"],  # cleaned by the client's own rules: duplicates dropped
    )
    assert contact["snoozed_until"] == (clock.now.date() + timedelta(days=7)).isoformat()
    assert contact["mobile"] == "+8613812345678"
    assert zhang.tag_names(cid) == {"高意向"}
    moves = sorted(zhang.rows("stage_change"), key=lambda r: r["from_stage"] or "")
    assert [(m["from_stage"], m["to_stage"]) for m in moves] == [(None, "lead"), ("lead", "visit")]
    assert moves[1]["details"]["party_size"] == 2
    assert moves[1]["changed_by"] == str(team["zhangwei"].id)
    (note,) = zhang.rows("activity")
    assert note["body"] == "到店看了迈腾"
    (done,) = zhang.rows("reminder")
    assert (done["done"], done["due_at"]) == (True, due.isoformat())


def test_pushing_the_same_batch_again_applies_nothing_twice_and_answers_the_same(
    zhang: SyncDevice, engine: Engine, clock: FakeClock
) -> None:
    """Proof 2: the response to a push is lost after the server committed; the client resends."""
    created = create(tags=["试驾过"])
    cid = contact_id_of(created)
    batch = [
        created,
        activity(cid, clock.now),
        move(cid, "lead", "lead"),  # rejected: already there
        update(cid, name=("张伟", "张伟伟")),
    ]
    first = zhang.push(*batch)
    after_first = row_counts(engine)
    clock.advance(minutes=5)
    second = zhang.push(*batch)
    assert second == first
    assert [o["outcome"] for o in first] == ["applied", "applied", "rejected", "applied"]
    assert first[2]["reason"] == "already in stage lead"
    assert row_counts(engine) == after_first
    changes = zhang.pull()
    assert len([c for c in changes if c["entity"] == "activity"]) == 1


def test_a_poison_mutation_is_rejected_with_its_reason_and_does_not_block_the_rest(
    zhang: SyncDevice, clock: FakeClock
) -> None:
    """Proof 3: one bad mutation in the middle of a batch; the others apply, later ones too."""
    created = create()
    cid = contact_id_of(created)
    poison = update(cid, mobile=("+8613812345678", "12345"))
    outcomes = zhang.push(
        created, poison, activity(cid, clock.now), move(cid, "lead", "first_contact")
    )
    assert outcomes_of(outcomes) == [
        APPLIED,
        ("rejected", "invalid: mobile: invalid_mobile"),
        APPLIED,
        APPLIED,
    ]
    assert outcomes[1]["mutation_id"] == poison["mutation_id"]
    # The client keeps the rejected entry aside and pushes what came after it.
    later = zhang.push(activity(cid, clock.now, kind="note", body="改约周日"), poison)
    assert outcomes_of(later) == [APPLIED, ("rejected", "invalid: mobile: invalid_mobile")]
    zhang.pull()
    assert zhang.contact(cid)["mobile"] == "+8613812345678"
    assert zhang.contact(cid)["stage"] == "first_contact"


def test_a_mutation_on_a_record_whose_creation_was_rejected_says_it_depends_on_it(
    zhang: SyncDevice, clock: FakeClock
) -> None:
    bad = create(name="  ")
    cid = contact_id_of(bad)
    outcomes = zhang.push(bad, activity(cid, clock.now), reminder(cid, clock.now))
    depends = f"depends on rejected mutation {bad['mutation_id']}"
    assert outcomes_of(outcomes) == [
        ("rejected", "invalid: name: required"),
        ("rejected", depends),
        ("rejected", depends),
    ]
    assert outcomes_of(zhang.push(update(cid, remark=("", "x")))) == [("rejected", depends)]
    unknown = new_id()
    assert outcomes_of(zhang.push(snooze(unknown, None))) == [
        ("rejected", f"unknown contact {unknown}")
    ]
    bad_reminder = reminder(new_id(), clock.now)  # on an unknown contact
    rid = bad_reminder["payload"]["reminder_id"]
    outcomes = zhang.push(bad_reminder, complete(rid, clock.now))
    assert outcomes[1]["reason"] == f"depends on rejected mutation {bad_reminder['mutation_id']}"


def test_malformed_mutations_are_rejected_alone_with_what_is_wrong(
    zhang: SyncDevice, clock: FakeClock, engine: Engine
) -> None:
    created = create()
    cid = contact_id_of(created)
    lacking = mutation(MutationKind.CONTACT_UPDATE, {"contact_id": cid})
    outcomes = zhang.push(
        created,
        {"mutation_id": new_id(), "kind": "contact.explode", "payload": {}},
        {"mutation_id": "not-a-uuid", "kind": "contact.update", "payload": {}},
        "a string",
        lacking,
        {"mutation_id": new_id(), "kind": ["unhashable"], "payload": None},
        activity(cid, clock.now),
    )
    assert outcomes_of(outcomes) == [
        APPLIED,
        ("rejected", "unknown mutation kind 'contact.explode'"),
        ("rejected", "mutation_id must be a UUID"),
        ("rejected", "a mutation is a JSON object"),
        ("rejected", "contact.update payload lacks changes"),
        ("rejected", "unknown mutation kind ['unhashable']"),
        APPLIED,
    ]
    assert [o["mutation_id"] for o in outcomes[2:4]] == ["not-a-uuid", None]
    # Recorded when the id is a UUID: a replay gets the same answer.
    assert zhang.push(lacking) == [outcomes[4]]
    with engine.connect() as conn:
        recorded = conn.scalar(
            select(AppliedMutation.kind).where(
                AppliedMutation.mutation_id == uuid.UUID(lacking["mutation_id"])
            )
        )
    assert recorded == "contact.update"


def bad_values(cid: str, rid: str, now: Any) -> list[tuple[Json, str]]:
    """Mutations the client's own domain rules refuse, with the reason the server gives."""
    return [
        (move(cid, "lead", "visit"), "invalid: details: required"),
        (move(cid, "lead", "first_contact", VISIT), "invalid: details: not_expected"),
        (
            move(cid, "lead", "visit", {**VISIT, "party_size": 99}),
            "invalid: party_size: out_of_range (low=1, high=30)",
        ),
        (move(cid, "lead", "heaven"), "invalid: to_stage: unknown stage 'heaven'"),
        (move(cid, "lead", "lead"), "already in stage lead"),
        (activity(cid, now, kind="note", body="  "), "invalid: body: required"),
        (activity(cid, now, kind="telepathy"), "invalid: kind: unknown kind 'telepathy'"),
        (reminder(cid, now, note="很" * 501), "invalid: note: too_long (limit=500)"),
        (update(cid, shoe_size=(None, 42)), "invalid: changes: unknown contact field 'shoe_size'"),
        (update(cid, gender=("unknown", "robot")), "invalid: gender: unknown value 'robot'"),
        (
            update(cid, budget_min_yuan=(None, 300_000), budget_max_yuan=(None, 100_000)),
            "invalid: budget_max_yuan: budget_order",
        ),
        (update(cid, birthday=(None, "1890-01-01")), "invalid: birthday: implausible_birthday"),
        (update(cid, name=("张伟", 7)), "invalid: name: expected text"),
        (add_tag(cid, "很长" * 11), "invalid: tags: too_long (limit=20)"),
        (complete(rid, now.replace(tzinfo=None)), "invalid: done_at: the time needs a UTC offset"),
        (
            snooze(cid, None) | {"payload": {"contact_id": "x", "until": None}},
            "invalid: contact_id: expected a UUID",
        ),
    ]


def test_the_clients_domain_rules_refuse_bad_values_with_a_reason(
    zhang: SyncDevice, clock: FakeClock, engine: Engine
) -> None:
    created = create()
    cid = contact_id_of(created)
    remind = reminder(cid, clock.now)
    zhang.push_ok(created, remind)
    before = domain_counts(engine)
    cases = bad_values(cid, remind["payload"]["reminder_id"], clock.now)
    outcomes = zhang.push(*(m for m, _ in cases))
    assert outcomes_of(outcomes) == [("rejected", reason) for _, reason in cases]
    assert domain_counts(engine) == before


def test_an_undo_moves_back_without_details_but_a_plain_move_needs_them(
    zhang: SyncDevice,
) -> None:
    created = create()
    cid = contact_id_of(created)
    zhang.push_ok(created, move(cid, "lead", "visit", VISIT), move(cid, "visit", "lead", undo=True))
    assert outcomes_of(zhang.push(move(cid, "lead", "visit", undo=True))) == [APPLIED]
    zhang.pull()
    assert zhang.contact(cid)["stage"] == "visit"
    undos = [r for r in zhang.rows("stage_change") if r["is_undo"]]
    assert len(undos) == 2


def test_creating_a_contact_again_from_its_device_is_a_replay_and_from_another_is_refused(
    zhang: SyncDevice, client: TestClient, engine: Engine
) -> None:
    created = create()
    zhang.push_ok(created)
    before = row_counts(engine)["change_log"]
    again = {**created, "mutation_id": new_id()}
    assert outcomes_of(zhang.push(again)) == [APPLIED]
    second_device = SyncDevice(client, "zhangwei")
    other = {**created, "mutation_id": new_id()}
    cid = contact_id_of(created)
    assert outcomes_of(second_device.push(other)) == [("rejected", f"contact {cid} already exists")]
    assert row_counts(engine)["change_log"] == before


def test_a_reminder_is_done_once_and_never_undone(
    zhang: SyncDevice, clock: FakeClock, sessions: sessionmaker[Session]
) -> None:
    created = create()
    cid = contact_id_of(created)
    remind = reminder(cid, clock.now + timedelta(days=1))
    rid = remind["payload"]["reminder_id"]
    first_done = clock.now
    zhang.push_ok(created, remind, complete(rid, first_done))
    zhang.pull()
    clock.advance(hours=1)
    zhang.push_ok(complete(rid, clock.now))  # from another device, say: no change
    assert [c for c in zhang.pull() if c["entity"] == "reminder"] == []
    with sessions() as session:
        stored = session.get(Reminder, uuid.UUID(rid))
        assert stored is not None
        assert (stored.done, stored.done_at) == (True, first_done)


# --- transient failures ---------------------------------------------------------------------


@pytest.fixture
def failing_ledger(client: TestClient) -> Iterator[dict[str, int]]:
    """Make the n-th ledger insert fail as a dropped database connection would."""
    context: ServerContext = client.app.state.context  # type: ignore[attr-defined]
    plan = {"fail_at": 0, "seen": 0}

    def drop_connection(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.startswith("INSERT INTO applied_mutation"):
            plan["seen"] += 1
            if plan["seen"] == plan["fail_at"]:
                raise OperationalError(statement, {}, Exception("server closed the connection"))

    event.listen(context.engine, "before_cursor_execute", drop_connection)
    yield plan
    event.remove(context.engine, "before_cursor_execute", drop_connection)


def test_a_transient_failure_stops_the_batch_and_the_rest_is_pushed_later(
    zhang: SyncDevice, clock: FakeClock, engine: Engine, failing_ledger: dict[str, int]
) -> None:
    created = create()
    cid = contact_id_of(created)
    batch = [created, activity(cid, clock.now), move(cid, "lead", "first_contact")]
    failing_ledger["fail_at"] = 2
    outcomes = zhang.push(*batch)
    assert outcomes_of(outcomes) == [APPLIED]  # the second was not reached; nor the third
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(AppliedMutation)) == 1
    counts = domain_counts(engine)
    assert counts["activity"] == 0
    assert counts["stage_change"] == 1
    assert outcomes_of(zhang.push(*batch)) == [APPLIED] * 3
    zhang.pull()
    assert zhang.contact(cid)["stage"] == "first_contact"
    assert len(zhang.rows("activity")) == 1


def test_a_push_that_reaches_no_mutation_answers_503(
    zhang: SyncDevice, engine: Engine, failing_ledger: dict[str, int]
) -> None:
    failing_ledger["fail_at"] = 1
    response = zhang.push_response(create())
    assert response.status_code == 503
    assert response.json()["error"] == "database_unavailable"
    assert row_counts(engine)["contact"] == 0


# --- refused requests (proof 10) ---------------------------------------------------------------


def test_an_old_client_gets_426_on_push_and_pull_and_nothing_changes(
    client: TestClient, team: dict[str, User], engine: Engine
) -> None:
    old = SyncDevice(client, "zhangwei", client_version="0.0.9")
    before = row_counts(engine)
    response = old.push_response(create())
    assert response.status_code == 426
    assert response.json() == {
        "error": "client_too_old",
        "message": "this client (0.0.9) is older than the oldest version the server syncs with"
        " (0.1.0); update Showroom Desk. Your changes stay on this computer until then.",
        "min_client_version": "0.1.0",
    }
    assert old.pull_response().status_code == 426  # the version it signed in with
    assert old.pull_response(client_version="0.1.0").status_code == 200
    assert (
        old.client.get(
            "/sync/snapshot", params={"client_version": "0.0.1"}, headers=old.headers
        ).status_code
        == 426
    )
    assert row_counts(engine) == before


@pytest.mark.parametrize(
    "case",
    ["malformed_json", "oversized", "too_many", "no_token", "other_device", "bad_version"],
)
def test_refused_pushes_change_nothing(zhang: SyncDevice, engine: Engine, case: str) -> None:
    before = row_counts(engine)
    headers = {**zhang.headers, "Content-Type": "application/json"}
    body: dict[str, Any] = {
        "device_id": str(zhang.id),
        "client_version": "0.1.0",
        "mutations": [create()],
    }
    expected = {
        "malformed_json": (400, "malformed_json"),
        "oversized": (413, "content_too_large"),
        "too_many": (422, "invalid_request"),
        "no_token": (401, "not_authenticated"),
        "other_device": (403, "device_mismatch"),
        "bad_version": (422, "invalid_request"),
    }[case]
    content = json.dumps(body)
    if case == "malformed_json":
        content = content[:-5]
    elif case == "oversized":
        body["mutations"] = [create(remark="很" * 200_000)]
        content = json.dumps(body)
    elif case == "too_many":
        body["mutations"] = [create() for _ in range(501)]
        content = json.dumps(body)
    elif case == "no_token":
        del headers["Authorization"]
    elif case == "other_device":
        content = json.dumps({**body, "device_id": str(uuid.uuid4())})
    elif case == "bad_version":
        content = json.dumps({**body, "client_version": "latest"})
    response = zhang.client.post("/sync/push", content=content, headers=headers)
    assert (response.status_code, response.json()["error"]) == expected
    assert row_counts(engine) == before


def test_another_consultants_contact_is_not_yours_and_nothing_of_it_changes(
    zhang: SyncDevice, lina: SyncDevice, clock: FakeClock, engine: Engine
) -> None:
    created = create(tags=["高意向"])
    cid = contact_id_of(created)
    link = created["payload"]["tags"][0]["add_id"]
    remind = reminder(cid, clock.now)
    zhang.push_ok(created, remind)
    before = domain_counts(engine)
    attempts = [
        update(cid, remark=("", "抢单")),
        move(cid, "lead", "first_contact"),
        activity(cid, clock.now),
        reminder(cid, clock.now),
        complete(remind["payload"]["reminder_id"], clock.now),
        add_tag(cid, "我的"),
        remove_tag(cid, "高意向", [link]),
        snooze(cid, None),
        {**created, "mutation_id": new_id()},
    ]
    outcomes = lina.push(*attempts)
    assert outcomes_of(outcomes) == [
        ("rejected", f"not yours: contact {cid} belongs to another consultant")
    ] * len(attempts)
    assert domain_counts(engine) == before
    with engine.connect() as conn:
        ledger = conn.execute(select(AppliedMutation.outcome)).scalars().all()
    assert sorted(ledger) == ["applied"] * 2 + ["rejected"] * len(attempts)
    lina.pull()
    assert not [key for key in lina.state if cid in key or cid in json.dumps(lina.state[key])]


def test_a_manager_may_change_contacts_of_their_showroom_only(
    zhang: SyncDevice, client: TestClient, team: dict[str, User], clock: FakeClock
) -> None:
    created = create()
    cid = contact_id_of(created)
    zhang.push_ok(created)
    manager = SyncDevice(client, "wangfang")
    manager.push_ok(update(cid, remark=("", "经理跟进")), activity(cid, clock.now))
    elsewhere = SyncDevice(client, "chenjie")
    assert elsewhere.push(update(cid, remark=("经理跟进", "x")))[0]["reason"].startswith(
        "not yours"
    )
    zhang.pull()
    assert zhang.contact(cid)["remark"] == "经理跟进"  # still the owner's, for the owner
    (note,) = zhang.rows("activity")
    assert note["created_by"] == str(team["wangfang"].id)
    assert note["occurred_at"] == clock.now.isoformat()


# --- the real client ---------------------------------------------------------------------------


def test_a_real_client_outbox_is_accepted_and_its_changes_apply_on_another_client(
    zhang: SyncDevice, tmp_path: Path, clock: FakeClock, team: dict[str, User]
) -> None:
    """The client's own commands make the mutations; the client's own code applies the pull."""
    # Local profiles named apart from the server's users: a workspace does not yet take on
    # the server's user id at sign-in, and its local consultant row would clash by username.
    maker = open_workspace(tmp_path / "maker", LocalProfile("local-maker", "张伟"))
    reader = open_workspace(tmp_path / "reader", LocalProfile("local-reader", "张伟"))
    try:
        service = ContactService(maker, clock=clock)
        cid = service.add_contact(
            ContactDraft(name="王小明", mobile="138 1234 5678", models=("迈腾",), tags=("高意向",))
        )
        service.move_stage([cid], Stage.VISIT, VisitDetails(clock.now, 3))
        service.add_activity(cid, ActivityKind.CALL, "约了周六")
        rid = service.add_reminder(cid, clock.now + timedelta(days=1), "周六前确认")
        service.complete_reminder(rid)
        service.update_contact(
            cid, ContactDraft(name="王小明", mobile="13812345678", remark="想要白色", tags=())
        )
        service.add_tags([cid], ["试驾过"])
        service.snooze([cid], None)
        pending = outbox.pending(maker)
        assert len(pending) >= 9
        outcomes = zhang.push(*(m.to_json() for m in pending))
        assert outcomes_of(outcomes) == [APPLIED] * len(pending)
        changes = zhang.pull()
        apply_page(reader, [decode_change(c) for c in changes], zhang.cursor)
        conn = reader.reader()
        row = conn.execute(
            "SELECT name, mobile, remark, stage, owner_id FROM contact WHERE id = ?", (cid,)
        ).fetchone()
        assert tuple(row) == (
            "王小明",
            "+8613812345678",
            "想要白色",
            "visit",
            str(team["zhangwei"].id),
        )
        tags = conn.execute(
            "SELECT t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id WHERE contact_id = ?",
            (cid,),
        ).fetchall()
        assert [t[0] for t in tags] == ["试驾过"]  # 高意向 was removed by the edit
        assert conn.execute("SELECT done FROM reminder WHERE id = ?", (rid,)).fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM stage_change").fetchone()[0] == 2
    finally:
        maker.close()
        reader.close()


def test_every_change_of_a_push_lands_in_one_transaction_per_mutation(
    zhang: SyncDevice, sessions: sessionmaker[Session], clock: FakeClock
) -> None:
    created = create(tags=["高意向", "试驾过"])
    cid = contact_id_of(created)
    zhang.push_ok(created, activity(cid, clock.now))
    with sessions() as session:
        rows = session.scalars(
            select(ChangeLog)
            .where(ChangeLog.entity.not_in(["showroom", "channel", "channel_code"]))
            .order_by(ChangeLog.seq)
        ).all()
        contact = session.get(Contact, uuid.UUID(cid))
    pushed = [r for r in rows if r.entity != "consultant"]
    txns: dict[int, list[str]] = {}
    for r in pushed:
        txns.setdefault(r.txn_seq, []).append(r.entity)
    assert list(txns.values()) == [
        ["contact", "stage_change", "tag", "contact_tag", "tag", "contact_tag"],
        ["activity", "contact"],
    ]
    assert contact is not None
    assert {r.scope_owner_id for r in pushed if r.entity != "tag"} == {contact.owner_id}
    assert {r.scope_owner_id for r in pushed if r.entity == "tag"} == {None}


def test_the_answer_uses_the_id_as_sent_and_the_device_remembers_its_outbox_position(
    zhang: SyncDevice, sessions: sessionmaker[Session]
) -> None:
    created = create()
    shouted = {**created, "mutation_id": created["mutation_id"].upper(), "client_seq": 41}
    assert zhang.push(shouted) == [
        {"mutation_id": shouted["mutation_id"], "outcome": "applied", "reason": None}
    ]
    # The same id in its usual spelling is the same mutation: a replay.
    assert outcomes_of(zhang.push({**created, "client_seq": 41})) == [APPLIED]
    zhang.push_ok({**create(), "client_seq": 42})
    with sessions() as session:
        device = session.get(Device, zhang.id)
        assert device is not None
        assert (device.last_applied_client_seq, device.client_version) == (42, "0.1.0")
