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
    """The answer for one mutation (`consultant_app.sync.wire.PushOutcome`); a rejection is
    final and carries its reason, and `current`: the server's current rows of what the
    mutation created or changed, as far as the user may see them (absent on ``applied``)."""

    mutation_id: str | None
    outcome: Literal["applied", "rejected"]
    reason: str | None = None
    current: list[ChangeBody] | None = None


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


class WaitResponse(BaseModel):
    """The answer of the `/sync/wait` long poll: pull now (``changed``) or wait again."""

    changed: bool
    cursor: str


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


# --- the material library ----------------------------------------------------------------------

MaterialKindName = Literal["qa", "script", "article", "image", "document"]


class MaterialCreate(BaseModel):
    """A company material to publish (managers). `category_id`, or `category_path` (names
    from the top, made where missing); images and documents name an uploaded file by its
    SHA-256 (`POST /materials/files`). `id` may be given (the same id again changes nothing).
    """

    id: uuid.UUID | None = None
    kind: MaterialKindName
    title: str = Field(min_length=1, max_length=400, examples=["迈腾 2025 款金融政策"])
    body: str = Field(default="", max_length=40_000)
    summary: str = Field(default="", max_length=2000)
    url: str = Field(default="", max_length=2048, examples=["https://www.example-dealer.cn/a/1"])
    category_id: uuid.UUID | None = None
    category_path: list[str] = Field(
        default_factory=list, max_length=5, examples=[["车型资料", "迈腾"]]
    )
    tags: list[str] = Field(default_factory=list, max_length=40, examples=[["意向:迈腾"]])
    models: list[str] = Field(default_factory=list, max_length=40, examples=[["迈腾"]])
    author: str = Field(default="", max_length=128)
    file_hash: str | None = Field(default=None, max_length=64)
    file_name: str = Field(default="", max_length=510)


class MaterialUpdate(BaseModel):
    """The fields of a company material to change (those left out stay)."""

    kind: MaterialKindName | None = None
    title: str | None = Field(default=None, min_length=1, max_length=400)
    body: str | None = Field(default=None, max_length=40_000)
    summary: str | None = Field(default=None, max_length=2000)
    url: str | None = Field(default=None, max_length=2048)
    category_id: uuid.UUID | None = None
    category_path: list[str] | None = Field(default=None, max_length=5)
    tags: list[str] | None = Field(default=None, max_length=40)
    models: list[str] | None = Field(default=None, max_length=40)
    author: str | None = Field(default=None, max_length=128)
    file_hash: str | None = Field(default=None, max_length=64)
    file_name: str | None = Field(default=None, max_length=510)


class MaterialPublic(BaseModel):
    """A material as the API shows it; `file_url` downloads its file (null: none)."""

    id: uuid.UUID
    kind: MaterialKindName
    scope: Literal["company", "personal"]
    owner_id: uuid.UUID | None
    title: str
    body: str
    summary: str
    url: str
    category_id: uuid.UUID | None
    tags: list[str]
    models: list[str]
    author: str
    file_hash: str | None
    file_name: str
    file_size: int | None
    mime_type: str
    file_url: str | None
    retired_at: datetime | None
    created_at: datetime
    updated_at: datetime


class StoredFileBody(BaseModel):
    """A stored file: name it by `sha256` in a material; `new` is false when these bytes were
    stored already (by anyone), which changes nothing."""

    sha256: str
    size: int
    mime_type: str
    new: bool
    url: str


class CategoryCreate(BaseModel):
    """A new category under `parent_id` (null: at the top); `position` orders siblings."""

    name: str = Field(min_length=1, max_length=128, examples=["金融政策"])
    parent_id: uuid.UUID | None = None
    position: int | None = Field(default=None, ge=0, le=100_000)


class CategoryUpdate(BaseModel):
    """Rename, move (`parent_id`, null: to the top) or reorder a category."""

    name: str | None = Field(default=None, min_length=1, max_length=128)
    parent_id: uuid.UUID | None = None
    position: int | None = Field(default=None, ge=0, le=100_000)


class CategoryPublic(BaseModel):
    """A node of the showroom's category tree; `path` the names from the top down to it."""

    id: uuid.UUID
    parent_id: uuid.UUID | None
    name: str
    position: int
    path: list[str]


class ImportProblemBody(BaseModel):
    """What is wrong with one field of a row (`code` as the desk's importer names it)."""

    field: str
    code: str
    detail: str


class ImportRejectedRowBody(BaseModel):
    """A rejected row: the file it is in, its row number (0: a file of a folder, or the sheet
    as a whole), its title and every problem."""

    source: str
    row: int
    title: str
    problems: list[ImportProblemBody]


class ImportRejectedBody(ErrorBody):
    """A refused import (422 ``import_rejected``): nothing was imported."""

    rows: int
    rejected: list[ImportRejectedRowBody]


class ImportResultBody(BaseModel):
    """An import that went through (or, `dry_run`, would): rows read, materials added and
    updated (a row whose kind and title match a live material updates it)."""

    rows: int
    created: int
    updated: int
    material_ids: list[uuid.UUID]
    dry_run: bool


class MaterialUsageBody(BaseModel):
    """One company material's copies and sends over the period, by how many consultants."""

    id: uuid.UUID
    title: str
    kind: MaterialKindName
    category_id: uuid.UUID | None
    copies: int
    sends: int
    users: int
    last_used_at: datetime | None
    retired: bool
    #: Customers' opens of the article's tracked links (链接雷达) in the period, and how many
    #: customers opened it.
    opens: int = 0
    readers: int = 0


class MaterialStatsResponse(BaseModel):
    """Usage per company material, most used first (`start`/`end` null: open-ended)."""

    start: date | None
    end: date | None
    rows: list[MaterialUsageBody]


class LinkCreate(BaseModel):
    """Ask for the customer's tracked link to an article (链接雷达)."""

    contact_id: uuid.UUID


class LinkPublic(BaseModel):
    """A tracked link: send `url` to the customer; `opens` counts their opens so far."""

    id: uuid.UUID
    material_id: uuid.UUID
    contact_id: uuid.UUID
    token: str
    url: str
    opens: int
    first_opened_at: datetime | None
    last_opened_at: datetime | None
    created_at: datetime


class KeywordRuleBody(BaseModel):
    """A keyword → tag rule: contacts whose notes mention any keyword get the tag."""

    keywords: list[str] = Field(min_length=1, max_length=20, examples=[["贷款", "分期"]])
    tag: str = Field(min_length=1, max_length=64, examples=["关注金融"])


class KeywordRuleUpdate(BaseModel):
    """The rule's new keywords or tag (those left out stay)."""

    keywords: list[str] | None = Field(default=None, min_length=1, max_length=20)
    tag: str | None = Field(default=None, min_length=1, max_length=64)


class KeywordRulePublic(BaseModel):
    """A rule; `tagged`: how many existing contacts this write gave the tag (null: a read)."""

    id: uuid.UUID
    keywords: list[str]
    tag: str
    created_at: datetime
    updated_at: datetime
    tagged: int | None = None


class ClientReleasePublic(BaseModel):
    """A published release of the desktop app: where to download it and what is new."""

    version: str = Field(examples=["1.4.0"])
    channel: Literal["stable", "beta"]
    platform: Literal["any", "windows", "macos", "linux"] = Field(
        description="The system the installer is for; any: `url` is a download page"
    )
    url: str = Field(examples=["https://dl.example-dealer.cn/ShowroomDesk-1.4.0-setup.exe"])
    notes: str = Field(description="What is new, plain text (may be empty)")
    published_at: datetime


class ClientReleaseResponse(BaseModel):
    """What `GET /client/release` answers: the newest release the desk's channel and platform
    see that is newer than the version it runs (null: none), and the oldest version allowed
    to sync (`update_required`: the running version is older than that)."""

    release: ClientReleasePublic | None
    min_client_version: str
    update_required: bool
