"""Mutations as they travel from a client to the server, defined once for both sides.

A mutation is one user command with a client-made id; see docs/sync-protocol.md. Payloads are
plain JSON objects (dates and times as ISO text) so the server can validate them with the same
domain rules the client ran.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple

WIRE_VERSION = 1

JSONValue = Any  # what json.loads returns


class MutationKind(StrEnum):
    """Every command a client can push; the values are on the wire, never rename them."""

    CONTACT_CREATE = "contact.create"
    CONTACT_UPDATE = "contact.update"
    CONTACT_SNOOZE = "contact.snooze"
    STAGE_MOVE = "stage.move"
    ACTIVITY_ADD = "activity.add"
    REMINDER_ADD = "reminder.add"
    REMINDER_COMPLETE = "reminder.complete"
    TAG_ADD = "tag.add"
    TAG_REMOVE = "tag.remove"
    # Material library (素材库): personal scripts, and usage that feeds ranking and reports.
    MATERIAL_CREATE = "material.create"
    MATERIAL_UPDATE = "material.update"
    MATERIAL_DELETE = "material.delete"
    MATERIAL_USE = "material.use"
    # Channel live codes (渠道活码): a consultant's own channels and their codes.
    CHANNEL_CREATE = "channel.create"
    CHANNEL_UPDATE = "channel.update"
    CHANNEL_CODE_REQUEST = "channel_code.request"
    CHANNEL_CODE_SET_STATUS = "channel_code.set_status"


#: Contact fields that merge one by one (a field edit carries its base value).
CONTACT_FIELDS = (
    "name",
    "mobile",
    "wecom_id",
    "gender",
    "models",
    "budget_min_yuan",
    "budget_max_yuan",
    "source_channel",
    "birthday",
    "remark",
)

#: Keys each kind's payload must have (more are allowed, for newer clients).
REQUIRED_KEYS: dict[MutationKind, frozenset[str]] = {
    MutationKind.CONTACT_CREATE: frozenset(
        {"contact_id", "stage", "stage_change_id", "fields", "tags"}
    ),
    MutationKind.CONTACT_UPDATE: frozenset({"contact_id", "changes"}),
    MutationKind.CONTACT_SNOOZE: frozenset({"contact_id", "until"}),
    MutationKind.STAGE_MOVE: frozenset(
        {"contact_id", "stage_change_id", "from_stage", "to_stage", "details", "batch_id", "undo"}
    ),
    MutationKind.ACTIVITY_ADD: frozenset(
        {"activity_id", "contact_id", "kind", "body", "occurred_at"}
    ),
    MutationKind.REMINDER_ADD: frozenset({"reminder_id", "contact_id", "due_at", "note"}),
    MutationKind.REMINDER_COMPLETE: frozenset({"reminder_id", "done_at"}),
    # A desk's add for a keyword rule also carries `rule_id`: the server then never adds a tag
    # the contact has or ever had (docs/library.md, "Keyword tags").
    MutationKind.TAG_ADD: frozenset({"add_id", "contact_id", "name", "colour"}),
    MutationKind.TAG_REMOVE: frozenset({"contact_id", "name", "observed_add_ids"}),
    MutationKind.MATERIAL_CREATE: frozenset({"material_id", "fields"}),
    MutationKind.MATERIAL_UPDATE: frozenset({"material_id", "fields"}),
    MutationKind.MATERIAL_DELETE: frozenset({"material_id"}),
    MutationKind.MATERIAL_USE: frozenset({"material_id", "action", "used_at"}),
    MutationKind.CHANNEL_CREATE: frozenset({"channel_id", "name", "benefit", "welcome", "tags"}),
    MutationKind.CHANNEL_UPDATE: frozenset({"channel_id", "changes"}),
    MutationKind.CHANNEL_CODE_REQUEST: frozenset({"code_id", "channel_id"}),
    MutationKind.CHANNEL_CODE_SET_STATUS: frozenset({"code_id", "status"}),
}

#: Channel fields a `channel.update` may set (each to its new value; the last write wins).
CHANNEL_FIELDS = ("name", "benefit", "welcome", "tags", "archived")


class CodeStatus(StrEnum):
    """A live code's state: a paused code's scans go to the showroom's duty consultant, a
    revoked one answers "no longer in use" (and never comes back)."""

    ACTIVE = "active"
    PAUSED = "paused"
    REVOKED = "revoked"


class CodeKind(StrEnum):
    """Whose a live code is: one consultant's, or the showroom's duty code (routed by roster)."""

    CONSULTANT = "consultant"
    DUTY = "duty"


#: The fields of a personal script a `material.create` / `material.update` carries, all of
#: them each time (one owner edits it; the last write in server order wins). `tags` and
#: `models` are lists of names, `category_id` may be null.
PERSONAL_MATERIAL_FIELDS = ("kind", "title", "body", "category_id", "tags", "models")


class WireError(ValueError):
    """A mutation that is not well formed (unknown kind, missing keys, not JSON)."""


@dataclass(frozen=True, slots=True)
class Mutation:
    """One command to push: its id, kind and JSON payload."""

    mutation_id: str
    kind: MutationKind
    payload: Mapping[str, JSONValue]

    def to_json(self) -> dict[str, JSONValue]:
        return {
            "v": WIRE_VERSION,
            "mutation_id": self.mutation_id,
            "kind": self.kind.value,
            "payload": dict(self.payload),
        }


def decode(data: JSONValue) -> Mutation:
    """A mutation from its JSON form; WireError says what is wrong with it."""
    if not isinstance(data, dict):
        raise WireError("a mutation is a JSON object")
    try:
        kind = MutationKind(str(data.get("kind")))
    except ValueError as exc:
        raise WireError(f"unknown mutation kind {data.get('kind')!r}") from exc
    mutation_id = data.get("mutation_id")
    try:
        canonical = str(uuid.UUID(str(mutation_id)))
    except ValueError as exc:
        raise WireError("mutation_id must be a UUID") from exc
    payload = data.get("payload")
    if not isinstance(payload, dict):
        raise WireError("payload must be a JSON object")
    missing = REQUIRED_KEYS[kind] - payload.keys()
    if missing:
        raise WireError(f"{kind.value} payload lacks {', '.join(sorted(missing))}")
    return Mutation(canonical, kind, payload)


def dumps(payload: Mapping[str, JSONValue]) -> str:
    """Compact, stable JSON text for storing a payload."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# --- Pull: changes from the server --------------------------------------------------------


class Entity(StrEnum):
    """What a pulled change describes; `data` holds the whole row (a snapshot, not a diff)."""

    CONSULTANT = "consultant"
    CONTACT = "contact"
    STAGE_CHANGE = "stage_change"
    ACTIVITY = "activity"
    REMINDER = "reminder"
    TAG = "tag"
    CONTACT_TAG = "contact_tag"
    FIELD_CONFLICT = "field_conflict"
    MATERIAL = "material"
    MATERIAL_CATEGORY = "material_category"
    CHANNEL = "channel"
    CHANNEL_CODE = "channel_code"
    KEYWORD_RULE = "keyword_rule"


class ChangeOp(StrEnum):
    """How a pulled change applies locally."""

    UPSERT = "upsert"  # insert or replace the row with `data`
    DELETE = "delete"  # remove the row (a removed tag; contacts are tombstoned by upsert)
    REVOKE = "revoke"  # a contact was reassigned away: drop it and its history locally


#: Keys each entity's `data` carries on upsert. Times are ISO 8601 with a UTC offset, dates
#: ISO dates; `models` is a list of names; `details` a JSON object or null.
ENTITY_FIELDS: dict[Entity, frozenset[str]] = {
    Entity.CONSULTANT: frozenset({"id", "username", "display_name", "showroom", "title"}),
    Entity.CONTACT: frozenset(
        {
            "id",
            "owner_id",
            *CONTACT_FIELDS,
            "stage",
            "stage_entered_at",
            "last_touch_at",
            "snoozed_until",
            "deleted_at",
            "created_at",
            "updated_at",
        }
    ),
    Entity.STAGE_CHANGE: frozenset(
        {
            "id",
            "contact_id",
            "from_stage",
            "to_stage",
            "changed_at",
            "changed_by",
            "lost_reason",
            "competitor",
            "details",
            "batch_id",
            "is_undo",
        }
    ),
    Entity.ACTIVITY: frozenset({"id", "contact_id", "kind", "body", "occurred_at", "created_by"}),
    Entity.REMINDER: frozenset({"id", "contact_id", "due_at", "note", "done", "done_at"}),
    Entity.TAG: frozenset({"id", "name", "colour"}),
    Entity.CONTACT_TAG: frozenset({"id", "contact_id", "tag_id"}),
    Entity.FIELD_CONFLICT: frozenset(
        {"id", "contact_id", "field", "lost_value", "kept_value", "at", "lost_by"}
    ),
    # A company material (`scope` "company", `owner_id` null) or one of the consultant's
    # personal scripts (`scope` "personal"). `kind`: qa, script, article, image, document;
    # `tags`, `models`: lists of names; `file_hash`: the SHA-256 (hex) of the file, or null.
    Entity.MATERIAL: frozenset(
        {
            "id",
            "kind",
            "scope",
            "owner_id",
            "title",
            "body",
            "summary",
            "url",
            "category_id",
            "tags",
            "models",
            "author",
            "file_hash",
            "file_name",
            "file_size",
            "mime_type",
            "created_at",
            "updated_at",
        }
    ),
    # A node of the material category tree; `parent_id` null at the top.
    Entity.MATERIAL_CATEGORY: frozenset({"id", "parent_id", "name", "position"}),
    # `owner_id` null: the showroom's (built-in or a manager's); `builtin` the built-in code
    # (display_stand …) or null; `tags` a list of names; `archived_at` null while in use.
    Entity.CHANNEL: frozenset(
        {
            "id",
            "owner_id",
            "builtin",
            "name",
            "benefit",
            "welcome",
            "tags",
            "archived_at",
            "created_at",
            "updated_at",
        }
    ),
    # `token` is the server's short code of the URL /q/<token>; `owner_id` null for a duty
    # code; `target_id` the consultant scans go to instead of the owner (null: the owner).
    Entity.CHANNEL_CODE: frozenset(
        {
            "id",
            "channel_id",
            "kind",
            "owner_id",
            "target_id",
            "token",
            "status",
            "created_at",
            "updated_at",
        }
    ),
    # A manager's keyword → tag rule (the showroom's, live ones only; a deleted rule is a
    # `delete`): `keywords` a list of texts, `tag` the tag's name (docs/library.md).
    Entity.KEYWORD_RULE: frozenset({"id", "keywords", "tag"}),
}


@dataclass(frozen=True, slots=True)
class Change:
    """One change from the server's log, in `seq` order."""

    seq: int
    entity: Entity
    id: str
    op: ChangeOp
    data: Mapping[str, JSONValue]

    def to_json(self) -> dict[str, JSONValue]:
        return {
            "seq": self.seq,
            "entity": self.entity.value,
            "id": self.id,
            "op": self.op.value,
            "data": dict(self.data),
        }


def decode_change(data: JSONValue) -> Change:
    """A pulled change from its JSON form; WireError says what is wrong with it."""
    if not isinstance(data, dict):
        raise WireError("a change is a JSON object")
    try:
        entity = Entity(str(data.get("entity")))
        op = ChangeOp(str(data.get("op")))
    except ValueError as exc:
        raise WireError(f"unknown entity or op in {data!r:.120}") from exc
    seq, ident, body = data.get("seq"), data.get("id"), data.get("data")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise WireError("seq must be a positive integer")
    if not isinstance(ident, str) or not ident:
        raise WireError("id must be a string")
    if not isinstance(body, dict):
        raise WireError("data must be a JSON object")
    if op is ChangeOp.UPSERT:
        missing = ENTITY_FIELDS[entity] - body.keys()
        if missing:
            raise WireError(f"{entity.value} upsert lacks {', '.join(sorted(missing))}")
    return Change(seq, entity, ident, op, body)


# --- Push answers: each mutation's outcome, and for a refusal the server's truth ---------------


class SubjectRow(NamedTuple):
    """A row a mutation made (`created`) or changed on the desk that made it."""

    entity: Entity
    id: str
    created: bool


def subject_rows(kind: MutationKind, payload: Mapping[str, JSONValue]) -> list[SubjectRow]:
    """The rows a mutation creates or changes on the desk that made it.

    When the server refuses the mutation for good, these are the rows the desk sets back to
    the server's truth: each one the answer's `current` carries is replaced by it, and each
    one the mutation created that `current` lacks is removed (the server has no such row; a
    contact goes with its history). A changed row `current` lacks exists on the server but
    is no longer the user's to see: the change log's revocation (a script's removal) takes
    it away, in order. `material.use` has none: it changes no synced row (the desk's own
    tally of copies and sends keeps the use, which did happen).
    """

    def rows(entity: Entity, *keys: str, created: bool) -> list[SubjectRow]:
        values = [payload.get(key) for key in keys]
        return [SubjectRow(entity, v, created) for v in values if isinstance(v, str)]

    found: list[SubjectRow] = []
    if kind is MutationKind.CONTACT_CREATE:
        found += rows(Entity.CONTACT, "contact_id", created=True)
        found += rows(Entity.STAGE_CHANGE, "stage_change_id", created=True)
        tags = payload.get("tags")
        adds = (
            [t.get("add_id") for t in tags if isinstance(t, dict)] if isinstance(tags, list) else []
        )
        found += _links(adds, created=True)
    elif kind in _CONTACT_SUBJECT_KINDS:
        found += rows(Entity.CONTACT, "contact_id", created=False)
    if kind is MutationKind.STAGE_MOVE:
        found += rows(Entity.STAGE_CHANGE, "stage_change_id", created=True)
    elif kind is MutationKind.ACTIVITY_ADD:
        found += rows(Entity.ACTIVITY, "activity_id", created=True)
    elif kind is MutationKind.REMINDER_ADD:
        found += rows(Entity.REMINDER, "reminder_id", created=True)
    elif kind is MutationKind.REMINDER_COMPLETE:
        found += rows(Entity.REMINDER, "reminder_id", created=False)
    elif kind is MutationKind.TAG_ADD:
        found += rows(Entity.CONTACT_TAG, "add_id", created=True)
    elif kind is MutationKind.TAG_REMOVE:
        observed = payload.get("observed_add_ids")
        found += _links(observed if isinstance(observed, list) else [], created=False)
    elif kind is MutationKind.CHANNEL_CREATE:
        found += rows(Entity.CHANNEL, "channel_id", created=True)
    elif kind is MutationKind.CHANNEL_UPDATE:
        found += rows(Entity.CHANNEL, "channel_id", created=False)
    elif kind is MutationKind.CHANNEL_CODE_REQUEST:
        found += rows(Entity.CHANNEL_CODE, "code_id", created=True)
    elif kind is MutationKind.CHANNEL_CODE_SET_STATUS:
        found += rows(Entity.CHANNEL_CODE, "code_id", created=False)
    elif kind is MutationKind.MATERIAL_CREATE:
        found += rows(Entity.MATERIAL, "material_id", created=True)
    elif kind in (MutationKind.MATERIAL_UPDATE, MutationKind.MATERIAL_DELETE):
        found += rows(Entity.MATERIAL, "material_id", created=False)
    return found


def _links(add_ids: list[JSONValue], *, created: bool) -> list[SubjectRow]:
    return [SubjectRow(Entity.CONTACT_TAG, a, created) for a in add_ids if isinstance(a, str)]


#: Kinds that change the contact their payload names (`reminder.complete` names its reminder).
_CONTACT_SUBJECT_KINDS = frozenset(
    {
        MutationKind.CONTACT_UPDATE,
        MutationKind.CONTACT_SNOOZE,
        MutationKind.STAGE_MOVE,
        MutationKind.ACTIVITY_ADD,
        MutationKind.REMINDER_ADD,
        MutationKind.TAG_ADD,
        MutationKind.TAG_REMOVE,
    }
)


class OutcomeKind(StrEnum):
    """What the server did with a pushed mutation; the values are on the wire."""

    APPLIED = "applied"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class PushOutcome:
    """The server's answer for one pushed mutation (one element of the push's `outcomes`).

    `current` comes with a refusal only: the server's current rows, whole, for the mutation's
    `subject_rows` that the user may see (and the rows those need, such as a contact tag's
    tag), read after the whole batch was handled, so that the desk can take the refused
    mutation's local effect back. None when the answer carries none (a server older than
    this field): the desk then has nothing to set its rows back to. The key is left out
    of the JSON then, so older clients read the answer as before.
    """

    mutation_id: str | None
    applied: bool
    reason: str = ""
    current: tuple[Change, ...] | None = None

    def to_json(self) -> dict[str, JSONValue]:
        body: dict[str, JSONValue] = {
            "mutation_id": self.mutation_id,
            "outcome": (OutcomeKind.APPLIED if self.applied else OutcomeKind.REJECTED).value,
            "reason": self.reason or None,
        }
        if self.current is not None:
            body["current"] = [change.to_json() for change in self.current]
        return body


def decode_outcome(data: JSONValue) -> PushOutcome:
    """One push outcome from its JSON form; WireError says what is wrong with it."""
    if not isinstance(data, dict):
        raise WireError("an outcome is a JSON object")
    try:
        applied = OutcomeKind(str(data.get("outcome"))) is OutcomeKind.APPLIED
    except ValueError as exc:
        raise WireError(f"unknown outcome {data.get('outcome')!r}") from exc
    mutation_id = data.get("mutation_id")
    if mutation_id is not None and not isinstance(mutation_id, str):
        raise WireError("mutation_id must be text or null")
    raw = data.get("current")
    if raw is not None and not isinstance(raw, list):
        raise WireError("current must be a list of changes")
    current = None if raw is None else tuple(decode_change(c) for c in raw)
    return PushOutcome(mutation_id, applied, str(data.get("reason") or ""), current)
