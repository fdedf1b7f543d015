"""Material files from the server, downloaded on demand into the local cache.

A material names its file by the SHA-256 of its bytes; `fetch` serves it from the `FileCache`
when it is there (also offline) and otherwise downloads it from ``GET /materials/files/<hash>``
and caches it, checked against the hash. Runs on the network worker, never the GUI thread:
it blocks on the network. Failures are the sync engine's errors (OfflineError,
SignInRequiredError, ServerUnavailableError, ProtocolError) or `FileUnavailableError`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from consultant_app.errors import ShowroomError
from consultant_app.library.cache import FileCache, FileTooLargeError, check_digest
from consultant_app.sync.engine import (
    OfflineError,
    ProtocolError,
    ServerUnavailableError,
    SignInRequiredError,
    json_object,
)

if TYPE_CHECKING:
    import httpx

#: Called as bytes arrive: (received so far, total or None when the server did not say).
Progress = Callable[[int, int | None], None]


class FileUnavailableError(ShowroomError):
    """The server has no such file for this user (it was never published to their showroom,
    or the material is gone): downloading again will not help."""

    def __init__(self, digest: str) -> None:
        self.digest = digest
        super().__init__(f"the server has no file {digest} for this desk")


def download(
    http: httpx.Client,
    token: str,
    digest: str,
    *,
    on_progress: Progress | None = None,
    max_bytes: int | None = None,
) -> bytes:
    """The bytes of file `digest` from the server (not yet checked against the hash: the
    cache does that). `max_bytes`: refuse a file larger than this before reading it all."""
    import httpx

    check_digest(digest)
    headers = {"Authorization": f"Bearer {token}"}
    try:
        with http.stream("GET", f"/materials/files/{digest}", headers=headers) as response:
            status = response.status_code
            if status != 200:
                response.read()
                _raise_for(response, digest)
            total = _length(response)
            if max_bytes is not None and total is not None and total > max_bytes:
                raise FileTooLargeError(total, max_bytes)
            chunks: list[bytes] = []
            received = 0
            for chunk in response.iter_bytes():
                chunks.append(chunk)
                received += len(chunk)
                if max_bytes is not None and received > max_bytes:
                    raise FileTooLargeError(received, max_bytes)
                if on_progress is not None:
                    on_progress(received, total)
    except httpx.TransportError as exc:
        raise OfflineError(str(exc) or type(exc).__name__) from exc
    return b"".join(chunks)


def fetch(
    cache: FileCache,
    http: httpx.Client,
    token: str,
    digest: str,
    *,
    on_progress: Progress | None = None,
) -> Path:
    """The cached file for `digest`: at once when it is in the cache, else downloaded (with
    `on_progress`) and cached for offline use. HashMismatchError when the bytes are not the
    file asked for (nothing is cached then)."""
    return cache.fetch(
        digest,
        lambda wanted: download(
            http, token, wanted, on_progress=on_progress, max_bytes=cache.limit
        ),
    )


def _length(response: httpx.Response) -> int | None:
    text = response.headers.get("content-length")
    return int(text) if text and text.isdigit() else None


def _raise_for(response: httpx.Response, digest: str) -> None:
    status = response.status_code
    body = json_object(response)
    message = str(body.get("message") or body.get("error") or response.reason_phrase)
    if status == 401:
        raise SignInRequiredError(message)
    if status == 404:
        raise FileUnavailableError(digest)
    if status >= 500:
        raise ServerUnavailableError(f"{status}: {message}")
    raise ProtocolError(f"{status}: {message}")
