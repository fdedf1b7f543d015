"""Paints a kanban card from its index data: name, masked phone, models, tags, indicators."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from consultant_app.domain.urgency import Urgency
from consultant_app.store.queries import KanbanCard
from ui.kanban.model import Role
from ui.palette import (
    BORDER,
    CARD,
    GREEN,
    GREY,
    MUTED,
    ORANGE,
    ORANGE_FILL,
    RED,
    SELECTED,
    TEXT,
    YELLOW,
)

CARD_HEIGHT = 96
#: Rendered cards kept for repainting (a few screens' worth; oldest dropped first).
CACHE_SIZE = 600
MARGIN_X = 8
MARGIN_Y = 4

URGENCY_COLOURS = {
    Urgency.OVERDUE: RED,
    Urgency.TODAY: GREEN,
    Urgency.NONE: YELLOW,
    Urgency.FUTURE: GREY,
}
ROT_BG = ORANGE_FILL
ROT_EDGE = ORANGE


translate = QCoreApplication.translate  # lupdate finds translate("Context", "text") calls


def urgency_text(level: Urgency) -> str:
    """The indicator's meaning, for tooltips and accessibility."""
    return {
        Urgency.OVERDUE: translate("CardDelegate", "Follow-up overdue"),
        Urgency.TODAY: translate("CardDelegate", "Follow-up due today"),
        Urgency.NONE: translate("CardDelegate", "No next step planned"),
        Urgency.FUTURE: translate("CardDelegate", "Next step planned"),
    }[level]


class CardDelegate(QStyledItemDelegate):
    """Draws one card per row; fixed height so the view can use uniform item sizes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name_font = QFont()
        self._name_font.setPixelSize(15)
        self._name_font.setBold(True)
        self._small_font = QFont()
        self._small_font.setPixelSize(12)
        self._chip_font = QFont()
        self._chip_font.setPixelSize(11)
        self._name_fm = QFontMetrics(self._name_font)
        self._small_fm = QFontMetrics(self._small_font)
        self._chip_fm = QFontMetrics(self._chip_font)
        self._cache: dict[tuple[object, ...], QPixmap] = {}

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(max(option.rect.width(), 200), CARD_HEIGHT)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Blit the card from the cache, rendering it first if its look changed.

        A move shifts every card below it; caching keeps that repaint to one new rendering.
        """
        card: KanbanCard | None = index.data(Role.Card)
        if card is None:
            return
        level: Urgency = index.data(Role.Urgency)
        rotting: bool = index.data(Role.Rotting)
        days: int = index.data(Role.DaysSinceTouch)
        snoozed: bool = index.data(Role.Snoozed)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        target = option.rect
        ratio = painter.device().devicePixelRatioF()
        key = (
            card,
            target.width(),
            target.height(),
            level,
            rotting,
            days,
            snoozed,
            selected,
            ratio,
        )
        pixmap = self._cache.get(key)
        if pixmap is None:
            pixmap = QPixmap(QSize(target.width(), target.height()) * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            canvas = QPainter(pixmap)
            try:
                local = QRectF(0, 0, target.width(), target.height())
                self._render(canvas, local, card, level, rotting, days, snoozed, selected)
            finally:
                canvas.end()
            if len(self._cache) >= CACHE_SIZE:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = pixmap
        painter.drawPixmap(target.topLeft(), pixmap)

    def _render(
        self,
        painter: QPainter,
        area: QRectF,
        card: KanbanCard,
        level: Urgency,
        rotting: bool,
        days: int,
        snoozed: bool,
        selected: bool,
    ) -> None:
        rect = area.adjusted(MARGIN_X, MARGIN_Y, -MARGIN_X, -MARGIN_Y)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(rect, 8, 8)
        painter.fillPath(path, ROT_BG if rotting else CARD)
        painter.setPen(QPen(SELECTED if selected else BORDER, 2 if selected else 1))
        painter.drawPath(path)
        if rotting:
            edge = QPainterPath()
            edge.addRoundedRect(QRectF(rect.left(), rect.top(), 4, rect.height()), 2, 2)
            painter.fillPath(edge, ROT_EDGE)

        inner = rect.adjusted(12, 8, -10, -8)
        # Line 1: name, urgency dot, days since the last touch.
        dot = QRectF(inner.right() - 10, inner.top() + 4, 10, 10)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(URGENCY_COLOURS[level])
        painter.drawEllipse(dot)
        days_text = translate("CardDelegate", "%n d", None, days)
        painter.setFont(self._small_font)
        days_w = self._small_fm.horizontalAdvance(days_text)
        painter.setPen(ROT_EDGE if rotting else MUTED)
        days_rect = QRectF(dot.left() - 8 - days_w, inner.top(), days_w, 18)
        painter.drawText(days_rect, Qt.AlignmentFlag.AlignVCenter, days_text)
        painter.setFont(self._name_font)
        painter.setPen(TEXT)
        name_w = int(days_rect.left() - inner.left() - 8)
        name = self._name_fm.elidedText(card.name, Qt.TextElideMode.ElideRight, name_w)
        painter.drawText(
            QRectF(inner.left(), inner.top(), name_w, 20), Qt.AlignmentFlag.AlignVCenter, name
        )

        # Line 2: masked phone and intended models (and the snooze, if any).
        painter.setFont(self._small_font)
        painter.setPen(MUTED)
        parts = [p for p in (card.masked_mobile, " / ".join(card.models)) if p]
        if card.snoozed_until is not None and snoozed:
            parts.append(
                translate("CardDelegate", "snoozed to {date}").format(
                    date=card.snoozed_until.strftime("%m-%d")
                )
            )
        line2 = "  ·  ".join(parts)
        line2 = self._small_fm.elidedText(line2, Qt.TextElideMode.ElideRight, int(inner.width()))
        painter.drawText(
            QRectF(inner.left(), inner.top() + 26, inner.width(), 18),
            Qt.AlignmentFlag.AlignVCenter,
            line2,
        )

        # Line 3: tag chips, as many as fit, then "+N".
        x = inner.left()
        y = inner.top() + 52
        painter.setFont(self._chip_font)
        for i, tag in enumerate(card.tags):
            text = self._chip_fm.elidedText(tag.name, Qt.TextElideMode.ElideRight, 90)
            width = self._chip_fm.horizontalAdvance(text) + 12
            remaining = len(card.tags) - i
            more = translate("CardDelegate", "+%n", None, remaining)
            reserve = self._chip_fm.horizontalAdvance(more) + 8 if remaining > 1 else 0
            if x + width + reserve > inner.right():
                painter.setPen(MUTED)
                painter.drawText(
                    QRectF(x, y, inner.right() - x, 20), Qt.AlignmentFlag.AlignVCenter, more
                )
                break
            colour = QColor(tag.colour)
            chip = QPainterPath()
            chip.addRoundedRect(QRectF(x, y, width, 20), 4, 4)
            fill = QColor(colour)
            fill.setAlpha(36)
            painter.fillPath(chip, fill)
            painter.setPen(colour.darker(130))
            painter.drawText(QRectF(x, y, width, 20), Qt.AlignmentFlag.AlignCenter, text)
            x += width + 6
        painter.restore()
