"""An end-to-end check of the poster engine for `--self-test`: render, write, read back."""

from __future__ import annotations

from pathlib import Path

from consultant_app.qr.errors import PosterFontError, QrCodeError
from consultant_app.qr.fonts import bundled_font_path
from consultant_app.qr.posters import PosterContent, Template, export_pdf, export_png

SAMPLE = PosterContent(
    url="https://desk.example.cn/q/Xk3p9QaT",
    consultant_name="王小明",
    title="首席试驾官",
    showroom_name="展厅顾问台",
    benefit="扫码领取免费洗车券",
)


def check_posters(folder: Path) -> str:
    """Write an A4 poster as PDF and as a small PNG into `folder` and check both files; one
    line saying what was made. Raises `QrCodeError` if anything is missing or wrong, including
    the bundled fallback font (a build can lose it even where a system font hides the loss)."""
    if not bundled_font_path().is_file():
        raise PosterFontError(f"bundled font missing: {bundled_font_path()}")
    pdf = export_pdf(SAMPLE, Template.A4_TABLE_CARD, folder / "self-test.pdf")
    png = export_png(SAMPLE, Template.A4_TABLE_CARD, folder / "self-test.png", dpi=36)
    if not pdf.path.read_bytes().startswith(b"%PDF-"):
        raise QrCodeError(f"{pdf.path} is not a PDF")
    if not png.path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n"):
        raise QrCodeError(f"{png.path} is not a PNG")
    if pdf.warnings:
        raise QrCodeError(f"sample poster drawn with problems: {pdf.warnings}")
    assert png.pixels is not None
    width, height = png.pixels
    decoded = decode_png(png.path)
    if decoded != SAMPLE.url:
        raise QrCodeError(f"the poster's code reads {decoded!r}, not {SAMPLE.url!r}")
    return (
        f"A4 poster PDF {pdf.path.stat().st_size // 1024} kB and PNG {width}×{height} (decodes), "
        f"code {pdf.symbol.designator}, font {pdf.font.name} ({pdf.font.origin})"
    )


def decode_png(path: Path) -> str:
    """The text of the QR code in the PNG at `path`, read by zxing-cpp ('' if none is found)."""
    import zxingcpp
    from PIL import Image

    with Image.open(path) as image:
        found = zxingcpp.read_barcodes(image.convert("L"))
    return found[0].text if found else ""
