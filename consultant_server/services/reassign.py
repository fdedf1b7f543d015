"""Reassignment: moving customers to another owner (离职继承, or a manager's decision).

docs/sync-protocol.md ("Reassignment") is the design. Each call is one server transaction
(`change_transaction`) that, for every contact it moves:

1. changes the owner and records the move (`contact_reassignment`);
2. appends a ``contact`` ``revoke`` scoped to the old owner only (pull hands it to that
   consultant and to nobody else), so their client drops the contact and its history;
3. appends the contact's whole current state, scoped to the new owner: the contact, every
   stage change, activity and reminder, its live tag adds (and their tags) and its field
   conflicts. It arrives complete at their next pull, whatever they pulled before.

The contacts are locked (``FOR UPDATE``, in id order) before anything is read. A push on one
of them therefore runs wholly before the move (its effect is in the snapshot) or wholly after
it (it sees the new owner). Pushes that the old owner's client made before it learnt of the
move are answered by `consultant_server.services.sync`, which reads `was_reassigned_from`:
notes and other activities are kept, everything else is rejected "reassigned to …".

Who may move customers: a manager, within their own showroom, or the server's command line
(no actor). Both users must be of one showroom, and the new owner must be active; the old
owner may already be deactivated (the usual 离职继承).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from consultant_app.clock import utcnow
from consultant_app.sync.wire import ChangeOp, Entity
from consultant_server.errors import ForbiddenError, InvalidInputError, NotFoundError
from consultant_server.models import (
    Activity,
    Contact,
    ContactReassignment,
    ContactTag,
    FieldConflict,
    Reminder,
    Role,
    StageChange,
    Tag,
    User,
)
from consultant_server.services import rows
from consultant_server.services.accounts import normalise_username
from consultant_server.services.changelog import ChangeSet, Clock, change_transaction

log = logging.getLogger(__name__)

#: Contact ids per query when reading the history of the contacts moved.
CHUNK = 500

#: A contact's history as the new owner receives it, in an order a client can apply: each
#: row after the contact it names (tags are sent before, see `_log_snapshot`).
HISTORY: tuple[tuple[Entity, Any, Callable[[Any], dict[str, Any]]], ...] = (
    (Entity.STAGE_CHANGE, StageChange, rows.stage_change_data),
    (Entity.ACTIVITY, Activity, rows.activity_data),
    (Entity.REMINDER, Reminder, rows.reminder_data),
    (Entity.CONTACT_TAG, ContactTag, rows.contact_tag_data),
    (Entity.FIELD_CONFLICT, FieldConflict, rows.field_conflict_data),
)


@dataclass(frozen=True, slots=True)
class Reassignment:
    """What one reassignment did: the contacts it moved from one user to the other."""

    from_user: User
    to_user: User
    contact_ids: tuple[uuid.UUID, ...]

    @property
    def moved(self) -> int:
        return len(self.contact_ids)


def check_may_reassign(actor: User | None) -> None:
    """Only managers (and the command line, `actor` None) move customers; 403 otherwise."""
    if actor is not None and actor.role != Role.MANAGER:
        raise ForbiddenError("only a manager of the showroom may reassign customers")


def reassign_by_name(
    session: Session,
    actor: User | None,
    from_username: str,
    to_username: str,
    contact_ids: Collection[uuid.UUID] | None = None,
    *,
    clock: Clock = utcnow,
) -> Reassignment:
    """`reassign_contacts` with the users named by username (as the API and CLI name them).

    To a manager, a user of another showroom does not exist (404, like an unknown name).
    """
    check_may_reassign(actor)
    with change_transaction(session, clock=clock) as changes:
        from_user = _user_named(session, from_username, actor, "from_user")
        to_user = _user_named(session, to_username, actor, "to_user")
        return _reassign(session, changes, actor, from_user, to_user, contact_ids, clock)


def reassign_contacts(
    session: Session,
    actor: User | None,
    from_user: User,
    to_user: User,
    contact_ids: Collection[uuid.UUID] | None = None,
    *,
    clock: Clock = utcnow,
) -> Reassignment:
    """Move `contact_ids` (all of `from_user`'s contacts when None) to `to_user`, atomically.

    Every contact named must be `from_user`'s: an unknown one, or one of another showroom, is
    NotFoundError; one owned by someone else is InvalidInputError, and nothing moves.
    `actor` is the manager doing it (None: the command line).
    """
    check_may_reassign(actor)
    with change_transaction(session, clock=clock) as changes:
        return _reassign(session, changes, actor, from_user, to_user, contact_ids, clock)


def reassign_all(
    session: Session,
    from_user: User,
    to_user: User,
    *,
    actor: User | None = None,
    clock: Clock = utcnow,
) -> Reassignment:
    """离职继承: every customer of `from_user` (who is leaving) goes to `to_user`, at once."""
    return reassign_contacts(session, actor, from_user, to_user, None, clock=clock)


def was_reassigned_from(session: Session, contact_id: uuid.UUID, user_id: uuid.UUID) -> bool:
    """Whether the contact was ever moved away from this user (they are a former owner)."""
    found = session.scalar(
        select(ContactReassignment.id)
        .where(
            ContactReassignment.contact_id == contact_id,
            ContactReassignment.from_user_id == user_id,
        )
        .limit(1)
    )
    return found is not None


# --- the work -----------------------------------------------------------------------------


def _reassign(
    session: Session,
    changes: ChangeSet,
    actor: User | None,
    from_user: User,
    to_user: User,
    contact_ids: Collection[uuid.UUID] | None,
    clock: Clock,
) -> Reassignment:
    # Re-read the new owner under a lock: a deactivation committing meanwhile is either seen
    # here or waits until the contacts have moved.
    to_user = session.scalars(
        select(User)
        .where(User.id == to_user.id)
        .with_for_update(of=User)
        .execution_options(populate_existing=True)
    ).one()
    _check_users(actor, from_user, to_user)
    contacts = _contacts_to_move(session, from_user, contact_ids)
    now = clock()
    for contact in contacts:
        contact.owner_id = to_user.id
        contact.updated_at = now
        session.add(
            ContactReassignment(
                contact_id=contact.id,
                from_user_id=from_user.id,
                to_user_id=to_user.id,
                reassigned_by=None if actor is None else actor.id,
                reassigned_at=now,
            )
        )
        if from_user.role != Role.MANAGER:
            # A manager still sees every contact of the showroom: nothing to take back.
            changes.add(
                Entity.CONTACT.value,
                contact.id,
                ChangeOp.REVOKE.value,
                {"id": str(contact.id), "owner_id": str(to_user.id)},
                scope_owner_id=from_user.id,
                scope_showroom_id=contact.showroom_id,
            )
    session.flush()
    _log_snapshot(session, changes, contacts, to_user)
    moved = tuple(contact.id for contact in contacts)
    log.info(
        "reassigned %d contacts from %s to %s (by %s)",
        len(moved),
        from_user.username,
        to_user.username,
        "the command line" if actor is None else actor.username,
    )
    return Reassignment(from_user, to_user, moved)


def _user_named(session: Session, username: str, actor: User | None, field: str) -> User:
    try:
        name = normalise_username(username)
    except InvalidInputError as exc:
        raise NotFoundError(f"no user named {username!r}") from exc
    user = session.scalar(select(User).where(User.username == name))
    if user is None or (actor is not None and user.showroom_id != actor.showroom_id):
        raise NotFoundError(f"no user named {username!r} ({field})")
    return user


def _check_users(actor: User | None, from_user: User, to_user: User) -> None:
    if actor is not None:
        for field, user in (("from_user", from_user), ("to_user", to_user)):
            if user.showroom_id != actor.showroom_id:
                raise NotFoundError(f"no user named {user.username!r} ({field})")
    if to_user.showroom_id != from_user.showroom_id:
        raise InvalidInputError(
            {"to_user": f"{to_user.username} works in another showroom than {from_user.username}"}
        )
    if to_user.id == from_user.id:
        raise InvalidInputError({"to_user": "the same user as from_user"})
    if not to_user.is_active:
        raise InvalidInputError({"to_user": f"{to_user.username} is deactivated"})


def _contacts_to_move(
    session: Session, from_user: User, contact_ids: Collection[uuid.UUID] | None
) -> list[Contact]:
    """The contacts to move, locked in id order (so concurrent movers cannot deadlock) and
    read afresh under the lock (rows this session read earlier may be stale)."""
    if contact_ids is None:
        return list(
            session.scalars(
                select(Contact)
                .where(Contact.owner_id == from_user.id)
                .order_by(Contact.id)
                .with_for_update()
                .execution_options(populate_existing=True)
            )
        )
    wanted = sorted(set(contact_ids))
    found: dict[uuid.UUID, Contact] = {}
    for chunk in _chunks(wanted):
        for contact in session.scalars(
            select(Contact)
            .where(Contact.id.in_(chunk), Contact.showroom_id == from_user.showroom_id)
            .order_by(Contact.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ):
            found[contact.id] = contact
    missing = [ident for ident in wanted if ident not in found]
    if missing:
        raise NotFoundError(f"unknown contact {missing[0]}")
    theirs_not = [ident for ident in wanted if found[ident].owner_id != from_user.id]
    if theirs_not:
        raise InvalidInputError(
            {"contact_ids": f"contact {theirs_not[0]} is not {from_user.username}'s"}
        )
    return [found[ident] for ident in wanted]


def _log_snapshot(
    session: Session, changes: ChangeSet, contacts: Sequence[Contact], to_user: User
) -> None:
    """Append the moved contacts' whole current state for the new owner."""

    def add(entity: Entity, ident: uuid.UUID, data: dict[str, Any]) -> None:
        changes.add(
            entity.value,
            ident,
            ChangeOp.UPSERT.value,
            data,
            scope_owner_id=to_user.id,
            scope_showroom_id=to_user.showroom_id,
        )

    ids = [contact.id for contact in contacts]
    # Tags are the showroom's and were logged for all when made; sent again so that the
    # contact's tag adds never name a tag this client lacks.
    tags: dict[uuid.UUID, Tag] = {}
    for chunk in _chunks(ids):
        for tag in session.scalars(
            select(Tag)
            .join(ContactTag, ContactTag.tag_id == Tag.id)
            .where(ContactTag.contact_id.in_(chunk), ContactTag.removed_at.is_(None))
        ):
            tags[tag.id] = tag
    for tag in sorted(tags.values(), key=lambda t: t.id):
        add(Entity.TAG, tag.id, rows.tag_data(tag))
    for contact in contacts:
        add(Entity.CONTACT, contact.id, rows.contact_data(contact))
    for entity, model, data in HISTORY:
        for chunk in _chunks(ids):
            query = select(model).where(model.contact_id.in_(chunk))
            if model is ContactTag:
                query = query.where(ContactTag.removed_at.is_(None))
            for row in session.scalars(query.order_by(model.contact_id, model.id)):
                add(entity, row.id, data(row))


def _chunks(ids: Sequence[uuid.UUID]) -> Iterator[Sequence[uuid.UUID]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]
