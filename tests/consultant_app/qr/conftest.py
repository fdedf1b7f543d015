"""Fixtures for the QR tests: real images made with Pillow, poster content, and the X-banner
PNG at 300 dpi rendered once per session (it is 9449 × 21260 pixels)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from consultant_app.qr import ExportResult, PosterContent, Template, export_png
from consultant_app.qr.fonts import Candidate, FontSelection, bundled_font_path, choose_font

URL = "https://desk.example.cn/q/Xk3p9QaT"


def make_photo(size: tuple[int, int] = (900, 1200)) -> bytes:
    """A portrait-shaped JPEG: a face and shoulders on a light background."""
    image = Image.new("RGB", size, (180, 200, 230))
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.ellipse((w * 0.28, h * 0.17, w * 0.72, h * 0.54), fill=(230, 190, 160))
    draw.rectangle((w * 0.17, h * 0.58, w * 0.83, h), fill=(40, 60, 90))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def make_logo() -> bytes:
    """A brand-like logo: a red disc with white letters on a transparent PNG."""
    image = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 390, 390), fill=(200, 20, 40, 255))
    draw.rectangle((120, 170, 280, 230), fill=(255, 255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(scope="session")
def photo() -> bytes:
    return make_photo()


@pytest.fixture(scope="session")
def logo() -> bytes:
    return make_logo()


@pytest.fixture(scope="session")
def plain() -> PosterContent:
    """A poster without photo or logo."""
    return PosterContent(
        url=URL,
        consultant_name="王小明",
        title="首席试驾官",
        showroom_name="上汽大众 北京望京旗舰店",
        benefit="扫码领取免费洗车券",
    )


@pytest.fixture(scope="session")
def full(photo: bytes, logo: bytes) -> PosterContent:
    """A poster with every field, the photo and the logo."""
    return PosterContent(
        url=URL,
        consultant_name="李思琪",
        title="新能源产品专家",
        showroom_name="一汽-大众 上海浦东体验中心",
        benefit="到店试驾即送精美车模",
        photo=photo,
        logo=logo,
    )


@pytest.fixture(scope="session")
def bundled() -> FontSelection:
    """The bundled font, as if the computer had no Chinese font of its own."""
    return choose_font("王小明", [Candidate(bundled_font_path(), origin="bundled")])


@pytest.fixture(scope="session")
def banner_png(tmp_path_factory: pytest.TempPathFactory, full: PosterContent) -> ExportResult:
    """The X-banner with photo and logo as a 300 dpi PNG, made once for the session."""
    path = tmp_path_factory.mktemp("banner") / "x-banner.png"
    return export_png(full, Template.X_BANNER, Path(path))
