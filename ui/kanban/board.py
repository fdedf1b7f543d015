"""The kanban widget: a column per stage, each a list view over its stage model."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from consultant_app.domain.stages import SIDE_STAGES, Stage
from ui.kanban.delegate import CardDelegate
from ui.kanban.model import Board, Role, StageColumnModel, decode_mime
from ui.labels import stage_label

COLUMN_MIN_WIDTH = 214
LAYOUT_BATCH = 200


class CardListView(QListView):
    """One stage's cards; accepts cards dragged from other stages and reports the drop."""

    cards_dropped = Signal(list, object)  # contact ids, target Stage
    context_requested = Signal(object, QPoint)  # the view, global position

    def __init__(
        self, model: StageColumnModel, delegate: CardDelegate, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.stage = model.stage
        self.setModel(model)
        self.setItemDelegate(delegate)
        self.setUniformItemSizes(True)
        # Lay out long columns in batches: a move re-lays the column out, and in one go that
        # asks the model for its row count twice per row (thousands of calls into Python).
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(LAYOUT_BATCH)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(
            lambda pos: self.context_requested.emit(self, self.viewport().mapToGlobal(pos))
        )
        self.setObjectName("cardList")
        self.setAccessibleName(stage_label(self.stage))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.column_model()
        if model.rowCount() == 0 and model.state.loaded:
            text = (
                self.tr("No customers here")
                if model.total() == 0
                else self.tr("No match in this stage")
            )
            painter = QPainter(self.viewport())
            painter.setPen(QColor("#8F959E"))
            area = self.viewport().rect().adjusted(8, 24, -8, 0)
            painter.drawText(area, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)
            painter.end()

    def column_model(self) -> StageColumnModel:
        model = self.model()
        assert isinstance(model, StageColumnModel)
        return model

    def selected_ids(self) -> list[str]:
        rows = sorted(i.row() for i in self.selectionModel().selectedIndexes())
        model = self.column_model()
        return [model.data(model.index(r), Role.ContactId) for r in rows]

    def _accepts(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> list[str] | None:
        decoded = decode_mime(event.mimeData())
        if decoded is None or decoded[0] == self.stage or not decoded[1]:
            return None
        return decoded[1]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts(event) is not None:
            event.acceptProposedAction()
            self.setProperty("dropTarget", True)
            self.style().polish(self)
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._accepts(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: object) -> None:
        self.setProperty("dropTarget", False)
        self.style().polish(self)

    def dropEvent(self, event: QDropEvent) -> None:
        self.setProperty("dropTarget", False)
        self.style().polish(self)
        ids = self._accepts(event)
        if ids is None:
            event.ignore()
            return
        # The board moves the card itself once the change is committed; tell Qt to leave the
        # source rows alone (a Move would ask the source model to remove them).
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.cards_dropped.emit(ids, self.stage)


class StageColumn(QFrame):
    """A stage's header (title and count) above its card list."""

    def __init__(
        self, model: StageColumnModel, delegate: CardDelegate, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("stageColumn")
        self.model = model
        self.title = QLabel(stage_label(model.stage))
        self.title.setObjectName("columnTitle")
        self.count = QLabel()
        self.count.setObjectName("columnCount")
        header = QHBoxLayout()
        header.setContentsMargins(12, 10, 12, 4)
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.count)
        self.view = CardListView(model, delegate, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)
        self.setMinimumWidth(COLUMN_MIN_WIDTH)
        self.setProperty("sideStage", model.stage in SIDE_STAGES)

    def update_count(self, filtered: bool) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        self.count.setText(f"{shown} / {total}" if filtered else str(total))


class KanbanBoard(QScrollArea):
    """All stage columns side by side; selection spans columns with Ctrl held."""

    cards_dropped = Signal(list, object)
    selection_changed = Signal(list)  # selected contact ids
    card_activated = Signal(str)
    context_requested = Signal(list, QPoint)

    def __init__(self, board: Board, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.board = board
        self.setObjectName("kanbanBoard")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._delegate = CardDelegate(self)
        inner = QWidget()
        inner.setObjectName("kanbanInner")
        row = QHBoxLayout(inner)
        row.setContentsMargins(10, 10, 10, 10)
        row.setSpacing(10)
        self.columns: dict[Stage, StageColumn] = {}
        for stage, model in board.columns.items():
            column = StageColumn(model, self._delegate, inner)
            self.columns[stage] = column
            row.addWidget(column, 1)
            view = column.view
            view.cards_dropped.connect(self.cards_dropped)
            view.selectionModel().selectionChanged.connect(
                lambda _s, _d, v=view: self._on_selection(v)
            )
            view.activated.connect(
                lambda index: self.card_activated.emit(index.data(Role.ContactId))
            )
            view.context_requested.connect(self._on_context)
        self.setWidget(inner)
        board.counts_changed.connect(self._update_counts)
        self._syncing_selection = False
        self.set_side_stages_visible(False)
        self._update_counts()

    def view(self, stage: Stage) -> CardListView:
        return self.columns[stage].view

    def set_side_stages_visible(self, visible: bool) -> None:
        for stage in SIDE_STAGES:
            self.columns[stage].setVisible(visible)

    def side_stages_visible(self) -> bool:
        return self.columns[SIDE_STAGES[0]].isVisible()

    def selected_ids(self) -> list[str]:
        ids: list[str] = []
        for column in self.columns.values():
            ids.extend(column.view.selected_ids())
        return ids

    def select(self, contact_id: str) -> bool:
        """Select and scroll to one card (clearing other selections); False if it is not shown."""
        stage = self.board.stage_of(contact_id)
        if stage is None:
            return False
        column = self.columns[stage]
        row = column.model.row_of(contact_id)
        if row < 0:
            return False
        if stage in SIDE_STAGES and not column.isVisible():
            self.set_side_stages_visible(True)
        index = column.model.index(row)
        self._syncing_selection = True
        try:
            for other in self.columns.values():
                if other is not column:
                    other.view.clearSelection()
            column.view.setCurrentIndex(index)
            column.view.selectionModel().select(
                index, column.view.selectionModel().SelectionFlag.ClearAndSelect
            )
        finally:
            self._syncing_selection = False
        column.view.scrollTo(index)
        column.view.setFocus()
        self.ensureWidgetVisible(column)
        self.selection_changed.emit(self.selected_ids())
        return True

    def _on_selection(self, view: CardListView) -> None:
        if self._syncing_selection:
            return
        ctrl = QApplication.keyboardModifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
        if view.selectionModel().hasSelection() and not ctrl:
            self._syncing_selection = True
            try:
                for column in self.columns.values():
                    if column.view is not view:
                        column.view.selectionModel().select(
                            QItemSelection(), column.view.selectionModel().SelectionFlag.Clear
                        )
            finally:
                self._syncing_selection = False
        self.selection_changed.emit(self.selected_ids())

    def _on_context(self, view: CardListView, pos: QPoint) -> None:
        index: QModelIndex = view.indexAt(view.viewport().mapFromGlobal(pos))
        if index.isValid() and not view.selectionModel().isSelected(index):
            self.select(index.data(Role.ContactId))
        ids = self.selected_ids()
        if ids:
            self.context_requested.emit(ids, pos)

    def _update_counts(self) -> None:
        filtered = self.board.visible is not None
        for column in self.columns.values():
            column.update_count(filtered)
