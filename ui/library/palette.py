"""The quick-search palette (Ctrl+K): find a material from anywhere and copy or send it.

An overlay over the whole window dims it and holds a card centred near the top: a search
line and the results. Results come as the consultant types (debounced, searched on the
database worker, stale answers dropped by a generation counter). With nothing typed it shows
what was used lately, then favourites.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QRectF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from consultant_app.library.models import SearchFilters
from ui.library.controller import CopyOutcome, Found, LibraryController, Overview
from ui.library.delegate import MaterialDelegate
from ui.library.model import MaterialListModel, Role
from ui.tasks import Task

log = logging.getLogger(__name__)

DEBOUNCE_MS = 60
RESULT_LIMIT = 30
CARD_WIDTH = 760
CARD_TOP_FRACTION = 0.12
LIST_MAX_HEIGHT = 460

STYLE = """
QFrame#paletteCard { background: #FFFFFF; border: 1px solid #D0D3D6; border-radius: 12px; }
QLineEdit#paletteSearch { border: none; border-bottom: 1px solid #E4E6EB; padding: 14px 18px;
    font-size: 17px; background: transparent; color: #1F2329; }
QListView#paletteResults { border: none; background: #FFFFFF; outline: none; }
QLabel#paletteMessage { color: #646A73; padding: 18px; font-size: 13px; }
QLabel#paletteMessage[problem="true"] { color: #CF1322; }
QLabel#paletteHint { color: #8F959E; background: #F7F8FA; border-top: 1px solid #E4E6EB;
    border-bottom-left-radius: 12px; border-bottom-right-radius: 12px; padding: 8px 18px; }
"""


#: How far the arrow and page keys move the keyboard in the results.
_STEPS: dict[int, int] = {
    Qt.Key.Key_Up.value: -1,
    Qt.Key.Key_Down.value: 1,
    Qt.Key.Key_PageUp.value: -5,
    Qt.Key.Key_PageDown.value: 5,
}


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


class _Action:
    COPY = "copy"
    SEND = "send"
    FAVOURITE = "favourite"


class QuickSearchPalette(QWidget):
    """Ctrl+K: type, pick with ↑/↓, Enter copies, Ctrl+Enter copies and logs it as sent to
    the open customer, Ctrl+D adds to favourites (or takes out), Esc closes.

    Lives as an overlay child of `parent` (the main window), so it dims the window, takes
    the input method like any child widget, and is in a grab of the window.
    """

    closed = Signal()
    results_shown = Signal()  # the list shows the answer to what is typed now

    def __init__(self, controller: LibraryController, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("quickSearchPalette")
        self.controller = controller
        self._host = parent
        self._generation = 0
        self._task: Task | None = None
        self._searching = False
        self._pending: str | None = None  # an action asked for while results were coming
        self._return_focus: QWidget | None = None
        self.setStyleSheet(STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)

        self.card = QFrame(self)
        self.card.setObjectName("paletteCard")
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("paletteSearch")
        self.search_edit.setPlaceholderText(
            self.tr("Search the library: words, pinyin or initials")
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName(self.tr("Search the library"))
        self.model = MaterialListModel(self)
        self.list_view = QListView()
        self.list_view.setObjectName("paletteResults")
        self.list_view.setModel(self.model)
        self.list_view.setItemDelegate(MaterialDelegate(self.list_view))
        self.list_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing stays in the line
        self.list_view.setMouseTracking(True)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_view.setAccessibleName(self.tr("Library results"))
        self.message = QLabel()
        self.message.setObjectName("paletteMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel()
        self.hint.setObjectName("paletteHint")
        self.hint.setWordWrap(True)

        layout = QVBoxLayout(self.card)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.list_view, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.hint)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._run_search)
        self.search_edit.textChanged.connect(self._text_changed)
        self.search_edit.installEventFilter(self)
        self.list_view.clicked.connect(self._clicked)
        self.list_view.doubleClicked.connect(lambda _: self._act(_Action.COPY))
        self.controller.materials_changed.connect(self._materials_changed)
        parent.installEventFilter(self)
        self.hide()

    # -- opening and closing --------------------------------------------------------------
    def open(self) -> None:
        """Show over the window with the last query selected (typing replaces it)."""
        if not self.isVisible():
            focus = QApplication.focusWidget()
            self._return_focus = focus if focus is not None and focus is not self else None
            self._set_message("")
            self._update_hint()
            self._place()
            self.show()
            self.raise_()
            _app().focusChanged.connect(self._focus_changed)
            self._run_search()
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def close_palette(self) -> None:
        """Hide, and give the keyboard back to where it was."""
        if not self.isVisible():
            return
        self._timer.stop()
        self._pending = None
        _app().focusChanged.disconnect(self._focus_changed)
        self.hide()
        target = self._return_focus
        self._return_focus = None
        if target is not None and target.isVisible():
            target.setFocus(Qt.FocusReason.PopupFocusReason)
        self.closed.emit()

    def searching(self) -> bool:
        """Whether results for what is typed now are still to come."""
        return self._timer.isActive() or self._searching

    def current_id(self) -> str | None:
        """The material the keyboard is on."""
        index = self.list_view.currentIndex()
        return str(index.data(Role.ID)) if index.isValid() and index.data(Role.ID) else None

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # Clicking or tabbing elsewhere (or a dialog opening) closes the palette.
        if new is not None and not self.isAncestorOf(new):
            self.close_palette()

    def _place(self) -> None:
        """Cover the window; the card centred across it, near the top."""
        parent = self._host
        self.setGeometry(parent.rect())
        width = min(CARD_WIDTH, max(360, parent.width() - 80))
        top = max(24, round(parent.height() * CARD_TOP_FRACTION))
        self.card.move((parent.width() - width) // 2, top)
        self.card.setFixedWidth(width)
        self._fit()

    def _fit(self) -> None:
        """Size the card to its content: the list grows with its rows up to a limit."""
        parent = self._host
        rows = self.model.rowCount()
        content = sum(self.list_view.sizeHintForRow(r) for r in range(rows)) + 4 if rows else 0
        available = parent.height() - self.card.y() - 24
        fixed = self.search_edit.sizeHint().height() + self.hint.sizeHint().height()
        if not self.message.isHidden():
            fixed += self.message.sizeHint().height()
        list_height = max(0, min(content, LIST_MAX_HEIGHT, available - fixed))
        self.list_view.setVisible(rows > 0)
        self.list_view.setFixedHeight(list_height)
        self.card.setFixedHeight(min(available, fixed + list_height + 2))

    # -- searching ------------------------------------------------------------------------
    def _text_changed(self, _text: str) -> None:
        self._generation += 1
        self._timer.start()

    def _materials_changed(self) -> None:
        if self.isVisible():
            self._run_search()

    def _run_search(self) -> None:
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        if self._task is not None:
            self._task.cancel()  # superseded, if it has not started
        text = self.search_edit.text()
        self._searching = True
        if text.strip():
            self._task = self.controller.search(
                text,
                SearchFilters(),
                RESULT_LIMIT,
                lambda found: self._found(generation, found),
                on_error=lambda exc: self._failed(generation, exc),
            )
        else:
            self._task = self.controller.overview(
                lambda overview: self._overview(generation, overview),
                on_error=lambda exc: self._failed(generation, exc),
            )

    def _failed(self, generation: int, exc: BaseException) -> None:
        log.error("library search failed", exc_info=exc)
        if generation != self._generation:
            return
        self._searching = False
        self._pending = None
        self.model.set_hits(())
        self._set_message(
            self.tr("The library cannot be searched right now. Details are in the log."),
            problem=True,
        )
        self._fit()

    def _found(self, generation: int, found: Found) -> None:
        if generation != self._generation:
            return  # an older keystroke's answer
        current = self.current_id()
        self.model.set_hits(found.result.hits, found.categories)
        if found.result.hits:
            self._set_message("")
        else:
            self._set_message(
                self.tr("Nothing in the library matches “{text}”.").format(
                    text=found.result.query.strip()
                )
            )
        self._shown(current, keep=False)

    def _overview(self, generation: int, overview: Overview) -> None:
        if generation != self._generation:
            return
        current = self.current_id()
        self.model.set_sections(
            [
                (self.tr("Recently used"), overview.recents),
                (self.tr("Favourites"), overview.favourites),
            ],
            overview.categories,
        )
        if self.model.material_count():
            self._set_message("")
        else:
            self._set_message(
                self.tr(
                    "Type to search scripts, Q&A, articles and images. "
                    "What you copy and add to favourites shows here."
                )
            )
        self._shown(current, keep=True)

    def _shown(self, previous: str | None, *, keep: bool) -> None:
        """After new results: the keyboard on the previous material if it is still there
        and wanted, else on the first; then any action that was waiting for them."""
        self._searching = False
        row = self.model.row_of(previous) if previous and keep else -1
        if row < 0:
            row = self.model.step(-1, 1)
        self._select(row)
        self._fit()
        self.results_shown.emit()
        pending, self._pending = self._pending, None
        if pending is not None:
            self._act(pending)

    def _select(self, row: int) -> None:
        if row < 0:
            self.list_view.setCurrentIndex(QModelIndex())
            return
        index = self.model.index(row, 0)
        self.list_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.list_view.scrollTo(index)

    def _set_message(self, text: str, *, problem: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("problem", problem)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(bool(text))

    def _update_hint(self) -> None:
        contact = self.controller.current_contact()
        if contact is not None:
            text = self.tr(
                "Enter copies · Ctrl+Enter copies and logs it as sent to {name} · "
                "Ctrl+D favourite · Esc closes"
            ).format(name=contact.name)
        else:
            text = self.tr(
                "Enter copies · Ctrl+Enter also logs it as sent (open a customer first) · "
                "Ctrl+D favourite · Esc closes"
            )
        self.hint.setText(text)

    # -- acting ---------------------------------------------------------------------------
    def _clicked(self, index: QModelIndex) -> None:
        self.search_edit.setFocus(Qt.FocusReason.MouseFocusReason)
        if index.flags() & Qt.ItemFlag.ItemIsEnabled:
            self._select(index.row())

    def _act(self, action: str) -> None:
        """Copy, send or star the current material; if results for what was just typed are
        still coming, do it once they are here."""
        if self._timer.isActive() or self._searching:
            self._pending = action
            if self._timer.isActive():
                self._run_search()
            return
        material_id = self.current_id()
        if material_id is None:
            return
        if action == _Action.FAVOURITE:
            summary = self.model.summary(self.list_view.currentIndex().row())
            favourite = not (summary is not None and summary.favourite)
            self.model.set_favourite(material_id, favourite)
            self.controller.set_favourite(material_id, favourite)
            return
        self.controller.copy(material_id, send=action == _Action.SEND, on_done=self._copied)

    def _copied(self, outcome: CopyOutcome) -> None:
        if outcome.copied:
            self.close_palette()
        else:
            self._set_message(outcome.message, problem=True)
            self._fit()

    # -- events ---------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._host and event.type() == QEvent.Type.Resize:
            if self.isVisible():
                self._place()
            return False
        if watched is self.search_edit and isinstance(event, QKeyEvent):
            if event.type() == QEvent.Type.ShortcutOverride and self._action_for(event):
                event.accept()  # ours, not the window's shortcut
                return True
            if event.type() == QEvent.Type.KeyPress:
                return self._key(event)
        return super().eventFilter(watched, event)

    @staticmethod
    def _action_for(event: QKeyEvent) -> str | None:
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return _Action.SEND if ctrl else _Action.COPY
        if ctrl and key == Qt.Key.Key_D:
            return _Action.FAVOURITE
        if key == Qt.Key.Key_Escape or key in _STEPS:
            return "navigate"
        return None

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close_palette()
            return True
        if key in _STEPS:
            row = self.list_view.currentIndex().row()
            self._select(self.model.step(row, _STEPS[key]))
            return True
        action = self._action_for(event)
        if action in (_Action.COPY, _Action.SEND, _Action.FAVOURITE):
            self._act(action)
            return True
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # A click on the dimmed window outside the card closes, as in any popup.
        if not self.card.geometry().contains(event.position().toPoint()):
            self.close_palette()
            event.accept()
            return
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(15, 20, 30, 90))
        card = QRectF(self.card.geometry())
        for spread, alpha in ((14, 10), (9, 16), (5, 24), (2, 34)):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(0, 0, 0, alpha))
            painter.drawRoundedRect(
                card.adjusted(-spread, -spread + 4, spread, spread + 4), 12 + spread, 12 + spread
            )
        painter.end()
