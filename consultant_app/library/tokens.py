"""Material text and typed queries as the search index's tokens (our own tokeniser, in Python).

SQLite's tokenisers cannot search Chinese as people type it: `unicode61` makes a whole run of
Han characters one token (迈腾油耗 matches only 迈腾油耗), and `trigram` matches nothing under
three characters (迈腾, 金融, 油耗 are two). So the text is tokenised here and FTS5 only splits
the result on spaces (`tokenize='ascii'` keeps every non-ASCII character inside a token):

* a run of Han characters gives each character and each neighbouring pair (迈腾油耗 → 迈 腾 油
  耗 迈腾 腾油 油耗); a query of any length becomes characters or pairs that must all match;
* with pinyin on (titles, tags, categories, models): each character's readings, and for each
  pair its joined readings and its two first letters (maiteng, mt), so that "maiteng", "mait",
  "mt" and, split into syllable pairs, "maitengyouhao" find 迈腾油耗;
* a run of letters and digits (after NFKC, so ＩＤ４ is id4) gives itself, its letter and digit
  parts, and its join with neighbours across . - _ / ' (ID.4 → id 4 id4; 330TSI → 330 tsi);
* an emoji or other symbol gives itself; everything else (punctuation, spaces) separates.

A query is parsed into the same tokens and rendered as quoted FTS5 strings, so nothing typed
(quotes, `*`, AND, NEAR, colons, brackets) is ever read as query syntax.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise, product

from consultant_app.library.pinyin import run_readings, split_syllables

#: CJK unified ideographs, extension A, compatibility ideographs, and the supplementary planes.
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_PIECES = re.compile(rf"(?P<han>[{HAN_CLASS}]+)|(?P<word>[^\W_{HAN_CLASS}]+)|(?P<other>\S)")
_LETTERS_DIGITS = re.compile(r"\d+|[^\W\d_]+")
#: A single one of these between two words joins them (ID.4, R-Line, 4S店's "4s").
CONNECTORS = frozenset(".-_/'·")

#: Typed input beyond this many characters is ignored (a search box, not a document).
MAX_QUERY_CHARS = 64
#: At most this many words of a query take part.
MAX_QUERY_GROUPS = 8
#: A word of this many letters is also tried as pinyin initials (mtyh → 迈腾油耗).
MIN_INITIALS, MAX_INITIALS = 3, 8
#: Letters no pinyin syllable starts with; a word holding one is not initials.
_NOT_INITIALS = frozenset("iuv")


def normalise(text: str) -> str:
    """NFKC (full-width to half-width, compatibility ideographs unified) and lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def is_han(char: str) -> bool:
    """Whether `char` is a Han character (the ranges of HAN_CLASS)."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3134F
    )


def is_word_char(char: str) -> bool:
    """A letter or digit that is not Han (words are made of these)."""
    return char.isalnum() and not is_han(char)


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of normalised text: Han characters, a joined word, or one symbol."""

    kind: str  # "han", "word" or "symbol"
    text: str
    parts: tuple[str, ...] = ()  # a joined word's words as written (id, 4 for id.4)


def pieces(text: str) -> Iterator[Piece]:
    """The searchable runs of already normalised `text`, words joined across connectors."""
    words: list[str] = []
    last_end = -1
    for match in _PIECES.finditer(text):
        kind = match.lastgroup
        if kind == "word":
            gap = text[last_end : match.start()]
            if words and not (len(gap) == 1 and gap in CONNECTORS):
                yield _word(words)
                words = []
            words.append(match.group())
            last_end = match.end()
            continue
        if kind == "other" and match.group() in CONNECTORS:
            continue  # joins the words either side of it, or separates like a space
        if words:
            yield _word(words)
            words = []
        if kind == "han":
            yield Piece("han", match.group())
        elif unicodedata.category(match.group()) == "So":
            yield Piece("symbol", match.group())
    if words:
        yield _word(words)


def _word(words: list[str]) -> Piece:
    return Piece("word", "".join(words), tuple(words))


# --- the index side ---------------------------------------------------------------------------


def index_tokens(texts: Iterable[str], *, pinyin: bool) -> str:
    """The space-separated, de-duplicated tokens of `texts` for one column of the index."""
    out: dict[str, None] = {}
    for text in texts:
        for piece in pieces(normalise(text)):
            if piece.kind == "han":
                _han_tokens(piece.text, out, pinyin=pinyin)
            elif piece.kind == "word":
                out[piece.text] = None
                for part in piece.parts:
                    out[part] = None
                    for bit in _LETTERS_DIGITS.findall(part):
                        out[bit] = None
            else:
                out[piece.text] = None
    return " ".join(out)


def _han_tokens(run: str, out: dict[str, None], *, pinyin: bool) -> None:
    out.update(dict.fromkeys(run))
    out.update(dict.fromkeys(map(str.__add__, run, run[1:])))
    if not pinyin:
        return
    options = run_readings(run)
    for choices in options:
        for reading in choices:
            out[reading] = None
    for left, right in pairwise(options):
        for a, b in product(left, right):
            out[a + b] = None
            out[a[0] + b[0]] = None


# --- the query side ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Atom:
    """One token a document must contain; `prefix` also accepts tokens starting with it."""

    token: str
    prefix: bool = False

    def fts(self) -> str:
        quoted = '"' + self.token.replace('"', '""') + '"'
        return quoted + "*" if self.prefix else quoted


@dataclass(frozen=True, slots=True)
class Group:
    """One typed word and the ways it can match: any alternative, all atoms of it."""

    kind: str  # "han", "word" or "symbol"
    text: str
    alternatives: tuple[tuple[Atom, ...], ...]
    syllable_ways: tuple[tuple[str, ...], ...] = ()  # for highlighting pinyin
    initials: bool = False
    spelled: bool = False  # only Latin letters: may be pinyin

    def fts(self) -> str:
        options = ["(" + " AND ".join(a.fts() for a in alt) + ")" for alt in self.alternatives]
        return "(" + " OR ".join(options) + ")"


@dataclass(frozen=True, slots=True)
class QueryPlan:
    """A typed query as groups that must all match; empty when nothing in it is searchable."""

    groups: tuple[Group, ...]

    def __bool__(self) -> bool:
        return bool(self.groups)

    def fts(self) -> str:
        """The FTS5 expression (all groups ANDed); every token inside double quotes."""
        return " AND ".join(g.fts() for g in self.groups)


def parse_query(text: str, known: QueryPlan | None = None) -> QueryPlan:
    """Anything typed → a plan; never raises, whatever the input.

    A word that `known` (the previous keystroke's plan, say) already holds is taken from it:
    a group depends only on its word, and working out pinyin readings is the costly part.
    """
    reuse = {(g.kind, g.text): g for g in known.groups} if known else {}
    groups: list[Group] = []
    seen: set[str] = set()
    for piece in pieces(normalise(text)[:MAX_QUERY_CHARS]):
        if piece.text in seen:
            continue
        seen.add(piece.text)
        groups.append(reuse.get((piece.kind, piece.text)) or _group(piece))
        if len(groups) >= MAX_QUERY_GROUPS:
            break
    return QueryPlan(tuple(groups))


def _group(piece: Piece) -> Group:
    if piece.kind == "han":
        run = piece.text
        if len(run) <= 2:
            return Group("han", run, ((Atom(run),),))
        pairs = tuple(dict.fromkeys(Atom(run[i : i + 2]) for i in range(len(run) - 1)))
        return Group("han", run, (pairs,))
    if piece.kind == "symbol":
        return Group("symbol", piece.text, ((Atom(piece.text),),))
    word = piece.text
    alternatives: list[tuple[Atom, ...]] = [(Atom(word, prefix=True),)]
    ways: tuple[tuple[str, ...], ...] = ()
    initials = False
    spelled = word.isascii() and word.isalpha()
    if spelled:
        ways = tuple(tuple(w) for w in split_syllables(word))
        for way in ways:
            if len(way) >= 3:
                joined = [way[i] + way[i + 1] for i in range(len(way) - 1)]
                atoms = [Atom(j) for j in joined[:-1]] + [Atom(joined[-1], prefix=True)]
                alternatives.append(tuple(dict.fromkeys(atoms)))
        if MIN_INITIALS <= len(word) <= MAX_INITIALS and not _NOT_INITIALS & set(word):
            initials = True
            atoms = [Atom(word[i : i + 2]) for i in range(len(word) - 1)]
            alternatives.append(tuple(dict.fromkeys(atoms)))
    return Group("word", word, tuple(alternatives), ways, initials, spelled)
