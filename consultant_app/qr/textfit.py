"""Fitting poster text into a box: line breaking for Chinese and Latin, then shrinking, then "…".

Chinese breaks between any two characters, Latin only at spaces (a word wider than the line
is broken anywhere). Closing punctuation never starts a line and opening punctuation never
ends one (the basic 避头尾 rule). A text that does not fit at the largest size is shrunk step
by step down to the smallest; if it still needs more lines than allowed, the last line is cut
and ends with "…", and the caller reports the truncation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

#: Line height as a multiple of the font size.
LINE_HEIGHT = 1.25
#: Each step of shrinking multiplies the size by this.
SHRINK_STEP = 0.92
ELLIPSIS = "…"

_CLOSING = frozenset("，。、；：！？）》」』】〕〉”’…—～·・,.;:!?)]}%")
_OPENING = frozenset("（《「『【〔〈“‘([{")
_LATIN = re.compile(r"[A-Za-z0-9@#&'+\-./:_%$€£¥]+")
_BLANKS = re.compile(r"[ \t\r\f\v\u3000]+")

Measure = Callable[[str], float]


@dataclass(frozen=True, slots=True)
class FittedText:
    """Lines at a font size (same unit as the box); `truncated` if text was cut off."""

    lines: tuple[str, ...]
    size: float
    truncated: bool

    @property
    def height(self) -> float:
        return len(self.lines) * self.size * LINE_HEIGHT


def normalise(text: str) -> str:
    """Blanks collapsed to one space, control characters dropped, line breaks kept."""
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        kept = "".join(ch for ch in line if ch.isprintable() or ch in " \t\u3000")
        lines.append(_BLANKS.sub(" ", kept).strip())
    return "\n".join(line for line in lines if line)


def units(paragraph: str) -> list[str]:
    """The pieces a line may break between: Latin words, single blanks, single other characters,
    with opening punctuation glued to what follows and closing punctuation to what precedes."""
    raw: list[str] = []
    pos = 0
    while pos < len(paragraph):
        match = _LATIN.match(paragraph, pos)
        if match:
            raw.append(match.group())
            pos = match.end()
        else:
            raw.append(paragraph[pos])
            pos += 1
    glued: list[str] = []
    pending = ""
    for piece in raw:
        if piece in _OPENING:
            pending += piece
        elif piece in _CLOSING and glued and not glued[-1].isspace() and not pending:
            glued[-1] += piece
        else:
            glued.append(pending + piece)
            pending = ""
    if pending:
        glued.append(pending)
    return glued


def wrap(text: str, measure: Measure, width: float) -> list[str]:
    """Break `text` into lines no wider than `width` (as `measure` measures them)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for unit in units(paragraph):
            if unit.isspace():
                line = f"{line} " if line else line
                continue
            trial = line + unit
            if measure(trial) <= width:
                line = trial
                continue
            if line.strip():
                lines.append(line.rstrip())
                line = ""
            if measure(unit) <= width:
                line = unit
                continue
            for char in unit:  # wider than a whole line: break anywhere
                if line and measure(line + char) > width:
                    lines.append(line)
                    line = ""
                line += char
        if line.strip():
            lines.append(line.rstrip())
    return lines


def fit(
    text: str,
    measure_em: Measure,
    width: float,
    height: float,
    *,
    max_size: float,
    min_size: float,
    max_lines: int,
) -> FittedText:
    """The largest size from `max_size` down to `min_size` at which `text` wraps into at most
    `max_lines` lines within `width` × `height`; at `min_size`, cut to fit, ending with "…".

    `measure_em` gives a string's advance in em (font size 1).
    """
    text = normalise(text)
    if not text:
        return FittedText((), max_size, truncated=False)
    size = max_size
    while True:
        lines_allowed = max(1, min(max_lines, int(height / (size * LINE_HEIGHT) + 1e-9)))

        def measure(s: str, size: float = size) -> float:
            return measure_em(s) * size

        lines = wrap(text, measure, width)
        if len(lines) <= lines_allowed and size * LINE_HEIGHT * len(lines) <= height + 1e-9:
            return FittedText(tuple(lines), size, truncated=False)
        if size <= min_size:
            break
        size = max(min_size, size * SHRINK_STEP)
    kept = lines[:lines_allowed]
    last = kept[-1]
    while last and measure(last + ELLIPSIS) > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + ELLIPSIS
    return FittedText(tuple(kept), size, truncated=True)
