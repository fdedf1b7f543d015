"""Push: applying the mutations clients send, each exactly once, in its own transaction.

docs/sync-protocol.md ("Push") is the design. For each mutation, one transaction:

1. If the ledger (`applied_mutation`) already has its id, the recorded answer is returned
   and nothing is applied again (the response to an earlier push was lost).
2. Otherwise its ledger row is written first, which claims the id: a concurrent push of the
   same mutation waits on that row and then gets the recorded answer.
3. The mutation is checked with the client's own domain rules (`consultant_app.domain`) and
   with permissions taken from the signed-in user, never from the payload, and applied. Its
   effects are appended to the change log as whole-row snapshots
   (`consultant_server.services.rows`) scoped to the contact's owner and showroom. A
   contact reassigned away from the user (`consultant_server.services.reassign`) still takes
   their activities (kept, attributed to them); anything else is rejected "reassigned to …".
4. A refusal (`RejectedError`) undoes the mutation's work (a savepoint) but keeps the ledger row,
   now saying ``rejected`` with the reason, and the transaction commits: a rejection is final
   and never blocks later mutations. A transient database failure rolls everything back and
   stops the batch; the client pushes the rest later, in order.

Times inside payloads (`occurred_at`, `due_at`, `done_at`) are data the user chose. They are
stored as given and never order anything: the server orders by `seq`, and its own clock
stamps `changed_at`, `updated_at` and the like.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any, NoReturn

from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from consultant_app.clock import utcnow
from consultant_app.domain.activity import MAX_NOTE, ActivityKind
from consultant_app.domain.contact import (
    MAX_REMARK,
    MAX_TAG,
    ContactDraft,
    Gender,
    clean_multiline,
    clean_text,
)
from consultant_app.domain.stages import (
    LostDetails,
    Stage,
    check_move,
    details_from_json,
    details_to_json,
    validate_details,
)
from consultant_app.errors import FieldError, IllegalStageMoveError, ValidationError
from consultant_app.services.channels import ChannelDraft
from consultant_app.sync.wire import (
    CONTACT_FIELDS,
    Change,
    ChangeOp,
    Entity,
    JSONValue,
    Mutation,
    MutationKind,
    PushOutcome,
    WireError,
    decode,
)
from consultant_server.core.versions import InvalidVersionError, is_supported
from consultant_server.errors import (
    ClientTooOldError,
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
)
from consultant_server.models import (
    Activity,
    AppliedMutation,
    Channel,
    ChannelCode,
    Contact,
    ContactTag,
    Device,
    FieldConflict,
    MutationOutcome,
    Reminder,
    Role,
    StageChange,
    Tag,
    User,
)
from consultant_server.services import channels, keyword_rules, material_sync, rows, subjects
from consultant_server.services.changelog import ChangeSet, Clock, change_transaction
from consultant_server.services.reassign import was_reassigned_from
from consultant_server.services.transient import is_transient

log = logging.getLogger(__name__)

#: Most mutations one push may carry (the body is limited to 1 MB besides).
MAX_PUSH_MUTATIONS = 500
#: Longest reason stored and returned for a rejection.
MAX_REASON = 500
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}(?:[0-9A-Fa-f]{2})?")

#: The payload key naming the record each kind creates (for "depends on rejected mutation").
SUBJECT_KEYS: dict[MutationKind, str] = {
    MutationKind.CONTACT_CREATE: "contact_id",
    MutationKind.STAGE_MOVE: "stage_change_id",
    MutationKind.ACTIVITY_ADD: "activity_id",
    MutationKind.REMINDER_ADD: "reminder_id",
    MutationKind.TAG_ADD: "add_id",
    MutationKind.CHANNEL_CREATE: "channel_id",
    MutationKind.CHANNEL_CODE_REQUEST: "code_id",
    MutationKind.MATERIAL_CREATE: "material_id",
}


KIND_NAMES = frozenset(kind.value for kind in MutationKind)


class RejectedError(Exception):
    """A mutation refused for good; `reason` is recorded and shown to the consultant."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True, slots=True)
class Outcome:
    """The answer for one mutation: ``applied``, or ``rejected`` with the reason.

    `mutation_id` is None only for a mutation whose id was not even a UUID. `current`: for a
    refusal, the server's current rows of the mutation's subject that the user may see
    (`consultant_server.services.subjects`), so the client can take its local effect back.
    """

    mutation_id: str | None
    outcome: MutationOutcome
    reason: str | None = None
    current: tuple[Change, ...] | None = None

    def to_wire(self) -> PushOutcome:
        """The answer as it goes on the wire (`consultant_app.sync.wire.PushOutcome`)."""
        applied = self.outcome is MutationOutcome.APPLIED
        return PushOutcome(self.mutation_id, applied, self.reason or "", self.current)


@dataclass(frozen=True, slots=True)
class PushResult:
    """The outcomes reached, in order; `complete` is False when a transient failure stopped it."""

    outcomes: list[Outcome]
    complete: bool


def check_client_version(client_version: str, min_client_version: str) -> None:
    """Raise ClientTooOldError (426) for a client older than the minimum, 422 for no version."""
    try:
        supported = is_supported(client_version, min_client_version)
    except InvalidVersionError as exc:
        raise InvalidInputError({"client_version": "a version such as 0.1.0"}) from exc
    if not supported:
        raise ClientTooOldError(client_version, min_client_version)


def push(
    session: Session,
    user: User,
    device: Device,
    raw_mutations: Sequence[JSONValue],
    *,
    client_version: str | None = None,
    clock: Clock = utcnow,
) -> PushResult:
    """Apply `raw_mutations` in order, each in its own transaction; see the module docstring.

    A malformed mutation is rejected with what is wrong with it; the others still apply. The
    first transient database failure ends the batch: the result lists the outcomes reached.
    Each refusal carries the current rows of its subject, read after the batch (`_with_current`).
    """
    outcomes: list[Outcome] = []
    decoded: list[Mutation | None] = []  # beside `outcomes`: None for a malformed one
    for raw in raw_mutations:
        client_seq = raw.get("client_seq") if isinstance(raw, dict) else None
        if not isinstance(client_seq, int) or isinstance(client_seq, bool):
            client_seq = None
        mutation: Mutation | None = None
        try:
            try:
                mutation = decode(raw)
            except WireError as exc:
                outcome = record_malformed(session, device, raw, str(exc), clock=clock)
            else:
                outcome = apply_mutation(
                    session,
                    user,
                    device,
                    mutation,
                    client_seq=client_seq,
                    client_version=client_version,
                    clock=clock,
                )
        except SQLAlchemyError as exc:
            if not is_transient(exc):
                raise
            # Not reached: the client keeps these and pushes them again, in order.
            log.warning(
                "push from device %s stopped after %d of %d mutations: %s",
                device.id,
                len(outcomes),
                len(raw_mutations),
                exc,
            )
            return _with_current(session, user, outcomes, decoded, complete=False)
        sent_id = raw.get("mutation_id") if isinstance(raw, dict) else None
        if isinstance(sent_id, str) and outcome.mutation_id is not None and len(sent_id) <= 64:
            # Answer under the id exactly as sent, so the client finds its outbox entry.
            outcome = replace(outcome, mutation_id=sent_id)
        outcomes.append(outcome)
        decoded.append(mutation)
    return _with_current(session, user, outcomes, decoded, complete=True)


def _with_current(
    session: Session,
    user: User,
    outcomes: list[Outcome],
    mutations: list[Mutation | None],
    *,
    complete: bool,
) -> PushResult:
    """The outcomes, each refusal with the current rows of its subject (`subjects`).

    Read after the whole batch, so the rows include what its later mutations did: the client
    sets its rows back to them and re-applies only what is still queued after the batch. A
    transient failure while reading ends the answer before the refusal it was reading for;
    the client pushes that one again and the replayed answer brings its rows.
    """
    pairs = list(zip(outcomes, mutations, strict=True))
    refused = MutationOutcome.REJECTED
    if not any(o.outcome is refused and m is not None for o, m in pairs):
        return PushResult(outcomes, complete)
    answered: list[Outcome] = []
    session.expire_all()  # a fresh read, after every transaction of the batch
    try:
        reader = subjects.CurrentRows(session, user)
        for outcome, mutation in pairs:
            if outcome.outcome is refused and mutation is not None:
                answered.append(replace(outcome, current=reader.of(mutation)))
            else:
                answered.append(outcome)
    except SQLAlchemyError as exc:
        if not is_transient(exc):
            raise
        log.warning("push answer cut short: the refused rows could not be read: %s", exc)
        return PushResult(answered, complete=False)
    finally:
        session.rollback()  # only read: end the transaction
    return PushResult(answered, complete)


def apply_mutation(
    session: Session,
    user: User,
    device: Device,
    mutation: Mutation,
    *,
    client_seq: int | None = None,
    client_version: str | None = None,
    clock: Clock = utcnow,
) -> Outcome:
    """Apply one decoded mutation in its own transaction, at most once; return its outcome.

    `user` and `device` come from the token. Transient database errors propagate (nothing is
    committed then); every other refusal is a recorded ``rejected`` outcome.
    """
    mutation_id = uuid.UUID(mutation.mutation_id)
    session.expire_all()  # rows other requests changed since this session last read them
    try:
        with change_transaction(session, clock=clock) as changes:
            recorded = session.get(AppliedMutation, mutation_id)
            if recorded is not None:
                return _replayed(recorded, device)
            now = clock()
            ledger = AppliedMutation(
                mutation_id=mutation_id,
                device_id=device.id,
                outcome=MutationOutcome.APPLIED.value,
                reason=None,
                result=None,
                applied_at=now,
                kind=mutation.kind.value,
                subject_id=_subject(mutation.kind, mutation.payload),
            )
            _claim(session, ledger)
            mark = len(changes.pending)
            try:
                with session.begin_nested():
                    applier = _Applier(session, user, device, mutation_id, changes, now)
                    applier.apply(mutation)
                    session.flush()
                ledger.result = applier.result
            except (
                RejectedError,
                ValidationError,
                IllegalStageMoveError,
                IntegrityError,
                DataError,
            ) as exc:
                del changes.pending[mark:]
                ledger.outcome = MutationOutcome.REJECTED.value
                ledger.reason = _reason(exc)
                log.info("rejected %s %s: %s", mutation.kind.value, mutation_id, ledger.reason)
            _note_device(device, client_seq, client_version, now)
            return Outcome(str(mutation_id), MutationOutcome(ledger.outcome), ledger.reason)
    except _AlreadyClaimedError:
        return _answer_of_twin(session, mutation_id, device, clock)


def record_malformed(
    session: Session,
    device: Device,
    raw: JSONValue,
    problem: str,
    *,
    clock: Clock = utcnow,
) -> Outcome:
    """Reject a mutation that is not well formed; recorded when its id is a UUID.

    A mutation without a usable id cannot be recorded (or replayed); it is only answered.
    """
    reason = _clean_reason(problem)
    raw_id = raw.get("mutation_id") if isinstance(raw, dict) else None
    try:
        mutation_id = uuid.UUID(str(raw_id))
    except ValueError:
        shown = clean_text(raw_id)[:64] if isinstance(raw_id, str) else None
        return Outcome(shown, MutationOutcome.REJECTED, reason)
    raw_kind = raw.get("kind") if isinstance(raw, dict) else None
    kind = MutationKind(raw_kind) if isinstance(raw_kind, str) and raw_kind in KIND_NAMES else None
    payload = raw.get("payload") if isinstance(raw, dict) else None
    subject = _subject(kind, payload) if kind is not None and isinstance(payload, dict) else None
    session.expire_all()
    try:
        with change_transaction(session, clock=clock):
            recorded = session.get(AppliedMutation, mutation_id)
            if recorded is not None:
                return _replayed(recorded, device)
            _claim(
                session,
                AppliedMutation(
                    mutation_id=mutation_id,
                    device_id=device.id,
                    outcome=MutationOutcome.REJECTED.value,
                    reason=reason,
                    result=None,
                    applied_at=clock(),
                    kind=None if kind is None else kind.value,
                    subject_id=subject,
                ),
            )
    except _AlreadyClaimedError:
        return _answer_of_twin(session, mutation_id, device, clock)
    return Outcome(str(mutation_id), MutationOutcome.REJECTED, reason)


class _AlreadyClaimedError(Exception):
    """Another transaction recorded this mutation id first."""


def _claim(session: Session, ledger: AppliedMutation) -> None:
    session.add(ledger)
    try:
        session.flush()
    except IntegrityError as exc:
        raise _AlreadyClaimedError from exc


def _answer_of_twin(
    session: Session, mutation_id: uuid.UUID, device: Device, clock: Clock
) -> Outcome:
    """The answer recorded by a concurrent push of the same mutation that committed first."""
    with change_transaction(session, clock=clock):
        recorded = session.get(AppliedMutation, mutation_id, populate_existing=True)
        assert recorded is not None
        return _replayed(recorded, device)


def _replayed(recorded: AppliedMutation, device: Device) -> Outcome:
    if recorded.device_id != device.id:
        # Mutation ids are UUIDs the client makes; another device's answer is not ours to give.
        return Outcome(
            str(recorded.mutation_id),
            MutationOutcome.REJECTED,
            "this mutation id was already used by another device",
        )
    return Outcome(str(recorded.mutation_id), MutationOutcome(recorded.outcome), recorded.reason)


def _note_device(
    device: Device, client_seq: int | None, client_version: str | None, now: datetime
) -> None:
    if client_seq is not None and client_seq > device.last_applied_client_seq:
        device.last_applied_client_seq = client_seq
    if client_version is not None and device.client_version != client_version:
        device.client_version = client_version
    device.last_seen_at = now


def _subject(kind: MutationKind, payload: Mapping[str, JSONValue]) -> uuid.UUID | None:
    key = SUBJECT_KEYS.get(kind)
    if key is None:
        return None
    try:
        return uuid.UUID(str(payload.get(key)))
    except ValueError:
        return None


def _reason(exc: Exception) -> str:
    if isinstance(exc, RejectedError):
        return _clean_reason(exc.reason)
    if isinstance(exc, ValidationError):
        return _clean_reason(f"invalid: {_field_errors(exc.errors)}")
    if isinstance(exc, IllegalStageMoveError):
        return _clean_reason(f"illegal stage move: {exc}")
    # An id the client reused, or a value the database refuses: permanent, but worth a look.
    log.warning("mutation refused by the database: %s", exc)
    if isinstance(exc, IntegrityError):
        return "conflicts with an existing record (an id used twice)"
    return "a value the server cannot store"


def _field_errors(errors: Mapping[str, FieldError]) -> str:
    parts = []
    for name, error in errors.items():
        params = ", ".join(f"{k}={v}" for k, v in error.params.items())
        parts.append(f"{name}: {error.code}" + (f" ({params})" if params else ""))
    return "; ".join(parts)


def _clean_reason(text: str) -> str:
    return clean_text(text)[:MAX_REASON]


# --- reading payload values ---------------------------------------------------------------


def _invalid(field: str, problem: str) -> NoReturn:
    raise RejectedError(f"invalid: {field}: {problem}")


def _uuid(payload: Mapping[str, JSONValue], key: str) -> uuid.UUID:
    return _uuid_value(payload.get(key), key)


def _uuid_value(value: JSONValue, key: str) -> uuid.UUID:
    if not isinstance(value, str):
        _invalid(key, "expected a UUID")
    try:
        return uuid.UUID(value)
    except ValueError:
        _invalid(key, "expected a UUID")


def _text(value: JSONValue, key: str) -> str:
    if not isinstance(value, str):
        _invalid(key, "expected text")
    return value


def _optional_int(value: JSONValue, key: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        _invalid(key, "expected a whole number or null")
    return value


def _bool(value: JSONValue, key: str) -> bool:
    if not isinstance(value, bool):
        _invalid(key, "expected true or false")
    return value


def _time(value: JSONValue, key: str) -> datetime:
    """An ISO 8601 time with its UTC offset (a time without one is ambiguous)."""
    try:
        parsed = datetime.fromisoformat(_text(value, key))
    except ValueError:
        _invalid(key, "expected an ISO 8601 time")
    if parsed.tzinfo is None:
        _invalid(key, "the time needs a UTC offset")
    try:
        return parsed.astimezone(UTC)
    except OverflowError:
        _invalid(key, "out of range")


def _optional_date(value: JSONValue, key: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(_text(value, key))
    except ValueError:
        _invalid(key, "expected an ISO date")


def _stage(value: JSONValue, key: str) -> Stage:
    try:
        return Stage(_text(value, key))
    except ValueError:
        _invalid(key, f"unknown stage {value!r}")


#: What a contact.create leaves out takes the value a new contact has on the client.
FIELD_DEFAULTS: dict[str, JSONValue] = {
    "name": "",
    "mobile": None,
    "wecom_id": "",
    "gender": "unknown",
    "models": [],
    "budget_min_yuan": None,
    "budget_max_yuan": None,
    "source_channel": "",
    "birthday": None,
    "remark": "",
}


def clean_fields(values: Mapping[str, JSONValue], *, today: date) -> dict[str, JSONValue]:
    """Check a contact's mergeable fields with the client's rules; the clean values as JSON.

    Raises RejectedError for values of the wrong type, ValidationError for values that break a
    rule (`ContactDraft.validated`, the same code the client ran).
    """
    models = values["models"]
    if not isinstance(models, list) or not all(isinstance(m, str) for m in models):
        _invalid("models", "expected a list of names")
    gender = _text(values["gender"], "gender")
    if gender not in {g.value for g in Gender}:
        _invalid("gender", f"unknown value {gender!r}")
    mobile = values["mobile"]
    draft = ContactDraft(
        name=_text(values["name"], "name"),
        mobile="" if mobile is None else _text(mobile, "mobile"),
        wecom_id=_text(values["wecom_id"], "wecom_id"),
        gender=Gender(gender),
        models=tuple(models),
        budget_min_yuan=_optional_int(values["budget_min_yuan"], "budget_min_yuan"),
        budget_max_yuan=_optional_int(values["budget_max_yuan"], "budget_max_yuan"),
        source_channel=_text(values["source_channel"], "source_channel"),
        birthday=_optional_date(values["birthday"], "birthday"),
        remark=_text(values["remark"], "remark"),
    ).validated(today=today)
    return {
        "name": draft.name,
        "mobile": draft.mobile or None,
        "wecom_id": draft.wecom_id,
        "gender": draft.gender.value,
        "models": list(draft.models),
        "budget_min_yuan": draft.budget_min_yuan,
        "budget_max_yuan": draft.budget_max_yuan,
        "source_channel": draft.source_channel,
        "birthday": None if draft.birthday is None else draft.birthday.isoformat(),
        "remark": draft.remark,
    }


def _set_field(contact: Contact, field: str, value: JSONValue) -> None:
    if field == "birthday":
        contact.birthday = None if value is None else date.fromisoformat(str(value))
    elif field == "models":
        contact.models = list(value)
    else:
        setattr(contact, field, value)


def may_change(user: User, contact: Contact) -> bool:
    """A consultant may change the contacts they own; a manager any of their showroom."""
    if user.role == Role.MANAGER:
        return contact.showroom_id == user.showroom_id
    return contact.owner_id == user.id


def tag_id(showroom_id: uuid.UUID, name: str) -> uuid.UUID:
    """A tag's id: the same for the same name in the same showroom, whoever made it first."""
    return uuid.uuid5(showroom_id, name)


def ensure_tag(
    session: Session,
    changes: ChangeSet,
    showroom_id: uuid.UUID,
    name: str,
    colour: str,
    now: datetime,
) -> Tag:
    """The showroom's tag called `name` (a clean name), made and logged for the showroom if new.

    Used by push and by the landing pages (a channel's tags on the leads it brings).
    """
    ident = tag_id(showroom_id, name)
    tag = session.get(Tag, ident)
    if tag is not None:
        return tag
    tag = Tag(id=ident, showroom_id=showroom_id, name=name, colour=colour, created_at=now)
    try:
        with session.begin_nested():
            session.add(tag)
            session.flush()
    except IntegrityError:
        # Made by a concurrent transaction that committed first (which logged it).
        made = session.get(Tag, ident, populate_existing=True)
        assert made is not None
        return made
    changes.add(
        Entity.TAG.value,
        tag.id,
        ChangeOp.UPSERT.value,
        rows.tag_data(tag),
        scope_owner_id=None,
        scope_showroom_id=showroom_id,
    )
    return tag


# --- applying each kind -------------------------------------------------------------------


class _Applier:
    """Applies one mutation inside its transaction; raises RejectedError to refuse it."""

    def __init__(
        self,
        session: Session,
        user: User,
        device: Device,
        mutation_id: uuid.UUID,
        changes: ChangeSet,
        now: datetime,
    ) -> None:
        self.session = session
        self.user = user
        self.device = device
        self.mutation_id = mutation_id
        self.changes = changes
        self.now = now
        self.handlers: dict[MutationKind, Callable[[Mapping[str, JSONValue]], None]] = {
            MutationKind.CONTACT_CREATE: self.contact_create,
            MutationKind.CONTACT_UPDATE: self.contact_update,
            MutationKind.CONTACT_SNOOZE: self.contact_snooze,
            MutationKind.STAGE_MOVE: self.stage_move,
            MutationKind.ACTIVITY_ADD: self.activity_add,
            MutationKind.REMINDER_ADD: self.reminder_add,
            MutationKind.REMINDER_COMPLETE: self.reminder_complete,
            MutationKind.TAG_ADD: self.tag_add,
            MutationKind.TAG_REMOVE: self.tag_remove,
            MutationKind.CHANNEL_CREATE: self.channel_create,
            MutationKind.CHANNEL_UPDATE: self.channel_update,
            MutationKind.CHANNEL_CODE_REQUEST: self.channel_code_request,
            MutationKind.CHANNEL_CODE_SET_STATUS: self.channel_code_set_status,
        }
        # The material library's kinds (the work is in services/material_sync.py).
        for kind, handler in material_sync.HANDLERS.items():
            self.handlers[kind] = partial(self.library, handler)
        #: What the ledger keeps beyond the outcome (`applied_mutation.result`), if anything.
        self.result: dict[str, Any] | None = None

    def library(self, handler: material_sync.Handler, payload: Mapping[str, JSONValue]) -> None:
        """Run a material handler, its services' refusals recorded as rejections."""
        with _refusals():
            handler(self, payload)

    def apply(self, mutation: Mutation) -> None:
        handler = self.handlers.get(mutation.kind)
        if handler is None:
            # A kind the shared wire names whose server side is not built yet: refused with
            # a reason, never a fault that would stop the device's whole queue.
            raise RejectedError(f"{mutation.kind.value} is not supported by this server yet")
        handler(mutation.payload)
        # The showroom's keyword → tag rules, on the notes and follow-up text it saved.
        keyword_rules.after_mutation(self.session, self.changes, mutation, self.now)

    # -- helpers

    @property
    def today(self) -> date:
        """The latest calendar date anywhere (UTC+14), so no client's today is refused."""
        return (self.now + timedelta(hours=14)).date()

    def log(
        self,
        entity: Entity,
        ident: uuid.UUID,
        data: dict[str, Any],
        contact: Contact,
        op: ChangeOp = ChangeOp.UPSERT,
    ) -> None:
        """Append a change about `contact` (or its history), for its owner and showroom."""
        self.changes.add(
            entity.value,
            ident,
            op.value,
            data,
            scope_owner_id=contact.owner_id,
            scope_showroom_id=contact.showroom_id,
        )

    def log_contact(self, contact: Contact) -> None:
        self.log(Entity.CONTACT, contact.id, rows.contact_data(contact), contact)

    def contact(
        self,
        payload: Mapping[str, JSONValue],
        key: str = "contact_id",
        *,
        former_owner_may: bool = False,
    ) -> Contact:
        """The contact a mutation names, locked for this transaction, if the user may change it.

        `former_owner_may`: a consultant the contact was reassigned away from may still do
        this (add a note or another activity: a customer's history belongs to the company).
        """
        contact_id = _uuid(payload, key)
        contact = self.session.get(Contact, contact_id, with_for_update=True)
        if contact is None:
            self.missing("contact", contact_id, MutationKind.CONTACT_CREATE)
        self.check_may_change(contact, former_owner_may=former_owner_may)
        if contact.deleted_at is not None:
            raise RejectedError(f"contact {contact_id} was deleted")
        return contact

    def check_may_change(self, contact: Contact, *, former_owner_may: bool = False) -> None:
        """Refuse another consultant's contact: "reassigned to …" when it used to be the user's
        (their client made the mutation before it learnt of the move), else "not yours"."""
        if may_change(self.user, contact):
            return
        if was_reassigned_from(self.session, contact.id, self.user.id):
            if former_owner_may:
                return
            owner = self.session.get(User, contact.owner_id)
            assert owner is not None  # a contact's owner is never deleted
            raise RejectedError(f"reassigned to {owner.display_name}")
        raise RejectedError(f"not yours: contact {contact.id} belongs to another consultant")

    def missing(self, what: str, ident: uuid.UUID, creator: MutationKind) -> NoReturn:
        """Refuse a mutation on a record that does not exist, saying why when it is known."""
        rejected = self.session.scalar(
            select(AppliedMutation.mutation_id)
            .where(
                AppliedMutation.subject_id == ident,
                AppliedMutation.kind == creator.value,
                AppliedMutation.outcome == MutationOutcome.REJECTED.value,
            )
            .limit(1)
        )
        if rejected is not None:
            raise RejectedError(f"depends on rejected mutation {rejected}")
        raise RejectedError(f"unknown {what} {ident}")

    def touch(self, contact: Contact, when: datetime) -> None:
        """Count a follow-up as touching the contact; a client time never lands in the future."""
        contact.last_touch_at = max(contact.last_touch_at, min(when, self.now))
        contact.updated_at = self.now

    # -- contact.create

    def contact_create(self, payload: Mapping[str, JSONValue]) -> None:
        contact_id = _uuid(payload, "contact_id")
        existing = self.session.get(Contact, contact_id, with_for_update=True)
        if existing is not None:
            self.check_may_change(existing)
            if existing.created_by_device_id == self.device.id:
                return  # this device created it already (a replay under another mutation id)
            raise RejectedError(f"contact {contact_id} already exists")
        stage = _stage(payload["stage"], "stage")
        stage_change_id = _uuid(payload, "stage_change_id")
        given = payload["fields"]
        if not isinstance(given, dict):
            _invalid("fields", "expected an object")
        tags = payload["tags"]
        if not isinstance(tags, list) or not all(isinstance(t, dict) for t in tags):
            _invalid("tags", "expected a list of tag adds")
        fields = clean_fields({**FIELD_DEFAULTS, **given}, today=self.today)
        now, user = self.now, self.user
        contact = Contact(
            id=contact_id,
            owner_id=user.id,
            showroom_id=user.showroom_id,
            created_by_device_id=self.device.id,
            stage=stage.value,
            stage_entered_at=now,
            last_touch_at=now,
            snoozed_until=None,
            deleted_at=None,
            field_writers=dict.fromkeys(CONTACT_FIELDS, str(user.id)),
            created_at=now,
            updated_at=now,
        )
        for field, value in fields.items():
            _set_field(contact, field, value)
        change = StageChange(
            id=stage_change_id,
            contact_id=contact_id,
            from_stage=None,
            to_stage=stage.value,
            changed_at=now,
            changed_by=user.id,
            lost_reason=None,
            competitor="",
            details=None,
            batch_id=_batch_id(payload),
            is_undo=False,
        )
        self.session.add_all([contact, change])
        self.session.flush()
        self.log_contact(contact)
        self.log(Entity.STAGE_CHANGE, change.id, rows.stage_change_data(change), contact)
        for tag_add in tags:
            if tag_add.get("contact_id") != str(contact_id):
                _invalid("tags", "a tag add names another contact")
            self.add_tag(contact, tag_add)

    # -- contact.update: per-field merge in server order

    def contact_update(self, payload: Mapping[str, JSONValue]) -> None:
        contact = self.contact(payload)
        edits = payload["changes"]
        if not isinstance(edits, dict):
            _invalid("changes", "expected an object")
        for field, edit in edits.items():
            if field not in CONTACT_FIELDS:
                _invalid("changes", f"unknown contact field {field!r}")
            if not isinstance(edit, dict) or not {"base", "value"} <= edit.keys():
                _invalid(field, "expected {base, value}")
        current = rows.contact_fields(contact)
        proposed = {**current, **{field: edit["value"] for field, edit in edits.items()}}
        clean = clean_fields(proposed, today=self.today)
        writers = dict(contact.field_writers)
        conflicts: list[FieldConflict] = []
        changed = False
        for field, edit in edits.items():
            new, old = clean[field], current[field]
            if new == old:
                continue
            changed = True
            if old != edit["base"]:
                # The client had not seen the value it overwrites: keep it visible.
                lost_by = writers.get(field)
                conflicts.append(
                    FieldConflict(
                        id=uuid.uuid4(),
                        contact_id=contact.id,
                        field=field,
                        lost_value=old,
                        kept_value=new,
                        at=self.now,
                        lost_by=None if lost_by is None else uuid.UUID(lost_by),
                        kept_by=self.user.id,
                        mutation_id=self.mutation_id,
                    )
                )
            _set_field(contact, field, new)
            writers[field] = str(self.user.id)
        if not changed:
            return  # every value was already what the edit asks for
        contact.field_writers = writers
        contact.updated_at = self.now
        self.session.add_all(conflicts)
        self.session.flush()
        self.log_contact(contact)
        for conflict in conflicts:
            self.log(
                Entity.FIELD_CONFLICT, conflict.id, rows.field_conflict_data(conflict), contact
            )

    # -- contact.snooze

    def contact_snooze(self, payload: Mapping[str, JSONValue]) -> None:
        contact = self.contact(payload)
        until = _optional_date(payload["until"], "until")
        if contact.snoozed_until == until:
            return
        contact.snoozed_until = until
        contact.updated_at = self.now
        self.log_contact(contact)

    # -- stage.move: an append-only event; legal unless the contact is already there

    def stage_move(self, payload: Mapping[str, JSONValue]) -> None:
        contact = self.contact(payload)
        target = _stage(payload["to_stage"], "to_stage")
        if payload["from_stage"] is not None:
            _stage(payload["from_stage"], "from_stage")
        undo = _bool(payload["undo"], "undo")
        raw_details = payload["details"]
        if raw_details is not None and not isinstance(raw_details, dict):
            _invalid("details", "expected an object or null")
        details = details_from_json(raw_details)
        if raw_details and details is None:
            _invalid("details", "not stage details this server understands")
        current = Stage(contact.stage)
        if current == target:
            raise RejectedError(f"already in stage {target.value}")
        if not undo:
            check_move(current, target, details)
        elif details is not None:
            validate_details(target, details)  # an undo carries no details, but if it does …
        lost = details if isinstance(details, LostDetails) else None
        competitor = clean_text(lost.competitor) if lost else ""
        change = StageChange(
            id=_uuid(payload, "stage_change_id"),
            contact_id=contact.id,
            from_stage=current.value,
            to_stage=target.value,
            changed_at=self.now,
            changed_by=self.user.id,
            lost_reason=lost.reason.value if lost else None,
            competitor=competitor,
            details=_clean_json(details_to_json(details)),
            batch_id=_uuid(payload, "batch_id"),
            is_undo=undo,
        )
        self.session.add(change)
        contact.stage = target.value
        contact.stage_entered_at = self.now
        contact.last_touch_at = self.now
        contact.updated_at = self.now
        self.session.flush()
        self.log(Entity.STAGE_CHANGE, change.id, rows.stage_change_data(change), contact)
        self.log_contact(contact)

    # -- activity.add (append-only)

    def activity_add(self, payload: Mapping[str, JSONValue]) -> None:
        # Kept even from a former owner, attributed to them (the history is the company's).
        contact = self.contact(payload, former_owner_may=True)
        kind_text = _text(payload["kind"], "kind")
        if kind_text not in {k.value for k in ActivityKind}:
            _invalid("kind", f"unknown kind {kind_text!r}")
        kind = ActivityKind(kind_text)
        body = clean_multiline(_text(payload["body"], "body"))
        if len(body) > MAX_REMARK:
            raise ValidationError({"body": FieldError("too_long", limit=MAX_REMARK)})
        if kind is ActivityKind.NOTE and not body:
            raise ValidationError({"body": FieldError("required")})
        occurred_at = _time(payload["occurred_at"], "occurred_at")
        activity = Activity(
            id=_uuid(payload, "activity_id"),
            contact_id=contact.id,
            kind=kind.value,
            body=body,
            occurred_at=occurred_at,
            created_by=self.user.id,
            created_at=self.now,
        )
        self.session.add(activity)
        self.touch(contact, occurred_at)
        self.session.flush()
        self.log(Entity.ACTIVITY, activity.id, rows.activity_data(activity), contact)
        self.log_contact(contact)

    # -- reminders: created once; done only moves false → true

    def reminder_add(self, payload: Mapping[str, JSONValue]) -> None:
        contact = self.contact(payload)
        note = clean_text(_text(payload["note"], "note"))
        if len(note) > MAX_NOTE:
            raise ValidationError({"note": FieldError("too_long", limit=MAX_NOTE)})
        reminder = Reminder(
            id=_uuid(payload, "reminder_id"),
            contact_id=contact.id,
            due_at=_time(payload["due_at"], "due_at"),
            note=note,
            done=False,
            done_at=None,
            created_by=self.user.id,
            created_at=self.now,
            updated_at=self.now,
        )
        self.session.add(reminder)
        self.session.flush()
        self.log(Entity.REMINDER, reminder.id, rows.reminder_data(reminder), contact)

    def reminder_complete(self, payload: Mapping[str, JSONValue]) -> None:
        reminder_id = _uuid(payload, "reminder_id")
        done_at = _time(payload["done_at"], "done_at")
        reminder = self.session.get(Reminder, reminder_id, with_for_update=True)
        if reminder is None:
            self.missing("reminder", reminder_id, MutationKind.REMINDER_ADD)
        contact = self.contact({"contact_id": str(reminder.contact_id)})
        if reminder.done:
            return  # already done: true never goes back, and a second completion adds nothing
        reminder.done = True
        reminder.done_at = done_at
        reminder.updated_at = self.now
        self.touch(contact, done_at)
        self.session.flush()
        self.log(Entity.REMINDER, reminder.id, rows.reminder_data(reminder), contact)
        self.log_contact(contact)

    # -- tags: an observed-remove set, add wins

    def tag_add(self, payload: Mapping[str, JSONValue]) -> None:
        self.add_tag(self.contact(payload), payload)

    def add_tag(self, contact: Contact, payload: Mapping[str, JSONValue]) -> None:
        add_id = _uuid(payload, "add_id")
        name = clean_text(_text(payload.get("name"), "name"))
        if not name:
            raise ValidationError({"tags": FieldError("required")})
        if len(name) > MAX_TAG:
            raise ValidationError({"tags": FieldError("too_long", limit=MAX_TAG)})
        colour = _text(payload.get("colour"), "colour")
        if not _COLOUR.fullmatch(colour):
            _invalid("colour", "expected #RRGGBB")
        existing = self.session.get(ContactTag, add_id)
        if existing is not None:
            if existing.contact_id != contact.id:
                _invalid("add_id", "already used for another contact")
            return  # the same add again: a set does not change
        tag = self.tag(contact.showroom_id, name, colour)
        if payload.get("rule_id") is not None and keyword_rules.ever_had(
            self.session, contact.id, tag.id
        ):
            # A tag a keyword rule gave on the desk, which the contact has (the same text's
            # `after_mutation` gave it) or had (the consultant removed it: it stays removed).
            # Applied without a second add; the desk drops its own add when it pulls this.
            data = {"id": str(add_id), "contact_id": str(contact.id), "tag_id": str(tag.id)}
            self.log(Entity.CONTACT_TAG, add_id, data, contact, ChangeOp.DELETE)
            return
        link = ContactTag(
            id=add_id,
            contact_id=contact.id,
            tag_id=tag.id,
            added_by=self.user.id,
            created_at=self.now,
            removed_at=None,
            removed_by=None,
        )
        self.session.add(link)
        self.session.flush()
        self.log(Entity.CONTACT_TAG, link.id, rows.contact_tag_data(link), contact)

    def tag(self, showroom_id: uuid.UUID, name: str, colour: str) -> Tag:
        """The showroom's tag called `name`, made (and logged for the showroom) if it is new."""
        return ensure_tag(self.session, self.changes, showroom_id, name, colour, self.now)

    def tag_remove(self, payload: Mapping[str, JSONValue]) -> None:
        contact = self.contact(payload)
        name = clean_text(_text(payload["name"], "name"))
        observed = payload["observed_add_ids"]
        if not isinstance(observed, list):
            _invalid("observed_add_ids", "expected a list of add ids")
        add_ids = {_uuid_value(value, "observed_add_ids") for value in observed}
        if not add_ids:
            return
        links = self.session.scalars(
            select(ContactTag)
            .join(Tag, Tag.id == ContactTag.tag_id)
            .where(
                ContactTag.id.in_(add_ids),
                ContactTag.contact_id == contact.id,
                ContactTag.removed_at.is_(None),
                Tag.name == name,
            )
            .order_by(ContactTag.id)
            .with_for_update(of=ContactTag)
        ).all()
        for link in links:
            link.removed_at = self.now
            link.removed_by = self.user.id
            self.log(
                Entity.CONTACT_TAG, link.id, rows.contact_tag_data(link), contact, ChangeOp.DELETE
            )
        if not links:
            return
        # Adds the remover had not seen survive (add wins). Clients keep one row per tag and
        # contact, under whichever add id they saw last; send the survivors again so a client
        # whose row carried a removed add id keeps the tag.
        survivors = self.session.scalars(
            select(ContactTag)
            .where(
                ContactTag.contact_id == contact.id,
                ContactTag.tag_id.in_({link.tag_id for link in links}),
                ContactTag.removed_at.is_(None),
            )
            .order_by(ContactTag.created_at, ContactTag.id)
        ).all()
        for link in survivors:
            self.log(Entity.CONTACT_TAG, link.id, rows.contact_tag_data(link), contact)

    # -- channels and live codes (the work is in consultant_server.services.channels)

    def channel_create(self, payload: Mapping[str, JSONValue]) -> None:
        tags = payload["tags"]
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            _invalid("tags", "expected a list of names")
        draft = ChannelDraft(
            name=_text(payload["name"], "name"),
            benefit=_text(payload["benefit"], "benefit"),
            welcome=_text(payload["welcome"], "welcome"),
            tags=tuple(tags),
        )
        shared = _bool(payload.get("shared", False), "shared")
        with _refusals():
            channels.create_channel(
                self.session,
                self.changes,
                self.user,
                _uuid(payload, "channel_id"),
                draft,
                shared=shared,
                now=self.now,
            )

    def channel_update(self, payload: Mapping[str, JSONValue]) -> None:
        channel_id = self.channel_id(payload)
        edits = payload["changes"]
        if not isinstance(edits, dict):
            _invalid("changes", "expected an object")
        with _refusals():
            channels.update_channel(
                self.session, self.changes, self.user, channel_id, edits, self.now
            )

    def channel_code_request(self, payload: Mapping[str, JSONValue]) -> None:
        channel_id = self.channel_id(payload)
        code_id = _uuid(payload, "code_id")
        with _refusals():
            code = channels.request_code(
                self.session, self.changes, self.user, channel_id, code_id, self.now
            )
        if code.id != code_id:
            # The user had a live code for the channel already (asked for on another device):
            # that one is theirs, and later mutations naming this id mean it.
            self.result = {"code_id": str(code.id)}

    def channel_code_set_status(self, payload: Mapping[str, JSONValue]) -> None:
        code_id = self.code_id(payload)
        status = _text(payload["status"], "status")
        with _refusals():
            channels.set_code_status(
                self.session, self.changes, self.user, code_id, status, self.now
            )

    def channel_id(self, payload: Mapping[str, JSONValue]) -> uuid.UUID:
        """The channel a mutation names; refused when it does not exist (saying why)."""
        channel_id = _uuid(payload, "channel_id")
        if self.session.get(Channel, channel_id) is None:
            self.missing("channel", channel_id, MutationKind.CHANNEL_CREATE)
        return channel_id

    def code_id(self, payload: Mapping[str, JSONValue]) -> uuid.UUID:
        """The code a mutation names: a code asked for under this id that turned out to be one
        the user had already means that one; refused when there is none."""
        code_id = _uuid(payload, "code_id")
        if self.session.get(ChannelCode, code_id) is not None:
            return code_id
        answered = self.session.scalar(
            select(AppliedMutation.result).where(
                AppliedMutation.subject_id == code_id,
                AppliedMutation.kind == MutationKind.CHANNEL_CODE_REQUEST.value,
                AppliedMutation.outcome == MutationOutcome.APPLIED.value,
            )
        )
        if isinstance(answered, dict) and isinstance(answered.get("code_id"), str):
            return uuid.UUID(answered["code_id"])
        self.missing("code", code_id, MutationKind.CHANNEL_CODE_REQUEST)


@contextmanager
def _refusals() -> Iterator[None]:
    """Turn the channel services' refusals into rejections with their reason."""
    try:
        yield
    except InvalidInputError as exc:
        field, problem = next(iter(exc.fields.items()))
        raise RejectedError(f"invalid: {field}: {problem}") from exc
    except ForbiddenError as exc:
        raise RejectedError(f"not allowed: {exc.message}") from exc
    except (NotFoundError, ConflictError) as exc:
        raise RejectedError(exc.message) from exc


def _batch_id(payload: Mapping[str, JSONValue]) -> uuid.UUID:
    """The creating move's batch: the client's if it sends one, else a new one."""
    if payload.get("batch_id") is None:
        return uuid.uuid4()
    return _uuid(payload, "batch_id")


def _clean_json(value: JSONValue) -> JSONValue:
    """`value` with control characters dropped from its text (JSONB refuses some of them)."""
    if isinstance(value, str):
        return clean_multiline(value)
    if isinstance(value, dict):
        return {key: _clean_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean_json(item) for item in value]
    return value
