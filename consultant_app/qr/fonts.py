"""Fonts with Chinese glyphs for posters: a system font if one has them, else the bundled subset.

Search order (the first font that has every character of the poster wins; if none has them
all, the one missing the fewest, and the missing characters are reported, not fatal):

1. Windows: Microsoft YaHei (msyh.ttc / msyh.ttf), DengXian, SimHei, SimSun, in the system and
   the per-user font folders.
2. macOS: PingFang SC, Heiti SC (STHeiti), Hiragino Sans GB, Arial Unicode, Songti SC.
3. Linux and other Unixes: what fontconfig picks for `sans-serif:lang=zh-cn` (`fc-match`),
   then Noto Sans CJK SC, Source Han Sans SC and WenQuanYi at their usual paths.
4. The subset of Noto Sans CJK SC shipped in `resources/fonts/` (GB2312 hanzi, ASCII and
   Chinese punctuation; SIL Open Font License 1.1).

A font is used only if fontTools can read it, its cmap has the characters, and its OS/2
embedding bits allow embedding. For the PDF the face is first subset to the poster's
characters with fontTools (a single-face file: collections need no support from fpdf2).
fpdf2 embeds TrueType outlines as they are, and CID-keyed CFF outlines (Noto Sans CJK, Source
Han Sans) from fpdf2 2.8.6; anything else (an older fpdf2, name-keyed CFF, CFF2 variable
fonts) is converted to TrueType outlines first, which every fpdf2 embeds.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from consultant_app.qr.errors import PosterFontError
from consultant_app.resources import resources_dir

log = logging.getLogger(__name__)

Outlines = Literal["truetype", "cff", "cff-cid", "cff2"]

#: The bundled fallback, in `resources/fonts/` (see the README there).
BUNDLED_FONT = "DeskSansSC-Subset.ttf"
#: The first fpdf2 that embeds CID-keyed CFF fonts correctly.
FPDF_CFF_VERSION = (2, 8, 6)
#: OS/2 fsType: "restricted licence embedding" (no embedding at all) and "bitmap embedding only".
_FS_RESTRICTED = 0x0002
_FS_BITMAP_ONLY = 0x0200


@dataclass(frozen=True, slots=True)
class Candidate:
    """A font file to try, with the face to take from a collection (by index or by name)."""

    path: Path
    faces: tuple[str, ...] = ()
    index: int | None = None
    origin: str = "system"


@dataclass(frozen=True, slots=True)
class FontFace:
    """One usable face: the file, its index in a collection, its name and outline format."""

    path: Path
    index: int
    name: str
    origin: str
    outlines: Outlines
    collection: bool


@dataclass(frozen=True, slots=True)
class FontSelection:
    """The face chosen for a text and the characters of the text it has no glyph for."""

    face: FontFace
    missing: tuple[str, ...]


def bundled_font_path() -> Path:
    return resources_dir() / "fonts" / BUNDLED_FONT


def system_candidates(platform: str | None = None) -> list[Candidate]:
    """The platform's Chinese fonts to try, best first (the files need not exist)."""
    platform = sys.platform if platform is None else platform
    if platform.startswith("win"):
        return _windows_candidates()
    if platform == "darwin":
        return _mac_candidates()
    return [*_fontconfig_candidates(), *_linux_candidates()]


def font_candidates(platform: str | None = None) -> list[Candidate]:
    """The system candidates followed by the bundled font."""
    bundled = Candidate(bundled_font_path(), origin="bundled")
    return [*system_candidates(platform), bundled]


def _windows_candidates() -> list[Candidate]:
    folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")
    if local:
        folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    files = [
        ("msyh.ttc", ("Microsoft YaHei",)),
        ("msyh.ttf", ("Microsoft YaHei",)),
        ("Deng.ttf", ("DengXian",)),
        ("simhei.ttf", ("SimHei",)),
        ("simsun.ttc", ("SimSun",)),
    ]
    return [Candidate(folder / name, faces) for name, faces in files for folder in folders]


def _mac_candidates() -> list[Candidate]:
    pingfang = ("PingFang SC Regular", "PingFang SC")
    found = [Candidate(Path("/System/Library/Fonts/PingFang.ttc"), pingfang)]
    # Newer macOS keeps PingFang in the mobile-asset store rather than /System/Library/Fonts.
    assets = Path("/System/Library/AssetsV2")
    if assets.is_dir():
        found += [
            Candidate(path, pingfang)
            for path in sorted(assets.glob("com_apple_MobileAsset_Font*/*/AssetData/PingFang.ttc"))
        ]
    fonts = Path("/System/Library/Fonts")
    found += [
        Candidate(fonts / "STHeiti Light.ttc", ("Heiti SC Light", "Heiti SC")),
        Candidate(fonts / "STHeiti Medium.ttc", ("Heiti SC Medium", "Heiti SC")),
        Candidate(fonts / "Hiragino Sans GB.ttc", ("Hiragino Sans GB W3", "Hiragino Sans GB")),
        Candidate(Path("/Library/Fonts/Arial Unicode.ttf")),
        Candidate(fonts / "Supplemental" / "Arial Unicode.ttf"),
        Candidate(fonts / "Supplemental" / "Songti.ttc", ("Songti SC Regular", "Songti SC")),
    ]
    return found


def _linux_candidates() -> list[Candidate]:
    noto = ("Noto Sans CJK SC", "Noto Sans CJK SC Regular")
    source_han = ("Source Han Sans SC", "Source Han Sans CN")
    paths = [
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", noto),  # Debian, Ubuntu
        ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", noto),  # Arch
        ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", noto),  # Fedora ≤ 35
        ("/usr/share/fonts/google-noto-sans-cjk-vf-fonts/NotoSansCJK-VF.ttc", noto),  # Fedora
        ("/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf", noto),
        ("/usr/share/fonts/adobe-source-han-sans/SourceHanSans.ttc", source_han),
        ("/usr/share/fonts/opentype/adobe-source-han-sans/SourceHanSansSC-Regular.otf", ()),
        ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", ("WenQuanYi Micro Hei",)),
        ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", ("WenQuanYi Zen Hei",)),
        ("/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc", ("WenQuanYi Micro Hei",)),
        ("/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc", ("WenQuanYi Zen Hei",)),
    ]
    return [Candidate(Path(path), faces) for path, faces in paths]


@functools.cache
def _fontconfig_candidates() -> tuple[Candidate, ...]:
    """What fontconfig chooses for simplified Chinese sans-serif, if fontconfig is installed."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return ()
    try:
        done = subprocess.run(
            [fc_match, "-f", "%{file}\n%{index}", "sans-serif:lang=zh-cn"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("fc-match failed: %s", error)
        return ()
    lines = done.stdout.splitlines()
    if not lines or not lines[0]:
        return ()
    index = int(lines[1]) if len(lines) > 1 and lines[1].isdigit() else None
    return (Candidate(Path(lines[0]), index=index),)


def load_face(candidate: Candidate) -> FontFace | None:
    """The candidate's face if the file exists, reads, and may be embedded; else None (logged)."""
    path = candidate.path
    try:
        if not path.is_file():
            return None
        stat = path.stat()
        return _load_face(
            path, stat.st_mtime_ns, candidate.faces, candidate.index, candidate.origin
        )
    except Exception as error:  # a broken font file must not stop the export: try the next
        log.warning("font %s unusable: %s", path, error)
        return None


@functools.lru_cache(maxsize=32)
def _load_face(
    path: Path, _mtime_ns: int, preferred: tuple[str, ...], index: int | None, origin: str
) -> FontFace | None:
    from fontTools.ttLib import TTCollection, TTFont  # type: ignore[import-untyped]

    with path.open("rb") as file:
        collection = file.read(4) == b"ttcf"
    fonts: list[Any] = (
        list(TTCollection(str(path), lazy=True).fonts)
        if collection
        else [TTFont(str(path), lazy=True)]
    )
    if index is None:
        index = _pick_face(fonts, preferred)
    font = fonts[index]
    fs_type = font["OS/2"].fsType if "OS/2" in font else 0
    if fs_type & 0x000F == _FS_RESTRICTED or fs_type & _FS_BITMAP_ONLY:
        log.info("font %s#%d does not allow embedding (fsType %#x)", path, index, fs_type)
        return None
    return FontFace(
        path=path,
        index=index,
        name=_names(font)[0],
        origin=origin,
        outlines=_outlines(font),
        collection=collection,
    )


def _names(font: Any) -> tuple[str, str, str]:
    """Full name, family and subfamily (typographic names where the font has them)."""
    table = font["name"]

    def get(*ids: int) -> str:
        for name_id in ids:
            record = table.getDebugName(name_id)
            if record:
                return str(record)
        return ""

    return get(4), get(16, 1), get(17, 2)


def _pick_face(fonts: Sequence[Any], preferred: Sequence[str]) -> int:
    """The index of the first preferred face (by full name, or family in its Regular style)."""
    names = [_names(font) for font in fonts]
    for wanted in preferred:
        for index, (full, _family, _style) in enumerate(names):
            if full == wanted:
                return index
        for index, (_full, family, style) in enumerate(names):
            if family == wanted and style in {"Regular", "W3", "Light", ""}:
                return index
    return 0


def _outlines(font: Any) -> Outlines:
    if "glyf" in font:
        return "truetype"
    if "CFF2" in font:
        return "cff2"
    top = font["CFF "].cff.topDictIndex[0]
    return "cff-cid" if getattr(top, "ROS", None) is not None else "cff"


class FontMetrics:
    """Advance widths from the font's own tables, as fpdf2 measures them."""

    def __init__(self, face: FontFace) -> None:
        from fontTools.ttLib import TTFont

        font = TTFont(str(face.path), fontNumber=face.index, lazy=True)
        self.upem = float(font["head"].unitsPerEm)
        cmap: dict[int, str] = font.getBestCmap() or {}
        metrics: dict[str, tuple[int, int]] = font["hmtx"].metrics
        self._advance = {code: metrics[glyph][0] for code, glyph in cmap.items()}
        self._notdef = metrics[font.getGlyphOrder()[0]][0]
        font.close()

    def has(self, char: str) -> bool:
        return ord(char) in self._advance

    def width(self, text: str, size: float) -> float:
        """The advance of `text` at font size `size` (any unit; the result is in the same)."""
        units = sum(self._advance.get(ord(ch), self._notdef) for ch in text)
        return units * size / self.upem


@functools.lru_cache(maxsize=8)
def _metrics(face: FontFace) -> FontMetrics:
    return FontMetrics(face)


def metrics(face: FontFace) -> FontMetrics:
    """The face's metrics (read once per process)."""
    return _metrics(face)


def missing_chars(face: FontFace, text: str) -> tuple[str, ...]:
    """The characters of `text` (blanks aside) the face has no glyph for, in order of appearance."""
    font = metrics(face)
    seen: dict[str, None] = {}
    for char in text:
        if not char.isspace() and not font.has(char):
            seen[char] = None
    return tuple(seen)


def choose_font(text: str, candidates: Iterable[Candidate] | None = None) -> FontSelection:
    """The first candidate with every character of `text`, else the one missing the fewest."""
    best: FontSelection | None = None
    for candidate in font_candidates() if candidates is None else candidates:
        face = load_face(candidate)
        if face is None:
            continue
        try:
            missing = missing_chars(face, text)
        except Exception as error:  # unreadable tables: try the next font
            log.warning("font %s#%d unusable: %s", face.path, face.index, error)
            continue
        if not missing:
            return FontSelection(face, ())
        if best is None or len(missing) < len(best.missing):
            best = FontSelection(face, missing)
    if best is None:
        raise PosterFontError(f"no usable font; the bundled {bundled_font_path()} is missing")
    return best


def fpdf_version() -> tuple[int, ...]:
    from fpdf import FPDF_VERSION

    return tuple(int(part) for part in FPDF_VERSION.split(".")[:3] if part.isdigit())


def fpdf_embeds_directly(face: FontFace) -> bool:
    """Whether the installed fpdf2 embeds this face's outlines as they are (TrueType always,
    CID-keyed CFF from 2.8.6); else `pdf_font_file` converts them to TrueType."""
    if face.outlines == "truetype":
        return True
    return face.outlines == "cff-cid" and fpdf_version() >= FPDF_CFF_VERSION


def pdf_font_file(face: FontFace, text: str, workdir: Path, *, convert: bool | None = None) -> Path:
    """A single-face font file in `workdir` with only the glyphs of `text`, for fpdf2 to embed.

    Subsetting first makes the PDF fast to write whatever the source (fpdf2 otherwise reads
    all 65,000 glyphs of a CJK collection, ~1.5 s) and turns a collection into a plain file.
    The outlines are converted to TrueType when fpdf2 cannot embed them as they are, or when
    `convert` says so.
    """
    if convert is None:
        convert = not fpdf_embeds_directly(face)
    font = subset_font(face, {ord(ch) for ch in text} | {0x20})
    if convert:
        to_truetype(font)
    target = workdir / ("poster-font.ttf" if "glyf" in font else "poster-font.otf")
    font.save(str(target))
    return target


def subset_font(face: FontFace, codepoints: Iterable[int], *, keep_names: bool = True) -> Any:
    """A fontTools font holding only the glyphs for `codepoints` (and .notdef)."""
    from fontTools import subset  # type: ignore[import-untyped]
    from fontTools.ttLib import TTFont

    font = TTFont(str(face.path), fontNumber=face.index, recalcTimestamp=False)
    # No shaping is needed for Chinese and Latin, and reading a CJK font's layout tables alone
    # takes a second: delete them unread (the subsetter would read them even to drop them).
    for tag in ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "VORG", "DSIG", "vhea", "vmtx"):
        if tag in font:
            del font[tag]
    # Likewise keep only the Windows Unicode cmaps (the Unicode-platform copies, the Mac one
    # and the variation-sequence table of a CJK font are big and add nothing here).
    cmap = font["cmap"]
    windows = [t for t in cmap.tables if (t.platformID, t.platEncID) in {(3, 1), (3, 10)}]
    if windows:
        cmap.tables = windows
    options = subset.Options()
    options.notdef_outline = True
    options.recommended_glyphs = True
    # Hints are kept: removing them costs more time than they cost bytes. Subroutines are
    # inlined: for a few dozen glyphs that is quicker than pruning a CJK font's thousands.
    options.desubroutinize = True
    options.name_IDs = ["*"] if keep_names else [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.name_languages = ["*"] if keep_names else [0x409]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    return font


def to_truetype(font: Any, max_err: float = 1.0) -> None:
    """Convert CFF/CFF2 outlines (a variable font at its default instance) to TrueType in place.

    Cubic curves become quadratic within `max_err` font units (1/1000 em for most CJK fonts:
    invisible at any print size). Glyph order, advances and cmap are kept.
    """
    from fontTools.pens.cu2quPen import Cu2QuPen  # type: ignore[import-untyped]
    from fontTools.pens.ttGlyphPen import TTGlyphPen  # type: ignore[import-untyped]
    from fontTools.ttLib import newTable

    if "glyf" in font:
        return
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyphs[name] = pen.glyph()
    widths = {name: glyph_set[name].width for name in order}
    for tag in ("CFF ", "CFF2", "VORG", "fvar", "avar", "HVAR", "MVAR", "VVAR", "STAT", "gvar"):
        if tag in font:
            del font[tag]
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    hmtx = font["hmtx"]
    for name in order:
        glyph = glyphs[name]
        glyph.recalcBounds(glyf)
        hmtx[name] = (round(widths[name]), getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxComponentDepth",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    maxp.numGlyphs = len(order)
    post = font["post"]
    post.formatType = 3.0  # no glyph names: smaller, and CID fonts have none worth keeping
    font.sfntVersion = "\x00\x01\x00\x00"
    font["head"].glyphDataFormat = 0
