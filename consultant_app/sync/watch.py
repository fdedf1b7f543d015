"""Waiting on the server's `/sync/wait` long poll so the desk syncs as soon as there is news.

Without it an idle desk learns of a new lead (a scan at the showroom screen, a customer
reassigned to it) at its next idle round, up to a minute later. `ChangeWatcher.run` keeps
one long request open on a thread of its own and calls `on_change` when the server says the
user has something to pull; the sync loop then runs a round at once. The watcher never
touches the local database: it starts from the desk's pull cursor and continues on the
cursors the server hands back, which are only for waiting.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Any

from consultant_app import __version__
from consultant_app.sync.account import CONNECT_TIMEOUT_S
from consultant_app.sync.backoff import Backoff

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

#: How long one request waits on the server (below proxies' usual 60 s idle cut-off).
WAIT_S = 25.0
#: Extra read time over `WAIT_S` before the request counts as lost.
SLACK_S = 15.0


class WatchEnd(Enum):
    """Why `ChangeWatcher.run` returned."""

    STOPPED = "stopped"
    #: The token is no longer valid (signed out, revoked): the sync loop asks for a sign-in.
    SIGNED_OUT = "signed_out"
    #: The server has no `/sync/wait` (an older server): the desk polls on its idle timer.
    UNSUPPORTED = "unsupported"
    #: The cursor cannot be continued (the server wants a re-bootstrap): `on_change` was
    #: called so that a round runs; watch again from the cursor that round stores.
    CURSOR_REFUSED = "cursor_refused"


class ChangeWatcher:
    """One desk's long poll. `run` blocks (call it on a thread); `stop` ends it from any thread."""

    def __init__(
        self,
        server_url: str,
        token: str,
        cursor: str,
        on_change: Callable[[], None],
        *,
        wait_s: float = WAIT_S,
        http: httpx.Client | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        self.server_url = server_url
        self.token = token
        self.cursor = cursor
        self.on_change = on_change
        self.wait_s = wait_s
        self.backoff = backoff or Backoff(cap_s=60.0)
        self._stop = threading.Event()
        self._own_http = http is None
        self._http = http if http is not None else _client(server_url, wait_s)

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def stop(self) -> None:
        """End `run`: at once while it sleeps; a request in flight is cut by closing the
        watcher's own connections (a borrowed client's request runs out on its own)."""
        self._stop.set()
        if self._own_http:
            self._http.close()

    def run(self) -> WatchEnd:
        """Wait, call `on_change` on news, wait again; back off while the server is away."""
        import httpx

        try:
            while not self._stop.is_set():
                try:
                    response = self._http.get(
                        "/sync/wait",
                        params={"cursor": self.cursor, "timeout": self.wait_s},
                        headers={"Authorization": f"Bearer {self.token}"},
                    )
                except httpx.TransportError as exc:
                    delay = self.backoff.next_delay()
                    log.info("change watch: no answer (%s); again in %.0f s", exc, delay)
                    self._stop.wait(delay)
                    continue
                end = self._answered(response)
                if end is not None:
                    return end
            return WatchEnd.STOPPED
        finally:
            if self._own_http:
                self._http.close()

    def _answered(self, response: httpx.Response) -> WatchEnd | None:
        """Act on one answer; a `WatchEnd` when watching should stop."""
        status = response.status_code
        if status == 401:
            return WatchEnd.SIGNED_OUT
        if status in (404, 405):
            log.info("the server has no /sync/wait: new changes arrive at the idle rounds")
            return WatchEnd.UNSUPPORTED
        if status in (400, 410):
            self._notify()
            return WatchEnd.CURSOR_REFUSED
        body = _json(response) if status == 200 else None
        if body is None or not isinstance(body.get("cursor"), str):
            delay = self.backoff.next_delay()
            log.warning("change watch: answer %s unusable; again in %.0f s", status, delay)
            self._stop.wait(delay)
            return None
        self.backoff.succeeded()
        self.cursor = body["cursor"]
        if body.get("changed") is True:
            self._notify()
        return None

    def _notify(self) -> None:
        if self._stop.is_set():
            return
        try:
            self.on_change()
        except Exception:
            log.exception("change watch: the change callback failed")


def _client(server_url: str, wait_s: float) -> httpx.Client:
    import httpx

    timeout = httpx.Timeout(wait_s + SLACK_S, connect=CONNECT_TIMEOUT_S)
    return httpx.Client(
        base_url=server_url, timeout=timeout, headers={"User-Agent": f"ShowroomDesk/{__version__}"}
    )


def _json(response: httpx.Response) -> dict[str, Any] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None
