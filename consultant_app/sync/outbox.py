"""The client's outbox: what to push next, and what the server said about each mutation.

A mutation the server refused for good stays here, marked rejected with the reason, until the
consultant has read it; its local effect is taken back when it is recorded (`record`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from consultant_app.clock import from_db, new_id
from consultant_app.store.database import Workspace
from consultant_app.store.schema import OutboxEntry
from consultant_app.sync.apply import PageResult, Refused, take_back
from consultant_app.sync.wire import JSONValue, Mutation, MutationKind, PushOutcome, dumps

#: At most this many mutations go in one push (the server accepts 500).
PUSH_BATCH = 200
#: At most about this many bytes of payload go in one push: a server takes 1 MiB bodies
#: unless configured otherwise, and a few long scripts or notes written offline exceed that
#: long before `PUSH_BATCH` (a 20,000-character script is 60 kB). One mutation always goes.
PUSH_BYTES = 512 * 1024
#: What a mutation adds to a push beyond its payload (its id, kind and the JSON around them).
_MUTATION_OVERHEAD = 128


#: The server's answer for one mutation (with, for a refusal, the server's rows to go back to).
Outcome = PushOutcome


@dataclass(frozen=True, slots=True)
class Rejected:
    """A mutation the server refused for good, kept so the consultant can read why."""

    mutation_id: str
    kind: MutationKind
    contact_id: str
    reason: str
    created_at: datetime
    #: The customer's name as the mutation gave it (a new customer's), or a personal
    #: script's title (a new or edited one's), for when the row is no longer here (taken
    #: back, or reassigned away): '' when it gave none.
    contact_name: str = ""
    #: The material a library mutation names ('' for any other kind).
    material_id: str = ""


def enqueue(
    session: Session,
    kind: MutationKind,
    payload: dict[str, JSONValue],
    created_at: datetime,
    *,
    state: str = "pending",
) -> None:
    """Queue a mutation for the server in the caller's transaction (the command's own), so
    the local change and its mutation commit together or not at all."""
    session.add(
        OutboxEntry(
            mutation_id=new_id(),
            kind=kind.value,
            payload_json=dumps(payload),
            created_at=created_at,
            state=state,
            reason="",
            attempts=0,
        )
    )


def pending(
    workspace: Workspace, limit: int = PUSH_BATCH, max_bytes: int | None = None
) -> list[Mutation]:
    """The oldest pending mutations, in the order they were made: at most `limit`, and when
    `max_bytes` is given, no more than fit in about that many bytes (at least one)."""
    rows = workspace.reader().execute(
        "SELECT mutation_id, kind, payload_json FROM outbox WHERE state = 'pending'"
        " ORDER BY seq LIMIT ?",
        (limit,),
    )
    found: list[Mutation] = []
    size = 0
    for mutation_id, kind, payload_json in rows:
        size += len(payload_json.encode()) + _MUTATION_OVERHEAD
        if max_bytes is not None and found and size > max_bytes:
            break
        found.append(Mutation(mutation_id, MutationKind(kind), json.loads(payload_json)))
    return found


def pending_count(workspace: Workspace) -> int:
    row = workspace.reader().execute("SELECT count(*) FROM outbox WHERE state = 'pending'")
    return int(row.fetchone()[0])


def record(workspace: Workspace, outcomes: Iterable[Outcome]) -> PageResult:
    """Drop applied mutations and keep rejected ones with their reason, and take back what the
    rejected ones did locally (`apply.take_back`), all in one transaction.

    Returns the contacts the taking back changed or removed. A refusal without the server's
    rows (an older server) is only marked: there is nothing to set its rows back to.
    """
    from sqlalchemy import delete, update

    from consultant_app.store.schema import OutboxEntry

    with workspace.transaction() as session:
        refused: list[Refused] = []
        for outcome in outcomes:
            if outcome.applied:
                session.execute(
                    delete(OutboxEntry).where(OutboxEntry.mutation_id == outcome.mutation_id)
                )
                continue
            entry = session.execute(
                update(OutboxEntry)
                .where(OutboxEntry.mutation_id == outcome.mutation_id)
                .values(state="rejected", reason=outcome.reason, attempts=OutboxEntry.attempts + 1)
                .returning(OutboxEntry.kind, OutboxEntry.payload_json)
            ).first()
            if entry is not None and outcome.current is not None:
                kind, payload = MutationKind(entry[0]), json.loads(entry[1])
                refused.append(Refused(kind, payload, outcome.current))
        if not refused:
            return PageResult(frozenset(), frozenset(), 0)
        return take_back(session, refused)


def rejected(workspace: Workspace) -> list[Rejected]:
    """Refused mutations, newest first."""
    rows = workspace.reader().execute(
        "SELECT mutation_id, kind, payload_json, reason, created_at FROM outbox"
        " WHERE state = 'rejected' ORDER BY seq DESC"
    )
    out = []
    for r in rows:
        kind, payload = MutationKind(r[1]), json.loads(r[2])
        created = from_db(r[4])
        assert created is not None
        fields = payload.get("fields")
        name = fields.get(_NAME_FIELDS.get(kind, "name")) if isinstance(fields, dict) else None
        material = payload.get("material_id") if kind in _LIBRARY_KINDS else None
        out.append(
            Rejected(
                r[0],
                kind,
                str(payload.get("contact_id", "")),
                r[3],
                created,
                name if isinstance(name, str) else "",
                material if isinstance(material, str) else "",
            )
        )
    return out


#: The library's kinds, and the field of theirs that names what they made (a script's title).
_LIBRARY_KINDS = frozenset(
    {
        MutationKind.MATERIAL_CREATE,
        MutationKind.MATERIAL_UPDATE,
        MutationKind.MATERIAL_DELETE,
        MutationKind.MATERIAL_USE,
    }
)
_NAME_FIELDS = {kind: "title" for kind in _LIBRARY_KINDS}


def dismiss(workspace: Workspace, mutation_ids: Iterable[str]) -> None:
    """Forget refused mutations the consultant has read (pending ones are never touched)."""
    from sqlalchemy import delete

    from consultant_app.store.schema import OutboxEntry

    ids = list(mutation_ids)
    with workspace.transaction() as session:
        session.execute(
            delete(OutboxEntry).where(
                OutboxEntry.mutation_id.in_(ids), OutboxEntry.state == "rejected"
            )
        )
