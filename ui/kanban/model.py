"""Kanban models: a shared store of cards and one list model per stage showing ids from it."""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from consultant_app.domain.stages import ALL_STAGES, Stage
from consultant_app.domain.urgency import Urgency, days_since, is_rotting, sort_key, urgency
from consultant_app.store.queries import KanbanCard

MIME_TYPE = "application/x-showroom-contact-ids"

Index = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    """Data roles of a card index."""

    Card = Qt.ItemDataRole.UserRole + 1
    ContactId = Qt.ItemDataRole.UserRole + 2
    Urgency = Qt.ItemDataRole.UserRole + 3
    Rotting = Qt.ItemDataRole.UserRole + 4
    DaysSinceTouch = Qt.ItemDataRole.UserRole + 5
    Snoozed = Qt.ItemDataRole.UserRole + 6


class BoardState(QObject):
    """Card data shared by the columns, plus the clock and rules that classify cards.

    The models adapt this data; they never own it. `now` is fixed per refresh so that sort
    order and indicators agree within one paint.
    """

    changed = Signal()

    def __init__(self, rot_days: dict[Stage, int], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cards: dict[str, KanbanCard] = {}
        self.loaded = False  # nothing read yet: an empty column means "loading", not "none"
        self.rot_days = rot_days
        self.now = datetime.now().astimezone()
        self._keys: dict[str, tuple[int, float, float]] = {}

    def urgency_of(self, card: KanbanCard) -> Urgency:
        return urgency(card.next_due_at, self.now)

    def rotting(self, card: KanbanCard) -> bool:
        return is_rotting(
            card.stage, card.last_touch_at, card.snoozed_until, self.now, self.rot_days
        )

    def key(self, contact_id: str) -> tuple[int, float, float]:
        key = self._keys.get(contact_id)
        if key is None:
            card = self.cards[contact_id]
            key = sort_key(self.urgency_of(card), card.next_due_at, card.last_touch_at)
            self._keys[contact_id] = key
        return key

    def replace_all(self, cards: Iterable[KanbanCard], now: datetime) -> None:
        self.cards = {c.id: c for c in cards}
        self.loaded = True
        self.now = now
        self._keys.clear()

    def put(self, card: KanbanCard) -> None:
        self.cards[card.id] = card
        self._keys.pop(card.id, None)

    def retime(self, now: datetime) -> None:
        self.now = now
        self._keys.clear()


class StageColumnModel(QAbstractListModel):
    """The visible cards of one stage, most urgent first; rows are contact ids."""

    def __init__(self, stage: Stage, state: BoardState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.state = state
        self._ids: list[str] = []
        self._total = 0

    # --- Qt model interface -------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        card = self.state.cards[self._ids[index.row()]]
        if role == Role.Card:
            return card
        if role == Role.ContactId:
            return card.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return card.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(x for x in (card.name, card.masked_mobile, " ".join(card.models)) if x)
        if role == Role.Urgency:
            return self.state.urgency_of(card)
        if role == Role.Rotting:
            return self.state.rotting(card)
        if role == Role.Snoozed:
            return card.snoozed_until is not None and card.snoozed_until >= self.state.now.date()
        if role == Role.DaysSinceTouch:
            return days_since(card.last_touch_at, self.state.now)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = [self._ids[i.row()] for i in sorted(indexes, key=lambda i: i.row()) if i.isValid()]
        mime = QMimeData()
        payload = json.dumps({"stage": self.stage.value, "ids": ids})
        mime.setData(MIME_TYPE, QByteArray(payload.encode("utf-8")))
        return mime

    # --- what the board asks of a column -----------------------------------------------
    def ids(self) -> list[str]:
        return list(self._ids)

    def total(self) -> int:
        """Cards of this stage before filtering."""
        return self._total

    def row_of(self, contact_id: str) -> int:
        try:
            return self._ids.index(contact_id)
        except ValueError:
            return -1

    def reset(self, ids: Iterable[str], total: int) -> None:
        """Show exactly `ids` (sorted here by urgency)."""
        self.beginResetModel()
        self._ids = sorted(ids, key=self.state.key)
        self._total = total
        self.endResetModel()

    def remove(self, contact_id: str) -> bool:
        row = self.row_of(contact_id)
        if row < 0:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._ids[row]
        self.endRemoveRows()
        return True

    def insert(self, contact_id: str) -> int:
        row = bisect.bisect_right(self._ids, self.state.key(contact_id), key=self.state.key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._ids.insert(row, contact_id)
        self.endInsertRows()
        return row

    def set_total(self, total: int) -> None:
        self._total = total

    def refresh(self, contact_id: str) -> None:
        """Repaint one card whose data changed but whose place did not."""
        row = self.row_of(contact_id)
        if row >= 0:
            index = self.index(row)
            self.dataChanged.emit(index, index, [Role.Card, Role.Urgency, Role.Rotting])


def decode_mime(mime: QMimeData) -> tuple[Stage, list[str]] | None:
    """The source stage and contact ids carried by a drag, or None if it is not ours."""
    if not mime.hasFormat(MIME_TYPE):
        return None
    try:
        payload = json.loads(bytes(mime.data(MIME_TYPE).data()).decode("utf-8"))
        return Stage(payload["stage"]), [str(i) for i in payload["ids"]]
    except (ValueError, KeyError, TypeError):
        return None


class Board(QObject):
    """All columns and the filter: turns card data and a filter result into column contents."""

    counts_changed = Signal()

    def __init__(self, rot_days: dict[Stage, int], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = BoardState(rot_days, self)
        self.columns = {stage: StageColumnModel(stage, self.state, self) for stage in ALL_STAGES}
        self.visible: frozenset[str] | None = None
        self.totals: dict[Stage, int] = dict.fromkeys(ALL_STAGES, 0)
        self.complete = True

    def load(
        self,
        cards: Iterable[KanbanCard],
        now: datetime,
        totals: dict[Stage, int] | None = None,
    ) -> None:
        """Replace every card (start-up, or a full reload).

        With `totals`, `cards` are only the first cards of each stage (enough to paint) and the
        totals count the rest; a later full load completes the board.
        """
        self.state.replace_all(cards, now)
        self.complete = totals is None
        if totals is None:
            self.totals = dict.fromkeys(ALL_STAGES, 0)
            for card in self.state.cards.values():
                self.totals[card.stage] += 1
        else:
            self.totals = {stage: totals.get(stage, 0) for stage in ALL_STAGES}
        self._rebuild()

    def set_filter(self, visible: frozenset[str] | None) -> None:
        """Show only `visible` ids (None shows all)."""
        self.visible = visible
        self._rebuild()

    def retime(self, now: datetime) -> None:
        """Re-sort for a new `now` (urgency changes as time passes)."""
        self.state.retime(now)
        self._rebuild()

    def update_cards(self, cards: Iterable[KanbanCard], removed: Iterable[str] = ()) -> None:
        """Apply changed cards with exact row moves, so selection and scroll stay put."""
        for card in cards:
            old = self.state.cards.get(card.id)
            old_stage = old.stage if old else None
            old_key = self.state.key(card.id) if old else None
            self.state.put(card)
            shown = self.visible is None or card.id in self.visible
            if old_stage == card.stage and old_key == self.state.key(card.id):
                self.columns[card.stage].refresh(card.id)
                continue
            if old_stage is not None:
                self.columns[old_stage].remove(card.id)
                self.totals[old_stage] -= 1
            if shown:
                self.columns[card.stage].insert(card.id)
            self.totals[card.stage] += 1
        for contact_id in removed:
            gone = self.state.cards.pop(contact_id, None)
            if gone is not None:
                self.columns[gone.stage].remove(contact_id)
                self.totals[gone.stage] -= 1
        self._recount()

    def stage_of(self, contact_id: str) -> Stage | None:
        card = self.state.cards.get(contact_id)
        return card.stage if card else None

    def card(self, contact_id: str) -> KanbanCard | None:
        return self.state.cards.get(contact_id)

    def shown_count(self) -> int:
        return sum(m.rowCount() for m in self.columns.values())

    def total(self) -> int:
        """All cards, including those not loaded yet."""
        return sum(self.totals.values())

    def _rebuild(self) -> None:
        by_stage: dict[Stage, list[str]] = {s: [] for s in ALL_STAGES}
        visible = self.visible
        for card in self.state.cards.values():
            if visible is None or card.id in visible:
                by_stage[card.stage].append(card.id)
        for stage, model in self.columns.items():
            model.reset(by_stage[stage], self.totals[stage])
        self.counts_changed.emit()

    def _recount(self) -> None:
        for stage, model in self.columns.items():
            model.set_total(self.totals[stage])
        self.counts_changed.emit()
