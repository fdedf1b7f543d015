"""Channels, live codes (渠道活码) and the duty roster: managing them, routing scans, counting.

docs/server.md ("Channels and live codes") is the design. In short:

- Every showroom has the built-in channels (展厅展架, 展厅大屏, 短信, 朋友圈, 车展, 试驾活动), whose
  ids derive from the showroom (`builtin_channel_id`), so seeding twice or at once makes each
  once. Consultants and managers add their own; a manager's may be shared with the showroom.
- A consultant has one live code per channel: every active consultant gets one for each of
  the showroom's channels (`seed_showroom`, `provision_codes`); for their own channels they
  ask for it (`request_code`, also offline through a pushed mutation). Duty codes are the
  showroom's (the entrance screen, the reception desk) and route by the duty roster.
- Every write is a `change_transaction`. Channels and codes are logged as whole rows: the
  showroom's channels and duty codes for the whole showroom, a consultant's own channel or
  code for that consultant (a manager sees the whole showroom anyway). The roster and the
  scans are not synced; the statistics (`channel_stats`) are served by the API.
- `route_lead` decides who gets a lead, under row locks, so that two scans at once can
  never both exceed a cap: see its docstring.
"""

from __future__ import annotations

import logging
import secrets
import string
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consultant_app.clock import SHOWROOM_TZ, utcnow
from consultant_app.domain.channels import channel_label
from consultant_app.domain.stages import Stage
from consultant_app.errors import ValidationError
from consultant_app.services.channels import ChannelDraft
from consultant_app.sync.wire import (
    CHANNEL_FIELDS,
    ChangeOp,
    CodeKind,
    CodeStatus,
    Entity,
    JSONValue,
)
from consultant_server.errors import (
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    ServerError,
)
from consultant_server.models import (
    Channel,
    ChannelCode,
    Contact,
    DutyRoster,
    DutySlot,
    Role,
    Scan,
    Showroom,
    StageChange,
    User,
)
from consultant_server.services import rows
from consultant_server.services.changelog import ChangeSet, Clock, change_transaction

log = logging.getLogger(__name__)

# A showroom's day is a UTC+8 day: `SHOWROOM_TZ`, from `consultant_app.clock` (desks ask for
# statistics by the same days).
TOKEN_ALPHABET = string.digits + string.ascii_letters
TOKEN_LENGTH = 8
#: Most leads a cap may allow a day (a typo of 10000 should not mean "no cap").
MAX_DAILY_CAP = 1000
#: Longest statistics period, in days.
MAX_STATS_DAYS = 366

DEFAULT_WELCOME = (
    "{customer}您好！欢迎来到{showroom}，我是您的专属顾问{consultant}。"
    "留下联系方式，我会第一时间为您安排看车、试驾和最新优惠。"
)


@dataclass(frozen=True, slots=True)
class Builtin:
    """A built-in channel: its stable code (the contact's `source_channel`) and first text."""

    code: str
    benefit: str
    tags: tuple[str, ...]
    welcome: str = DEFAULT_WELCOME

    @property
    def name(self) -> str:
        return channel_label(self.code)


BUILTINS: tuple[Builtin, ...] = (
    Builtin("display_stand", "扫码领取到店精美礼品", ("扫码线索",)),
    Builtin("showroom_screen", "扫码预约专属试驾", ("扫码线索",)),
    Builtin("sms", "点击领取本月购车优惠", ("扫码线索",)),
    Builtin("moments", "扫码领取免费洗车券", ("扫码线索", "朋友圈")),
    Builtin("auto_show", "车展专享：扫码领取购车礼包", ("扫码线索", "车展客户")),
    Builtin("test_drive_event", "报名试驾，赠送精美车模", ("扫码线索", "试驾意向")),
)


class RouteReason(StrEnum):
    """Why a scan's lead went to the consultant it went to (recorded on the scan)."""

    OWNER = "owner"  # the code's own consultant
    RETARGETED = "retargeted"  # the consultant the code was re-targeted to
    EXISTING_CUSTOMER = "existing_customer"  # the mobile is already this consultant's contact
    DUTY = "duty"  # on duty today, the fewest leads so far, under the cap
    BACKUP = "backup"  # nobody on duty could take it: the roster's backup
    MANAGER = "manager"  # no backup either: a manager of the showroom


#: Reasons that count towards a consultant's daily duty cap.
ROSTER_REASONS = (RouteReason.DUTY.value, RouteReason.BACKUP.value, RouteReason.MANAGER.value)


class ChannelExistsError(ConflictError):
    """A channel or code id already names another record."""

    code = "already_exists"


class NobodyAvailableError(ServerError):
    """No consultant can take a lead: nobody on duty, no backup and no active manager."""

    code = "nobody_available"

    def __init__(self) -> None:
        super().__init__("nobody in the showroom can take the lead now")


# --- time ----------------------------------------------------------------------------------


def local_day(moment: datetime) -> date:
    """The showroom's calendar day at `moment`."""
    return moment.astimezone(SHOWROOM_TZ).date()


def day_start(day: date) -> datetime:
    """The UTC instant the showroom's `day` begins."""
    return datetime.combine(day, time(), SHOWROOM_TZ).astimezone(UTC)


# --- ids and tokens -------------------------------------------------------------------------


def new_token() -> str:
    """A fresh code token: 8 base62 characters from `secrets` (62^8 ≈ 2·10^14: unguessable
    by trying, with the landing pages' rate limits)."""
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def is_token(text: str) -> bool:
    """Whether `text` has a token's form (checked before any database look-up)."""
    return len(text) == TOKEN_LENGTH and all(ch in TOKEN_ALPHABET for ch in text)


def builtin_channel_id(showroom_id: uuid.UUID, code: str) -> uuid.UUID:
    """A built-in channel's id in a showroom: the same whoever seeds it, however often."""
    return uuid.uuid5(showroom_id, f"channel:{code}")


# --- logging ---------------------------------------------------------------------------------


def log_channel(changes: ChangeSet, channel: Channel) -> None:
    """A channel's whole row: for the showroom, or for its owner when it is their own."""
    changes.add(
        Entity.CHANNEL.value,
        channel.id,
        ChangeOp.UPSERT.value,
        rows.channel_data(channel),
        scope_owner_id=channel.owner_id,
        scope_showroom_id=channel.showroom_id,
    )


def log_code(changes: ChangeSet, code: ChannelCode) -> None:
    """A code's whole row: a duty code for the showroom, a consultant's code for them."""
    changes.add(
        Entity.CHANNEL_CODE.value,
        code.id,
        ChangeOp.UPSERT.value,
        rows.channel_code_data(code),
        scope_owner_id=code.owner_id,
        scope_showroom_id=code.showroom_id,
    )


# --- seeding -------------------------------------------------------------------------------


def seed_showroom(
    session: Session, changes: ChangeSet, showroom_id: uuid.UUID, now: datetime
) -> int:
    """Make the built-in channels the showroom lacks and give every active consultant a code
    for each of the showroom's channels; returns how many channels and codes were made.

    Runs inside the caller's transaction; safe to run again, or concurrently.
    """
    made = 0
    for builtin in BUILTINS:
        ident = builtin_channel_id(showroom_id, builtin.code)
        if session.get(Channel, ident) is not None:
            continue
        channel = Channel(
            id=ident,
            showroom_id=showroom_id,
            owner_id=None,
            builtin=builtin.code,
            name=builtin.name,
            benefit=builtin.benefit,
            welcome=builtin.welcome,
            tags=list(builtin.tags),
            archived_at=None,
            created_by=None,
            created_at=now,
            updated_at=now,
        )
        try:
            with session.begin_nested():
                session.add(channel)
                session.flush()
        except IntegrityError:
            continue  # seeded by a concurrent transaction, which logged it
        log_channel(changes, channel)
        made += 1
    consultants = session.scalars(
        select(User)
        .where(
            User.showroom_id == showroom_id,
            User.role == Role.CONSULTANT.value,
            User.is_active.is_(True),
        )
        .order_by(User.id)
    ).all()
    for consultant in consultants:
        made += provision_codes(session, changes, consultant, now)
    return made


def provision_codes(session: Session, changes: ChangeSet, user: User, now: datetime) -> int:
    """Give an active consultant a code for each showroom channel they have none for.

    A channel whose code they revoked is left alone (revoking means "stop this code"; they ask
    for a new one when they want it). Archived channels get none.
    """
    if user.role != Role.CONSULTANT.value or not user.is_active:
        return 0
    have = set(
        session.scalars(
            select(ChannelCode.channel_id).where(
                ChannelCode.owner_id == user.id, ChannelCode.kind == CodeKind.CONSULTANT.value
            )
        )
    )
    channels = session.scalars(
        select(Channel)
        .where(
            Channel.showroom_id == user.showroom_id,
            Channel.owner_id.is_(None),
            Channel.archived_at.is_(None),
        )
        .order_by(Channel.created_at, Channel.id)
    ).all()
    made = 0
    for channel in channels:
        if channel.id in have:
            continue
        code, new = _insert_code(session, channel, CodeKind.CONSULTANT, user.id, None, now)
        if new:
            log_code(changes, code)
            made += 1
    return made


def seed_all(session: Session, *, clock: Clock = utcnow) -> int:
    """`seed_showroom` for every showroom, one transaction each; how many records were made.

    For a database that had showrooms before channels existed (`consultant-server migrate`
    runs it; new showrooms are seeded when their first user is added).
    """
    made = 0
    for showroom_id in session.scalars(select(Showroom.id).order_by(Showroom.id)).all():
        with change_transaction(session, clock=clock) as changes:
            made += seed_showroom(session, changes, showroom_id, clock())
    return made


# --- reading what a user may see and change ------------------------------------------------


def is_manager(user: User) -> bool:
    return user.role == Role.MANAGER.value


def visible_channel(
    session: Session, user: User, channel_id: uuid.UUID, *, lock: bool = False
) -> Channel:
    """A channel the user may see; another consultant's looks unknown (NotFoundError)."""
    query = select(Channel).where(Channel.id == channel_id, Channel.showroom_id == user.showroom_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    channel = session.scalars(query).first()
    if channel is None or not (
        is_manager(user) or channel.owner_id is None or channel.owner_id == user.id
    ):
        raise NotFoundError(f"unknown channel {channel_id}")
    return channel


def visible_code(
    session: Session, user: User, code_id: uuid.UUID, *, lock: bool = False
) -> ChannelCode:
    """A code the user may change: a manager any of the showroom's, a consultant their own.

    Another consultant's code looks unknown (NotFoundError); a consultant touching a duty
    code is refused (ForbiddenError: they can see those, not change them).
    """
    query = select(ChannelCode).where(
        ChannelCode.id == code_id, ChannelCode.showroom_id == user.showroom_id
    )
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    code = session.scalars(query).first()
    if code is None:
        raise NotFoundError(f"unknown code {code_id}")
    if not is_manager(user):
        if code.kind == CodeKind.DUTY.value:
            raise ForbiddenError("only a manager changes the showroom's duty codes")
        if code.owner_id != user.id:
            raise NotFoundError(f"unknown code {code_id}")
    return code


@dataclass(frozen=True, slots=True)
class ChannelWithCodes:
    """A channel and the codes of it the user may see."""

    channel: Channel
    codes: tuple[ChannelCode, ...]


def list_channels(session: Session, user: User) -> list[ChannelWithCodes]:
    """The channels a user sees (the showroom's and their own; a manager all of the
    showroom's) with their codes (a consultant's own and the duty codes; a manager all)."""
    channels = select(Channel).where(Channel.showroom_id == user.showroom_id)
    codes = select(ChannelCode).where(ChannelCode.showroom_id == user.showroom_id)
    if not is_manager(user):
        channels = channels.where((Channel.owner_id.is_(None)) | (Channel.owner_id == user.id))
        codes = codes.where(
            (ChannelCode.owner_id == user.id) | (ChannelCode.kind == CodeKind.DUTY.value)
        )
    by_channel: dict[uuid.UUID, list[ChannelCode]] = {}
    for code in session.scalars(codes.order_by(ChannelCode.created_at, ChannelCode.id)):
        by_channel.setdefault(code.channel_id, []).append(code)
    found = [
        ChannelWithCodes(channel, tuple(by_channel.get(channel.id, ())))
        for channel in session.scalars(channels.order_by(Channel.created_at, Channel.id))
    ]
    return sorted(found, key=lambda item: _channel_order(item.channel))


_BUILTIN_ORDER = {builtin.code: n for n, builtin in enumerate(BUILTINS)}


def _channel_order(channel: Channel) -> tuple[int, int, datetime]:
    """Built-ins first, in their usual order; then the showroom's; then one's own."""
    if channel.builtin is not None:
        return (0, _BUILTIN_ORDER.get(channel.builtin, len(BUILTINS)), channel.created_at)
    return (1 if channel.owner_id is None else 2, 0, channel.created_at)


# --- commands (inside the caller's transaction) --------------------------------------------


def create_channel(
    session: Session,
    changes: ChangeSet,
    user: User,
    channel_id: uuid.UUID,
    draft: ChannelDraft,
    *,
    shared: bool,
    now: datetime,
) -> Channel:
    """Add a channel: the user's own, or (a manager only) the showroom's, `shared`.

    A shared channel gives every active consultant a code at once; for their own channel the
    owner asks for one (`request_code`). The same id again from its creator changes nothing.
    """
    clean = draft.validated()
    if shared and not is_manager(user):
        raise ForbiddenError("only a manager adds channels for the whole showroom")
    existing = session.get(Channel, channel_id)
    if existing is not None:
        if existing.created_by == user.id and existing.showroom_id == user.showroom_id:
            return existing  # a replay
        raise ChannelExistsError(f"channel {channel_id} already exists")
    owner_id = None if shared else user.id
    _check_name_free(session, user, clean.name, owner_id, None)
    channel = Channel(
        id=channel_id,
        showroom_id=user.showroom_id,
        owner_id=owner_id,
        builtin=None,
        name=clean.name,
        benefit=clean.benefit,
        welcome=clean.welcome,
        tags=list(clean.tags),
        archived_at=None,
        created_by=user.id,
        created_at=now,
        updated_at=now,
    )
    session.add(channel)
    session.flush()
    log_channel(changes, channel)
    if shared:
        seed_showroom(session, changes, user.showroom_id, now)
    log.info("%s added channel %s (%s)", user.username, clean.name, "shared" if shared else "own")
    return channel


def update_channel(
    session: Session,
    changes: ChangeSet,
    user: User,
    channel_id: uuid.UUID,
    fields: Mapping[str, JSONValue],
    now: datetime,
) -> Channel:
    """Set some of a channel's fields (`wire.CHANNEL_FIELDS`); the last write wins.

    A consultant changes their own channels, a manager any of the showroom's. A built-in
    keeps its name (leads store its code; the name follows it everywhere). `archived` hides a
    channel from lists and new codes; its codes keep working until revoked.
    """
    channel = visible_channel(session, user, channel_id, lock=True)
    if not (is_manager(user) or channel.owner_id == user.id):
        raise ForbiddenError("only a manager changes the showroom's channels")
    unknown = set(fields) - set(CHANNEL_FIELDS)
    if unknown:
        raise InvalidInputError({sorted(unknown)[0]: "not a channel field"})
    texts = {}
    for key in ("name", "benefit", "welcome"):
        value = fields.get(key, getattr(channel, key))
        if not isinstance(value, str):
            raise InvalidInputError({key: "expected text"})
        texts[key] = value
    tags = fields.get("tags", channel.tags)
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise InvalidInputError({"tags": "expected a list of names"})
    archived = fields.get("archived", channel.archived_at is not None)
    if not isinstance(archived, bool):
        raise InvalidInputError({"archived": "expected true or false"})
    clean = ChannelDraft(texts["name"], texts["benefit"], texts["welcome"], tuple(tags)).validated()
    if channel.builtin is not None and clean.name != channel.name:
        raise InvalidInputError({"name": "a built-in channel keeps its name"})
    if clean.name != channel.name:
        _check_name_free(session, user, clean.name, channel.owner_id, channel.id)
    before = rows.channel_data(channel)
    channel.name, channel.benefit, channel.welcome = clean.name, clean.benefit, clean.welcome
    channel.tags = list(clean.tags)
    if archived and channel.archived_at is None:
        channel.archived_at = now
    elif not archived:
        channel.archived_at = None
    if rows.channel_data(channel) == before:
        return channel
    channel.updated_at = now
    session.flush()
    log_channel(changes, channel)
    return channel


def request_code(
    session: Session,
    changes: ChangeSet,
    user: User,
    channel_id: uuid.UUID,
    code_id: uuid.UUID,
    now: datetime,
    *,
    kind: CodeKind = CodeKind.CONSULTANT,
) -> ChannelCode:
    """The user's code for a channel, made (with a fresh token) if they have no live one.

    A consultant code: one live code per user and channel, so when they already have one,
    that one is the answer (logged again, so the device that asked learns of it). A duty
    code (a manager, on a showroom channel) is always a new code: one per screen or desk.
    The same code id again from its owner changes nothing.
    """
    channel = visible_channel(session, user, channel_id)
    existing = session.get(ChannelCode, code_id)
    if existing is not None:
        if existing.created_by == user.id and existing.channel_id == channel.id:
            return existing  # a replay
        raise ChannelExistsError(f"code {code_id} already exists")
    if channel.archived_at is not None:
        raise InvalidInputError({"channel_id": f"the channel {channel.name} is archived"})
    owner_id: uuid.UUID | None = user.id
    if kind is CodeKind.DUTY:
        if not is_manager(user):
            raise ForbiddenError("only a manager makes the showroom's duty codes")
        if channel.owner_id is not None:
            raise InvalidInputError({"channel_id": "a duty code needs a showroom channel"})
        owner_id = None
    code, new = _insert_code(session, channel, kind, owner_id, user.id, now, code_id)
    log_code(changes, code)
    if new:
        log.info("%s got code %s for channel %s", user.username, code.token, channel.name)
    return code


def set_code_status(
    session: Session,
    changes: ChangeSet,
    user: User,
    code_id: uuid.UUID,
    status: str,
    now: datetime,
) -> ChannelCode:
    """Pause, resume or revoke a code; revoking is for good."""
    code = visible_code(session, user, code_id, lock=True)
    try:
        wanted = CodeStatus(status)
    except ValueError:
        raise InvalidInputError({"status": "active, paused or revoked"}) from None
    if code.status == wanted.value:
        return code
    if code.status == CodeStatus.REVOKED.value:
        raise InvalidInputError({"status": "a revoked code stays revoked"})
    code.status = wanted.value
    code.updated_at = now
    session.flush()
    log_code(changes, code)
    return code


def retarget_code(
    session: Session,
    changes: ChangeSet,
    user: User,
    code_id: uuid.UUID,
    target_id: uuid.UUID | None,
    now: datetime,
) -> ChannelCode:
    """Send a consultant code's scans to another active user of the showroom (None: back to
    its owner) without reprinting it. Duty codes route by the roster and are refused."""
    code = visible_code(session, user, code_id, lock=True)
    if code.kind == CodeKind.DUTY.value:
        raise InvalidInputError({"target_id": "a duty code routes by the duty roster"})
    if code.status == CodeStatus.REVOKED.value:
        raise InvalidInputError({"target_id": "the code is revoked"})
    if target_id is not None:
        target = session.get(User, target_id)
        if target is None or target.showroom_id != user.showroom_id:
            raise NotFoundError(f"unknown user {target_id}")
        if not target.is_active:
            raise InvalidInputError({"target_id": f"{target.username} is deactivated"})
        if target.id == code.owner_id:
            target_id = None
    if code.target_id == target_id:
        return code
    code.target_id = target_id
    code.updated_at = now
    session.flush()
    log_code(changes, code)
    return code


def _check_name_free(
    session: Session,
    user: User,
    name: str,
    owner_id: uuid.UUID | None,
    own_id: uuid.UUID | None,
) -> None:
    """Refuse a name the showroom's channels, or the owner's own, already use."""
    query = select(Channel.id).where(
        Channel.showroom_id == user.showroom_id,
        Channel.name == name,
        Channel.archived_at.is_(None),
    )
    if owner_id is None:
        query = query.where(Channel.owner_id.is_(None))
    else:
        query = query.where((Channel.owner_id.is_(None)) | (Channel.owner_id == owner_id))
    if own_id is not None:
        query = query.where(Channel.id != own_id)
    if session.scalar(query.limit(1)) is not None:
        raise InvalidInputError({"name": f"there is already a channel called {name}"})


def _live_code(session: Session, owner_id: uuid.UUID, channel_id: uuid.UUID) -> ChannelCode | None:
    return session.scalars(
        select(ChannelCode)
        .where(
            ChannelCode.owner_id == owner_id,
            ChannelCode.channel_id == channel_id,
            ChannelCode.kind == CodeKind.CONSULTANT.value,
            ChannelCode.status != CodeStatus.REVOKED.value,
        )
        .execution_options(populate_existing=True)
    ).first()


def _insert_code(
    session: Session,
    channel: Channel,
    kind: CodeKind,
    owner_id: uuid.UUID | None,
    created_by: uuid.UUID | None,
    now: datetime,
    code_id: uuid.UUID | None = None,
) -> tuple[ChannelCode, bool]:
    """A new code with a fresh token, or the owner's live code of the channel when there is
    one (also when a concurrent transaction made it first); whether it is new."""
    if kind is CodeKind.CONSULTANT and owner_id is not None:
        live = _live_code(session, owner_id, channel.id)
        if live is not None:
            return live, False
    for _attempt in range(5):
        code = ChannelCode(
            id=code_id or uuid.uuid4(),
            token=new_token(),
            showroom_id=channel.showroom_id,
            channel_id=channel.id,
            kind=kind.value,
            owner_id=owner_id,
            target_id=None,
            status=CodeStatus.ACTIVE.value,
            created_by=created_by,
            created_at=now,
            updated_at=now,
        )
        try:
            with session.begin_nested():
                session.add(code)
                session.flush()
        except IntegrityError:
            if kind is CodeKind.CONSULTANT and owner_id is not None:
                live = _live_code(session, owner_id, channel.id)
                if live is not None:
                    return live, False  # made by a concurrent request that committed first
            if code_id is not None and session.get(ChannelCode, code_id) is not None:
                raise ChannelExistsError(f"code {code_id} already exists") from None
            log.warning("token %s was taken; drawing another", code.token)
            continue
        return code, True
    raise RuntimeError("could not draw a free code token")


# --- the API's transactions ------------------------------------------------------------------


def _input_error(exc: ValidationError) -> InvalidInputError:
    return InvalidInputError(
        {
            name: error.code + "".join(f" {k}={v}" for k, v in error.params.items())
            for name, error in exc.errors.items()
        }
    )


def create_channel_now(
    session: Session,
    user: User,
    draft: ChannelDraft,
    *,
    channel_id: uuid.UUID | None = None,
    shared: bool = False,
    clock: Clock = utcnow,
) -> Channel:
    """`create_channel` in its own transaction (for the API)."""
    try:
        with change_transaction(session, clock=clock) as changes:
            return create_channel(
                session,
                changes,
                user,
                channel_id or uuid.uuid4(),
                draft,
                shared=shared,
                now=clock(),
            )
    except ValidationError as exc:
        raise _input_error(exc) from exc


def update_channel_now(
    session: Session,
    user: User,
    channel_id: uuid.UUID,
    fields: Mapping[str, JSONValue],
    *,
    clock: Clock = utcnow,
) -> Channel:
    """`update_channel` in its own transaction (for the API)."""
    try:
        with change_transaction(session, clock=clock) as changes:
            return update_channel(session, changes, user, channel_id, fields, clock())
    except ValidationError as exc:
        raise _input_error(exc) from exc


def request_code_now(
    session: Session,
    user: User,
    channel_id: uuid.UUID,
    *,
    code_id: uuid.UUID | None = None,
    kind: CodeKind = CodeKind.CONSULTANT,
    clock: Clock = utcnow,
) -> ChannelCode:
    """`request_code` in its own transaction (for the API)."""
    with change_transaction(session, clock=clock) as changes:
        return request_code(
            session, changes, user, channel_id, code_id or uuid.uuid4(), clock(), kind=kind
        )


def set_code_status_now(
    session: Session, user: User, code_id: uuid.UUID, status: str, *, clock: Clock = utcnow
) -> ChannelCode:
    """`set_code_status` in its own transaction (for the API)."""
    with change_transaction(session, clock=clock) as changes:
        return set_code_status(session, changes, user, code_id, status, clock())


def retarget_code_now(
    session: Session,
    user: User,
    code_id: uuid.UUID,
    target_id: uuid.UUID | None,
    *,
    clock: Clock = utcnow,
) -> ChannelCode:
    """`retarget_code` in its own transaction (for the API)."""
    with change_transaction(session, clock=clock) as changes:
        return retarget_code(session, changes, user, code_id, target_id, clock())


# --- the duty roster -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RosterSlot:
    """One consultant on duty on a weekday (0 = Monday), with their own cap if any."""

    weekday: int
    user_id: uuid.UUID
    daily_cap: int | None = None


@dataclass(frozen=True, slots=True)
class Roster:
    """A showroom's duty roster: the default daily cap, the backup and who is on which day."""

    daily_cap: int | None
    backup_id: uuid.UUID | None
    slots: tuple[RosterSlot, ...]
    updated_at: datetime | None


def read_roster(session: Session, user: User) -> Roster:
    """The roster of the user's showroom (anyone of it may read it)."""
    roster = session.get(DutyRoster, user.showroom_id)
    slots = session.scalars(
        select(DutySlot)
        .where(DutySlot.showroom_id == user.showroom_id)
        .order_by(DutySlot.weekday, DutySlot.position)
    ).all()
    return Roster(
        daily_cap=None if roster is None else roster.daily_cap,
        backup_id=None if roster is None else roster.backup_id,
        slots=tuple(RosterSlot(s.weekday, s.user_id, s.daily_cap) for s in slots),
        updated_at=None if roster is None else roster.updated_at,
    )


def set_roster(
    session: Session,
    user: User,
    *,
    daily_cap: int | None,
    backup_id: uuid.UUID | None,
    slots: Sequence[RosterSlot],
    clock: Clock = utcnow,
) -> Roster:
    """Replace the showroom's roster (a manager only). Everyone named must be an active user
    of the showroom; a consultant appears at most once per weekday."""
    if not is_manager(user):
        raise ForbiddenError("only a manager sets the duty roster")
    problems: dict[str, str] = {}
    for label, cap in [("daily_cap", daily_cap), *(("slots", s.daily_cap) for s in slots)]:
        if cap is not None and not 1 <= cap <= MAX_DAILY_CAP:
            problems[label] = f"a cap is 1 to {MAX_DAILY_CAP} leads a day"
    if any(not 0 <= s.weekday <= 6 for s in slots):
        problems["slots"] = "weekday is 0 (Monday) to 6 (Sunday)"
    if len({(s.weekday, s.user_id) for s in slots}) != len(slots):
        problems["slots"] = "a consultant appears twice on one weekday"
    if problems:
        raise InvalidInputError(problems)
    with change_transaction(session, clock=clock):
        now = clock()
        for label, ident in [("backup_id", backup_id), *(("slots", s.user_id) for s in slots)]:
            if ident is None:
                continue
            member = session.get(User, ident)
            if member is None or member.showroom_id != user.showroom_id:
                raise NotFoundError(f"unknown user {ident}")
            if not member.is_active:
                raise InvalidInputError({label: f"{member.username} is deactivated"})
        roster = lock_roster(session, user.showroom_id, now)
        roster.daily_cap, roster.backup_id = daily_cap, backup_id
        roster.updated_at, roster.updated_by = now, user.id
        for old in session.scalars(
            select(DutySlot).where(DutySlot.showroom_id == user.showroom_id)
        ).all():
            session.delete(old)
        session.flush()
        positions: dict[int, int] = {}
        for slot in slots:
            position = positions[slot.weekday] = positions.get(slot.weekday, -1) + 1
            session.add(
                DutySlot(
                    showroom_id=user.showroom_id,
                    weekday=slot.weekday,
                    user_id=slot.user_id,
                    position=position,
                    daily_cap=slot.daily_cap,
                )
            )
    return read_roster(session, user)


def lock_roster(session: Session, showroom_id: uuid.UUID, now: datetime) -> DutyRoster:
    """The showroom's roster row, locked until commit (made first if there is none).

    ``FOR NO KEY UPDATE`` on PostgreSQL: it queues every other duty routing of the showroom
    behind this transaction without blocking inserts that merely reference the row.
    """
    query = (
        select(DutyRoster)
        .where(DutyRoster.showroom_id == showroom_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    )
    roster = session.scalars(query).first()
    if roster is None:
        try:
            with session.begin_nested():
                session.add(
                    DutyRoster(
                        showroom_id=showroom_id,
                        daily_cap=None,
                        backup_id=None,
                        updated_at=now,
                        updated_by=None,
                    )
                )
                session.flush()
        except IntegrityError:
            pass  # made by a concurrent transaction meanwhile
        roster = session.scalars(query).one()
    return roster


# --- routing ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DutyLoad:
    """One consultant on duty today: the roster-routed leads they got today and their cap."""

    user_id: uuid.UUID
    name: str
    today: int
    cap: int | None
    last_at: datetime | None
    position: int

    @property
    def has_room(self) -> bool:
        return self.cap is None or self.today < self.cap

    def to_json(self) -> dict[str, Any]:
        return {"id": str(self.user_id), "name": self.name, "today": self.today, "cap": self.cap}


@dataclass(frozen=True, slots=True)
class Route:
    """Who gets a scan's lead, and why.

    `existing` is that consultant's contact with the same mobile (the scan adds a "scanned
    again" activity to it instead of a duplicate). `fallback` says why the code's own
    consultant was passed over (``paused``, ``inactive``), `on_duty` who was on duty.
    """

    consultant: User
    reason: RouteReason
    existing: Contact | None
    on_duty: tuple[DutyLoad, ...] = ()
    fallback: str | None = None


def direct_consultant(session: Session, code: ChannelCode) -> tuple[User | None, str | None]:
    """The consultant a code sends its scans to by itself (its target, else its owner), or
    None with the reason it routes by the duty roster instead (a duty code: no reason)."""
    if code.kind == CodeKind.DUTY.value:
        return None, None
    if code.status == CodeStatus.PAUSED.value:
        return None, "paused"
    ident = code.target_id or code.owner_id
    user = None if ident is None else session.get(User, ident)
    if user is None or not user.is_active or user.showroom_id != code.showroom_id:
        return None, "inactive"
    return user, None


def route_lead(session: Session, code: ChannelCode, mobile: str, now: datetime) -> Route:
    """Decide who gets a lead from `code` for the customer with this (E.164) `mobile`.

    1. An active consultant code goes to its target, else its owner.
    2. A duty code, a paused code or one whose consultant left routes by the roster, with
       the showroom's roster row locked (`lock_roster`), so routings of a showroom run one
       at a time and every count below includes the ones before:
       a. a customer who is already a contact of an active user of the showroom goes to them;
       b. else the consultants on duty today (the showroom's weekday) under their cap, the
          fewest roster-routed leads today first, then the one who got one longest ago, then
          roster order: leads spread evenly;
       c. else the roster's backup (active; no cap), else an active manager.
    3. The chosen user's row is locked too (``FOR NO KEY UPDATE``), so two submissions of one
       mobile to one consultant cannot both make a contact: the second finds the first's.

    Raises NobodyAvailableError when nobody can take it.
    """
    direct, fallback = direct_consultant(session, code)
    if direct is not None:
        user = _lock_user(session, direct.id)
        reason = RouteReason.RETARGETED if code.target_id else RouteReason.OWNER
        return Route(user, reason, _contact_of(session, user.id, mobile))
    roster = lock_roster(session, code.showroom_id, now)
    known = session.scalars(
        select(Contact)
        .join(User, User.id == Contact.owner_id)
        .where(
            Contact.showroom_id == code.showroom_id,
            Contact.mobile == mobile,
            Contact.deleted_at.is_(None),
            User.is_active.is_(True),
        )
        .order_by(Contact.created_at, Contact.id)
        .limit(1)
    ).first()
    if known is not None:
        user = _lock_user(session, known.owner_id)
        existing = _contact_of(session, user.id, mobile)
        return Route(user, RouteReason.EXISTING_CUSTOMER, existing, fallback=fallback)
    loads = tuple(duty_loads(session, roster, now))
    eligible = [load for load in loads if load.has_room]
    chosen: uuid.UUID | None = None
    reason = RouteReason.DUTY
    if eligible:
        never = datetime.min.replace(tzinfo=UTC)
        chosen = min(eligible, key=lambda ld: (ld.today, ld.last_at or never, ld.position)).user_id
    else:
        backup = None if roster.backup_id is None else session.get(User, roster.backup_id)
        if backup is not None and backup.is_active and backup.showroom_id == code.showroom_id:
            chosen, reason = backup.id, RouteReason.BACKUP
        else:
            chosen = session.scalar(
                select(User.id)
                .where(
                    User.showroom_id == code.showroom_id,
                    User.role == Role.MANAGER.value,
                    User.is_active.is_(True),
                )
                .order_by(User.created_at, User.id)
                .limit(1)
            )
            reason = RouteReason.MANAGER
    if chosen is None:
        raise NobodyAvailableError()
    user = _lock_user(session, chosen)
    return Route(user, reason, _contact_of(session, user.id, mobile), loads, fallback)


def duty_loads(session: Session, roster: DutyRoster, now: datetime) -> list[DutyLoad]:
    """The active consultants on duty on the showroom's day of `now`, in roster order, each
    with the roster-routed leads they got that day."""
    day = local_day(now)
    start, end = day_start(day), day_start(day + timedelta(days=1))
    counts = {
        row[0]: (int(row[1]), row[2])
        for row in session.execute(
            select(Scan.consultant_id, func.count(), func.max(Scan.submitted_at))
            .where(
                Scan.showroom_id == roster.showroom_id,
                Scan.outcome == "lead",
                Scan.route_reason.in_(ROSTER_REASONS),
                Scan.submitted_at >= start,
                Scan.submitted_at < end,
            )
            .group_by(Scan.consultant_id)
        )
    }
    loads = []
    for slot, user in session.execute(
        select(DutySlot, User)
        .join(User, User.id == DutySlot.user_id)
        .where(DutySlot.showroom_id == roster.showroom_id, DutySlot.weekday == day.weekday())
        .order_by(DutySlot.position)
    ):
        if not user.is_active:
            continue
        today, last_at = counts.get(user.id, (0, None))
        cap = slot.daily_cap if slot.daily_cap is not None else roster.daily_cap
        loads.append(DutyLoad(user.id, user.display_name, today, cap, last_at, slot.position))
    return loads


def _lock_user(session: Session, user_id: uuid.UUID) -> User:
    return session.scalars(
        select(User)
        .where(User.id == user_id)
        .with_for_update(of=User, key_share=True)
        .execution_options(populate_existing=True)
    ).one()


def _contact_of(session: Session, owner_id: uuid.UUID, mobile: str) -> Contact | None:
    return session.scalars(
        select(Contact)
        .where(
            Contact.owner_id == owner_id,
            Contact.mobile == mobile,
            Contact.deleted_at.is_(None),
        )
        .order_by(Contact.created_at, Contact.id)
        .limit(1)
    ).first()


# --- statistics ------------------------------------------------------------------------------


class StatsGroup(StrEnum):
    """What a statistics row is about."""

    CHANNEL = "channel"
    CONSULTANT = "consultant"


#: The stages after 客户线索 a lead may reach, as statistics count them.
LATER_STAGES: tuple[Stage, ...] = (
    Stage.FIRST_CONTACT,
    Stage.VISIT,
    Stage.TEST_DRIVE,
    Stage.ORDER,
    Stage.LOST,
)


@dataclass(frozen=True, slots=True)
class StatsRow:
    """One channel's or consultant's numbers over a period.

    `scans` counts page views (bots that filled the honeypot left out), `leads` new contacts,
    `again` scans by customers who were contacts already, `reached` how many of the leads
    entered each later stage since (a move made as an undo does not count).
    """

    key: uuid.UUID | None
    label: str
    scans: int
    leads: int
    again: int
    reached: dict[str, int]


def channel_stats(
    session: Session, user: User, start: date, end: date, group: StatsGroup
) -> list[StatsRow]:
    """Scans, leads and later stages per channel or per consultant, for the showroom's days
    `start` to `end` (both included; scans counted by when they were scanned).

    A consultant sees their own numbers (the scans that showed them, the leads they got); a
    manager the whole showroom's, including duty-code views that led to no lead (consultant
    None, "未分配").
    """
    if end < start:
        raise InvalidInputError({"end": "the period ends before it starts"})
    if (end - start).days >= MAX_STATS_DAYS:
        raise InvalidInputError({"end": f"at most {MAX_STATS_DAYS} days at once"})
    key = Scan.channel_id if group is StatsGroup.CHANNEL else Scan.consultant_id
    scope = (
        Scan.showroom_id == user.showroom_id if is_manager(user) else Scan.consultant_id == user.id
    )
    window = (Scan.scanned_at >= day_start(start), Scan.scanned_at < day_start(end + timedelta(1)))
    not_bot = (Scan.outcome.is_(None)) | (Scan.outcome != "bot")
    totals = session.execute(
        select(
            key,
            func.count(),
            func.sum(case((Scan.outcome == "lead", 1), else_=0)),
            func.sum(case((Scan.outcome == "again", 1), else_=0)),
        )
        .where(scope, *window, not_bot)
        .group_by(key)
    ).all()
    reached: dict[uuid.UUID | None, dict[str, int]] = {}
    for ident, stage, count in session.execute(
        select(key, StageChange.to_stage, func.count(func.distinct(StageChange.contact_id)))
        .join(StageChange, StageChange.contact_id == Scan.contact_id)
        .where(
            scope,
            *window,
            Scan.outcome == "lead",
            StageChange.is_undo.is_(False),
            StageChange.to_stage.in_([s.value for s in LATER_STAGES]),
        )
        .group_by(key, StageChange.to_stage)
    ):
        reached.setdefault(ident, {})[stage] = int(count)
    labels = _labels(session, group, [row[0] for row in totals])
    result = [
        StatsRow(
            key=ident,
            label=labels.get(ident, "（未分配）"),
            scans=int(scans),
            leads=int(leads or 0),
            again=int(again or 0),
            reached={s.value: reached.get(ident, {}).get(s.value, 0) for s in LATER_STAGES},
        )
        for ident, scans, leads, again in totals
    ]
    return sorted(result, key=lambda r: (-r.scans, r.label))


def _labels(
    session: Session, group: StatsGroup, idents: Iterable[uuid.UUID | None]
) -> dict[uuid.UUID | None, str]:
    wanted = [i for i in idents if i is not None]
    if not wanted:
        return {}
    if group is StatsGroup.CHANNEL:
        found = session.execute(select(Channel.id, Channel.name).where(Channel.id.in_(wanted)))
    else:
        found = session.execute(select(User.id, User.display_name).where(User.id.in_(wanted)))
    return {ident: name for ident, name in found}
