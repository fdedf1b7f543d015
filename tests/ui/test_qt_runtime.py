"""The Qt binding itself: guards against PySide6 releases with reference-counting bugs."""

from __future__ import annotations

import sys
import threading

from PySide6.QtCore import QCoreApplication, QObject, Signal
from pytestqt.qtbot import QtBot


class _Emitter(QObject):
    plain = Signal()
    payload = Signal(object)


def test_emitting_signals_leaves_none_and_true_reference_counts_alone(qtbot: QtBot) -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.plain.connect(lambda: None)
    emitter.payload.connect(received.append)
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2000):
        emitter.plain.emit()
        emitter.payload.emit(None)
    received.clear()
    assert (sys.getrefcount(None), sys.getrefcount(True)) == before


def test_queued_emits_from_a_thread_deliver_every_payload(qtbot: QtBot) -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.payload.connect(received.append)

    def work() -> None:
        for i in range(500):
            emitter.payload.emit(i)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(received) == 500)
    QCoreApplication.processEvents()
    assert received == list(range(500))
