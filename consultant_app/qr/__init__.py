"""Channel live codes (渠道活码): QR encoding, print posters (PDF, PNG) and the screen-mode code.

Qt-free and offline. The UI and the self-test call:

- `encode(url, logo=False) -> QrSymbol`, `qr_matrix(url, ecc, border)` — the code itself;
- `export_pdf(content, template, path)`, `export_png(content, template, path, dpi=300)`,
  `render_image(content, template, dpi)` — posters from a `PosterContent`;
- `screen_fit(symbol, screen_px)`, `module_px_for(screen_px, distance_m)`,
  `screen_image(url, size_px)` — the full-screen showroom display;
- `choose_font(text)` — which font posters will use and which characters it lacks.
"""

from consultant_app.qr.encode import (
    LOGO_EC_BUDGET,
    LOGO_MAX_AREA,
    MAX_URL_LENGTH,
    MAX_VERSION,
    QUIET_ZONE,
    LogoBox,
    QrSymbol,
    encode,
    qr_matrix,
    validate_url,
)
from consultant_app.qr.errors import (
    PosterFontError,
    PosterImageError,
    PosterOutputError,
    QrCodeError,
    QrUrlError,
)
from consultant_app.qr.fonts import FontFace, FontSelection, choose_font
from consultant_app.qr.posters import (
    PRINT_DPI,
    TEMPLATES,
    ExportResult,
    PosterContent,
    RenderWarning,
    Template,
    TemplateSpec,
    export_pdf,
    export_png,
    render_image,
)
from consultant_app.qr.screen import (
    SCREEN_DISTANCE_M,
    ScreenFit,
    module_px_for,
    screen_fit,
    screen_image,
)

__all__ = [
    "LOGO_EC_BUDGET",
    "LOGO_MAX_AREA",
    "MAX_URL_LENGTH",
    "MAX_VERSION",
    "PRINT_DPI",
    "QUIET_ZONE",
    "SCREEN_DISTANCE_M",
    "TEMPLATES",
    "ExportResult",
    "FontFace",
    "FontSelection",
    "LogoBox",
    "PosterContent",
    "PosterFontError",
    "PosterImageError",
    "PosterOutputError",
    "QrCodeError",
    "QrSymbol",
    "QrUrlError",
    "RenderWarning",
    "ScreenFit",
    "Template",
    "TemplateSpec",
    "choose_font",
    "encode",
    "export_pdf",
    "export_png",
    "module_px_for",
    "qr_matrix",
    "render_image",
    "screen_fit",
    "screen_image",
    "validate_url",
]
