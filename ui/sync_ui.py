"""Sync in the main window: the status bar indicator, sign-in and sign-out, refused changes.

Built after the first paint. Everything that touches the network runs on the controller's
network worker; database reads for the dialogs run on the window's database worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox

from consultant_app.settings import OFFLINE_ONLY, SERVER_URL
from consultant_app.sync.desk import DeskLink, RejectedChange
from consultant_app.sync.engine import SyncReport
from ui.sync_controller import SyncController
from ui.sync_status import RejectedDialog, SyncIndicator, add_update_notice

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SyncSetup:
    """How this desk reaches its server, decided at start-up.

    `server_url` comes from the settings or a manager's deployment file (`server_locked`);
    `auto_login` signs in without asking (the embedded demo's account); `hint` is shown on
    the sign-in screen.
    """

    server_url: str = ""
    offline_only: bool = False
    server_locked: bool = False
    auto_login: tuple[str, str] | None = None
    hint: str = ""


class SyncUi(QObject):
    """Connects a main window to its server through a `SyncController`."""

    def __init__(self, window: MainWindow, setup: SyncSetup) -> None:
        super().__init__(window)
        self.window = window
        self.setup = setup
        self.server_url = setup.server_url
        self.controller = SyncController(
            window.executor, self, update_channel=window.deployment.update_channel
        )
        self.indicator = SyncIndicator(window)
        window.statusBar().insertPermanentWidget(0, self.indicator)
        self.update_notice = add_update_notice(window, self.indicator, self.controller.updates)
        self.controller.status_changed.connect(self.indicator.set_status)
        self.controller.busy_changed.connect(self.indicator.set_busy)
        self.controller.data_arrived.connect(self._data_arrived)
        self.indicator.sync_now_requested.connect(self.controller.sync_now)
        self.indicator.sign_in_requested.connect(self.ask_sign_in)
        self.indicator.sign_out_requested.connect(self.sign_out)
        self.indicator.rejected_requested.connect(self.show_rejected)
        self.sign_in_dialog: Any = None

    # --- start-up -----------------------------------------------------------------------

    def start(self) -> None:
        """Connect as the set-up says: sign in on our own, restore the token, or ask."""
        setup = self.setup
        if setup.server_url:
            self._open_link(setup.server_url, then=self._opened)
        elif setup.offline_only:
            self.controller.attach(None)
        else:
            self.controller.attach(None)
            QTimer.singleShot(0, lambda: self.ask_sign_in(first_run=True))

    def _open_link(self, url: str, then: Callable[[DeskLink], None]) -> None:
        workspace = self.window.workspace
        assert workspace is not None
        old = self.controller.link

        def work() -> DeskLink:
            if old is not None and old.server_url == url:
                return old
            if old is not None:
                old.close()
            return DeskLink(workspace, url)

        self.controller.submit(work, then, self._link_failed, name="link")

    def _opened(self, link: DeskLink) -> None:
        self.controller.attach(link)
        self.indicator.set_signed_in(link.signed_in)
        if link.signed_in:
            return
        if self.setup.auto_login is not None:
            username, password = self.setup.auto_login
            self.controller.submit(
                lambda: link.sign_in(username, password),
                lambda _: self._signed_in(link),
                self._auto_login_failed,
                name="demo-sign-in",
            )
        else:
            QTimer.singleShot(0, self.ask_sign_in)

    def _link_failed(self, exc: BaseException) -> None:
        log.error("could not set up sync", exc_info=exc)
        self.controller.attach(None)
        self.window.statusBar().showMessage(
            self.tr("Sync could not start: {error}").format(error=exc), 10000
        )

    def _auto_login_failed(self, exc: BaseException) -> None:
        from ui.sign_in_dialog import sign_in_error_message

        log.warning("demo sign-in failed: %s", exc)
        self.window.statusBar().showMessage(sign_in_error_message(exc), 10000)

    # --- signing in and out ----------------------------------------------------------------

    def ask_sign_in(self, *, first_run: bool = False) -> None:
        """Show the sign-in screen (once); a success starts syncing."""
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.raise_()
            return
        from ui.sign_in_dialog import SignInDialog

        dialog = SignInDialog(
            self._attempt,
            server_url=self.server_url,
            server_locked=self.setup.server_locked,
            offline_choice=first_run,
            hint=self.setup.hint,
            parent=self.window,
        )
        self.sign_in_dialog = dialog

        def finished(code: int) -> None:
            self.sign_in_dialog = None
            if dialog.chose_offline:
                settings = self.window.settings
                self.window.run(lambda: settings.set(OFFLINE_ONLY, True), name="offline-only")
                self.window.statusBar().showMessage(
                    self.tr("Working on this PC only. Sign in any time from the status bar."),
                    8000,
                )

        dialog.finished.connect(finished)
        dialog.open()

    def _attempt(
        self,
        url: str,
        username: str,
        password: str,
        on_done: Callable[[object], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        workspace = self.window.workspace
        assert workspace is not None
        old = self.controller.link

        def work() -> DeskLink:
            link = old
            if link is None or link.server_url != url:
                link = DeskLink(workspace, url)
            try:
                link.sign_in(username, password)
            except BaseException:
                if link is not old:
                    link.close()
                raise
            if old is not None and link is not old:
                old.close()
            return link

        def done(link: DeskLink) -> None:
            self.server_url = url
            settings = self.window.settings

            def remember() -> None:
                settings.set(SERVER_URL, url)
                settings.set(OFFLINE_ONLY, False)

            self.window.run(remember, name="remember-server")
            self._signed_in(link)
            on_done(link)

        self.controller.submit(work, done, on_error, name="sign-in")

    def _signed_in(self, link: DeskLink) -> None:
        self.controller.attach(link)
        self.controller.signed_in_now()
        self.indicator.set_signed_in(True)
        self.window.identity_changed()
        if link.tokens.fallback:
            log.info("token kept in %s", link.tokens.path)
            self.window.statusBar().showMessage(
                self.tr(
                    "Signed in. No system keyring was found, so the sign-in is kept in a file"
                    " only your Windows/macOS/Linux account can read."
                ),
                10000,
            )
        else:
            self.window.statusBar().showMessage(self.tr("Signed in."), 4000)

    def sign_out(self) -> None:
        link = self.controller.link
        if link is None:
            return
        answer = QMessageBox.question(
            self.window,
            self.tr("Sign out"),
            self.tr(
                "Sign out of the server? Your customers stay on this PC, and changes not yet"
                " synced are sent when you sign in again with the same account."
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def done(revoked: bool) -> None:
            self.indicator.set_signed_in(False)
            self.controller.attach(link)
            message = self.tr("Signed out.")
            if not revoked:
                message = self.tr(
                    "Signed out on this PC. The server could not be told; the old sign-in"
                    " expires on its own."
                )
            self.window.statusBar().showMessage(message, 8000)

        self.controller.submit(link.sign_out, done, self.window.show_error, name="sign-out")

    # --- refused changes ---------------------------------------------------------------------

    def show_rejected(self) -> None:
        link = self.controller.link
        if link is None:
            return

        def shown(changes: list[RejectedChange]) -> None:
            dialog = RejectedDialog(changes, self.window)
            if dialog.exec() == RejectedDialog.DialogCode.Accepted:
                ids = [c.mutation_id for c in changes]
                self.window.run(
                    lambda: link.dismiss_rejected(ids),
                    lambda _: self.controller.refresh_status(),
                    name="dismiss-rejected",
                )

        self.window.run(link.rejected, shown, name="rejected")

    # --- the rest ------------------------------------------------------------------------------

    def local_change(self) -> None:
        self.controller.local_change()

    def _data_arrived(self, report: SyncReport) -> None:
        self.window.synced(report)

    def shutdown(self) -> None:
        self.controller.shutdown()
        link = self.controller.link
        if link is not None:
            link.close()
