"""Telling the consultant that customers arrived from the server (a scan, another desk, a
reassignment): a toast in the window that opens the customer, and the OS's notification
when the window is in the background."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSystemTrayIcon,
    QWidget,
)

from consultant_app.domain.channels import channel_label
from consultant_app.store.queries import KanbanCard

if TYPE_CHECKING:
    from consultant_app.library.radar import LinkOpened

#: More arrivals than this are summed up in one line (a first sync brings hundreds).
LIST_AT_MOST = 3
SHOW_MS = 10_000
MARGIN = 16


class ArrivalToast(QFrame):
    """A small card in the window's bottom-right corner; "Open" shows the customer."""

    open_requested = Signal(str)

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("arrivalToast")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#arrivalToast { background: #ffffff; border: 1px solid #d0d7e2;"
            " border-radius: 8px; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 10, 10)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setMinimumWidth(260)
        self.label.setMaximumWidth(380)
        layout.addWidget(self.label, 1)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.clicked.connect(self._open)
        layout.addWidget(self.open_button)
        close = QPushButton("×")
        close.setFlat(True)
        close.setFixedWidth(28)
        close.setToolTip(self.tr("Dismiss"))
        close.clicked.connect(self.hide)
        layout.addWidget(close)
        self._contact_id = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        host.installEventFilter(self)
        self.hide()

    def show_text(self, text: str, contact_id: str) -> None:
        self.label.setText(text)
        self._contact_id = contact_id
        self.open_button.setVisible(bool(contact_id))
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()
        self._timer.start(SHOW_MS)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False

    def _place(self) -> None:
        host = self.parentWidget()
        if host is None:
            return
        self.move(
            host.width() - self.width() - MARGIN,
            host.height() - self.height() - MARGIN - 28,  # above the status bar
        )

    def _open(self) -> None:
        self.hide()
        if self._contact_id:
            self.open_requested.emit(self._contact_id)


class ArrivalNotifier(QObject):
    """Announces customers that sync brought in."""

    open_requested = Signal(str)

    def __init__(self, window: QWidget, language: str) -> None:
        super().__init__(window)
        self.window = window
        self.language = language
        self.toast = ArrivalToast(window)
        self.toast.open_requested.connect(self.open_requested)
        self._tray: QSystemTrayIcon | None = None

    def announce(self, cards: Sequence[KanbanCard]) -> str:
        """Show the arrivals; returns the text shown ('' when there were none)."""
        if not cards:
            return ""
        if len(cards) == 1:
            card = cards[0]
            if card.source_channel:
                text = self.tr("New customer: {name} (via {channel})").format(
                    name=card.name, channel=channel_label(card.source_channel, self.language)
                )
            else:
                text = self.tr("New customer: {name}").format(name=card.name)
            contact_id = card.id
        elif len(cards) <= LIST_AT_MOST:
            names = "、".join(c.name for c in cards)
            text = self.tr("New customers: {names}").format(names=names)
            contact_id = cards[0].id
        else:
            count = len(cards)
            text = self.tr("%n customer(s) arrived from the server.", "", count)
            contact_id = ""
        self.toast.show_text(text, contact_id)
        self._notify_os(text)
        return text

    def announce_opens(self, opens: Sequence[LinkOpened]) -> str:
        """Tell the consultant that customers opened articles they shared (链接雷达); returns
        the text shown ('' when there were none)."""
        if not opens:
            return ""
        if len(opens) == 1:
            (opened,) = opens
            if opened.opens > 1:
                text = self.tr("{name} opened “{title}” again ({count} times so far).").format(
                    name=opened.contact_name, title=opened.title, count=opened.opens
                )
            else:
                text = self.tr("{name} just opened “{title}”.").format(
                    name=opened.contact_name, title=opened.title
                )
            contact_id = opened.contact_id
        else:
            names = list(dict.fromkeys(o.contact_name for o in opens))
            if len(names) == 1:
                text = self.tr("{name} opened the articles you shared %n time(s).", "", len(opens))
                text = text.format(name=names[0])
                contact_id = opens[-1].contact_id
            elif len(names) <= LIST_AT_MOST:
                text = self.tr("{names} opened articles you shared.").format(names="、".join(names))
                contact_id = opens[-1].contact_id
            else:
                text = self.tr("%n customer(s) opened articles you shared.", "", len(names))
                contact_id = ""
        self.toast.show_text(text, contact_id)
        self._notify_os(text)
        return text

    def _notify_os(self, text: str) -> None:
        """The OS's notification too, when the consultant is in another window."""
        if QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive:
            return
        QApplication.alert(self.window)
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        if self._tray is None:
            self._tray = QSystemTrayIcon(self.window.windowIcon(), self)
            self._tray.messageClicked.connect(self._raise_window)
            self._tray.show()
        self._tray.showMessage(self.tr("Showroom Desk"), text)

    def _raise_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()
