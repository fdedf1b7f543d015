"""The change log: commit-ordered numbering, and proof 1 of issue 3 at the storage layer.

Proof 1: many writers commit concurrently, with random pauses between their work and their
commit and while they hold the counter, and readers poll ``seq > cursor`` all the while.
No reader may ever miss a committed change; a control run with an ordinary sequence shows
that the same readers do notice when numbering does not follow commit order.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from consultant_app.sync.wire import decode_change
from consultant_server.core.security import Passwords
from consultant_server.models import AppliedMutation, ChangeLog, Device, LogCounter, Role, User
from consultant_server.services import accounts
from consultant_server.services.changelog import ChangeSet, change_transaction
from tests.consultant_server.conftest import MakeUser
from tests.consultant_server.support import FakeClock

SEED = 20250303
WRITERS = 8
TXNS_PER_WRITER = 25
SEQUENCE_START = 1_000_000


def log_rows(sessions: sessionmaker[Session]) -> list[ChangeLog]:
    with sessions() as session:
        return list(session.scalars(select(ChangeLog).order_by(ChangeLog.seq)))


def counter(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return session.scalars(select(LogCounter.value)).one()


@pytest.fixture
def showroom_user(make_user: MakeUser) -> User:
    return make_user("zhangwei")


def test_one_transaction_gets_consecutive_seqs_sharing_its_txn_seq(
    sessions: sessionmaker[Session], showroom_user: User, clock: FakeClock
) -> None:
    start = counter(sessions)
    ids = [uuid.uuid4() for _ in range(3)]
    with sessions() as session, change_transaction(session, clock=clock) as changes:
        for n, entity_id in enumerate(ids):
            changes.add(
                "probe",
                entity_id,
                "upsert",
                {"n": n, "name": "张伟"},
                scope_owner_id=showroom_user.id,
                scope_showroom_id=showroom_user.showroom_id,
            )
    assert changes.seqs == range(start + 1, start + 4)
    assert changes.committed_at == clock.now
    rows = [r for r in log_rows(sessions) if r.entity == "probe"]
    assert [(r.seq, r.txn_seq, r.entity_id, r.payload) for r in rows] == [
        (start + 1 + n, start + 1, ids[n], {"n": n, "name": "张伟"}) for n in range(3)
    ]
    assert {r.committed_at for r in rows} == {clock.now}
    assert {(r.scope_owner_id, r.scope_showroom_id) for r in rows} == {
        (showroom_user.id, showroom_user.showroom_id)
    }
    assert counter(sessions) == start + 3


def add_probe(changes: ChangeSet, showroom_id: uuid.UUID) -> None:
    changes.add(
        "probe", uuid.uuid4(), "upsert", {}, scope_owner_id=None, scope_showroom_id=showroom_id
    )


def test_a_failed_transaction_leaves_no_rows_and_no_gap(
    sessions: sessionmaker[Session], showroom_user: User
) -> None:
    start = counter(sessions)
    changes = ChangeSet()

    def fail_halfway() -> None:
        nonlocal changes
        with sessions() as session, change_transaction(session) as changes:
            session.add(Device(id=uuid.uuid4(), user_id=showroom_user.id, client_version="0.1.0"))
            add_probe(changes, showroom_user.showroom_id)
            raise RuntimeError("the command failed halfway")

    with pytest.raises(RuntimeError):
        fail_halfway()
    assert changes.pending and changes.seqs == range(0)
    with sessions() as session:
        assert session.scalars(select(Device)).all() == []
    with sessions() as session, change_transaction(session) as changes:
        add_probe(changes, showroom_user.showroom_id)
    assert changes.seqs == range(start + 1, start + 2)


def test_a_failure_while_writing_the_log_gives_the_numbers_back(
    sessions: sessionmaker[Session], showroom_user: User
) -> None:
    start = counter(sessions)

    def log_for_a_missing_showroom() -> None:
        with sessions() as session, change_transaction(session) as changes:
            add_probe(changes, uuid.uuid4())

    with pytest.raises(IntegrityError, match=r"(?i)foreign key"):
        log_for_a_missing_showroom()
    assert counter(sessions) == start
    assert all(r.entity != "probe" for r in log_rows(sessions))


def test_a_transaction_without_changes_takes_no_number(
    sessions: sessionmaker[Session], showroom_user: User
) -> None:
    start = counter(sessions)
    with sessions() as session, change_transaction(session) as changes:
        session.add(Device(id=uuid.uuid4(), user_id=showroom_user.id, client_version="0.1.0"))
    assert changes.seqs == range(0)
    assert counter(sessions) == start


def test_account_changes_are_logged_for_the_showroom_without_secrets(
    sessions: sessionmaker[Session], passwords: Passwords, clock: FakeClock
) -> None:
    with sessions() as session:
        user = accounts.create_user(
            session,
            username="zhangwei",
            display_name="张伟",
            role=Role.CONSULTANT,
            showroom_name="一号展厅",
            password="a-long-password",
            passwords=passwords,
            clock=clock,
        )
    with sessions() as session:
        accounts.deactivate_user(session, "zhangwei", clock=clock)
    with sessions() as session:
        accounts.deactivate_user(session, "zhangwei", clock=clock)  # already: nothing logged
    # The showroom's built-in channels and the consultant's codes come in the same
    # transaction (tests/consultant_server/test_channels.py covers them).
    rows = [r for r in log_rows(sessions) if r.entity in ("showroom", "consultant")]
    assert [(r.seq, r.txn_seq, r.entity, r.op) for r in rows] == [
        (1, 1, "showroom", "upsert"),
        (2, 1, "consultant", "upsert"),
        (15, 15, "consultant", "upsert"),
    ]
    assert rows[0].payload == {"id": str(user.showroom_id), "name": "一号展厅"}
    assert rows[1].payload == {
        "id": str(user.id),
        "username": "zhangwei",
        "display_name": "张伟",
        "showroom": "一号展厅",
        "title": "",
        "role": "consultant",
        "showroom_id": str(user.showroom_id),
        "is_active": True,
    }
    decode_change(
        {
            "seq": rows[1].seq,
            "entity": "consultant",
            "op": "upsert",
            "id": str(user.id),
            "data": rows[1].payload,
        }
    )  # what the client reads
    assert rows[2].payload["is_active"] is False
    assert {(r.scope_owner_id, r.scope_showroom_id) for r in rows} == {(None, user.showroom_id)}
    assert all("argon2" not in str(r.payload) and "password" not in r.payload for r in rows)


# --- proof 1 -------------------------------------------------------------------------------


@dataclass
class Workload:
    """What the writers committed and what each reader saw."""

    committed: dict[int, tuple[int, int, int]] = field(default_factory=dict)
    abandoned: set[tuple[int, int]] = field(default_factory=set)
    seen: list[list[int]] = field(default_factory=list)
    gaps: list[list[tuple[int, list[int]]]] = field(default_factory=list)
    polls: list[int] = field(default_factory=list)  # polls made before the writers finished
    errors: list[BaseException] = field(default_factory=list)
    max_in_flight: int = 0


class AbandonedError(Exception):
    """A writer giving up on its transaction (it must leave no trace)."""


Writer = Callable[[Session, int, int, random.Random], list[tuple[int, tuple[int, int, int]]]]


def write_through_change_transaction(
    session: Session,
    writer: int,
    txn: int,
    rng: random.Random,
    device_id: uuid.UUID,
    owner: User,
) -> list[tuple[int, tuple[int, int, int]]]:
    """One push-like transaction: a mutation applied, its changes logged, committed."""
    count = rng.randint(1, 3)
    with change_transaction(session) as changes:
        session.add(
            AppliedMutation(
                mutation_id=uuid.uuid4(), device_id=device_id, outcome="applied", result=None
            )
        )
        for n in range(count):
            changes.add(
                "probe",
                uuid.uuid4(),
                "upsert",
                {"writer": writer, "txn": txn, "n": n},
                scope_owner_id=owner.id,
                scope_showroom_id=owner.showroom_id,
            )
        session.flush()  # the work is done (and visible to no one yet)
        time.sleep(rng.uniform(0, 0.003))  # between appending and committing
        if rng.random() < 0.1:
            raise AbandonedError
    return [(seq, (writer, txn, n)) for n, seq in enumerate(changes.seqs)]


def run_workload(
    engine: Engine,
    sessions: sessionmaker[Session],
    write: Writer,
    *,
    start_cursor: int,
    writers: int = WRITERS,
    txns: int = TXNS_PER_WRITER,
    readers: int = 2,
) -> Workload:
    """Run `writers` threads of `txns` transactions each while `readers` threads poll the log.

    Every writer pauses a random moment right after the counter UPDATE too, so a transaction
    holds its numbers for a while before committing.
    """
    result = Workload(seen=[[] for _ in range(readers)], gaps=[[] for _ in range(readers)])
    result.polls = [0] * readers
    lock = threading.Lock()
    writers_done = threading.Event()
    local = threading.local()
    in_flight = 0

    def pause_holding_numbers(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        rng: random.Random | None = getattr(local, "rng", None)
        if rng is not None and statement.lstrip().upper().startswith("UPDATE LOG_COUNTER"):
            time.sleep(rng.uniform(0, 0.002))

    def writer_thread(writer: int) -> None:
        rng = random.Random(SEED * 100 + writer)
        local.rng = rng
        nonlocal in_flight
        try:
            for txn in range(txns):
                with lock:
                    in_flight += 1
                    result.max_in_flight = max(result.max_in_flight, in_flight)
                try:
                    with sessions() as session:
                        written = write(session, writer, txn, rng)
                except AbandonedError:
                    with lock:
                        result.abandoned.add((writer, txn))
                    continue
                finally:
                    with lock:
                        in_flight -= 1
                with lock:
                    for seq, origin in written:
                        assert seq not in result.committed
                        result.committed[seq] = origin
                time.sleep(rng.uniform(0, 0.002))
        except BaseException as exc:
            with lock:
                result.errors.append(exc)

    def reader_thread(reader: int) -> None:
        rng = random.Random(SEED * 1000 + reader)
        cursor = start_cursor
        try:
            while True:
                finished = writers_done.is_set()
                with sessions() as session:
                    page = list(
                        session.scalars(
                            select(ChangeLog.seq)
                            .where(ChangeLog.seq > cursor)
                            .order_by(ChangeLog.seq)
                            .limit(50)
                        )
                    )
                    session.commit()
                if not finished:
                    result.polls[reader] += 1
                if page != list(range(cursor + 1, cursor + 1 + len(page))):
                    # A hole below a visible number: something may still commit into it.
                    result.gaps[reader].append((cursor, page))
                result.seen[reader].extend(page)
                if page:
                    cursor = page[-1]
                elif finished:
                    return
                time.sleep(rng.uniform(0, 0.001))
        except BaseException as exc:
            with lock:
                result.errors.append(exc)

    event.listen(engine, "after_cursor_execute", pause_holding_numbers)
    try:
        reader_threads = [
            threading.Thread(target=reader_thread, args=(r,), name=f"reader-{r}")
            for r in range(readers)
        ]
        writer_threads = [
            threading.Thread(target=writer_thread, args=(w,), name=f"writer-{w}")
            for w in range(writers)
        ]
        for thread in reader_threads + writer_threads:
            thread.start()
        for thread in writer_threads:
            thread.join(timeout=120)
        writers_done.set()
        for thread in reader_threads:
            thread.join(timeout=120)
    finally:
        event.remove(engine, "after_cursor_execute", pause_holding_numbers)
    return result


@pytest.fixture
def probe_device(sessions: sessionmaker[Session], showroom_user: User) -> uuid.UUID:
    device_id = uuid.uuid4()
    with sessions() as session, change_transaction(session):
        session.add(Device(id=device_id, user_id=showroom_user.id, client_version="0.1.0"))
    return device_id


def test_readers_polling_past_their_cursor_never_miss_a_committed_change(
    engine: Engine,
    sessions: sessionmaker[Session],
    showroom_user: User,
    probe_device: uuid.UUID,
) -> None:
    """Proof 1 of issue 3: seq order is commit order, so `seq > cursor` never skips a change.

    On PostgreSQL the writers truly overlap; on SQLite its write lock makes them take turns
    (serial writers), and the same assertions hold.
    """
    first = counter(sessions) + 1

    def write(
        session: Session, writer: int, txn: int, rng: random.Random
    ) -> list[tuple[int, tuple[int, int, int]]]:
        return write_through_change_transaction(
            session, writer, txn, rng, probe_device, showroom_user
        )

    result = run_workload(engine, sessions, write, start_cursor=first - 1)
    assert result.errors == []
    everything = sorted(result.committed)
    # Gapless: abandoned transactions gave their numbers back.
    assert everything == list(range(first, first + len(everything)))
    assert len(result.abandoned) > 0
    assert len(everything) > WRITERS * TXNS_PER_WRITER
    stored = {
        r.seq: (r.payload["writer"], r.payload["txn"], r.payload["n"])
        for r in log_rows(sessions)
        if r.entity == "probe"
    }
    assert stored == result.committed
    assert not {(w, t) for (w, t, _n) in stored.values()} & result.abandoned
    with sessions() as session:
        applied = session.scalar(select(text("count(*)")).select_from(AppliedMutation))
    assert applied == WRITERS * TXNS_PER_WRITER - len(result.abandoned)
    if engine.dialect.name == "postgresql":
        assert result.max_in_flight > 1  # the writers really overlapped
    for reader in range(len(result.seen)):
        assert result.gaps[reader] == []  # never saw a number before a lower one committed
        assert result.seen[reader] == everything  # every change, once, in order: zero skips
        # It really polled while the writers ran (a count, not a rate: on a busy machine
        # SQLite's serial writers can finish within a handful of polls).
        assert result.polls[reader] >= 1


@pytest.fixture
def plain_sequence(engine: Engine) -> Callable[[Session], int]:
    """An ordinary database sequence: numbers handed out at once, in no commit order."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers, so an ordinary counter cannot go wrong there")
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SEQUENCE probe_seq START {SEQUENCE_START}"))

    def next_value(session: Session) -> int:
        return int(session.execute(text("SELECT nextval('probe_seq')")).scalar_one())

    return next_value


def test_the_readers_do_catch_skips_when_numbers_ignore_commit_order(
    engine: Engine,
    sessions: sessionmaker[Session],
    showroom_user: User,
    plain_sequence: Callable[[Session], int],
) -> None:
    """Control for proof 1: with a plain sequence the same harness sees changes skipped."""

    def write(
        session: Session, writer: int, txn: int, rng: random.Random
    ) -> list[tuple[int, tuple[int, int, int]]]:
        seq = plain_sequence(session)
        session.add(
            ChangeLog(
                seq=seq,
                txn_seq=seq,
                entity="probe",
                entity_id=uuid.uuid4(),
                op="upsert",
                scope_owner_id=None,
                scope_showroom_id=showroom_user.showroom_id,
                payload={"writer": writer, "txn": txn, "n": 0},
                committed_at=showroom_user.created_at,
            )
        )
        session.flush()
        time.sleep(rng.uniform(0, 0.003))
        session.commit()
        return [(seq, (writer, txn, 0))]

    result = run_workload(
        engine, sessions, write, start_cursor=SEQUENCE_START - 1, txns=10, readers=1
    )
    assert result.errors == []
    skipped = set(result.committed) - set(result.seen[0])
    assert result.gaps[0] or skipped
    assert skipped, "a reader that stored a cursor past an uncommitted number missed it"
