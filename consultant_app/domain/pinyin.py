"""Pinyin spellings and initials of Chinese names, for search (张伟 ← zhangwei, zw)."""

from __future__ import annotations

from functools import lru_cache
from itertools import product

#: At most this many spelling variants are kept per name (polyphonic surnames such as 曾, 单).
MAX_VARIANTS = 4


@lru_cache(maxsize=4096)
def pinyin_keys(name: str) -> tuple[str, str]:
    """(full spellings, initials) of `name`, each a space-separated list of variants.

    Non-Han characters pass through lower-cased, so "Tony王" gives "tonywang" and "tonyw".
    The first character's readings are all kept, because surnames are where polyphones bite.
    """
    from pypinyin import Style, lazy_pinyin, pinyin  # lazy: ~0.3 s to import

    text = "".join(name.split()).lower()
    if not text:
        return "", ""
    full = lazy_pinyin(text, errors="default")
    first = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default")
    # NORMAL style: the default (TONE) would give "zēng", which nobody types and which
    # crowded the plain "zeng" out of the variants.
    surname_full = pinyin(text[0], style=Style.NORMAL, heteronym=True, errors="default")[0]
    surname_first = pinyin(text[0], style=Style.FIRST_LETTER, heteronym=True, errors="default")[0]
    if surname_full == [text[0]]:
        # Not a Han character ("Tony王"): no readings to vary, and lazy_pinyin kept the
        # Latin run whole, so swapping in the first letter would give "twang".
        surname_full = surname_first = []
    full_variants = _variants(surname_full, full)
    initial_variants = _variants(surname_first, first)
    return " ".join(full_variants), " ".join(initial_variants)


def _variants(surname_options: list[str], rest: list[str]) -> list[str]:
    seen: list[str] = []
    heads = [rest[0], *surname_options] if rest else surname_options
    for head in heads:
        candidate = "".join([head, *rest[1:]]).lower()
        if candidate not in seen:
            seen.append(candidate)
        if len(seen) >= MAX_VARIANTS:
            break
    return seen


def all_variants(options: list[list[str]]) -> list[str]:
    """Every combination of per-character options (used by tests and demo checks)."""
    return ["".join(p) for p in product(*options)]
