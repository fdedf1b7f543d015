"""The showroom screen's figure: switching to the next code and painting it, full HD.

`qr.screen_switch_ms`: `ScreenMode.next_slide()` (the timer's slot: the new code, its benefit
line and the type fitted to the screen) through a synchronous repaint of the 1920 × 1080
window, over the six built-in channels' codes (encoded beforehand, as the worker does when
it loads them). The first round, with nothing cached by Qt's text layout yet, is reported
as `first_round_ms`.
"""

from __future__ import annotations

import os
import time

from benchmarks.common import emit, median, percentile

WIDTH, HEIGHT = 1920, 1080
ROUNDS = 10
#: Tokens as the server makes them (8 base62 characters), on a typical public address.
TOKENS = ("Xk3p9QaT", "b7RmQ2zE", "Lw4nV8cY", "p0TgH5sK", "Zq6dJ1xF", "m9CeU3rW")


def run() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from consultant_app.qr import encode
    from consultant_server.services.channels import BUILTINS
    from ui.screen_mode import ScreenMode, ScreenSlide
    from ui.theme import apply_theme

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    apply_theme(app)
    slides = []
    for builtin, token in zip(BUILTINS, TOKENS, strict=True):
        url = f"https://desk.example.cn/q/{token}"
        slides.append(
            ScreenSlide(
                code_id=token,
                channel_id=builtin.code,
                channel=builtin.name,
                url=url,
                symbol=encode(url),
                benefit=builtin.benefit,
                consultant="王小明",
                title="首席试驾官",
                showroom="上汽大众 北京望京旗舰店",
            )
        )
    mode = ScreenMode(slides, interval_s=3600)
    mode.resize(WIDTH, HEIGHT)
    mode.show()
    app.processEvents()
    mode.repaint()

    first: list[float] = []
    samples: list[float] = []
    for round_ in range(ROUNDS + 1):
        for _ in slides:
            started = time.perf_counter()
            mode.next_slide()
            mode.repaint()
            took = (time.perf_counter() - started) * 1000
            (first if round_ == 0 else samples).append(took)
            app.processEvents()
    fit = mode.code.fit
    emit(
        "qr.screen_switch_ms",
        median(samples),
        "ms",
        p95_ms=round(percentile(samples, 95), 2),
        first_round_ms=round(median(first), 2),
        switches=len(samples),
        screen=f"{WIDTH}x{HEIGHT}",
        module_px=fit.module_px if fit else None,
        platform=app.platformName(),
    )
    mode.close()


if __name__ == "__main__":
    run()
