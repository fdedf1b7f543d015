"""Channel live codes (渠道活码): the rules a channel keeps, and the consultant's commands.

A channel carries a benefit line shown next to its code (加微利益点), a welcome message
(渠道欢迎语) with placeholders, and tags every lead that arrives through it receives. The
rules here are the ones the server checks too (it imports them), so a channel the desktop
accepts offline is never refused later for its text.

`ChannelService` makes and changes the consultant's own channels and codes offline: each
command writes the local rows and queues its mutation in one transaction, like
`consultant_app.services.contacts`. A code asked for offline has no token (the server makes
it) until the next sync brings it. `fetch_stats` asks the server for the statistics.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from consultant_app.clock import new_id, utcnow
from consultant_app.domain.contact import MAX_TAG, clean_multiline, clean_text
from consultant_app.errors import FieldError, NotFoundError, ValidationError
from consultant_app.store.database import Workspace
from consultant_app.store.schema import LeadChannel, LiveCode
from consultant_app.sync import outbox
from consultant_app.sync.wire import CodeKind, CodeStatus, JSONValue, MutationKind

if TYPE_CHECKING:
    import httpx

MAX_CHANNEL_NAME = 20
MAX_BENEFIT = 40
MAX_WELCOME = 300
MAX_CHANNEL_TAGS = 5

#: What a welcome message may name; each is replaced by the text it stands for.
PLACEHOLDERS = ("customer", "consultant", "showroom")
_PLACEHOLDER = re.compile(r"\{([^{}\s]{1,32})\}")


@dataclass(frozen=True, slots=True)
class ChannelDraft:
    """A channel's editable text as typed; `validated()` gives the clean version or raises."""

    name: str
    benefit: str = ""
    welcome: str = ""
    tags: tuple[str, ...] = ()

    def validated(self) -> ChannelDraft:
        """A copy with trimmed text and de-duplicated tags; ValidationError names each problem.

        A welcome message may use only the known placeholders (`PLACEHOLDERS`): a typo such
        as ``{custmer}`` would otherwise reach customers as it is.
        """
        errors: dict[str, FieldError] = {}
        name = clean_text(self.name)
        if not name:
            errors["name"] = FieldError("required")
        elif len(name) > MAX_CHANNEL_NAME:
            errors["name"] = FieldError("too_long", limit=MAX_CHANNEL_NAME)
        benefit = clean_text(self.benefit)
        if len(benefit) > MAX_BENEFIT:
            errors["benefit"] = FieldError("too_long", limit=MAX_BENEFIT)
        welcome = clean_multiline(self.welcome)
        if len(welcome) > MAX_WELCOME:
            errors["welcome"] = FieldError("too_long", limit=MAX_WELCOME)
        unknown = unknown_placeholders(welcome)
        if unknown:
            errors["welcome"] = FieldError("unknown_placeholder", name=unknown[0])
        tags = tuple(dict.fromkeys(t for t in (clean_text(x) for x in self.tags) if t))
        if len(tags) > MAX_CHANNEL_TAGS:
            errors["tags"] = FieldError("too_many", limit=MAX_CHANNEL_TAGS)
        elif any(len(tag) > MAX_TAG for tag in tags):
            errors["tags"] = FieldError("too_long", limit=MAX_TAG)
        if errors:
            raise ValidationError(errors)
        return replace(self, name=name, benefit=benefit, welcome=welcome, tags=tags)


def unknown_placeholders(template: str) -> list[str]:
    """The ``{names}`` in `template` that are not placeholders, in order of appearance."""
    return [m for m in _PLACEHOLDER.findall(template) if m not in PLACEHOLDERS]


def render_welcome(template: str, *, customer: str, consultant: str, showroom: str) -> str:
    """The welcome message with its placeholders filled in.

    Plain replacement, never `str.format`: the template is user text, and format syntax
    (``{0.__class__}``) must not reach into Python objects. Unknown ``{names}`` stay as typed.
    """
    values = {"customer": customer, "consultant": consultant, "showroom": showroom}
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


# --- the consultant's commands ---------------------------------------------------------------


class ChannelService:
    """The channel commands of one workspace, acting as its signed-in consultant.

    A consultant changes their own channels and codes here; the showroom's channels are the
    managers' (on the server).
    """

    def __init__(self, workspace: Workspace, clock: Callable[[], datetime] = utcnow) -> None:
        self.workspace = workspace
        self.clock = clock

    @property
    def me(self) -> str:
        return self.workspace.consultant_id

    def create_channel(self, draft: ChannelDraft) -> tuple[str, str]:
        """Add one of the consultant's own channels and ask for its code, in one transaction;
        returns (channel id, code id). The code is usable once synced."""
        clean = draft.validated()
        now = self.clock()
        with self.workspace.transaction() as session:
            self._refuse_taken_name(session, clean.name, None)
            channel = LeadChannel(
                id=new_id(),
                owner_id=self.me,
                builtin=None,
                name=clean.name,
                benefit=clean.benefit,
                welcome=clean.welcome,
                tags_json=json.dumps(list(clean.tags), ensure_ascii=False),
                archived_at=None,
                created_at=now,
                updated_at=now,
            )
            session.add(channel)
            self._emit(
                session,
                MutationKind.CHANNEL_CREATE,
                {
                    "channel_id": channel.id,
                    "name": clean.name,
                    "benefit": clean.benefit,
                    "welcome": clean.welcome,
                    "tags": list(clean.tags),
                },
            )
            code_id = self._ask_for_code(session, channel.id, now)
            return channel.id, code_id

    def update_channel(self, channel_id: str, draft: ChannelDraft) -> None:
        """Replace the text of one of the consultant's own channels (the changed fields are
        sent; on the server the last write wins)."""
        clean = draft.validated()
        with self.workspace.transaction() as session:
            channel = self._own_channel(session, channel_id)
            if clean.name != channel.name:
                self._refuse_taken_name(session, clean.name, channel.id)
            before = _channel_values(channel)
            channel.name, channel.benefit, channel.welcome = (
                clean.name,
                clean.benefit,
                clean.welcome,
            )
            channel.tags_json = json.dumps(list(clean.tags), ensure_ascii=False)
            after = _channel_values(channel)
            changes = {k: v for k, v in after.items() if before[k] != v}
            if changes:
                channel.updated_at = self.clock()
                self._emit(
                    session,
                    MutationKind.CHANNEL_UPDATE,
                    {"channel_id": channel.id, "changes": changes},
                )

    def archive_channel(self, channel_id: str, archived: bool = True) -> None:
        """Hide one of the consultant's own channels (or show it again). Its code keeps
        working until it is revoked (`set_code_status`)."""
        now = self.clock()
        with self.workspace.transaction() as session:
            channel = self._own_channel(session, channel_id, archived_too=True)
            if (channel.archived_at is not None) == archived:
                return
            channel.archived_at = now if archived else None
            channel.updated_at = now
            self._emit(
                session,
                MutationKind.CHANNEL_UPDATE,
                {"channel_id": channel.id, "changes": {"archived": archived}},
            )

    def request_code(self, channel_id: str) -> str:
        """The consultant's code for a channel they see: their live one, or a new one asked
        for (usable once synced). Returns the code's id."""
        now = self.clock()
        with self.workspace.transaction() as session:
            channel = session.get(LeadChannel, channel_id)
            if channel is None or channel.owner_id not in (None, self.me):
                raise NotFoundError(channel_id)
            if channel.archived_at is not None:
                raise ValidationError({"channel_id": FieldError("archived")})
            live = session.execute(
                select(LiveCode.id).where(
                    LiveCode.channel_id == channel_id,
                    LiveCode.owner_id == self.me,
                    LiveCode.kind == CodeKind.CONSULTANT.value,
                    LiveCode.status != CodeStatus.REVOKED.value,
                )
            ).first()
            if live is not None:
                return str(live[0])
            return self._ask_for_code(session, channel_id, now)

    def set_code_status(self, code_id: str, status: CodeStatus) -> None:
        """Pause (its scans go to the showroom's duty consultant), resume, or revoke (for
        good: the page then says the code is no longer in use) one of the consultant's codes."""
        now = self.clock()
        with self.workspace.transaction() as session:
            code = session.get(LiveCode, code_id)
            if code is None or code.owner_id != self.me or code.kind != CodeKind.CONSULTANT:
                raise NotFoundError(code_id)
            if code.status == status.value:
                return
            if code.status == CodeStatus.REVOKED.value:
                raise ValidationError({"status": FieldError("revoked")})
            code.status = status.value
            code.updated_at = now
            self._emit(
                session,
                MutationKind.CHANNEL_CODE_SET_STATUS,
                {"code_id": code.id, "status": status.value},
            )

    def _ask_for_code(self, session: Session, channel_id: str, now: datetime) -> str:
        code = LiveCode(
            id=new_id(),
            channel_id=channel_id,
            kind=CodeKind.CONSULTANT.value,
            owner_id=self.me,
            target_id=None,
            token=None,
            status=CodeStatus.ACTIVE.value,
            created_at=now,
            updated_at=now,
        )
        session.add(code)
        self._emit(
            session,
            MutationKind.CHANNEL_CODE_REQUEST,
            {"code_id": code.id, "channel_id": channel_id},
        )
        return code.id

    def _own_channel(
        self, session: Session, channel_id: str, *, archived_too: bool = False
    ) -> LeadChannel:
        channel = session.get(LeadChannel, channel_id)
        if channel is None or channel.owner_id != self.me:
            raise NotFoundError(channel_id)
        if channel.archived_at is not None and not archived_too:
            raise ValidationError({"channel_id": FieldError("archived")})
        return channel

    def _refuse_taken_name(self, session: Session, name: str, own_id: str | None) -> None:
        """The server refuses a name the showroom's channels or the consultant's use."""
        taken = session.execute(
            select(LeadChannel.id).where(
                LeadChannel.name == name,
                LeadChannel.archived_at.is_(None),
                (LeadChannel.owner_id.is_(None)) | (LeadChannel.owner_id == self.me),
            )
        ).first()
        if taken is not None and taken[0] != own_id:
            raise ValidationError({"name": FieldError("duplicate")})

    def _emit(self, session: Session, kind: MutationKind, payload: dict[str, JSONValue]) -> None:
        """Queue a mutation for the server in the caller's transaction."""
        outbox.enqueue(session, kind, payload, self.clock())


def _channel_values(channel: LeadChannel) -> dict[str, JSONValue]:
    return {
        "name": channel.name,
        "benefit": channel.benefit,
        "welcome": channel.welcome,
        "tags": json.loads(channel.tags_json),
    }


# --- statistics (the server's) ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChannelStats:
    """One channel's or consultant's numbers over a period, as the server counted them.

    `scans` are page views, `leads` new contacts, `again` scans by existing contacts,
    `reached` how many of the leads entered each later stage (by stage value).
    """

    key: str | None
    name: str
    scans: int
    leads: int
    again: int
    reached: Mapping[str, int]


def fetch_stats(
    http: httpx.Client,
    token: str,
    start: date,
    end: date,
    group: str = "channel",
) -> list[ChannelStats]:
    """Ask the server for the statistics (`GET /stats/channels`) of the signed-in user: per
    channel or per consultant (`group`), for the days `start` to `end` (both included).

    Runs on the network worker. Raises the sync engine's errors: OfflineError,
    SignInRequiredError, ServerUnavailableError, ProtocolError.
    """
    import httpx

    from consultant_app.sync.engine import (
        OfflineError,
        ProtocolError,
        ServerUnavailableError,
        SignInRequiredError,
    )

    try:
        response = http.get(
            "/stats/channels",
            params={"start": start.isoformat(), "end": end.isoformat(), "group": group},
            headers={"Authorization": f"Bearer {token}"},
        )
    except httpx.TransportError as exc:
        raise OfflineError(str(exc) or type(exc).__name__) from exc
    if response.status_code == 401:
        raise SignInRequiredError(response.text)
    if response.status_code >= 500:
        raise ServerUnavailableError(f"{response.status_code}")
    try:
        body: Any = response.json()
    except ValueError as exc:
        raise ProtocolError("the statistics are not JSON") from exc
    if response.status_code != 200 or not isinstance(body, dict):
        message = body.get("message") if isinstance(body, dict) else None
        raise ProtocolError(f"{response.status_code}: {message or response.reason_phrase}")
    try:
        return [
            ChannelStats(
                key=row["id"],
                name=str(row["name"]),
                scans=int(row["scans"]),
                leads=int(row["leads"]),
                again=int(row["again"]),
                reached={str(k): int(v) for k, v in row["reached"].items()},
            )
            for row in body["rows"]
        ]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ProtocolError(f"unreadable statistics: {exc}") from exc
