"""Encoding live-code URLs: versions, error correction, the logo box, and refused input."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from consultant_app.qr import (
    LOGO_MAX_AREA,
    MAX_URL_LENGTH,
    QUIET_ZONE,
    QrSymbol,
    QrUrlError,
    encode,
    qr_matrix,
)
from consultant_app.qr.encode import LOGO_EC_BUDGET, _function_modules, block_damage
from tests.consultant_app.qr.conftest import URL
from tests.consultant_app.qr.scan import decode

#: Hosts from short to long, each with the 8-character token path: 22 to 58 characters.
URLS = [
    "http://a.cn/q/Xk3p9QaT",
    URL,
    "https://desk.dealer-group.com.cn/q/Xk3p9QaT",
    "https://showroom-desk.dealer-group.com.cn/q/Xk3p9QaT",
    "https://showroom-desk.beijing.dealer-group.com.cn/q/Xk3p9QaT"[:MAX_URL_LENGTH],
]


def draw(symbol: QrSymbol, scale: int = 8) -> Image.Image:
    """The painted modules (logo box left white) with the quiet zone, `scale` px per module."""
    rows = symbol.matrix()
    image = Image.new("L", (len(rows) * scale, len(rows) * scale), 255)
    pen = ImageDraw.Draw(image)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                pen.rectangle((x * scale, y * scale, (x + 1) * scale - 1, (y + 1) * scale - 1), 0)
    return image


def test_a_typical_live_code_url_is_version_3_at_level_m() -> None:
    symbol = encode(URL)
    assert (symbol.version, symbol.ecc, symbol.modules) == (3, "M", 29)
    assert symbol.logo_box is None
    assert symbol.border == QUIET_ZONE


@pytest.mark.parametrize("url", URLS)
def test_a_logo_means_level_h_and_a_centre_box_clear_of_function_patterns(url: str) -> None:
    symbol = encode(url, logo=True)
    box = symbol.logo_box
    assert symbol.ecc == "H"
    assert 3 <= symbol.version <= 6
    assert box is not None
    assert box.side * box.side <= LOGO_MAX_AREA * symbol.modules**2
    assert box.start * 2 + box.side == symbol.modules  # centred exactly
    cells = {(box.start + r, box.start + c) for r in range(box.side) for c in range(box.side)}
    assert not cells & _function_modules(symbol.version)
    for damaged, capacity in block_damage(symbol.version, box):
        assert damaged <= LOGO_EC_BUDGET * capacity


@pytest.mark.parametrize("url", URLS)
def test_codes_with_the_largest_logo_box_left_blank_still_decode(url: str) -> None:
    symbol = encode(url, logo=True, logo_area=LOGO_MAX_AREA)
    assert decode(draw(symbol)) == [url]


@pytest.mark.parametrize(("version", "data_modules"), [(3, 567), (4, 807), (5, 1079), (6, 1383)])
def test_the_module_placement_has_room_for_exactly_the_standards_codewords(
    version: int, data_modules: int
) -> None:
    """Total codewords × 8 + 7 remainder bits (ISO/IEC 18004 table 1): a check that the function
    patterns the damage count avoids are the standard's."""
    modules = 4 * version + 17
    assert modules**2 - len(_function_modules(version)) == data_modules


def test_a_logo_box_above_the_area_limit_is_refused() -> None:
    with pytest.raises(ValueError, match="logo_area"):
        encode(URL, logo=True, logo_area=LOGO_MAX_AREA + 0.01)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("https://desk.example.cn/q/" + "x" * MAX_URL_LENGTH, "too_long"),
        ("desk.example.cn/q/Xk3p9QaT", "not_a_url"),
        ("ftp://desk.example.cn/q/Xk3p9QaT", "not_a_url"),
        ("https://desk.example.cn/q/Xk3p 9QaT", "not_a_url"),
        ("https://展厅.cn/q/Xk3p9QaT", "not_a_url"),
    ],
)
def test_bad_urls_raise_qr_url_error_with_the_reason(url: str, reason: str) -> None:
    with pytest.raises(QrUrlError) as raised:
        encode(url)
    assert raised.value.reason == reason
    assert raised.value.max_length == MAX_URL_LENGTH


def test_the_longest_allowed_url_fits_version_6_with_a_logo() -> None:
    url = "https://desk.example.cn/q/" + "x" * (MAX_URL_LENGTH - 26)
    assert len(url) == MAX_URL_LENGTH
    assert encode(url, logo=True).version == 6
    assert encode(url).version <= 6


def test_surrounding_blanks_are_not_encoded() -> None:
    assert encode(f"  {URL}\n").url == URL


def test_qr_matrix_has_the_quiet_zone_and_decodes() -> None:
    rows = qr_matrix(URL, "M", border=4)
    assert len(rows) == 29 + 8 and all(len(row) == 37 for row in rows)
    assert not any(rows[0]) and not any(row[0] for row in rows)
    image = Image.new("L", (37, 37))
    image.putdata([0 if dark else 255 for row in rows for dark in row])
    assert decode(image.resize((370, 370), Image.Resampling.NEAREST)) == [URL]


def test_runs_paint_exactly_the_drawn_modules() -> None:
    symbol = encode(URL, logo=True)
    painted = [[False] * symbol.modules for _ in range(symbol.modules)]
    for row, col, length in symbol.runs():
        for x in range(col, col + length):
            assert not painted[row][x]
            painted[row][x] = True
    assert painted == symbol.matrix(border=0)
    box = symbol.logo_box
    assert box is not None
    assert not any(painted[box.start + 1][box.start : box.start + box.side])
