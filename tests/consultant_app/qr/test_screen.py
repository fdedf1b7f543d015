"""The showroom screen's code: module size for 3 m, and a raster a phone reads from there."""

from __future__ import annotations

import pytest

from consultant_app.qr import encode, module_px_for, screen_fit, screen_image
from consultant_app.qr.layout import Box
from tests.consultant_app.qr.conftest import URL
from tests.consultant_app.qr.scan import camera_view, decode

#: A 55-inch 16:9 full-HD panel: 1080 pixels over 685 mm of height.
PANEL_PX, PANEL_MM = 1080, 685.0


def test_at_three_metres_the_code_must_be_30_cm_wide() -> None:
    # 300 mm over 33 modules at 0.634 mm per pixel is 14.3 pixels: 15 whole pixels.
    assert module_px_for(PANEL_PX, 3.0, screen_mm=PANEL_MM, modules=33) == 15
    assert module_px_for(PANEL_PX, 1.5, screen_mm=PANEL_MM, modules=33) == 8


def test_on_a_55_inch_panel_the_code_fills_the_height_and_meets_the_distance() -> None:
    fit = screen_fit(encode(URL), PANEL_PX, 3.0, screen_mm=PANEL_MM)
    assert fit.module_px == 26  # 0.9 × 1080 / (29 + 8) modules
    assert fit.total_px <= 0.9 * PANEL_PX
    assert fit.code_mm >= 300
    assert fit.meets_distance


def test_a_small_screen_says_it_cannot_serve_three_metres() -> None:
    fit = screen_fit(encode(URL, logo=True), 768, 3.0, screen_mm=190)
    assert fit.code_mm < 300
    assert not fit.meets_distance
    assert fit.min_module_px > fit.module_px


def test_bad_screen_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        module_px_for(0, 3.0)


@pytest.mark.parametrize("with_logo", [False, True], ids=["plain", "logo"])
def test_a_phone_three_metres_from_the_screen_reads_the_code(with_logo: bool, logo: bytes) -> None:
    image = screen_image(URL, PANEL_PX, logo=logo if with_logo else None)
    assert image.size == (PANEL_PX, PANEL_PX)
    assert image.mode == ("RGB" if with_logo else "L")
    px_per_mm = PANEL_PX / PANEL_MM
    symbol = encode(URL, logo=with_logo)
    side_mm = screen_fit(symbol, PANEL_PX).code_px / px_per_mm
    box = Box((PANEL_MM - side_mm) / 2, (PANEL_MM - side_mm) / 2, side_mm, side_mm)
    for phase in (0.0, 0.5):
        assert decode(camera_view(image, px_per_mm, box, 3.0, phase)) == [URL]


def test_modules_are_whole_pixels_with_crisp_edges() -> None:
    image = screen_image(URL, 500, module_px=10)
    assert {value for _, value in image.getcolors() or []} == {0, 255}
    with pytest.raises(ValueError, match="do not fit"):
        screen_image(URL, 300, module_px=10)
