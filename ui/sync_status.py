"""The status bar's sync indicator, its menu, and the list of changes the server refused."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
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


class SyncIndicator(QToolButton):
    """A status bar button: a coloured dot and what sync is doing; click for its menu."""

    sync_now_requested = Signal()
    sign_in_requested = Signal()
    sign_out_requested = Signal()
    rejected_requested = Signal()

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
        menu = QMenu(self)
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
        self, status: SyncStatus | None, *, busy: bool, signed_in: bool
    ) -> tuple[str, str, str]:
        """(dot kind, short text, tooltip) for the indicator; pure, so it is easy to test."""
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

    def refresh(self) -> None:
        kind, text, tip = self.describe(self.status, busy=self.busy, signed_in=self.signed_in)
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
            [self.tr("When"), self.tr("Customer"), self.tr("Change"), self.tr("Reason")]
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
