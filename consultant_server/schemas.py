"""Request and response bodies of the HTTP API (kept apart from the table models)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
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


# --- channels and live codes -----------------------------------------------------------------


class ChannelCreate(BaseModel):
    """A new channel: the caller's own, or (a manager) the showroom's with `shared`.

    `id` may be given (a UUID the caller made; the same id again changes nothing).
    """

    id: uuid.UUID | None = None
    name: str = Field(min_length=1, max_length=64, examples=["车友会"])
    benefit: str = Field(default="", max_length=256, examples=["扫码领取免费洗车券"])
    welcome: str = Field(
        default="", max_length=2000, examples=["{customer}您好，我是{showroom}的{consultant}。"]
    )
    tags: list[str] = Field(default_factory=list, max_length=20)
    shared: bool = False


class ChannelUpdate(BaseModel):
    """The fields to change (those left out stay); `archived` hides or shows the channel."""

    name: str | None = Field(default=None, min_length=1, max_length=64)
    benefit: str | None = Field(default=None, max_length=256)
    welcome: str | None = Field(default=None, max_length=2000)
    tags: list[str] | None = Field(default=None, max_length=20)
    archived: bool | None = None


class CodeCreate(BaseModel):
    """Ask for a code of a channel: the caller's own, or (a manager) a showroom duty code."""

    id: uuid.UUID | None = None
    kind: Literal["consultant", "duty"] = "consultant"


class CodeStatusBody(BaseModel):
    """Pause, resume or revoke (for good) a code."""

    status: Literal["active", "paused", "revoked"]


class CodeTargetBody(BaseModel):
    """Send a consultant code's scans to another user of the showroom (null: its owner)."""

    target_id: uuid.UUID | None


class CodePublic(BaseModel):
    """A live code; `url` is what its QR code encodes."""

    id: uuid.UUID
    channel_id: uuid.UUID
    kind: Literal["consultant", "duty"]
    owner_id: uuid.UUID | None
    target_id: uuid.UUID | None
    token: str
    url: str
    status: Literal["active", "paused", "revoked"]
    created_at: datetime
    updated_at: datetime


class ChannelPublic(BaseModel):
    """A channel with the codes of it the caller may see."""

    id: uuid.UUID
    owner_id: uuid.UUID | None
    builtin: str | None
    name: str
    benefit: str
    welcome: str
    tags: list[str]
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime
    codes: list[CodePublic]


class RosterSlotBody(BaseModel):
    """One user on duty on a weekday (0 = Monday … 6 = Sunday), with their own cap if any."""

    weekday: int = Field(ge=0, le=6)
    user_id: uuid.UUID
    daily_cap: int | None = Field(default=None, ge=1, le=1000)


class RosterBody(BaseModel):
    """A showroom's duty roster: the default daily cap per consultant, the backup, the days."""

    daily_cap: int | None = Field(default=None, ge=1, le=1000)
    backup_id: uuid.UUID | None = None
    slots: list[RosterSlotBody] = Field(default_factory=list, max_length=7 * 200)


class RosterPublic(RosterBody):
    """The roster as stored (`updated_at` null: never set)."""

    updated_at: datetime | None


class StatsRowBody(BaseModel):
    """One channel's or consultant's numbers (`id` null: duty views that went to nobody)."""

    id: uuid.UUID | None
    name: str
    scans: int
    leads: int
    again: int
    reached: dict[str, int]


class StatsResponse(BaseModel):
    """Scans, leads and the later stages those leads reached, over the days asked for."""

    start: date
    end: date
    group: Literal["channel", "consultant"]
    rows: list[StatsRowBody]
