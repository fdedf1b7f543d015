"""Pushes that overlap: a mutation twice at once, and many edits of one field at once.

On PostgreSQL the pushes really overlap (a pause while holding the ledger row or the contact
keeps them in flight together); on SQLite writers take turns, and the same assertions hold.
"""

from __future__ import annotations

import itertools
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from consultant_app.sync.wire import Mutation, decode
from consultant_server.models import Activity, ChangeLog, Device, MutationOutcome, User
from consultant_server.services.changelog import change_transaction
from consultant_server.services.sync import Outcome, apply_mutation
from tests.consultant_server.support import FakeClock
from tests.consultant_server.sync_support import activity, create, update

THREADS = 6


@pytest.fixture
def device_id(sessions: sessionmaker[Session], team: dict[str, User]) -> uuid.UUID:
    ident = uuid.uuid4()
    with sessions() as session, change_transaction(session):
        session.add(Device(id=ident, user_id=team["zhangwei"].id, client_version="0.1.0"))
    return ident


@pytest.fixture
def slow_writes(engine: Engine) -> Iterator[None]:
    """Hold each mutation's transaction open a moment after it claims its ledger row."""

    def pause(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.startswith(("INSERT INTO applied_mutation", "UPDATE contact")):
            time.sleep(0.05)

    event.listen(engine, "after_cursor_execute", pause)
    yield
    event.remove(engine, "after_cursor_execute", pause)


def run_together(
    sessions: sessionmaker[Session],
    user_id: uuid.UUID,
    device_id: uuid.UUID,
    mutations: list[Mutation],
    clock: FakeClock,
) -> list[Outcome]:
    """Apply each mutation on its own thread and session, all starting at once."""
    barrier = threading.Barrier(len(mutations))
    outcomes: list[Outcome] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(mutation: Mutation) -> None:
        try:
            with sessions() as session:
                user = session.get(User, user_id)
                device = session.get(Device, device_id)
                assert user is not None and device is not None
                session.commit()
                barrier.wait(timeout=30)
                outcome = apply_mutation(session, user, device, mutation, clock=clock)
            with lock:
                outcomes.append(outcome)
        except BaseException as exc:
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=work, args=(m,)) for m in mutations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return outcomes


def apply_one(
    sessions: sessionmaker[Session], user: User, device_id: uuid.UUID, raw: dict[str, Any]
) -> Outcome:
    with sessions() as session:
        device = session.get(Device, device_id)
        assert device is not None
        return apply_mutation(session, session.merge(user), device, decode(raw))


def test_one_mutation_pushed_by_several_requests_at_once_is_applied_once(
    sessions: sessionmaker[Session],
    team: dict[str, User],
    device_id: uuid.UUID,
    clock: FakeClock,
    slow_writes: None,
) -> None:
    user = team["zhangwei"]
    created = create()
    cid = created["payload"]["contact_id"]
    assert apply_one(sessions, user, device_id, created).outcome is MutationOutcome.APPLIED
    same = decode(activity(cid, clock.now))
    outcomes = run_together(sessions, user.id, device_id, [same] * THREADS, clock)
    assert {(o.mutation_id, o.outcome, o.reason) for o in outcomes} == {
        (same.mutation_id, MutationOutcome.APPLIED, None)
    }
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Activity)) == 1
        logged = session.scalar(
            select(func.count()).select_from(ChangeLog).where(ChangeLog.entity == "activity")
        )
        assert logged == 1


def test_concurrent_edits_of_one_field_are_applied_one_after_another_without_a_lost_update(
    sessions: sessionmaker[Session],
    team: dict[str, User],
    device_id: uuid.UUID,
    clock: FakeClock,
    slow_writes: None,
) -> None:
    """Every edit saw "原备注". Applied in server order, each later one overwrites an earlier
    one it had not seen, so each but the first records exactly the value it replaced."""
    user = team["zhangwei"]
    created = create(remark="原备注")
    cid = created["payload"]["contact_id"]
    apply_one(sessions, user, device_id, created)
    edits = [decode(update(cid, remark=("原备注", f"第{n}版"))) for n in range(THREADS)]
    outcomes = run_together(sessions, user.id, device_id, edits, clock)
    assert {o.outcome for o in outcomes} == {MutationOutcome.APPLIED}
    with sessions() as session:
        rows = session.scalars(
            select(ChangeLog)
            .where(ChangeLog.entity.in_(["contact", "field_conflict"]))
            .order_by(ChangeLog.seq)
        ).all()
    values = [r.payload["remark"] for r in rows if r.entity == "contact"]
    conflicts = [
        (r.payload["lost_value"], r.payload["kept_value"])
        for r in rows
        if r.entity == "field_conflict"
    ]
    assert values[0] == "原备注"
    assert sorted(values[1:]) == sorted(f"第{n}版" for n in range(THREADS))
    assert conflicts == list(itertools.pairwise(values[1:]))
