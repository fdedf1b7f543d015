"""Instant search over the library: one box, results as the consultant types.

Ranking is in tiers: materials whose title matches every typed word come first, then those
matching anywhere (body, tags, category, models). Within a tier, what this consultant has
used comes first (most copies and sends, then most recently used), then the rest, most
recently changed first.

The recency order is the index's own rowid order (see `index`), so FTS5 reads a tier newest
first and stops after one page: a one-letter query over 50,000 materials costs about what a
three-word one does. The few hundred materials a consultant has used are matched in Python,
on postings of their tokens kept between keystrokes: asking FTS5 about each of their rowids
cost 15-90 ms a keystroke (about 0.2 ms a rowid), the postings well under one. A tier the
used materials already fill is not asked of FTS5 at all.

Most of a keystroke is then Python: making 50 result rows and marking their titles and
snippets. So a `LibrarySearch` keeps, between keystrokes, what never changes for a docid
(its row, its title and body prepared for marking: `highlight.Marked`, `SnippetSource`), the
consultant's usage and favourites (read again only after a commit: `PRAGMA data_version`),
and the last keystroke's plan and rows: a typed word is not parsed twice, and a row that
comes out exactly as before is the same object again.
"""

from __future__ import annotations

import logging
import sqlite3
from bisect import bisect_left
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from consultant_app.clock import from_db
from consultant_app.library.highlight import Marked, Marker, SnippetSource
from consultant_app.library.index import (
    FACET_ALL,
    facet_category,
    facet_kind,
    facet_model,
    facet_scope,
)
from consultant_app.library.models import (
    Highlighted,
    MaterialKind,
    MaterialSummary,
    Scope,
    SearchFilters,
    SearchResult,
)
from consultant_app.library.queries import names, plain_snippet
from consultant_app.library.tokens import Atom, QueryPlan, parse_query

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 50
TEXT_COLUMNS = "{title body meta}"

_FAVOURITES = (
    "rowid IN (SELECT s.docid FROM material_favourite f"
    " JOIN material_search s ON s.material_id = f.material_id)"
)
_TIER_SQL = "SELECT rowid FROM material_fts WHERE material_fts MATCH ?{} ORDER BY rowid LIMIT ?"
_USAGE_SQL = (
    "SELECT s.docid, u.material_id, coalesce(u.copies + u.sends, 0), u.last_used_at"
    " FROM material_usage u JOIN material_search s ON s.material_id = u.material_id"
    " ORDER BY u.copies + u.sends DESC, u.last_used_at DESC, s.docid"
)
_SHOWN_SQL = (
    "SELECT s.docid, m.id, m.kind, m.scope, m.title, m.body, m.summary, m.category_id,"
    " m.tags_json, m.models_json, m.author, m.updated_at"
    " FROM material_search s JOIN material m ON m.id = s.material_id WHERE s.docid IN ({})"
)
_KINDS = {k.value: k for k in MaterialKind}
_SCOPES = {s.value: s for s in Scope}


def facet_sets(filters: SearchFilters) -> list[frozenset[str]]:
    """The filters as facet tokens: one set per filter, a document needs a token of each."""
    out: list[frozenset[str]] = []
    if filters.kinds:
        out.append(frozenset(facet_kind(k) for k in filters.kinds))
    if filters.scope is not None:
        out.append(frozenset({facet_scope(filters.scope)}))
    if filters.category_id:
        out.append(frozenset({facet_category(filters.category_id)}))
    if filters.model and filters.model.strip():
        out.append(frozenset({facet_model(filters.model)}))
    return out


def facets_expression(filters: SearchFilters) -> str:
    """The same filters as FTS5 terms on the facets column; '' for none."""
    parts = [
        "(" + " OR ".join(Atom(token).fts() for token in sorted(options)) + ")"
        for options in facet_sets(filters)
    ]
    return "{facets} : (" + " AND ".join(parts) + ")" if parts else ""


class LibrarySearch:
    """Search on one read connection, remembering the tokens of materials the consultant used
    and what recently shown materials look like.

    Keep one per connection (the UI's database worker holds one). A docid's tokens and row
    never change — a changed material gets a new, never reused docid — so that memory never
    goes stale; usage and favourites are read again after any commit.
    """

    #: Token sets kept for at most this many used materials.
    MEMORY = 5_000
    #: Rows prepared for display kept for at most this many docids (the benchmark's 84
    #: keystrokes over 50,000 materials show 904 different ones).
    SHOWN = 2_000

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._docs: dict[int, _Doc] = {}
        self._shown: dict[int, _Shown | None] = {}
        self._state: _State | None = None
        self._narrowed: _Used | None = None
        self._plan: QueryPlan | None = None  # the last keystroke's
        self._previous: dict[int, MaterialSummary] = {}  # the last keystroke's rows

    def search(
        self, text: str, filters: SearchFilters | None = None, *, limit: int = DEFAULT_LIMIT
    ) -> SearchResult:
        """The best `limit` materials for what was typed, narrowed by `filters`, best first.

        An empty box lists everything the filters allow (most used, then newest). Input with
        nothing searchable in it (only punctuation, say) finds nothing. Never raises for
        any text.
        """
        filters = filters or SearchFilters()
        plan = self._plan = parse_query(text, self._plan)
        if text.strip() and not plan:
            return SearchResult(text, (), has_more=False)
        facets = facets_expression(filters)
        if plan:
            words = plan.fts()
            tiers = ["{title} : (" + words + ")", TEXT_COLUMNS + " : (" + words + ")"]
            tiers = [f"{t} AND {facets}" if facets else t for t in tiers]
        else:
            tiers = [facets or "{facets} : " + Atom(FACET_ALL).fts()]
        sql = _TIER_SQL.format(f" AND {_FAVOURITES}" if filters.favourites_only else "")
        state = self._current_state()
        used = self._used(state, filters)
        cursor = self._cursor()
        ordered: list[int] = []
        placed: set[int] = set()
        title_tier: set[int] = set()
        for number, expression in enumerate(tiers):
            wanted = limit + 1 - len(ordered)
            if wanted <= 0:
                break
            in_title = bool(plan) and number == 0
            if plan:
                matching = used.postings.matching(plan, in_title=in_title)
                fresh = [d for d in matching if d not in placed]
                fresh.sort(key=used.rank.__getitem__)
            else:
                fresh = [d for d in used.docids if d not in placed]
            placed.update(fresh)
            ordered.extend(fresh)
            if len(ordered) <= limit:
                # Newest first; ask for enough to make up for those already placed.
                for (docid,) in cursor.execute(sql, (expression, wanted + len(placed))):
                    if len(ordered) > limit:
                        break
                    if docid not in placed:
                        placed.add(docid)
                        ordered.append(docid)
            if in_title:
                title_tier = set(ordered)
        has_more = len(ordered) > limit
        hits = self._summaries(state, ordered[:limit], plan, title_tier)
        return SearchResult(text, tuple(hits), has_more=has_more)

    def _cursor(self) -> sqlite3.Cursor:
        """A cursor giving plain tuples (cheaper than the connection's named rows)."""
        cursor = self.conn.cursor()
        cursor.row_factory = None
        return cursor

    def _current_state(self) -> _State:
        """Usage and favourites as committed now (read again only after a commit)."""
        cursor = self._cursor()
        committed = int(cursor.execute("PRAGMA data_version").fetchone()[0])
        version = (committed, self.conn.total_changes)
        if self._state is not None and self._state.version == version:
            return self._state
        used: list[tuple[int, str]] = []
        usage: dict[str, tuple[int, datetime | None]] = {}
        for docid, material_id, uses, last_used_at in cursor.execute(_USAGE_SQL):
            used.append((int(docid), material_id))
            usage[material_id] = (int(uses), from_db(last_used_at))
        favourites = frozenset(
            r[0] for r in cursor.execute("SELECT material_id FROM material_favourite")
        )
        self._remember([d for d, _ in used])
        self._state = _State(version, used, usage, favourites)
        return self._state

    def _used(self, state: _State, filters: SearchFilters) -> _Used:
        """The used materials the filters allow, most used first, then most recently used,
        with their postings (kept while the usage and the filters stay the same)."""
        kept = self._narrowed
        if kept is not None and kept.state is state and kept.filters == filters:
            return kept
        wanted = facet_sets(filters)
        favourites = state.favourites if filters.favourites_only else None
        docids = [
            d
            for d, material_id in state.used
            if (favourites is None or material_id in favourites)
            and d in self._docs
            and self._docs[d].has_facets(wanted)
        ]
        key = sorted(docids)
        if kept is not None and kept.postings.key == key:
            postings = kept.postings
        else:
            postings = _Postings(key, {d: self._docs[d] for d in key})
        rank = {d: i for i, d in enumerate(docids)}
        self._narrowed = _Used(state, filters, docids, rank, postings)
        return self._narrowed

    def _remember(self, docids: list[int]) -> None:
        missing = [d for d in docids if d not in self._docs]
        if not missing:
            return
        if len(self._docs) + len(missing) > self.MEMORY:
            self._docs = {d: self._docs[d] for d in docids if d in self._docs}
        cursor = self._cursor()
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in cursor.execute(
                "SELECT docid, title, body, meta, facets FROM material_search"
                f" WHERE docid IN ({marks})",
                chunk,
            ):
                self._docs[int(row[0])] = _Doc.of(row[1], row[2], row[3], row[4])

    def _summaries(
        self, state: _State, docids: list[int], plan: QueryPlan, title_tier: set[int]
    ) -> list[MaterialSummary]:
        """The hits as result rows, their matches marked. A row that comes out exactly as
        it did for the previous keystroke is that keystroke's object again: typing on in
        a word (mait, maite, maiten) mostly marks the same characters in the same rows."""
        shown = self._rows(docids)
        usage = state.usage
        favourites = state.favourites
        marker = Marker(plan)
        before = self._previous
        self._previous = now = {}
        marking = bool(plan)
        out: list[MaterialSummary] = []
        for docid in docids:
            row = shown.get(docid)
            if row is None:
                continue
            uses, last_used_at = usage.get(row.id, _UNUSED)
            favourite = row.id in favourites
            title_hit = docid in title_tier
            old = before.get(docid)
            if marking:
                spans = marker.spans(row.title, pinyin=True)
                snippet = row.body.around(marker)
                if old is not None and old.title.spans == spans:
                    title = old.title
                elif spans:
                    title = Highlighted(row.title.text, spans)
                else:
                    title = row.plain_title
                if old is not None and (old.snippet is snippet or old.snippet == snippet):
                    snippet = old.snippet
            else:
                title, snippet = row.plain_title, row.plain_snippet
            if (
                old is not None
                and old.title is title
                and old.snippet is snippet
                and old.uses == uses
                and old.last_used_at == last_used_at
                and old.favourite == favourite
                and old.title_hit == title_hit
            ):
                hit = old
            else:
                hit = MaterialSummary(
                    id=row.id,
                    kind=row.kind,
                    scope=row.scope,
                    title=title,
                    snippet=snippet,
                    category_id=row.category_id,
                    tags=row.tags,
                    models=row.models,
                    author=row.author,
                    updated_at=row.updated_at,
                    uses=uses,
                    last_used_at=last_used_at,
                    favourite=favourite,
                    title_hit=title_hit,
                )
            now[docid] = hit
            out.append(hit)
        return out

    def _rows(self, docids: list[int]) -> dict[int, _Shown | None]:
        """What these docids show, from memory or read in one statement; None for a kind
        this build does not know. A docid gone since its lookup is left out."""
        shown = self._shown
        missing = [d for d in docids if d not in shown]
        if missing:
            if len(shown) + len(missing) > self.SHOWN:
                shown = {d: shown[d] for d in docids if d in shown}
                self._shown = shown
            marks = ",".join("?" * len(missing))
            for row in self._cursor().execute(_SHOWN_SQL.format(marks), missing):
                shown[int(row[0])] = _Shown.of(row)
        return shown


def search(
    conn: sqlite3.Connection,
    text: str,
    filters: SearchFilters | None = None,
    *,
    limit: int = DEFAULT_LIMIT,
) -> SearchResult:
    """One search without a `LibrarySearch` kept around (scripts, tests)."""
    return LibrarySearch(conn).search(text, filters, limit=limit)


_UNUSED: tuple[int, datetime | None] = (0, None)


@dataclass(frozen=True, slots=True)
class _State:
    """The consultant's usage and favourites at one `PRAGMA data_version`."""

    version: tuple[int, int]
    used: list[tuple[int, str]]  # (docid, material id), most used first
    usage: dict[str, tuple[int, datetime | None]]  # material id → uses, last use
    favourites: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Used:
    """The used materials some filters allow, in ranking order, and their postings."""

    state: _State
    filters: SearchFilters
    docids: list[int]
    rank: dict[int, int]  # docid → place in `docids`
    postings: _Postings


@dataclass(frozen=True, slots=True)
class _Shown:
    """What a docid shows in a result list, its title and body ready for marking."""

    id: str
    kind: MaterialKind
    scope: Scope
    title: Marked
    body: SnippetSource
    plain_title: Highlighted
    plain_snippet: Highlighted
    category_id: str | None
    tags: tuple[str, ...]
    models: tuple[str, ...]
    author: str
    updated_at: datetime

    @classmethod
    def of(cls, row: tuple[Any, ...]) -> _Shown | None:
        """From a `_SHOWN_SQL` row; None (logged) for a kind or scope this build lacks."""
        _, ident, kind, scope, title, body, summary, category_id, tags, models, author, at = row
        known_kind = _KINDS.get(kind)
        known_scope = _SCOPES.get(scope)
        if known_kind is None or known_scope is None:
            log.debug("skipping material %s of unknown kind %s", ident, kind)
            return None
        updated_at = from_db(at)
        assert updated_at is not None
        return cls(
            id=ident,
            kind=known_kind,
            scope=known_scope,
            title=Marked(title),
            body=SnippetSource(body if body.strip() else summary),
            plain_title=Highlighted(title),
            plain_snippet=plain_snippet(body, summary),
            category_id=category_id,
            tags=names(tags),
            models=names(models),
            author=author,
            updated_at=updated_at,
        )


@dataclass(frozen=True, slots=True)
class _Doc:
    """A used material's tokens: its title's, all its text's, and its facets."""

    title: frozenset[str]
    text: frozenset[str]  # title, body and meta together
    facets: frozenset[str]

    @classmethod
    def of(cls, title: str, body: str, meta: str, facets: str) -> _Doc:
        title_tokens = frozenset(title.split())
        text = title_tokens | frozenset(body.split()) | frozenset(meta.split())
        return cls(title_tokens, text, frozenset(facets.split()))

    def has_facets(self, wanted: list[frozenset[str]]) -> bool:
        return all(self.facets & options for options in wanted)


class _Postings:
    """Which used materials hold each token, to match a plan with set operations by FTS5's
    rules for our expressions: a quoted string is one exact token, `"…"*` any token starting
    with it, and a column filter applies to each string separately. Like the FTS5 table's
    `prefix='1 2 3'`, the documents under a prefix of up to three characters are kept once
    gathered (a one-letter prefix covers hundreds of tokens)."""

    SHORT_PREFIX = 3

    def __init__(self, key: list[int], docs: dict[int, _Doc]) -> None:
        self.key = key
        self.title: dict[str, set[int]] = {}
        self.text: dict[str, set[int]] = {}
        for docid, doc in docs.items():
            for token in doc.title:
                self.title.setdefault(token, set()).add(docid)
            for token in doc.text:
                self.text.setdefault(token, set()).add(docid)
        self.title_order = sorted(self.title)
        self.text_order = sorted(self.text)
        self._prefixes: dict[tuple[bool, str], set[int]] = {}

    def matching(self, plan: QueryPlan, *, in_title: bool) -> set[int]:
        """The docids matching every group of the (non-empty) plan."""
        found: set[int] | None = None
        for group in plan.groups:
            in_group: set[int] = set()
            for alternative in group.alternatives:
                docs: AbstractSet[int] | None = None
                for atom in alternative:
                    holding = self._holding(atom, in_title=in_title)
                    docs = holding if docs is None else docs & holding
                    if not docs:
                        break
                in_group |= docs or set()
            found = in_group if found is None else found & in_group
            if not found:
                return set()
        return found or set()

    def _holding(self, atom: Atom, *, in_title: bool) -> AbstractSet[int]:
        """The documents holding the atom (kept sets: read, never changed)."""
        postings = self.title if in_title else self.text
        if not atom.prefix:
            return postings.get(atom.token, _NONE)
        short = len(atom.token) <= self.SHORT_PREFIX
        if short and (in_title, atom.token) in self._prefixes:
            return self._prefixes[in_title, atom.token]
        order = self.title_order if in_title else self.text_order
        out: set[int] = set()
        at = bisect_left(order, atom.token)
        while at < len(order) and order[at].startswith(atom.token):
            out |= postings[order[at]]
            at += 1
        if short:
            self._prefixes[in_title, atom.token] = out
        return out


_NONE: frozenset[int] = frozenset()
