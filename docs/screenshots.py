"""Regenerate the screenshots in docs/: `xvfb-run -a .venv/bin/python docs/screenshots.py`.

Opens a fresh demo showroom (fixed seed) in the real app window, in Chinese, and saves the
kanban, the detail panel with a customer open, and the Today page.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from consultant_app.catalogue import load_catalogue
from consultant_app.domain.stages import Stage
from consultant_app.settings import Settings
from ui.app import open_and_load
from ui.main_window import Loaded, MainWindow
from ui.tasks import SerialExecutor
from ui.theme import apply_theme, install_translators

DOCS = Path(__file__).resolve().parent


def main() -> int:
    app = QApplication(sys.argv[:1])
    language = sys.argv[1] if len(sys.argv) > 1 else "zh_CN"
    install_translators(app, language)
    apply_theme(app)
    data_dir = Path(tempfile.mkdtemp(prefix="showroom-shots-"))
    executor = SerialExecutor("shots-db")
    window = MainWindow(executor, Settings.in_dir(data_dir), load_catalogue(), language)
    window.resize(1600, 960)
    window.show()
    loaded = open_and_load(data_dir, True, 300)
    assert isinstance(loaded, Loaded)
    window.attach(loaded)

    def settle(condition: Callable[[], bool] = lambda: True, seconds: float = 1.5) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline or not condition():
            app.processEvents()
            if time.monotonic() > deadline + 10:
                break

    settle()
    suffix = "" if language == "zh_CN" else f"-{language}"
    window.grab().save(str(DOCS / f"kanban{suffix}.png"))
    column = window.board.columns[Stage.TEST_DRIVE]
    contact_id = column.ids()[1]
    window.kanban.select(contact_id)
    settle(lambda: window.detail.contact_id() == contact_id)
    window.grab().save(str(DOCS / f"detail{suffix}.png"))
    window.show_page(1)
    settle()
    window.grab().save(str(DOCS / f"today{suffix}.png"))
    window.filter_edit.setText("迈腾 高意向")
    window.show_page(0)
    settle()
    window.grab().save(str(DOCS / f"filter{suffix}.png"))
    window.close()
    executor.shutdown()
    loaded.workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
