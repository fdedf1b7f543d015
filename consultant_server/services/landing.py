"""The public side of live codes: page views, the lead form's submissions, and their leads.

docs/server.md ("Channels and live codes") is the design. Each opening of ``/q/<token>`` is a
scan (`open_page`), counted whether or not a form follows. A valid submission (`submit`)
becomes, in one `change_transaction`:

- a new contact in the 客户线索 (lead) stage of the consultant the scan was routed to
  (`channels.route_lead`), with the channel as its source and the channel's tags, and a note
  saying how it arrived and who was on duty and why it went where it went; or, when that
  consultant already has a contact with the mobile, a "scanned again" note on that contact
  instead of a duplicate;
- the change-log rows for all of it, scoped to that consultant, so their desk receives the
  lead at its next pull.

Nothing here trusts its input. The routes check the token's form, the body size and the
rates before these run; here every value is cleaned and checked with the client's own rules
(`ContactDraft`, the core's CN mobile rules). A form that breaks a rule raises `FormInvalid`
before anything is written, with a message per field for the page to show.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from consultant_app.clock import utcnow
from consultant_app.domain.activity import ActivityKind, tag_colour
from consultant_app.domain.contact import MAX_NAME, ContactDraft, clean_text
from consultant_app.domain.stages import Stage
from consultant_app.errors import ValidationError
from consultant_app.services.channels import render_welcome
from consultant_app.sync.wire import CONTACT_FIELDS, ChangeOp, CodeKind, CodeStatus, Entity
from consultant_server.errors import NotFoundError, ServerError
from consultant_server.models import (
    Activity,
    Channel,
    ChannelCode,
    Contact,
    ContactTag,
    Scan,
    ServerState,
    Showroom,
    StageChange,
    User,
)
from consultant_server.services import rows
from consultant_server.services.changelog import ChangeSet, Clock, change_transaction
from consultant_server.services.channels import (
    Route,
    RouteReason,
    direct_consultant,
    local_day,
    route_lead,
)
from consultant_server.services.sync import FIELD_DEFAULTS, clean_fields, ensure_tag

log = logging.getLogger(__name__)

#: The version of the privacy notice a consent was given to (kept with the consent).
NOTICE_VERSION = "2025-03"
#: The test-drive times a customer may pick (value, label); empty means "not said".
DRIVE_TIMES: tuple[tuple[str, str], ...] = (
    ("soon", "近三天内"),
    ("weekend", "本周末"),
    ("weekday", "工作日白天"),
    ("evening", "工作日晚上"),
    ("later", "以后再说"),
)
DRIVE_TIME_LABELS = dict(DRIVE_TIMES)
#: Longest value kept from any form field (a longer one is cut before it is looked at).
MAX_FIELD = 200
#: Longest model name typed where the catalogue is not available.
MAX_MODEL = 64
#: A title shown when a consultant has none.
DEFAULT_TITLE = "销售顾问"


class CodeNotFoundError(NotFoundError):
    """No code has this token (a typo, or a guess)."""

    code = "code_not_found"


class CodeRevokedError(ServerError):
    """The code was revoked: it is no longer in use (410)."""

    code = "code_revoked"


class FormInvalid(Exception):  # noqa: N818 (a form's state, not a fault)
    """A submission that breaks a rule; `errors` maps each field to the message to show."""

    def __init__(self, form: LeadForm, errors: Mapping[str, str]) -> None:
        self.form = form
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


@dataclass(frozen=True, slots=True)
class Card:
    """Who the page presents: a consultant, or the showroom (a duty code's page)."""

    name: str
    title: str
    showroom: str
    is_showroom: bool = False


@dataclass(frozen=True, slots=True)
class PageView:
    """What a code's page shows; `scan_id` goes back with the form."""

    token: str
    scan_id: str
    channel: str
    benefit: str
    welcome: str
    card: Card
    showroom: str
    #: The catalogue's models for the picker; empty when there is no catalogue (free text).
    models: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DoneView:
    """The page after a submission: who will call back, and the channel's benefit."""

    card: Card | None
    benefit: str
    showroom: str


@dataclass(frozen=True, slots=True)
class LeadForm:
    """The form's fields as sent (each cut to `MAX_FIELD`); nothing checked yet."""

    name: str = ""
    mobile: str = ""
    model: str = ""
    when: str = ""
    consent: bool = False
    #: The hidden field people never see; bots fill it in.
    honeypot: str = ""
    scan: str = ""

    @classmethod
    def from_fields(cls, fields: Mapping[str, Sequence[str]]) -> LeadForm:
        """The form from parsed ``application/x-www-form-urlencoded`` fields (first values)."""

        def first(key: str) -> str:
            values = fields.get(key) or [""]
            return values[0][:MAX_FIELD]

        return cls(
            name=first("name"),
            mobile=first("mobile"),
            model=first("model"),
            when=first("when"),
            consent=first("consent") == "1",
            honeypot=first("website"),
            scan=first("s"),
        )


@dataclass(frozen=True, slots=True)
class CleanLead:
    """A submission that passed every rule, in its stored form."""

    name: str
    mobile: str
    model: str
    when: str


@functools.cache
def catalogue_models() -> tuple[str, ...]:
    """The dealer's models for the picker (the client's shipped catalogue); empty if missing."""
    from consultant_app.catalogue import CatalogueError, load_catalogue

    try:
        return tuple(load_catalogue().names())
    except (OSError, CatalogueError):
        log.warning("no vehicle catalogue: the lead form asks for the model as text")
        return ()


def check_form(form: LeadForm, models: Sequence[str]) -> CleanLead:
    """The clean lead, or FormInvalid with a message (in Chinese) for each bad field."""
    errors: dict[str, str] = {}
    try:
        draft = ContactDraft(name=form.name, mobile=form.mobile).validated()
    except ValidationError as exc:
        draft = None
        if "name" in exc.errors:
            too_long = exc.errors["name"].code == "too_long"
            errors["name"] = f"称呼最多 {MAX_NAME} 个字" if too_long else "请填写您的称呼"
        if "mobile" in exc.errors:
            errors["mobile"] = "请填写正确的 11 位手机号"
    if not form.mobile.strip():
        errors["mobile"] = "请填写手机号，方便顾问与您联系"
    model = clean_text(form.model)
    if models and model and model not in models:
        errors["model"] = "请从列表中选择车型"
    elif len(model) > MAX_MODEL:
        errors["model"] = f"车型最多 {MAX_MODEL} 个字"
    if form.when and form.when not in DRIVE_TIME_LABELS:
        errors["when"] = "请从列表中选择时间"
    if not form.consent:
        errors["consent"] = "请阅读并勾选同意《个人信息保护说明》"
    if errors or draft is None:
        raise FormInvalid(form, errors)
    return CleanLead(draft.name, draft.mobile, model, form.when)


# --- page views ------------------------------------------------------------------------------


def open_page(session: Session, token: str, ip: str, *, clock: Clock = utcnow) -> PageView:
    """Count a scan of the code and return its page.

    Raises CodeNotFoundError (unknown token) or CodeRevokedError.
    """
    with change_transaction(session, clock=clock):
        now = clock()
        code, channel = _code(session, token)
        consultant, _ = direct_consultant(session, code)
        scan = Scan(
            id=uuid.uuid4(),
            code_id=code.id,
            channel_id=channel.id,
            showroom_id=code.showroom_id,
            scanned_at=now,
            ip_hash=ip_hash(session, ip, now),
            consultant_id=None if consultant is None else consultant.id,
        )
        session.add(scan)
        return _view(session, code, channel, consultant, scan.id)


def page_for(session: Session, token: str, scan: str) -> PageView:
    """The page again (for a form with errors), without counting another scan."""
    code, channel = _code(session, token)
    consultant, _ = direct_consultant(session, code)
    scan_id = _scan_id(scan) or uuid.uuid4()
    view = _view(session, code, channel, consultant, scan_id)
    session.rollback()  # only read
    return view


def _view(
    session: Session,
    code: ChannelCode,
    channel: Channel,
    consultant: User | None,
    scan_id: uuid.UUID,
) -> PageView:
    showroom = _showroom_name(session, code.showroom_id)
    card = _card(consultant, showroom)
    welcome = render_welcome(
        channel.welcome,
        customer="",
        # A duty page names nobody yet: "我是您的专属顾问{consultant}。" reads "…顾问。".
        consultant=card.name if consultant is not None else "",
        showroom=showroom,
    )
    return PageView(
        token=code.token,
        scan_id=str(scan_id),
        channel=channel.name,
        benefit=channel.benefit,
        welcome=welcome,
        card=card,
        showroom=showroom,
        models=catalogue_models(),
    )


# --- submissions -----------------------------------------------------------------------------


def submit(
    session: Session, token: str, form: LeadForm, ip: str, *, clock: Clock = utcnow
) -> uuid.UUID:
    """Record a submission of the code's form; returns the scan's id (for the thanks page).

    The same scan submitted again (a double tap, a reload) returns the first answer and makes
    nothing. A filled-in honeypot is recorded as ``bot`` and makes nothing either, but is
    answered like any submission, so a bot learns nothing. Raises FormInvalid (nothing
    written), CodeNotFoundError, CodeRevokedError, or `channels.NobodyAvailableError`.
    """
    lead = None if form.honeypot.strip() else check_form(form, catalogue_models())
    with change_transaction(session, clock=clock) as changes:
        now = clock()
        code, channel = _code(session, token)
        scan = _locked_scan(session, code, form.scan)
        if scan is not None and scan.submitted_at is not None:
            return scan.id  # answered already
        if scan is None:
            scan = Scan(
                id=uuid.uuid4(),
                code_id=code.id,
                channel_id=channel.id,
                showroom_id=code.showroom_id,
                scanned_at=now,
                ip_hash=ip_hash(session, ip, now),
            )
            session.add(scan)
        scan.submitted_at = now
        if lead is None:
            scan.outcome = "bot"
            log.info("honeypot filled on code %s: nothing made", code.token)
            return scan.id
        route = route_lead(session, code, lead.mobile, now)
        if route.existing is not None:
            contact = route.existing
            _note(session, changes, contact, route.consultant, _again_text(channel, lead), now)
            scan.outcome = "again"
        else:
            contact = _new_lead(session, changes, code, channel, route, lead, now)
            scan.outcome = "lead"
        scan.contact_id = contact.id
        scan.consultant_id = route.consultant.id
        scan.route_reason = route.reason.value
        scan.on_duty = [load.to_json() for load in route.on_duty] or None
        scan.consent_at = now
        scan.notice_version = NOTICE_VERSION
        log.info(
            "code %s: %s for %s (%s)",
            code.token,
            scan.outcome,
            route.consultant.username,
            route.reason.value,
        )
        return scan.id


def done(session: Session, token: str, scan: str) -> DoneView:
    """What the thanks page shows; the same for any scan id (nothing is given away)."""
    code, channel = _code(session, token)
    showroom = _showroom_name(session, code.showroom_id)
    card = None
    scan_id = _scan_id(scan)
    found = (
        None
        if scan_id is None
        else session.scalars(
            select(Scan).where(Scan.id == scan_id, Scan.code_id == code.id)
        ).first()
    )
    if found is not None and found.outcome in ("lead", "again") and found.consultant_id:
        card = _card(session.get(User, found.consultant_id), showroom)
    session.rollback()  # only read
    return DoneView(card=card, benefit=channel.benefit, showroom=showroom)


def _new_lead(
    session: Session,
    changes: ChangeSet,
    code: ChannelCode,
    channel: Channel,
    route: Route,
    lead: CleanLead,
    now: datetime,
) -> Contact:
    """A new contact in the lead stage, with its first stage change, the channel's tags and
    the note on how it arrived, all logged for its owner."""
    owner = route.consultant
    values = clean_fields(
        {
            **FIELD_DEFAULTS,
            "name": lead.name,
            "mobile": lead.mobile,
            "models": [lead.model] if lead.model else [],
            "source_channel": channel.builtin or channel.name,
        },
        today=local_day(now),
    )
    contact = Contact(
        id=uuid.uuid4(),
        owner_id=owner.id,
        showroom_id=owner.showroom_id,
        created_by_device_id=None,
        name=values["name"],
        mobile=values["mobile"],
        wecom_id=values["wecom_id"],
        gender=values["gender"],
        models=values["models"],
        budget_min_yuan=None,
        budget_max_yuan=None,
        source_channel=values["source_channel"],
        birthday=None,
        remark="",
        stage=Stage.LEAD.value,
        stage_entered_at=now,
        last_touch_at=now,
        snoozed_until=None,
        deleted_at=None,
        field_writers=dict.fromkeys(CONTACT_FIELDS, str(owner.id)),
        created_at=now,
        updated_at=now,
    )
    change = StageChange(
        id=uuid.uuid4(),
        contact_id=contact.id,
        from_stage=None,
        to_stage=Stage.LEAD.value,
        changed_at=now,
        changed_by=owner.id,
        lost_reason=None,
        competitor="",
        details=None,
        batch_id=uuid.uuid4(),
        is_undo=False,
    )
    session.add_all([contact, change])
    tags = [
        ensure_tag(session, changes, contact.showroom_id, name, tag_colour(name), now)
        for name in channel.tags
    ]
    links = [
        ContactTag(
            id=uuid.uuid4(),
            contact_id=contact.id,
            tag_id=tag.id,
            added_by=owner.id,
            created_at=now,
            removed_at=None,
            removed_by=None,
        )
        for tag in tags
    ]
    session.add_all(links)
    session.flush()
    _log(changes, Entity.CONTACT, contact.id, rows.contact_data(contact), contact)
    _log(changes, Entity.STAGE_CHANGE, change.id, rows.stage_change_data(change), contact)
    for link in links:
        _log(changes, Entity.CONTACT_TAG, link.id, rows.contact_tag_data(link), contact)
    _note(session, changes, contact, owner, _lead_text(session, code, channel, route, lead), now)
    return contact


def _note(
    session: Session,
    changes: ChangeSet,
    contact: Contact,
    author: User,
    body: str,
    now: datetime,
) -> None:
    activity = Activity(
        id=uuid.uuid4(),
        contact_id=contact.id,
        kind=ActivityKind.NOTE.value,
        body=body,
        occurred_at=now,
        created_by=author.id,
        created_at=now,
    )
    session.add(activity)
    session.flush()
    _log(changes, Entity.ACTIVITY, activity.id, rows.activity_data(activity), contact)


def _log(
    changes: ChangeSet, entity: Entity, ident: uuid.UUID, data: dict[str, object], contact: Contact
) -> None:
    changes.add(
        entity.value,
        ident,
        ChangeOp.UPSERT.value,
        data,
        scope_owner_id=contact.owner_id,
        scope_showroom_id=contact.showroom_id,
    )


_REASONS = {
    RouteReason.OWNER: "顾问本人的活码",
    RouteReason.RETARGETED: "活码已转给{name}",
    RouteReason.EXISTING_CUSTOMER: "已是{name}的客户",
    RouteReason.DUTY: "按值班表分配给今日线索最少的{name}",
    RouteReason.BACKUP: "值班顾问已满额或今日无人值班，转备岗{name}",
    RouteReason.MANAGER: "无人可接且未设备岗，转经理{name}",
}
_FALLBACKS = {"paused": "原顾问码已暂停，", "inactive": "原顾问已停用，"}


def _lead_text(
    session: Session, code: ChannelCode, channel: Channel, route: Route, lead: CleanLead
) -> str:
    """The new lead's first note: how it arrived, what the customer asked, who was on duty
    and why it went to this consultant."""
    kind = "值班码" if code.kind == CodeKind.DUTY.value else "顾问码"
    why = _FALLBACKS.get(route.fallback or "", "") + _REASONS[route.reason].format(
        name=route.consultant.display_name
    )
    lines = [
        f"扫码留资｜渠道：{channel.name}（{kind} {code.token}）",
        _wishes(lead),
        f"分配：{why}",
    ]
    if route.on_duty:
        on_duty = "、".join(
            f"{load.name} {load.today}/{'不限' if load.cap is None else load.cap}"
            for load in route.on_duty
        )
        lines.append(f"今日值班（分配前）：{on_duty}")
    elif route.reason in (RouteReason.BACKUP, RouteReason.MANAGER):
        lines.append("今日值班：无")
    lines.append(f"客户已勾选同意《个人信息保护说明》（{NOTICE_VERSION} 版）")
    return "\n".join(lines)


def _again_text(channel: Channel, lead: CleanLead) -> str:
    return "\n".join([f"再次扫码｜渠道：{channel.name}", f"留下的称呼：{lead.name}", _wishes(lead)])


def _wishes(lead: CleanLead) -> str:
    model = lead.model or "未选"
    when = DRIVE_TIME_LABELS.get(lead.when, "未选")
    return f"意向车型：{model}；希望试驾：{when}"


# --- look-ups --------------------------------------------------------------------------------


def _code(session: Session, token: str) -> tuple[ChannelCode, Channel]:
    code = session.scalars(select(ChannelCode).where(ChannelCode.token == token)).first()
    if code is None:
        raise CodeNotFoundError(f"no code {token!r}")
    if code.status == CodeStatus.REVOKED.value:
        raise CodeRevokedError(f"code {token!r} was revoked")
    channel = session.get(Channel, code.channel_id)
    assert channel is not None  # a code's channel is never deleted
    return code, channel


def _locked_scan(session: Session, code: ChannelCode, text: str) -> Scan | None:
    """The scan the form came from, locked (a double submit waits, then sees the first)."""
    scan_id = _scan_id(text)
    if scan_id is None:
        return None
    return session.scalars(
        select(Scan)
        .where(Scan.id == scan_id, Scan.code_id == code.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()


def _scan_id(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def _showroom_name(session: Session, showroom_id: uuid.UUID) -> str:
    showroom = session.get(Showroom, showroom_id)
    return "" if showroom is None else showroom.name


def _card(consultant: User | None, showroom: str) -> Card:
    if consultant is None:
        return Card(
            name=showroom, title="今日值班顾问为您服务", showroom=showroom, is_showroom=True
        )
    return Card(consultant.display_name, consultant.title or DEFAULT_TITLE, showroom)


def ip_hash(session: Session, ip: str, now: datetime) -> str:
    """A keyed hash of the visitor's IP and the day: distinct visitors can be counted per
    day, but the IP cannot be read back, nor one visitor followed across days."""
    key = session.scalars(select(ServerState.ip_hash_key).where(ServerState.id == 1)).one()
    message = f"{local_day(now).isoformat()}|{ip}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()[:32]
