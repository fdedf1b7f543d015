"""Unhandled exceptions: logged with their traceback, then explained calmly, one dialog at a time.

`install_crash_handler` hooks `sys.excepthook` (exceptions in Qt slots and on the GUI thread)
and `threading.excepthook` (Python threads); background code hands over exceptions it caught
with `report_exception` (or `report_task_failure`, shaped for `SerialExecutor.task_failed`).
Every report is logged at once, with its full traceback, from whichever thread it came; the
dialog is always shown on the GUI thread, through a queued signal. While a dialog is open,
further reports join it ("2 more problems happened") instead of opening another, and the same
problem is not shown again for a minute after the user pressed Continue, so a failing paint or
timer cannot bury the consultant in dialogs.

The dialog says what happened in one sentence, that the data is safe (every change is committed
to the local SQLite database before the UI shows it, and unsynced changes wait in its outbox),
and offers Copy details (traceback plus diagnostics, for support), Continue and Quit. The copied
report is in English, like the log and the diagnostics, because support reads it.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum, auto
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from consultant_app.diagnostics import redact_personal_data

log = logging.getLogger(__name__)

translate = QCoreApplication.translate  # lupdate finds translate("Context", "text") calls

#: After Continue, the same problem (type and place) opens no new dialog for this long.
QUIET_SECONDS = 60.0


def _exit_app() -> None:
    """Leave every event loop, so `run_gui`'s clean-up (workers, database) still runs.

    Before the main loop has started (a crash during start-up) `exit` does nothing, so the
    loop is also told to end as soon as it starts.
    """
    QCoreApplication.exit(1)
    QTimer.singleShot(0, lambda: QCoreApplication.exit(1))


@dataclass(frozen=True)
class AppInfo:
    """What the crash handler needs to know about the app.

    `diagnostics` returns the diagnostics text appended to copied details (called on the GUI
    thread when the user copies; an exception there is logged and noted in the copy). `quit`
    ends the app when the user chooses Quit.
    """

    version: str
    log_file: Path | None = None
    diagnostics: Callable[[], str] | None = None
    quit: Callable[[], None] = _exit_app


class CrashKind(Enum):
    """The families of failure the dialog can describe in plain words."""

    MEMORY = auto()
    DISK_FULL = auto()
    PERMISSION = auto()
    FILE = auto()
    DATABASE = auto()
    NETWORK = auto()
    OTHER = auto()


@dataclass(frozen=True, slots=True)
class Crash:
    """One reported exception, as plain data (it crosses threads)."""

    type_name: str
    message: str
    traceback: str
    context: str
    kind: CrashKind
    signature: tuple[str, str]
    when: datetime = field(default_factory=lambda: datetime.now().astimezone())

    def report(self) -> str:
        """This crash as text for support."""
        return (
            f"Time: {self.when.isoformat(timespec='seconds')}\n"
            f"Where: {self.context}\n"
            f"{self.traceback.rstrip()}"
        )


def classify(exc: BaseException) -> CrashKind:
    """Which plain-words family `exc` belongs to."""
    module = type(exc).__module__ or ""
    if isinstance(exc, MemoryError):
        return CrashKind.MEMORY
    if isinstance(exc, sqlite3.Error) or module.startswith(("sqlalchemy", "alembic")):
        return CrashKind.DATABASE
    if isinstance(exc, ConnectionError | TimeoutError) or module.startswith(("httpx", "httpcore")):
        return CrashKind.NETWORK
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return CrashKind.DISK_FULL
    if isinstance(exc, PermissionError):
        return CrashKind.PERMISSION
    if isinstance(exc, OSError):
        return CrashKind.FILE
    return CrashKind.OTHER


def make_crash(exc: BaseException, context: str, tb: TracebackType | None = None) -> Crash:
    """A `Crash` for `exc` (its own traceback unless `tb` is given)."""
    trace = tb if tb is not None else exc.__traceback__
    text = "".join(traceback.format_exception(type(exc), exc, trace))
    frames = traceback.extract_tb(trace) if trace is not None else []
    place = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    return Crash(
        type_name=type(exc).__name__,
        message=str(exc),
        traceback=text,
        context=context,
        kind=classify(exc),
        signature=(f"{type(exc).__module__}.{type(exc).__qualname__}", place),
    )


def what_happened(crash: Crash) -> str:
    """One translated sentence saying what went wrong, without jargon."""
    if crash.kind is CrashKind.MEMORY:
        return translate("CrashDialog", "The computer ran out of memory.")
    if crash.kind is CrashKind.DISK_FULL:
        return translate("CrashDialog", "The disk is full, so a file could not be saved.")
    if crash.kind is CrashKind.PERMISSION:
        return translate(
            "CrashDialog", "Showroom Desk was not allowed to read or write one of its files."
        )
    if crash.kind is CrashKind.FILE:
        return translate("CrashDialog", "A file or folder could not be read or written.")
    if crash.kind is CrashKind.DATABASE:
        return translate("CrashDialog", "The local database could not finish a request.")
    if crash.kind is CrashKind.NETWORK:
        return translate("CrashDialog", "A connection to the server failed.")
    return translate(
        "CrashDialog", "An unexpected error ({error}) stopped what Showroom Desk was doing."
    ).format(error=crash.type_name)


class CrashDialog(QDialog):
    """The friendly face of an unhandled exception: what happened, that data is safe, and
    Copy details / Continue / Quit. Reports arriving while it is open join it (`add`)."""

    def __init__(self, first: Crash, info: AppInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._info = info
        self._crashes = [first]
        self.quit_chosen = False
        self.setObjectName("crash_dialog")
        self.setWindowTitle(self.tr("Showroom Desk"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)

        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(40, 40)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel(self.tr("Something went wrong"))
        title.setObjectName("crash_title")
        title_font = QFont(title.font())
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        title.setFont(title_font)
        self._what = QLabel(what_happened(first))
        self._what.setObjectName("crash_what")
        safe = QLabel(
            self.tr(
                "Your customers and every change you made are safe in the local database on "
                "this computer, including changes not yet synced to the server."
            )
        )
        safe.setObjectName("crash_safe")
        advice = QLabel(
            self.tr(
                "You can continue working. If this keeps happening, choose Copy details and "
                "send them to support."
            )
        )
        self._more = QLabel()
        self._more.setObjectName("crash_more")
        self._more.setVisible(False)
        for label in (title, self._what, safe, advice, self._more):
            label.setWordWrap(True)
            label.setMinimumWidth(420)
        self._what.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._details_toggle = QToolButton()
        self._details_toggle.setObjectName("crash_details_toggle")
        self._details_toggle.setText(self.tr("&Details"))
        self._details_toggle.setCheckable(True)
        self._details_toggle.setAutoRaise(True)
        self._details_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self._details_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._details_toggle.toggled.connect(self._show_details)
        self._details = QPlainTextEdit()
        self._details.setObjectName("crash_details")
        self._details.setReadOnly(True)
        self._details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self._details.setFixedHeight(self._details.fontMetrics().lineSpacing() * 10 + 12)
        self._details.setVisible(False)

        text = QVBoxLayout()
        text.setSpacing(10)
        for widget in (title, self._what, safe, advice, self._more):
            text.addWidget(widget)
        text.addWidget(self._details_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        text.addWidget(self._details)

        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(self.tr("&Copy details"))
        self.copy_button.setObjectName("crash_copy")
        self.copy_button.setAutoDefault(False)
        self.continue_button = QPushButton(self.tr("C&ontinue"))
        self.continue_button.setObjectName("crash_continue")
        self.quit_button = QPushButton(self.tr("&Quit"))
        self.quit_button.setObjectName("crash_quit")
        self.quit_button.setAutoDefault(False)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.continue_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.continue_button.setDefault(True)
        self.copy_button.clicked.connect(self.copy_details)
        self.continue_button.clicked.connect(self.accept)
        self.quit_button.clicked.connect(self._quit)

        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        body.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(16)
        layout.addLayout(body)
        layout.addWidget(buttons)
        self._refresh()
        self.continue_button.setFocus()

    # -- public API -----------------------------------------------------------------------

    def crashes(self) -> list[Crash]:
        """Every report this dialog stands for, first one first."""
        return list(self._crashes)

    def add(self, crash: Crash) -> None:
        """Another report arrived while this dialog was open: count it, keep its details."""
        self._crashes.append(crash)
        self._refresh()

    def details_text(self) -> str:
        """What Copy details copies: every traceback, then the diagnostics (phones masked)."""
        parts = [f"Showroom Desk {self._info.version} problem report"]
        for number, crash in enumerate(self._crashes, start=1):
            if len(self._crashes) > 1:
                parts.append(f"--- Problem {number} of {len(self._crashes)} ---")
            parts.append(crash.report())
        if self._info.log_file is not None:
            parts.append(f"Log file: {self._info.log_file}")
        parts.append("--- Diagnostics ---")
        parts.append(self._diagnostics())
        return redact_personal_data("\n".join(parts))

    def copy_details(self) -> None:
        """Put the details on the clipboard, for a chat or an e-mail to support."""
        QGuiApplication.clipboard().setText(self.details_text())
        self.copy_button.setText(self.tr("Copied"))
        QTimer.singleShot(2000, self, lambda: self.copy_button.setText(self.tr("&Copy details")))

    # -- internals ------------------------------------------------------------------------

    def _diagnostics(self) -> str:
        if self._info.diagnostics is None:
            return "(not available)"
        try:
            return self._info.diagnostics()
        except Exception as exc:  # the report must still be copied
            log.exception("diagnostics for the crash report failed")
            return f"(could not be collected: {type(exc).__name__}: {exc})"

    def _refresh(self) -> None:
        extra = len(self._crashes) - 1
        if extra:
            self._more.setText(self.tr("%n more problem(s) happened since.", "", extra))
            self._more.setVisible(True)
        self._details.setPlainText(
            "\n\n".join(redact_personal_data(crash.report()) for crash in self._crashes)
        )

    def _show_details(self, shown: bool) -> None:
        self._details_toggle.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )
        self._details.setVisible(shown)
        self.adjustSize()

    def _quit(self) -> None:
        self.quit_chosen = True
        self.reject()


class CrashReporter(QObject):
    """Receives reports from any thread; logs each at once and shows them on the GUI thread.

    Create it on the GUI thread (after the QApplication); `install_crash_handler` does.
    """

    crashed = Signal(object)  # a Crash; connected queued, so its slot runs on the GUI thread
    dialog_shown = Signal(object)  # the CrashDialog just shown, for whoever watches (tests)

    def __init__(self, info: AppInfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self.dialogs_shown = 0
        self.suppressed = 0
        self._dialog: CrashDialog | None = None
        self._showing = False
        self._quiet_until: dict[tuple[str, str], float] = {}
        self._previous_excepthook: Callable[..., object] | None = None
        self._previous_threading_hook: Callable[[threading.ExceptHookArgs], object] | None = None
        self.crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)

    # -- hooks ----------------------------------------------------------------------------

    def install(self) -> None:
        """Become `sys.excepthook` and `threading.excepthook` (the previous ones are kept)."""
        self._previous_excepthook = sys.excepthook
        self._previous_threading_hook = threading.excepthook
        sys.excepthook = self.excepthook
        threading.excepthook = self.threading_excepthook

    def uninstall(self) -> None:
        """Put the previous hooks back."""
        if self._previous_excepthook is not None:
            sys.excepthook = self._previous_excepthook
        if self._previous_threading_hook is not None:
            threading.excepthook = self._previous_threading_hook
        self._previous_excepthook = self._previous_threading_hook = None

    def excepthook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        """`sys.excepthook`: exceptions in Qt slots and uncaught ones on the main thread."""
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        self.report(exc, context=_thread_context(), tb=tb)

    def threading_excepthook(self, args: threading.ExceptHookArgs) -> None:
        """`threading.excepthook`: an exception ended a Python thread."""
        if args.exc_type is SystemExit:
            return
        exc = args.exc_value
        if exc is None:  # possible in principle: the hook gets the type alone
            exc = RuntimeError(f"{args.exc_type.__name__} (no exception value)")
        name = args.thread.name if args.thread is not None else "?"
        self.report(exc, context=f"thread {name!r}", tb=args.exc_traceback)

    # -- reporting ------------------------------------------------------------------------

    def report(
        self, exc: BaseException, *, context: str = "", tb: TracebackType | None = None
    ) -> None:
        """Log `exc` and show it to the user; safe to call from any thread."""
        crash = make_crash(exc, context or _thread_context(), tb)
        log.critical(
            "unhandled %s in %s",
            crash.type_name,
            crash.context,
            exc_info=(type(exc), exc, tb if tb is not None else exc.__traceback__),
        )
        app = QCoreApplication.instance()
        if app is None:
            return  # no GUI (yet): the log has it
        # The QApplication is made on the main thread, so that is the GUI thread.
        on_gui_thread = threading.current_thread() is threading.main_thread()
        if on_gui_thread and QThread.currentThread().loopLevel() == 0:
            # No event loop runs (start-up, or the exception is ending the program): a queued
            # dialog would never appear, so show it now, modally.
            self._show(crash, blocking=True)
        else:
            self.crashed.emit(crash)

    @property
    def dialog(self) -> CrashDialog | None:
        """The crash dialog on screen, if any."""
        return self._dialog

    @Slot(object)
    def _show(self, crash: Crash, blocking: bool = False) -> None:
        if self._showing:  # the dialog itself failed: never recurse
            log.error("a problem occurred while showing the crash dialog; see above")
            return
        if self._dialog is not None:
            self._dialog.add(crash)
            return
        if self._quiet_until.get(crash.signature, 0.0) > time.monotonic():
            self.suppressed += 1
            log.info("not showing a repeat of %s at %s again yet", *crash.signature)
            return
        self._showing = True
        try:
            dialog = CrashDialog(crash, self.info)
        except Exception:
            log.exception("could not show the crash dialog")
            return
        finally:
            self._showing = False
        dialog.finished.connect(lambda _result: self._dismissed(dialog))
        self._dialog = dialog
        self.dialogs_shown += 1
        if blocking:
            self.dialog_shown.emit(dialog)
            dialog.exec()  # reports arriving meanwhile join it (its loop runs their slots)
            return
        dialog.show()  # a new window comes up in front; raise() would only warn offscreen
        dialog.activateWindow()
        self.dialog_shown.emit(dialog)

    def _dismissed(self, dialog: CrashDialog) -> None:
        if self._dialog is not dialog:
            return
        self._dialog = None
        until = time.monotonic() + QUIET_SECONDS
        for crash in dialog.crashes():
            self._quiet_until[crash.signature] = until
        dialog.deleteLater()
        if dialog.quit_chosen:
            log.info("the user chose Quit after a crash")
            self.info.quit()


def _thread_context() -> str:
    thread = threading.current_thread()
    return "the main thread" if thread is threading.main_thread() else f"thread {thread.name!r}"


_reporter: CrashReporter | None = None


def install_crash_handler(info: AppInfo) -> CrashReporter:
    """Log and show every unhandled exception from now on; returns the reporter.

    Call once, on the GUI thread, after the QApplication exists. `reporter.uninstall()` (or a
    second install) puts the previous hooks back first.
    """
    global _reporter  # noqa: PLW0603 (one handler per process, like sys.excepthook itself)
    if _reporter is not None:
        _reporter.uninstall()
    app = QApplication.instance()
    reporter = CrashReporter(info, app)
    reporter.install()
    _reporter = reporter
    return reporter


def uninstall_crash_handler() -> None:
    """Restore the hooks that were there before `install_crash_handler`."""
    global _reporter  # noqa: PLW0603
    if _reporter is not None:
        _reporter.uninstall()
        _reporter.deleteLater()
        _reporter = None


def report_exception(exc: BaseException, *, context: str = "") -> None:
    """Report an exception that background code caught: logged, then shown on the GUI thread.

    Safe from any thread. Before `install_crash_handler` (or without a GUI) it is only logged.
    """
    if _reporter is None:
        log.critical("unhandled %s in %s", type(exc).__name__, context or "?", exc_info=exc)
        return
    _reporter.report(exc, context=context)


def report_task_failure(name: str, exc: object) -> None:
    """`SerialExecutor.task_failed`'s shape: a task without its own error handler failed."""
    if isinstance(exc, BaseException):
        report_exception(exc, context=f"background task {name!r}")
    else:
        log.error("background task %r failed with %r", name, exc)
