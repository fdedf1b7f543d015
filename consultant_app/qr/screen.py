"""The showroom screen's full-screen code: how big to draw it for a reading distance, and a raster.

The screen mode (展厅大屏) is read from about 3 m, so by the rule of thumb its code must be at
least 30 cm wide on the glass. What that is in pixels depends on the panel: `screen_mm` is the
physical length of the side `screen_px` measures (Qt's `QScreen.physicalSize()` gives it; TVs
often report nonsense, hence the default of a 55-inch 16:9 panel's height). Modules are whole
pixels so that every edge is crisp and every module the same size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageOps

from consultant_app.qr.encode import QUIET_ZONE, QrSymbol, encode
from consultant_app.qr.images import load_image

#: Reading distance of the showroom screen.
SCREEN_DISTANCE_M = 3.0
#: The height of a 55-inch 16:9 panel, used when the real size is unknown.
DEFAULT_SCREEN_MM = 685.0
#: Share of the screen's shorter side the code and its quiet zone may fill.
SCREEN_FILL = 0.9


@dataclass(frozen=True, slots=True)
class ScreenFit:
    """How to draw a code on a screen.

    `module_px`: whole pixels per module, the largest that fits; `min_module_px`: the smallest
    that meets the distance rule; `code_px`: the symbol's side without the quiet zone;
    `total_px`: with it; `code_mm`: the symbol's physical width; `meets_distance`: whether
    `code_mm` is at least the distance ÷ 10.
    """

    module_px: int
    min_module_px: int
    code_px: int
    total_px: int
    code_mm: float
    meets_distance: bool


def module_px_for(
    screen_px: int,
    distance_m: float = SCREEN_DISTANCE_M,
    *,
    screen_mm: float = DEFAULT_SCREEN_MM,
    modules: int = 33,
) -> int:
    """The smallest whole-pixel module size whose code is at least `distance_m` ÷ 10 wide on a
    screen side of `screen_px` pixels and `screen_mm` millimetres (33 modules: version 4)."""
    if screen_px <= 0 or screen_mm <= 0 or distance_m <= 0:
        raise ValueError("screen size and distance must be positive")
    mm_per_px = screen_mm / screen_px
    code_mm = distance_m * 1000 / 10
    return max(1, math.ceil(code_mm / modules / mm_per_px - 1e-9))


def screen_fit(
    symbol: QrSymbol,
    screen_px: int,
    distance_m: float = SCREEN_DISTANCE_M,
    *,
    screen_mm: float = DEFAULT_SCREEN_MM,
) -> ScreenFit:
    """The largest whole-pixel module size at which `symbol` with its quiet zone fills at most
    `SCREEN_FILL` of the screen's shorter side (`screen_px`), and whether that is enough."""
    needed = module_px_for(screen_px, distance_m, screen_mm=screen_mm, modules=symbol.modules)
    module = max(1, math.floor(SCREEN_FILL * screen_px / symbol.modules_with_border))
    code_px = module * symbol.modules
    code_mm = code_px * screen_mm / screen_px
    return ScreenFit(
        module_px=module,
        min_module_px=needed,
        code_px=code_px,
        total_px=module * symbol.modules_with_border,
        code_mm=code_mm,
        meets_distance=module >= needed,
    )


def screen_image(
    url: str,
    size_px: int,
    *,
    logo: bytes | None = None,
    module_px: int | None = None,
) -> Image.Image:
    """A `size_px` square, white, with the code centred in whole-pixel modules: black on white
    ("L") or with the logo in its centre ("RGB"). `module_px` defaults to the largest fitting."""
    symbol = encode(url, logo=logo is not None)
    if module_px is None:
        module_px = max(1, math.floor(SCREEN_FILL * size_px / symbol.modules_with_border))
    if module_px * (symbol.modules + 2 * QUIET_ZONE) > size_px:
        raise ValueError(f"{module_px} px modules do not fit in {size_px} px")
    image = Image.new("L" if logo is None else "RGB", (size_px, size_px), "white")
    draw = ImageDraw.Draw(image)
    origin = (size_px - module_px * symbol.modules) // 2
    for row, col, length in symbol.runs():
        left, top = origin + col * module_px, origin + row * module_px
        draw.rectangle(
            (left, top, left + length * module_px - 1, top + module_px - 1), fill="black"
        )
    if logo is not None and symbol.logo_box is not None:
        side = (symbol.logo_box.side - 2) * module_px
        picture = ImageOps.contain(load_image(logo, "logo"), (side, side), Image.Resampling.LANCZOS)
        start = origin + (symbol.logo_box.start + 1) * module_px
        image.paste(
            picture,
            (start + (side - picture.width) // 2, start + (side - picture.height) // 2),
        )
    return image
