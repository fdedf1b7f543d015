"""Sync test helpers: mutations shaped as the client makes them, and a device that syncs.

The builders mirror `consultant_app/services/contacts.py` (`_emit`, `_field_values`,
`_tag_add`); `tests/consultant_server/test_sync_push.py` also pushes a real client outbox, so a
drift between the two shows up there.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from httpx import Response

from consultant_app.domain.activity import tag_colour
from consultant_app.sync.wire import CONTACT_FIELDS, Mutation, MutationKind, decode_change
from tests.consultant_server.support import TestClient, bearer, login

Json = dict[str, Any]


def new_id() -> str:
    return str(uuid.uuid4())


def mutation(kind: MutationKind, payload: Json, mutation_id: str | None = None) -> Json:
    """A mutation in its wire form (`Mutation.to_json`, as the client's outbox sends it)."""
    return Mutation(mutation_id or new_id(), kind, payload).to_json()


def fields(**overrides: Any) -> Json:
    """A contact's mergeable fields as `_field_values` gives them."""
    values: Json = {
        "name": "张伟",
        "mobile": "+8613812345678",
        "wecom_id": "",
        "gender": "unknown",
        "models": ["迈腾"],
        "budget_min_yuan": None,
        "budget_max_yuan": None,
        "source_channel": "",
        "birthday": None,
        "remark": "",
    }
    values.update(overrides)
    assert tuple(values) == CONTACT_FIELDS
    return values


def tag_add(contact_id: str, name: str, add_id: str | None = None) -> Json:
    return {
        "add_id": add_id or new_id(),
        "contact_id": contact_id,
        "name": name,
        "colour": tag_colour(name),
    }


def create(
    contact_id: str | None = None,
    *,
    stage: str = "lead",
    tags: Iterable[str] = (),
    **overrides: Any,
) -> Json:
    contact_id = contact_id or new_id()
    return mutation(
        MutationKind.CONTACT_CREATE,
        {
            "contact_id": contact_id,
            "stage": stage,
            "stage_change_id": new_id(),
            "fields": fields(**overrides),
            "tags": [tag_add(contact_id, name) for name in tags],
        },
    )


def update(contact_id: str, **edits: tuple[Any, Any]) -> Json:
    """A field edit: each field as (base, value)."""
    return mutation(
        MutationKind.CONTACT_UPDATE,
        {
            "contact_id": contact_id,
            "changes": {f: {"base": base, "value": value} for f, (base, value) in edits.items()},
        },
    )


def move(
    contact_id: str,
    from_stage: str,
    to_stage: str,
    details: Json | None = None,
    *,
    undo: bool = False,
) -> Json:
    return mutation(
        MutationKind.STAGE_MOVE,
        {
            "contact_id": contact_id,
            "stage_change_id": new_id(),
            "from_stage": from_stage,
            "to_stage": to_stage,
            "details": details,
            "batch_id": new_id(),
            "undo": undo,
        },
    )


def activity(
    contact_id: str, occurred_at: datetime, *, kind: str = "call", body: str = "聊了配置"
) -> Json:
    return mutation(
        MutationKind.ACTIVITY_ADD,
        {
            "activity_id": new_id(),
            "contact_id": contact_id,
            "kind": kind,
            "body": body,
            "occurred_at": occurred_at.isoformat(),
        },
    )


def reminder(contact_id: str, due_at: datetime, note: str = "回访", reminder_id: str = "") -> Json:
    return mutation(
        MutationKind.REMINDER_ADD,
        {
            "reminder_id": reminder_id or new_id(),
            "contact_id": contact_id,
            "due_at": due_at.isoformat(),
            "note": note,
        },
    )


def complete(reminder_id: str, done_at: datetime) -> Json:
    return mutation(
        MutationKind.REMINDER_COMPLETE, {"reminder_id": reminder_id, "done_at": done_at.isoformat()}
    )


def add_tag(contact_id: str, name: str, add_id: str | None = None) -> Json:
    return mutation(MutationKind.TAG_ADD, tag_add(contact_id, name, add_id))


def remove_tag(contact_id: str, name: str, observed: list[str]) -> Json:
    return mutation(
        MutationKind.TAG_REMOVE,
        {"contact_id": contact_id, "name": name, "observed_add_ids": observed},
    )


def snooze(contact_id: str, until: date | None) -> Json:
    return mutation(
        MutationKind.CONTACT_SNOOZE,
        {"contact_id": contact_id, "until": until.isoformat() if until else None},
    )


VISIT = {"type": "VisitDetails", "visit_time": "2025-03-03T10:00:00+08:00", "party_size": 2}


class SyncDevice:
    """One signed-in client workspace talking to the test server."""

    def __init__(self, client: TestClient, username: str, *, client_version: str = "0.1.0") -> None:
        self.client = client
        self.id = uuid.uuid4()
        self.client_version = client_version
        self.token = login(client, username, device_id=self.id, client_version=client_version)
        self.cursor = ""
        #: What this client holds after applying every pulled change: (entity, id) → data.
        self.state: dict[tuple[str, str], Json] = {}

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.token)

    def push_response(self, *mutations: Any, **body: Any) -> Response:
        payload = {
            "device_id": str(self.id),
            "client_version": self.client_version,
            "mutations": list(mutations),
            **body,
        }
        response: Response = self.client.post("/sync/push", json=payload, headers=self.headers)
        return response

    def push(self, *mutations: Any) -> list[Json]:
        """Push and return the outcomes (the push must answer 200)."""
        response = self.push_response(*mutations)
        assert response.status_code == 200, response.text
        outcomes: list[Json] = response.json()["outcomes"]
        return outcomes

    def push_ok(self, *mutations: Json) -> None:
        outcomes = self.push(*mutations)
        assert [o["outcome"] for o in outcomes] == ["applied"] * len(mutations), outcomes

    def pull_response(self, cursor: str | None = None, **params: Any) -> Response:
        query = {"cursor": self.cursor if cursor is None else cursor, **params}
        response: Response = self.client.get("/sync/pull", params=query, headers=self.headers)
        return response

    def pull(self, limit: int = 500) -> list[Json]:
        """Pull until `more` is false, applying each page; returns the changes received."""
        received: list[Json] = []
        while True:
            response = self.pull_response(limit=limit)
            assert response.status_code == 200, response.text
            page = response.json()
            self.apply(page["changes"])
            received.extend(page["changes"])
            self.cursor = page["cursor"]
            if not page["more"]:
                return received

    def apply(self, changes: list[Json]) -> None:
        """Apply changes the way a client does: whole-row upserts, deletes by id."""
        for change in changes:
            decode_change(change)  # every change is one the client can read
            key = (change["entity"], change["id"])
            if change["op"] == "delete":
                self.state.pop(key, None)
            elif change["op"] == "revoke":
                self.state = {k: v for k, v in self.state.items() if change["id"] not in k}
            else:
                self.state[key] = change["data"]

    def rows(self, entity: str) -> list[Json]:
        return [data for (kind, _), data in self.state.items() if kind == entity]

    def contact(self, contact_id: str) -> Json:
        return self.state[("contact", contact_id)]

    def tag_names(self, contact_id: str) -> set[str]:
        names = {data["id"]: data["name"] for data in self.rows("tag")}
        return {
            names[link["tag_id"]]
            for link in self.rows("contact_tag")
            if link["contact_id"] == contact_id
        }


def outcomes_of(outcomes: list[Json]) -> list[tuple[str, str | None]]:
    return [(o["outcome"], o["reason"]) for o in outcomes]
