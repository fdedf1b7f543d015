"""Link radar (链接雷达): a tracked short link for sharing an article with one customer.

The server makes the link (``POST /materials/<id>/links``), one per contact and article, and
records each open of ``/r/<token>`` before redirecting to the article. An open reaches the
desk at its next sync through the ordinary pull: a timeline note on the contact whose body
starts with `RADAR_PREFIX` ("链接雷达：客户打开了《…》"), and the article's interest tags
(`interest_tags`) on the contact.

`tracked_link` runs on the network worker. A link once made is kept locally
(`tracked_link` table), so sharing the same article with the same customer again works
offline; a first link needs the server, and offline raises `TrackedLinkOfflineError`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from consultant_app.clock import from_db
from consultant_app.domain.activity import RADAR_PREFIX, ActivityKind, radar_note, read_radar_note
from consultant_app.domain.contact import MAX_TAG, clean_text
from consultant_app.errors import NotFoundError, ShowroomError
from consultant_app.library.models import MaterialKind
from consultant_app.store.database import Workspace
from consultant_app.store.schema import LocalState, table_of
from consultant_app.store.schema import TrackedLink as TrackedLinkRow
from consultant_app.sync.engine import (
    OfflineError,
    ProtocolError,
    ServerUnavailableError,
    SignInRequiredError,
    json_object,
)

if TYPE_CHECKING:
    import httpx

#: The tag prefix of an interest (意向:迈腾); article tags with it go to the contact on an open.
INTEREST_PREFIX = "意向:"

LINKS = table_of(TrackedLinkRow)
STATE = table_of(LocalState)


def opened_note(title: str, opens: int) -> str:
    """The timeline note for the `opens`-th recorded open of the article `title`."""
    return radar_note(title, opens)


def interest_tags(tags: Iterable[str], models: Iterable[str]) -> tuple[str, ...]:
    """The tags a customer who opens an article gets: its own interest tags (意向:…) and an
    interest in each of its models (意向:迈腾), each once, none longer than a tag may be."""
    names: dict[str, None] = {}
    for tag in tags:
        clean = clean_text(tag).replace("意向：", INTEREST_PREFIX, 1)
        if clean.startswith(INTEREST_PREFIX) and len(clean) > len(INTEREST_PREFIX):
            names.setdefault(clean, None)
    for model in models:
        clean = clean_text(model)
        if clean:
            names.setdefault(f"{INTEREST_PREFIX}{clean}", None)
    return tuple(name for name in names if len(name) <= MAX_TAG)


class TrackedLinkOfflineError(OfflineError):
    """A first tracked link for this customer and article needs the server, which cannot be
    reached now; the article's own link can still be shared (untracked)."""


class NotSyncedYetError(ShowroomError):
    """The customer was added on this desk and has not reached the server yet; sync first."""

    def __init__(self, contact_id: str) -> None:
        self.contact_id = contact_id
        super().__init__(f"contact {contact_id} has not been synced yet")


class NotAnArticleError(ShowroomError):
    """Only an article with a web address gets a tracked link."""

    def __init__(self, material_id: str) -> None:
        self.material_id = material_id
        super().__init__(f"material {material_id} is not an article with a web address")


class LinkRefusedError(ShowroomError):
    """The server would not make the link (the article was retired, the customer is no
    longer this consultant's …); `message` says why."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class TrackedLink:
    """A customer's tracked link to an article: the URL to send them."""

    id: str
    material_id: str
    contact_id: str
    token: str
    url: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class LinkOpened:
    """A customer opened an article the consultant shared (a radar note on their timeline)."""

    activity_id: str
    contact_id: str
    contact_name: str
    note: str
    occurred_at: datetime

    @property
    def title(self) -> str:
        """The article's title as the note names it (《…》), or '' if it names none."""
        read = read_radar_note(ActivityKind.NOTE, self.note)
        return read.title if read else ""

    @property
    def opens(self) -> int:
        """Which open of the article this was (1 for the first)."""
        read = read_radar_note(ActivityKind.NOTE, self.note)
        return read.opens if read else 1


def cached_link(conn: sqlite3.Connection, material_id: str, contact_id: str) -> TrackedLink | None:
    """The link kept from an earlier share, if any (works offline)."""
    row = conn.execute(
        "SELECT id, material_id, contact_id, token, url, created_at FROM tracked_link"
        " WHERE material_id = ? AND contact_id = ?",
        (material_id, contact_id),
    ).fetchone()
    if row is None:
        return None
    created = from_db(row[5])
    assert created is not None
    return TrackedLink(row[0], row[1], row[2], row[3], row[4], created)


def tracked_link(
    workspace: Workspace, http: httpx.Client, token: str, material_id: str, contact_id: str
) -> TrackedLink:
    """The tracked link for sharing article `material_id` with contact `contact_id`: kept
    from before, or asked of the server and kept.

    Raises NotFoundError (no such material or contact here), NotAnArticleError,
    NotSyncedYetError (the contact is still only on this desk), TrackedLinkOfflineError, and
    the sync engine's SignInRequiredError, ServerUnavailableError and ProtocolError, or
    LinkRefusedError with the server's reason.
    """
    import httpx

    conn = workspace.reader()
    kept = cached_link(conn, material_id, contact_id)
    if kept is not None:
        return kept
    material = conn.execute("SELECT kind, url FROM material WHERE id = ?", (material_id,))
    found = material.fetchone()
    if found is None:
        raise NotFoundError(material_id)
    if found[0] != MaterialKind.ARTICLE.value or not found[1]:
        raise NotAnArticleError(material_id)
    if conn.execute("SELECT 1 FROM contact WHERE id = ?", (contact_id,)).fetchone() is None:
        raise NotFoundError(contact_id)
    if _created_here(conn, contact_id):
        raise NotSyncedYetError(contact_id)
    try:
        response = http.post(
            f"/materials/{material_id}/links",
            json={"contact_id": contact_id},
            headers={"Authorization": f"Bearer {token}"},
        )
    except httpx.TransportError as exc:
        raise TrackedLinkOfflineError(str(exc) or type(exc).__name__) from exc
    body = json_object(response)
    message = str(body.get("message") or body.get("error") or response.reason_phrase)
    if response.status_code == 401:
        raise SignInRequiredError(message)
    if response.status_code >= 500:
        raise ServerUnavailableError(f"{response.status_code}: {message}")
    if response.status_code in (403, 404, 409, 422):
        raise LinkRefusedError(message)
    if response.status_code not in (200, 201):
        raise ProtocolError(f"{response.status_code}: {message}")
    try:
        link = TrackedLink(
            id=str(body["id"]),
            material_id=str(body["material_id"]),
            contact_id=str(body["contact_id"]),
            token=str(body["token"]),
            url=str(body["url"]),
            created_at=datetime.fromisoformat(str(body["created_at"])),
        )
    except (KeyError, ValueError) as exc:
        raise ProtocolError(f"unreadable link: {exc}") from exc
    _keep(workspace, link)
    return link


def _created_here(conn: sqlite3.Connection, contact_id: str) -> bool:
    """Whether the contact's creation is still waiting in the outbox (or was refused)."""
    row = conn.execute(
        "SELECT 1 FROM outbox WHERE kind = 'contact.create'"
        " AND json_extract(payload_json, '$.contact_id') = ? LIMIT 1",
        (contact_id,),
    ).fetchone()
    return row is not None


def _keep(workspace: Workspace, link: TrackedLink) -> None:
    with workspace.transaction() as session:
        statement = sqlite_insert(LINKS).values(
            id=link.id,
            material_id=link.material_id,
            contact_id=link.contact_id,
            token=link.token,
            url=link.url,
            created_at=link.created_at,
        )
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["material_id", "contact_id"],
                set_={"id": link.id, "token": link.token, "url": link.url},
            )
        )


#: The `local_state` key holding the newest radar note (activity rowid) already announced.
SEEN_KEY = "radar_seen_rowid"


def new_link_opens(workspace: Workspace) -> list[LinkOpened]:
    """Radar notes (customers opening shared articles) that arrived since the last call,
    oldest first, to announce after a sync. Arrival order is the local row order, never a
    clock. The first call on a desk only remembers where it is (a first sync brings the whole
    history, which is not news)."""
    conn = workspace.reader()
    row = conn.execute("SELECT value FROM local_state WHERE key = ?", (SEEN_KEY,)).fetchone()
    newest = conn.execute("SELECT coalesce(max(rowid), 0) FROM activity").fetchone()[0]
    found: list[LinkOpened] = []
    if row is not None:
        for r in conn.execute(
            "SELECT a.id, a.contact_id, c.name, a.body, a.occurred_at FROM activity a"
            " JOIN contact c ON c.id = a.contact_id"
            " WHERE a.rowid > ? AND a.rowid <= ? AND a.kind = 'note' AND a.body LIKE ?"
            " ORDER BY a.rowid",
            (int(row[0]), newest, f"{RADAR_PREFIX}%"),
        ):
            when = from_db(r[4])
            assert when is not None
            found.append(LinkOpened(r[0], r[1], r[2], r[3], when))
    if row is None or int(row[0]) != newest:  # a round without new activity writes nothing
        with workspace.transaction() as session:
            statement = sqlite_insert(STATE).values(key=SEEN_KEY, value=str(newest))
            session.execute(
                statement.on_conflict_do_update(index_elements=["key"], set_={"value": str(newest)})
            )
    return found
