"""Rebuild DeskSansSC-Subset.ttf, the bundled poster font, from Noto Sans CJK SC Regular.

Usage (from the repository root, with the project's venv):

    .venv/bin/python resources/fonts/make_subset.py SOURCE [--index N] [--level1-only]

SOURCE is NotoSansCJK-Regular.ttc (face 2 is "Noto Sans CJK SC"; Debian's fonts-noto-cjk
installs it at /usr/share/fonts/opentype/noto/) or NotoSansCJKsc-Regular.otf from
https://github.com/notofonts/noto-cjk (Sans/OTF/SimplifiedChinese). The script keeps printable
ASCII, GB2312 row 1 (Chinese punctuation) and row 3 (full-width forms), all 6,763 GB2312 hanzi
(level 1 only with --level1-only: half the size, but many given-name characters such as 昊, 琪,
梓 and 萱 are level 2), `NAME_EXTRAS` and `PUNCTUATION_EXTRAS`, converts the CFF outlines to
TrueType (so that any fpdf2 can embed the font), renames the family (the OFL asks modified
versions not to use the original's name) and writes the font beside this script. It downloads
nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from consultant_app.qr.fonts import (  # noqa: E402  (the path above makes the package importable)
    BUNDLED_FONT,
    Candidate,
    load_face,
    subset_font,
    to_truetype,
)

FAMILY = "Desk Sans SC Subset"
POSTSCRIPT = "DeskSansSC-SubsetRegular"
DESCRIPTION = (
    "Subset of Noto Sans CJK SC Regular 2.004 (GB2312 hanzi, ASCII, Chinese punctuation) with "
    "TrueType outlines, made by resources/fonts/make_subset.py of Showroom Desk."
)


#: Characters common in given names that GB2312 lacks (they are in GB 18030 and in the 2013
#: Table of General Standard Chinese Characters).
NAME_EXTRAS = "祎垚喆玥珺堃镕旻犇赟彧瑄璟瑀婳芃禛翀鹍晞洺湉燚祐虓褀谞飏"
#: What Chinese input methods type that GB2312 maps elsewhere: the middle dot of transliterated
#: names (U+00B7, GB2312 has U+30FB), the em dash (GB2312 has U+2015), and a few signs.
PUNCTUATION_EXTRAS = "·—–•€¥®©™"


def gb2312_row(row: int, columns: range = range(0xA1, 0xFF)) -> list[str]:
    """The characters of one GB2312 row (rows are numbered from 1, bytes 0xA1… per ISO 2022)."""
    chars = []
    for col in columns:
        try:
            chars.append(bytes([0xA0 + row, col]).decode("gb2312"))
        except UnicodeDecodeError:
            continue  # unassigned cells
    return chars


def charset(level1_only: bool) -> list[str]:
    """ASCII, GB2312 rows 1 and 3, level-1 hanzi (rows 16–55), level 2 (56–87) unless told
    otherwise, and the extras."""
    chars = [chr(code) for code in range(0x20, 0x7F)]
    chars += gb2312_row(1) + gb2312_row(3)
    last = 55 if level1_only else 87
    for row in range(16, last + 1):
        chars += gb2312_row(row)
    chars += NAME_EXTRAS + PUNCTUATION_EXTRAS
    return list(dict.fromkeys(chars))


def rename(font: object) -> None:
    table = font["name"]  # type: ignore[index]
    for record in list(table.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 21, 22):
            table.removeNames(nameID=record.nameID)
    table.setName(FAMILY, 1, 3, 1, 0x409)
    table.setName("Regular", 2, 3, 1, 0x409)
    table.setName(f"{FAMILY} Regular", 4, 3, 1, 0x409)
    table.setName(POSTSCRIPT, 6, 3, 1, 0x409)
    table.setName(f"{POSTSCRIPT};derived from NotoSansCJKsc-Regular 2.004", 3, 3, 1, 0x409)
    table.setName(DESCRIPTION, 10, 3, 1, 0x409)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--index", type=int, default=None, help="face index in a .ttc")
    parser.add_argument("--level1-only", action="store_true", help="leave out level-2 hanzi")
    args = parser.parse_args(argv)
    face = load_face(Candidate(args.source, ("Noto Sans CJK SC", "Source Han Sans SC"), args.index))
    if face is None:
        print(f"cannot use {args.source}", file=sys.stderr)
        return 1
    chars = charset(args.level1_only)
    font = subset_font(face, [ord(ch) for ch in chars], keep_names=False)
    to_truetype(font)
    rename(font)
    target = HERE / BUNDLED_FONT
    font.save(str(target))
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    print(f"{target.name}: {len(chars)} characters, {target.stat().st_size} bytes, sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
