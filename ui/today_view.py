"""The Today page (今日待办): reminders due, leads going cold and birthdays this week."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo
from enum import IntEnum
from math import ceil
from typing import Any, overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QElapsedTimer,
    QEvent,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QGuiApplication,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from consultant_app.domain.urgency import days_since
from consultant_app.store.queries import BirthdayRow, StaleContact, TodayList, TodayReminder
from ui.labels import stage_label

AnyIndex = QModelIndex | QPersistentModelIndex

_USER_ROLE = Qt.ItemDataRole.UserRole.value


class Section(IntEnum):
    """The page's three sections, in display order (the value is the top-level row)."""

    REMINDERS = 0
    STALE = 1
    BIRTHDAYS = 2


class Kind(IntEnum):
    """What a row is, so the delegate knows how to paint it."""

    SECTION = 0
    REMINDER = 1
    STALE = 2
    BIRTHDAY = 3
    EMPTY = 4


class Role(IntEnum):
    """Data roles of `TodayModel`; the delegate paints from these alone."""

    KIND = _USER_ROLE + 1
    SECTION = _USER_ROLE + 2
    CONTACT_ID = _USER_ROLE + 3
    REMINDER_ID = _USER_ROLE + 4
    TITLE = _USER_ROLE + 5  # contact name, section title or the empty-state line
    SUBTITLE = _USER_ROLE + 6  # reminder note, birthday date, last contact
    STAGE = _USER_ROLE + 7  # stage label of a contact going cold
    WHEN = _USER_ROLE + 8  # the right-hand headline: time, "Overdue by 2 days", "Tomorrow"
    WHEN_DETAIL = _USER_ROLE + 9  # the right-hand second line
    OVERDUE = _USER_ROLE + 10
    COUNT = _USER_ROLE + 11  # rows in a section
    HIGHLIGHT = _USER_ROLE + 12  # a birthday today


#: Rows show at most this much of a reminder note; the delegate elides the rest.
NOTE_CHARS = 200


class TodayModel(QAbstractItemModel):
    """A two-level model over a `TodayList`: three section rows, each with its items.

    An empty section has a single disabled placeholder row carrying a friendly line, so the
    page never shows a bare header. Texts are computed against the `now` given with the data.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reminders: list[TodayReminder] = []
        self._stale: list[StaleContact] = []
        self._birthdays: list[BirthdayRow] = []
        self._now: datetime | None = None
        self._tz: tzinfo | None = None
        # Whether an empty section shows its placeholder row: not before the first load (an
        # empty page while loading must not say "nothing to do"), and not while a section's
        # last row is being removed, so that rowCount matches each begin/end pair exactly.
        self._placeholder = [False, False, False]

    # -- loading --------------------------------------------------------------------------

    def set_today(self, today: TodayList, now: datetime, tz: tzinfo | None = None) -> None:
        """Show `today` as of the aware `now`, with times in `tz` (the local zone if None)."""
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        self.beginResetModel()
        self._reminders = sorted(today.reminders, key=lambda r: (not r.overdue, r.due_at))
        self._stale = list(today.stale)
        self._birthdays = list(today.birthdays)
        self._now = now
        self._tz = tz
        self._placeholder = [True, True, True]
        self.endResetModel()

    def mark_reminder_done(self, reminder_id: str) -> bool:
        """Remove the reminder's row; False if it is not shown."""
        row = next((i for i, r in enumerate(self._reminders) if r.reminder_id == reminder_id), None)
        if row is None:
            return False
        section = self.section_index(Section.REMINDERS)
        self.beginRemoveRows(section, row, row)
        del self._reminders[row]
        if not self._reminders:
            self._placeholder[Section.REMINDERS] = False
        self.endRemoveRows()
        if not self._reminders:
            self.beginInsertRows(section, 0, 0)
            self._placeholder[Section.REMINDERS] = True
            self.endInsertRows()
        self.dataChanged.emit(section, section, [Role.COUNT, Qt.ItemDataRole.DisplayRole])
        return True

    # -- queries --------------------------------------------------------------------------

    def counts(self) -> tuple[int, int, int]:
        """(reminders due, contacts going cold, birthdays this week)."""
        return len(self._reminders), len(self._stale), len(self._birthdays)

    def overdue_count(self) -> int:
        """How many of the reminders are overdue."""
        return sum(1 for r in self._reminders if r.overdue)

    def section_index(self, section: Section) -> QModelIndex:
        """The top-level index of `section`."""
        return self.createIndex(int(section), 0, 0)

    def reminder_row(self, reminder_id: str) -> QModelIndex:
        """The index of a reminder's row (invalid if not shown)."""
        for row, reminder in enumerate(self._reminders):
            if reminder.reminder_id == reminder_id:
                return self.createIndex(row, 0, Section.REMINDERS + 1)
        return QModelIndex()

    def find_row(self, section: Section, key: str) -> QModelIndex:
        """The row in `section` whose reminder or contact id is `key` (invalid if none)."""
        if section is Section.REMINDERS:
            return self.reminder_row(key)
        items: Sequence[StaleContact | BirthdayRow] = (
            self._stale if section is Section.STALE else self._birthdays
        )
        for row, item in enumerate(items):
            if item.contact_id == key:
                return self.createIndex(row, 0, section + 1)
        return QModelIndex()

    # -- the Qt model interface -----------------------------------------------------------

    def _items(self, section: int) -> Sequence[TodayReminder | StaleContact | BirthdayRow]:
        if section == Section.REMINDERS:
            return self._reminders
        if section == Section.STALE:
            return self._stale
        return self._birthdays

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        if not parent.isValid():
            return len(Section)
        if parent.internalId() != 0 or parent.column() != 0:
            return 0
        items = self._items(parent.row())
        if items:
            return len(items)
        return 1 if self._placeholder[parent.row()] else 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    @overload
    def parent(self) -> QObject | None: ...
    @overload
    def parent(self, child: AnyIndex) -> QModelIndex: ...
    def parent(self, child: AnyIndex | None = None) -> QObject | QModelIndex | None:
        if child is None:
            return super().parent()
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid() or self._kind(index) in (Kind.SECTION, Kind.EMPTY):
            # Not enabled: keyboard navigation skips headers and placeholder lines.
            return (
                Qt.ItemFlag.ItemNeverHasChildren
                if index.isValid() and index.internalId() != 0
                else Qt.ItemFlag.NoItemFlags
            )
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def _kind(self, index: AnyIndex) -> Kind:
        if index.internalId() == 0:
            return Kind.SECTION
        section = index.internalId() - 1
        if not self._items(section):
            return Kind.EMPTY
        return (Kind.REMINDER, Kind.STALE, Kind.BIRTHDAY)[section]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() != 0:
            return None
        kind = self._kind(index)
        if role == Role.KIND:
            return kind
        if kind is Kind.SECTION:
            return self._section_data(Section(index.row()), role)
        section = Section(index.internalId() - 1)
        if role == Role.SECTION:
            return section
        if kind is Kind.EMPTY:
            if role in (Role.TITLE, Qt.ItemDataRole.DisplayRole):
                return self._empty_text(section)
            return None
        items = self._items(section)
        if not 0 <= index.row() < len(items):
            return None
        item = items[index.row()]
        if isinstance(item, TodayReminder):
            return self._reminder_data(item, role)
        if isinstance(item, StaleContact):
            return self._stale_data(item, role)
        return self._birthday_data(item, role)

    # -- texts ----------------------------------------------------------------------------

    def _section_data(self, section: Section, role: int) -> Any:
        count = len(self._items(section))
        title = (
            self.tr("Reminders due"),
            self.tr("Going cold"),
            self.tr("Birthdays this week"),
        )[section]
        if role == Role.SECTION:
            return section
        if role == Role.TITLE:
            return title
        if role == Role.COUNT:
            return count
        if role == Role.OVERDUE:
            return section is Section.REMINDERS and self.overdue_count() > 0
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr("{title} ({count})").format(title=title, count=count)
        return None

    def _empty_text(self, section: Section) -> str:
        return (
            self.tr("Nothing overdue or due today — nice work"),
            self.tr("Every lead has been followed up recently"),
            self.tr("No birthdays in the coming week"),
        )[section]

    def _common(self, role: int, contact_id: str, name: str) -> Any:
        if role == Role.CONTACT_ID:
            return contact_id
        if role == Role.TITLE:
            return name
        return None

    def _reminder_data(self, reminder: TodayReminder, role: int) -> Any:
        if role == Role.REMINDER_ID:
            return reminder.reminder_id
        if role == Role.OVERDUE:
            return reminder.overdue
        if role == Role.SUBTITLE:
            return reminder.note[:NOTE_CHARS].replace("\n", " ")
        if role == Role.WHEN:
            return self._reminder_when(reminder)
        if role == Role.WHEN_DETAIL:
            return self._reminder_when_detail(reminder)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._describe(
                reminder.contact_name, reminder.note, self._reminder_when(reminder)
            )
        return self._common(role, reminder.contact_id, reminder.contact_name)

    def _reminder_when(self, reminder: TodayReminder) -> str:
        now = self._clock()
        local_due = reminder.due_at.astimezone(self._tz)
        if not reminder.overdue:
            return local_due.strftime("%H:%M")
        days = days_since(reminder.due_at, now, self._tz)
        if days >= 1:
            return self.tr("Overdue by %n day(s)", "", days)
        minutes = max(1, int((now - reminder.due_at).total_seconds() // 60))
        if minutes < 60:
            return self.tr("Overdue by %n min", "", minutes)
        return self.tr("Overdue by %n h", "", minutes // 60)

    def _reminder_when_detail(self, reminder: TodayReminder) -> str:
        now = self._clock()
        local_due = reminder.due_at.astimezone(self._tz)
        time_text = local_due.strftime("%H:%M")
        if reminder.overdue:
            if days_since(reminder.due_at, now, self._tz) == 0:
                return self.tr("Was due {time}").format(time=time_text)
            return self.tr("Was due {date} {time}").format(
                date=self._short_date(local_due.date()), time=time_text
            )
        minutes = max(0, int((reminder.due_at - now).total_seconds() // 60))
        if minutes < 1:
            return self.tr("Due now")
        if minutes < 60:
            return self.tr("In %n min", "", minutes)
        return self.tr("In %n h", "", minutes // 60)

    def _stale_data(self, stale: StaleContact, role: int) -> Any:
        if role == Role.STAGE:
            return stage_label(stale.stage)
        if role == Role.SUBTITLE:
            local = stale.last_touch_at.astimezone(self._tz)
            return self.tr("Last contact {date}").format(date=self._short_date(local.date()))
        if role == Role.WHEN:
            days = days_since(stale.last_touch_at, self._clock(), self._tz)
            return self.tr("Untouched for %n day(s)", "", days)
        if role == Role.WHEN_DETAIL:
            return ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._describe(
                stale.name, stage_label(stale.stage), self._stale_data(stale, Role.WHEN)
            )
        return self._common(role, stale.contact_id, stale.name)

    def _birthday_data(self, birthday: BirthdayRow, role: int) -> Any:
        days = (birthday.on - self._clock().astimezone(self._tz).date()).days
        if role == Role.HIGHLIGHT:
            return days == 0
        if role == Role.SUBTITLE:
            return QLocale().toString(
                QDate(birthday.on.year, birthday.on.month, birthday.on.day),
                self.tr("MMMM d, dddd", "Qt date format: a birthday with its weekday"),
            )
        if role == Role.WHEN:
            if days <= 0:
                return self.tr("Today")
            if days == 1:
                return self.tr("Tomorrow")
            return self.tr("In %n day(s)", "", days)
        if role == Role.WHEN_DETAIL:
            return ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._describe(
                birthday.name,
                self._birthday_data(birthday, Role.SUBTITLE),
                self._birthday_data(birthday, Role.WHEN),
            )
        return self._common(role, birthday.contact_id, birthday.name)

    def _describe(self, name: str, detail: str, when: str) -> str:
        if not detail:
            return self.tr("{name} · {when}").format(name=name, when=when)
        return self.tr("{name} · {detail} · {when}").format(name=name, detail=detail, when=when)

    def _short_date(self, day: date) -> str:
        return QLocale().toString(
            QDate(day.year, day.month, day.day), self.tr("MMM d", "Qt date format: a short date")
        )

    def _clock(self) -> datetime:
        assert self._now is not None  # rows only exist after set_today
        return self._now


# -- painting -------------------------------------------------------------------------------

# The app's light theme (resources/styles/app.qss and the kanban cards use the same colours).
from ui.palette import (  # noqa: E402 (kept beside the painting code that uses them)
    BORDER,
    CARD,
    FAINT,
    GREEN,
    GREEN_TEXT,
    HOVER_FILL,
    MAGENTA,
    MAGENTA_TEXT,
    MUTED,
    ORANGE,
    ORANGE_TEXT,
    PAGE,
    RED,
    RED_TEXT,
    SELECTED,
    SELECTED_FILL,
    TEXT,
)

MARGIN = 16  # left and right of the cards
CARD_GAP = 3  # above and below each card
PADDING = 12  # inside a card
MARK = 20  # the done circle and the avatars


class TodayDelegate(QStyledItemDelegate):
    """Paints section headers, item cards and empty-state lines from the model's roles."""

    done_clicked = Signal(QPersistentModelIndex)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._last_done = QElapsedTimer()
        self._pressed: QPersistentModelIndex | None = None

    # -- geometry -------------------------------------------------------------------------

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        metrics = QFontMetrics(option.font)
        line = metrics.height()
        kind = index.data(Role.KIND)
        if kind == Kind.SECTION:
            top = 8 if index.row() == 0 else 20
            return QSize(200, top + line + 14)
        if kind == Kind.EMPTY:
            return QSize(200, line + 2 * PADDING + 2 * CARD_GAP)
        return QSize(200, 2 * line + 2 * PADDING + 2 * CARD_GAP + 2)

    @staticmethod
    def card_rect(rect: QRect) -> QRect:
        """The card inside a row's rectangle."""
        return rect.adjusted(MARGIN, CARD_GAP, -MARGIN, -CARD_GAP)

    @classmethod
    def check_rect(cls, rect: QRect) -> QRect:
        """The done circle of a reminder row whose rectangle is `rect`."""
        card = cls.card_rect(rect)
        return QRect(card.left() + PADDING, card.center().y() - MARK // 2 + 1, MARK, MARK)

    # -- events ---------------------------------------------------------------------------

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: AnyIndex,
    ) -> bool:
        if index.data(Role.KIND) != Kind.REMINDER or not isinstance(event, QMouseEvent):
            return super().editorEvent(event, model, option, index)
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        inside = self.check_rect(option.rect).contains(event.position().toPoint())
        kind = event.type()
        if kind == QEvent.Type.MouseButtonDblClick:
            return inside  # a double-click on the circle must not also open the contact
        if kind == QEvent.Type.MouseButtonPress:
            # The second press of a fast double-click lands on the row that moved up under
            # the pointer once the first was removed; that one was not meant for it.
            recent = (
                self._last_done.isValid()
                and self._last_done.elapsed()
                < QGuiApplication.styleHints().mouseDoubleClickInterval()
            )
            self._pressed = QPersistentModelIndex(index) if inside and not recent else None
            return inside
        if kind == QEvent.Type.MouseButtonRelease:
            pressed, self._pressed = self._pressed, None
            if inside and pressed is not None and pressed == QPersistentModelIndex(index):
                self._last_done.start()
                self.done_clicked.emit(QPersistentModelIndex(index))
                return True
            return inside
        return False

    # -- painting -------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        kind = index.data(Role.KIND)
        # Colours come from the app's fixed light theme, not the palette: headers and
        # placeholder lines are disabled (so the keyboard skips them) yet must not look greyed.
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            if kind == Kind.SECTION:
                self._paint_section(painter, option, index)
            elif kind == Kind.EMPTY:
                self._paint_empty(painter, option, index)
            else:
                self._paint_item(painter, option, index, Kind(kind))
        finally:
            painter.restore()

    def _paint_section(
        self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        rect = option.rect
        font = QFont(option.font)
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        metrics = QFontMetrics(font)
        line = QRect(
            rect.left() + MARGIN + 16,
            rect.bottom() - 8 - metrics.height(),
            rect.width() - 2 * MARGIN - 16,
            metrics.height(),
        )
        section = Section(index.data(Role.SECTION))
        accent = _section_accent(section, bool(index.data(Role.OVERDUE)))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        painter.drawEllipse(QRectF(rect.left() + MARGIN + 2, line.center().y() - 3, 8, 8))
        title = str(index.data(Role.TITLE))
        painter.setFont(font)
        painter.setPen(TEXT)
        painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)

        count = int(index.data(Role.COUNT))
        small = QFont(option.font)
        small.setBold(True)
        small.setPointSizeF(small.pointSizeF() * 0.85)
        small_metrics = QFontMetrics(small)
        text = str(count)
        height = small_metrics.height() + 2
        pill = QRectF(
            line.left() + metrics.horizontalAdvance(title) + 8,
            line.center().y() - height / 2 + 1,
            max(small_metrics.horizontalAdvance(text) + 14, height + 6),
            height,
        )
        fill = QColor(BORDER if count == 0 else accent)
        fill.setAlpha(120 if count == 0 else 36)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setFont(small)
        painter.setPen(MUTED if count == 0 else _text_colour(accent))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_empty(
        self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        rect = self.card_rect(option.rect)
        painter.setPen(QPen(BORDER, 1, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        reminders = index.data(Role.SECTION) == Section.REMINDERS
        tick = QRectF(rect.left() + PADDING + 3, rect.center().y() - 7 + 1, 14, 14)
        _draw_tick(painter, tick, GREEN if reminders else FAINT)
        painter.setPen(MUTED)
        painter.setFont(option.font)
        text_rect = rect.adjusted(PADDING + MARK + 12, 0, -PADDING, 0)
        painter.drawText(
            text_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(option.font).elidedText(
                str(index.data(Role.TITLE)), Qt.TextElideMode.ElideRight, text_rect.width()
            ),
        )

    def _paint_item(
        self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex, kind: Kind
    ) -> None:
        state = option.state
        base_font = option.font
        card = self.card_rect(option.rect)
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        focused = bool(state & QStyle.StateFlag.State_HasFocus)
        overdue = bool(index.data(Role.OVERDUE))
        birthday_today = kind is Kind.BIRTHDAY and bool(index.data(Role.HIGHLIGHT))

        # The card, with a coloured edge for what cannot wait.
        path = QPainterPath()
        path.addRoundedRect(QRectF(card).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        fill = SELECTED_FILL if selected else HOVER_FILL if hovered else CARD
        ring = selected or focused
        painter.setPen(QPen(SELECTED if ring else BORDER, 1.5 if ring else 1))
        painter.setBrush(fill)
        painter.drawPath(path)
        edge = RED if kind is Kind.REMINDER and overdue else MAGENTA if birthday_today else None
        if edge is not None:
            painter.save()
            painter.setClipPath(path)
            painter.fillRect(QRect(card.left(), card.top(), 4, card.height()), edge)
            painter.restore()

        # On the left: the done circle of a reminder, or the person's surname.
        mark = self.check_rect(option.rect)
        if kind is Kind.REMINDER:
            _draw_check_circle(painter, QRectF(mark), hovered or selected)
        else:
            _draw_avatar(
                painter,
                QRectF(mark).adjusted(-3, -3, 3, 3),
                str(index.data(Role.TITLE)),
                ORANGE if kind is Kind.STALE else MAGENTA,
                base_font,
            )

        # On the right: when.
        when = str(index.data(Role.WHEN) or "")
        when_detail = str(index.data(Role.WHEN_DETAIL) or "")
        when_font = QFont(base_font)
        when_font.setBold(True)
        detail_font = QFont(base_font)
        detail_font.setPointSizeF(base_font.pointSizeF() * 0.9)
        # Rounded up: elidedText drops the last letters when given exactly the rounded width.
        right_w = (
            ceil(
                max(
                    QFontMetricsF(when_font).horizontalAdvance(when),
                    QFontMetricsF(detail_font).horizontalAdvance(when_detail),
                )
            )
            + 1
        )
        right_w = min(right_w, card.width() // 2)
        inner = card.adjusted(PADDING, PADDING - 1, -PADDING, -PADDING + 1)
        right = QRect(inner.right() - right_w + 1, inner.top(), right_w, inner.height())
        if kind is Kind.REMINDER:
            when_colour = RED_TEXT if overdue else GREEN_TEXT
        elif kind is Kind.STALE:
            when_colour = ORANGE_TEXT
        else:
            when_colour = MAGENTA_TEXT if birthday_today else TEXT
        _draw_two_lines(
            painter,
            right,
            (when, when_font, when_colour),
            (when_detail, detail_font, MUTED),
            Qt.AlignmentFlag.AlignRight,
        )

        # In between: the name, and the note, date or stage under it.
        left = QRect(mark.right() + 13, inner.top(), 0, inner.height())
        left.setRight(right.left() - 16)
        name_font = QFont(base_font)
        name_font.setBold(True)
        name_font.setPointSizeF(base_font.pointSizeF() * 1.05)
        name = str(index.data(Role.TITLE) or "")
        subtitle = str(index.data(Role.SUBTITLE) or "")
        stage = str(index.data(Role.STAGE) or "")
        if stage:
            self._paint_with_chip(painter, left, name, name_font, stage, subtitle, detail_font)
            return
        _draw_two_lines(
            painter,
            left,
            (name, name_font, TEXT),
            (subtitle, detail_font, MUTED),
            Qt.AlignmentFlag.AlignLeft,
        )

    def _paint_with_chip(
        self,
        painter: QPainter,
        rect: QRect,
        name: str,
        name_font: QFont,
        stage: str,
        subtitle: str,
        small_font: QFont,
    ) -> None:
        name_metrics = QFontMetrics(name_font)
        small_metrics = QFontMetrics(small_font)
        top_h = name_metrics.height()
        bottom_h = small_metrics.height() + 2
        y = rect.top() + (rect.height() - top_h - bottom_h - 2) // 2
        painter.setFont(name_font)
        painter.setPen(TEXT)
        painter.drawText(
            QRect(rect.left(), y, rect.width(), top_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            name_metrics.elidedText(name, Qt.TextElideMode.ElideRight, rect.width()),
        )
        chip = QRectF(
            rect.left(),
            y + top_h + 2,
            min(small_metrics.horizontalAdvance(stage) + 12, rect.width()),
            bottom_h,
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#F2F3F5"))
        painter.drawRoundedRect(chip, 4, 4)
        painter.setFont(small_font)
        painter.setPen(TEXT)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, stage)
        rest = QRect(
            int(chip.right()) + 8, int(chip.top()), rect.right() - int(chip.right()) - 8, bottom_h
        )
        if rest.width() > 0 and subtitle:
            painter.setPen(MUTED)
            painter.drawText(
                rest,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                small_metrics.elidedText(subtitle, Qt.TextElideMode.ElideRight, rest.width()),
            )


def _section_accent(section: Section, overdue: bool) -> QColor:
    if section is Section.REMINDERS:
        return RED if overdue else GREEN
    return ORANGE if section is Section.STALE else MAGENTA


def _text_colour(accent: QColor) -> QColor:
    """The darker shade of an accent, readable as text on white."""
    return {
        RED.name(): RED_TEXT,
        GREEN.name(): GREEN_TEXT,
        ORANGE.name(): ORANGE_TEXT,
        MAGENTA.name(): MAGENTA_TEXT,
    }.get(accent.name(), TEXT)


def _draw_two_lines(
    painter: QPainter,
    rect: QRect,
    top: tuple[str, QFont, QColor],
    bottom: tuple[str, QFont, QColor],
    align: Qt.AlignmentFlag,
) -> None:
    """A headline and a smaller second line, centred together (the headline alone if no second)."""
    top_text, top_font, top_colour = top
    bottom_text, bottom_font, bottom_colour = bottom
    top_metrics = QFontMetrics(top_font)
    bottom_metrics = QFontMetrics(bottom_font)
    top_h = top_metrics.height()
    bottom_h = bottom_metrics.height() if bottom_text else 0
    gap = 3 if bottom_text else 0
    y = rect.top() + (rect.height() - top_h - gap - bottom_h) // 2
    flags = align | Qt.AlignmentFlag.AlignVCenter
    painter.setFont(top_font)
    painter.setPen(top_colour)
    painter.drawText(
        QRect(rect.left(), y, rect.width(), top_h),
        flags,
        top_metrics.elidedText(top_text, Qt.TextElideMode.ElideRight, rect.width()),
    )
    if bottom_text:
        painter.setFont(bottom_font)
        painter.setPen(bottom_colour)
        painter.drawText(
            QRect(rect.left(), y + top_h + gap, rect.width(), bottom_h),
            flags,
            bottom_metrics.elidedText(bottom_text, Qt.TextElideMode.ElideRight, rect.width()),
        )


def _draw_tick(painter: QPainter, rect: QRectF, colour: QColor) -> None:
    path = QPainterPath()
    path.moveTo(rect.left() + rect.width() * 0.18, rect.top() + rect.height() * 0.52)
    path.lineTo(rect.left() + rect.width() * 0.42, rect.top() + rect.height() * 0.76)
    path.lineTo(rect.left() + rect.width() * 0.84, rect.top() + rect.height() * 0.28)
    painter.save()
    pen = QPen(colour, 2)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
    painter.restore()


def _draw_check_circle(painter: QPainter, rect: QRectF, hot: bool) -> None:
    circle = rect.adjusted(1, 1, -1, -1)
    painter.setBrush(CARD)
    painter.setPen(QPen(GREEN if hot else QColor("#C9CDD4"), 1.6))
    painter.drawEllipse(circle)
    if hot:
        _draw_tick(painter, circle.adjusted(3, 3, -3, -3), GREEN)


def _draw_avatar(painter: QPainter, rect: QRectF, name: str, colour: QColor, base: QFont) -> None:
    fill = QColor(colour)
    fill.setAlpha(30)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    painter.drawEllipse(rect)
    font = QFont(base)
    font.setBold(True)
    font.setPointSizeF(base.pointSizeF() * 0.95)
    painter.setFont(font)
    painter.setPen(_text_colour(colour))
    # A Chinese name's first character is the surname, which is how customers are addressed.
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, name.strip()[:1].upper())


# -- the page -------------------------------------------------------------------------------


def _set_text_colour(label: QLabel, colour: QColor) -> None:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, colour)
    label.setPalette(palette)


class _TodayTree(QTreeView):
    """The list itself: Enter opens the current contact, Space marks its reminder done."""

    open_requested = Signal(QPersistentModelIndex)
    done_requested = Signal(QPersistentModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hover = QPersistentModelIndex()

    def drawRow(self, painter: QPainter, options: QStyleOptionViewItem, index: AnyIndex) -> None:
        # The delegate paints the whole row; the style's row-wide selection, hover and focus
        # panels would draw a second rectangle around each card.
        option = QStyleOptionViewItem(options)
        option.rect = QRect(0, options.rect.y(), self.viewport().width(), options.rect.height())
        flags = QStyle.StateFlag
        state = options.state & ~(
            flags.State_Selected | flags.State_HasFocus | flags.State_MouseOver
        )
        if self.selectionModel().isSelected(index):
            state |= flags.State_Selected
        if index == self.currentIndex() and self.hasFocus():
            state |= flags.State_HasFocus
        if self._hover.isValid() and self._hover == index:
            state |= flags.State_MouseOver
        option.state = state
        self.itemDelegateForIndex(index).paint(painter, option, index)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._set_hover(self.indexAt(event.position().toPoint()))
        super().mouseMoveEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Leave:
            self._set_hover(QModelIndex())
        return super().viewportEvent(event)

    def _set_hover(self, index: QModelIndex) -> None:
        if self._hover == index:
            return
        old, self._hover = self._hover, QPersistentModelIndex(index)
        for changed in (old, self._hover):
            if changed.isValid():
                self.viewport().update(
                    self.visualRect(self.model().index(changed.row(), 0, changed.parent()))
                )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if plain and index.isValid() and index.flags() & Qt.ItemFlag.ItemIsEnabled:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_requested.emit(QPersistentModelIndex(index))
                event.accept()
                return
            if event.key() == Qt.Key.Key_Space and index.data(Role.KIND) == Kind.REMINDER:
                self.done_requested.emit(QPersistentModelIndex(index))
                event.accept()
                return
        super().keyPressEvent(event)


class TodayView(QWidget):
    """The consultant's day at a glance: what is due, who is going cold, whose birthday is near.

    Passive: it shows a `TodayList` and reports what the consultant asks for through signals.
    """

    contact_activated = Signal(str)  # contact_id: double-click or Enter on any row
    reminder_done_requested = Signal(str)  # reminder_id: the circle, Space or the context menu

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = TodayModel(self)
        self._now: datetime | None = None
        self._tz: tzinfo | None = None

        self._title = QLabel(self.tr("Today"))
        title_font = QFont(self._title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.6)
        title_font.setBold(True)
        self._title.setFont(title_font)
        self._date = QLabel()
        _set_text_colour(self._date, MUTED)
        self._summary = QLabel()
        self._summary.setObjectName("today_summary")
        self._summary.setWordWrap(True)
        summary_font = QFont(self._summary.font())
        summary_font.setPointSizeF(summary_font.pointSizeF() * 1.05)
        self._summary.setFont(summary_font)

        self._delegate = TodayDelegate(self)
        self._tree = _TodayTree(self)
        self._tree.setObjectName("today_list")
        self._tree.setModel(self._model)
        self._tree.setItemDelegate(self._delegate)
        self._tree.setHeaderHidden(True)
        self._tree.setRootIsDecorated(False)
        self._tree.setItemsExpandable(False)
        self._tree.setExpandsOnDoubleClick(False)
        self._tree.setIndentation(0)
        self._tree.setAllColumnsShowFocus(True)
        self._tree.setFrameShape(QTreeView.Shape.NoFrame)
        self._tree.setMouseTracking(True)
        self._tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self._tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        # The app's style sheet paints item views; this keeps the cards on the page colour.
        self._tree.setStyleSheet(
            f"QTreeView#today_list {{ background: {PAGE.name()}; border: none; outline: none; }}"
        )
        self._tree.setAccessibleName(self.tr("Today's list"))
        self._tree.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self._hint = QLabel(
            self.tr("Enter opens the contact · Space marks a reminder done · Right-click for more")
        )
        _set_text_colour(self._hint, FAINT)
        self._hint.setWordWrap(True)
        hint_font = QFont(self._hint.font())
        hint_font.setPointSizeF(hint_font.pointSizeF() * 0.9)
        self._hint.setFont(hint_font)

        heading = QHBoxLayout()
        heading.setSpacing(12)
        heading.addWidget(self._title)
        heading.addWidget(self._date, 0, Qt.AlignmentFlag.AlignBottom)
        heading.addStretch(1)
        top = QVBoxLayout()
        top.setContentsMargins(MARGIN + 2, 14, MARGIN, 6)
        top.setSpacing(4)
        top.addLayout(heading)
        top.addWidget(self._summary)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(MARGIN + 2, 4, MARGIN, 8)
        bottom.addWidget(self._hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self._tree, 1)
        layout.addLayout(bottom)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, PAGE)
        palette.setColor(QPalette.ColorRole.WindowText, TEXT)
        self.setPalette(palette)
        self.setBackgroundRole(QPalette.ColorRole.Window)
        self.setAutoFillBackground(True)
        self.setFocusProxy(self._tree)

        self._tree.doubleClicked.connect(self._on_double_clicked)
        self._tree.open_requested.connect(self._open)
        self._tree.done_requested.connect(self._request_done)
        self._delegate.done_clicked.connect(self._request_done)
        self._tree.customContextMenuRequested.connect(self._show_context_menu)
        self._model.rowsRemoved.connect(self._update_summary)
        self._model.modelReset.connect(self._update_summary)
        self._update_summary()

    # -- public API -----------------------------------------------------------------------

    def set_today(self, today: TodayList, now: datetime, tz: tzinfo | None = None) -> None:
        """Show `today` as of the aware `now`; times in `tz`, the computer's zone if None.

        The current row and the scroll position survive a reload.
        """
        current = self._row_key(self._tree.currentIndex())
        scroll = self._tree.verticalScrollBar().value()
        self._now, self._tz = now, tz
        self._model.set_today(today, now, tz)
        self._tree.expandAll()
        local = now.astimezone(tz)
        self._date.setText(
            QLocale().toString(
                QDate(local.year, local.month, local.day),
                self.tr("dddd, MMMM d", "Qt date format: today's date in the page title"),
            )
        )
        restored = self._model.find_row(*current) if current is not None else QModelIndex()
        if not restored.isValid():
            restored = self._first_item()
        if restored.isValid():
            self._tree.selectionModel().setCurrentIndex(
                restored, QItemSelectionModel.SelectionFlag.NoUpdate
            )
        self._tree.verticalScrollBar().setValue(scroll)

    def mark_reminder_done(self, reminder_id: str) -> None:
        """Take the reminder off the list at once (the caller reloads once it is saved)."""
        current = self._tree.currentIndex()
        was_current = current.isValid() and current.data(Role.REMINDER_ID) == reminder_id
        row = current.row()
        if not self._model.mark_reminder_done(reminder_id):
            return
        if was_current:
            # Keep the keyboard where it was: on the row that moved up into this place.
            section = self._model.section_index(Section.REMINDERS)
            rows = self._model.rowCount(section)
            target = self._model.index(min(row, rows - 1), 0, section)
            if not target.flags() & Qt.ItemFlag.ItemIsEnabled:
                target = self._first_item()
            if target.isValid():
                self._tree.selectionModel().setCurrentIndex(
                    target, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )

    def counts(self) -> tuple[int, int, int]:
        """(reminders due, contacts going cold, birthdays this week) as now shown."""
        return self._model.counts()

    def model(self) -> TodayModel:
        """The model behind the list (for tests and keyboard-driven callers)."""
        return self._model

    def list_view(self) -> QTreeView:
        """The list widget (for focus handling and tests)."""
        return self._tree

    def summary_text(self) -> str:
        """The summary line, e.g. "3 overdue · 5 due today · 2 going cold · 1 birthday"."""
        return self._summary.text()

    # -- internals ------------------------------------------------------------------------

    def _update_summary(self) -> None:
        reminders, stale, birthdays = self._model.counts()
        overdue = self._model.overdue_count()
        if self._now is None:
            self._summary.setText("")
            return
        if not (reminders or stale or birthdays):
            self._summary.setText(self.tr("All clear for today"))
            return
        self._summary.setText(
            self.tr("{overdue} · {due_today} · {going_cold} · {birthdays}").format(
                overdue=self.tr("%n overdue", "", overdue),
                due_today=self.tr("%n due today", "", reminders - overdue),
                going_cold=self.tr("%n going cold", "", stale),
                birthdays=self.tr("%n birthday(s)", "", birthdays),
            )
        )

    def _first_item(self) -> QModelIndex:
        for section in Section:
            parent = self._model.section_index(section)
            index = self._model.index(0, 0, parent)
            if index.isValid() and index.flags() & Qt.ItemFlag.ItemIsEnabled:
                return index
        return QModelIndex()

    @staticmethod
    def _row_key(index: QModelIndex) -> tuple[Section, str] | None:
        kind = index.data(Role.KIND) if index.isValid() else None
        if kind == Kind.REMINDER:
            return Section.REMINDERS, str(index.data(Role.REMINDER_ID))
        if kind in (Kind.STALE, Kind.BIRTHDAY):
            return Section(index.data(Role.SECTION)), str(index.data(Role.CONTACT_ID))
        return None

    def _on_double_clicked(self, index: QModelIndex) -> None:
        self._open(QPersistentModelIndex(index))

    def _open(self, index: QPersistentModelIndex) -> None:
        contact_id = index.data(Role.CONTACT_ID) if index.isValid() else None
        if contact_id:
            self.contact_activated.emit(str(contact_id))

    def _request_done(self, index: QPersistentModelIndex) -> None:
        reminder_id = index.data(Role.REMINDER_ID) if index.isValid() else None
        if reminder_id:
            self.reminder_done_requested.emit(str(reminder_id))

    def _show_context_menu(self, pos: QPoint) -> None:
        menu = self._context_menu(self._tree.indexAt(pos))
        if menu is not None:
            menu.popup(self._tree.viewport().mapToGlobal(pos))

    def _context_menu(self, index: QModelIndex) -> QMenu | None:
        """The menu for a row (None for headers and placeholder lines); deletes itself on close."""
        if not index.isValid() or not index.flags() & Qt.ItemFlag.ItemIsEnabled:
            return None
        persistent = QPersistentModelIndex(index)
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        open_action = QAction(self.tr("&Open contact"), menu)
        open_action.setObjectName("open_contact_action")
        open_action.triggered.connect(lambda: self._open(persistent))
        menu.addAction(open_action)
        if index.data(Role.KIND) == Kind.REMINDER:
            done_action = QAction(self.tr("Mark &done"), menu)
            done_action.setObjectName("mark_done_action")
            done_action.triggered.connect(lambda: self._request_done(persistent))
            menu.addAction(done_action)
        menu.setDefaultAction(open_action)
        return menu
