"""The list model of library results: material rows, optionally under section headings."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from consultant_app.library.models import MaterialSummary
from ui.library.labels import kind_label, scope_label

AnyIndex = QModelIndex | QPersistentModelIndex
_USER_ROLE = Qt.ItemDataRole.UserRole.value


class Role(IntEnum):
    """Data roles of `MaterialListModel`; the delegate paints from these alone.

    Span roles hold `[start, end)` ranges in Python string indices of the text they go
    with (the delegate slices the Python string, so no UTF-16 conversion is needed).
    """

    ID = _USER_ROLE + 1
    KIND = _USER_ROLE + 2  # MaterialKind value
    KIND_LABEL = _USER_ROLE + 3
    SCOPE = _USER_ROLE + 4  # Scope value
    SCOPE_LABEL = _USER_ROLE + 5
    TITLE = _USER_ROLE + 6
    TITLE_SPANS = _USER_ROLE + 7
    SNIPPET = _USER_ROLE + 8
    SNIPPET_SPANS = _USER_ROLE + 9
    CATEGORY = _USER_ROLE + 10  # the category path as one line, "" for none
    FAVOURITE = _USER_ROLE + 11
    USES = _USER_ROLE + 12
    EDITABLE = _USER_ROLE + 13
    HEADER = _USER_ROLE + 14  # True on a section heading row
    SUMMARY = _USER_ROLE + 15  # the MaterialSummary itself


class MaterialListModel(QAbstractListModel):
    """Adapts search results (or recents and favourites under headings) for a list view.

    Holds the frozen summaries the worker returned; never touches the database.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[MaterialSummary | str] = []
        self._categories: Mapping[str, tuple[str, ...]] = {}

    # -- loading --------------------------------------------------------------------------
    def set_hits(
        self,
        hits: Sequence[MaterialSummary],
        categories: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        """Show `hits` in order."""
        self.set_sections([("", hits)], categories)

    def set_sections(
        self,
        sections: Sequence[tuple[str, Sequence[MaterialSummary]]],
        categories: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        """Show each non-empty section's materials under its heading ("" for no heading)."""
        self.beginResetModel()
        self._rows = []
        for heading, items in sections:
            if not items:
                continue
            if heading:
                self._rows.append(heading)
            self._rows.extend(items)
        self._categories = dict(categories or {})
        self.endResetModel()

    def set_favourite(self, material_id: str, favourite: bool) -> None:
        """Mark a material starred or not in every row showing it."""
        for row, item in enumerate(self._rows):
            if isinstance(item, MaterialSummary) and item.id == material_id:
                self._rows[row] = dataclasses.replace(item, favourite=favourite)
                index = self.index(row, 0)
                self.dataChanged.emit(index, index, [Role.FAVOURITE, Role.SUMMARY])

    # -- queries --------------------------------------------------------------------------
    def summary(self, row: int) -> MaterialSummary | None:
        """The material on `row` (None for a heading or a row out of range)."""
        if 0 <= row < len(self._rows):
            item = self._rows[row]
            return item if isinstance(item, MaterialSummary) else None
        return None

    def row_of(self, material_id: str) -> int:
        """The first row showing `material_id`, or -1."""
        for row, item in enumerate(self._rows):
            if isinstance(item, MaterialSummary) and item.id == material_id:
                return row
        return -1

    def material_count(self) -> int:
        """Rows that are materials (headings not counted)."""
        return sum(1 for item in self._rows if isinstance(item, MaterialSummary))

    def step(self, row: int, delta: int) -> int:
        """The material row `delta` materials away from `row`, stopping at either end (-1
        if there are no materials). From -1, +1 gives the first material."""
        materials = [r for r, item in enumerate(self._rows) if isinstance(item, MaterialSummary)]
        if not materials:
            return -1
        if row not in materials:
            return materials[0] if delta >= 0 else materials[-1]
        position = materials.index(row) + delta
        return materials[max(0, min(len(materials) - 1, position))]

    def category_text(self, category_id: str | None) -> str:
        return " / ".join(self._categories.get(category_id or "", ()))

    # -- the Qt model interface -----------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if isinstance(self._rows[index.row()], str):
            # Not enabled: the keyboard and the selection skip headings.
            return Qt.ItemFlag.ItemNeverHasChildren
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if isinstance(item, str):
            if role == Role.HEADER:
                return True
            if role in (Qt.ItemDataRole.DisplayRole, Role.TITLE):
                return item
            return None
        return self._material_data(item, role)

    def _material_data(self, item: MaterialSummary, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Role.TITLE):
            return item.title.text
        if role == Role.HEADER:
            return False
        if role == Role.ID:
            return item.id
        if role == Role.KIND:
            return item.kind.value
        if role == Role.KIND_LABEL:
            return kind_label(item.kind)
        if role == Role.SCOPE:
            return item.scope.value
        if role == Role.SCOPE_LABEL:
            return scope_label(item.scope)
        if role == Role.TITLE_SPANS:
            return item.title.spans
        if role == Role.SNIPPET:
            return item.snippet.text
        if role == Role.SNIPPET_SPANS:
            return item.snippet.spans
        if role == Role.CATEGORY:
            return self.category_text(item.category_id)
        if role == Role.FAVOURITE:
            return item.favourite
        if role == Role.USES:
            return item.uses
        if role == Role.EDITABLE:
            return item.editable
        if role == Role.SUMMARY:
            return item
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.snippet.text or item.title.text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.tr("{kind}: {title}").format(
                kind=kind_label(item.kind), title=item.title.text
            )
        return None
