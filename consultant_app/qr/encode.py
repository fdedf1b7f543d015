"""QR symbols for channel live codes: a short URL in, the module matrix and its facts out.

A live code encodes `<server>/q/<token>` with an 8-character base62 token (62^8 ≈ 2×10^14
values: not guessable, and short). `https://desk.example.cn/q/Xk3p9QaT` is 34 bytes, which is
version 3 (29×29 modules) at level M and version 4 (33×33) at level H. Lower-case URLs are
encoded in byte mode; upper-casing the host to reach alphanumeric mode would save about one
version and is not worth the odd-looking URL.

Level M (15 % of codewords recoverable) is the default; a centre logo knocks out modules, so a
code with a logo uses level H (30 %). The logo's box is the largest centred square that (a)
covers at most `LOGO_MAX_AREA` of the symbol, (b) touches no function pattern and (c) damages
at most `LOGO_EC_BUDGET` of any error-correction block's capacity, counted codeword by
codeword from the standard's module placement.
segno raises the level further when that costs no extra modules ("boost"), so `ecc` reports
the level actually used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import segno

from consultant_app.qr.errors import QrUrlError

Ecc = Literal["L", "M", "Q", "H"]

#: White modules around the symbol, as ISO/IEC 18004 requires.
QUIET_ZONE = 4
#: The largest version a poster may carry: beyond it modules get small for reading at distance,
#: and from version 7 a centre alignment pattern would sit under the logo.
MAX_VERSION = 6
#: The byte-mode capacity of version 6 at level H (so any accepted URL can also carry a logo).
MAX_URL_LENGTH = 58
#: The share of the symbol's area (quiet zone excluded) a logo box may take, white pad included.
LOGO_MAX_AREA = 0.20
#: The smallest version given a logo: below it the centre box would touch the finder patterns.
MIN_LOGO_VERSION = 3

_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:\d+)?(/[!-~]*)?")
#: The share of any block's correction capacity the logo box may use up; the rest is left for
#: what blur, glare and dirt cost. At 0.75 the box is 9–11 % of the symbol's area.
LOGO_EC_BUDGET = 0.75
#: The alignment pattern away from the finders, by version (ISO/IEC 18004 annex E); the others
#: of versions 2–6 coincide with finders or timing patterns and are not drawn.
_ALIGNMENT = {2: 18, 3: 22, 4: 26, 5: 30, 6: 34}
#: Error-correction blocks at level H (ISO/IEC 18004 table 9): (count, codewords, data codewords).
_H_BLOCKS = {
    3: ((2, 35, 13),),
    4: ((4, 25, 9),),
    5: ((2, 33, 11), (2, 34, 12)),
    6: ((4, 43, 15),),
}


@dataclass(frozen=True, slots=True)
class LogoBox:
    """The square of modules (row = column = `start`, `side` wide) cleared for a centre logo."""

    start: int
    side: int

    def contains(self, row: int, col: int) -> bool:
        end = self.start + self.side
        return self.start <= row < end and self.start <= col < end


@dataclass(frozen=True, slots=True)
class QrSymbol:
    """An encoded live code: `dark[row][col]` without the quiet zone, logo modules included."""

    url: str
    version: int
    ecc: Ecc
    modules: int
    dark: tuple[tuple[bool, ...], ...]
    logo_box: LogoBox | None = None
    border: int = QUIET_ZONE

    @property
    def designator(self) -> str:
        """Version and level as printed in the standard, e.g. "3-M"."""
        return f"{self.version}-{self.ecc}"

    @property
    def modules_with_border(self) -> int:
        return self.modules + 2 * self.border

    def drawn(self, row: int, col: int) -> bool:
        """Whether the module is painted dark (modules under the logo box are left white)."""
        if self.logo_box is not None and self.logo_box.contains(row, col):
            return False
        return self.dark[row][col]

    def matrix(self, border: int | None = None) -> list[list[bool]]:
        """Rows of painted modules with `border` (default: the quiet zone) light modules around."""
        pad = self.border if border is None else border
        size = self.modules + 2 * pad
        rows = [[False] * size for _ in range(size)]
        for row in range(self.modules):
            for col in range(self.modules):
                rows[row + pad][col + pad] = self.drawn(row, col)
        return rows

    def runs(self) -> Iterator[tuple[int, int, int]]:
        """Horizontal runs of painted modules as (row, first column, length), no quiet zone.

        Drawing runs instead of single modules keeps a PDF small and leaves no hairline seams
        between neighbouring modules when a viewer anti-aliases.
        """
        for row in range(self.modules):
            col = 0
            while col < self.modules:
                if not self.drawn(row, col):
                    col += 1
                    continue
                start = col
                while col < self.modules and self.drawn(row, col):
                    col += 1
                yield row, start, col - start


def validate_url(url: str) -> str:
    """The URL without surrounding blanks; `QrUrlError` if it is empty, too long or not a URL."""
    clean = url.strip()
    if not clean:
        raise QrUrlError("empty", url, MAX_URL_LENGTH)
    if len(clean) > MAX_URL_LENGTH:
        raise QrUrlError("too_long", url, MAX_URL_LENGTH)
    if _URL.fullmatch(clean) is None:
        raise QrUrlError("not_a_url", url, MAX_URL_LENGTH)
    return clean


def encode(url: str, *, logo: bool = False, logo_area: float = LOGO_MAX_AREA) -> QrSymbol:
    """Encode a live-code URL: level M, or level H with a centre box cleared for a logo.

    `logo_area` caps the share of the symbol the logo box may take (white pad included) below
    `LOGO_MAX_AREA`; the error-correction budget usually keeps it smaller (9–11 %).
    """
    clean = validate_url(url)
    if not 0 < logo_area <= LOGO_MAX_AREA:
        raise ValueError(f"logo_area must be in (0, {LOGO_MAX_AREA}], not {logo_area}")
    qr = segno.make_qr(clean, error="h" if logo else "m", mode="byte", boost_error=True)
    if logo and _version(qr) < MIN_LOGO_VERSION:
        qr = segno.make_qr(clean, error="h", mode="byte", version=MIN_LOGO_VERSION)
    version = _version(qr)
    if version > MAX_VERSION:  # only reachable with unusual multi-byte content
        raise QrUrlError("too_long", url, MAX_URL_LENGTH)
    modules = len(qr.matrix)
    dark = tuple(tuple(bool(bit) for bit in row) for row in qr.matrix)
    box = _logo_box(version, modules, logo_area) if logo else None
    ecc: Ecc = qr.error  # type: ignore[assignment]  # segno types it as str | None
    return QrSymbol(url=clean, version=version, ecc=ecc, modules=modules, dark=dark, logo_box=box)


def qr_matrix(url: str, ecc: Ecc = "M", border: int = QUIET_ZONE) -> list[list[bool]]:
    """The rows of a plain code (no logo) with `border` light modules around, True = dark.

    For painting a code directly, e.g. the full-screen showroom display.
    """
    clean = validate_url(url)
    qr = segno.make_qr(clean, error=ecc.lower(), mode="byte", boost_error=True)
    if _version(qr) > MAX_VERSION:
        raise QrUrlError("too_long", url, MAX_URL_LENGTH)
    return [[bool(bit) for bit in row] for row in qr.matrix_iter(scale=1, border=border)]


def _version(qr: segno.QRCode) -> int:
    version = qr.version
    assert isinstance(version, int)  # make_qr never returns a Micro QR ("M1"…"M4")
    return version


def _logo_box(version: int, modules: int, area: float) -> LogoBox:
    """The largest centred square within `area` of the symbol that clears every function pattern
    and damages at most `LOGO_EC_BUDGET` of any block's error-correction capacity."""
    function = _function_modules(version)
    side = int((area * modules * modules) ** 0.5)
    if side % 2 != modules % 2:  # same parity as the symbol, so the box sits on the module grid
        side -= 1
    while side >= 3:
        box = LogoBox(start=(modules - side) // 2, side=side)
        damage = block_damage(version, box)
        if all(hit <= LOGO_EC_BUDGET * capacity for hit, capacity in damage):
            break
        side -= 2
    assert side >= 3, f"no room for a logo on version {version}"
    assert side * side <= LOGO_MAX_AREA * modules * modules, "logo box over the area limit"
    cells = {(box.start + r, box.start + c) for r in range(side) for c in range(side)}
    assert not cells & function, f"logo box {box} over a function pattern"
    return box


def block_damage(version: int, box: LogoBox) -> list[tuple[int, int]]:
    """For each error-correction block of a level-H symbol: how many of its codewords have a
    module under `box`, and how many codeword errors the block can correct.

    Follows ISO/IEC 18004: data bits are placed in two-module columns zig-zagging up and down
    from the bottom-right corner around the function patterns (7.7.3), and codewords are the
    blocks' data then error-correction codewords interleaved (7.6).
    """
    blocks = [(total, data) for count, total, data in _H_BLOCKS[version] for _ in range(count)]
    owner: list[int] = []  # block of each codeword in the interleaved sequence
    for i in range(max(data for _, data in blocks)):
        owner += [b for b, (_, data) in enumerate(blocks) if i < data]
    for i in range(max(total - data for total, data in blocks)):
        owner += [b for b, (total, data) in enumerate(blocks) if i < total - data]
    hit: set[int] = set()
    for bit, (row, col) in enumerate(_data_modules(version)):
        if bit // 8 < len(owner) and box.contains(row, col):
            hit.add(bit // 8)
    damaged = [0] * len(blocks)
    for codeword in hit:
        damaged[owner[codeword]] += 1
    return [(damaged[b], (total - data) // 2) for b, (total, data) in enumerate(blocks)]


def _data_modules(version: int) -> list[tuple[int, int]]:
    """The modules that carry data bits, in bit order."""
    modules = 4 * version + 17
    function = _function_modules(version)
    order = []
    col, upward = modules - 1, True
    while col > 0:
        if col == 6:  # the vertical timing pattern is skipped as a whole column
            col -= 1
        rows = range(modules - 1, -1, -1) if upward else range(modules)
        order += [(r, c) for r in rows for c in (col, col - 1) if (r, c) not in function]
        upward = not upward
        col -= 2
    return order


def _function_modules(version: int) -> set[tuple[int, int]]:
    """Finder patterns with separators, format information, the dark module, timing and
    alignment patterns (versions ≤ 6 have no version information)."""
    modules = 4 * version + 17
    cells = set()
    for top, left in ((0, 0), (0, modules - 8), (modules - 8, 0)):
        cells |= {(top + r, left + c) for r in range(8) for c in range(8)}
    for i in [*range(9), *range(modules - 8, modules)]:
        cells |= {(8, i), (i, 8)}
    for i in range(modules):
        cells |= {(6, i), (i, 6)}
    if version >= 2:
        centre = _ALIGNMENT[version]
        cells |= {(centre + r, centre + c) for r in range(-2, 3) for c in range(-2, 3)}
    return cells
