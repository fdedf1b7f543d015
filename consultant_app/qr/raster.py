"""Rasterising a poster layout with Pillow, in horizontal strips streamed into a PNG.

An X-banner at 300 dpi is 9449 × 21260 pixels: 600 MB as packed RGB and 800 MB in Pillow's
4-bytes-per-pixel RGB. Instead, the page is drawn `STRIP_ROWS` rows at a time (each op drawn
shifted up by the strip's top; Pillow clips what falls outside) and each strip is deflated
into one running zlib stream, written as PNG IDAT chunks. Only the strip, the photo and logo
rows of the photo and logo it needs (resized from the source per strip) and the glyph cache
are in memory at once. Output is RGB because the
photo, the logo and the coloured bands need colour; the bytes depend only on the input.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from typing import IO

from PIL import Image, ImageDraw, ImageFont

from consultant_app.qr.layout import WHITE, Box, Code, Fill, Picture, PosterLayout, Text

STRIP_ROWS = 256
#: zlib level 3: within a few per cent of level 6's size on poster pages, at a third the time.
ZLIB_LEVEL = 3
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_MM_PER_INCH = 25.4


class _Painter:
    """Draws a layout's ops into strips at one resolution, caching fonts and resized pictures."""

    def __init__(self, layout: PosterLayout, dpi: float) -> None:
        self.layout = layout
        self.scale = dpi / _MM_PER_INCH  # pixels per mm
        self.width = round(layout.width * self.scale)
        self.height = round(layout.height * self.scale)
        self._fonts: dict[float, ImageFont.FreeTypeFont] = {}
        self._code_rows: dict[int, list[tuple[int, int, int, int]]] = {}

    def px(self, mm: float) -> int:
        return round(mm * self.scale)

    def rect(self, box: Box) -> tuple[int, int, int, int]:
        """Pixel edges (left, top, right, bottom; right and bottom exclusive), snapped."""
        return self.px(box.x), self.px(box.y), self.px(box.right), self.px(box.bottom)

    def font(self, size_mm: float) -> ImageFont.FreeTypeFont:
        font = self._fonts.get(size_mm)
        if font is None:
            face = self.layout.font.face
            font = ImageFont.truetype(
                str(face.path),
                size=size_mm * self.scale,
                index=face.index,
                layout_engine=ImageFont.Layout.BASIC,
            )
            self._fonts[size_mm] = font
        return font

    def picture_rows(self, op: Picture, top: int, end: int) -> tuple[int, int, Image.Image] | None:
        """The rows of `op` that fall in `top` … `end - 1`, resized from the source for just
        those rows (Pillow's resize of a box reads the source around it, so strips join without
        seams): the left and top pixel to paste at, and the piece."""
        left, upper, right, lower = self.rect(op.box)
        first, last = max(top, upper), min(end, lower)
        if first >= last or right <= left:
            return None
        source = op.image
        scale = source.height / (lower - upper)
        box = (0.0, (first - upper) * scale, float(source.width), (last - upper) * scale)
        piece = source.resize((right - left, last - first), Image.Resampling.LANCZOS, box=box)
        return left, first, piece

    def code_rects(self, op: Code) -> list[tuple[int, int, int, int]]:
        key = id(op)
        rects = self._code_rows.get(key)
        if rects is None:
            rects = []
            for row, col, length in op.symbol.runs():
                top, bottom = self.px(op.y + row * op.module), self.px(op.y + (row + 1) * op.module)
                left = self.px(op.x + col * op.module)
                right = self.px(op.x + (col + length) * op.module)
                rects.append((left, top, right, bottom))
            self._code_rows[key] = rects
        return rects

    def strip(self, top: int, rows: int) -> Image.Image:
        """Rows `top` … `top + rows - 1` of the page."""
        image = Image.new("RGB", (self.width, rows), WHITE)
        draw = ImageDraw.Draw(image)
        end = top + rows

        def fill(
            left: int, upper: int, right: int, lower: int, color: tuple[int, int, int]
        ) -> None:
            if lower <= top or upper >= end or right <= left or lower <= upper:
                return
            draw.rectangle((left, upper - top, right - 1, lower - 1 - top), fill=color)

        for op in self.layout.ops:
            if isinstance(op, Fill):
                fill(*self.rect(op.box), op.color)
            elif isinstance(op, Code):
                for rect in self.code_rects(op):
                    fill(*rect, (0, 0, 0))
            elif isinstance(op, Picture):
                found = self.picture_rows(op, top, end)
                if found is not None:
                    left, first, piece = found
                    image.paste(piece, (left, first - top))
            elif isinstance(op, Text):
                baseline = op.y * self.scale
                if baseline + 0.4 * op.size * self.scale < top:
                    continue
                if baseline - 1.2 * op.size * self.scale > end:
                    continue
                anchor = "ms" if op.align == "center" else "ls"
                draw.text(
                    (op.x * self.scale, baseline - top),
                    op.text,
                    font=self.font(op.size),
                    fill=op.color,
                    anchor=anchor,
                )
        return image

    def strips(self, rows: int = STRIP_ROWS) -> Iterator[Image.Image]:
        for top in range(0, self.height, rows):
            yield self.strip(top, min(rows, self.height - top))


def render_page(layout: PosterLayout, dpi: float) -> Image.Image:
    """The whole page as one RGB image (for previews at a low resolution)."""
    painter = _Painter(layout, dpi)
    return painter.strip(0, painter.height)


def write_png(layout: PosterLayout, out: IO[bytes], dpi: int) -> tuple[int, int]:
    """Stream the page as an 8-bit RGB PNG tagged with `dpi`; the pixel size written."""
    painter = _Painter(layout, dpi)
    width, height = painter.width, painter.height
    out.write(_PNG_SIGNATURE)
    _chunk(out, b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    per_metre = round(dpi / 0.0254)
    _chunk(out, b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
    deflate = zlib.compressobj(ZLIB_LEVEL)
    stride = width * 3
    for strip in painter.strips():
        data = strip.tobytes()
        # Filter type 0 (none) before every row.
        raw = b"".join(
            b"\x00" + data[row * stride : (row + 1) * stride] for row in range(strip.height)
        )
        packed = deflate.compress(raw)
        if packed:
            _chunk(out, b"IDAT", packed)
    _chunk(out, b"IDAT", deflate.flush())
    _chunk(out, b"IEND", b"")
    return width, height


def _chunk(out: IO[bytes], kind: bytes, data: bytes) -> None:
    out.write(struct.pack(">I", len(data)))
    out.write(kind)
    out.write(data)
    out.write(struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
