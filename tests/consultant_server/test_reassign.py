"""Reassignment (离职继承 and manual): the owner changes in one transaction, the old owner's
clients drop the contact, the new owner's receive it whole, and the old owner's late pushes
keep their notes and are otherwise refused "reassigned to …".

Issue 3's proof 6 runs end to end with real client workspaces and the real `SyncClient`.
"""

from __future__ import annotations

import io
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from consultant_app.domain.activity import ActivityKind
from consultant_app.domain.contact import ContactDraft
from consultant_app.domain.stages import Stage, TestDriveDetails, VisitDetails
from consultant_app.services.contacts import ContactService
from consultant_app.store import queries
from consultant_app.store.database import LocalProfile, open_workspace
from consultant_app.sync import outbox
from consultant_app.sync.engine import SyncClient
from consultant_app.sync.identity import ServerUser, adopt_identity
from consultant_app.sync.wire import MutationKind, decode
from consultant_server.cli import main as cli_main
from consultant_server.errors import ForbiddenError, InvalidInputError, NotFoundError
from consultant_server.models import (
    Activity,
    ChangeLog,
    Contact,
    ContactReassignment,
    Device,
    Role,
    User,
)
from consultant_server.services import accounts, reassign
from consultant_server.services.sync import apply_mutation
from tests.consultant_server.conftest import MakeUser
from tests.consultant_server.support import FakeClock, TestClient, bearer, login, row_counts
from tests.consultant_server.sync_support import (
    VISIT,
    SyncDevice,
    activity,
    add_tag,
    complete,
    create,
    move,
    outcomes_of,
    reminder,
    remove_tag,
    snooze,
    update,
)

APPLIED = ("applied", None)
TO_LINA = ("rejected", "reassigned to 李娜")
HISTORY = ("stage_change", "activity", "reminder", "contact_tag", "field_conflict")


class Desk:
    """One consultant's PC: a real workspace signed in as a server user, and its sync client."""

    def __init__(self, client: TestClient, folder: Path, user: User, clock: FakeClock) -> None:
        self.workspace = open_workspace(folder, LocalProfile(user.username, user.display_name))
        adopt_identity(self.workspace, ServerUser(str(user.id), user.username, user.display_name))
        device = uuid.uuid4()
        token = login(client, user.username, device_id=device)
        self.sync = SyncClient(self.workspace, client, token, str(device))
        self.service = ContactService(self.workspace, clock=clock)

    def cards(self) -> dict[str, queries.KanbanCard]:
        conn = self.workspace.reader()
        return {c.name: c for c in queries.load_cards(conn, self.workspace.consultant_id)}

    def timeline(self, contact_id: str) -> set[queries.TimelineEvent]:
        return set(queries.timeline(self.workspace.reader(), contact_id))

    def rows_about(self, contact_id: str) -> dict[str, int]:
        """How many local rows of each history table name the contact."""
        conn = self.workspace.reader()
        return {
            table: conn.execute(
                f"SELECT count(*) FROM {table} WHERE contact_id = ?", (contact_id,)
            ).fetchone()[0]
            for table in ("contact_model", *HISTORY)
        }


@pytest.fixture
def desks(
    client: TestClient, team: dict[str, User], tmp_path: Path, clock: FakeClock
) -> Iterator[tuple[Desk, Desk]]:
    zhang = Desk(client, tmp_path / "zhang-pc", team["zhangwei"], clock)
    lina = Desk(client, tmp_path / "lina-pc", team["lina"], clock)
    yield zhang, lina
    zhang.workspace.close()
    lina.workspace.close()


def reassign_api(client: TestClient, token: str, **body: Any) -> Any:
    return client.post("/contacts/reassign", json=body, headers=bearer(token))


# --- proof 6: real clients ------------------------------------------------------------------


def test_offline_work_on_a_reassigned_contact_keeps_the_note_and_rejects_the_rest(
    desks: tuple[Desk, Desk], client: TestClient, team: dict[str, User], clock: FakeClock
) -> None:
    """Proof 6: A queues a note, a move and an edit offline; a manager moves A's customers to
    B meanwhile; A's note survives (on B's PC, as A's), the rest comes back rejected, the
    contact leaves A's PC with its history and reaches B's complete."""
    zhang, lina = desks
    cid = zhang.service.add_contact(
        ContactDraft(name="王小明", mobile="13812345678", models=("迈腾",), tags=("高意向",))
    )
    other = zhang.service.quick_add("赵敏", "13600003333")
    clock.advance(minutes=1)
    zhang.service.move_stage([cid], Stage.VISIT, VisitDetails(clock.now, 2))
    clock.advance(minutes=1)
    zhang.service.add_activity(cid, ActivityKind.CALL, "约了周六试驾")
    done = zhang.service.add_reminder(cid, clock.now + timedelta(days=1), "确认到店")
    clock.advance(minutes=1)
    zhang.service.complete_reminder(done)
    zhang.service.add_reminder(cid, clock.now + timedelta(days=3), "报价")
    assert zhang.sync.sync_once().rejected == 0
    lina.sync.sync_once()
    assert lina.cards() == {}
    before = zhang.timeline(cid)

    # Both PCs are offline from here; A keeps working.
    clock.advance(hours=1)
    note_at = clock.now
    zhang.service.add_activity(cid, ActivityKind.NOTE, "客户说下周带家人来")
    clock.advance(minutes=1)
    zhang.service.move_stage([cid], Stage.TEST_DRIVE, TestDriveDetails("迈腾 380TSI", clock.now))
    zhang.service.update_contact(
        cid,
        ContactDraft(
            name="王小明", mobile="13812345678", models=("迈腾",), tags=("高意向",), remark="要白色"
        ),
    )

    clock.advance(minutes=5)
    manager = login(client, "wangfang")
    answer = reassign_api(client, manager, from_user="zhangwei", to_user="lina")
    assert (answer.status_code, answer.json()) == (200, {"moved": 2})

    report = zhang.sync.sync_once()
    assert (report.pushed, report.rejected) == (1, 2)  # the note is kept; move and edit not
    assert report.revoked == {cid, other}
    rejected = outbox.rejected(zhang.workspace)
    assert {(r.kind, r.contact_id) for r in rejected} == {
        (MutationKind.STAGE_MOVE, cid),
        (MutationKind.CONTACT_UPDATE, cid),
    }
    assert all("reassigned" in r.reason and "李娜" in r.reason for r in rejected)
    assert zhang.cards() == {}
    assert zhang.rows_about(cid) == dict.fromkeys(("contact_model", *HISTORY), 0)

    lina.sync.sync_once()
    cards = lina.cards()
    assert set(cards) == {"王小明", "赵敏"}
    card = cards["王小明"]
    assert (card.stage, card.models, [t.name for t in card.tags]) == (
        Stage.VISIT,  # A's move was refused
        ("迈腾",),
        ["高意向"],
    )
    detail = queries.contact_detail(lina.workspace.reader(), cid)
    assert detail.remark == ""  # A's edit was refused
    assert [r.note for r in detail.reminders] == ["报价"]
    assert lina.timeline(cid) == before | {
        queries.ActivityEvent(note_at, "张伟", "note", "客户说下周带家人来")
    }
    assert {type(e).__name__ for e in before} == {"StageEvent", "ActivityEvent", "ReminderEvent"}

    # B owns the customer now and carries on.
    lina.service.move_stage([cid], Stage.TEST_DRIVE, TestDriveDetails("迈腾", clock.now))
    assert lina.sync.sync_once().rejected == 0
    assert outbox.rejected(lina.workspace) == []


def test_the_new_owner_receives_the_contact_even_after_pulling_past_its_history(
    desks: tuple[Desk, Desk], sessions: sessionmaker[Session], clock: FakeClock
) -> None:
    zhang, lina = desks
    cid = zhang.service.add_contact(ContactDraft(name="王小明", mobile="13812345678"))
    zhang.service.add_activity(cid, ActivityKind.CALL, "聊了配置")
    zhang.sync.sync_once()
    lina.sync.sync_once()  # B's cursor is past the contact's whole history now
    with sessions() as session:
        reassign.reassign_by_name(session, None, "zhangwei", "lina", [uuid.UUID(cid)])
    lina.sync.sync_once()
    assert set(lina.cards()) == {"王小明"}
    assert lina.rows_about(cid)["activity"] == 1
    assert lina.rows_about(cid)["stage_change"] == 1


def test_a_contact_moved_away_and_back_between_two_syncs_stays_on_the_board(
    desks: tuple[Desk, Desk], sessions: sessionmaker[Session]
) -> None:
    zhang, _ = desks
    cid = zhang.service.add_contact(ContactDraft(name="王小明", mobile="13812345678"))
    zhang.service.add_activity(cid, ActivityKind.CALL, "聊了配置")
    zhang.sync.sync_once()
    with sessions() as session:
        reassign.reassign_by_name(session, None, "zhangwei", "lina")
    with sessions() as session:
        reassign.reassign_by_name(session, None, "lina", "zhangwei")
    report = zhang.sync.sync_once()
    assert (cid in report.contact_ids, report.revoked) == (True, frozenset())
    assert set(zhang.cards()) == {"王小明"}
    assert zhang.rows_about(cid)["activity"] == 1


# --- the change log ---------------------------------------------------------------------------


@pytest.fixture
def zhang(client: TestClient, team: dict[str, User]) -> SyncDevice:
    return SyncDevice(client, "zhangwei")


@pytest.fixture
def lina(client: TestClient, team: dict[str, User]) -> SyncDevice:
    return SyncDevice(client, "lina")


def full_history(zhang: SyncDevice, clock: FakeClock) -> tuple[str, str]:
    """A contact with every kind of history; returns its id and its open reminder's id."""
    created = create(tags=["高意向", "老客户"])
    cid = created["payload"]["contact_id"]
    old_tag = created["payload"]["tags"][1]["add_id"]
    remind = reminder(cid, clock.now + timedelta(days=2), "报价")
    done = reminder(cid, clock.now + timedelta(days=1), "确认到店")
    zhang.push_ok(
        created,
        move(cid, "lead", "visit", VISIT),
        activity(cid, clock.now),
        remind,
        done,
        complete(done["payload"]["reminder_id"], clock.now),
        remove_tag(cid, "老客户", [old_tag]),
        update(cid, remark=("", "要白色")),
        update(cid, remark=("", "要黑色")),  # had not seen 要白色: a field conflict
    )
    reminder_id: str = remind["payload"]["reminder_id"]
    return cid, reminder_id


def mark(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return session.scalar(select(func.coalesce(func.max(ChangeLog.seq), 0))) or 0


def log_after(sessions: sessionmaker[Session], seq: int) -> list[ChangeLog]:
    with sessions() as session:
        return list(session.scalars(select(ChangeLog).where(ChangeLog.seq > seq)))


def test_one_transaction_revokes_for_the_old_owner_and_snapshots_for_the_new(
    zhang: SyncDevice,
    team: dict[str, User],
    sessions: sessionmaker[Session],
    clock: FakeClock,
) -> None:
    cid, _ = full_history(zhang, clock)
    seq = mark(sessions)
    with sessions() as session:
        result = reassign.reassign_all(session, team["zhangwei"], team["lina"])
    assert result.contact_ids == (uuid.UUID(cid),)
    logged = log_after(sessions, seq)
    assert {row.txn_seq for row in logged} == {seq + 1}
    revoke, *snapshot = logged
    assert (revoke.entity, str(revoke.entity_id), revoke.op, revoke.scope_owner_id) == (
        "contact",
        cid,
        "revoke",
        team["zhangwei"].id,
    )
    assert {(row.op, row.scope_owner_id) for row in snapshot} == {("upsert", team["lina"].id)}
    assert Counter(row.entity for row in snapshot) == {
        "tag": 1,  # 高意向: the tag of its live add
        "contact": 1,
        "stage_change": 2,
        "activity": 1,
        "reminder": 2,
        "contact_tag": 1,  # the removed add of 老客户 is not sent
        "field_conflict": 1,
    }
    contact = next(row for row in snapshot if row.entity == "contact")
    assert contact.payload["owner_id"] == str(team["lina"].id)
    assert contact.payload["remark"] == "要黑色"
    with sessions() as session:
        (moved,) = session.scalars(select(ContactReassignment)).all()
        assert (moved.from_user_id, moved.to_user_id, moved.reassigned_by) == (
            team["zhangwei"].id,
            team["lina"].id,
            None,  # the command line
        )


def test_the_old_owner_pulls_only_the_revocation_and_the_new_owner_the_whole_contact(
    zhang: SyncDevice,
    lina: SyncDevice,
    client: TestClient,
    team: dict[str, User],
    sessions: sessionmaker[Session],
    clock: FakeClock,
    make_user: MakeUser,
) -> None:
    cid, _ = full_history(zhang, clock)
    manager = SyncDevice(client, "wangfang")
    make_user("zhaomin", display_name="赵敏")
    colleague = SyncDevice(client, "zhaomin")
    elsewhere = SyncDevice(client, "chenjie")
    for device in (zhang, lina, manager, colleague, elsewhere):
        device.pull()
    held = {e: [r for r in zhang.rows(e) if r["contact_id"] == cid] for e in HISTORY}

    with sessions() as session:
        reassign.reassign_all(session, team["zhangwei"], team["lina"])

    assert [(c["op"], c["id"]) for c in zhang.pull()] == [("revoke", cid)]
    received = lina.pull()
    assert lina.contact(cid)["owner_id"] == str(team["lina"].id)
    for entity, expected in held.items():
        assert sorted(lina.rows(entity), key=lambda r: r["id"]) == sorted(
            expected, key=lambda r: r["id"]
        ), entity
    assert lina.tag_names(cid) == {"高意向"}
    assert "revoke" not in {c["op"] for c in received}
    manager_sees = manager.pull()
    assert "revoke" not in {c["op"] for c in manager_sees}
    assert manager.contact(cid)["owner_id"] == str(team["lina"].id)
    assert colleague.pull() == []
    assert elsewhere.pull() == []


def test_late_pushes_of_the_former_owner_keep_activities_and_refuse_everything_else(
    zhang: SyncDevice,
    lina: SyncDevice,
    team: dict[str, User],
    sessions: sessionmaker[Session],
    clock: FakeClock,
) -> None:
    cid, reminder_id = full_history(zhang, clock)
    zhang.pull()
    with sessions() as session:
        reassign.reassign_by_name(session, None, "zhangwei", "lina")
    note = activity(cid, clock.now, kind="note", body="他想等降价")
    outcomes = zhang.push(
        note,
        reminder(cid, clock.now + timedelta(days=5), "再约"),
        complete(reminder_id, clock.now),
        snooze(cid, clock.now.date() + timedelta(days=3)),
        add_tag(cid, "置换"),
        remove_tag(cid, "高意向", []),
        update(cid, name=("张伟", "张伟伟")),
        move(cid, "visit", "first_contact"),
        create(cid),
    )
    assert outcomes_of(outcomes) == [APPLIED, *[TO_LINA] * 8]
    with sessions() as session:
        kept = session.get(Activity, uuid.UUID(note["payload"]["activity_id"]))
        assert kept is not None
        assert kept.created_by == team["zhangwei"].id
        contact = session.get(Contact, uuid.UUID(cid))
        assert contact is not None
        assert (contact.owner_id, contact.name, contact.stage) == (team["lina"].id, "张伟", "visit")
    lina.pull()
    (arrived,) = [r for r in lina.rows("activity") if r["body"] == "他想等降价"]
    assert arrived["created_by"] == str(team["zhangwei"].id)
    assert [c["op"] for c in zhang.pull()] == ["revoke"]  # the kept note went to B, not A


def test_someone_who_never_owned_the_contact_is_still_told_not_yours(
    zhang: SyncDevice,
    client: TestClient,
    team: dict[str, User],
    sessions: sessionmaker[Session],
    clock: FakeClock,
    make_user: MakeUser,
) -> None:
    cid, _ = full_history(zhang, clock)
    with sessions() as session:
        reassign.reassign_by_name(session, None, "zhangwei", "lina")
    make_user("zhaomin", display_name="赵敏")
    outcome = SyncDevice(client, "zhaomin").push(activity(cid, clock.now))
    assert outcome[0]["reason"] == f"not yours: contact {cid} belongs to another consultant"


def test_a_contact_moved_back_is_its_first_owners_again_whole(
    zhang: SyncDevice, sessions: sessionmaker[Session], clock: FakeClock
) -> None:
    cid, _ = full_history(zhang, clock)
    zhang.pull()
    with sessions() as session:
        reassign.reassign_by_name(session, None, "zhangwei", "lina")
    with sessions() as session:
        reassign.reassign_by_name(session, None, "lina", "zhangwei")
    changes = zhang.pull()
    assert changes[0]["op"] == "revoke"
    assert {c["entity"] for c in changes[1:]} >= {"contact", "stage_change", "activity"}
    zhang.push_ok(update(cid, remark=("要黑色", "要蓝色")), move(cid, "visit", "first_contact"))


def test_a_managers_own_contact_moves_without_a_revocation(
    client: TestClient,
    team: dict[str, User],
    sessions: sessionmaker[Session],
) -> None:
    manager = SyncDevice(client, "wangfang")
    created = create()
    cid = created["payload"]["contact_id"]
    manager.push_ok(created)
    manager.pull()
    seq = mark(sessions)
    with sessions() as session:
        reassign.reassign_by_name(session, team["wangfang"], "wangfang", "lina")
    assert "revoke" not in {row.op for row in log_after(sessions, seq)}
    manager.pull()
    assert manager.contact(cid)["owner_id"] == str(team["lina"].id)


def test_leaving_consultants_customers_all_go_to_a_colleague(
    zhang: SyncDevice,
    team: dict[str, User],
    sessions: sessionmaker[Session],
    clock: FakeClock,
) -> None:
    """离职继承: the consultant is deactivated first; every customer still moves."""
    first, second = create(), create(name="赵敏", mobile="+8613600003333")
    zhang.push_ok(first, second)
    with sessions() as session:
        accounts.deactivate_user(session, "zhangwei")
    with sessions() as session:
        result = reassign.reassign_all(session, team["zhangwei"], team["lina"], clock=clock)
    assert result.moved == 2
    with sessions() as session:
        owners = set(session.scalars(select(Contact.owner_id)))
    assert owners == {team["lina"].id}


# --- overlapping a push -----------------------------------------------------------------


@contextmanager
def pause_after(engine: Engine, matches: Callable[[str], bool]) -> Iterator[threading.Event]:
    """Hold a transaction open a moment after its first statement that `matches`; the event
    says it got there (on PostgreSQL with its row locks taken, on SQLite with the write lock)."""
    reached = threading.Event()

    def pause(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not reached.is_set() and matches(statement):
            reached.set()
            time.sleep(0.3)

    event.listen(engine, "after_cursor_execute", pause)
    try:
        yield reached
    finally:
        event.remove(engine, "after_cursor_execute", pause)


class InThread(threading.Thread):
    """Runs `work` on its own thread; `finish` joins it and re-raises what it raised."""

    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__()
        self.work = work
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            self.work()
        except BaseException as exc:
            self.error = exc

    def finish(self) -> None:
        self.join(10)
        assert not self.is_alive()
        if self.error is not None:
            raise self.error


def test_a_push_arriving_during_the_move_waits_and_is_answered_as_reassigned(
    zhang: SyncDevice,
    lina: SyncDevice,
    engine: Engine,
    sessions: sessionmaker[Session],
    clock: FakeClock,
) -> None:
    created = create()
    cid = created["payload"]["contact_id"]
    zhang.push_ok(created)

    def move_all() -> None:
        with sessions() as session:
            reassign.reassign_by_name(session, None, "zhangwei", "lina")

    locking = pause_after(
        engine, lambda sql: "FROM contact" in sql and "ORDER BY contact.id" in sql
    )
    with locking as locked:
        mover = InThread(move_all)
        assert locked.wait(10)
        outcomes = zhang.push(move(cid, "lead", "first_contact"), activity(cid, clock.now))
        mover.finish()
    assert outcomes_of(outcomes) == [TO_LINA, APPLIED]
    lina.pull()
    assert lina.contact(cid)["stage"] == "lead"
    assert len(lina.rows("activity")) == 1


def test_a_push_in_flight_during_the_move_is_in_the_new_owners_snapshot(
    zhang: SyncDevice,
    team: dict[str, User],
    engine: Engine,
    sessions: sessionmaker[Session],
    clock: FakeClock,
) -> None:
    created = create()
    cid = created["payload"]["contact_id"]
    zhang.push_ok(created)
    clock.advance(minutes=5)
    note = activity(cid, clock.now, kind="note", body="在路上")  # touches the contact
    seq = mark(sessions)

    def push_note() -> None:
        with sessions() as session:
            user, device = session.get(User, team["zhangwei"].id), session.get(Device, zhang.id)
            assert user is not None and device is not None
            apply_mutation(session, user, device, decode(note), clock=clock)

    with pause_after(engine, lambda sql: sql.startswith("INSERT INTO activity")) as inserted:
        pusher = InThread(push_note)
        assert inserted.wait(10)
        with sessions() as session:
            reassign.reassign_by_name(session, None, "zhangwei", "lina")
        pusher.finish()
    logged = log_after(sessions, seq)
    moved = next(row for row in logged if row.op == "revoke").txn_seq
    snapshot = [row for row in logged if row.txn_seq == moved]
    notes = [row for row in snapshot if row.entity == "activity"]
    assert [str(row.entity_id) for row in notes] == [note["payload"]["activity_id"]]
    assert notes[0].scope_owner_id == team["lina"].id
    (contact,) = [row for row in snapshot if row.entity == "contact" and row.op == "upsert"]
    assert contact.payload["last_touch_at"] == clock.now.isoformat()  # read after the push


# --- the API --------------------------------------------------------------------------------


@pytest.fixture
def owned(zhang: SyncDevice, lina: SyncDevice, client: TestClient) -> dict[str, str]:
    """A contact each of zhangwei, lina and chenjie (二号展厅) owns, by owner."""
    ids = {}
    for name, device in (("zhangwei", zhang), ("lina", lina), ("chenjie", None)):
        created = create()
        (device or SyncDevice(client, name)).push_ok(created)
        ids[name] = created["payload"]["contact_id"]
    return ids


def test_a_manager_moves_chosen_contacts_through_the_api(
    client: TestClient, owned: dict[str, str], sessions: sessionmaker[Session]
) -> None:
    answer = reassign_api(
        client,
        login(client, "wangfang"),
        from_user="ZhangWei",  # usernames are case-insensitive
        to_user="lina",
        contact_ids=[owned["zhangwei"]],
    )
    assert (answer.status_code, answer.json()) == (200, {"moved": 1})
    with sessions() as session:
        (moved,) = session.scalars(select(ContactReassignment)).all()
        manager = session.scalar(select(User).where(User.username == "wangfang"))
        assert manager is not None
        assert moved.reassigned_by == manager.id


def test_a_consultant_calling_the_api_is_refused_and_nothing_changes(
    client: TestClient, owned: dict[str, str], engine: Engine
) -> None:
    token = login(client, "lina")
    before = row_counts(engine)
    answer = reassign_api(client, token, from_user="zhangwei", to_user="lina")
    assert (answer.status_code, answer.json()["error"]) == (403, "forbidden")
    anonymous = client.post("/contacts/reassign", json={"from_user": "zhangwei", "to_user": "lina"})
    assert (anonymous.status_code, anonymous.json()["error"]) == (401, "not_authenticated")
    assert row_counts(engine) == before


#: Refused requests: (what differs from zhangwei → lina, status, a word of the message).
REFUSALS: dict[str, tuple[dict[str, Any], int, str]] = {
    "to another showroom": ({"to_user": "chenjie"}, 404, "chenjie"),
    "from another showroom": ({"from_user": "chenjie"}, 404, "chenjie"),
    "unknown user": ({"to_user": "nobody"}, 404, "nobody"),
    "their contact": ({"contact_ids": ["chenjie"]}, 404, "unknown contact"),
    "unknown contact": ({"contact_ids": ["random"]}, 404, "unknown contact"),
    "not theirs": ({"contact_ids": ["zhangwei", "lina"]}, 422, "is not zhangwei's"),
    "same user": ({"to_user": "zhangwei"}, 422, "the same user"),
}


def test_unknown_or_foreign_users_and_contacts_are_refused_and_nothing_moves(
    client: TestClient, owned: dict[str, str], engine: Engine
) -> None:
    token = login(client, "wangfang")
    before = row_counts(engine)
    for case, (body, status, mentions) in REFUSALS.items():
        request: dict[str, Any] = {"from_user": "zhangwei", "to_user": "lina", **body}
        if "contact_ids" in body:
            request["contact_ids"] = [
                owned.get(name, str(uuid.uuid4())) for name in body["contact_ids"]
            ]
        answer = reassign_api(client, token, **request)
        assert answer.status_code == status, (case, answer.text)
        assert mentions in answer.json()["message"], case
        assert row_counts(engine) == before, case


def test_reassigning_to_a_deactivated_user_is_refused(
    client: TestClient, owned: dict[str, str], engine: Engine, sessions: sessionmaker[Session]
) -> None:
    with sessions() as session:
        accounts.deactivate_user(session, "lina")
    token = login(client, "wangfang")
    before = row_counts(engine)
    answer = reassign_api(client, token, from_user="zhangwei", to_user="lina")
    assert answer.status_code == 422
    assert answer.json()["fields"] == {"to_user": "lina is deactivated"}
    assert row_counts(engine) == before


def test_a_manager_of_another_showroom_cannot_see_these_users(
    client: TestClient, owned: dict[str, str], make_user: MakeUser, engine: Engine
) -> None:
    make_user("zhouli", role=Role.MANAGER, showroom="二号展厅", display_name="周丽")
    token = login(client, "zhouli")
    before = row_counts(engine)
    answer = reassign_api(client, token, from_user="zhangwei", to_user="lina")
    assert (answer.status_code, answer.json()["error"]) == (404, "not_found")
    assert row_counts(engine) == before


# --- the command line ---------------------------------------------------------------------


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return cli_main(list(argv), stdin=io.StringIO(), stdout=out), out.getvalue()


def test_the_command_line_moves_every_customer_or_the_ones_named(
    zhang: SyncDevice,
    lina: SyncDevice,
    database_url: str,
    team: dict[str, User],
    sessions: sessionmaker[Session],
) -> None:
    first, second, third = create(), create(), create()
    zhang.push_ok(first, second, third)
    ids = [m["payload"]["contact_id"] for m in (first, second, third)]
    url = ("--database-url", database_url)
    assert run("reassign", "--from", "zhangwei", "--to", "lina", "--contact", ids[0], *url) == (
        0,
        "moved 1 contact(s) from zhangwei (张伟) to lina (李娜)\n",
    )
    assert run("reassign", "--from", "zhangwei", "--to", "lina", *url)[0] == 0
    with sessions() as session:
        assert set(session.scalars(select(Contact.owner_id))) == {team["lina"].id}
    assert [c["op"] for c in zhang.pull() if c["op"] == "revoke"] == ["revoke"] * 3
    lina.pull()
    assert {c["id"] for c in lina.rows("contact")} == set(ids)


def test_the_command_line_refuses_another_showroom_or_a_deactivated_user(
    zhang: SyncDevice,
    database_url: str,
    sessions: sessionmaker[Session],
    capsys: pytest.CaptureFixture[str],
) -> None:
    zhang.push_ok(create())
    url = ("--database-url", database_url)
    assert run("reassign", "--from", "zhangwei", "--to", "chenjie", *url)[0] == 1
    assert "another showroom" in capsys.readouterr().err
    with sessions() as session:
        accounts.deactivate_user(session, "lina")
    assert run("reassign", "--from", "zhangwei", "--to", "lina", *url)[0] == 1
    assert "deactivated" in capsys.readouterr().err
    assert run("reassign", "--from", "nobody", "--to", "lina", *url)[0] == 1
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(ContactReassignment)) == 0


def test_the_service_refuses_consultants_unknown_contacts_and_other_showrooms(
    zhang: SyncDevice, team: dict[str, User], sessions: sessionmaker[Session]
) -> None:
    zhang.push_ok(create())
    with sessions() as session, pytest.raises(ForbiddenError):
        reassign.reassign_all(session, team["zhangwei"], team["lina"], actor=team["lina"])
    with sessions() as session, pytest.raises(NotFoundError):
        reassign.reassign_contacts(session, None, team["zhangwei"], team["lina"], [uuid.uuid4()])
    with sessions() as session, pytest.raises(InvalidInputError):
        reassign.reassign_all(session, team["zhangwei"], team["chenjie"])
    with sessions() as session:
        assert set(session.scalars(select(Contact.owner_id))) == {team["zhangwei"].id}
