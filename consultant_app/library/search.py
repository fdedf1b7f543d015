"""Instant search over the library: one box, results as the consultant types.

Ranking is in tiers: materials whose title matches every typed word come first, then those
matching anywhere (body, tags, category, models). Within a tier, what this consultant has
used comes first (most copies and sends, then most recently used), then the rest, most
recently changed first.

The recency order is the index's own rowid order (see `index`), so FTS5 reads a tier newest
first and stops after one page: a one-letter query over 50,000 materials costs about what a
three-word one does. The few hundred materials a consultant has used are matched in Python,
on postings of their tokens kept between keystrokes: asking FTS5 about each of their rowids
cost 15-90 ms a keystroke (about 0.2 ms a rowid), the postings well under one.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_left
from dataclasses import dataclass

from consultant_app.library.highlight import highlight_title, snippet
from consultant_app.library.index import (
    FACET_ALL,
    facet_category,
    facet_kind,
    facet_model,
    facet_scope,
)
from consultant_app.library.models import MaterialSummary, SearchFilters, SearchResult
from consultant_app.library.queries import (
    SUMMARY_COLUMNS,
    SUMMARY_JOINS,
    known_kind,
    summary_from_row,
)
from consultant_app.library.tokens import Atom, QueryPlan, parse_query

DEFAULT_LIMIT = 50
TEXT_COLUMNS = "{title body meta}"

_FAVOURITES = (
    "rowid IN (SELECT s.docid FROM material_favourite f"
    " JOIN material_search s ON s.material_id = f.material_id)"
)


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
    """Search on one read connection, remembering the tokens of materials the consultant used.

    Keep one per connection (the UI's database worker holds one). A docid's tokens never
    change — a changed material gets a new, never reused docid — so the memory never goes
    stale.
    """

    #: Token sets kept for at most this many used materials.
    MEMORY = 5_000

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._docs: dict[int, _Doc] = {}
        self._posted: tuple[tuple[int, ...], _Postings] | None = None

    def search(
        self, text: str, filters: SearchFilters | None = None, *, limit: int = DEFAULT_LIMIT
    ) -> SearchResult:
        """The best `limit` materials for what was typed, narrowed by `filters`, best first.

        An empty box lists everything the filters allow (most used, then newest). Input with
        nothing searchable in it (only punctuation, say) finds nothing. Never raises for
        any text.
        """
        filters = filters or SearchFilters()
        plan = parse_query(text)
        if text.strip() and not plan:
            return SearchResult(text, (), has_more=False)
        facets = facets_expression(filters)
        if plan:
            words = plan.fts()
            tiers = ["{title} : (" + words + ")", TEXT_COLUMNS + " : (" + words + ")"]
            tiers = [f"{t} AND {facets}" if facets else t for t in tiers]
        else:
            tiers = [facets or "{facets} : " + Atom(FACET_ALL).fts()]
        restrict = f" AND {_FAVOURITES}" if filters.favourites_only else ""
        used = self._used(filters)
        ordered: list[int] = []
        placed: set[int] = set()
        title_tier: set[int] = set()
        for number, expression in enumerate(tiers):
            wanted = limit + 1 - len(ordered)
            if wanted <= 0:
                break
            in_title = bool(plan) and number == 0
            matching = self._postings(used).matching(plan, in_title=in_title) if plan else set(used)
            for docid in used:
                if docid in matching and docid not in placed:
                    placed.add(docid)
                    ordered.append(docid)
            # Newest first; ask for enough to make up for those already placed.
            rows = self.conn.execute(
                "SELECT rowid FROM material_fts WHERE material_fts MATCH ?"
                f"{restrict} ORDER BY rowid DESC LIMIT ?",
                (expression, wanted + len(placed)),
            )
            for (docid,) in rows:
                if len(ordered) > limit:
                    break
                if docid not in placed:
                    placed.add(docid)
                    ordered.append(docid)
            if in_title:
                title_tier = set(ordered)
        has_more = len(ordered) > limit
        hits = _summaries(self.conn, ordered[:limit], plan, title_tier)
        return SearchResult(text, tuple(hits), has_more=has_more)

    def _used(self, filters: SearchFilters) -> list[int]:
        """The used materials the filters allow, most used first, then most recently used."""
        sql = (
            "SELECT s.docid FROM material_usage u"
            " JOIN material_search s ON s.material_id = u.material_id"
        )
        if filters.favourites_only:
            sql += " JOIN material_favourite f ON f.material_id = u.material_id"
        sql += " ORDER BY u.copies + u.sends DESC, u.last_used_at DESC, s.docid DESC"
        docids = [int(r[0]) for r in self.conn.execute(sql)]
        self._remember(docids)
        wanted = facet_sets(filters)
        return [d for d in docids if d in self._docs and self._docs[d].has_facets(wanted)]

    def _postings(self, used: list[int]) -> _Postings:
        """The token postings of these used materials (rebuilt only when the set changes)."""
        key = tuple(sorted(used))
        if self._posted is None or self._posted[0] != key:
            self._posted = (key, _Postings({d: self._docs[d] for d in key}))
        return self._posted[1]

    def _remember(self, docids: list[int]) -> None:
        missing = [d for d in docids if d not in self._docs]
        if not missing:
            return
        if len(self._docs) + len(missing) > self.MEMORY:
            self._docs = {d: self._docs[d] for d in docids if d in self._docs}
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                "SELECT docid, title, body, meta, facets FROM material_search"
                f" WHERE docid IN ({marks})",
                chunk,
            ):
                self._docs[int(row[0])] = _Doc.of(row[1], row[2], row[3], row[4])


def search(
    conn: sqlite3.Connection,
    text: str,
    filters: SearchFilters | None = None,
    *,
    limit: int = DEFAULT_LIMIT,
) -> SearchResult:
    """One search without a `LibrarySearch` kept around (scripts, tests)."""
    return LibrarySearch(conn).search(text, filters, limit=limit)


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
    with it, and a column filter applies to each string separately."""

    def __init__(self, docs: dict[int, _Doc]) -> None:
        self.title: dict[str, set[int]] = {}
        self.text: dict[str, set[int]] = {}
        for docid, doc in docs.items():
            for token in doc.title:
                self.title.setdefault(token, set()).add(docid)
            for token in doc.text:
                self.text.setdefault(token, set()).add(docid)
        self.title_order = sorted(self.title)
        self.text_order = sorted(self.text)

    def matching(self, plan: QueryPlan, *, in_title: bool) -> set[int]:
        """The docids matching every group of the (non-empty) plan."""
        postings = self.title if in_title else self.text
        order = self.title_order if in_title else self.text_order
        found: set[int] | None = None
        for group in plan.groups:
            in_group: set[int] = set()
            for alternative in group.alternatives:
                docs: set[int] | None = None
                for atom in alternative:
                    holding = self._holding(atom, postings, order)
                    docs = holding if docs is None else docs & holding
                    if not docs:
                        break
                in_group |= docs or set()
            found = in_group if found is None else found & in_group
            if not found:
                return set()
        return found or set()

    @staticmethod
    def _holding(atom: Atom, postings: dict[str, set[int]], order: list[str]) -> set[int]:
        if not atom.prefix:
            return postings.get(atom.token, set())
        out: set[int] = set()
        at = bisect_left(order, atom.token)
        while at < len(order) and order[at].startswith(atom.token):
            out |= postings[order[at]]
            at += 1
        return out


def _summaries(
    conn: sqlite3.Connection, docids: list[int], plan: QueryPlan, title_tier: set[int]
) -> list[MaterialSummary]:
    if not docids:
        return []
    marks = ",".join("?" * len(docids))
    rows = conn.execute(
        f"SELECT s.docid, {SUMMARY_COLUMNS} FROM material_search s"
        " JOIN material m ON m.id = s.material_id" + SUMMARY_JOINS + f" WHERE s.docid IN ({marks})",
        docids,
    )
    by_docid = {int(r["docid"]): r for r in rows if known_kind(r)}
    out: list[MaterialSummary] = []
    for docid in docids:
        row = by_docid.get(docid)
        if row is None:
            continue
        if not plan:
            out.append(summary_from_row(row))
            continue
        body = row["body"] if row["body"].strip() else row["summary"]
        out.append(
            summary_from_row(
                row,
                highlight_title(row["title"], plan),
                snippet(body, plan),
                title_hit=docid in title_tier,
            )
        )
    return out
