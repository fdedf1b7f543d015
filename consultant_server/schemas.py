"""Request and response bodies of the HTTP API (kept apart from the table models)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, JsonValue

from consultant_server.models import Role, User
from consultant_server.services.accounts import MAX_PASSWORD
from consultant_server.services.sync import MAX_PUSH_MUTATIONS


class ErrorBody(BaseModel):
    """Every 4xx and 5xx answer: a stable code for programs and a message for people."""

    error: str = Field(examples=["token_expired"])
    message: str = Field(examples=["the token has expired; sign in again"])
    fields: dict[str, str] | None = Field(
        default=None, description="For invalid requests: what is wrong with each field"
    )


class Health(BaseModel):
    """The answer of GET /healthz."""

    status: Literal["ok", "error"]
    database: Literal["ok", "unavailable"]
    version: str


class LoginRequest(BaseModel):
    """Sign in from one device (a client workspace, named by the UUID the client made)."""

    username: str = Field(min_length=1, max_length=256)
    password: str = Field(min_length=1, max_length=MAX_PASSWORD)
    device_id: uuid.UUID
    client_version: str = Field(min_length=1, max_length=32, examples=["0.1.0"])


class UserPublic(BaseModel):
    """What a signed-in user sees of themselves."""

    id: uuid.UUID
    username: str
    display_name: str
    role: Role
    showroom_id: uuid.UUID
    showroom_name: str
    is_active: bool

    @classmethod
    def of(cls, user: User) -> UserPublic:
        return cls(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            role=Role(user.role),
            showroom_id=user.showroom_id,
            showroom_name=user.showroom.name,
            is_active=user.is_active,
        )


class LoginResponse(BaseModel):
    """The bearer token (shown only here; the server keeps its hash) and who it belongs to."""

    token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime
    user: UserPublic
    min_client_version: str


class PushRequest(BaseModel):
    """Mutations from one device's outbox, in outbox order (`consultant_app.sync.wire`).

    Each mutation is ``{"mutation_id", "kind", "payload"}`` (plus ``v`` and an optional
    ``client_seq``); each is checked on its own, so one malformed mutation is rejected alone.
    """

    device_id: uuid.UUID
    client_version: str = Field(min_length=1, max_length=32, examples=["0.1.0"])
    mutations: list[JsonValue] = Field(max_length=MAX_PUSH_MUTATIONS)


class MutationOutcomeBody(BaseModel):
    """The answer for one mutation; a rejection is final and carries its reason."""

    mutation_id: str | None
    outcome: Literal["applied", "rejected"]
    reason: str | None = None


class PushResponse(BaseModel):
    """Outcomes in the order sent; fewer than sent when a transient failure stopped the batch
    (the client pushes the rest later, in order)."""

    outcomes: list[MutationOutcomeBody]
    min_client_version: str


class ChangeBody(BaseModel):
    """One change (`consultant_app.sync.wire.Change`): `data` is the whole row."""

    seq: int
    entity: str
    id: str
    op: Literal["upsert", "delete", "revoke"]
    data: dict[str, Any]


class PullResponse(BaseModel):
    """A page of changes in `seq` order and the cursor covering exactly that page."""

    changes: list[ChangeBody]
    cursor: str
    more: bool
    min_client_version: str


#: Most contacts one reassignment request may name (leave them out to move them all).
MAX_REASSIGN_IDS = 5000


class ReassignRequest(BaseModel):
    """Move customers from one user to another of the same showroom (managers only).

    Users are named by username. Without `contact_ids`, every contact of `from_user` moves
    (离职继承); with them, those contacts, each of which must be `from_user`'s.
    """

    from_user: str = Field(min_length=1, max_length=256, examples=["zhangwei"])
    to_user: str = Field(min_length=1, max_length=256, examples=["lina"])
    contact_ids: list[uuid.UUID] | None = Field(default=None, max_length=MAX_REASSIGN_IDS)


class ReassignResponse(BaseModel):
    """How many contacts moved (all in one transaction)."""

    moved: int
