"""Placing a poster's parts on the page, in millimetres, as drawing operations both outputs share.

From top to bottom: a coloured band with the showroom's name; the consultant's photo (if any)
beside their name and title; the code with its quiet zone; the benefit line; a thin closing
band. Sizes scale with the page width, so the A3 is the A4 enlarged and the X-banner keeps the
same proportions. Text is fitted into the room its block has (see `textfit`), so no content
can push anything off the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from PIL import Image

from consultant_app.qr.encode import QrSymbol, encode
from consultant_app.qr.fonts import FontSelection, choose_font, metrics, missing_chars
from consultant_app.qr.images import crop_to_ratio, load_image
from consultant_app.qr.textfit import LINE_HEIGHT, FittedText, fit, normalise

if TYPE_CHECKING:
    from consultant_app.qr.posters import PosterContent, RenderWarning, TemplateSpec

RGB = tuple[int, int, int]
BLACK: RGB = (0, 0, 0)
WHITE: RGB = (255, 255, 255)
ACCENT: RGB = (31, 78, 140)  # the bands: a deep blue
NAME: RGB = (26, 26, 26)
TITLE: RGB = (89, 89, 89)
BENEFIT: RGB = (200, 56, 20)  # the offer stands out in a warm red

#: Where the baseline sits in a line box: half the leading above the em box, whose top is
#: 0.88 em above the baseline (the ideographic em box of Chinese fonts).
_BASELINE = (LINE_HEIGHT - 1) / 2 + 0.88
#: Widths are measured from the font's advances; rasterisers hint and round, so keep a margin.
_WIDTH_SLACK = 0.97


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in mm from the page's top-left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True, slots=True)
class Fill:
    box: Box
    color: RGB


@dataclass(frozen=True, slots=True)
class Text:
    """One line: centred on `x` (or starting there), on the baseline `y`, `size` mm em."""

    x: float
    y: float
    size: float
    text: str
    color: RGB
    align: Literal["center", "left"]
    field: str


@dataclass(frozen=True, slots=True, eq=False)
class Picture:
    """A photo or logo (RGB) stretched over `box`."""

    box: Box
    image: Image.Image
    kind: Literal["photo", "logo"]


@dataclass(frozen=True, slots=True)
class Code:
    """The symbol's modules from (`x`, `y`), each `module` mm square; the quiet zone is room
    left white around it."""

    x: float
    y: float
    module: float
    symbol: QrSymbol

    @property
    def box(self) -> Box:
        side = self.module * self.symbol.modules
        return Box(self.x, self.y, side, side)


Op = Fill | Text | Picture | Code


@dataclass(frozen=True, slots=True, eq=False)
class PosterLayout:
    """Everything to draw, in order, with the facts the exports report."""

    width: float
    height: float
    ops: tuple[Op, ...]
    symbol: QrSymbol
    code_box: Box
    font: FontSelection
    warnings: tuple[RenderWarning, ...]

    def text(self) -> str:
        """All drawn text, for choosing and subsetting the font."""
        return "".join(op.text for op in self.ops if isinstance(op, Text))


@dataclass(frozen=True, slots=True)
class _Style:
    """Sizes as fractions of the page width."""

    margin: float = 0.06
    band: float = 0.13
    footer: float = 0.02
    gap: float = 0.03
    max_gap: float = 0.07
    photo_w: float = 0.24
    photo_h: float = 0.32
    person_h: float = 0.24  # the name-and-title block without a photo
    showroom: tuple[float, float] = (0.045, 0.028)
    name: tuple[float, float] = (0.075, 0.04)
    title: tuple[float, float] = (0.042, 0.026)
    benefit: tuple[float, float] = (0.055, 0.03)
    benefit_lines: int = 3


STYLE = _Style()
#: The X-banner is 2.25 times as tall as wide, read from farther and mostly from below its
#: middle: bigger photo and type, a taller closing band, and the code kept near chest height.
BANNER_STYLE = _Style(
    band=0.14,
    footer=0.10,
    max_gap=0.09,
    photo_w=0.30,
    photo_h=0.40,
    person_h=0.28,
    showroom=(0.05, 0.03),
    name=(0.09, 0.045),
    title=(0.05, 0.03),
    benefit=(0.065, 0.035),
)


def style_for(spec: TemplateSpec) -> _Style:
    return BANNER_STYLE if spec.height_mm / spec.width_mm > 2 else STYLE


def layout_poster(
    content: PosterContent,
    spec: TemplateSpec,
    *,
    font: FontSelection | None = None,
) -> PosterLayout:
    """Lay out `content` on the template's page; raises for a bad URL or image."""
    from consultant_app.qr.posters import RenderWarning

    style = style_for(spec)
    symbol = encode(content.url, logo=content.logo is not None)
    photo = load_image(content.photo, "photo") if content.photo is not None else None
    logo = load_image(content.logo, "logo") if content.logo is not None else None
    fields = {
        "showroom_name": normalise(content.showroom_name),
        "consultant_name": normalise(content.consultant_name),
        "title": normalise(content.title),
        "benefit": normalise(content.benefit),
    }
    if font is None:
        font = choose_font("".join(fields.values()) + "…")
    measure = metrics(font.face)

    def em(text: str) -> float:
        return measure.width(text, 1.0)

    page_w, page_h = spec.width_mm, spec.height_mm
    unit = page_w
    margin = style.margin * unit
    inner_w = page_w - 2 * margin
    ops: list[Op] = []
    fitted: dict[str, FittedText] = {}

    # The band with the showroom's name.
    band_h = style.band * unit
    ops.append(Fill(Box(0, 0, page_w, band_h), ACCENT))
    pad = 0.15 * band_h
    fitted["showroom_name"] = showroom = fit(
        fields["showroom_name"],
        em,
        inner_w * _WIDTH_SLACK,
        band_h - 2 * pad,
        max_size=style.showroom[0] * unit,
        min_size=style.showroom[1] * unit,
        max_lines=2,
    )
    ops += _lines(showroom, page_w / 2, (band_h - showroom.height) / 2, WHITE, "showroom_name")

    # Fixed blocks: the code with its quiet zone, and the closing band.
    module = spec.module_mm(symbol.modules)
    quiet = symbol.border * module
    code_block_h = spec.code_mm + 2 * quiet
    footer_h = style.footer * unit
    bottom = page_h - footer_h - margin / 2
    gap = style.gap * unit

    # The person: photo on the left with name and title beside it, or both centred.
    if photo is not None:
        person_h = style.photo_h * unit
        photo_box = Box(margin, 0, style.photo_w * unit, person_h)
        text_x = photo_box.right + gap
        text_w = page_w - margin - text_x
    else:
        person_h = style.person_h * unit
        text_x, text_w = margin, inner_w
    name_h = 0.62 * person_h
    fitted["consultant_name"] = name = fit(
        fields["consultant_name"],
        em,
        text_w * _WIDTH_SLACK,
        name_h,
        max_size=style.name[0] * unit,
        min_size=style.name[1] * unit,
        max_lines=2,
    )
    title_gap = 0.03 * person_h if fields["title"] else 0.0
    fitted["title"] = title = fit(
        fields["title"],
        em,
        text_w * _WIDTH_SLACK,
        person_h - name.height - title_gap,
        max_size=style.title[0] * unit,
        min_size=style.title[1] * unit,
        max_lines=2,
    )
    words_h = name.height + title_gap + title.height
    person_block_h = person_h if photo is not None else words_h

    # The benefit line gets what is left (its smallest size is always room enough).
    room = bottom - band_h - person_block_h - code_block_h - 4 * gap
    fitted["benefit"] = benefit = fit(
        fields["benefit"],
        em,
        inner_w * _WIDTH_SLACK,
        max(room, style.benefit[1] * unit * LINE_HEIGHT),
        max_size=style.benefit[0] * unit,
        min_size=style.benefit[1] * unit,
        max_lines=style.benefit_lines,
    )
    blocks = [person_block_h, code_block_h, benefit.height]
    spare = bottom - band_h - sum(blocks)
    gap = min(max(spare / (len(blocks) + 1), 0.0), style.max_gap * unit)

    y = band_h + gap
    person_top = y
    if photo is not None:
        photo_box = Box(photo_box.x, person_top, photo_box.w, photo_box.h)
        ops.append(Picture(photo_box, crop_to_ratio(photo, photo_box.w, photo_box.h), "photo"))
        words_top = person_top + (person_h - words_h) / 2
        centre = text_x + text_w / 2
    else:
        words_top = person_top
        centre = page_w / 2
    ops += _lines(name, centre, words_top, NAME, "consultant_name")
    ops += _lines(title, centre, words_top + name.height + title_gap, TITLE, "title")
    y += person_block_h + gap

    code = Code((page_w - spec.code_mm) / 2, y + quiet, module, symbol)
    ops.append(code)
    if logo is not None and symbol.logo_box is not None:
        inset = (symbol.logo_box.start + 1) * module  # one white module around the logo
        side = (symbol.logo_box.side - 2) * module
        ops.append(
            Picture(_fit_box(logo, Box(code.x + inset, code.y + inset, side, side)), logo, "logo")
        )
    y += code_block_h + gap

    ops += _lines(benefit, page_w / 2, y, BENEFIT, "benefit")
    ops.append(Fill(Box(0, page_h - footer_h, page_w, footer_h), ACCENT))

    warnings: list[RenderWarning] = [
        RenderWarning("text_truncated", field) for field, text in fitted.items() if text.truncated
    ]
    for field, text in fitted.items():
        missing = missing_chars(font.face, "".join(text.lines))
        if missing:
            warnings.append(RenderWarning("missing_glyphs", field, missing))
    return PosterLayout(page_w, page_h, tuple(ops), symbol, code.box, font, tuple(warnings))


def _lines(text: FittedText, x: float, top: float, color: RGB, field: str) -> list[Text]:
    line_h = text.size * LINE_HEIGHT
    return [
        Text(x, top + i * line_h + _BASELINE * text.size, text.size, line, color, "center", field)
        for i, line in enumerate(text.lines)
    ]


def _fit_box(image: Image.Image, box: Box) -> Box:
    """The largest box of the image's aspect ratio centred in `box`."""
    ratio = image.width / image.height
    if ratio >= box.w / box.h:
        h = box.w / ratio
        return Box(box.x, box.y + (box.h - h) / 2, box.w, h)
    w = box.h * ratio
    return Box(box.x + (box.w - w) / 2, box.y, w, box.h)
