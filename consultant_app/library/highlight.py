"""Where a query matched inside a title or body, as ranges of the original text.

The ranges follow the index's rules (see `tokens`): Han runs, then their pairs; words at a
word start or a letter/digit boundary, across connectors (id4 marks "ID.4"); and, in titles,
pinyin — full syllables with an unfinished last one (maite → 迈腾) or first letters (mt → 迈腾).
Matching runs on normalised text (NFKC, lower case) and maps back to the original indices.

What does not depend on the query (the normalised text, its Han runs and their readings, a
body flattened for its snippet) is prepared once per text: `Marked` and `SnippetSource`,
which search keeps per document between keystrokes.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from consultant_app.library.models import Highlighted, Span
from consultant_app.library.pinyin import run_readings
from consultant_app.library.tokens import CONNECTORS, HAN_CLASS, QueryPlan, is_han

#: A snippet is about this many characters of the body around its first match.
SNIPPET_CHARS = 80
#: Characters of context kept before the first match in a snippet.
SNIPPET_LEAD = 16
#: Bodies are searched for a snippet only this far (a long article's first screens).
SNIPPET_SCAN = 5_000
_HAN_RUN = re.compile(f"[{HAN_CLASS}]+")


def _normalised(text: str) -> tuple[str, list[int] | None]:
    """The text normalised as the index saw it, and each character's original index (None:
    the same index). Full-width punctuation and letters map one to one, so the whole-string
    result is used whenever its length is unchanged; only text where NFKC expands or merges
    characters (㎞, ligatures) pays for a character-by-character mapping."""
    norm = unicodedata.normalize("NFKC", text).lower()
    if len(norm) == len(text):
        return norm, None
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        for piece in unicodedata.normalize("NFKC", char).lower():
            out.append(piece)
            origin.append(i)
    return "".join(out), origin


class _Run:
    """A Han run of a normalised text with each character's readings and, per character,
    the first letters of those readings (what pinyin matching tests first)."""

    __slots__ = ("firsts", "letters", "offset", "options", "text")

    def __init__(self, offset: int, run: str) -> None:
        self.offset = offset
        self.text = run
        self.options = run_readings(run)
        self.firsts = ["".join(r[0] for r in choices) for choices in self.options]
        self.letters = "".join(self.firsts)


class Marked:
    """A text prepared for marking matches: normalised once, its Han runs read once."""

    __slots__ = ("_runs", "norm", "origin", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        norm, self.origin = _normalised(text)
        self.norm = text if norm == text else norm  # one string kept, not two equal ones
        self._runs: list[_Run] | None = None

    def runs(self) -> list[_Run]:
        """The Han runs with their readings (read on first use: only titles need them)."""
        if self._runs is None:
            self._runs = [_Run(m.start(), m.group()) for m in _HAN_RUN.finditer(self.norm)]
        return self._runs


class Marker:
    """A query ready to mark many texts: each group's needle or pattern worked out once, and
    the pinyin matches of a Han run remembered for the other texts holding the same run."""

    __slots__ = ("han", "spelled", "words")

    def __init__(self, plan: QueryPlan) -> None:
        groups = plan.groups
        self.han = [g.text for g in groups if g.kind != "word"]
        self.words = [(g.text[0], _word_pattern(g.text)) for g in groups if g.kind == "word"]
        # Per word that may be pinyin: whether it may be initials, and its matches per run.
        self.spelled: list[tuple[str, bool, dict[str, list[Span]]]] = [
            (g.text, g.initials or len(g.text) == 2, {})
            for g in groups
            if g.kind == "word" and g.spelled
        ]

    def spans(self, marked: Marked, *, pinyin: bool) -> tuple[Span, ...]:
        """The merged ranges of the text the groups match (pinyin: titles and meta)."""
        norm = marked.norm
        limit = len(norm)
        found: list[Span] = []
        for needle in self.han:
            at = norm.find(needle)
            if at < 0:
                if len(needle) > 2:
                    found.extend(_pair_spans(norm, needle, limit))
                continue
            size = len(needle)
            while at >= 0:
                found.append((at, at + size))
                at = norm.find(needle, at + 1)
        for first, pattern in self.words:
            if first in norm:
                found.extend(_word_spans(norm, pattern, limit))
        if pinyin and self.spelled:
            runs = marked.runs()
            for word, by_initials, memo in self.spelled:
                first = word[0]
                for run in runs:
                    if first not in run.letters:
                        continue
                    relative = memo.get(run.text)
                    if relative is None:
                        relative = _pinyin_spans(run, word, by_initials=by_initials)
                        memo[run.text] = relative
                    if relative:
                        offset = run.offset
                        for s, e in relative:
                            found.append((offset + s, offset + e))
        if not found:
            return ()
        merged = (found[0],) if len(found) == 1 else _merge(found)
        origin = marked.origin
        if origin is None:
            return merged
        return _merge([(origin[s], origin[e - 1] + 1) for s, e in merged])

    def window(self, norm: str, width: int) -> tuple[Span, ...]:
        """The merged matches (no pinyin) a snippet of `width` around the earliest one
        shows: each group's first match is found, then the others only up to the end of
        the window (a long article's body may hold hundreds further on)."""
        size = len(norm)
        best = size
        needles: list[tuple[str, int]] = []
        for needle in self.han:
            at = norm.find(needle)
            if at >= 0:
                needles.append((needle, at))
                best = min(best, at)
            elif len(needle) > 2:  # not found whole: its pairs are marked
                for i in range(len(needle) - 1):
                    pair = needle[i : i + 2]
                    at = norm.find(pair)
                    if at >= 0:
                        needles.append((pair, at))
                        best = min(best, at)
        marked: list[Span] = []  # the words' matches, up to where a window could end
        for letter, pattern in self.words:
            if letter in norm:
                found = _word_spans(norm, pattern, _window_end(best, width), width)
                if found:
                    marked.extend(found)
                    best = min(best, found[0][0])
        if best == size:
            return ()
        limit = _window_end(best, width)
        spans = [span for span in marked if span[0] < limit]
        for needle, first in needles:
            length = len(needle)
            at = first
            while 0 <= at < limit:
                spans.append((at, at + length))
                at = norm.find(needle, at + 1)
        return (spans[0],) if len(spans) == 1 else _merge(spans)


def _window_end(first: int, width: int) -> int:
    """Where a snippet window around a match starting at `first` ends (see `SnippetSource`)."""
    return (first - SNIPPET_LEAD if first > SNIPPET_LEAD else 0) + width


def spans_in(text: str, plan: QueryPlan, *, pinyin: bool) -> tuple[Span, ...]:
    """The merged ranges of `text` the plan's groups match."""
    if not plan or not text:
        return ()
    return Marker(plan).spans(Marked(text), pinyin=pinyin)


def _occurrences(text: str, needle: str, limit: int) -> list[Span]:
    out: list[Span] = []
    size = len(needle)
    start = text.find(needle)
    while 0 <= start < limit:
        out.append((start, start + size))
        start = text.find(needle, start + 1)
    return out


def _pair_spans(norm: str, needle: str, limit: int) -> list[Span]:
    """A Han run of three or more not found whole: the index matched its pairs, wherever
    they are; mark those (starting before `limit`)."""
    out: list[Span] = []
    for i in range(len(needle) - 1):
        out.extend(_occurrences(norm, needle[i : i + 2], limit))
    return out


@lru_cache(maxsize=256)
def _word_pattern(word: str) -> re.Pattern[str]:
    """The word as typed, allowing one connector between any two of its characters (id4
    finds "id.4", as the index joined it)."""
    joiner = "[" + re.escape("".join(sorted(CONNECTORS))) + "]?"
    return re.compile(joiner.join(re.escape(c) for c in word))


def _word_spans(
    norm: str, pattern: re.Pattern[str], limit: int, width: int | None = None
) -> list[Span]:
    """The word at a word start, or where digits meet letters (tsi in 330tsi), starting
    before `limit`, or (given a snippet's `width`) before the end of a window around the
    first. (A match starts with the word's first character, so whether it starts with a
    digit is the same for every match.)"""
    out: list[Span] = []
    digit: bool | None = None
    for match in pattern.finditer(norm):
        at = match.start()
        if at >= limit:
            break
        if at:
            before = norm[at - 1]
            if before.isalnum() and not is_han(before):  # inside a word …
                if digit is None:
                    digit = norm[at].isdigit()
                if before.isdigit() == digit:  # … and not at a letter/digit boundary
                    continue
        if width is not None and not out:
            limit = min(limit, _window_end(at, width))
        out.append(match.span())
    return out


def _pinyin_spans(run: _Run, word: str, *, by_initials: bool) -> list[Span]:
    """Where in the run `word` is spelled in pinyin or, `by_initials`, in first letters."""
    first = word[0]
    firsts = run.firsts
    out: list[Span] = []
    for i, letters in enumerate(firsts):
        if first not in letters:
            continue
        end = _spell(word, run.options, i)
        if end is None and by_initials:
            end = _initials(word, firsts, i)
        if end is not None:
            out.append((i, end))
    return out


def _spell(word: str, options: list[tuple[str, ...]], start: int) -> int | None:
    """Where a reading of run[start:] spelling `word` ends (the last syllable may be cut)."""
    if not word:
        return start
    if start >= len(options):
        return None
    for reading in options[start]:
        if reading.startswith(word):
            return start + 1
        if word.startswith(reading):
            end = _spell(word[len(reading) :], options, start + 1)
            if end is not None:
                return end
    return None


def _initials(word: str, firsts: list[str], start: int) -> int | None:
    """Where `word` read as one first letter per character from run[start:] ends."""
    if start + len(word) > len(firsts):
        return None
    for k, letter in enumerate(word):
        if letter not in firsts[start + k]:
            return None
    return start + len(word)


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    """The ranges in order, overlapping or touching ones joined."""
    if len(spans) == 2:  # the commonest case: two words, each found once
        first, second = spans
        if first[1] < second[0]:
            return (first, second)
        if second[1] < first[0]:
            return (second, first)
    spans.sort()
    out: list[Span] = []
    low, high = spans[0]
    for start, end in spans:
        if start <= high:
            high = max(high, end)
        else:
            out.append((low, high))
            low, high = start, end
    out.append((low, high))
    return tuple(out)


def highlight_title(title: str, plan: QueryPlan) -> Highlighted:
    """The title with its matches (pinyin included, as titles are indexed with it)."""
    return Highlighted(title, spans_in(title, plan, pinyin=True))


class SnippetSource:
    """A body prepared for snippets: the part searched, on one line, ready for marking."""

    __slots__ = ("_unmarked", "cut", "flat")

    def __init__(self, body: str) -> None:
        self.flat = Marked(" ".join(body[:SNIPPET_SCAN].split()))
        self.cut = len(body) > SNIPPET_SCAN
        self._unmarked: Highlighted | None = None

    def around(self, marker: Marker, width: int = SNIPPET_CHARS) -> Highlighted:
        """About `width` characters around the first match, the matches marked (`snippet`).

        Only matches up to the window's end are looked for (a long article's body may hold
        hundreds further on)."""
        flat = self.flat
        if flat.origin is None:
            spans = marker.window(flat.norm, width)
        else:  # NFKC changed lengths: matches are found in normalised indices
            spans = marker.spans(flat, pinyin=False)
        if not spans and width == SNIPPET_CHARS:
            # The body's beginning: the same for every query that misses the body.
            if self._unmarked is None:
                self._unmarked = self._window(spans, width)
            return self._unmarked
        return self._window(spans, width)

    def _window(self, spans: tuple[Span, ...], width: int) -> Highlighted:
        flat = self.flat.text
        size = len(flat)
        start = spans[0][0] - SNIPPET_LEAD if spans and spans[0][0] > SNIPPET_LEAD else 0
        end = min(size, start + width)
        text = "…" + flat[start:end] if start else flat[:end]
        if end < size or self.cut:
            text += "…"
        shift = (1 if start else 0) - start
        kept: list[Span] = []
        for s, e in spans:  # in order, not overlapping
            if s >= end:
                break
            if e > start:
                kept.append(((s if s > start else start) + shift, (e if e < end else end) + shift))
        return Highlighted(text, tuple(kept))


def snippet(body: str, plan: QueryPlan, width: int = SNIPPET_CHARS) -> Highlighted:
    """About `width` characters of the body around its first match, on one line, with the
    matches marked; the body's beginning when it has none. "…" marks a cut."""
    return SnippetSource(body).around(Marker(plan), width)
