"""The crash handler: every unhandled exception is logged and explained in one calm dialog."""

from __future__ import annotations

import errno
import logging
import sqlite3
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from ui.crash import (
    AppInfo,
    CrashDialog,
    CrashKind,
    CrashReporter,
    classify,
    install_crash_handler,
    report_exception,
    report_task_failure,
    uninstall_crash_handler,
)
from ui.tasks import SerialExecutor

# pytest-qt would otherwise put its own sys.excepthook back around each test phase.
pytestmark = pytest.mark.qt_no_exception_capture


class Shown:
    """The dialogs the reporter showed, with the thread each was shown on."""

    def __init__(self) -> None:
        self.dialogs: list[CrashDialog] = []
        self.threads: list[threading.Thread] = []

    def __call__(self, dialog: object) -> None:
        assert isinstance(dialog, CrashDialog)
        self.dialogs.append(dialog)
        self.threads.append(threading.current_thread())


@pytest.fixture
def quits() -> list[str]:
    return []


@pytest.fixture
def shown() -> Shown:
    return Shown()


@pytest.fixture
def reporter(
    qtbot: QtBot, qapp: QApplication, quits: list[str], shown: Shown
) -> Iterator[CrashReporter]:
    info = AppInfo(
        version="9.9.9",
        log_file=Path("/data/logs/showroom-desk.log"),
        diagnostics=lambda: "Diagnostics: all fine",
        quit=lambda: quits.append("quit"),
    )
    installed = install_crash_handler(info)
    installed.dialog_shown.connect(shown)
    yield installed
    if installed.dialog is not None:
        installed.dialog.close()  # the reporter deletes its dialogs itself once dismissed
    uninstall_crash_handler()


def wait_for_dialog(qtbot: QtBot, reporter: CrashReporter) -> CrashDialog:
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    assert reporter.dialog is not None
    return reporter.dialog


def label(dialog: CrashDialog, name: str) -> str:
    found = dialog.findChild(QLabel, name)
    assert isinstance(found, QLabel)
    return found.text()


def fail_in_slot() -> None:
    raise ValueError("客户卡片坏了")


def test_an_exception_in_a_slot_is_logged_with_its_traceback_and_shown(
    qtbot: QtBot, reporter: CrashReporter, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.CRITICAL, logger="ui.crash"):
        QTimer.singleShot(0, fail_in_slot)
        dialog = wait_for_dialog(qtbot, reporter)

    assert "Traceback (most recent call last)" in caplog.text
    assert "ValueError: 客户卡片坏了" in caplog.text
    assert label(dialog, "crash_title") == "Something went wrong"
    assert "(ValueError)" in label(dialog, "crash_what")
    assert "safe in the local database" in label(dialog, "crash_safe")
    assert "not yet synced" in label(dialog, "crash_safe")
    assert dialog.isModal()


def test_continue_closes_the_dialog_and_the_app_goes_on(
    qtbot: QtBot, reporter: CrashReporter, quits: list[str]
) -> None:
    QTimer.singleShot(0, fail_in_slot)
    dialog = wait_for_dialog(qtbot, reporter)

    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)

    assert reporter.dialog is None
    assert quits == []


def test_quit_asks_the_app_to_quit(qtbot: QtBot, reporter: CrashReporter, quits: list[str]) -> None:
    QTimer.singleShot(0, fail_in_slot)
    dialog = wait_for_dialog(qtbot, reporter)

    qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)

    assert quits == ["quit"]


def test_an_exception_in_a_python_thread_is_shown_on_the_gui_thread(
    qtbot: QtBot, reporter: CrashReporter, shown: Shown
) -> None:
    def work() -> None:
        raise RuntimeError("sync worker fell over")

    thread = threading.Thread(target=work, name="sync-worker")
    thread.start()
    thread.join()
    dialog = wait_for_dialog(qtbot, reporter)

    assert shown.threads == [threading.main_thread()]
    [crash] = dialog.crashes()
    assert (crash.type_name, crash.context) == ("RuntimeError", "thread 'sync-worker'")
    assert "sync worker fell over" in crash.traceback


def test_copy_details_puts_traceback_and_diagnostics_on_the_clipboard(
    qtbot: QtBot, reporter: CrashReporter
) -> None:
    try:
        raise ZeroDivisionError("customer 13812345678 has no budget")
    except ZeroDivisionError as exc:
        thread = threading.Thread(target=report_exception, args=(exc,))
        thread.start()
        thread.join()
    dialog = wait_for_dialog(qtbot, reporter)
    QGuiApplication.clipboard().clear()

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)

    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("Showroom Desk 9.9.9 problem report")
    assert "Traceback (most recent call last)" in copied
    assert "ZeroDivisionError: customer 138******78 has no budget" in copied
    assert "13812345678" not in copied
    assert "Log file: /data/logs/showroom-desk.log" in copied
    assert copied.rstrip().endswith("Diagnostics: all fine")


def test_two_quick_crashes_open_one_dialog(
    qtbot: QtBot, reporter: CrashReporter, shown: Shown
) -> None:
    def second() -> None:
        raise KeyError("second")

    QTimer.singleShot(0, fail_in_slot)
    QTimer.singleShot(0, second)
    qtbot.waitUntil(lambda: reporter.dialog is not None and len(reporter.dialog.crashes()) == 2)
    dialog = reporter.dialog
    assert dialog is not None

    visible = [w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog)]
    assert [w for w in visible if w.isVisible()] == [dialog]
    assert reporter.dialogs_shown == len(shown.dialogs) == 1
    assert "1 more problem" in label(dialog, "crash_more")
    assert "KeyError: 'second'" in dialog.details_text()


def test_the_same_problem_right_after_continue_opens_no_new_dialog(
    qtbot: QtBot, reporter: CrashReporter
) -> None:
    QTimer.singleShot(0, fail_in_slot)
    qtbot.mouseClick(wait_for_dialog(qtbot, reporter).continue_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fail_in_slot)
    qtbot.waitUntil(lambda: reporter.suppressed == 1)
    assert reporter.dialog is None

    def other() -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    QTimer.singleShot(0, other)
    dialog = wait_for_dialog(qtbot, reporter)
    assert label(dialog, "crash_what") == "The disk is full, so a file could not be saved."
    assert reporter.dialogs_shown == 2


def test_an_exception_before_the_event_loop_runs_is_shown_at_once(
    reporter: CrashReporter, shown: Shown
) -> None:
    def close_it() -> None:
        assert reporter.dialog is not None
        reporter.dialog.accept()

    QTimer.singleShot(0, close_it)  # runs inside the dialog's own event loop
    reporter.report(LookupError("at start-up"))

    assert len(shown.dialogs) == 1
    assert reporter.dialog is None


def test_quit_chosen_during_start_up_ends_the_event_loop_as_soon_as_it_starts(
    qapp: QApplication,
) -> None:
    AppInfo(version="1").quit()  # the default: no event loop is running yet
    safety_net = QTimer()  # should the quit be lost, end the loop anyway (and fail)
    safety_net.setSingleShot(True)
    safety_net.timeout.connect(lambda: qapp.exit(0))
    safety_net.start(5000)

    status = qapp.exec()
    safety_net.stop()

    assert status == 1


def test_a_failed_background_task_is_reported_through_task_failed(
    qtbot: QtBot, reporter: CrashReporter
) -> None:
    executor = SerialExecutor("crash-test")
    executor.task_failed.connect(report_task_failure)
    try:
        executor.submit(lambda: 1 / 0, name="nightly summary")
        dialog = wait_for_dialog(qtbot, reporter)
    finally:
        executor.shutdown()

    [crash] = dialog.crashes()
    assert (crash.type_name, crash.context) == (
        "ZeroDivisionError",
        "background task 'nightly summary'",
    )


def test_ctrl_c_in_a_terminal_is_not_a_crash(
    reporter: CrashReporter, capsys: pytest.CaptureFixture[str]
) -> None:
    reporter.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)

    assert reporter.dialog is None
    assert "KeyboardInterrupt" in capsys.readouterr().err


def test_uninstalling_puts_the_previous_hooks_back(qapp: QApplication) -> None:
    before = (sys.excepthook, threading.excepthook)
    installed = install_crash_handler(AppInfo(version="1"))
    assert sys.excepthook == installed.excepthook
    assert threading.excepthook == installed.threading_excepthook

    uninstall_crash_handler()

    assert (sys.excepthook, threading.excepthook) == before


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (MemoryError(), CrashKind.MEMORY),
        (OSError(errno.ENOSPC, "No space left on device"), CrashKind.DISK_FULL),
        (PermissionError(errno.EACCES, "Permission denied"), CrashKind.PERMISSION),
        (FileNotFoundError(errno.ENOENT, "No such file"), CrashKind.FILE),
        (sqlite3.OperationalError("database is locked"), CrashKind.DATABASE),
        (ConnectionRefusedError(), CrashKind.NETWORK),
        (TimeoutError(), CrashKind.NETWORK),
        (KeyError("x"), CrashKind.OTHER),
    ],
)
def test_each_kind_of_failure_gets_its_own_plain_sentence(
    exc: BaseException, kind: CrashKind
) -> None:
    assert classify(exc) is kind
