"""Kanban figures at 10,000 contacts: start-up ratio, stage change, filter, memory."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import ROOT, emit, median, percentile, seeded_data_dir

CONTACTS = int(os.environ.get("BENCH_CONTACTS", "10000"))
STARTS = 7
MOVES = 100
TYPING_GAP_S = 0.1
FILTER_QUERIES = [
    "z",
    "zw",
    "张",
    "王芳",
    "138",
    "5678",
    "迈腾",
    "id4",
    "高意向",
    "逾期",
    "展厅",
    "li",
]


def _timed_run(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Launch → the child's "painted_at=" wall-clock stamp, in ms (not counting its exit)."""
    launched = time.time()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=True, timeout=120)
    match = re.search(r"painted_at=([\d.]+)", done.stdout)
    if match is None:
        raise RuntimeError(f"{args} did not report when it painted: {done.stdout!r}")
    return (float(match.group(1)) - launched) * 1000, done.stdout


def startup(data_dir: Path) -> None:
    """Process launch → kanban painted with data, over the same for an empty QMainWindow."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    app = [sys.executable, "-m", "ui.app", "--data-dir", str(data_dir), "--benchmark-startup"]
    empty = [sys.executable, str(ROOT / "benchmarks" / "empty_window.py")]
    _timed_run(app, env)  # warm the OS file cache and .pyc files for both
    _timed_run(empty, env)
    app_ms, empty_ms, rss = [], [], []
    for _ in range(STARTS):
        ms, out = _timed_run(app, env)
        app_ms.append(ms)
        match = re.search(r"rss_mb=([\d.]+)", out)
        if match:
            rss.append(float(match.group(1)))
        empty_ms.append(_timed_run(empty, env)[0])
    emit(
        "kanban.start_ratio",
        median(app_ms) / median(empty_ms),
        "ratio",
        app_ms=round(median(app_ms), 1),
        empty_ms=round(median(empty_ms), 1),
        contacts=CONTACTS,
    )
    if rss:
        emit("kanban.rss_mb", max(rss), "MB", contacts=CONTACTS)


def interactive(data_dir: Path) -> None:
    """Drop → committed → repainted, and keystroke → filtered → repainted, in one process."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QPointF, Qt, QTimer
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from consultant_app.catalogue import load_catalogue
    from consultant_app.domain.stages import Stage
    from consultant_app.settings import Settings
    from ui.app import open_and_load
    from ui.kanban.model import Role, StageColumnModel
    from ui.main_window import Loaded, MainWindow
    from ui.tasks import SerialExecutor
    from ui.theme import apply_theme, install_translators

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    install_translators(app, "zh_CN")
    apply_theme(app)
    executor = SerialExecutor("bench-db")
    window = MainWindow(executor, Settings.in_dir(data_dir), load_catalogue(data_dir), "zh_CN")
    window.show()
    loaded = open_and_load(data_dir, False, 0)
    assert isinstance(loaded, Loaded)
    window.attach(loaded)

    # Sleep in the event loop between events, as the idle app does: spinning processEvents()
    # would hold the interpreter lock and starve the database worker being measured.
    heartbeat = QTimer()
    heartbeat.start(50)

    def settle(seconds: float) -> None:
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)

    def wait(condition: Callable[[], bool], timeout: float = 10.0) -> None:
        deadline = time.perf_counter() + timeout
        while not condition():
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
            if time.perf_counter() > deadline:
                raise TimeoutError("benchmark step did not finish")

    wait(lambda: window._service is not None)  # the write side is warm, as after start-up
    source, target = Stage.LEAD, Stage.FIRST_CONTACT
    samples = []
    for i in range(MOVES):
        a, b = (source, target) if i % 2 == 0 else (target, source)
        src, dst = window.kanban.view(a), window.kanban.view(b)
        index = src.model().index(0, 0)
        contact_id = index.data(Role.ContactId)
        mime = src.model().mimeData([index])
        centre = dst.viewport().rect().center()
        for kind in (QDragEnterEvent, QDragMoveEvent):  # what a real drag delivers first
            QApplication.sendEvent(
                dst.viewport(),
                kind(
                    centre,
                    Qt.DropAction.MoveAction,
                    mime,
                    Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier,
                ),
            )
        drop = QDropEvent(
            QPointF(dst.viewport().rect().center()),
            Qt.DropAction.MoveAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        started = time.perf_counter()
        QApplication.sendEvent(dst.viewport(), drop)
        target_model = window.board.columns[b]

        def arrived(cid: str = contact_id, m: StageColumnModel = target_model) -> bool:
            return m.row_of(cid) >= 0

        wait(arrived)
        src.viewport().repaint()
        dst.viewport().repaint()
        samples.append((time.perf_counter() - started) * 1000)
    emit(
        "kanban.stage_change_p95_ms",
        percentile(samples, 95),
        "ms",
        median_ms=round(median(samples), 2),
        moves=MOVES,
        contacts=CONTACTS,
    )

    samples = []
    applied = [0]
    window.board.counts_changed.connect(lambda: applied.__setitem__(0, applied[0] + 1))
    for query in FILTER_QUERIES * 3:
        window.filter_edit.clear()
        wait(lambda: window.board.visible is None)
        app.processEvents()
        for char in query:
            settle(TYPING_GAP_S)  # a fast typist's pace; the board finishes its layout between keys
            before = applied[0]
            started = time.perf_counter()
            if char.isascii():
                QTest.keyClicks(window.filter_edit, char)
            else:  # what an input method's commit does (QTest types ASCII only)
                window.filter_edit.insert(char)

            def filtered(b: int = before) -> bool:
                return applied[0] > b and window.board.visible is not None

            wait(filtered)
            for stage_column in window.kanban.columns.values():
                if stage_column.isVisible():
                    stage_column.view.viewport().repaint()
            samples.append((time.perf_counter() - started) * 1000)
    emit(
        "kanban.filter_p95_ms",
        percentile(samples, 95),
        "ms",
        median_ms=round(median(samples), 2),
        keystrokes=len(samples),
        typing_gap_ms=TYPING_GAP_S * 1000,
        contacts=CONTACTS,
    )
    window.close()
    executor.shutdown()
    loaded.workspace.close()


def run() -> None:
    data_dir = seeded_data_dir(CONTACTS)
    startup(data_dir)
    interactive(data_dir)
