"""Where a query matched inside a title or body, as ranges of the original text.

The ranges follow the index's rules (see `tokens`): Han runs, then their pairs; words at a
word start or a letter/digit boundary, across connectors (id4 marks "ID.4"); and, in titles,
pinyin — full syllables with an unfinished last one (maite → 迈腾) or first letters (mt → 迈腾).
Matching runs on normalised text (NFKC, lower case) and maps back to the original indices.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from consultant_app.library.models import Highlighted, Span
from consultant_app.library.pinyin import run_readings
from consultant_app.library.tokens import CONNECTORS, HAN_CLASS, Group, QueryPlan, is_word_char

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


def spans_in(text: str, plan: QueryPlan, *, pinyin: bool) -> tuple[Span, ...]:
    """The merged ranges of `text` the plan's groups match."""
    if not plan or not text:
        return ()
    norm, origin = _normalised(text)
    found: list[Span] = []
    han_runs: list[tuple[int, str, list[tuple[str, ...]]]] | None = None
    for group in plan.groups:
        if group.kind in ("han", "symbol"):
            found.extend(_han_spans(norm, group))
            continue
        found.extend(_word_spans(norm, group.text))
        if pinyin and group.text.isascii() and group.text.isalpha():
            if han_runs is None:
                han_runs = [
                    (m.start(), m.group(), run_readings(m.group())) for m in _HAN_RUN.finditer(norm)
                ]
            found.extend(_pinyin_spans(han_runs, group))
    merged = _merge(found)
    if origin is None:
        return merged
    return _merge([(origin[s], origin[e - 1] + 1) for s, e in merged])


def _occurrences(text: str, needle: str) -> list[Span]:
    out: list[Span] = []
    start = text.find(needle)
    while start >= 0:
        out.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return out


def _han_spans(norm: str, group: Group) -> list[Span]:
    whole = _occurrences(norm, group.text)
    if whole or len(group.text) <= 2:
        return whole
    # The index matched the pairs, wherever they are; mark those.
    out: list[Span] = []
    for i in range(len(group.text) - 1):
        out.extend(_occurrences(norm, group.text[i : i + 2]))
    return out


@lru_cache(maxsize=256)
def _word_pattern(word: str) -> re.Pattern[str]:
    """The word as typed, allowing one connector between any two of its characters (id4
    finds "id.4", as the index joined it)."""
    joiner = "[" + re.escape("".join(sorted(CONNECTORS))) + "]?"
    return re.compile(joiner.join(re.escape(c) for c in word))


def _word_spans(norm: str, word: str) -> list[Span]:
    """The word at a word start, or where digits meet letters (tsi in 330tsi)."""
    out: list[Span] = []
    for match in _word_pattern(word).finditer(norm):
        start = match.start()
        before = norm[start - 1] if start else " "
        if not is_word_char(before) or before.isdigit() != norm[start].isdigit():
            out.append(match.span())
    return out


def _pinyin_spans(
    han_runs: list[tuple[int, str, list[tuple[str, ...]]]], group: Group
) -> list[Span]:
    word = group.text
    out: list[Span] = []
    for offset, run, options in han_runs:
        for i in range(len(run)):
            end = _spell(word, options, i)
            if end is None and (group.initials or len(word) == 2):
                end = _initials(word, options, i)
            if end is not None:
                out.append((offset + i, offset + end))
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


def _initials(word: str, options: list[tuple[str, ...]], start: int) -> int | None:
    if start + len(word) > len(options):
        return None
    for k, letter in enumerate(word):
        if not any(r.startswith(letter) for r in options[start + k]):
            return None
    return start + len(word)


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def highlight_title(title: str, plan: QueryPlan) -> Highlighted:
    """The title with its matches (pinyin included, as titles are indexed with it)."""
    return Highlighted(title, spans_in(title, plan, pinyin=True))


def snippet(body: str, plan: QueryPlan, width: int = SNIPPET_CHARS) -> Highlighted:
    """About `width` characters of the body around its first match, on one line, with the
    matches marked; the body's beginning when it has none. "…" marks a cut."""
    flat = " ".join(body[:SNIPPET_SCAN].split())
    spans = spans_in(flat, plan, pinyin=False)
    start = 0
    if spans and spans[0][0] > SNIPPET_LEAD:
        start = spans[0][0] - SNIPPET_LEAD
    end = min(len(flat), start + width)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) or len(body) > SNIPPET_SCAN else ""
    shift = len(prefix) - start
    kept = tuple(
        (max(s, start) + shift, min(e, end) + shift) for s, e in spans if s < end and e > start
    )
    return Highlighted(prefix + flat[start:end] + suffix, kept)
