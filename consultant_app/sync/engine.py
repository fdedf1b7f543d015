"""One sync round with the central server: push the outbox, then pull until up to date.

Runs on a background worker, never the GUI thread. Every failure is a specific exception the
caller turns into a status ("offline, 3 pending", "update the app") and a retry with backoff;
nothing here ever drops a pending mutation. When the server cannot continue the stored cursor
(410), the round starts over from a snapshot (`SyncClient.rebootstrap`).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from consultant_app import __version__
from consultant_app.store.database import Workspace
from consultant_app.sync import outbox
from consultant_app.sync.apply import PageResult, apply_page, read_cursor
from consultant_app.sync.wire import (
    Change,
    ChangeOp,
    Entity,
    JSONValue,
    Mutation,
    WireError,
    decode_change,
    decode_outcome,
)

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

#: Changes per pull page. Large pages make a first sync fast: each page is one local
#: transaction, and its commit (with the WAL checkpoint it brings) cost more than its rows
#: at 500 a page (docs/benchmarks.md, `sync.initial_ratio`).
PULL_LIMIT = 5000
#: The most an older server gives in one page (it refuses more with a 422).
LEGACY_PULL_LIMIT = 1000
#: The entities beyond the first protocol's this client reads, named in every pull and
#: snapshot (`reads`): the server serves those only to clients that name them, since a desk
#: that predates one stops at the first change it cannot decode.
READS = (Entity.KEYWORD_RULE.value,)


class SyncError(Exception):
    """A sync round could not finish; pending work stays queued."""


class OfflineError(SyncError):
    """The server could not be reached (no network, DNS, refused, timed out)."""


class ServerUnavailableError(SyncError):
    """The server answered but could not do the work now (5xx); try again later."""


class SignInRequiredError(SyncError):
    """The token is missing, expired or revoked, or the account was deactivated."""


class ClientTooOldError(SyncError):
    """The server needs a newer app; work continues offline and stays queued."""

    def __init__(self, minimum: str) -> None:
        self.minimum = minimum
        super().__init__(f"the server needs version {minimum} or newer")


class RebootstrapNeededError(SyncError):
    """The cursor cannot be continued (server restored, or offline past retention)."""


class ProtocolError(SyncError):
    """The server sent something this client cannot read, or refused what it was sent
    (`status`: the HTTP status then)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What a round did, for the status bar and for refreshing the board."""

    pushed: int
    rejected: int
    pulled: int
    contact_ids: frozenset[str]
    revoked: frozenset[str]
    #: The synced tables were rebuilt from a snapshot (after the server refused the cursor).
    rebuilt: bool = False


#: The local tables a snapshot replaces, each with the column tying a row to what a pending
#: mutation names (the contact, or for tags the name): rows a pending mutation names are kept.
_REPLACED: tuple[tuple[Entity, str, str], ...] = (
    (Entity.CONTACT, "contact", "id"),
    (Entity.STAGE_CHANGE, "stage_change", "contact_id"),
    (Entity.ACTIVITY, "activity", "contact_id"),
    (Entity.REMINDER, "reminder", "contact_id"),
    (Entity.CONTACT_TAG, "contact_tag", "contact_id"),
    (Entity.FIELD_CONFLICT, "field_conflict", "contact_id"),
    (Entity.TAG, "tag", "name"),
    # The library: a material retired (or a category removed) while this desk could not
    # continue its cursor is not in the snapshot; a script written offline is kept.
    (Entity.MATERIAL_CATEGORY, "material_category", "id"),
    (Entity.MATERIAL, "material", "id"),
    # Channels and codes: the server archives or revokes rather than deletes them, and the
    # snapshot serves those too. One it lacks is gone from the server (restored from a
    # backup older than it) or no longer this user's to see (no longer a manager). A
    # channel made offline, and the code asked for with it, are kept.
    (Entity.CHANNEL_CODE, "channel_code", "id"),
    (Entity.CHANNEL, "channel", "id"),
    # Keyword rules: the snapshot serves the live ones; one it lacks was deleted.
    (Entity.KEYWORD_RULE, "keyword_rule", "id"),
)


@dataclass
class _Touched:
    """What the pages of a round did to contacts; a later page decides (a contact revoked and
    then sent again is present)."""

    pulled: int = 0
    contacts: set[str] = field(default_factory=set)
    revoked: set[str] = field(default_factory=set)

    def add(self, result: PageResult) -> None:
        self.pulled += result.applied
        self.contacts = (self.contacts - result.revoked) | result.contact_ids
        self.revoked = (self.revoked - result.contact_ids) | result.revoked


class SyncClient:
    """Talks to one server as one signed-in device.

    `http` is an `httpx.Client` whose base URL is the server; tests pass FastAPI's TestClient.
    """

    def __init__(
        self,
        workspace: Workspace,
        http: httpx.Client,
        token: str,
        device_id: str,
        client_version: str = __version__,
    ) -> None:
        self.workspace = workspace
        self.http = http
        self.token = token
        self.device_id = device_id
        self.client_version = client_version
        #: The largest page this server gives, once it refused `PULL_LIMIT` (None: no limit).
        self._page_cap: int | None = None
        #: The most mutations one push carries to this server, once it refused a larger body
        #: than it takes (None: `outbox.PUSH_BATCH`).
        self._push_cap: int | None = None

    def sync_once(self) -> SyncReport:
        """Push everything pending, then pull every page after the stored cursor.

        If the server cannot continue the cursor, the round re-bootstraps (`rebootstrap`).
        """
        touched = _Touched()
        pushed, rejected = self._push_into(touched)
        try:
            self._pull_into(touched)
        except RebootstrapNeededError as exc:
            log.warning("the server cannot continue this client's cursor (%s); starting over", exc)
            rebuilt = self.rebootstrap()
            return SyncReport(
                pushed + rebuilt.pushed,
                rejected + rebuilt.rejected,
                rebuilt.pulled,
                frozenset((touched.contacts - rebuilt.revoked) | rebuilt.contact_ids),
                frozenset((touched.revoked - rebuilt.contact_ids) | rebuilt.revoked),
                rebuilt=True,
            )
        return SyncReport(
            pushed,
            rejected,
            touched.pulled,
            frozenset(touched.contacts),
            frozenset(touched.revoked),
        )

    def rebootstrap(self) -> SyncReport:
        """Start over after the server refused the cursor: rebuild the synced tables, pull on.

        Everything pending is pushed first (the queue is never discarded; a transient failure
        stops here with it still queued). Then the snapshot's pages are applied as they come,
        each in its own transaction that keeps the refused cursor, so a crash or failure
        part-way leads to another 410 and a fresh start, never to a cursor the server cannot
        continue. The last page also removes the local rows the snapshot did not contain
        (unless a pending mutation names them) and stores the ordinary cursor it ends with;
        then pulling continues from there.
        """
        touched = _Touched()
        pushed, rejected = self._push_into(touched)
        refused = read_cursor(self.workspace)
        served: dict[Entity, set[str]] = defaultdict(set)
        cursor = ""
        more = True
        while more:
            changes, cursor, more = self._fetch_page("/sync/snapshot", cursor)
            for change in changes:
                served[change.entity].add(change.id)
            if more:
                result = apply_page(self.workspace, changes, refused)
            else:
                stale = list(self._unserved(served))
                result = apply_page(self.workspace, [*stale, *changes], cursor)
                log.info("re-bootstrapped: %d rows not in the snapshot removed", len(stale))
            touched.add(result)
        self._pull_into(touched)
        return SyncReport(
            pushed,
            rejected,
            touched.pulled,
            frozenset(touched.contacts),
            frozenset(touched.revoked),
            rebuilt=True,
        )

    def _unserved(self, served: Mapping[Entity, set[str]]) -> Iterator[Change]:
        """Removals for the local rows a snapshot left out, as changes `apply_page` applies.

        Synthetic changes with `seq` 0 sort before the snapshot's own. A contact goes as a
        revocation (it and its history), any other row as a deletion (naming its contact,
        when it has one, so the board refreshes that card).
        """
        kept = _strings(dict(m.payload) for m in self._all_pending())
        reader = self.workspace.reader()
        for entity, table, key in _REPLACED:
            rows = reader.execute(f"SELECT id, {key} FROM {table}").fetchall()
            for row_id, owner in rows:
                if row_id in served[entity] or row_id in kept or owner in kept:
                    continue
                if entity is Entity.CONTACT:
                    yield Change(0, entity, row_id, ChangeOp.REVOKE, {})
                elif key == "contact_id":
                    yield Change(0, entity, row_id, ChangeOp.DELETE, {"contact_id": owner})
                else:
                    yield Change(0, entity, row_id, ChangeOp.DELETE, {})

    def _all_pending(self) -> list[Mutation]:
        return outbox.pending(self.workspace, limit=max(1, outbox.pending_count(self.workspace)))

    def push_all(self) -> tuple[int, int]:
        """Push the outbox in batches; a transient failure stops with the rest still queued.

        Returns how many mutations were applied and how many refused; what the refused ones
        did locally is taken back as they are recorded (`outbox.record`).
        """
        return self._push_into(_Touched())

    def _push_into(self, touched: _Touched) -> tuple[int, int]:
        """Push in batches of at most `outbox.PUSH_BATCH` mutations and about
        `outbox.PUSH_BYTES`. A server configured for smaller bodies answers 413 and changes
        nothing: the batch is halved (for this client from then on) and sent again, down to
        one mutation; a 413 for that one is an error (ProtocolError), the queue kept."""
        applied = refused = 0
        while True:
            limit = outbox.PUSH_BATCH if self._push_cap is None else self._push_cap
            batch = outbox.pending(self.workspace, limit=limit, max_bytes=outbox.PUSH_BYTES)
            if not batch:
                return applied, refused
            body = {
                "device_id": self.device_id,
                "client_version": self.client_version,
                "mutations": [m.to_json() for m in batch],
            }
            try:
                answer = self._request("POST", "/sync/push", json=body)
            except ProtocolError as exc:
                if exc.status != 413 or len(batch) == 1:
                    raise
                log.info("the server refused %d mutations as too large; sending fewer", len(batch))
                self._push_cap = len(batch) // 2
                continue
            try:
                outcomes = [decode_outcome(o) for o in answer["outcomes"]]
            except (WireError, KeyError, TypeError) as exc:
                raise ProtocolError(f"unreadable push answer: {exc}") from exc
            result = outbox.record(self.workspace, outcomes)
            touched.add(replace(result, applied=0))
            applied += sum(o.applied for o in outcomes)
            refused += sum(not o.applied for o in outcomes)
            if len(outcomes) < len(batch):
                raise ServerUnavailableError("the server stopped part-way; the rest stays queued")

    def pull_all(self) -> tuple[int, frozenset[str], frozenset[str]]:
        """Pull and apply pages until the server says there is no more."""
        touched = _Touched()
        self._pull_into(touched)
        return touched.pulled, frozenset(touched.contacts), frozenset(touched.revoked)

    def _pull_into(self, touched: _Touched) -> None:
        more = True
        while more:
            changes, cursor, more = self._fetch_page("/sync/pull", read_cursor(self.workspace))
            touched.add(apply_page(self.workspace, changes, cursor))

    def _fetch_page(self, path: str, cursor: str) -> tuple[list[Change], str, bool]:
        """One page of `/sync/pull` or `/sync/snapshot` after `cursor`.

        An older server refuses pages larger than `LEGACY_PULL_LIMIT`: the client then asks
        for that many from then on.
        """
        limit = PULL_LIMIT if self._page_cap is None else min(PULL_LIMIT, self._page_cap)
        params = {
            "cursor": cursor,
            "limit": limit,
            "client_version": self.client_version,
            "reads": list(READS),
        }
        try:
            answer = self._request("GET", path, params=params)
        except ProtocolError as exc:
            if exc.status != 422 or limit <= LEGACY_PULL_LIMIT:
                raise
            log.info("the server refused pages of %d changes; asking for fewer", limit)
            self._page_cap = LEGACY_PULL_LIMIT
            return self._fetch_page(path, cursor)
        return _decode_page(answer)

    def _request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        import httpx

        headers = {"Authorization": f"Bearer {self.token}"}
        try:
            response = self.http.request(method, path, headers=headers, **kwargs)
        except httpx.TransportError as exc:
            raise OfflineError(str(exc) or type(exc).__name__) from exc
        status = response.status_code
        if status == 401:
            raise SignInRequiredError(_message(response))
        if status == 426:
            raise ClientTooOldError(str(json_object(response).get("min_client_version", "")))
        if status == 410:
            raise RebootstrapNeededError(_message(response))
        if status >= 500:
            raise ServerUnavailableError(f"{status}: {_message(response)}")
        if status >= 400:
            raise ProtocolError(f"{status}: {_message(response)}", status)
        body = json_object(response)
        if not body:
            raise ProtocolError(f"{method} {path} answered without a JSON body")
        return body


def _decode_page(answer: Mapping[str, Any]) -> tuple[list[Change], str, bool]:
    """A pull or snapshot page's changes, its cursor, and whether more pages follow."""
    try:
        changes = [decode_change(c) for c in answer["changes"]]
        cursor = answer["cursor"]
    except (WireError, KeyError, TypeError) as exc:
        raise ProtocolError(f"unreadable page: {exc}") from exc
    if not isinstance(cursor, str):
        raise ProtocolError("unreadable page: the cursor is not text")
    return changes, cursor, bool(answer.get("more"))


def _strings(values: Iterable[JSONValue]) -> set[str]:
    """Every string inside `values` (the ids and names pending mutations refer to)."""
    found: set[str] = set()
    stack: list[JSONValue] = list(values)
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, Mapping):
            stack.extend(value.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
    return found


def json_object(response: httpx.Response) -> dict[str, Any]:
    """The response's JSON body if it is an object, else {} (an error page, no body)."""
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _message(response: httpx.Response) -> str:
    body = json_object(response)
    return str(body.get("message") or body.get("error") or response.reason_phrase)
