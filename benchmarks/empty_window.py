"""The baseline for start-up: a process that starts Qt, paints an empty QMainWindow and quits."""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1480, 900)
    window.show()

    def painted() -> None:
        window.repaint()
        print(f"painted_at={time.time():.6f}", flush=True)
        app.quit()

    QTimer.singleShot(0, painted)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
