"""Writing a poster layout as a one-page PDF with fpdf2: vector code, embedded Chinese font."""

from __future__ import annotations

import io
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from fpdf import FPDF
from fpdf.enums import PathPaintRule
from PIL import Image

from consultant_app.qr.fonts import pdf_font_file
from consultant_app.qr.layout import Code, Fill, Picture, PosterLayout, Text

log = logging.getLogger(__name__)

#: Points per millimetre (fpdf2 takes font sizes in points).
PT_PER_MM = 72 / 25.4
#: Photos are embedded at most at this resolution (more adds bytes, not detail, in print).
PHOTO_DPI = 300
FAMILY = "poster"


def write_pdf(
    layout: PosterLayout, out: IO[bytes], workdir: Path, *, created: datetime | None = None
) -> None:
    """Write the poster; `workdir` holds the font subset made for it."""
    pdf = FPDF(orientation="portrait", unit="mm", format=(layout.width, layout.height))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_creation_date(created or datetime.now(UTC))
    pdf.set_creator("Showroom Desk")
    pdf.set_lang("zh-CN")
    pdf.add_page()

    pdf.add_font(FAMILY, "", str(pdf_font_file(layout.font.face, layout.text(), workdir)))

    for op in layout.ops:
        if isinstance(op, Fill):
            pdf.set_fill_color(*op.color)
            pdf.rect(op.box.x, op.box.y, op.box.w, op.box.h, style="F")
        elif isinstance(op, Code):
            _draw_code(pdf, op)
        elif isinstance(op, Picture):
            _draw_picture(pdf, op)
        elif isinstance(op, Text):
            pdf.set_font(FAMILY, size=op.size * PT_PER_MM)
            pdf.set_text_color(*op.color)
            x = op.x - pdf.get_string_width(op.text) / 2 if op.align == "center" else op.x
            pdf.text(x, op.y, op.text)
    out.write(pdf.output())


def _draw_code(pdf: FPDF, op: Code) -> None:
    """Every run of dark modules as a rectangle of one filled path: vector, any size, and no
    seams where rectangles meet (one fill, not many)."""
    with pdf.new_path(paint_rule=PathPaintRule.FILL_NONZERO) as path:
        path.style.fill_color = "#000000"
        for row, col, length in op.symbol.runs():
            path.rectangle(
                op.x + col * op.module, op.y + row * op.module, length * op.module, op.module
            )


def _draw_picture(pdf: FPDF, op: Picture) -> None:
    image = op.image
    if op.kind == "photo":
        # Photos as JPEG at no more than PHOTO_DPI; logos lossless (flat colours, sharp edges).
        limit = (round(op.box.w / 25.4 * PHOTO_DPI), round(op.box.h / 25.4 * PHOTO_DPI))
        if image.width > limit[0] or image.height > limit[1]:
            image = image.resize(limit, Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=90, optimize=True)
        pdf.set_image_filter("AUTO")  # a JPEG stays as it is (DCTDecode)
        pdf.image(io.BytesIO(buffer.getvalue()), op.box.x, op.box.y, op.box.w, op.box.h)
    else:
        pdf.set_image_filter("FlateDecode")
        pdf.image(image, op.box.x, op.box.y, op.box.w, op.box.h)
