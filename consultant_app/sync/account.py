"""Signing a desk in to the central server: its address, the device id, the token and where
the token is kept.

The token goes into the OS keyring (Windows Credential Manager, macOS Keychain, the Secret
Service on Linux desktops). Where no keyring backend exists (a bare Linux screen PC, a CI
machine) it is kept in a file only this OS user can read, and `TokenStore.fallback` says so,
so the UI can tell the consultant. Nothing here imports Qt; the UI runs these calls on its
network worker.
"""

from __future__ import annotations

import contextlib
import logging
import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from consultant_app import __version__
from consultant_app.errors import ShowroomError
from consultant_app.store.database import Workspace
from consultant_app.sync.engine import (
    ClientTooOldError,
    OfflineError,
    ServerUnavailableError,
    json_object,
)
from consultant_app.sync.identity import OtherAccountError, ServerUser, adopt_identity

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

#: The keyring "service" every Showroom Desk token is filed under.
KEYRING_SERVICE = "Showroom Desk"
#: The fallback token file, inside the data folder.
TOKEN_FILE = Path("credentials") / "token"
DEVICE_KEY = "device_id"
#: Seconds to wait for the server before calling it unreachable.
CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 30.0


class ServerAddressError(ShowroomError):
    """The server address is not an http(s) URL with a host."""


class WrongCredentialsError(ShowroomError):
    """The server refused the username and password (or the account is deactivated)."""


class DeviceTakenError(ShowroomError):
    """This desk's device id is registered to another account on the server."""


class SignInFailedError(ShowroomError):
    """The server answered the sign-in with something unexpected (the message says what)."""


def normalise_server_url(text: str) -> str:
    """`text` as a server base URL (scheme, host, optional port and path; no trailing slash).

    A bare host ("desk.example.cn:8000") gets https://. Raises ServerAddressError otherwise.
    """
    value = text.strip()
    if not value:
        raise ServerAddressError("the server address is empty")
    if "://" not in value:
        value = "https://" + value
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"}:
        raise ServerAddressError(f"the server address must start with http:// or https://: {text}")
    try:
        port = parts.port
    except ValueError as exc:
        raise ServerAddressError(f"the server address has a bad port: {text}") from exc
    host = parts.hostname
    if not host or any(c.isspace() for c in value) or parts.query or parts.fragment:
        raise ServerAddressError(f"not a server address: {text}")
    netloc = host if port is None else f"{host}:{port}"
    if ":" in host:  # IPv6 literal
        netloc = f"[{host}]" if port is None else f"[{host}]:{port}"
    return f"{parts.scheme}://{netloc}{parts.path.rstrip('/')}"


def device_id(workspace: Workspace) -> str:
    """This workspace's device id, made once and kept in `local_state`."""
    conn = workspace.reader()
    row = conn.execute("SELECT value FROM local_state WHERE key = ?", (DEVICE_KEY,)).fetchone()
    if row is not None:
        return str(row[0])
    from sqlalchemy.dialects.sqlite import insert

    from consultant_app.store.schema import LocalState, table_of

    made = str(uuid.uuid4())
    with workspace.transaction() as session:
        statement = insert(table_of(LocalState)).values(key=DEVICE_KEY, value=made)
        session.execute(statement.on_conflict_do_nothing(index_elements=["key"]))
    row = conn.execute("SELECT value FROM local_state WHERE key = ?", (DEVICE_KEY,)).fetchone()
    return str(row[0])


class TokenStore:
    """Keeps one bearer token for one server and device: keyring first, else a private file.

    `backend` is the keyring backend to use; None asks `keyring` for the OS's. A backend that
    is missing, refuses, or fails at runtime sends the token to the file instead (logged).
    """

    def __init__(self, data_dir: Path, account: str, backend: Any | None = None) -> None:
        self.path = data_dir / TOKEN_FILE
        self.account = account
        self._backend = backend if backend is not None else _os_keyring()
        if self._backend is None:
            log.info("no keyring backend: the sign-in token is kept in %s", self.path)

    @property
    def fallback(self) -> bool:
        """True when the token is kept in the private file, not in a keyring."""
        return self._backend is None

    @property
    def backend_name(self) -> str:
        if self._backend is None:
            return f"file {self.path}"
        kind = type(self._backend)
        return f"{kind.__module__}.{kind.__name__}"

    def load(self) -> str | None:
        if self._backend is not None:
            try:
                value = self._backend.get_password(KEYRING_SERVICE, self.account)
            except Exception:
                log.warning("keyring read failed; using the token file", exc_info=True)
                self._backend = None
            else:
                return str(value) if value else None
        try:
            text = self.path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        except OSError:
            log.warning("cannot read the token file %s", self.path, exc_info=True)
            return None
        account, _, token = text.partition("\n")
        return token.strip() or None if account == self.account else None

    def save(self, token: str) -> None:
        if self._backend is not None:
            try:
                self._backend.set_password(KEYRING_SERVICE, self.account, token)
            except Exception:
                log.warning("keyring write failed; using the token file", exc_info=True)
                self._backend = None
            else:
                self._remove_file()
                return
        self._write_private(f"{self.account}\n{token}\n")

    def clear(self) -> None:
        if self._backend is not None:
            try:
                self._backend.delete_password(KEYRING_SERVICE, self.account)
            except Exception:  # not there, or the keyring failed: the file may still hold it
                log.info("no keyring entry to delete for %s", self.account)
        self._remove_file()

    def _write_private(self, text: str) -> None:
        """Write the file so that only this OS user can read it, replacing it atomically."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.chmod(self.path.parent, 0o700)
        except OSError:
            log.info("cannot restrict %s", self.path.parent)
        temp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, text.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(temp, 0o600)
        os.replace(temp, self.path)

    def _remove_file(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def _os_keyring() -> Any | None:
    """The OS keyring backend, or None when keyring found none that works here."""
    try:
        import keyring
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
        priority = float(backend.priority)
    except Exception:
        log.warning("keyring could not choose a backend", exc_info=True)
        return None
    # fail.Keyring (none found) and null.Keyring have priority <= 0; the chainer has 0 when it
    # chains nothing.
    return backend if priority > 0 else None


def keyring_report(data_dir: Path) -> str:
    """One line for the self-test and diagnostics: which backend keeps tokens here."""
    store = TokenStore(data_dir, "self-test")
    if store.fallback:
        return f"no keyring backend; tokens go to a private file ({store.path})"
    return f"keyring backend {store.backend_name}"


def token_account(server_url: str, device: str) -> str:
    """The keyring account name for a server and device."""
    return f"{server_url}#{device}"


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A successful sign-in: the token and who it belongs to."""

    token: str
    user: ServerUser
    expires_at: datetime | None
    min_client_version: str


def sign_in(
    workspace: Workspace,
    http: httpx.Client,
    username: str,
    password: str,
    *,
    client_version: str = __version__,
) -> SignedIn:
    """Sign this desk in and make the server's user the workspace's consultant.

    Raises WrongCredentialsError, DeviceTakenError, OtherAccountError (this data folder belongs
    to another account: the new token is revoked again), OfflineError, ServerUnavailableError,
    ClientTooOldError or SignInFailedError. Nothing local changes unless it succeeds.
    """
    import httpx

    device = device_id(workspace)
    body = {
        "username": username.strip(),
        "password": password,
        "device_id": device,
        "client_version": client_version,
    }
    try:
        response = http.post("/auth/login", json=body)
    except httpx.TransportError as exc:
        raise OfflineError(str(exc) or type(exc).__name__) from exc
    answer = json_object(response)
    status = response.status_code
    if status in {401, 403}:
        raise WrongCredentialsError(str(answer.get("message") or "wrong username or password"))
    if status == 409:
        raise DeviceTakenError(str(answer.get("message") or "device registered to another user"))
    if status == 426:
        raise ClientTooOldError(str(answer.get("min_client_version", "")))
    if status >= 500:
        raise ServerUnavailableError(f"{status}: {answer.get('message', response.reason_phrase)}")
    if status != 200:
        raise SignInFailedError(f"{status}: {answer.get('message', response.reason_phrase)}")
    try:
        token = str(answer["token"])
        user = answer["user"]
        server_user = ServerUser(
            id=str(user["id"]),
            username=str(user["username"]),
            display_name=str(user["display_name"]),
            showroom=str(user.get("showroom_name", "")),
        )
        expires = answer.get("expires_at")
        expires_at = datetime.fromisoformat(expires) if isinstance(expires, str) else None
    except (KeyError, TypeError, ValueError) as exc:
        raise SignInFailedError(f"unreadable sign-in answer: {exc}") from exc
    try:
        adopt_identity(workspace, server_user)
    except OtherAccountError:
        _revoke(http, token)
        raise
    return SignedIn(token, server_user, expires_at, str(answer.get("min_client_version", "")))


def sign_out(http: httpx.Client, token: str) -> bool:
    """Revoke `token` on the server; False if the server could not be told (it then expires
    on its own). The caller forgets the token locally either way."""
    return _revoke(http, token)


def _revoke(http: httpx.Client, token: str) -> bool:
    import httpx

    try:
        response = http.post("/auth/logout", headers={"Authorization": f"Bearer {token}"})
    except httpx.TransportError:
        log.info("could not reach the server to revoke a token")
        return False
    return response.status_code in {204, 401}


def http_client(server_url: str) -> httpx.Client:
    """An HTTP client for the server at `server_url` with the desk's timeouts."""
    import httpx

    timeout = httpx.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S)
    return httpx.Client(
        base_url=server_url,
        timeout=timeout,
        headers={"User-Agent": f"ShowroomDesk/{__version__}"},
    )


def reachable(server_url: str, timeout: float = 2.0) -> bool:
    """Whether a TCP connection to the server's host and port opens (a cheap "is the network
    back?" probe while offline; it says nothing about the server's health)."""
    import socket

    parts = urlsplit(server_url)
    host = parts.hostname
    if not host:
        return False
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False
