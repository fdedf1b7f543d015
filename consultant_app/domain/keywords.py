"""Keyword → tag rules' matching (迈腾 → 意向:迈腾), shared by the desk and the server.

Both sides decide with these functions, so a note saved offline gets exactly the tags the
server would give it: a rule matches when any of its keywords occurs in the text, compared
in NFKC form and case folded (ＩＤ４ is id4, ID4 is id4).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def fold(text: str) -> str:
    """`text` as rules compare it: NFKC normalised, case folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def matches(keywords: Sequence[str], text: str) -> bool:
    """Whether `text` mentions any of `keywords` (NFKC, case folded)."""
    folded = fold(text)
    return any(fold(keyword) in folded for keyword in keywords)
