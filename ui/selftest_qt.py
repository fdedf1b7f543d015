"""`--self-test`, Qt half: the platform plugin, translations, Chinese fonts and the main window.

The core checks (`consultant_app.selftest`) run first on the same temporary data folder; these
then start a QApplication — offscreen unless QT_QPA_PLATFORM names another platform — and
build the real main window on that folder. Qt aborts the process when no platform plugin can
be loaded, so the report is flushed before the application is created: the lines printed up to
then still say how far the installation got.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING

from consultant_app.selftest import (
    CORE_CHECKS,
    Check,
    SelfTest,
    SelfTestError,
    import_all,
    run_self_test,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

#: How long the window runs before it is grabbed: past the deferred start-up work (the rest of
#: the cards, the detail panel, Today, the contact service on the worker).
SETTLE_MS = 1500
#: A grabbed window with fewer distinct colours than this is blank or a flat fill.
MIN_COLOURS = 8


class QtChecks:
    """The Qt checks, sharing one QApplication."""

    def __init__(self) -> None:
        self.app: QApplication | None = None

    def checks(self) -> list[tuple[str, Check]]:
        return [
            ("qt platform", self.check_platform),
            ("qt imports", self.check_imports),
            ("translations", self.check_translations),
            ("qt translations", self.check_qt_translations),
            ("chinese fonts", self.check_fonts),
            ("main window", self.check_main_window),
            ("demo server", self.check_demo_server),
        ]

    def check_demo_server(self, run: SelfTest) -> str:
        """The embedded server (what `--demo` runs) starts, signs a desk in and syncs it."""
        from consultant_app.store.database import LocalProfile, open_workspace
        from consultant_app.sync.desk import DeskLink
        from consultant_app.sync.loop import SyncState
        from consultant_server.demo import (
            DEMO_PASSWORD,
            DEMO_USER,
            EmbeddedServer,
            prepare_demo_server,
        )

        server = EmbeddedServer(prepare_demo_server(run.data_dir / "demo-server", 3))
        server.start()
        workspace = open_workspace(run.data_dir / "demo-desk", LocalProfile("demo", "演示"))
        try:
            link = DeskLink(workspace, server.url)
            try:
                link.sign_in(DEMO_USER, DEMO_PASSWORD)
                assert link.loop is not None
                status = link.loop.run_round()
                link.sign_out()
            finally:
                link.close()
            if status.state is not SyncState.SYNCED:
                raise SelfTestError(f"sync ended {status.state.value}: {status.reason}")
            report = status.report
            pulled = 0 if report is None else report.pulled
        finally:
            workspace.close()
            server.stop()
        return f"served on loopback, signed in and pulled {pulled} changes"

    def application(self) -> QApplication:
        if self.app is None:
            raise SelfTestError("no QApplication (see the qt platform check)")
        return self.app

    def check_platform(self, _run: SelfTest) -> str:
        """A QApplication starts on the requested platform plugin (offscreen by default)."""
        from PySide6.QtCore import QLibraryInfo
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtWidgets import QApplication

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # "xcb", "offscreen:fontengine=freetype", or a fallback list such as "wayland;xcb".
        requested = os.environ["QT_QPA_PLATFORM"]
        accepted = [entry.split(":", 1)[0] for entry in requested.split(";")]
        sys.stdout.flush()  # Qt aborts the process if no plugin can be loaded
        existing = QApplication.instance()
        self.app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
        loaded = QGuiApplication.platformName()
        # Variants report their family's name (wayland-egl loads as wayland).
        if not any(name.startswith(loaded) for name in accepted):
            raise SelfTestError(f"asked for {requested}, Qt loaded {loaded}")
        plugins = QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)
        return f"{loaded} (plugins in {plugins})"

    def check_imports(self, _run: SelfTest) -> str:
        """Every module of the UI imports (with the QApplication up, as in the app)."""
        self.application()
        return f"{import_all('ui')} modules of ui"

    def check_translations(self, _run: SelfTest) -> str:
        """Our zh_CN translation loads: the first stage is 客户线索."""
        from consultant_app.domain.stages import Stage
        from ui.labels import stage_label
        from ui.theme import install_translators

        install_translators(self.application(), "zh_CN")
        label = stage_label(Stage.LEAD)
        if label != "客户线索":
            raise SelfTestError(f"the lead stage reads {label!r}, not 客户线索")
        return f"showroom_zh_CN: Lead → {label}"

    def check_qt_translations(self, _run: SelfTest) -> str:
        """Qt's own zh_CN translation loads: a standard Cancel button reads 取消."""
        from PySide6.QtCore import QLibraryInfo
        from PySide6.QtWidgets import QDialogButtonBox

        self.application()
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        text = box.button(QDialogButtonBox.StandardButton.Cancel).text()
        box.deleteLater()
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if text != "取消":
            raise SelfTestError(f"Cancel reads {text!r}; is qtbase_zh_CN.qm in {folder}?")
        return f"qtbase_zh_CN: Cancel → {text}"

    def check_fonts(self, _run: SelfTest) -> str:
        """A font with Chinese glyphs is installed, and what the UI font resolves to."""
        from PySide6.QtGui import QFontDatabase, QFontInfo, QFontMetrics

        from ui.theme import apply_theme

        app = self.application()
        families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
        if not families:
            raise SelfTestError("no installed font supports Simplified Chinese")
        apply_theme(app)
        font = app.font()
        resolved = QFontInfo(font).family()
        glyphs = "has" if QFontMetrics(font).inFontUcs4(ord("客")) else "lacks (falls back for)"
        return f"{len(families)} Simplified Chinese families; UI font {resolved} {glyphs} 客户"

    def check_main_window(self, run: SelfTest) -> str:
        """The main window opens on a seeded workspace, loads its cards and paints them."""
        from PySide6.QtCore import QEventLoop, QTimer

        from consultant_app.catalogue import load_catalogue
        from consultant_app.domain.stages import ALL_STAGES
        from consultant_app.settings import Settings
        from consultant_app.startup import open_desk
        from ui.main_window import MainWindow
        from ui.tasks import SerialExecutor

        self.application()
        run.contact("王芳", "13900001111")  # the store checks seeded the others
        errors: list[str] = []
        executor = SerialExecutor("self-test database")
        executor.task_failed.connect(lambda name, exc: errors.append(f"task {name}: {exc!r}"))
        window = MainWindow(executor, Settings.in_dir(run.data_dir), load_catalogue(), "zh_CN")
        # A failed task would otherwise open a modal message box and wait for a click.
        window.show_error = lambda exc: errors.append(repr(exc))  # type: ignore[method-assign]
        start = None
        try:
            with _recording_exceptions(errors):
                window.show()
                start = open_desk(run.data_dir, demo=False, demo_contacts=0, first_cards=24)
                window.attach(start)
                loop = QEventLoop()
                QTimer.singleShot(SETTLE_MS, loop.quit)
                loop.exec()
                image = window.grab().toImage()
            if errors:
                raise SelfTestError("; ".join(errors))
            cards = sum(window.board.columns[stage].rowCount() for stage in ALL_STAGES)
            expected = len(run.contacts())
            if cards != expected:
                raise SelfTestError(f"the board shows {cards} cards, the workspace has {expected}")
            colours = _distinct_colours(image)
            if colours < MIN_COLOURS:
                raise SelfTestError(f"the grabbed window is blank ({colours} colours)")
            title = window.windowTitle()
        finally:
            window.close()
            window.deleteLater()
            executor.shutdown()
            executor.deleteLater()
            if start is not None:
                start.workspace.close()
        return (
            f"{title}: {cards} cards, grabbed {image.width()}×{image.height()}"
            f" with {colours} colours"
        )


def _distinct_colours(image: QImage, step: int = 3) -> int:
    """Distinct pixel values on a grid over `image`."""
    return len(
        {
            image.pixel(x, y)
            for y in range(0, image.height(), step)
            for x in range(0, image.width(), step)
        }
    )


@contextmanager
def _recording_exceptions(errors: list[str]) -> Iterator[None]:
    """Collect exceptions raised in Qt slots (PySide reports them through sys.excepthook)."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        errors.append(f"{kind.__name__}: {exc}")
        previous(kind, exc, tb)

    sys.excepthook = hook
    try:
        yield
    finally:
        sys.excepthook = previous


def qt_header() -> list[str]:
    """Versions of Qt and PySide6 for the report's header."""
    import PySide6
    from PySide6.QtCore import qVersion

    return [f"Qt {qVersion()}, PySide6 {PySide6.__version__}"]


def run_full_self_test() -> int:
    """The core checks, then the Qt checks, on one temporary data folder; the exit status."""
    qt = QtChecks()
    return run_self_test(checks=[*CORE_CHECKS, *qt.checks()], extra_header=qt_header())
