"""The library's search index, kept in step with the `material` rows in the same transaction.

`material_search` holds each material's tokens (see `tokens`) in four columns, and the FTS5
table `material_fts` indexes them as external content (tokenize='ascii': split on spaces only;
detail='column': which column a token is in, no positions, since pairs stand in for phrases):

* `title`: the title, with pinyin;
* `body`: summary and body, Han characters and pairs and words only. Pinyin of whole bodies
  would make "yh" match nearly every long text and costs most of the indexing time;
* `meta`: tags, the category's names from the top down, the vehicle models, with pinyin;
* `facets`: filter tokens starting with "·", which nothing typed can produce (`·all`, `·k<kind>`,
  `·s<scope>`, `·c<hex id>` for the category and each ancestor, `·m<hex model>`). Filters are
  thereby FTS terms too, intersected inside the index instead of row by row.

A changed material is removed and inserted again under a new `docid` below every docid given
before (never one given before: the lowest is kept in `local_state`), so ascending rowid order
is "most recently changed first", and search reads recent hits first from it in FTS5's own
order: reading a doclist backwards (`ORDER BY rowid DESC`) cost FTS5 a quarter more.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from consultant_app.library.tokens import index_tokens, normalise

FACET_ALL = "·all"
#: Bump when the index changes meaning (tokeniser, columns, facets, docid order): a
#: workspace indexed under another version is re-indexed by `ensure_current`.
INDEX_VERSION = "2"
VERSION_KEY = "library_index_version"
#: Docids count down from here (version 1 counted up from 1, so they never meet), and the
#: `local_state` key holding the lowest one given so far.
FIRST_DOCID = 1 << 62
FLOOR_KEY = "library_docid_floor"
#: Ids per statement (SQLite allows 32,766 variables; smaller batches keep memory flat).
CHUNK = 500
_DIRTY_KEY = "library.dirty"


def facet_kind(kind: str) -> str:
    return "·k" + kind


def facet_scope(scope: str) -> str:
    return "·s" + scope


def facet_category(category_id: str) -> str:
    return "·c" + _short_hash(category_id)


def facet_model(name: str) -> str:
    return "·m" + _short_hash(normalise(name.strip()))


def _short_hash(text: str) -> str:
    """64 bits of SHA-1: unique among a showroom's categories and models, and a tenth the
    size of the text's hex in every document (a category path is in each material)."""
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]


class CategoryTree:
    """The category rows as a tree: paths for indexing, subtrees for re-indexing."""

    #: Deeper than any real tree; stops a cycle in bad data from looping.
    MAX_DEPTH = 32

    def __init__(self, rows: Iterable[tuple[str, str | None, str]]) -> None:
        self.parent: dict[str, str | None] = {}
        self.name: dict[str, str] = {}
        self.children: dict[str, list[str]] = {}
        for ident, parent, name in rows:
            self.parent[ident] = parent
            self.name[ident] = name
            if parent:
                self.children.setdefault(parent, []).append(ident)

    @classmethod
    def load(cls, connection: Connection) -> CategoryTree:
        rows = connection.exec_driver_sql("SELECT id, parent_id, name FROM material_category")
        return cls((str(r[0]), r[1], str(r[2])) for r in rows)

    def lineage(self, category_id: str | None) -> list[str]:
        """The category and its ancestors, nearest first (only those that exist)."""
        out: list[str] = []
        current = category_id
        while current and current in self.parent and current not in out:
            out.append(current)
            if len(out) >= self.MAX_DEPTH:
                break
            current = self.parent[current]
        return out

    def subtree(self, category_ids: Iterable[str]) -> set[str]:
        """The categories and all their descendants."""
        out: set[str] = set()
        stack = list(category_ids)
        while stack:
            current = stack.pop()
            if current not in out:
                out.add(current)
                stack.extend(self.children.get(current, ()))
        return out


@dataclass(frozen=True, slots=True)
class Document:
    """One material's row of `material_search`."""

    material_id: str
    title: str
    body: str
    meta: str
    facets: str


def document(row: Mapping[Any, Any], tree: CategoryTree) -> Document:
    """The index document of a `material` row (as a mapping of its columns)."""
    tags = _names(row["tags_json"])
    models = _names(row["models_json"])
    category_id = row["category_id"] if isinstance(row["category_id"], str) else None
    lineage = tree.lineage(category_id)
    path = [tree.name[c] for c in reversed(lineage)]
    facets = [
        FACET_ALL,
        facet_kind(str(row["kind"])),
        facet_scope(str(row["scope"])),
        *(facet_category(c) for c in lineage),
        *(facet_model(m) for m in models),
    ]
    return Document(
        material_id=str(row["id"]),
        title=index_tokens([str(row["title"])], pinyin=True),
        body=index_tokens([str(row["summary"]), str(row["body"])], pinyin=False),
        meta=index_tokens([*tags, *path, *models], pinyin=True),
        facets=" ".join(dict.fromkeys(facets)),
    )


def _names(raw: object) -> list[str]:
    try:
        values = json.loads(str(raw or "[]"))
    except ValueError:
        return []
    return [str(v) for v in values] if isinstance(values, list) else []


_MATERIAL_COLUMNS = (
    "id, kind, scope, title, body, summary, category_id, tags_json, models_json, updated_at"
)


def reindex(connection: Connection, material_ids: Iterable[str]) -> int:
    """Re-index these materials from their current rows; ids without a row leave the index.

    Runs on the caller's connection, so it commits or rolls back with the caller's change.
    Returns how many documents were written.
    """
    ids = sorted(set(material_ids))
    if not ids:
        return 0
    tree = CategoryTree.load(connection)
    written = 0
    for chunk in _chunks(ids):
        _remove(connection, chunk)
        marks = ",".join("?" * len(chunk))
        rows = connection.exec_driver_sql(
            f"SELECT {_MATERIAL_COLUMNS} FROM material WHERE id IN ({marks})"
            " ORDER BY updated_at, id",
            tuple(chunk),
        ).mappings()
        written += _insert(connection, (document(r, tree) for r in rows))
    return written


def rebuild(connection: Connection) -> int:
    """Drop and rebuild the whole index from the `material` table (repair, first start)."""
    connection.exec_driver_sql("INSERT INTO material_fts(material_fts) VALUES ('delete-all')")
    connection.exec_driver_sql("DELETE FROM material_search")
    tree = CategoryTree.load(connection)
    rows = connection.exec_driver_sql(
        f"SELECT {_MATERIAL_COLUMNS} FROM material ORDER BY updated_at, id"
    ).mappings()
    return _insert(connection, (document(r, tree) for r in rows))


def ensure_current(connection: Connection) -> bool:
    """Rebuild the index if it was built by another version of the tokeniser; whether it was.

    Call once after opening a workspace, off the GUI thread (50,000 materials take about a
    minute on a slow machine; a library of a few thousand, seconds).
    """
    row = connection.exec_driver_sql(
        "SELECT value FROM local_state WHERE key = ?", (VERSION_KEY,)
    ).fetchone()
    if row is not None and row[0] == INDEX_VERSION:
        return False
    rebuild(connection)
    connection.exec_driver_sql(
        "INSERT INTO local_state (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (VERSION_KEY, INDEX_VERSION),
    )
    return True


def _remove(connection: Connection, ids: Sequence[str]) -> None:
    marks = ",".join("?" * len(ids))
    # External content: FTS5 needs the old tokens to delete a document, so they go first.
    # In docid order: FTS5 writes its pending changes out each time a rowid goes backwards,
    # which made removing 1,000 materials four times slower than adding them.
    connection.exec_driver_sql(
        "INSERT INTO material_fts(material_fts, rowid, title, body, meta, facets)"
        " SELECT 'delete', docid, title, body, meta, facets FROM material_search"
        f" WHERE material_id IN ({marks}) ORDER BY docid",
        tuple(ids),
    )
    connection.exec_driver_sql(
        f"DELETE FROM material_search WHERE material_id IN ({marks})", tuple(ids)
    )


def _insert(connection: Connection, documents: Iterable[Document]) -> int:
    """Index `documents` (oldest change first) under docids below every docid given before,
    the newest lowest, so that ascending docid order is "most recently changed first"."""
    batch = [(d.material_id, d.title, d.body, d.meta, d.facets) for d in documents]
    if not batch:
        return 0
    floor = _floor(connection)
    first = floor - len(batch)
    # Written in ascending docid order (newest first): B-tree and FTS5 appends, and FTS5
    # writes its pending changes out whenever a rowid goes backwards.
    connection.exec_driver_sql(
        "INSERT INTO material_search (docid, material_id, title, body, meta, facets)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(first + i, *row) for i, row in enumerate(reversed(batch))],
    )
    connection.exec_driver_sql(
        "INSERT INTO material_fts(rowid, title, body, meta, facets)"
        " SELECT docid, title, body, meta, facets FROM material_search"
        " WHERE docid >= ? AND docid < ? ORDER BY docid",
        (first, floor),
    )
    connection.exec_driver_sql(
        "INSERT INTO local_state (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (FLOOR_KEY, str(first)),
    )
    return len(batch)


def _floor(connection: Connection) -> int:
    """The lowest docid ever given (kept in `local_state`, so that a deleted newest docid is
    never given again), or where docids start."""
    stored, lowest = connection.exec_driver_sql(
        "SELECT (SELECT value FROM local_state WHERE key = ?),"
        " (SELECT min(docid) FROM material_search)",
        (FLOOR_KEY,),
    ).one()
    candidates = [FIRST_DOCID]
    if stored is not None:
        candidates.append(int(stored))
    if lowest is not None:
        candidates.append(int(lowest))
    return min(candidates)


def _chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


# --- changes gathered during a transaction -------------------------------------------------


@dataclass(slots=True)
class _Dirty:
    materials: set[str]
    categories: set[str]


def mark(
    session: Session, *, materials: Iterable[str] = (), categories: Iterable[str] = ()
) -> None:
    """Note materials (or categories, whose materials' paths change) to re-index at `flush`."""
    dirty = session.info.setdefault(_DIRTY_KEY, _Dirty(set(), set()))
    assert isinstance(dirty, _Dirty)
    dirty.materials.update(materials)
    dirty.categories.update(categories)


def flush(session: Session) -> int:
    """Re-index everything `mark`ed in this session, in its transaction; returns the count."""
    dirty = session.info.pop(_DIRTY_KEY, None)
    if not isinstance(dirty, _Dirty):
        return 0
    session.flush()
    connection = session.connection()
    ids = set(dirty.materials)
    if dirty.categories:
        tree = CategoryTree.load(connection)
        affected = sorted(tree.subtree(dirty.categories))
        for chunk in _chunks(affected):
            marks = ",".join("?" * len(chunk))
            rows = connection.exec_driver_sql(
                f"SELECT id FROM material WHERE category_id IN ({marks})", tuple(chunk)
            )
            ids.update(str(r[0]) for r in rows)
    return reindex(connection, ids)
