"""The change log: every committed change, numbered in commit order, for clients to pull.

Writers use `change_transaction`, the one place that numbers and commits log rows::

    with change_transaction(session) as log:
        user.display_name = "王芳"
        log.add("consultant", user.id, "upsert", payload, scope_owner_id=None,
                scope_showroom_id=user.showroom_id)
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from consultant_app.clock import utcnow
from consultant_server.models import ChangeLog, LogCounter

Clock = Callable[[], datetime]


class CommitCounter:
    """How many log-appending commits this process has made; `/sync/wait` sleeps on it
    (read without a lock: a stale read only delays a wake-up until the next re-check)."""

    def __init__(self) -> None:
        self.value = 0
        self._lock = threading.Lock()

    def bump(self) -> None:
        with self._lock:
            self.value += 1


#: Bumped after each commit that added changes (see `consultant_server.services.wake`).
COMMITS = CommitCounter()


@dataclass(frozen=True, slots=True)
class PendingChange:
    """A change added in a transaction that has not been numbered yet."""

    entity: str
    entity_id: uuid.UUID
    op: str
    payload: dict[str, Any]
    scope_owner_id: uuid.UUID | None
    scope_showroom_id: uuid.UUID


class ChangeSet:
    """The changes one transaction appends; numbered and written only just before commit.

    After a successful commit, `seqs` holds the numbers they got (empty when there were none).
    """

    def __init__(self) -> None:
        self.pending: list[PendingChange] = []
        self.seqs: range = range(0)
        self.committed_at: datetime | None = None

    def add(
        self,
        entity: str,
        entity_id: uuid.UUID,
        op: str,
        payload: dict[str, Any],
        *,
        scope_owner_id: uuid.UUID | None,
        scope_showroom_id: uuid.UUID,
    ) -> None:
        """Record one change; `payload` must be JSON-ready (ids as text, times as ISO text)."""
        self.pending.append(
            PendingChange(entity, entity_id, op, payload, scope_owner_id, scope_showroom_id)
        )


@contextmanager
def change_transaction(session: Session, *, clock: Clock = utcnow) -> Iterator[ChangeSet]:
    """One write transaction and the changes it appends to the log; commits on success.

    Everything pending in `session` is committed with it; on any error the whole transaction,
    log rows included, is rolled back and the error re-raised.

    Why numbering waits until just before commit (docs/sync-protocol.md, "The cursor never
    skips a committed change"): a client pulls `seq > cursor`, so a change must never become
    visible below a number a client may already have seen. With an ordinary sequence,
    transaction A could take 10, B take 11 and commit first; a client pulling then stores
    cursor 11 and never sees A's 10. Here the body's work is flushed first, then
    ``UPDATE log_counter SET value = value + n RETURNING value`` takes the numbers, the
    already-built log rows are inserted, and the transaction commits. Nothing else runs
    between taking the numbers and committing. The counter's row lock is held until commit,
    so the next writer's UPDATE waits until this transaction has committed (or rolled back,
    giving its numbers back) and then reads the new value (READ COMMITTED). Numbers therefore
    become visible strictly in order and without gaps, and once a reader has seen `seq = n`,
    nothing can still commit below `n`. The lock is held only for that last instant, not for
    the transaction's work, which is plenty for one dealership's write rate. (On SQLite,
    writers are serialised anyway.)
    """
    changes = ChangeSet()
    try:
        yield changes
        session.flush()
        if changes.pending:
            now = clock()
            changes.seqs = _number_and_write(session, changes.pending, now)
            changes.committed_at = now
        session.commit()
        if changes.seqs:
            COMMITS.bump()
    except BaseException:
        session.rollback()
        changes.seqs = range(0)
        changes.committed_at = None
        raise


def _number_and_write(session: Session, pending: list[PendingChange], now: datetime) -> range:
    """Take the next `len(pending)` numbers and insert the log rows; the last step before commit."""
    count = len(pending)
    last = session.execute(
        update(LogCounter)
        .where(LogCounter.id == 1)
        .values(value=LogCounter.value + count)
        .returning(LogCounter.value)
    ).scalar_one()
    first = last - count + 1
    session.execute(
        insert(ChangeLog),
        [
            {
                "seq": first + n,
                "txn_seq": first,
                "entity": change.entity,
                "entity_id": change.entity_id,
                "op": change.op,
                "scope_owner_id": change.scope_owner_id,
                "scope_showroom_id": change.scope_showroom_id,
                "payload": change.payload,
                "committed_at": now,
            }
            for n, change in enumerate(pending)
        ],
    )
    return range(first, last + 1)
