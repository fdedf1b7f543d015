"""Poster templates for channel live codes, and exporting a poster to PDF (vector) or PNG.

Each template's code is sized by the rule of thumb "code width ≥ scanning distance ÷ 10"
(docs/qr-codes.md has the table of module sizes and distances):

| template | page | code | read from |
| --- | --- | --- | --- |
| A4 table card (桌牌) | 210 × 297 mm | 110 mm | 0.5–1 m |
| A3 poster (海报) | 297 × 420 mm | 165 mm | 1–1.5 m |
| X-banner (X 展架) | 800 × 1800 mm | 340 mm | 1–3 m |

Each code is about 10 % larger than the rule asks for its farthest distance.

Exports write to a temporary file beside the target and rename it into place, so a failure
leaves no half-written file and an existing poster untouched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal

from consultant_app.qr.encode import QrSymbol
from consultant_app.qr.errors import PosterOutputError
from consultant_app.qr.fonts import FontFace

if TYPE_CHECKING:
    from PIL import Image

    from consultant_app.qr.fonts import FontSelection
    from consultant_app.qr.layout import Box

#: Print resolution of PNG exports.
PRINT_DPI = 300


@dataclass(frozen=True, slots=True)
class PosterContent:
    """What a poster shows; `photo` and `logo` are image file bytes (JPEG, PNG, WebP …)."""

    url: str
    consultant_name: str
    title: str = ""
    showroom_name: str = ""
    benefit: str = ""
    photo: bytes | None = None
    logo: bytes | None = None


class Template(Enum):
    """The printable poster formats."""

    A4_TABLE_CARD = "a4_table_card"
    A3_POSTER = "a3_poster"
    X_BANNER = "x_banner"

    @property
    def spec(self) -> TemplateSpec:
        return TEMPLATES[self]


@dataclass(frozen=True, slots=True)
class TemplateSpec:
    """A template's page and code size (mm) and the distances it is read from (m)."""

    template: Template
    zh: str
    en: str
    width_mm: float
    height_mm: float
    code_mm: float
    read_from_m: float
    read_to_m: float

    @property
    def rule_distance_m(self) -> float:
        """The farthest scanning distance by the rule of thumb: ten times the code's width."""
        return self.code_mm * 10 / 1000

    def module_mm(self, modules: int) -> float:
        """The printed size of one module for a symbol `modules` wide."""
        return self.code_mm / modules

    def pixels(self, dpi: int = PRINT_DPI) -> tuple[int, int]:
        """The page in pixels at `dpi`."""
        return round(self.width_mm / 25.4 * dpi), round(self.height_mm / 25.4 * dpi)


TEMPLATES: dict[Template, TemplateSpec] = {
    Template.A4_TABLE_CARD: TemplateSpec(
        Template.A4_TABLE_CARD, "A4 桌牌", "A4 table card", 210, 297, 110, 0.5, 1.0
    ),
    Template.A3_POSTER: TemplateSpec(
        Template.A3_POSTER, "A3 海报", "A3 poster", 297, 420, 165, 1.0, 1.5
    ),
    Template.X_BANNER: TemplateSpec(
        Template.X_BANNER, "X 展架 80×180 cm", "X-banner 80×180 cm", 800, 1800, 340, 1.0, 3.0
    ),
}

WarningCode = Literal["missing_glyphs", "text_truncated"]


@dataclass(frozen=True, slots=True)
class RenderWarning:
    """Something the poster could not show as given; the UI words it from `code`.

    "missing_glyphs": `chars` of `field` have no glyph in any font and print as empty boxes.
    "text_truncated": `field` was too long even at the smallest size and ends with "…".
    """

    code: WarningCode
    field: str
    chars: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ExportResult:
    """A written poster: where, what it holds, and what could not be shown as given."""

    path: Path
    template: Template
    symbol: QrSymbol
    font: FontFace
    warnings: tuple[RenderWarning, ...]
    #: The code (quiet zone excluded) on the page, in mm from the top-left corner.
    code_box: Box
    #: Width and height in pixels (PNG) or None (PDF).
    pixels: tuple[int, int] | None = None


def export_pdf(
    content: PosterContent,
    template: Template,
    path: Path,
    *,
    created: datetime | None = None,
    font: FontSelection | None = None,
) -> ExportResult:
    """Write the poster as a one-page PDF: the code as vector rectangles, the text in an
    embedded (subset) font. The same content and `created` give the same bytes."""
    from consultant_app.qr.layout import layout_poster
    from consultant_app.qr.pdf import write_pdf

    layout = layout_poster(content, template.spec, font=font)
    with atomic_output(path) as (out, workdir):
        write_pdf(layout, out, workdir, created=created)
    return ExportResult(
        path, template, layout.symbol, layout.font.face, layout.warnings, layout.code_box
    )


def export_png(
    content: PosterContent,
    template: Template,
    path: Path,
    *,
    dpi: int = PRINT_DPI,
    font: FontSelection | None = None,
) -> ExportResult:
    """Write the poster as an RGB PNG at `dpi`, rendered in strips so that even the X-banner
    (9449 × 21260 px at 300 dpi) never holds the whole page in memory."""
    from consultant_app.qr.layout import layout_poster
    from consultant_app.qr.raster import write_png

    layout = layout_poster(content, template.spec, font=font)
    with atomic_output(path) as (out, _workdir):
        pixels = write_png(layout, out, dpi)
    return ExportResult(
        path, template, layout.symbol, layout.font.face, layout.warnings, layout.code_box, pixels
    )


def render_image(
    content: PosterContent, template: Template, dpi: int, *, font: FontSelection | None = None
) -> Image.Image:
    """The whole poster as an RGB image in memory, for previews at a low `dpi`."""
    from consultant_app.qr.layout import layout_poster
    from consultant_app.qr.raster import render_page

    return render_page(layout_poster(content, template.spec, font=font), dpi)


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[tuple[IO[bytes], Path]]:
    """A file object writing to a temporary file beside `path`, and a scratch folder; the file
    replaces `path` only when the block ends without an error. `PosterOutputError` if the
    folder does not exist or cannot be written."""
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise PosterOutputError(path, "is a folder")
    if not folder.is_dir():
        raise PosterOutputError(path, f"folder {folder} does not exist")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise PosterOutputError(path, error.strerror or str(error)) from error
    temporary = Path(name)
    try:
        with (
            os.fdopen(handle, "wb") as out,
            tempfile.TemporaryDirectory(prefix="poster-") as workdir,
        ):
            yield out, Path(workdir)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise PosterOutputError(path, error.strerror or str(error)) from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
