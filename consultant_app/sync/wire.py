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
from typing import Any

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
    MutationKind.TAG_ADD: frozenset({"add_id", "contact_id", "name", "colour"}),
    MutationKind.TAG_REMOVE: frozenset({"contact_id", "name", "observed_add_ids"}),
}


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
