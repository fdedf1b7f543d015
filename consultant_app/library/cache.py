"""The local file cache: material files stored once by content hash, least recently used
evicted beyond a size limit.

A file is named by the SHA-256 of its bytes (hex), so two materials using the same poster
share one copy, and a file is checked against its name when it arrives. The folder itself is
the record: `<folder>/<first two hex digits>/<digest>`, with the file's modification time as
its last use, so the cache survives restarts without an index to keep in step.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from consultant_app.errors import ShowroomError

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 512 * 1024 * 1024
_DIGEST = re.compile(r"[0-9a-f]{64}")
_TEMP = ".incoming"


class CacheError(ShowroomError):
    """A file could not go into the cache."""


class HashMismatchError(CacheError):
    """The bytes received are not the file asked for (their SHA-256 differs)."""

    def __init__(self, expected: str, actual: str) -> None:
        self.expected = expected
        self.actual = actual
        super().__init__(f"expected a file with SHA-256 {expected}, received {actual}")


class FileTooLargeError(CacheError):
    """The file alone is larger than the whole cache may be."""

    def __init__(self, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        super().__init__(f"a {size}-byte file does not fit a {limit}-byte cache")


def digest_of(data: bytes) -> str:
    """The content hash files are stored and referenced by."""
    return hashlib.sha256(data).hexdigest()


def check_digest(digest: str) -> str:
    """`digest` if it is a SHA-256 in lower-case hex; ValueError otherwise (it becomes a path,
    so nothing else may pass)."""
    if not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
        raise ValueError(f"not a SHA-256 hex digest: {digest!r:.80}")
    return digest


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """One cached file."""

    digest: str
    size: int
    last_used: datetime
    path: Path


@dataclass(frozen=True, slots=True)
class CacheUsage:
    """How full the cache is."""

    files: int
    bytes: int
    limit: int


@dataclass(slots=True)
class _Slot:
    size: int
    used: float


class FileCache:
    """A content-addressed folder with a size limit; safe to share between threads.

    `clock` gives seconds since the epoch (tests pass their own to order uses exactly).
    """

    def __init__(
        self,
        folder: Path,
        limit_bytes: int = DEFAULT_LIMIT,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if limit_bytes <= 0:
            raise ValueError("the cache limit must be positive")
        self.folder = Path(folder)
        self.limit = limit_bytes
        self.clock = clock
        self._lock = threading.Lock()
        self._slots: dict[str, _Slot] = {}
        self._scan()
        with self._lock:
            self._evict(keep=None)

    def _scan(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        temp = self.folder / _TEMP
        if temp.is_dir():
            for leftover in temp.iterdir():  # an interrupted write
                leftover.unlink(missing_ok=True)
        for shard in self.folder.iterdir():
            if not shard.is_dir() or len(shard.name) != 2:
                continue
            for path in shard.iterdir():
                if _DIGEST.fullmatch(path.name) and path.name.startswith(shard.name):
                    stat = path.stat()
                    self._slots[path.name] = _Slot(stat.st_size, stat.st_mtime)

    def _path(self, digest: str) -> Path:
        return self.folder / digest[:2] / digest

    def __contains__(self, digest: object) -> bool:
        with self._lock:
            return isinstance(digest, str) and digest in self._slots

    def get(self, digest: str) -> Path | None:
        """The cached file's path (counting as a use), or None if it is not here."""
        check_digest(digest)
        with self._lock:
            if digest not in self._slots:
                return None
            self._touch(digest)
            return self._path(digest)

    def put(self, data: bytes, digest: str | None = None) -> CacheEntry:
        """Store `data` (checked against `digest` when given), evicting the least recently
        used files beyond the limit. Storing a file already here only counts as a use."""
        actual = digest_of(data)
        if digest is not None and check_digest(digest) != actual:
            raise HashMismatchError(digest, actual)
        if len(data) > self.limit:
            raise FileTooLargeError(len(data), self.limit)
        with self._lock:
            if actual not in self._slots:
                self._write(actual, data)
                self._slots[actual] = _Slot(len(data), 0.0)
            self._touch(actual)
            self._evict(keep=actual)
            slot = self._slots[actual]
            return CacheEntry(actual, slot.size, _when(slot.used), self._path(actual))

    def fetch(self, digest: str, download: Callable[[str], bytes]) -> Path:
        """The file for `digest`: from the cache, or downloaded with `download(digest)` (run
        outside the lock; its errors propagate) and cached for offline use."""
        cached = self.get(digest)
        if cached is not None:
            return cached
        return self.put(download(digest), digest).path

    def remove(self, digest: str) -> bool:
        """Drop one file; whether it was here."""
        check_digest(digest)
        with self._lock:
            if digest not in self._slots:
                return False
            self._delete(digest)
            return True

    def clear(self) -> None:
        """Drop every file."""
        with self._lock:
            for digest in list(self._slots):
                self._delete(digest)

    def set_limit(self, limit_bytes: int) -> None:
        """Change the limit, evicting at once if the cache is now over it."""
        if limit_bytes <= 0:
            raise ValueError("the cache limit must be positive")
        with self._lock:
            self.limit = limit_bytes
            self._evict(keep=None)

    def entries(self) -> list[CacheEntry]:
        """What the cache holds, most recently used first."""
        with self._lock:
            ordered = sorted(self._slots.items(), key=lambda kv: (-kv[1].used, kv[0]))
            return [CacheEntry(d, s.size, _when(s.used), self._path(d)) for d, s in ordered]

    def usage(self) -> CacheUsage:
        with self._lock:
            total = sum(s.size for s in self._slots.values())
            return CacheUsage(len(self._slots), total, self.limit)

    # -- under the lock

    def _write(self, digest: str, data: bytes) -> None:
        temp_dir = self.folder / _TEMP
        temp_dir.mkdir(exist_ok=True)
        target = self._path(digest)
        target.parent.mkdir(exist_ok=True)
        temp = temp_dir / f"{digest}.{os.getpid()}.{threading.get_ident()}"
        try:
            with temp.open("wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(temp, target)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise

    def _touch(self, digest: str) -> None:
        # Strictly increasing, so two uses within the clock's resolution keep their order.
        latest = max((s.used for s in self._slots.values()), default=0.0)
        now = max(self.clock(), latest + 1e-6)
        self._slots[digest].used = now
        with contextlib.suppress(OSError):  # the order in memory is what counts this session
            os.utime(self._path(digest), (now, now))

    def _delete(self, digest: str) -> bool:
        try:
            self._path(digest).unlink(missing_ok=True)
        except OSError as exc:  # e.g. open in a viewer on Windows: try again next time
            log.warning("could not evict cached file %s: %s", digest, exc)
            return False
        del self._slots[digest]
        return True

    def _evict(self, keep: str | None) -> None:
        total = sum(s.size for s in self._slots.values())
        if total <= self.limit:
            return
        for digest, slot in sorted(self._slots.items(), key=lambda kv: (kv[1].used, kv[0])):
            if total <= self.limit:
                break
            if digest != keep and self._delete(digest):
                total -= slot.size
                log.info("evicted %s (%d bytes) from the file cache", digest, slot.size)


def _when(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
