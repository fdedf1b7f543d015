"""Pinyin readings of Han characters for the library's index: fast, toneless, every reading.

`pypinyin.lazy_pinyin` segments text into words before reading it, about 14 µs a character
here, which would make indexing 50,000 materials take minutes. The index needs less: each
character's readings (from pypinyin's character table, tones removed, ü written v as people
type it), with a two-character word from pypinyin's phrase table deciding the reading of a
polyphone where it can (银行 → yin hang, not yin xing). Lookups are cached per character.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache

#: At most this many readings of one character are indexed (行 has five; the first two are
#: xing and hang, and rarer ones mostly add false matches).
MAX_READINGS = 2

_lock = threading.Lock()
_tables: tuple[dict[int, str], dict[str, list[list[str]]]] | None = None


def _load() -> tuple[dict[int, str], dict[str, list[list[str]]]]:
    """pypinyin's character and phrase tables, imported on first use (≈0.3 s)."""
    global _tables  # noqa: PLW0603 (a lazily loaded, read-only table)
    with _lock:
        if _tables is None:
            from pypinyin.phrases_dict import phrases_dict
            from pypinyin.pinyin_dict import pinyin_dict

            _tables = (pinyin_dict, phrases_dict)
        return _tables


@lru_cache(maxsize=4096)
def toneless(reading: str) -> str:
    """A pinyin reading without tone marks, ü as v: "lǚ" → "lv", "zhǎng" → "zhang"."""
    decomposed = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=32768)
def readings(char: str) -> tuple[str, ...]:
    """The toneless readings of one Han character, commonest first (empty if unknown)."""
    chars, _ = _load()
    raw = chars.get(ord(char))
    if not raw:
        return ()
    out: list[str] = []
    for reading in raw.split(","):
        plain = toneless(reading)
        if plain.isascii() and plain.isalpha() and plain not in out:
            out.append(plain)
    return tuple(out[:MAX_READINGS])


def run_readings(run: str) -> list[tuple[str, ...]]:
    """Readings for each character of a Han run, each list's first being the likeliest here.

    Where two neighbouring characters form a word in pypinyin's phrase table, the word's
    reading goes first for both (a character in two words keeps the first word's).
    """
    return list(_run_readings(run))


@lru_cache(maxsize=8192)
def _run_readings(run: str) -> tuple[tuple[str, ...], ...]:
    options = [readings(c) for c in run]
    _, phrases = _load()
    decided = [False] * len(run)
    for i in range(len(run) - 1):
        word = phrases.get(run[i : i + 2])
        if word is None or len(word) != 2:
            continue
        for j in (i, i + 1):
            if decided[j] or not word[j - i]:
                continue
            best = toneless(word[j - i][0])
            if best.isascii() and best.isalpha():
                options[j] = (best, *(r for r in options[j] if r != best))[:MAX_READINGS]
                decided[j] = True
    return tuple(options)


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Every toneless syllable with a vowel in pypinyin's table (≈410) to split typed pinyin.

    The vowel-less interjections (m, n, ng, hm, hng) are left out: they would split "maiteng"
    into "mai te ng" as readily as into "mai teng".
    """
    chars, _ = _load()
    raw: set[str] = set()
    for value in chars.values():
        raw.update(value.split(","))
    plain = {toneless(r) for r in raw}
    return frozenset(
        p for p in plain if p.isascii() and p.isalpha() and any(v in p for v in "aeiouv")
    )


#: The longest toneless syllable (zhuang, shuang, chuang).
_LONGEST = 6


@lru_cache(maxsize=1)
def _unfinished() -> frozenset[str]:
    """Every proper beginning of a syllable that is not a syllable itself ("zhua", "sh")."""
    valid = syllables()
    return frozenset(s[:n] for s in valid for n in range(1, len(s))) - valid


def split_syllables(text: str, *, limit: int = 3) -> list[list[str]]:
    """Ways to read `text` as pinyin syllables, the last one possibly unfinished, fewest first.

    "maitengyouh" → [["mai", "teng", "you", "h"]]; "xian" → [["xian"], ["xi", "an"], …].
    At most `limit` ways (typed pinyin is rarely more ambiguous than that). Where a syllable
    can end is worked out once per position, and positions from which the rest cannot be
    read are known before the search, so hostile input ("xianxian…v") costs linear time.
    """
    valid = syllables()
    prefixes = _unfinished()
    longest = _LONGEST
    ends = len(text)
    steps: list[list[int]] = []
    for start in range(ends):
        out = [
            start + n
            for n in range(min(longest, ends - start), 0, -1)
            if text[start : start + n] in valid
        ]
        if ends - start < longest and text[start:] in prefixes:
            out.append(ends)  # an unfinished last syllable
        steps.append(out)
    finishes = [False] * ends + [True]
    for start in range(ends - 1, -1, -1):
        finishes[start] = any(finishes[nxt] for nxt in steps[start])

    found: list[list[str]] = []

    def walk(start: int, path: list[str]) -> None:
        if len(found) >= 4 * limit:
            return
        if start == ends:
            found.append(list(path))
            return
        for nxt in steps[start]:
            if finishes[nxt]:
                path.append(text[start:nxt])
                walk(nxt, path)
                path.pop()

    if text and finishes[0]:
        walk(0, [])
    found.sort(key=len)
    return found[:limit]
