"""Poster export figures: the X-banner as a vector PDF and as a 300 dpi PNG, with the PNG's memory.

`qr.screen_switch_ms` and `qr.scan_to_kanban_s` need the Qt screen mode and the server round
trip; they are measured elsewhere once those exist.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.common import ROOT, emit, median

if TYPE_CHECKING:
    from consultant_app.qr import PosterContent

PDF_RUNS = 5
PNG_RUNS = 3


def _content() -> PosterContent:
    """An X-banner with every field, a 900×1200 photo and a transparent logo (made here)."""
    from PIL import Image, ImageDraw

    from consultant_app.qr import PosterContent

    photo = Image.new("RGB", (900, 1200), (180, 200, 230))
    draw = ImageDraw.Draw(photo)
    draw.ellipse((250, 200, 650, 650), fill=(230, 190, 160))
    draw.rectangle((150, 700, 750, 1200), fill=(40, 60, 90))
    photo_bytes = io.BytesIO()
    photo.save(photo_bytes, "JPEG", quality=85)
    logo = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((10, 10, 390, 390), fill=(200, 20, 40, 255))
    logo_bytes = io.BytesIO()
    logo.save(logo_bytes, "PNG")
    return PosterContent(
        url="https://desk.example.cn/q/Xk3p9QaT",
        consultant_name="王小明",
        title="首席试驾官",
        showroom_name="上汽大众 北京望京旗舰店",
        benefit="扫码领取免费洗车券",
        photo=photo_bytes.getvalue(),
        logo=logo_bytes.getvalue(),
    )


def _proc_kb(field: str) -> float:
    """A memory figure of this process from /proc/self/status in kB (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return float(line.split()[1])
    except OSError:
        pass
    return 0.0


def pdf(folder: Path) -> None:
    """Content in → X-banner PDF on disk (layout, font subset, vector code, embedded images)."""
    from consultant_app.qr import Template, export_pdf

    content = _content()
    target = folder / "x-banner.pdf"
    started = time.perf_counter()
    result = export_pdf(content, Template.X_BANNER, target)  # finds and reads the font too
    cold_ms = (time.perf_counter() - started) * 1000
    samples = []
    for _ in range(PDF_RUNS):
        started = time.perf_counter()
        export_pdf(content, Template.X_BANNER, target)
        samples.append((time.perf_counter() - started) * 1000)
    emit(
        "qr.poster_pdf_ms",
        median(samples),
        "ms",
        cold_ms=round(cold_ms, 1),
        runs=PDF_RUNS,
        template="x_banner",
        kb=round(target.stat().st_size / 1024, 1),
        font=f"{result.font.name} ({result.font.origin})",
    )


def png(folder: Path) -> None:
    """Content in → X-banner PNG at 300 dpi on disk, in a fresh process so that its peak
    resident memory is the export's own."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.qr", "png-child", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    child = json.loads(done.stdout.strip().splitlines()[-1])
    emit(
        "qr.poster_png_ms",
        median(child["samples_ms"]),
        "ms",
        runs=PNG_RUNS,
        template="x_banner",
        pixels=child["pixels"],
        dpi=300,
        mb=child["mb"],
        peak_rss_mb=child["peak_rss_mb"],
        rss_before_mb=child["rss_before_mb"],
    )


def _png_child(folder: Path) -> None:
    from consultant_app.qr import Template, export_png
    from consultant_app.qr.layout import layout_poster

    content = _content()
    target = folder / "x-banner.png"

    layout_poster(content, Template.X_BANNER.spec)  # font found and read before measuring
    before = _proc_kb("VmRSS")
    samples, pixels = [], (0, 0)
    for _ in range(PNG_RUNS):
        started = time.perf_counter()
        pixels = export_png(content, Template.X_BANNER, target).pixels or (0, 0)
        samples.append((time.perf_counter() - started) * 1000)
    print(
        json.dumps(
            {
                "samples_ms": samples,
                "pixels": f"{pixels[0]}x{pixels[1]}",
                "mb": round(target.stat().st_size / 1e6, 2),
                "peak_rss_mb": round(_proc_kb("VmHWM") / 1024, 1),
                "rss_before_mb": round(before / 1024, 1),
            }
        ),
        flush=True,
    )


def run() -> None:
    folder = Path(os.environ.get("BENCH_DIR", ROOT / "bench-out")) / "qr"
    folder.mkdir(parents=True, exist_ok=True)
    pdf(folder)
    png(folder)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "png-child":
        _png_child(Path(sys.argv[2]))
    else:
        run()
