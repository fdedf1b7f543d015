"""The update check: does the desk's server offer a newer Showroom Desk for its channel?

Whoever runs the server publishes releases per channel (`consultant-server release publish`);
the desk asks ``GET /client/release`` with its update channel (`update_channel` in the
manager's deployment.toml), its platform and the version it runs, and learns the newest
release newer than that (if any) and the oldest version the server still syncs with.

`UpdateChecker` decides when to ask: after a good sync, at most once every `CHECK_EVERY`
(once every `RETRY_AFTER` after a failed try), or at once when the consultant asks. Nothing
here ever raises for a server that cannot tell: offline, signed out, an older server without
the endpoint (404), a garbled answer — each is logged and means "nothing new". The last
answer is kept in the workspace (`local_state`), so the desk knows a release while offline and
after a restart, and so is the version last announced, so the consultant hears of a version
once.

Thread rules (the UI's): `fetch` talks to the network and touches no database, so it runs
on a network thread; `known`, `remember` and `claim_notice` read and write the workspace, so
they run on the database worker; `due` may be called from any thread. `check` does it all in
one thread, for scripts and tests.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from consultant_app import __version__
from consultant_app.clock import utcnow
from consultant_app.deployment import CHANNELS
from consultant_app.store.database import Workspace
from consultant_app.sync.engine import (
    OfflineError,
    ProtocolError,
    ServerUnavailableError,
    SignInRequiredError,
    SyncError,
    json_object,
)

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

RELEASE_PATH = "/client/release"
PLATFORMS = ("windows", "macos", "linux")
#: How often a desk asks after good syncs.
CHECK_EVERY = timedelta(hours=6)
#: How soon it asks again after a try that failed for a passing reason (offline, 5xx).
RETRY_AFTER = timedelta(minutes=30)
#: `local_state` keys: the last answer (JSON) and the version last announced.
LAST_CHECK_KEY = "update_last_check"
NOTIFIED_KEY = "update_notified_version"


def current_platform(name: str | None = None) -> str | None:
    """This system as the server names platforms (windows, macos, linux); None for another.

    `name` is a `sys.platform` value (default: this process's)."""
    value = sys.platform if name is None else name
    if value == "win32":
        return "windows"
    if value == "darwin":
        return "macos"
    if value.startswith("linux"):
        return "linux"
    return None


class UpdateCheckUnsupportedError(SyncError):
    """The server has no update check (a server older than the feature answers 404)."""


@dataclass(frozen=True, slots=True)
class Release:
    """A published release the consultant can download: `url` is an installer or a download
    page (always http or https)."""

    version: str
    channel: str
    platform: str
    url: str
    notes: str
    published_at: datetime


@dataclass(frozen=True, slots=True)
class UpdateQuery:
    """What a desk asks: its server, channel, platform (None: unknown) and running version."""

    server_url: str
    channel: str
    platform: str | None
    running: str


@dataclass(frozen=True, slots=True)
class UpdateInfo:
    """The server's answer to `query` at `checked_at`: the newest release newer than the
    running version (None: none), and the oldest version the server syncs with."""

    query: UpdateQuery
    release: Release | None
    min_client_version: str
    update_required: bool
    checked_at: datetime

    def to_json(self) -> str:
        """The answer as JSON text, to keep in the workspace."""
        data = asdict(self)
        data["checked_at"] = self.checked_at.isoformat()
        if self.release is not None:
            data["release"]["published_at"] = self.release.published_at.isoformat()
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> UpdateInfo:
        """Parse what `to_json` wrote; ValueError (or a subclass) if it is not that."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        try:
            found = data["release"]
            release = None if found is None else _release(found)
            return cls(
                query=UpdateQuery(**data["query"]),
                release=release,
                min_client_version=str(data["min_client_version"]),
                update_required=bool(data["update_required"]),
                checked_at=_aware(data["checked_at"]),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not a stored update check: {exc}") from exc


def _aware(text: object) -> datetime:
    if not isinstance(text, str):
        raise ValueError("a time is not text")
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("a time without a zone")
    return moment


def _release(data: object) -> Release:
    """A release from JSON (the server's answer or what was stored); ValueError if unusable."""
    if not isinstance(data, dict):
        raise ValueError("the release is not an object")
    fields = {name: data.get(name) for name in ("version", "channel", "platform", "url")}
    if not all(isinstance(value, str) and value for value in fields.values()):
        raise ValueError("the release lacks a version, channel, platform or url")
    url = str(fields["url"])
    parts = urlsplit(url)
    # The desk opens it in the browser: only web addresses, never file:// or anything else.
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"the release's url is not a web address: {url!r}")
    notes = data.get("notes")
    return Release(
        version=str(fields["version"]),
        channel=str(fields["channel"]),
        platform=str(fields["platform"]),
        url=url,
        notes=notes if isinstance(notes, str) else "",
        published_at=_aware(data.get("published_at")),
    )


def fetch_update(
    http: httpx.Client, token: str, query: UpdateQuery, *, clock: Callable[[], datetime] = utcnow
) -> UpdateInfo:
    """Ask the server (`http` has its base URL) what it offers for `query`.

    Raises OfflineError, SignInRequiredError, UpdateCheckUnsupportedError (404),
    ServerUnavailableError (5xx) or ProtocolError (any other refusal, an unreadable answer).
    """
    import httpx

    params = {"channel": query.channel, "version": query.running}
    if query.platform is not None:
        params["platform"] = query.platform
    try:
        response = http.get(
            RELEASE_PATH, params=params, headers={"Authorization": f"Bearer {token}"}
        )
    except httpx.TransportError as exc:
        raise OfflineError(str(exc) or type(exc).__name__) from exc
    status = response.status_code
    if status == 401:
        raise SignInRequiredError("the server no longer accepts this sign-in")
    if status == 404:
        raise UpdateCheckUnsupportedError("the server has no update check")
    if status >= 500:
        raise ServerUnavailableError(f"the update check failed on the server ({status})")
    if status != 200:
        raise ProtocolError(f"the server refused the update check ({status})", status)
    body = json_object(response)
    try:
        found = body["release"]
        minimum = body["min_client_version"]
        if not isinstance(minimum, str):
            raise ValueError("min_client_version is not text")
        return UpdateInfo(
            query=query,
            release=None if found is None else _release(found),
            min_client_version=minimum,
            update_required=bool(body.get("update_required", False)),
            checked_at=clock(),
        )
    except (KeyError, ValueError) as exc:
        raise ProtocolError(f"unreadable update check: {exc}") from exc


class UpdateChecker:
    """When to ask the server about updates, asking it, and what the desk remembers.

    One per desk link (server) and channel. See the module docstring for which method runs on
    which thread.
    """

    def __init__(
        self,
        workspace: Workspace,
        server_url: str,
        channel: str,
        *,
        platform: str | None = None,
        running: str = __version__,
        every: timedelta = CHECK_EVERY,
        retry_after: timedelta = RETRY_AFTER,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        if channel not in CHANNELS:
            raise ValueError(f"unknown update channel {channel!r}")
        self.workspace = workspace
        self.query = UpdateQuery(
            server_url, channel, current_platform() if platform is None else platform, running
        )
        self.every = every
        self.retry_after = retry_after
        self.clock = clock
        self._lock = threading.Lock()
        self._next_at: datetime | None = None

    # --- when -------------------------------------------------------------------------------

    def due(self) -> bool:
        """Whether a check after a good sync should ask the server now."""
        with self._lock:
            return self._next_at is None or self.clock() >= self._next_at

    def _wait(self, wait: timedelta, since: datetime | None = None) -> None:
        with self._lock:
            self._next_at = (since or self.clock()) + wait

    # --- the network ------------------------------------------------------------------------

    def fetch(self, http: httpx.Client, token: str) -> UpdateInfo | None:
        """The server's answer, or None when it cannot tell now (logged; the next check is
        scheduled accordingly). Touches no database."""
        try:
            info = fetch_update(http, token, self.query, clock=self.clock)
        except UpdateCheckUnsupportedError:
            log.info("the server has no update check; asking again in %s", self.every)
            self._wait(self.every)
            return None
        except (OfflineError, ServerUnavailableError, SignInRequiredError) as exc:
            log.info("could not check for updates: %s", exc)
            self._wait(self.retry_after)
            return None
        except ProtocolError as exc:
            log.warning("could not check for updates: %s", exc)
            self._wait(self.every)
            return None
        self._wait(self.every, info.checked_at)
        if info.release is not None:
            log.info(
                "the server offers %s %s (%s); this is %s",
                info.release.channel,
                info.release.version,
                info.release.platform,
                self.query.running,
            )
        return info

    # --- the workspace ----------------------------------------------------------------------

    def known(self) -> UpdateInfo | None:
        """The last answer kept for this server, channel, platform and running version (an
        answer kept by the version before an update does not count); it also tells `due`
        when the next check is."""
        row = (
            self.workspace.reader()
            .execute("SELECT value FROM local_state WHERE key = ?", (LAST_CHECK_KEY,))
            .fetchone()
        )
        if row is None:
            return None
        try:
            info = UpdateInfo.from_json(str(row[0]))
        except ValueError:
            log.warning("ignoring an unreadable kept update check", exc_info=True)
            return None
        if info.query != self.query:
            return None
        with self._lock:
            if self._next_at is None:
                self._next_at = info.checked_at + self.every
        return info

    def remember(self, info: UpdateInfo) -> None:
        """Keep `info` as the last answer."""
        self._put(LAST_CHECK_KEY, info.to_json())

    def claim_notice(self, info: UpdateInfo) -> Release | None:
        """The release to announce to the consultant, once per version: `info`'s release
        unless that version was announced before (then None). Marks it announced."""
        release = info.release
        if release is None:
            return None
        row = (
            self.workspace.reader()
            .execute("SELECT value FROM local_state WHERE key = ?", (NOTIFIED_KEY,))
            .fetchone()
        )
        if row is not None and row[0] == release.version:
            return None
        self._put(NOTIFIED_KEY, release.version)
        return release

    def _put(self, key: str, value: str) -> None:
        from sqlalchemy import text

        with self.workspace.transaction() as session:
            session.execute(
                text(
                    "INSERT INTO local_state (key, value) VALUES (:key, :value)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                ),
                {"key": key, "value": value},
            )

    # --- everything in one thread -----------------------------------------------------------

    def check(self, http: httpx.Client, token: str, *, force: bool = False) -> UpdateInfo | None:
        """Ask the server if a check is due (or `force`d) and keep its answer; the answer, or
        None when none was asked or the server could not tell."""
        if not force and not self.due():
            return None
        info = self.fetch(http, token)
        if info is not None:
            self.remember(info)
        return info
