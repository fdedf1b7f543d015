"""The read side of channel live codes (渠道活码): the consultant's channels and their codes.

Plain SQL on the standard `sqlite3` module, like `consultant_app.store.queries`, returning
frozen rows for the desktop's QR screen. A code asked for offline has no token until the
server made it (it arrives at the next pull): it shows as "not yet synced", with no URL.
Statistics are the server's (`consultant_app.services.channels.fetch_stats`).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from consultant_app.clock import from_db
from consultant_app.domain.channels import CHANNELS
from consultant_app.sync.wire import CodeKind, CodeStatus, MutationKind

_BUILTIN_ORDER = {channel.code: n for n, channel in enumerate(CHANNELS)}
#: Pending mutations of these kinds make the record they name "pending" (by this key).
_PENDING_KEYS = {
    MutationKind.CHANNEL_CREATE.value: "channel_id",
    MutationKind.CHANNEL_UPDATE.value: "channel_id",
    MutationKind.CHANNEL_CODE_REQUEST.value: "code_id",
    MutationKind.CHANNEL_CODE_SET_STATUS.value: "code_id",
}


def code_url(base_url: str, token: str) -> str:
    """The public URL a code's QR encodes: the server's address and ``/q/<token>``."""
    return f"{base_url.rstrip('/')}/q/{token}"


@dataclass(frozen=True, slots=True)
class CodeView:
    """A live code as the QR screen shows it.

    `token` and `url` are None until the server has made the code (asked for offline: usable
    once synced). `pending` says a change of it waits in the outbox, so `status` is the local
    one. `target_name` names the colleague its scans go to when it was re-targeted.
    """

    id: str
    kind: CodeKind
    token: str | None
    url: str | None
    status: CodeStatus
    target_id: str | None
    target_name: str
    pending: bool

    @property
    def synced(self) -> bool:
        """The server has the code as shown (it has a token and nothing of it is queued)."""
        return self.token is not None and not self.pending

    @property
    def usable(self) -> bool:
        """Its QR can be shown or printed: it has a URL and is not revoked."""
        return self.url is not None and self.status is not CodeStatus.REVOKED


@dataclass(frozen=True, slots=True)
class ChannelView:
    """A channel with the consultant's code of it (if any) and the showroom's duty codes.

    `shared` is a showroom channel (built-in or a manager's); `mine` the consultant's own,
    which they may edit. `pending`: made or changed here and not yet pushed.
    """

    id: str
    name: str
    builtin: str | None
    benefit: str
    welcome: str
    tags: tuple[str, ...]
    shared: bool
    mine: bool
    archived: bool
    pending: bool
    updated_at: datetime | None
    code: CodeView | None
    duty_codes: tuple[CodeView, ...]


_CHANNEL_SQL = """
SELECT c.id, c.name, c.builtin, c.benefit, c.welcome, c.tags_json, c.owner_id, c.archived_at,
       c.created_at, c.updated_at
  FROM channel c
 WHERE c.owner_id IS NULL OR c.owner_id = ?
    -- made before the first sign-in under the workspace's first consultant id, and not
    -- yet synced: that consultant row is gone since sign-in re-keyed the workspace
    OR NOT EXISTS (SELECT 1 FROM consultant k WHERE k.id = c.owner_id)
"""

_CODE_SQL = """
SELECT d.id, d.channel_id, d.kind, d.owner_id, d.target_id, d.token, d.status, d.created_at,
       k.display_name
  FROM channel_code d
  LEFT JOIN consultant k ON k.id = d.target_id
 WHERE d.kind = 'duty' OR d.owner_id = ?
    OR NOT EXISTS (SELECT 1 FROM consultant o WHERE o.id = d.owner_id)
 ORDER BY d.created_at, d.id
"""


def list_channels(
    conn: sqlite3.Connection,
    consultant_id: str,
    base_url: str,
    *,
    include_archived: bool = False,
) -> list[ChannelView]:
    """The consultant's channels (the showroom's and their own) with their codes, in order:
    the built-ins as the desk lists channels, then the showroom's others, then their own.

    `base_url` is the server's public address (what customers' phones reach), for the URLs.
    A consultant has one live code per channel; when there are several rows (a revoked one
    and its successor), the live one is shown.
    """
    pending_ids = _pending_ids(conn)
    codes: dict[str, list[CodeView]] = {}
    duty: dict[str, list[CodeView]] = {}
    for row in conn.execute(_CODE_SQL, (consultant_id,)):
        token = row[5]
        view = CodeView(
            id=row[0],
            kind=CodeKind(row[2]),
            token=token,
            url=None if token is None else code_url(base_url, token),
            status=CodeStatus(row[6]),
            target_id=row[4],
            target_name=row[8] or "",
            pending=row[0] in pending_ids,
        )
        (duty if view.kind is CodeKind.DUTY else codes).setdefault(row[1], []).append(view)
    found = []
    for row in conn.execute(_CHANNEL_SQL, (consultant_id,)):
        archived = row[7] is not None
        if archived and not include_archived:
            continue
        owner = row[6]
        mine_codes = codes.get(row[0], [])
        live = [c for c in mine_codes if c.status is not CodeStatus.REVOKED]
        shown = live or mine_codes
        code = shown[-1] if shown else None
        found.append(
            (
                _order(row[2], owner, row[8]),
                ChannelView(
                    id=row[0],
                    name=row[1],
                    builtin=row[2],
                    benefit=row[3],
                    welcome=row[4],
                    tags=tuple(json.loads(row[5] or "[]")),
                    shared=owner is None,
                    mine=owner is not None,
                    archived=archived,
                    pending=row[0] in pending_ids,
                    updated_at=from_db(row[9]),
                    code=code,
                    duty_codes=tuple(duty.get(row[0], ())),
                ),
            )
        )
    return [view for _, view in sorted(found, key=lambda pair: pair[0])]


def _order(builtin: str | None, owner: str | None, created_at: str) -> tuple[int, int, str]:
    if builtin is not None:
        return (0, _BUILTIN_ORDER.get(builtin, len(_BUILTIN_ORDER)), created_at)
    return (1 if owner is None else 2, 0, created_at)


def _pending_ids(conn: sqlite3.Connection) -> set[str]:
    """The channels made or changed, and the codes asked for or changed, not yet pushed."""
    ids: set[str] = set()
    kinds = tuple(_PENDING_KEYS)
    marks = ",".join("?" * len(kinds))
    for kind, payload_json in conn.execute(
        f"SELECT kind, payload_json FROM outbox WHERE state = 'pending' AND kind IN ({marks})",
        kinds,
    ):
        value = json.loads(payload_json).get(_PENDING_KEYS[kind])
        if isinstance(value, str):
            ids.add(value)
    return ids
