"""Drive a real mouse drag of a kanban card through Qt's QDrag on xcb (run by test_real_drag).

Usage: python tests/ui/drag_driver.py DATA_DIR  (with DISPLAY set, e.g. under xvfb-run)

The offscreen platform ends QDrag.exec() at once, so this runs the real window on xcb. The
button is pressed on the first Lead card and moved past the drag distance; QAbstractItemView
then starts a QDrag whose exec() runs its own event loop. Timers deliver the rest of the gesture
inside that loop: Qt's drag (QBasicDrag/QXcbDrag) filters the mouse events, finds the window
under the pointer through the X server and delivers drag enter, move and drop as it would for
a hand on a mouse. Prints one JSON line; exits 0 when the card is in First contact on the board
and in the database, 1 with a reason otherwise, 2 when it cannot run here.
"""

from __future__ import annotations

import faulthandler
import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    QPoint,
    Qt,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QDrag
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from consultant_app.catalogue import load_catalogue
from consultant_app.domain.contact import ContactDraft
from consultant_app.domain.stages import Stage
from consultant_app.services.contacts import ContactService
from consultant_app.settings import Settings
from consultant_app.store.database import DB_FILENAME, open_workspace
from ui.app import open_and_load
from ui.kanban.board import CardListView
from ui.kanban.model import Role
from ui.main_window import Loaded, MainWindow
from ui.tasks import SerialExecutor

SOURCE, TARGET = Stage.LEAD, Stage.FIRST_CONTACT
STEP_MS = 50  # between the events of the gesture, so each is handled before the next
DRAG_START_S = 3.0  # for QAbstractItemView to start the QDrag after the press and moves
DRAG_S = 5.0  # for the gesture inside the drag; then Escape cancels it
COMMIT_S = 10.0  # for the move to reach the database and the board
WATCHDOG_S = 45  # last resort: dump the stacks and exit, never hang the test run


def seed(data_dir: Path) -> None:
    """A workspace with two leads and one customer already in First contact."""
    workspace = open_workspace(data_dir)
    try:
        service = ContactService(workspace)
        service.add_contact(ContactDraft(name="张伟", mobile="13812345678", models=("迈腾",)))
        service.add_contact(ContactDraft(name="王芳", mobile="13900001111"))
        li = service.add_contact(ContactDraft(name="李娜", mobile="13700002222"))
        service.move_stage([li], TARGET)
    finally:
        workspace.close()


def stage_in_db(data_dir: Path, contact_id: str) -> str | None:
    conn = sqlite3.connect(data_dir / DB_FILENAME, timeout=5)
    try:
        row = conn.execute("SELECT stage FROM contact WHERE id = ?", (contact_id,)).fetchone()
    finally:
        conn.close()
    return None if row is None else str(row[0])


class QtWarnings:
    """Qt's warnings while the driver runs: as in the test suite, any of them fails the run."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        print(message, file=sys.stderr)
        if kind not in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
            self.messages.append(message)


def wait_until(condition: Callable[[], bool], timeout_s: float) -> bool:
    """Run the event loop until `condition` holds or `timeout_s` passes."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        QTest.qWait(20)
    return True


class DragGesture:
    """Press on a card, start the view's QDrag, then move and release inside its loop."""

    def __init__(self, window: MainWindow, source: CardListView, target: CardListView) -> None:
        self.window = window
        self.source = source
        self.target = target
        self.drag: QDrag | None = None
        self.drag_targets: list[str] = []
        self.dropped: list[tuple[list[str], str, bool]] = []  # ids, stage, during the drag
        self.cancelled = False
        self._in_drag = False
        self._steps: list[Callable[[], None]] = []
        self._started_at = 0.0
        self._timer = QTimer()
        self._timer.setInterval(STEP_MS)
        self._timer.timeout.connect(self._tick)
        target.cards_dropped.connect(self._on_dropped)

    def run(self, row: int) -> None:
        """Perform the whole gesture on `row` of the source column; returns after the drag."""
        viewport = self.source.viewport()
        start = self.source.visualRect(self.source.model().index(row, 0)).center()
        beyond = QApplication.startDragDistance() * 2 + 4
        own_column = start + QPoint(0, beyond + 8)
        on_target = self.target.viewport().rect().center()
        self._steps = [
            # Over its own column first: the view refuses the drop there.
            lambda: QTest.mouseMove(viewport, own_column),
            lambda: QTest.mouseMove(self.target.viewport(), on_target - QPoint(0, 30)),
            lambda: QTest.mouseMove(self.target.viewport(), on_target),
            lambda: QTest.mouseRelease(
                self.target.viewport(),
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
                on_target,
            ),
        ]
        QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        # The first move puts the view in its dragging state, the second (past the start-drag
        # distance) starts the QDrag. exec() blocks here until the drop; the timer runs inside.
        QTest.mouseMove(viewport, start + QPoint(1, 1))
        self._started_at = time.monotonic()
        self._timer.start()
        self._in_drag = True
        try:
            QTest.mouseMove(viewport, start + QPoint(0, beyond))
        finally:
            self._in_drag = False
            self._timer.stop()

    def _tick(self) -> None:
        if self.drag is None:
            self.drag = self.source.findChild(QDrag)
            if self.drag is None:
                self._give_up_after(DRAG_START_S)
                return
            self.drag.targetChanged.connect(self._on_target_changed)
        if self._steps:
            self._steps.pop(0)()
        else:
            self._give_up_after(DRAG_S)

    def _give_up_after(self, seconds: float) -> None:
        if time.monotonic() - self._started_at > seconds and not self.cancelled:
            self.cancelled = True
            QTest.keyClick(self.window, Qt.Key.Key_Escape)  # ends QDrag.exec() if it runs

    def _on_target_changed(self, target: QObject | None) -> None:
        self.drag_targets.append(self._name(target))

    def _on_dropped(self, ids: list[str], stage: Stage) -> None:
        self.dropped.append((list(ids), stage.value, self._in_drag))

    def _name(self, obj: QObject | None) -> str:
        """The stage whose column `obj` is, else its class (a drag may cross other widgets)."""
        for stage, column in self.window.kanban.columns.items():
            if obj is column.view.viewport() or obj is column.view:
                return stage.value
        return "none" if obj is None else type(obj).__name__


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    data_dir = Path(argv[1])
    if not os.environ.get("DISPLAY"):
        return report({"ok": False, "reason": "DISPLAY is not set; run under xvfb-run"}, 2)
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    faulthandler.dump_traceback_later(WATCHDOG_S, exit=True)
    seed(data_dir)
    warnings = QtWarnings()
    qInstallMessageHandler(warnings)

    app = QApplication([sys.argv[0]])
    executor = SerialExecutor("drag-db")
    window = MainWindow(executor, Settings.in_dir(data_dir), load_catalogue(), "en")
    loaded: Loaded | None = None
    try:
        window.show()
        result = open_and_load(data_dir, False, 0)
        assert isinstance(result, Loaded)
        loaded = result
        window.attach(loaded)
        if not QTest.qWaitForWindowExposed(window, 5000):
            return report({"ok": False, "reason": "the window was never exposed"}, 1)
        return drag_and_check(app, window, data_dir, warnings)
    finally:
        window.close()
        executor.shutdown()
        if loaded is not None:
            loaded.workspace.close()


def drag_and_check(
    app: QApplication, window: MainWindow, data_dir: Path, warnings: QtWarnings
) -> int:
    source, target = window.kanban.view(SOURCE), window.kanban.view(TARGET)
    if source.model().rowCount() == 0:
        return report({"ok": False, "reason": "the Lead column is empty"}, 1)
    contact_id = str(source.model().index(0, 0).data(Role.ContactId))
    gesture = DragGesture(window, source, target)
    began = time.monotonic()
    gesture.run(0)

    def moved() -> bool:
        on_board = contact_id in window.board.columns[TARGET].ids()
        return on_board and stage_in_db(data_dir, contact_id) == TARGET.value

    reason = gesture_failure(app, gesture, contact_id)
    if reason is None and not wait_until(moved, COMMIT_S):
        reason = "the move did not reach the board and the database"
    if reason is None and warnings.messages:
        reason = "Qt warned during the run"
    board_stage = window.board.stage_of(contact_id)
    result: dict[str, Any] = {
        "ok": reason is None,
        "platform": app.platformName(),
        "contact_id": contact_id,
        "drag_started": gesture.drag is not None,
        "drag_targets": gesture.drag_targets,
        "dropped": gesture.dropped,
        "cancelled": gesture.cancelled,
        "board_stage": None if board_stage is None else board_stage.value,
        "db_stage": stage_in_db(data_dir, contact_id),
        "seconds": round(time.monotonic() - began, 3),
        "qt_warnings": warnings.messages,
    }
    if reason is not None:
        result["reason"] = reason
    return report(result, 0 if reason is None else 1)


def gesture_failure(app: QApplication, gesture: DragGesture, contact_id: str) -> str | None:
    """Why the gesture did not drop the card on First contact through Qt's drag, if it did not."""
    if app.platformName() != "xcb":
        return f"ran on {app.platformName()!r}, not xcb"
    if gesture.drag is None:
        return "the view never started a QDrag"
    if gesture.cancelled:
        return "the drag did not finish in time and was cancelled"
    if gesture.dropped != [([contact_id], TARGET.value, True)]:
        return "First contact did not receive exactly this card's drop during the drag"
    if gesture.drag_targets[-1:] != [TARGET.value]:
        return "the QDrag did not end over the First contact column"
    return None


def report(result: dict[str, Any], code: int) -> int:
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
