"""Pull: the changes a user may see after their cursor, and the full snapshot for re-bootstrap.

docs/sync-protocol.md ("Pull", "Scopes", "Re-bootstrap") is the design. The cursor is opaque
to clients: base64url of ``{"v": 1, "epoch": …, "seq": …}``. A page ends on a transaction
boundary, so a client never holds half of one transaction's changes, and the cursor it gets
covers exactly what it was given (or, on the last page, everything up to the newest change,
including the changes it may not see, so it does not scan them again).
"""

from __future__ import annotations

import base64
import binascii
import heapq
import json
import uuid
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Text,
    and_,
    bindparam,
    cast,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BooleanClauseList

from consultant_app.sync.wire import ChangeOp, Entity
from consultant_server.errors import InvalidCursorError, RebootstrapError
from consultant_server.models import (
    Activity,
    ChangeLog,
    Channel,
    ChannelCode,
    Contact,
    ContactTag,
    FieldConflict,
    KeywordRule,
    LogCounter,
    Material,
    MaterialCategory,
    Reminder,
    Role,
    ServerState,
    StageChange,
    Tag,
    User,
)
from consultant_server.services import materials, rows

CURSOR_VERSION = 1
DEFAULT_LIMIT = 500
#: The largest page a client may ask for (it was 1000; clients fall back to that when an older
#: server refuses more). A first sync goes fastest in large pages (docs/benchmarks.md).
MAX_LIMIT = 5000


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where a client is: everything up to `seq` of the log of `epoch`.

    A snapshot cursor also says how far the snapshot got: the index of the entity in
    `SNAPSHOT_ORDER` and the last id served of it. `rules`: the client holding it has the
    showroom's keyword rules (it reads them, and was given all the live ones); a cursor
    without it (older, or from a client that did not read them) gets them all once.
    """

    epoch: uuid.UUID
    seq: int
    snapshot: tuple[int, str | None] | None = None
    rules: bool = False

    def encode(self) -> str:
        body: dict[str, Any] = {"v": CURSOR_VERSION, "epoch": str(self.epoch), "seq": self.seq}
        if self.snapshot is not None:
            body["snapshot"] = list(self.snapshot)
        if self.rules:
            body["rules"] = True
        text = json.dumps(body, separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(text: str) -> Cursor:
    """The cursor a client sent back; InvalidCursorError when it is not one of ours.

    A cursor of another format version cannot be continued: RebootstrapError.
    """
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        body = json.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise InvalidCursorError("not base64url JSON") from exc
    if not isinstance(body, dict):
        raise InvalidCursorError("not a JSON object")
    if body.get("v") != CURSOR_VERSION:
        raise RebootstrapError(
            "cursor_version", "the cursor is from another version of the server; start over"
        )
    seq, snapshot, rules = body.get("seq"), body.get("snapshot"), body.get("rules") is True
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise InvalidCursorError("seq is not a count")
    try:
        epoch = uuid.UUID(str(body.get("epoch")))
    except ValueError as exc:
        raise InvalidCursorError("epoch is not a UUID") from exc
    if snapshot is None:
        return Cursor(epoch, seq, rules=rules)
    if (
        not isinstance(snapshot, list)
        or len(snapshot) != 2
        or not isinstance(snapshot[0], int)
        or not 0 <= snapshot[0] <= len(SNAPSHOT_ORDER)
        or not (snapshot[1] is None or isinstance(snapshot[1], str))
    ):
        raise InvalidCursorError("snapshot position is damaged")
    after = snapshot[1]
    if after is not None:
        try:
            uuid.UUID(after)
        except ValueError as exc:
            raise InvalidCursorError("snapshot position is damaged") from exc
    return Cursor(epoch, seq, (snapshot[0], after), rules)


@dataclass(frozen=True, slots=True)
class Page:
    """One answer of pull or snapshot: changes in order, the next cursor, and whether more wait.

    Each change is JSON text already, in the form of `consultant_app.sync.wire.Change`: a
    pulled change's `data` is the log row's stored JSON as it is, never parsed and written
    again (that cost more than the query).
    """

    changes: list[str]
    cursor: str
    more: bool

    def to_json(self, min_client_version: str) -> bytes:
        """The page as the body of a `PullResponse`."""
        tail = {"cursor": self.cursor, "more": self.more, "min_client_version": min_client_version}
        return f'{{"changes":[{",".join(self.changes)}],{json.dumps(tail)[1:]}'.encode()


def log_position(session: Session) -> tuple[ServerState, int]:
    """The server state and the newest `seq` committed (the log's high-water mark).

    Every number up to the mark belongs to a committed transaction (numbers are taken in
    commit order), so rows up to it are all visible to any query that runs afterwards.
    """
    state = session.scalars(select(ServerState).where(ServerState.id == 1)).one()
    mark = session.scalars(select(LogCounter.value).where(LogCounter.id == 1)).one()
    return state, mark


def check_cursor(cursor: Cursor, state: ServerState, mark: int) -> None:
    """Raise RebootstrapError (410) when `cursor` cannot be continued on this log."""
    if cursor.epoch != state.epoch:
        raise RebootstrapError(
            "epoch",
            "the server's history was replaced (another server, or restored from a backup);"
            " push what is pending, then download everything again",
        )
    if cursor.seq > mark:
        raise RebootstrapError(
            "ahead",
            "the cursor is past the server's newest change (the server was restored from a"
            " backup); push what is pending, then download everything again",
        )
    if cursor.seq < state.min_retained_seq:
        raise RebootstrapError(
            "pruned",
            "this computer was away longer than the server keeps its history; push what is"
            " pending, then download everything again",
        )


def visible_to(user: User) -> ColumnElement[bool]:
    """The change-log rows `user` may pull (scopes come from the token's user only).

    A consultant: what is scoped to them, and what is shared by their whole showroom
    (``scope_owner_id`` NULL). A manager: everything of their showroom, except revocations
    meant for one consultant's client (a manager keeps seeing a reassigned contact) and
    consultants' personal scripts (materials scoped to one consultant: private to them).
    """
    if user.role == Role.MANAGER:
        return and_(
            ChangeLog.scope_showroom_id == user.showroom_id,
            or_(ChangeLog.op != ChangeOp.REVOKE.value, ChangeLog.scope_owner_id == user.id),
            or_(
                ChangeLog.entity != Entity.MATERIAL.value,
                ChangeLog.scope_owner_id.is_(None),
                ChangeLog.scope_owner_id == user.id,
            ),
        )
    return or_(
        ChangeLog.scope_owner_id == user.id,
        and_(
            ChangeLog.scope_owner_id.is_(None),
            ChangeLog.scope_showroom_id == user.showroom_id,
        ),
    )


def change_text(seq: int, entity: str, entity_id: object, op: str, data: str) -> str:
    """A log row as a wire change (`consultant_app.sync.wire.Change`), as JSON text.

    `data` is the row's payload as JSON text; `entity_id` a UUID, or its 32 hex digits as
    SQLite stores it. Entities and ops are names of the wire's enums, written as they are
    (read as plain text and spelled out here, 70,000 rows take a fraction of the time that
    parsing UUIDs and encoding a dict per row took).
    """
    ident = str(entity_id)
    if len(ident) == 32:
        ident = f"{ident[:8]}-{ident[8:12]}-{ident[12:16]}-{ident[16:20]}-{ident[20:]}"
    if entity not in _NAMES or op not in _NAMES:
        raise ValueError(f"not a change this server writes: {entity!r} {op!r}")
    return f'{{"seq":{int(seq)},"entity":"{entity}","id":"{ident}","op":"{op}","data":{data}}}'


#: The entity and op names a change may carry (none needs escaping in JSON).
_NAMES = frozenset({*(e.value for e in Entity), *(o.value for o in ChangeOp)})


#: The columns a pull reads: the payload as the JSON text it is stored as.
_PULLED = (
    ChangeLog.seq,
    ChangeLog.txn_seq,
    ChangeLog.entity,
    type_coerce(ChangeLog.entity_id, Text),  # as the driver gives it: see `change_text`
    ChangeLog.op,
    cast(ChangeLog.payload, Text),
)


def _branches(user: User) -> list[ColumnElement[bool]]:
    """`visible_to(user)` split at its top-level OR: each part is one index range scan in
    `seq` order (the OR of a consultant's own changes and the showroom's shared ones made
    SQLite read and sort everything after the cursor for every page)."""
    condition = visible_to(user)
    if isinstance(condition, BooleanClauseList) and condition.operator is operators.or_:
        return list(condition.clauses)
    return [condition]


def _visible_part(
    session: Session,
    branch: ColumnElement[bool],
    after: int,
    mark: int,
    limit: int,
    served: Sequence[str],
) -> Sequence[Any]:
    """The first `limit` changes in (`after`, `mark`] that `branch` selects, in `seq` order.

    Only the page's rows have their payload turned into text: without the table's statistics
    (just after a restore or a bulk load) PostgreSQL may sort every row after the cursor,
    and converting all their payloads first made that three times slower.
    """
    page = (
        select(
            ChangeLog.seq,
            ChangeLog.txn_seq,
            ChangeLog.entity,
            ChangeLog.entity_id,
            ChangeLog.op,
            ChangeLog.payload,
        )
        .where(
            ChangeLog.seq > bindparam("after", after, literal_execute=True),
            ChangeLog.seq <= bindparam("mark", mark, literal_execute=True),
            ChangeLog.entity.in_(served),
            branch,
        )
        .order_by(ChangeLog.seq)
        .limit(bindparam("page", limit, literal_execute=True))
        .subquery()
    )
    return session.execute(
        select(
            page.c.seq,
            page.c.txn_seq,
            page.c.entity,
            type_coerce(page.c.entity_id, Text),  # as the driver gives it: see `change_text`
            page.c.op,
            cast(page.c.payload, Text),
        ).order_by(page.c.seq)
    ).all()


def _visible_after(
    session: Session, user: User, after: int, mark: int, limit: int, served: Sequence[str]
) -> Sequence[Any]:
    """The first `limit` changes in (`after`, `mark`] that `user` may see, in `seq` order.

    The bounds are written into the SQL, not bound: PostgreSQL then plans each page for the
    range it reads, never with a generic plan for all ranges (which psycopg's prepared
    statements would allow after a few pages).
    """
    parts = [
        _visible_part(session, branch, after, mark, limit, served) for branch in _branches(user)
    ]
    if len(parts) == 1:
        return parts[0]
    merged: list[Any] = []
    for row in heapq.merge(*parts, key=lambda r: int(r[0])):
        if not merged or merged[-1][0] != row[0]:  # parts that overlap give a row twice
            merged.append(row)
    return merged[:limit]


def pull(
    session: Session,
    user: User,
    cursor_text: str,
    limit: int = DEFAULT_LIMIT,
    reads: Collection[str] = (),
) -> Page:
    """The next page of changes after the cursor ('' = from the start) that `user` may see.

    Server-internal entities (those `wire.Entity` does not name, such as ``showroom``) are
    not served, nor opt-in ones (`rows.OPT_IN_ENTITIES`) the client does not name in
    `reads`. A transaction's changes are never split across pages: a page stops before a
    transaction that does not fit, and one transaction larger than `limit` comes whole.

    A client that reads keyword rules and whose cursor does not say it has them gets every
    live rule of the showroom first, as upserts (the rules from before it read them, or
    before the log recorded them); its cursors say so from then on.
    """
    state, mark = log_position(session)
    served = rows.served_entities(reads)
    with_rules = Entity.KEYWORD_RULE.value in served
    cursor = decode_cursor(cursor_text) if cursor_text else Cursor(state.epoch, 0)
    if cursor.snapshot is not None:
        raise InvalidCursorError("a snapshot cursor continues only /sync/snapshot")
    check_cursor(cursor, state, mark)
    rules = _live_rules(session, user, cursor.seq) if with_rules and not cursor.rules else []
    if cursor.seq == mark:  # nothing was written since: the usual answer to an idle desk
        return Page(rules, Cursor(state.epoch, mark, rules=with_rules).encode(), False)
    found = _visible_after(session, user, cursor.seq, mark, limit + 1, served)
    if len(found) <= limit:
        # Everything up to the mark is served; the invisible rest need not be scanned again.
        end = Cursor(state.epoch, mark, rules=with_rules)
        return Page([*rules, *_texts(found)], end.encode(), False)
    boundary = found[limit].txn_seq
    page: Sequence[Any] = [r for r in found[:limit] if r.txn_seq != boundary]
    if not page:
        visible = and_(ChangeLog.entity.in_(served), visible_to(user))
        page = session.execute(
            select(*_PULLED)
            .where(
                ChangeLog.txn_seq == boundary,
                ChangeLog.seq >= boundary,  # a transaction's rows start at its txn_seq
                ChangeLog.seq <= mark,
                visible,
            )
            .order_by(ChangeLog.seq)
        ).all()
    end = Cursor(state.epoch, page[-1].seq, rules=with_rules)
    return Page([*rules, *_texts(page)], end.encode(), True)


def _live_rules(session: Session, user: User, seq: int) -> list[str]:
    """The showroom's live keyword rules as upserts numbered `seq` (at least 1), so that they
    sort before the page's own changes, which may change or delete them after."""
    found = session.scalars(_rules_of(user).order_by(KeywordRule.id)).all()
    return [
        json.dumps(
            {
                "seq": max(seq, 1),
                "entity": Entity.KEYWORD_RULE.value,
                "id": str(rule.id),
                "op": ChangeOp.UPSERT.value,
                "data": rows.keyword_rule_data(rule),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for rule in found
    ]


def _texts(found: Sequence[Any]) -> list[str]:
    return [change_text(r[0], r[2], r[3], r[4], r[5]) for r in found]


# --- snapshot -----------------------------------------------------------------------------

SnapshotQuery = Callable[[User], Select[Any]]


def _contacts_of(user: User) -> ColumnElement[bool]:
    if user.role == Role.MANAGER:
        return Contact.showroom_id == user.showroom_id
    return Contact.owner_id == user.id


def _history(model: Any) -> SnapshotQuery:
    def query(user: User) -> Select[Any]:
        return select(model).join(Contact, Contact.id == model.contact_id).where(_contacts_of(user))

    return query


def _channels_of(user: User) -> Select[Any]:
    """The showroom's channels and the user's own (a manager: all of the showroom's)."""
    query = select(Channel).where(Channel.showroom_id == user.showroom_id)
    if user.role == Role.MANAGER:
        return query
    return query.where(or_(Channel.owner_id.is_(None), Channel.owner_id == user.id))


def _codes_of(user: User) -> Select[Any]:
    """The user's codes and the showroom's duty codes (a manager: all of the showroom's)."""
    query = select(ChannelCode).where(ChannelCode.showroom_id == user.showroom_id)
    if user.role == Role.MANAGER:
        return query
    return query.where(or_(ChannelCode.owner_id == user.id, ChannelCode.owner_id.is_(None)))


def _rules_of(user: User) -> Select[Any]:
    """The showroom's live keyword rules (everyone of the showroom applies them)."""
    return select(KeywordRule).where(
        KeywordRule.showroom_id == user.showroom_id, KeywordRule.deleted_at.is_(None)
    )


#: What a snapshot serves, in an order a client can apply page by page: people and tags
#: before the contacts naming them, contacts before their history.
SNAPSHOT_ORDER: tuple[tuple[Entity, Any, SnapshotQuery, Callable[[Any], dict[str, Any]]], ...] = (
    (
        Entity.CONSULTANT,
        User,
        lambda user: select(User).where(User.showroom_id == user.showroom_id),
        rows.consultant_data,
    ),
    (
        Entity.TAG,
        Tag,
        lambda user: select(Tag).where(Tag.showroom_id == user.showroom_id),
        rows.tag_data,
    ),
    (
        Entity.CONTACT,
        Contact,
        lambda user: select(Contact).where(_contacts_of(user)),
        rows.contact_data,
    ),
    (Entity.STAGE_CHANGE, StageChange, _history(StageChange), rows.stage_change_data),
    (Entity.ACTIVITY, Activity, _history(Activity), rows.activity_data),
    (Entity.REMINDER, Reminder, _history(Reminder), rows.reminder_data),
    (
        Entity.CONTACT_TAG,
        ContactTag,
        lambda user: _history(ContactTag)(user).where(ContactTag.removed_at.is_(None)),
        rows.contact_tag_data,
    ),
    (Entity.FIELD_CONFLICT, FieldConflict, _history(FieldConflict), rows.field_conflict_data),
    # Appended, never inserted: a snapshot cursor holds an index into this tuple.
    (Entity.CHANNEL, Channel, _channels_of, rows.channel_data),
    (Entity.CHANNEL_CODE, ChannelCode, _codes_of, rows.channel_code_data),
    (
        Entity.MATERIAL_CATEGORY,
        MaterialCategory,
        materials.snapshot_categories,
        rows.material_category_data,
    ),
    (Entity.MATERIAL, Material, materials.snapshot_materials, rows.material_data),
    (Entity.KEYWORD_RULE, KeywordRule, _rules_of, rows.keyword_rule_data),
)


def snapshot(
    session: Session,
    user: User,
    cursor_text: str,
    limit: int = DEFAULT_LIMIT,
    reads: Collection[str] = (),
) -> Page:
    """One page of the full current state `user` may see, for a client that re-bootstraps
    (opt-in entities only when the client names them in `reads`, as for `pull`).

    The first call ('' cursor) fixes the snapshot's `seq` at the log's high-water mark; every
    row comes as an upsert carrying that `seq`. A row may already show a change made after
    that mark while the pages were fetched; the client pulls from the mark afterwards, and
    since every change is a whole row, it ends with the newest state either way. The last
    page's cursor is an ordinary pull cursor at the mark.
    """
    state, mark = log_position(session)
    served = rows.served_entities(reads)
    if cursor_text:
        cursor = decode_cursor(cursor_text)
        if cursor.snapshot is None:
            raise InvalidCursorError("a pull cursor does not continue a snapshot")
    else:
        cursor = Cursor(state.epoch, mark, (0, None))
    check_cursor(cursor, state, mark)
    assert cursor.snapshot is not None
    index, after = cursor.snapshot
    changes: list[dict[str, Any]] = []
    while index < len(SNAPSHOT_ORDER) and len(changes) < limit:
        entity, model, query, data = SNAPSHOT_ORDER[index]
        if entity.value not in served:
            index, after = index + 1, None
            continue
        wanted = limit - len(changes)
        statement = query(user).order_by(model.id).limit(wanted)
        if after is not None:
            statement = statement.where(model.id > uuid.UUID(after))
        found = session.scalars(statement).all()
        changes.extend(
            {
                "seq": cursor.seq,
                "entity": entity.value,
                "id": str(row.id),
                "op": ChangeOp.UPSERT.value,
                "data": data(row),
            }
            for row in found
        )
        if len(found) < wanted:
            index, after = index + 1, None
        else:
            after = str(found[-1].id)
    texts = [json.dumps(change, separators=(",", ":")) for change in changes]
    if index < len(SNAPSHOT_ORDER):
        return Page(texts, Cursor(state.epoch, cursor.seq, (index, after)).encode(), True)
    end = Cursor(state.epoch, cursor.seq, rules=Entity.KEYWORD_RULE.value in served)
    return Page(texts, end.encode(), False)
