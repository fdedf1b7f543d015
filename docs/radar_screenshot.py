"""Regenerate docs/radar.png:
`xvfb-run -a -s "-screen 0 1700x1100x24" .venv/bin/python docs/radar_screenshot.py`.

A fresh demo desk (李明) synced with the embedded demo server (`consultant_server.demo`), in
Chinese. The consultant opens a customer and sends them an article (what Ctrl+Enter in the Ctrl+K
palette does: the customer's tracked link goes on the clipboard); the customer's phone opens
the link through the server's real redirect; the desk's long poll brings the open, and the
window is saved with the announcement and the customer's timeline.
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
from consultant_app.library.models import MaterialKind, SearchFilters
from consultant_app.settings import Settings
from consultant_server.demo import DEMO_PASSWORD, DEMO_USER, EmbeddedServer, prepare_demo_server
from ui.app import open_and_load
from ui.library.controller import CopyOutcome, Found
from ui.main_window import MainWindow
from ui.sync_ui import SyncSetup
from ui.tasks import SerialExecutor
from ui.theme import apply_theme, install_translators

DOCS = Path(__file__).resolve().parent


def main() -> int:
    app = QApplication(sys.argv[:1])
    install_translators(app, "zh_CN")
    scratch = Path(tempfile.mkdtemp(prefix="showroom-radar-shot-"))
    apply_theme(app)

    server = EmbeddedServer(prepare_demo_server(scratch / "server", 12))
    server.start()
    executor = SerialExecutor("shots-db")
    window = MainWindow(executor, Settings.in_dir(scratch / "desk"), load_catalogue(), "zh_CN")
    window.resize(1600, 960)
    window.show()
    loaded = open_and_load(scratch / "desk", False, 0, DEMO_PROFILE)
    window.attach(loaded)

    def settle(condition: Callable[[], bool] = lambda: True, seconds: float = 1.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline or not condition():
            app.processEvents()
            time.sleep(0.01)
            if time.monotonic() > deadline + 30:
                raise RuntimeError("timed out waiting for the desk")

    window.enable_sync(SyncSetup(server_url=server.url, auto_login=(DEMO_USER, DEMO_PASSWORD)))
    settle(lambda: window.board.complete and window.board.total() > 0, 2.0)

    found: list[Found] = []
    articles = SearchFilters(kinds=frozenset({MaterialKind.ARTICLE}))
    window.library.search("迈腾", articles, 5, found.append)
    settle(lambda: bool(found))
    article = found[0].result.hits[0]

    contact_id = next(i for column in window.board.columns.values() for i in column.ids())
    window.open_contact(contact_id)
    settle(lambda: window._open_contact_ref() is not None)

    sent: list[CopyOutcome] = []
    window.library.copy(article.id, send=True, on_done=sent.append)
    settle(lambda: bool(sent))
    if not sent[0].tracked_url:
        raise RuntimeError(f"no tracked link: {sent[0].message}")

    # The customer opens it on their phone (the server redirects to the article).
    if not httpx.get(sent[0].tracked_url, follow_redirects=False).is_redirect:
        raise RuntimeError("the tracked link did not redirect")
    toast = window._notifier().toast
    settle(toast.isVisible, 2.0)
    window.load_detail(contact_id)
    settle(seconds=1.0)
    window.statusBar().clearMessage()
    settle(seconds=0.3)
    window.grab().save(str(DOCS / "radar.png"))

    window.close()
    executor.shutdown()
    loaded.workspace.close()
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
