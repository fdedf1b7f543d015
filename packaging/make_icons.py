"""Draw the app icon and write it in every format the packages need:
`python packaging/make_icons.py` (the outputs are committed; run it after changing the design).

The design: a QR finder pattern (the live codes) over three rising columns (the lead-stage
kanban), white on the app's blue, in a rounded square. Drawn with Pillow at 1024 px and
scaled down, so no font or SVG renderer is needed.

Outputs in resources/icons/: showroom-desk.png (512 px: the window icon and the Linux
desktop entry), showroom-desk.ico (16–256 px: the Windows executable and installer) and
showroom-desk.icns (the macOS app bundle).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 1024
OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
TOP, BOTTOM = (47, 140, 255), (11, 94, 215)
WHITE = (255, 255, 255, 255)


def draw() -> Image.Image:
    scale = 4  # drawn 4× larger, then down-sampled: smooth edges without an anti-aliasing API
    side = SIZE * scale
    gradient = Image.new("RGBA", (1, side))
    for y in range(side):
        t = y / (side - 1)
        red, green, blue = (round(a + (b - a) * t) for a, b in zip(TOP, BOTTOM, strict=True))
        gradient.putpixel((0, y), (red, green, blue, 255))
    background = gradient.resize((side, side))
    mask = Image.new("L", (side, side), 0)
    margin = 40 * scale
    ImageDraw.Draw(mask).rounded_rectangle(
        (margin, margin, side - margin, side - margin), radius=210 * scale, fill=255
    )
    icon = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    icon.paste(background, (0, 0), mask)
    pen = ImageDraw.Draw(icon)

    def box(x0: float, y0: float, x1: float, y1: float, radius: float, fill: object) -> None:
        pen.rounded_rectangle(
            (x0 * scale, y0 * scale, x1 * scale, y1 * scale), radius=radius * scale, fill=fill
        )

    # The finder pattern: 7 modules; a ring, a gap, a 3×3 centre.
    module, x, y = 40, 170, 170
    box(x, y, x + 7 * module, y + 7 * module, 34, WHITE)
    box(x + module, y + module, x + 6 * module, y + 6 * module, 18, (0, 0, 0, 0))
    inner = Image.new("RGBA", icon.size, (0, 0, 0, 0))
    icon_pixels = background.crop(
        (
            (x + module) * scale,
            (y + module) * scale,
            (x + 6 * module) * scale,
            (y + 6 * module) * scale,
        )
    )
    hole = Image.new("L", icon_pixels.size, 0)
    ImageDraw.Draw(hole).rounded_rectangle(
        (0, 0, icon_pixels.size[0] - 1, icon_pixels.size[1] - 1), radius=18 * scale, fill=255
    )
    inner.paste(icon_pixels, ((x + module) * scale, (y + module) * scale), hole)
    icon.alpha_composite(inner)
    box(x + 2 * module, y + 2 * module, x + 5 * module, y + 5 * module, 14, WHITE)

    # Three columns rising to the right: lead, visit, order.
    bottom, width, gap = 854, 170, 92
    for n, height in enumerate((250, 390, 560)):
        left = 170 + n * (width + gap)
        box(left, bottom - height, left + width, bottom, 36, WHITE)
    return icon.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    icon = draw()
    icon.resize((512, 512), Image.Resampling.LANCZOS).save(OUT / "showroom-desk.png")
    icon.save(
        OUT / "showroom-desk.ico",
        sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)],
    )
    icon.save(OUT / "showroom-desk.icns")
    for path in sorted(OUT.iterdir()):
        print(f"{path.name}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
