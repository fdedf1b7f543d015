"""Regenerate docs/qr-page.png and docs/screen-mode.png:
`xvfb-run -a -s "-screen 0 1700x1100x24" .venv/bin/python docs/qr_screenshots.py`.

A fresh demo desk (李明) synced with the embedded demo server (`consultant_server.demo`), in
Chinese. A few phones "scan" the codes through the server's real landing pages (and two leave
their number), so the statistics have something to count; then the live-code page and the
showroom screen are saved.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from PySide6.QtWidgets import QApplication

from consultant_app.catalogue import load_catalogue
from consultant_app.demo import DEMO_PROFILE
from consultant_app.settings import Settings
from consultant_app.store.channels import list_channels
from consultant_server.demo import (
    DEMO_PASSWORD,
    DEMO_USER,
    EmbeddedServer,
    landing_form,
    prepare_demo_server,
)
from ui.app import open_and_load
from ui.main_window import MainWindow
from ui.screen_mode import load_screen_choice
from ui.sync_ui import SyncSetup
from ui.tasks import SerialExecutor
from ui.theme import apply_theme, install_translators

DOCS = Path(__file__).resolve().parent
#: (channel, page views, leads left through the form) — phones scanning the demo's codes.
SCANS = {"展厅大屏": (9, 2), "展厅展架": (5, 1), "朋友圈": (3, 0)}
LEADS = [("周先生", "13655551234"), ("吴女士", "13766662345"), ("郑先生", "13877773456")]


def main() -> int:
    app = QApplication(sys.argv[:1])
    install_translators(app, "zh_CN")
    scratch = Path(tempfile.mkdtemp(prefix="showroom-qr-shots-"))
    apply_theme(app)

    server = EmbeddedServer(prepare_demo_server(scratch / "server", 60))
    server.start()
    executor = SerialExecutor("shots-db")
    window = MainWindow(executor, Settings.in_dir(scratch / "desk"), load_catalogue(), "zh_CN")
    window.resize(1600, 960)
    window.show()
    loaded = open_and_load(scratch / "desk", False, 0, DEMO_PROFILE)
    window.attach(loaded)
    workspace = loaded.workspace

    def settle(condition: Callable[[], bool] = lambda: True, seconds: float = 1.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline or not condition():
            app.processEvents()
            time.sleep(0.01)
            if time.monotonic() > deadline + 30:
                raise RuntimeError("timed out waiting for the desk")

    def codes() -> dict[str, str]:
        return {
            c.name: c.code.url
            for c in list_channels(workspace.reader(), workspace.consultant_id, server.url)
            if c.code is not None and c.code.url is not None
        }

    window.enable_sync(SyncSetup(server_url=server.url, auto_login=(DEMO_USER, DEMO_PASSWORD)))
    settle(lambda: window.sync_ui is not None and len(codes()) >= len(SCANS))

    urls = codes()
    settle(lambda: window.board.complete and window.board.total() > 0)
    customers = window.board.total()
    leads = iter(LEADS)
    with httpx.Client(follow_redirects=True) as phone:
        for channel, (views, left) in SCANS.items():
            for n in range(views):
                page = phone.get(urls[channel])
                page.raise_for_status()
                if n < left:
                    name, mobile = next(leads)
                    form = landing_form(page.text, name, mobile)
                    phone.post(urls[channel], data=form).raise_for_status()

    # The leads reach the desk (announced, as new customers are); then the page.
    assert window.sync_ui is not None
    window.sync_ui.controller.sync_now()
    settle(lambda: window.board.total() >= customers + len(LEADS))
    settle(seconds=1.0)
    if window.notifier is not None:
        window.notifier.toast.hide()
    window.show_page(3)
    page = window.qr
    settle(lambda: page.model.rowCount() > 0 and page.preview.image is not None, 2.0)
    page.select_channel(next(c.id for c in page.model.channels() if c.name == "展厅大屏"))
    settle(lambda: page.preview.image is not None and page.stats_model.rowCount() > 0, 2.0)
    window.statusBar().clearMessage()
    settle()
    window.grab().save(str(DOCS / "qr-page.png"))

    choice = load_screen_choice(workspace, server.url)
    mode = page.show_screen_mode(list(choice.chosen), "", 15)
    settle(mode.count_label.isVisible, 2.0)
    mode.hint_label.hide()
    mode.grab().save(str(DOCS / "screen-mode.png"))
    mode.close()

    page.shutdown()
    window.close()
    executor.shutdown()
    workspace.close()
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
