"""The status bar's sync indicator, its menu, the list of changes the server refused, and the
notice of a newer Showroom Desk to download."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QColor, QDesktopServices, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from consultant_app.sync.desk import RejectedChange
from consultant_app.sync.loop import SyncState, SyncStatus
from ui import palette

if TYPE_CHECKING:
    from consultant_app.updates import Release
    from ui.sync_controller import UpdateController

log = logging.getLogger(__name__)

_DOT_COLOURS = {
    "synced": palette.GREEN,
    "busy": palette.SELECTED,
    "offline": palette.GREY,
    "error": palette.RED,
    "attention": palette.ORANGE,
    "local": palette.GREY,
}


def _dot(colour: QColor) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


def _clock(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone().strftime("%H:%M")


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def open_download(url: str) -> bool:
    """Open a release's download address in the browser; False if none would open it."""
    opened = QDesktopServices.openUrl(QUrl(url))
    if not opened:
        log.warning("could not open %s in a browser", url)
    return opened


class SyncIndicator(QToolButton):
    """A status bar button: a coloured dot and what sync is doing; click for its menu."""

    sync_now_requested = Signal()
    sign_in_requested = Signal()
    sign_out_requested = Signal()
    rejected_requested = Signal()
    #: Sync stopped because this version is too old, and `release` can be downloaded.
    update_required = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setAutoRaise(True)
        self.status: SyncStatus | None = None
        self.busy = False
        self.signed_in = False
        self.rejected_count = 0
        #: A newer release the server offers (its download is in the menu), or None.
        self.release: Release | None = None
        self._required_shown: str | None = None
        menu = QMenu(self)
        self.download_action = QAction(self)
        self.download_action.setVisible(False)
        self.download_action.triggered.connect(self._download)
        menu.addAction(self.download_action)
        self.sync_action = QAction(self.tr("Sync now"), self)
        self.sync_action.setShortcut("F5")
        self.sync_action.triggered.connect(self.sync_now_requested)
        self.rejected_action = QAction(self.tr("Refused changes…"), self)
        self.rejected_action.triggered.connect(self.rejected_requested)
        self.sign_in_action = QAction(self.tr("Sign in…"), self)
        self.sign_in_action.triggered.connect(self.sign_in_requested)
        self.sign_out_action = QAction(self.tr("Sign out"), self)
        self.sign_out_action.triggered.connect(self.sign_out_requested)
        for action in (
            self.sync_action,
            self.rejected_action,
            self.sign_in_action,
            self.sign_out_action,
        ):
            menu.addAction(action)
        self.setMenu(menu)
        self.refresh()

    def describe(
        self,
        status: SyncStatus | None,
        *,
        busy: bool,
        signed_in: bool,
        release: Release | None = None,
    ) -> tuple[str, str, str]:
        """(dot kind, short text, tooltip) for the indicator; pure, so it is easy to test.

        `release`: a newer release the server offers (named when this version is too old)."""
        translate = QCoreApplication.translate
        if status is None:
            if signed_in:
                return "busy", translate("Sync", "Connecting…"), ""
            return (
                "local",
                translate("Sync", "On this PC only"),
                translate("Sync", "Not connected to a server: changes stay on this PC."),
            )
        pending = status.pending
        last = _clock(status.last_success_at)
        tip = translate("Sync", "Last synced at {time}").format(time=last) if last else ""
        if busy:
            return "busy", translate("Sync", "Syncing…"), tip
        if status.state is SyncState.SIGN_IN:
            text = translate("Sync", "Sign in to sync")
            return (
                "attention",
                text,
                translate("Sync", "Your sign-in has expired; changes are kept."),
            )
        if status.state is SyncState.UPDATE_REQUIRED:
            text = translate("Sync", "Update required")
            hint = translate(
                "Sync", "The server needs a newer Showroom Desk. Your changes are kept on this PC."
            )
            if release is not None:
                offer = translate(
                    "Sync", "Version {version} can be downloaded from this menu."
                ).format(version=release.version)
                hint = f"{hint}\n{offer}"
            return "attention", text, hint
        if status.state is SyncState.OFFLINE:
            text = self.tr("Offline · %n change(s) waiting", "", pending)
            if not pending:
                text = translate("Sync", "Offline")
            return "offline", text, "\n".join(filter(None, [status.reason, tip]))
        if status.state is SyncState.ERROR:
            text = translate("Sync", "Sync error · retrying")
            return "error", text, "\n".join(filter(None, [status.reason, tip]))
        if status.state is SyncState.STARTING:
            return "busy", translate("Sync", "Connecting…"), tip
        if pending:
            return "busy", self.tr("%n change(s) waiting", "", pending), tip
        text = translate("Sync", "Synced {time}").format(time=last)
        return "synced", text, tip

    def set_status(self, status: SyncStatus | None) -> None:
        self.status = status
        self.refresh()

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.refresh()

    def set_signed_in(self, signed_in: bool) -> None:
        self.signed_in = signed_in
        self.refresh()

    def set_release(self, release: Release | None) -> None:
        """The newer release the server offers (None: none); its download joins the menu."""
        self.release = release
        self.refresh()

    def _download(self) -> None:
        if self.release is not None:
            open_download(self.release.url)

    def refresh(self) -> None:
        kind, text, tip = self.describe(
            self.status, busy=self.busy, signed_in=self.signed_in, release=self.release
        )
        rejected = self.status.rejected if self.status is not None else 0
        if rejected:
            text = self.tr("{status} · %n refused", "", rejected).format(status=text)
        self.setText(text)
        self.setToolTip(tip)
        self.setIcon(_dot(_DOT_COLOURS["error" if rejected else kind]))
        expired = self.status is not None and self.status.state is SyncState.SIGN_IN
        self.sync_action.setEnabled(self.signed_in and not self.busy)
        self.rejected_action.setEnabled(bool(rejected))
        self.sign_in_action.setVisible(not self.signed_in or expired)
        self.sign_out_action.setVisible(self.signed_in)
        release = self.release
        self.download_action.setVisible(release is not None)
        if release is not None:
            self.download_action.setText(
                self.tr("Download Showroom Desk {version}…").format(version=release.version)
            )
        too_old = self.status is not None and self.status.state is SyncState.UPDATE_REQUIRED
        required = release.version if too_old and release is not None else None
        if required != self._required_shown:
            self._required_shown = required
            if required is not None:
                self.update_required.emit(release)


class UpdateNotice(QWidget):
    """A discreet line in the status bar: a newer Showroom Desk can be downloaded.

    Non-modal and quiet: a sentence with a Download link and a × to close it. It appears once
    per version (`UpdateController.notice_due`), and again whenever sync stops because this
    version is too old (`SyncIndicator.update_required`); the indicator's menu and the About
    dialog keep offering the download.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("updateNotice")
        self.release: Release | None = None
        self.label = QLabel()
        self.label.setObjectName("updateNoticeText")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.label.linkActivated.connect(self._download)
        self.close_button = QToolButton()
        self.close_button.setObjectName("updateNoticeClose")
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Hide this notice"))
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.close_button)
        self.hide()

    def announce(self, release: Release) -> None:
        """Say that `release` is available."""
        self._show(
            release,
            self.tr("New version {version} available").format(version=_escape(release.version)),
        )

    def require(self, release: Release) -> None:
        """Say that sync needs a newer version, and that `release` can be downloaded."""
        self._show(
            release,
            self.tr("Update required to sync: version {version} is available").format(
                version=_escape(release.version)
            ),
        )

    def _show(self, release: Release, sentence: str) -> None:
        self.release = release
        link = self.tr("Download")
        self.label.setText(f'{sentence} · <a href="{_escape(release.url)}">{_escape(link)}</a>')
        self.label.setToolTip(release.notes)
        self.show()

    def _download(self, _link: str) -> None:
        if self.release is not None:
            open_download(self.release.url)
        self.hide()


def add_update_notice(
    window: QMainWindow, indicator: SyncIndicator, updates: UpdateController
) -> UpdateNotice:
    """Put an `UpdateNotice` in the window's status bar (beside the indicator) and connect the
    update check to it and to the indicator's menu."""
    notice = UpdateNotice(window)
    window.statusBar().insertPermanentWidget(0, notice)
    updates.release_changed.connect(indicator.set_release)
    updates.notice_due.connect(notice.announce)
    indicator.update_required.connect(notice.require)
    indicator.set_release(updates.release)
    return notice


class RejectedDialog(QDialog):
    """What the server refused and why; the consultant dismisses them once read."""

    def __init__(self, changes: list[RejectedChange], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Refused changes"))
        self.resize(720, 360)
        self.changes = changes
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "The server did not accept these changes. The rest of your work was synced."
                " Check the customer and make the change again if it is still needed."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(changes), 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Customer or item"), self.tr("Change"), self.tr("Reason")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for row, change in enumerate(changes):
            made = datetime.fromisoformat(change.made_at).astimezone().strftime("%m-%d %H:%M")
            values = [made, change.contact_name or "—", kind_label(change.kind), change.reason]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table)
        buttons = QDialogButtonBox()
        self.dismiss_button = buttons.addButton(
            self.tr("Mark as read"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        close = buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def kind_label(kind: str) -> str:
    """A mutation kind in the consultant's words."""
    translate = QCoreApplication.translate
    labels = {
        "contact.create": translate("Sync", "New customer"),
        "contact.update": translate("Sync", "Customer details"),
        "contact.snooze": translate("Sync", "Snooze"),
        "stage.move": translate("Sync", "Stage move"),
        "activity.add": translate("Sync", "Follow-up"),
        "reminder.add": translate("Sync", "Reminder"),
        "reminder.complete": translate("Sync", "Reminder done"),
        "tag.add": translate("Sync", "Tag added"),
        "tag.remove": translate("Sync", "Tag removed"),
        "material.create": translate("Sync", "New personal script"),
        "material.update": translate("Sync", "Personal script edited"),
        "material.delete": translate("Sync", "Personal script deleted"),
        "material.use": translate("Sync", "Material used"),
        "channel.create": translate("Sync", "New channel"),
        "channel.update": translate("Sync", "Channel edited"),
        "channel_code.request": translate("Sync", "Live code requested"),
        "channel_code.set_status": translate("Sync", "Live code paused or resumed"),
    }
    return labels.get(kind, kind)
