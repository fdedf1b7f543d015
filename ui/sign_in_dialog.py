"""The sign-in screen: the server's address, username and password, or work on this PC only.

The dialog does no I/O: `attempt` (given by the window) runs the sign-in on the network
worker and calls back with the result, so a slow server never freezes the screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from consultant_app.sync.account import (
    DeviceTakenError,
    ServerAddressError,
    SignInFailedError,
    WrongCredentialsError,
    normalise_server_url,
)
from consultant_app.sync.engine import ClientTooOldError, OfflineError, ServerUnavailableError
from consultant_app.sync.identity import OtherAccountError
from ui.dialogs import error_label, set_message

#: attempt(server_url, username, password, on_done, on_error)
Attempt = Callable[[str, str, str, Callable[[object], None], Callable[[BaseException], None]], None]


def sign_in_error_message(exc: BaseException) -> str:
    """What to tell the consultant when a sign-in fails."""
    translate = QCoreApplication.translate
    if isinstance(exc, WrongCredentialsError):
        return translate("SignIn", "Wrong username or password, or the account is deactivated.")
    if isinstance(exc, OfflineError):
        return translate(
            "SignIn", "Cannot reach the server. Check the address and the network, then try again."
        )
    if isinstance(exc, ServerUnavailableError):
        return translate("SignIn", "The server is having trouble. Try again in a minute.")
    if isinstance(exc, ClientTooOldError):
        return translate(
            "SignIn", "The server needs a newer Showroom Desk ({version} or later)."
        ).format(version=exc.minimum or "?")
    if isinstance(exc, OtherAccountError):
        return translate(
            "SignIn",
            "This PC's customer data belongs to another account. Sign in with that account,"
            " or ask your manager to set up a new data folder.",
        )
    if isinstance(exc, DeviceTakenError):
        return translate("SignIn", "This PC is registered to another account on the server.")
    if isinstance(exc, ServerAddressError):
        return translate("SignIn", "Enter the server address, e.g. https://desk.example.cn")
    if isinstance(exc, SignInFailedError):
        return translate("SignIn", "The server answered unexpectedly: {error}").format(error=exc)
    return translate("SignIn", "Sign-in failed: {error}").format(error=exc)


class SignInDialog(QDialog):
    """Asks for the server and the consultant's login; accepted once signed in.

    `offline_choice` adds "Use on this PC only" (the first run); `server_locked` fixes the
    address a manager deployed; `hint` is shown under the form (the demo's accounts).
    """

    def __init__(
        self,
        attempt: Attempt,
        *,
        server_url: str = "",
        username: str = "",
        server_locked: bool = False,
        offline_choice: bool = False,
        hint: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.attempt = attempt
        self.chose_offline = False
        self.result_value: object = None
        self.server_url = ""
        self.setWindowTitle(self.tr("Sign in to Showroom Desk"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Sign in with the account your showroom gave you. Your customers sync with the"
                " showroom's server and stay on this PC when the network is down."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.server_edit = QLineEdit(server_url)
        self.server_edit.setPlaceholderText("https://desk.example.cn")
        self.server_edit.setReadOnly(server_locked)
        self.user_edit = QLineEdit(username)
        self.user_edit.setPlaceholderText(self.tr("e.g. zhangwei"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Server"), self.server_edit)
        form.addRow(self.tr("Username"), self.user_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        layout.addLayout(form)
        self.message = error_label("signInError")
        layout.addWidget(self.message)
        if hint:
            note = QLabel(hint)
            note.setObjectName("signInHint")
            note.setWordWrap(True)
            note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(note)
        buttons = QDialogButtonBox()
        self.sign_in_button = QPushButton(self.tr("Sign in"))
        self.sign_in_button.setDefault(True)
        buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.offline_button: QPushButton | None = None
        if offline_choice:
            self.offline_button = QPushButton(self.tr("Use on this PC only"))
            buttons.addButton(self.offline_button, QDialogButtonBox.ButtonRole.ActionRole)
            self.offline_button.clicked.connect(self._offline)
        cancel = buttons.addButton(self.tr("Not now"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.clicked.connect(self.reject)
        self.sign_in_button.clicked.connect(self._submit)
        layout.addWidget(buttons)
        first_empty = next(
            (e for e in (self.server_edit, self.user_edit) if not e.text()), self.password_edit
        )
        first_empty.setFocus()

    def _submit(self) -> None:
        try:
            url = normalise_server_url(self.server_edit.text())
        except ServerAddressError as exc:
            set_message(self.message, sign_in_error_message(exc))
            self.server_edit.setFocus()
            return
        username = self.user_edit.text().strip()
        password = self.password_edit.text()
        if not username or not password:
            set_message(self.message, self.tr("Enter your username and password."))
            (self.user_edit if not username else self.password_edit).setFocus()
            return
        self.server_url = url
        self._set_busy(True)
        set_message(self.message, self.tr("Signing in…"), error=False)
        self.attempt(url, username, password, self._succeeded, self._failed)

    def _succeeded(self, result: object) -> None:
        self._set_busy(False)
        self.result_value = result
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        set_message(self.message, sign_in_error_message(exc))
        self.password_edit.selectAll()
        self.password_edit.setFocus()

    def _offline(self) -> None:
        self.chose_offline = True
        self.reject()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.user_edit, self.password_edit, self.sign_in_button):
            widget.setEnabled(not busy)
        self.server_edit.setEnabled(not busy)
        if self.offline_button is not None:
            self.offline_button.setEnabled(not busy)
