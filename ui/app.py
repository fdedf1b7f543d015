"""Start-up: arguments, logging, Qt, translations, opening the workspace, the main window."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from consultant_app import __version__

START = time.perf_counter()

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

    from consultant_app.deployment import Deployment
    from consultant_app.settings import Settings
    from consultant_app.startup import StartData
    from consultant_app.store.database import LocalProfile
    from consultant_server.demo import EmbeddedServer
    from ui.main_window import MainWindow
    from ui.sync_ui import SyncSetup
log = logging.getLogger(__name__)
LANGUAGES = ("zh_CN", "en")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="consultant-app", description="Showroom Desk (展厅顾问台) — the consultant's desk."
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation without a display and exit",
    )
    parser.add_argument("--data-dir", type=Path, help="folder for the database, settings and logs")
    parser.add_argument(
        "--deployment",
        type=Path,
        help="a deployment.toml to use instead of the one beside the program",
    )
    parser.add_argument("--lang", choices=LANGUAGES, help="interface language (default zh_CN)")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the demo showroom: a desk synced with an embedded demo server",
    )
    parser.add_argument(
        "--kiosk",
        action="store_true",
        help="open straight into the full-screen showroom display of this desk's codes"
        " (Esc returns to the desk)",
    )
    parser.add_argument(
        "--demo-contacts", type=int, default=300, help="contacts to seed a new demo with"
    )
    # For benchmarks/: report when the kanban has painted its data, then quit.
    parser.add_argument("--benchmark-startup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.demo_contacts < 0:
        parser.error("--demo-contacts must be 0 or more")
    return args


def resolve_data_dir(args: argparse.Namespace) -> Path:
    from consultant_app.paths import default_data_dir, demo_desk_dir

    if args.data_dir is not None:
        return Path(args.data_dir).expanduser().resolve()
    return demo_desk_dir() if args.demo else default_data_dir()


def main(argv: Sequence[str] | None = None) -> int:
    """The `consultant-app` command."""
    args = parse_args(argv)
    if args.version:
        print(f"Showroom Desk {__version__}")
        return 0
    if args.self_test:
        from ui.selftest_qt import run_full_self_test

        return run_full_self_test()
    data_dir = resolve_data_dir(args)
    try:
        from consultant_app.logs import setup_logging

        setup_logging(data_dir)
    except OSError as exc:
        # An unwritable folder is reported by the store dialog below; log to stderr meanwhile.
        logging.basicConfig(level=logging.INFO)
        log.warning("cannot write logs to %s: %s", data_dir, exc)
    log.info("Showroom Desk %s starting, data in %s", __version__, data_dir)
    return run_gui(args, data_dir)


def app_icon() -> QIcon:
    """The app's icon (resources/icons, drawn by packaging/make_icons.py); an empty icon if
    an incomplete installation lacks it: the window then shows the platform's default."""
    from PySide6.QtGui import QIcon

    from consultant_app.resources import resources_dir

    path = resources_dir() / "icons" / "showroom-desk.png"
    icon = QIcon(str(path))
    if icon.isNull():
        log.warning("the app icon is missing: %s", path)
    return icon


def run_gui(args: argparse.Namespace, data_dir: Path) -> int:
    from concurrent.futures import ThreadPoolExecutor

    import consultant_app.startup  # noqa: F401 (imported here, not on the thread: see below)

    # Open the database and read the first cards while Qt loads. SQLite works outside the
    # interpreter lock, so its query overlaps Qt's import; the thread's own imports would not
    # (loading Qt's extension modules holds the lock), hence the import above.
    if args.demo:
        # Imported here, before any thread starts: two threads importing SQLAlchemy at once can
        # see its modules half-initialised (its imports are circular).
        import consultant_server.demo
        import consultant_server.main  # noqa: F401
    early = ThreadPoolExecutor(1, thread_name_prefix="startup")
    if args.demo:
        # The demo desk starts empty and receives its customers from the embedded server.
        from consultant_app.demo import DEMO_PROFILE

        first = early.submit(open_and_load, data_dir, False, 0, DEMO_PROFILE)
        demo_server = ThreadPoolExecutor(1, thread_name_prefix="demo-server")
        server = demo_server.submit(start_demo_server, args.demo_contacts, first)
        demo_server.shutdown(wait=False)
    else:
        first = early.submit(open_and_load, data_dir, False, 0)
    early.shutdown(wait=False)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from consultant_app.catalogue import load_catalogue
    from consultant_app.deployment import effective_language, load_deployment
    from consultant_app.diagnostics import collect_diagnostics
    from consultant_app.logs import LOG_DIR, LOG_FILE
    from consultant_app.settings import LANGUAGE, Settings
    from ui.about_dialog import qt_versions, show_deployment_warning
    from ui.crash import AppInfo, install_crash_handler, report_task_failure
    from ui.main_window import MainWindow
    from ui.tasks import SerialExecutor
    from ui.theme import apply_theme, install_translators

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Showroom Desk")
    app.setOrganizationName("ShowroomDesk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("showroom-desk")  # Wayland/GNOME match the window to its .desktop
    app.setWindowIcon(app_icon())
    settings = (
        Settings.in_dir(data_dir) if data_dir.is_dir() else Settings(data_dir / "settings.json")
    )
    deployment = load_deployment(args.deployment)
    saved = settings.get(LANGUAGE) if settings.is_set(LANGUAGE) else None
    language = effective_language(args.lang, saved, deployment)
    if language not in LANGUAGES:
        language = "zh_CN"
    install_translators(app, language)
    apply_theme(app)
    install_crash_handler(
        AppInfo(
            version=__version__,
            log_file=data_dir / LOG_DIR / LOG_FILE,
            diagnostics=lambda: collect_diagnostics(
                data_dir, deployment, qt=qt_versions(), language=language
            ).as_text(),
        )
    )

    executor = SerialExecutor("database")
    executor.task_failed.connect(report_task_failure)
    window = MainWindow(executor, settings, load_catalogue(data_dir), language)
    window.deployment = deployment
    opener = WorkspaceOpener(window, executor, data_dir, args)
    if args.benchmark_startup:
        window.workspace_ready.connect(lambda: _report_startup(window))
    window.show()
    if args.kiosk:
        from ui.screen_mode import run_kiosk

        run_kiosk(window)  # a child of the window; Esc leaves it for the desk
    QTimer.singleShot(0, lambda: show_deployment_warning(window, deployment))
    QTimer.singleShot(0, lambda: opener.start(first))
    if args.demo:
        QTimer.singleShot(0, lambda: _when_demo_server_ready(window, server))
    elif not args.benchmark_startup:
        window.enable_sync(sync_setup(settings, deployment))
    try:
        return app.exec()
    finally:
        if window.sync_ui is not None:
            window.sync_ui.shutdown()
        executor.shutdown()
        if window.workspace is not None:
            window.workspace.close()
        if args.demo and server.done() and server.exception() is None:
            server.result().stop()


def sync_setup(settings: Settings, deployment: Deployment) -> SyncSetup:
    """How a real desk reaches its server: the manager's deployed address (fixed), else the
    one chosen at sign-in, else none yet (the first run asks)."""
    from consultant_app.settings import OFFLINE_ONLY, SERVER_URL
    from ui.sync_ui import SyncSetup

    server = deployment.server_url or settings.get(SERVER_URL)
    return SyncSetup(
        server_url=server,
        server_locked=bool(deployment.server_url),
        offline_only=settings.get(OFFLINE_ONLY) and not deployment.server_url,
    )


def start_demo_server(contacts: int, after: Future[StartData]) -> EmbeddedServer:
    """Prepare (the first time: fill) and start the embedded demo server on loopback.

    Waits for the desk's own open (`after`) first: Alembic keeps its migration context in
    module globals, so the desk's and the server's migrations must not run at once.
    """
    from concurrent.futures import wait

    from consultant_app.paths import demo_server_dir
    from consultant_server.demo import EmbeddedServer, prepare_demo_server

    wait([after])
    server = EmbeddedServer(prepare_demo_server(demo_server_dir(), contacts))
    server.start()
    return server


def _when_demo_server_ready(window: MainWindow, server: Future[EmbeddedServer]) -> None:
    from PySide6.QtCore import QCoreApplication, QTimer

    from consultant_server.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_USER
    from ui.sync_ui import SyncSetup

    if not server.done():
        QTimer.singleShot(20, lambda: _when_demo_server_ready(window, server))
        return
    error = server.exception()
    if error is not None:
        log.error("the demo server did not start", exc_info=error)
        window.statusBar().showMessage(
            QCoreApplication.translate(
                "App", "The demo server did not start; the demo works on this PC only."
            ),
            15000,
        )
        return
    names = ", ".join(f"{a.username} ({a.display_name})" for a in DEMO_ACCOUNTS)
    hint = QCoreApplication.translate("App", "Demo accounts: {names}. Password: {password}").format(
        names=names, password=DEMO_PASSWORD
    )
    window.enable_sync(
        SyncSetup(
            server_url=server.result().url,
            server_locked=True,
            auto_login=(DEMO_USER, DEMO_PASSWORD),
            hint=hint,
        )
    )


def _report_startup(window: object) -> None:
    from PySide6.QtWidgets import QApplication, QWidget

    assert isinstance(window, QWidget)
    window.repaint()  # paint synchronously: the kanban with its data is on screen now
    print(
        f"painted_at={time.time():.6f} painted_ms={(time.perf_counter() - START) * 1000:.1f}"
        f" rss_mb={_rss_mb():.1f}",
        flush=True,
    )
    QApplication.quit()


def _rss_mb() -> float:
    """Resident memory of this process in MB (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class WorkspaceOpener:
    """Opens (and for the demo, seeds) the workspace on the worker; asks the user on failure."""

    def __init__(
        self, window: object, executor: object, data_dir: Path, args: argparse.Namespace
    ) -> None:
        from ui.main_window import MainWindow
        from ui.tasks import SerialExecutor

        assert isinstance(window, MainWindow) and isinstance(executor, SerialExecutor)
        self.window = window
        self.executor = executor
        self.data_dir = data_dir
        self.demo = bool(args.demo)
        self.demo_contacts = int(args.demo_contacts)

    def start(self, first: Future[StartData]) -> None:
        """Hand over the result of the open begun at process start, once it is ready."""
        from PySide6.QtCore import QTimer

        if not first.done():
            QTimer.singleShot(2, lambda: self.start(first))
            return
        error = first.exception()
        if error is None:
            self.window.attach(first.result())
        else:
            self.failed(error)

    def open(self) -> None:
        data_dir, demo, contacts = self.data_dir, self.demo, self.demo_contacts
        self.executor.submit(
            lambda: open_and_load(data_dir, demo, contacts),
            self.window.attach,
            self.failed,
            name="open",
        )

    def failed(self, exc: BaseException) -> None:
        from PySide6.QtWidgets import QApplication, QMessageBox

        from consultant_app.errors import StoreError
        from ui.store_dialog import StoreChoice, resolve_store_problem

        if not isinstance(exc, StoreError):
            log.error("could not open %s", self.data_dir, exc_info=exc)
            QMessageBox.critical(
                self.window,
                QApplication.translate("MainWindow", "Showroom Desk"),
                QApplication.translate(
                    "MainWindow", "The data folder could not be opened: {error}"
                ).format(error=exc),
            )
            QApplication.quit()
            return
        log.warning("store problem: %s", exc)
        resolution = resolve_store_problem(exc, self.data_dir, self.window)
        if resolution.choice is StoreChoice.QUIT:
            QApplication.quit()
            return
        if resolution.choice is StoreChoice.OTHER_FOLDER and resolution.path is not None:
            self.data_dir = resolution.path
        self.open()


#: Cards per stage read before the first paint (a tall screen shows about a dozen).
FIRST_PAINT_CARDS = 24


def open_and_load(
    data_dir: Path, demo: bool, demo_contacts: int, profile: LocalProfile | None = None
) -> StartData:
    """Start-up's data side (see `consultant_app.startup.open_desk`)."""
    from consultant_app.startup import open_desk

    return open_desk(
        data_dir,
        demo=demo,
        demo_contacts=demo_contacts,
        first_cards=FIRST_PAINT_CARDS,
        profile=profile,
    )


if __name__ == "__main__":
    sys.exit(main())
