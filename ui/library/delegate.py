"""Painting a library row: kind and scope chips, the title and a one-line snippet with the
matched words marked, the category, and a star for favourites."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from consultant_app.library.models import MaterialKind, Scope
from ui.library.model import Role
from ui.palette import FAINT, HOVER_FILL, MUTED, SELECTED, SELECTED_FILL, TEXT, YELLOW

AnyIndex = QModelIndex | QPersistentModelIndex
Span = tuple[int, int]

PAD_X = 14
PAD_Y = 9
LINE_GAP = 5
CHIP_PAD = 6
CHIP_GAP = 6
#: The marker behind matched words, and their colour.
MARK_FILL = QColor("#FFE58F")
MARK_TEXT = QColor("#1F2329")
SEPARATOR = QColor("#F0F1F2")
CHIP_FILL = QColor("#F2F3F5")

#: Each kind's chip colour (text; the fill is a tint of it).
KIND_COLOURS: dict[str, QColor] = {
    MaterialKind.QA.value: QColor("#1677FF"),
    MaterialKind.SCRIPT.value: QColor("#389E0D"),
    MaterialKind.ARTICLE.value: QColor("#D46B08"),
    MaterialKind.IMAGE.value: QColor("#C41D7F"),
    MaterialKind.DOCUMENT.value: QColor("#531DAB"),
}
PERSONAL_COLOUR = QColor("#08979C")


def runs(text: str, spans: Sequence[Span]) -> list[tuple[str, bool]]:
    """`text` cut into (piece, marked) runs by `spans` (clamped, sorted, overlaps merged)."""
    merged: list[list[int]] = []
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[tuple[str, bool]] = []
    at = 0
    for start, end in merged:
        if start > at:
            out.append((text[at:start], False))
        out.append((text[start:end], True))
        at = end
    if at < len(text):
        out.append((text[at:], False))
    return out


def _fit(text: str, metrics: QFontMetricsF, width: float) -> str:
    """The longest start of `text` no wider than `width`."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if metrics.horizontalAdvance(text[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low]


def draw_highlighted(
    painter: QPainter,
    rect: QRect,
    text: str,
    spans: Sequence[Span],
    font: QFont,
    colour: QColor,
) -> None:
    """One line of `text` in `rect`, the `spans` marked (bold on a marker), elided with "…"."""
    marked_font = QFont(font)
    marked_font.setBold(True)
    plain = QFontMetricsF(font)
    bold = QFontMetricsF(marked_font)
    pieces = runs(text, spans)
    widths = [(bold if marked else plain).horizontalAdvance(piece) for piece, marked in pieces]
    if sum(widths) > rect.width():
        budget = rect.width() - plain.horizontalAdvance("…")
        cut: list[tuple[str, bool]] = []
        for (piece, marked), width in zip(pieces, widths, strict=True):
            if width <= budget:
                cut.append((piece, marked))
                budget -= width
                continue
            part = _fit(piece, bold if marked else plain, budget)
            if part:
                cut.append((part, marked))
            break
        pieces = [*cut, ("…", False)]
    height = plain.height()
    top = rect.top() + (rect.height() - height) / 2
    x = float(rect.left())
    for piece, marked in pieces:
        metrics = bold if marked else plain
        width = metrics.horizontalAdvance(piece)
        if marked:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(MARK_FILL)
            painter.drawRoundedRect(QRectF(x - 1, top, width + 2, height), 3, 3)
            painter.setFont(marked_font)
            painter.setPen(MARK_TEXT)
        else:
            painter.setFont(font)
            painter.setPen(colour)
        painter.drawText(QRectF(x, top, width + 2, height), Qt.AlignmentFlag.AlignLeft, piece)
        x += width


def draw_chip(
    painter: QPainter, x: float, centre_y: float, text: str, font: QFont, colour: QColor
) -> float:
    """A small rounded label at `x`, vertically centred on `centre_y`; its right edge."""
    metrics = QFontMetricsF(font)
    width = metrics.horizontalAdvance(text) + 2 * CHIP_PAD
    height = metrics.height() + 2
    chip = QRectF(x, centre_y - height / 2, width, height)
    fill = QColor(colour) if colour != MUTED else CHIP_FILL
    if colour != MUTED:
        fill.setAlpha(26)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    painter.drawRoundedRect(chip, 4, 4)
    painter.setFont(font)
    painter.setPen(colour)
    painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
    return chip.right()


class MaterialDelegate(QStyledItemDelegate):
    """Paints a material as two lines (chips and title; category and snippet) and a heading
    row as a small caption, from `MaterialListModel`'s roles."""

    @staticmethod
    def _fonts(base: QFont) -> tuple[QFont, QFont, QFont]:
        title = QFont(base)
        title.setPointSizeF(base.pointSizeF() * 1.08)
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.9)
        chip = QFont(base)
        chip.setPointSizeF(base.pointSizeF() * 0.82)
        return title, small, chip

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        title, small, _ = self._fonts(option.font)
        if index.data(Role.HEADER):
            return QSize(200, round(QFontMetricsF(small).height()) + 16)
        lines = QFontMetricsF(title).height() + QFontMetricsF(small).height()
        return QSize(200, round(lines) + 2 * PAD_Y + LINE_GAP + 1)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        try:
            if index.data(Role.HEADER):
                self._paint_header(painter, option, index)
            else:
                self._paint_material(painter, option, index)
        finally:
            painter.restore()

    def _paint_header(
        self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        _, small, _ = self._fonts(option.font)
        small.setBold(True)
        rect = option.rect.adjusted(PAD_X, 8, -PAD_X, -2)
        painter.setFont(small)
        painter.setPen(FAINT)
        painter.drawText(
            rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(index.data())
        )

    def _paint_material(
        self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        rect = option.rect
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        if selected or hovered:
            painter.fillRect(rect, SELECTED_FILL if selected else HOVER_FILL)
        if selected:
            painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), SELECTED)
        painter.setPen(QPen(SEPARATOR, 1))
        painter.drawLine(rect.left() + PAD_X, rect.bottom(), rect.right() - PAD_X, rect.bottom())

        title_font, small_font, chip_font = self._fonts(option.font)
        title_h = QFontMetricsF(title_font).height()
        small_h = QFontMetricsF(small_font).height()
        top = rect.top() + PAD_Y
        line1 = QRect(rect.left() + PAD_X, round(top), rect.width() - 2 * PAD_X, round(title_h))
        line2 = QRect(line1.left(), round(top + title_h + LINE_GAP), line1.width(), round(small_h))

        # Line 1: kind (and 个人) chips, the title, a star for favourites.
        kind = str(index.data(Role.KIND))
        x = draw_chip(
            painter,
            line1.left(),
            line1.center().y() + 0.5,
            str(index.data(Role.KIND_LABEL)),
            chip_font,
            KIND_COLOURS.get(kind, MUTED),
        )
        if index.data(Role.SCOPE) == Scope.PERSONAL.value:
            x = draw_chip(
                painter,
                x + 4,
                line1.center().y() + 0.5,
                str(index.data(Role.SCOPE_LABEL)),
                chip_font,
                PERSONAL_COLOUR,
            )
        right = line1.right()
        if index.data(Role.FAVOURITE):
            star = QRect(right - 16, line1.top(), 18, line1.height())
            painter.setFont(title_font)
            painter.setPen(YELLOW)
            painter.drawText(star, Qt.AlignmentFlag.AlignCenter, "★")
            right = star.left() - 4
        title_rect = QRect(round(x) + CHIP_GAP + 2, line1.top(), 0, line1.height())
        title_rect.setRight(right)
        draw_highlighted(
            painter,
            title_rect,
            str(index.data(Role.TITLE) or ""),
            index.data(Role.TITLE_SPANS) or (),
            title_font,
            TEXT,
        )

        # Line 2: the category, then the snippet.
        x2 = float(line2.left())
        category = str(index.data(Role.CATEGORY) or "")
        if category:
            chip_metrics = QFontMetricsF(chip_font)
            limit = line2.width() * 0.4
            if chip_metrics.horizontalAdvance(category) + 2 * CHIP_PAD > limit:
                category = chip_metrics.elidedText(
                    category, Qt.TextElideMode.ElideMiddle, limit - 2 * CHIP_PAD
                )
            x2 = draw_chip(painter, x2, line2.center().y() + 0.5, category, chip_font, MUTED)
            x2 += CHIP_GAP + 2
        snippet_rect = QRect(round(x2), line2.top(), 0, line2.height())
        snippet_rect.setRight(line2.right())
        draw_highlighted(
            painter,
            snippet_rect,
            str(index.data(Role.SNIPPET) or ""),
            index.data(Role.SNIPPET_SPANS) or (),
            small_font,
            MUTED,
        )
