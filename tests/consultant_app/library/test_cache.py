"""The file cache: stored once by content hash, fetched on demand, evicted least recently used
beyond its size limit, and able to say what it holds."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from consultant_app.library.cache import (
    FileCache,
    FileTooLargeError,
    HashMismatchError,
    digest_of,
)
from consultant_app.library.queries import cache_contents
from tests.consultant_app.library.conftest import Server


class Ticks:
    """A clock that moves one second per reading, so every use is ordered."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        self.now += 1
        return self.now


@pytest.fixture
def cache(tmp_path: Path) -> FileCache:
    return FileCache(tmp_path / "cache", limit_bytes=1_000, clock=Ticks())


def blob(tag: str, size: int = 300) -> bytes:
    return (tag * size).encode()[:size]


def test_a_file_is_stored_once_under_its_hash(cache: FileCache) -> None:
    first = cache.put(blob("a"))
    again = cache.put(blob("a"))
    assert first.digest == again.digest == digest_of(blob("a"))
    assert first.path.read_bytes() == blob("a")
    assert cache.usage().files == 1
    assert cache.usage().bytes == 300


def test_bytes_that_do_not_match_the_expected_hash_are_refused(cache: FileCache) -> None:
    with pytest.raises(HashMismatchError):
        cache.put(blob("a"), digest_of(blob("b")))
    assert cache.usage().files == 0


def test_fetch_downloads_once_then_serves_offline(cache: FileCache) -> None:
    calls: list[str] = []

    def download(digest: str) -> bytes:
        calls.append(digest)
        return blob("p")

    digest = digest_of(blob("p"))
    assert cache.fetch(digest, download).read_bytes() == blob("p")

    def offline(digest: str) -> bytes:
        raise ConnectionError("offline")

    assert cache.fetch(digest, offline).read_bytes() == blob("p")
    assert calls == [digest]


def test_a_failed_download_caches_nothing(cache: FileCache) -> None:
    def offline(digest: str) -> bytes:
        raise ConnectionError("offline")

    with pytest.raises(ConnectionError):
        cache.fetch(digest_of(blob("x")), offline)
    assert cache.usage().files == 0


def test_the_least_recently_used_files_go_when_over_the_limit(cache: FileCache) -> None:
    a = cache.put(blob("a")).digest
    b = cache.put(blob("b")).digest
    c = cache.put(blob("c")).digest
    assert cache.get(a) is not None  # a is now more recent than b
    d = cache.put(blob("d")).digest  # 1,200 bytes > 1,000: b goes
    assert [e.digest for e in cache.entries()] == [d, a, c]
    assert cache.get(b) is None
    assert cache.usage().bytes <= 1_000


def test_a_file_larger_than_the_whole_cache_is_refused(cache: FileCache) -> None:
    kept = cache.put(blob("a")).digest
    with pytest.raises(FileTooLargeError):
        cache.put(blob("z", 1_001))
    assert [e.digest for e in cache.entries()] == [kept]


def test_lowering_the_limit_evicts_at_once(cache: FileCache) -> None:
    for tag in "abc":
        cache.put(blob(tag))
    cache.set_limit(400)
    assert [e.digest for e in cache.entries()] == [digest_of(blob("c"))]


def test_the_cache_remembers_its_files_and_their_order_across_restarts(tmp_path: Path) -> None:
    clock = Ticks()
    cache = FileCache(tmp_path / "cache", limit_bytes=1_000, clock=clock)
    a = cache.put(blob("a")).digest
    b = cache.put(blob("b")).digest
    cache.get(a)
    reopened = FileCache(tmp_path / "cache", limit_bytes=1_000, clock=clock)
    assert [e.digest for e in reopened.entries()] == [a, b]
    assert reopened.get(b) is not None


@pytest.mark.parametrize("digest", ["../../etc/passwd", "ABC", "a" * 63, "g" * 64, ""])
def test_only_real_hashes_become_paths(cache: FileCache, digest: str) -> None:
    with pytest.raises(ValueError, match="SHA-256"):
        cache.get(digest)


def test_the_cache_says_which_materials_its_files_belong_to(
    cache: FileCache, conn: sqlite3.Connection, server: Server
) -> None:
    poster = cache.put(blob("poster"))
    cache.put(blob("orphan"))
    server.publish(
        server.material("迈腾海报", kind="image", file_hash=poster.digest, file_name="a.png"),
        server.material("迈腾海报（竖版）", kind="image", file_hash=poster.digest),
    )
    held = {c.entry.digest: c.titles for c in cache_contents(conn, cache)}
    assert held == {
        poster.digest: ("迈腾海报", "迈腾海报（竖版）"),
        digest_of(blob("orphan")): (),
    }
