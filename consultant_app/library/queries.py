"""The library's read side in plain sqlite3: one material, recents, favourites, categories,
and what the file cache holds. (Search is in `search`.)"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from consultant_app.clock import from_db
from consultant_app.errors import NotFoundError
from consultant_app.library.cache import CacheEntry, FileCache
from consultant_app.library.models import (
    Category,
    Highlighted,
    MaterialDetail,
    MaterialKind,
    MaterialSummary,
    Scope,
)

log = logging.getLogger(__name__)

_KINDS = frozenset(k.value for k in MaterialKind)
_SCOPES = frozenset(s.value for s in Scope)

#: The columns `summary_from_row` reads, for queries joining material (m), usage (u) and
#: favourites (f).
SUMMARY_COLUMNS = (
    "m.id, m.kind, m.scope, m.title, m.body, m.summary, m.category_id, m.tags_json,"
    " m.models_json, m.author, m.updated_at, coalesce(u.copies + u.sends, 0) AS uses,"
    " u.last_used_at, f.material_id IS NOT NULL AS favourite"
)
SUMMARY_JOINS = (
    " LEFT JOIN material_usage u ON u.material_id = m.id"
    " LEFT JOIN material_favourite f ON f.material_id = m.id"
)


def names(raw: str | None) -> tuple[str, ...]:
    """A JSON list of names from a row (tags, models); empty if it is not one."""
    try:
        values = json.loads(raw or "[]")
    except ValueError:
        return ()
    return tuple(str(v) for v in values) if isinstance(values, list) else ()


def known_kind(row: sqlite3.Row) -> bool:
    """Whether this build knows the row's kind and scope (a newer server may send more)."""
    known = row["kind"] in _KINDS and row["scope"] in _SCOPES
    if not known:
        log.debug("skipping material %s of unknown kind %s", row["id"], row["kind"])
    return known


def summary_from_row(
    row: sqlite3.Row,
    title: Highlighted | None = None,
    snippet: Highlighted | None = None,
    *,
    title_hit: bool = False,
) -> MaterialSummary:
    """A result row from the SUMMARY_COLUMNS of a query (title and snippet unmarked unless
    given)."""
    return MaterialSummary(
        id=row["id"],
        kind=MaterialKind(row["kind"]),
        scope=Scope(row["scope"]),
        title=title or Highlighted(row["title"]),
        snippet=snippet or plain_snippet(row["body"], row["summary"]),
        category_id=row["category_id"],
        tags=names(row["tags_json"]),
        models=names(row["models_json"]),
        author=row["author"],
        updated_at=_time(row["updated_at"]),
        uses=int(row["uses"]),
        last_used_at=from_db(row["last_used_at"]),
        favourite=bool(row["favourite"]),
        title_hit=title_hit,
    )


def plain_snippet(body: str | None, summary: str | None) -> Highlighted:
    """The start of the body (else the summary) on one line: a row's text with no query."""
    text = body or summary or ""
    return Highlighted(" ".join(text[:200].split())[:80])


def _time(text: str) -> datetime:
    value = from_db(text)
    assert value is not None
    return value


def material(conn: sqlite3.Connection, material_id: str) -> MaterialDetail:
    """One material in full; NotFoundError if there is none (or its kind is unknown here)."""
    row = conn.execute(
        "SELECT m.*, coalesce(u.copies + u.sends, 0) AS uses,"
        " f.material_id IS NOT NULL AS favourite FROM material m"
        + SUMMARY_JOINS
        + " WHERE m.id = ?",
        (material_id,),
    ).fetchone()
    if row is None or not known_kind(row):
        raise NotFoundError(material_id)
    tree = category_paths(conn)
    return MaterialDetail(
        id=row["id"],
        kind=MaterialKind(row["kind"]),
        scope=Scope(row["scope"]),
        owner_id=row["owner_id"],
        title=row["title"],
        body=row["body"],
        summary=row["summary"],
        url=row["url"],
        category_id=row["category_id"],
        category_path=tree.get(row["category_id"] or "", ()),
        tags=names(row["tags_json"]),
        models=names(row["models_json"]),
        author=row["author"],
        file_hash=row["file_hash"],
        file_name=row["file_name"],
        file_size=row["file_size"],
        mime_type=row["mime_type"],
        created_at=_time(row["created_at"]),
        updated_at=_time(row["updated_at"]),
        uses=int(row["uses"]),
        favourite=bool(row["favourite"]),
    )


def recents(conn: sqlite3.Connection, limit: int = 20) -> list[MaterialSummary]:
    """What the consultant copied or sent lately, most recent first (最近使用)."""
    rows = conn.execute(
        f"SELECT {SUMMARY_COLUMNS} FROM material_usage u0"
        " JOIN material m ON m.id = u0.material_id"
        + SUMMARY_JOINS
        + " ORDER BY u0.last_used_at DESC, m.id LIMIT ?",
        (limit,),
    )
    return [summary_from_row(r) for r in rows if known_kind(r)]


def most_used(conn: sqlite3.Connection, limit: int = 20) -> list[MaterialSummary]:
    """What the consultant uses most (常用), most copies and sends first."""
    rows = conn.execute(
        f"SELECT {SUMMARY_COLUMNS} FROM material_usage u0"
        " JOIN material m ON m.id = u0.material_id"
        + SUMMARY_JOINS
        + " ORDER BY u0.copies + u0.sends DESC, u0.last_used_at DESC LIMIT ?",
        (limit,),
    )
    return [summary_from_row(r) for r in rows if known_kind(r)]


def favourites(conn: sqlite3.Connection, limit: int = 200) -> list[MaterialSummary]:
    """Starred materials (收藏), most recently starred first."""
    rows = conn.execute(
        f"SELECT {SUMMARY_COLUMNS} FROM material_favourite f0"
        " JOIN material m ON m.id = f0.material_id"
        + SUMMARY_JOINS
        + " ORDER BY f0.created_at DESC, m.id LIMIT ?",
        (limit,),
    )
    return [summary_from_row(r) for r in rows if known_kind(r)]


def categories(conn: sqlite3.Connection) -> list[Category]:
    """The category tree's top nodes, each with its children, in `position` order."""
    rows = conn.execute(
        "SELECT id, parent_id, name, position FROM material_category ORDER BY position, name, id"
    ).fetchall()
    known = {r["id"] for r in rows}
    kids: dict[str | None, list[sqlite3.Row]] = {}
    for row in rows:
        parent = row["parent_id"] if row["parent_id"] in known else None
        kids.setdefault(parent, []).append(row)

    def build(row: sqlite3.Row, path: tuple[str, ...], seen: frozenset[str]) -> Category:
        here = (*path, row["name"])
        children = tuple(
            build(child, here, seen | {row["id"]})
            for child in kids.get(row["id"], [])
            if child["id"] not in seen
        )
        return Category(row["id"], row["parent_id"], row["name"], row["position"], here, children)

    return [build(r, (), frozenset()) for r in kids.get(None, [])]


def category_paths(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """Each category's names from the top down to it, by id."""
    out: dict[str, tuple[str, ...]] = {}

    def walk(nodes: Iterable[Category]) -> None:
        for node in nodes:
            out[node.id] = node.path
            walk(node.children)

    walk(categories(conn))
    return out


@dataclass(frozen=True, slots=True)
class CachedFile:
    """A file in the local cache and the materials that use it."""

    entry: CacheEntry
    titles: tuple[str, ...]


def cache_contents(conn: sqlite3.Connection, cache: FileCache) -> list[CachedFile]:
    """What the file cache holds, most recently used first, named by the materials using it."""
    entries = cache.entries()
    titles: dict[str, list[str]] = {}
    digests = [e.digest for e in entries]
    for start in range(0, len(digests), 500):
        chunk = digests[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            f"SELECT file_hash, title FROM material WHERE file_hash IN ({marks}) ORDER BY title",
            chunk,
        ):
            titles.setdefault(row["file_hash"], []).append(row["title"])
    return [CachedFile(e, tuple(titles.get(e.digest, ()))) for e in entries]
