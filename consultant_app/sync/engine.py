"""One sync round with the central server: push the outbox, then pull until up to date.

Runs on a background worker, never the GUI thread. Every failure is a specific exception the
caller turns into a status ("offline, 3 pending", "update the app") and a retry with backoff;
nothing here ever drops a pending mutation.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from consultant_app import __version__
from consultant_app.store.database import Workspace
from consultant_app.sync import outbox
from consultant_app.sync.apply import apply_page, read_cursor
from consultant_app.sync.wire import WireError, decode_change

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

#: Changes per pull page.
PULL_LIMIT = 500


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
    """The server sent something this client cannot read."""


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What a round did, for the status bar and for refreshing the board."""

    pushed: int
    rejected: int
    pulled: int
    contact_ids: frozenset[str]
    revoked: frozenset[str]


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

    def sync_once(self) -> SyncReport:
        """Push everything pending, then pull every page after the stored cursor."""
        pushed, rejected = self.push_all()
        pulled, contacts, revoked = self.pull_all()
        return SyncReport(pushed, rejected, pulled, contacts, revoked)

    def push_all(self) -> tuple[int, int]:
        """Push the outbox in batches; a transient failure stops with the rest still queued."""
        applied = refused = 0
        while True:
            batch = outbox.pending(self.workspace)
            if not batch:
                return applied, refused
            body = {
                "device_id": self.device_id,
                "client_version": self.client_version,
                "mutations": [m.to_json() for m in batch],
            }
            answer = self._request("POST", "/sync/push", json=body)
            outcomes = [
                outbox.Outcome(
                    str(o["mutation_id"]), o["outcome"] == "applied", str(o.get("reason") or "")
                )
                for o in answer["outcomes"]
            ]
            outbox.record(self.workspace, outcomes)
            applied += sum(o.applied for o in outcomes)
            refused += sum(not o.applied for o in outcomes)
            if len(outcomes) < len(batch):
                raise ServerUnavailableError("the server stopped part-way; the rest stays queued")

    def pull_all(self) -> tuple[int, frozenset[str], frozenset[str]]:
        """Pull and apply pages until the server says there is no more."""
        pulled = 0
        contacts: set[str] = set()
        revoked: set[str] = set()
        while True:
            cursor = read_cursor(self.workspace)
            answer = self._request(
                "GET",
                "/sync/pull",
                params={
                    "cursor": cursor,
                    "limit": PULL_LIMIT,
                    "client_version": self.client_version,
                },
            )
            try:
                changes = [decode_change(c) for c in answer["changes"]]
            except (WireError, KeyError, TypeError) as exc:
                raise ProtocolError(f"unreadable page: {exc}") from exc
            result = apply_page(self.workspace, changes, str(answer["cursor"]))
            pulled += result.applied
            contacts |= result.contact_ids
            revoked |= result.revoked
            if not answer.get("more"):
                return pulled, frozenset(contacts - revoked), frozenset(revoked)

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
            raise ClientTooOldError(str(_json(response).get("min_client_version", "")))
        if status == 410:
            raise RebootstrapNeededError(_message(response))
        if status >= 500:
            raise ServerUnavailableError(f"{status}: {_message(response)}")
        if status >= 400:
            raise ProtocolError(f"{status}: {_message(response)}")
        body = _json(response)
        if not body:
            raise ProtocolError(f"{method} {path} answered without a JSON body")
        return body


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _message(response: httpx.Response) -> str:
    body = _json(response)
    return str(body.get("message") or body.get("error") or response.reason_phrase)
