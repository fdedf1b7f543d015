"""The live codes' Qt figures: the showroom screen switching codes, and a scan reaching a desk.

`qr.screen_switch_ms`: `ScreenMode.next_slide()` (the timer's slot: the new code, its benefit
line and the type fitted to the screen) through a synchronous repaint of the 1920 × 1080
window, over the six built-in channels' codes (encoded beforehand, as the worker does when
it loads them). The first round, with nothing cached by Qt's text layout yet, is reported
as `first_round_ms`.

`qr.scan_to_kanban_s`: a customer submits the landing page's form (name and number) on a
code of an online desk's consultant; the time until the card is on that desk's kanban.
The embedded demo server (uvicorn on loopback, SQLite) and a real main window synced with
it; the desk's idle round is an hour away, so the card comes through the server's long
poll (`/sync/wait`) waking the desk. `LEADS` submits, one after another; median and max.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from benchmarks.common import emit, median, percentile

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

WIDTH, HEIGHT = 1920, 1080
ROUNDS = 10
LEADS = 8
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
    scan_to_kanban(app)


def scan_to_kanban(app: QApplication) -> None:
    import tempfile
    from pathlib import Path

    import httpx

    from consultant_app.catalogue import load_catalogue
    from consultant_app.demo import DEMO_PROFILE
    from consultant_app.settings import Settings
    from consultant_app.store.channels import list_channels
    from consultant_app.sync.loop import SyncPolicy, SyncState
    from consultant_server.demo import (
        DEMO_PASSWORD,
        DEMO_USER,
        EmbeddedServer,
        landing_form,
        prepare_demo_server,
    )
    from ui.app import open_and_load
    from ui.main_window import MainWindow
    from ui.sync_ui import SyncSetup
    from ui.tasks import SerialExecutor

    def settle(condition: Callable[[], bool], limit_s: float = 60.0) -> float:
        started = time.perf_counter()
        while not condition():
            app.processEvents()
            time.sleep(0.002)
            if time.perf_counter() - started > limit_s:
                raise RuntimeError("timed out")
        return time.perf_counter() - started

    scratch = Path(tempfile.mkdtemp(prefix="showroom-bench-scan-"))
    settings = prepare_demo_server(scratch / "server", 50)
    # One "phone" leaves every lead here: lift the per-address limit on form submits.
    server = EmbeddedServer(settings.model_copy(update={"landing_submits_per_ip": 1000}))
    server.start()
    executor = SerialExecutor("bench-db")
    window = MainWindow(executor, Settings.in_dir(scratch / "desk"), load_catalogue(), "en")
    window.show()
    loaded = open_and_load(scratch / "desk", False, 0, DEMO_PROFILE)
    window.attach(loaded)
    window.enable_sync(SyncSetup(server_url=server.url, auto_login=(DEMO_USER, DEMO_PASSWORD)))

    def synced() -> bool:
        ui = window.sync_ui
        if ui is None or ui.indicator.status is None:
            return False
        return ui.indicator.status.state is SyncState.SYNCED and not ui.indicator.busy

    settle(lambda: synced() and window.board.complete and window.board.total() > 0)
    assert window.sync_ui is not None and window.sync_ui.controller.link is not None
    loop = window.sync_ui.controller.link.loop
    assert loop is not None
    loop.policy = SyncPolicy(idle_s=3600)
    channels = list_channels(loaded.workspace.reader(), loaded.workspace.consultant_id, server.url)
    url = next(c.code.url for c in channels if c.code is not None and c.code.url)
    assert url is not None
    pause = time.perf_counter() + 1.0  # the long poll is open by now
    settle(lambda: time.perf_counter() > pause)

    samples: list[float] = []
    with httpx.Client() as phone:
        for n in range(LEADS):
            page = phone.get(url)
            form = landing_form(page.text, f"客户{n}", f"1390000{n:04d}")
            before = window.board.total()
            started = time.perf_counter()
            answer = phone.post(url, data=form)
            if answer.status_code != 303:  # "thank you" is a redirect to the ok page
                raise RuntimeError(f"the landing page refused the lead: {answer.status_code}")
            settle(lambda before=before: window.board.total() > before)  # type: ignore[misc]
            samples.append(time.perf_counter() - started)
            settle(synced, 10.0)
    emit(
        "qr.scan_to_kanban_s",
        median(samples),
        "s",
        max_s=round(max(samples), 3),
        leads=len(samples),
        goal_s=5,
        server="embedded uvicorn, SQLite",
    )
    if window.sync_ui is not None:
        window.sync_ui.shutdown()
    window.close()
    executor.shutdown()
    loaded.workspace.close()
    server.stop()


if __name__ == "__main__":
    run()
