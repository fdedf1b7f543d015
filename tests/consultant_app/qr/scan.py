"""Reading codes back as a phone would: a real decoder (zxing-cpp) and a camera model.

The camera model, used to check each template at the farthest distance it is documented for:
a frame 1080 pixels wide over a 65° horizontal field of view (a phone's main camera delivering
a 1080p preview to the scanner), so at distance d the frame spans 2·d·tan(32.5°) = 1.27·d
metres and a code as wide as d/10 gets about 85 pixels. The page is area-averaged down to
that resolution (what a sensor does), blurred with a Gaussian of 0.6 camera pixels (a focused
lens plus demosaicing), and saved as JPEG at quality 40 (a heavily compressed preview frame).
"""

from __future__ import annotations

import io
import math
import struct
import zlib
from pathlib import Path

import zxingcpp
from PIL import Image, ImageFilter

from consultant_app.qr.layout import Box

CAMERA_FRAME_PX = 1080
CAMERA_HFOV_DEG = 65.0
CAMERA_BLUR_PX = 0.6
CAMERA_JPEG_QUALITY = 40


def decode(image: Image.Image) -> list[str]:
    """The texts of every QR code zxing-cpp finds in the image."""
    return [
        result.text
        for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    ]


def camera_px_per_mm(distance_m: float) -> float:
    """Camera pixels per millimetre of a flat target `distance_m` away, square to the camera."""
    frame_mm = 2 * distance_m * 1000 * math.tan(math.radians(CAMERA_HFOV_DEG / 2))
    return CAMERA_FRAME_PX / frame_mm


def camera_view(
    page: Image.Image,
    page_px_per_mm: float,
    code_box: Box,
    distance_m: float,
    phase: float = 0.0,
    origin_mm: tuple[float, float] = (0.0, 0.0),
) -> Image.Image:
    """What the camera records of the code and the poster around it (half a code's width on
    each side), `phase` camera pixels off the grid. `page` may be a part of the page whose
    top-left corner is `origin_mm` on it."""
    scale = camera_px_per_mm(distance_m) / page_px_per_mm
    shift = phase / scale
    margin = code_box.w / 2
    left = (code_box.x - margin - origin_mm[0]) * page_px_per_mm + shift
    top = (code_box.y - margin - origin_mm[1]) * page_px_per_mm + shift
    side = (code_box.w + 2 * margin) * page_px_per_mm
    region = page.crop((round(left), round(top), round(left + side), round(top + side)))
    size = max(1, round(region.width * scale))
    small = region.convert("L").resize((size, size), Image.Resampling.BOX)
    blurred = small.filter(ImageFilter.GaussianBlur(CAMERA_BLUR_PX))
    buffer = io.BytesIO()
    blurred.save(buffer, "JPEG", quality=CAMERA_JPEG_QUALITY)
    return Image.open(io.BytesIO(buffer.getvalue()))


def png_header(path: Path) -> tuple[int, int, float]:
    """Width, height and dpi from a PNG's IHDR and pHYs chunks (Pillow refuses to open the
    300 dpi X-banner at all: 200 million pixels trips its decompression-bomb guard)."""
    data = path.read_bytes()[:100]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    phys = data.index(b"pHYs")
    per_metre, _, unit = struct.unpack(">IIB", data[phys + 4 : phys + 13])
    assert unit == 1
    return width, height, per_metre * 0.0254


def png_rows(path: Path, top: int, bottom: int) -> Image.Image:
    """Rows `top` … `bottom - 1` of an 8-bit RGB PNG written with filter type 0 on every row
    (as the poster writer does), decoded a chunk at a time: a 300 dpi X-banner is 600 MB of
    pixels, and a test need not hold them all."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos = 8
    width = height = 0
    inflate = zlib.decompressobj()
    pending = bytearray()
    row = 0
    stride = 0
    kept: list[bytes] = []
    while pos < len(data) and row < bottom:
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert (depth, colour) == (8, 2), "8-bit RGB"
            stride = 1 + 3 * width
        elif kind == b"IDAT":
            pending += inflate.decompress(body)
            used = 0
            while len(pending) - used >= stride and row < bottom:
                assert pending[used] == 0, "filter type 0"
                if row >= top:
                    kept.append(bytes(pending[used + 1 : used + stride]))
                used += stride
                row += 1
            del pending[:used]
    assert height >= bottom
    return Image.frombytes("RGB", (width, bottom - top), b"".join(kept))
