"""The contact detail panel: header, editable profile, follow-ups, reminders, snooze, history."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QDate,
    QDateTime,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QSize,
    QStringListModel,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPen,
    QShortcut,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDateTimeEdit,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from consultant_app.catalogue import Catalogue
from consultant_app.domain.activity import MAX_NOTE, ActivityKind, read_radar_note, tag_colour
from consultant_app.domain.channels import CHANNELS, channel_label
from consultant_app.domain.contact import MAX_BUDGET_YUAN, MAX_REMARK, ContactDraft, Gender
from consultant_app.domain.phone import format_mobile, validate_mobile
from consultant_app.domain.stages import (
    LostDetails,
    OrderDetails,
    Stage,
    TestDriveDetails,
    VisitDetails,
)
from consultant_app.errors import FieldError
from consultant_app.store.queries import (
    ActivityEvent,
    ConflictEvent,
    ContactDetail,
    ReminderRow,
    StageEvent,
    TagChip,
    TimelineEvent,
)
from ui.dialogs import Chip, FlowLayout, aware, error_label, set_message, split_tags
from ui.labels import (
    activity_label,
    contact_field_label,
    field_error_message,
    gender_label,
    lost_reason_label,
    payment_label,
    stage_label,
)

#: Field names of ContactDraft, in form order (the keys `show_errors` understands).
FORM_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(ContactDraft))
YUAN_PER_WAN = 10_000
MODEL_CHIP_COLOUR = "#5B8FF9"
TIMELINE_MAX_LINES = 8

#: The panel's look, by objectName; the app stylesheet may take these rules over.
PANEL_STYLE = """
ContactDetailPanel#contactDetailPanel, QStackedWidget#detailStack > QWidget { background: #FFFFFF; }
QLabel#detailEmpty { color: #8F959E; font-size: 15px; padding: 24px; }
QFrame#detailHeader { background: #FFFFFF; border: none; border-bottom: 1px solid #E4E6EB; }
QLabel#detailName { font-size: 20px; font-weight: bold; color: #1F2329; }
QLabel#detailMobile, QLabel#stageDays { color: #646A73; }
QLabel#stageBadge { background: #E8F1FF; color: #1677FF; border-radius: 10px;
    padding: 2px 10px; font-weight: bold; }
QLabel#snoozeBadge { background: #F2F3F5; color: #646A73; border-radius: 10px; padding: 2px 10px; }
QTabWidget#detailTabs::pane { border: none; }
QTabWidget#detailTabs QTabBar::tab { padding: 8px 16px; color: #646A73; border: none;
    border-bottom: 2px solid transparent; background: transparent; }
QTabWidget#detailTabs QTabBar::tab:selected { color: #1677FF; border-bottom-color: #1677FF;
    font-weight: bold; }
QGroupBox { font-weight: bold; color: #1F2329; border: 1px solid #E4E6EB; border-radius: 8px;
    margin-top: 10px; padding: 12px 8px 8px 8px; }
QGroupBox::title { subcontrol-origin: margin; left: 10px; padding: 0 4px; }
QLabel#sectionHeader { font-weight: bold; color: #1F2329; padding-top: 4px; }
QLabel#timelineEmpty, QLabel#noReminders, QLabel#snoozeState { color: #8F959E; }
QListView#timelineView { background: transparent; border: none; outline: none; }
QFrame#reminderRow { border: none; border-bottom: 1px solid #F0F1F2; }
QLabel#reminderDue { color: #1F2329; font-weight: bold; }
QLabel#reminderDue[overdue="true"] { color: #CF1322; }
QLabel#reminderNote { color: #646A73; }
QLabel#remarkCounter { color: #8F959E; }
QLabel#remarkCounter[over="true"] { color: #CF1322; font-weight: bold; }
QFrame#saveBar { background: #FFFFFF; border: none; border-top: 1px solid #E4E6EB; }
QLabel#saveStatus { color: #646A73; }
QWidget#followUpPage, QWidget#reminderPage, QWidget#profilePage { background: #FFFFFF; }
QPushButton#saveButton, QPushButton#followUpButton, QPushButton#reminderButton {
    background: #1677FF; color: #FFFFFF; border: none; border-radius: 6px;
    padding: 6px 18px; font-weight: bold; }
QPushButton#saveButton:hover, QPushButton#followUpButton:hover,
QPushButton#reminderButton:hover { background: #4096FF; }
QPushButton#saveButton:disabled, QPushButton#followUpButton:disabled,
QPushButton#reminderButton:disabled { background: #BFD7FF; }
QPushButton#saveButton:focus, QPushButton#followUpButton:focus,
QPushButton#reminderButton:focus { border: 2px solid #0958D9; }
QToolButton#addModelButton { color: #1677FF; border: 1px dashed #A9C8FF; border-radius: 11px;
    padding: 2px 10px; background: transparent; }
QToolButton#addModelButton:focus { border-style: solid; }
QToolButton#addModelButton::menu-indicator { image: none; width: 0; }
QToolButton#closeButton { color: #646A73; font-size: 15px; padding: 2px 6px; }
"""

_STAGE_COLOUR = "#1677ff"
_ORDER_COLOUR = "#389e0d"
_LOST_COLOUR = "#cf1322"
_MUTED_COLOUR = "#8c8c8c"
_ACTIVITY_COLOUR = "#13a8a8"
_RADAR_COLOUR = "#722ed1"  # a customer opened a shared article (链接雷达)
_REMINDER_COLOUR = "#d48806"


class TimelineRole(IntEnum):
    """Data roles of `TimelineModel` beyond Qt's (display text, decoration colour, tooltip)."""

    KIND = Qt.ItemDataRole.UserRole + 1  # "stage", "activity", "radar", "conflict", "reminder"
    TIME = Qt.ItemDataRole.UserRole + 2  # local "yyyy-MM-dd HH:mm"
    BY = Qt.ItemDataRole.UserRole + 3  # the consultant's display name ('' for reminders)
    META = Qt.ItemDataRole.UserRole + 4  # time and consultant, as the delegate prints them
    EVENT = Qt.ItemDataRole.UserRole + 5  # the TimelineEvent itself


@dataclass(frozen=True, slots=True)
class _Row:
    kind: str
    text: str
    time: str
    by: str
    meta: str
    colour: QColor
    event: TimelineEvent


class TimelineModel(QAbstractListModel):
    """A contact's history, newest first, with each entry's text worked out once per reload."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []

    def set_events(self, events: Sequence[TimelineEvent]) -> None:
        """Replace the history (any order in; newest first out)."""
        self.beginResetModel()
        ordered = sorted(events, key=lambda e: e.at, reverse=True)
        self._rows = [self._row(event) for event in ordered]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row.text
        if role == Qt.ItemDataRole.DecorationRole:
            return row.colour
        if role == TimelineRole.KIND:
            return row.kind
        if role == TimelineRole.TIME:
            return row.time
        if role == TimelineRole.BY:
            return row.by
        if role == TimelineRole.META:
            return row.meta
        if role == TimelineRole.EVENT:
            return row.event
        return None

    def _row(self, event: TimelineEvent) -> _Row:
        time = event.at.astimezone().strftime("%Y-%m-%d %H:%M")
        by = event.by if isinstance(event, StageEvent | ActivityEvent | ConflictEvent) else ""
        meta = self.tr("{time} · {by}").format(time=time, by=by) if by else time
        if isinstance(event, StageEvent):
            text, colour = self._stage_text(event)
            kind = "stage"
        elif isinstance(event, ActivityEvent) and (
            radar := read_radar_note(event.kind, event.body)
        ):
            # The customer did this, not the consultant the server filed it under.
            by, meta = "", time
            text = (
                self.tr("Link radar: the customer opened “{title}” ({count} times so far)")
                if radar.opens > 1
                else self.tr("Link radar: the customer opened “{title}”")
            ).format(title=radar.title, count=radar.opens)
            colour, kind = _RADAR_COLOUR, "radar"
        elif isinstance(event, ActivityEvent):
            label = activity_label(event.kind)
            body = event.body.strip()
            text = self.tr("{kind}: {body}").format(kind=label, body=body) if body else label
            colour, kind = _ACTIVITY_COLOUR, "activity"
        elif isinstance(event, ConflictEvent):
            text = self.tr(
                "Edit not kept: {field} “{lost}” lost to a later edit; it stays “{kept}”"
            ).format(
                field=contact_field_label(event.field),
                lost=event.lost or "—",
                kept=event.kept or "—",
            )
            colour, kind = _LOST_COLOUR, "conflict"
        else:
            note = event.note.strip()
            text = (
                self.tr("Reminder done: {note}").format(note=note)
                if note
                else self.tr("Reminder done")
            )
            colour, kind = _REMINDER_COLOUR, "reminder"
        return _Row(kind, text, time, by, meta, QColor(colour), event)

    def _stage_text(self, event: StageEvent) -> tuple[str, str]:
        new = stage_label(event.to_stage)
        if event.from_stage is None:
            return self.tr("Added as {stage}").format(stage=new), _STAGE_COLOUR
        old = stage_label(event.from_stage)
        if event.is_undo:
            return self.tr("Undone: back to {new} from {old}").format(new=new, old=old), (
                _MUTED_COLOUR
            )
        details = event.details
        if isinstance(details, LostDetails):
            reason = lost_reason_label(details.reason)
            if details.competitor:
                text = self.tr("Lost: {reason} ({competitor})").format(
                    reason=reason, competitor=details.competitor
                )
            else:
                text = self.tr("Lost: {reason}").format(reason=reason)
            if details.note:
                text = self.tr("{summary} — {note}").format(summary=text, note=details.note)
            return text, _LOST_COLOUR
        if isinstance(details, VisitDetails):
            text = self.tr("{old} → {new} (%n people)", "", details.party_size).format(
                old=old, new=new
            )
        elif isinstance(details, TestDriveDetails):
            text = self.tr("{old} → {new} ({vehicle})").format(
                old=old, new=new, vehicle=details.vehicle
            )
        elif isinstance(details, OrderDetails):
            values = {
                "model": details.model,
                "trim": details.trim,
                "colour": details.colour,
                "deposit": f"{details.deposit_yuan:,}",
                "payment": payment_label(details.payment),
            }
            if details.trade_in:
                order = self.tr(
                    "{model} {trim}, {colour}, deposit ¥{deposit}, {payment}, with trade-in"
                ).format(**values)
            else:
                order = self.tr("{model} {trim}, {colour}, deposit ¥{deposit}, {payment}").format(
                    **values
                )
            text = self.tr("{old} → {new}: {order}").format(old=old, new=new, order=order)
            return text, _ORDER_COLOUR
        else:
            text = self.tr("{old} → {new}").format(old=old, new=new)
        if event.to_stage is Stage.ORDER:
            return text, _ORDER_COLOUR
        if event.to_stage in (Stage.LOST, Stage.DORMANT):
            return text, _MUTED_COLOUR
        return text, _STAGE_COLOUR


def _wrapped(text: str, font: QFont, width: float) -> tuple[QTextLayout, float]:
    """`text` laid out to `width`, wrapping anywhere if it must, cut to a few lines with …."""
    text = text.replace("\r\n", "\n").replace("\n", "\u2028")
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    for attempt in range(2):
        layout = QTextLayout(text, font)
        layout.setTextOption(option)
        layout.beginLayout()
        height = 0.0
        lines = 0
        cut = -1
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0, height))
            lines += 1
            if lines == TIMELINE_MAX_LINES and attempt == 0:
                cut = line.textStart()
            height += line.height()
        layout.endLayout()
        if lines <= TIMELINE_MAX_LINES or cut < 0:
            return layout, height
        rest = text[cut:].replace("\u2028", " ")
        text = text[:cut] + QFontMetrics(font).elidedText(
            rest, Qt.TextElideMode.ElideRight, max(1, int(width))
        )
    return layout, height


class TimelineDelegate(QStyledItemDelegate):
    """Paints a history entry: a coloured dot on a thread, the time, and the wrapped text."""

    GUTTER = 26
    PAD_V = 7
    PAD_R = 8
    DOT = 10
    CACHE_LIMIT = 4096

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Text heights by (text, width, font): resizing re-asks every row, layouts are not free.
        self._heights: dict[tuple[str, int, str], float] = {}

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect: QRect = option.rect
        palette = option.palette
        state = option.state
        if state & QStyle.StateFlag.State_HasFocus:
            painter.fillRect(rect, palette.alternateBase())
        colour = index.data(Qt.ItemDataRole.DecorationRole)
        colour = colour if isinstance(colour, QColor) else QColor(_MUTED_COLOUR)
        thread_x = rect.left() + self.GUTTER // 2
        meta_font = self._meta_font(option)
        meta_height = QFontMetrics(meta_font).height()
        dot_y = rect.top() + self.PAD_V + meta_height // 2
        painter.setPen(QPen(QColor("#d9d9d9"), 2))
        top = rect.top() if index.row() > 0 else dot_y
        bottom = rect.bottom() if index.row() < index.model().rowCount() - 1 else dot_y
        painter.drawLine(thread_x, top, thread_x, bottom)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QPointF(thread_x, dot_y), self.DOT / 2, self.DOT / 2)

        left = rect.left() + self.GUTTER
        width = max(10, rect.right() - left - self.PAD_R)
        painter.setFont(meta_font)
        painter.setPen(palette.placeholderText().color())
        meta = str(index.data(TimelineRole.META) or "")
        painter.drawText(
            QRect(left, rect.top() + self.PAD_V, width, meta_height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            meta,
        )
        painter.setPen(palette.text().color())
        layout, _ = _wrapped(str(index.data() or ""), option.font, width)
        layout.draw(painter, QPointF(left, rect.top() + self.PAD_V + meta_height + 2))
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        widget = option.widget
        if isinstance(widget, QAbstractItemView):
            total = widget.viewport().width()
        else:
            total = option.rect.width()
        width = max(10, total - self.GUTTER - self.PAD_R)
        text = str(index.data() or "")
        key = (text, width, option.font.key())
        text_height = self._heights.get(key)
        if text_height is None:
            if len(self._heights) >= self.CACHE_LIMIT:
                self._heights.clear()
            _, text_height = _wrapped(text, option.font, width)
            self._heights[key] = text_height
        meta_height = QFontMetrics(self._meta_font(option)).height()
        return QSize(total, int(self.PAD_V * 2 + meta_height + 2 + text_height + 0.999))

    @staticmethod
    def _meta_font(option: QStyleOptionViewItem) -> QFont:
        return _scaled(QFont(option.font), 0.88)


class _ReminderRowWidget(QFrame):
    """One open reminder: when, what, and a Done button."""

    done_clicked = Signal(str)

    def __init__(self, reminder: ReminderRow, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminderRow")
        overdue = reminder.due_at < now
        due = QLabel(reminder.due_at.astimezone().strftime("%Y-%m-%d %H:%M"))
        due.setObjectName("reminderDue")
        due.setProperty("overdue", overdue)
        if overdue:
            due.setToolTip(self.tr("Overdue"))
        note = QLabel(reminder.note or self.tr("(no note)"))
        note.setObjectName("reminderNote")
        note.setWordWrap(True)
        self.done_button = QPushButton(self.tr("Done"))
        self.done_button.setObjectName("reminderDoneButton")
        self.done_button.setToolTip(self.tr("Mark this reminder done"))
        self.done_button.clicked.connect(lambda: self.done_clicked.emit(reminder.id))
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(due)
        text.addWidget(note)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 4, 0, 4)
        row.addLayout(text, 1)
        row.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignVCenter)


class ContactDetailPanel(QWidget):
    """Shows one contact and lets the consultant edit it, follow up, remind and snooze.

    Passive: it holds no session and checks only what a form can see (a name is there, the
    mobile parses, the remark fits); every change leaves as a signal for the main window.
    """

    save_requested = Signal(str, object)  # contact id, ContactDraft
    activity_requested = Signal(str, str, str)  # contact id, ActivityKind value, body
    reminder_requested = Signal(str, object, str)  # contact id, aware due datetime, note
    reminder_done_requested = Signal(str)  # reminder id
    snooze_requested = Signal(str, object)  # contact id, date or None (wake)
    close_requested = Signal()

    def __init__(
        self, catalogue: Catalogue, parent: QWidget | None = None, *, language: str = "zh_CN"
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contactDetailPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(PANEL_STYLE)
        self._catalogue = catalogue
        self._language = language
        self._detail: ContactDetail | None = None
        self._baseline: ContactDraft | None = None
        self._filling = False
        self._models: list[str] = []
        self._tags: list[str] = []
        self._tag_colours: dict[str, str] = {}
        self._messages: dict[str, QLabel] = {}
        self._server_errors: dict[str, FieldError] = {}
        self._focus_targets: dict[str, QWidget] = {}
        self._action_messages: dict[str, QLabel] = {}
        self._sent_follow_up: tuple[str, str] | None = None
        self._sent_reminder: tuple[QDateTime, str] | None = None
        self.setMinimumWidth(380)

        self._stack = QStackedWidget()
        self._stack.setObjectName("detailStack")
        self._empty = QLabel(self.tr("Select a card to see the customer"))
        self._empty.setObjectName("detailEmpty")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._stack.addWidget(self._empty)
        self._stack.addWidget(self._build_content())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._stack)

        save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self._save)
        _chain([self.follow_up_body, self.follow_up_kind, self.follow_up_button])
        self.clear()

    # ---- public API -------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(420, 760)

    def contact_id(self) -> str | None:
        """The id of the contact shown, or None for the empty state."""
        return self._detail.id if self._detail is not None else None

    def has_unsaved_changes(self) -> bool:
        """True when the profile form differs from what was last shown or saved."""
        return self._baseline is not None and self._form_draft() != self._baseline

    def set_known_tags(self, tags: Sequence[TagChip]) -> None:
        """Every tag in the workspace, for the tag field's completer and chip colours."""
        for tag in tags:
            self._tag_colours[tag.name] = tag.colour
        self._tag_completer_model.setStringList([t.name for t in tags])

    def show_contact(self, detail: ContactDetail, events: Sequence[TimelineEvent]) -> None:
        """Show `detail` and its history; unsaved edits to the same contact are kept."""
        keep_edits = (
            self._detail is not None and self._detail.id == detail.id and self.has_unsaved_changes()
        )
        switching = self._detail is None or self._detail.id != detail.id
        self._detail = detail
        for tag in detail.tags:
            self._tag_colours.setdefault(tag.name, tag.colour)
        self._stack.setCurrentIndex(1)
        self._fill_header(detail)
        self.timeline_model.set_events(events)
        self._timeline_empty.setVisible(not events)
        self._fill_reminders(detail.reminders)
        self._fill_snooze(detail.snoozed_until)
        if switching:
            for label in set(self._action_messages.values()):
                set_message(label, "")
            self.follow_up_body.clear()
            self.follow_up_kind.setCurrentIndex(0)
            self.reminder_note.clear()
            self.reminder_due.setDateTime(_default_due())
        if not keep_edits:
            self._fill_form(detail)
        self._set_enabled(True)
        self._update_state()

    def show_errors(self, errors: Mapping[str, FieldError]) -> None:
        """Show the core's validation messages under the fields they concern.

        Keys are ContactDraft field names; the follow-up, reminder and snooze boxes also show
        theirs ("body", "occurred_at", "note", "due_at", "snoozed_until"); anything else
        appears beside the Save button.
        """
        actions = {k: v for k, v in errors.items() if k in self._action_messages}
        self._restore_rejected(actions)
        for label in set(self._action_messages.values()):
            set_message(label, "")
        for key, error in actions.items():
            set_message(self._action_messages[key], field_error_message(error))
        self._server_errors = {k: v for k, v in errors.items() if k not in actions}
        self._update_state()
        first = next((key for key in FORM_FIELDS if key in errors), None)
        if first is not None:
            self.tabs.setCurrentWidget(self._profile_tab)
            target = self._focus_targets.get(first)
            if target is not None:
                self._profile_scroll.ensureWidgetVisible(target)
                target.setFocus()
        elif actions:
            label = self._action_messages[next(iter(actions))]
            self.tabs.setCurrentWidget(
                self._follow_up_tab if label is self._follow_up_message else self._reminder_tab
            )

    def _restore_rejected(self, errors: Mapping[str, FieldError]) -> None:
        """Put back a follow-up or reminder the core refused, so nothing typed is lost."""
        if {"body", "occurred_at"} & errors.keys() and self._sent_follow_up is not None:
            kind, body = self._sent_follow_up
            if not self.follow_up_body.toPlainText():
                self.follow_up_kind.setCurrentIndex(self.follow_up_kind.findData(kind))
                self.follow_up_body.setPlainText(body)
        if {"note", "due_at"} & errors.keys() and self._sent_reminder is not None:
            due, note = self._sent_reminder
            if not self.reminder_note.text():
                self.reminder_due.setDateTime(due)
                self.reminder_note.setText(note)
        self._sent_follow_up = self._sent_reminder = None

    def mark_saved(self) -> None:
        """The last save succeeded: the form as it stands is now the clean state."""
        self._server_errors.clear()
        self._commit_tag_text()
        self._baseline = self._form_draft() if self._detail is not None else None
        self._update_state()

    def clear(self) -> None:
        """Show the empty state; nothing is selected."""
        self._detail = None
        self._baseline = None
        self._server_errors.clear()
        self.timeline_model.set_events(())
        self._stack.setCurrentIndex(0)
        self._set_enabled(False)

    # ---- building -------------------------------------------------------------------------

    def _build_content(self) -> QWidget:
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self._build_header())
        self.tabs = QTabWidget()
        self.tabs.setObjectName("detailTabs")
        self.tabs.setDocumentMode(True)
        self._follow_up_tab = self._build_follow_up_tab()
        self.tabs.addTab(self._follow_up_tab, self.tr("Follow-up"))
        self._reminder_tab = self._build_reminder_tab()
        self.tabs.addTab(self._reminder_tab, self.tr("Reminders"))
        self._profile_tab = self._build_profile_tab()
        self.tabs.addTab(self._profile_tab, self.tr("Profile"))
        column.addWidget(self.tabs, 1)
        column.addWidget(self._build_save_bar())
        return content

    def _build_header(self) -> QWidget:
        header = QFrame()
        header.setObjectName("detailHeader")
        self.name_label = QLabel()
        self.name_label.setObjectName("detailName")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name_label.setWordWrap(True)
        self.mobile_label = QLabel()
        self.mobile_label.setObjectName("detailMobile")
        self.mobile_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setObjectName("closeButton")
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Close"))
        close.setAccessibleName(self.tr("Close"))
        close.clicked.connect(self.close_requested)
        self.stage_badge = QLabel()
        self.stage_badge.setObjectName("stageBadge")
        self.stage_days = QLabel()
        self.stage_days.setObjectName("stageDays")
        self.snooze_badge = QLabel()
        self.snooze_badge.setObjectName("snoozeBadge")

        top = QHBoxLayout()
        top.addWidget(self.name_label, 1)
        top.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        badges = QHBoxLayout()
        badges.setSpacing(8)
        badges.addWidget(self.stage_badge)
        badges.addWidget(self.stage_days)
        badges.addStretch(1)
        badges.addWidget(self.snooze_badge)
        column = QVBoxLayout(header)
        column.setContentsMargins(16, 12, 10, 12)
        column.setSpacing(4)
        column.addLayout(top)
        column.addWidget(self.mobile_label)
        column.addLayout(badges)
        return header

    def _build_follow_up_tab(self) -> QWidget:
        page = QWidget()
        page.setObjectName("followUpPage")
        box = QGroupBox(self.tr("New follow-up"))
        box.setObjectName("followUpBox")
        self.follow_up_kind = QComboBox()
        self.follow_up_kind.setObjectName("followUpKind")
        for kind in ActivityKind:
            self.follow_up_kind.addItem(activity_label(kind.value), kind.value)
        self.follow_up_body = QPlainTextEdit()
        self.follow_up_body.setObjectName("followUpBody")
        self.follow_up_body.setPlaceholderText(self.tr("What happened? Ctrl+Enter adds it."))
        self.follow_up_body.setTabChangesFocus(True)
        self.follow_up_body.setFixedHeight(72)
        self.follow_up_button = QPushButton(self.tr("Add follow-up"))
        self.follow_up_button.setObjectName("followUpButton")
        self.follow_up_button.setToolTip(self.tr("Add follow-up (Ctrl+Enter)"))
        self.follow_up_button.clicked.connect(self._add_follow_up)
        self.follow_up_body.textChanged.connect(self._update_follow_up)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), box)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._add_follow_up)
        row = QHBoxLayout()
        row.addWidget(self.follow_up_kind)
        row.addStretch(1)
        row.addWidget(self.follow_up_button)
        self._follow_up_message = error_label()
        self._action_messages["body"] = self._follow_up_message
        self._action_messages["occurred_at"] = self._follow_up_message
        inner = QVBoxLayout(box)
        inner.addWidget(self.follow_up_body)
        inner.addWidget(self._follow_up_message)
        inner.addLayout(row)

        history = QLabel(self.tr("History"))
        history.setObjectName("sectionHeader")
        self.timeline_model = TimelineModel(self)
        self.timeline_view = QListView()
        self.timeline_view.setObjectName("timelineView")
        self.timeline_view.setModel(self.timeline_model)
        self.timeline_view.setItemDelegate(TimelineDelegate(self.timeline_view))
        self.timeline_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.timeline_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.timeline_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.timeline_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.timeline_view.setWordWrap(True)
        self.timeline_view.setUniformItemSizes(False)
        self.timeline_view.setFrameShape(QFrame.Shape.NoFrame)
        self._timeline_empty = QLabel(self.tr("No history yet"))
        self._timeline_empty.setObjectName("timelineEmpty")

        column = QVBoxLayout(page)
        column.setContentsMargins(12, 12, 12, 8)
        column.setSpacing(8)
        column.addWidget(box)
        column.addWidget(history)
        column.addWidget(self._timeline_empty)
        column.addWidget(self.timeline_view, 1)
        return page

    def _build_reminder_tab(self) -> QWidget:
        page = QWidget()
        page.setObjectName("reminderPage")
        new_box = QGroupBox(self.tr("New reminder"))
        new_box.setObjectName("reminderBox")
        self.reminder_due = QDateTimeEdit(_default_due())
        self.reminder_due.setObjectName("reminderDue")
        self.reminder_due.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.reminder_due.setCalendarPopup(True)
        self.reminder_note = QLineEdit()
        self.reminder_note.setObjectName("reminderNote")
        self.reminder_note.setMaxLength(MAX_NOTE)
        self.reminder_note.setPlaceholderText(self.tr("e.g. 回访试驾感受"))
        self.reminder_note.returnPressed.connect(self._set_reminder)
        self.reminder_button = QPushButton(self.tr("Set reminder"))
        self.reminder_button.setObjectName("reminderButton")
        self.reminder_button.clicked.connect(self._set_reminder)
        form = QFormLayout(new_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Due"), self.reminder_due)
        form.addRow(self.tr("Note"), self.reminder_note)
        self._reminder_message = error_label()
        self._action_messages["note"] = self._reminder_message
        self._action_messages["due_at"] = self._reminder_message
        form.addRow("", self._reminder_message)
        form.addRow("", self.reminder_button)

        open_box = QGroupBox(self.tr("Open reminders"))
        open_box.setObjectName("openReminders")
        self._reminder_rows = QVBoxLayout(open_box)
        self._reminder_rows.setSpacing(0)
        self._no_reminders = QLabel(self.tr("No open reminders"))
        self._no_reminders.setObjectName("noReminders")
        self._reminder_rows.addWidget(self._no_reminders)
        self.reminder_rows: list[_ReminderRowWidget] = []

        snooze_box = QGroupBox(self.tr("Snooze"))
        snooze_box.setObjectName("snoozeBox")
        self.snooze_state = QLabel()
        self.snooze_state.setObjectName("snoozeState")
        self.snooze_state.setWordWrap(True)
        self.snooze_date = QDateEdit()
        self.snooze_date.setObjectName("snoozeDate")
        self.snooze_date.setDisplayFormat("yyyy-MM-dd")
        self.snooze_date.setCalendarPopup(True)
        snooze_label = QLabel(self.tr("Snooze until"))
        snooze_label.setBuddy(self.snooze_date)
        self.snooze_button = QPushButton(self.tr("Snooze"))
        self.snooze_button.setObjectName("snoozeButton")
        self.snooze_button.setToolTip(self.tr("No overdue warnings for this customer until then"))
        self.snooze_button.clicked.connect(self._snooze)
        self.wake_button = QPushButton(self.tr("Wake"))
        self.wake_button.setObjectName("wakeButton")
        self.wake_button.clicked.connect(self._wake)
        row = QHBoxLayout()
        row.addWidget(snooze_label)
        row.addWidget(self.snooze_date, 1)
        row.addWidget(self.snooze_button)
        row.addWidget(self.wake_button)
        snooze_column = QVBoxLayout(snooze_box)
        snooze_column.addWidget(self.snooze_state)
        snooze_column.addLayout(row)
        self._snooze_message = error_label()
        self._action_messages["snoozed_until"] = self._snooze_message
        snooze_column.addWidget(self._snooze_message)

        column = QVBoxLayout(page)
        column.setContentsMargins(12, 12, 12, 8)
        column.setSpacing(10)
        column.addWidget(new_box)
        column.addWidget(open_box)
        column.addWidget(snooze_box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        return scroll

    def _build_profile_tab(self) -> QWidget:
        page = QWidget()
        page.setObjectName("profilePage")
        page_column = QVBoxLayout(page)
        page_column.setContentsMargins(14, 12, 14, 12)
        form = QFormLayout()
        page_column.addLayout(form)
        page_column.addStretch(1)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(8)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("nameEdit")
        self.mobile_edit = QLineEdit()
        self.mobile_edit.setObjectName("mobileEdit")
        self.mobile_edit.setPlaceholderText("138 1234 5678")
        self.mobile_edit.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.wecom_edit = QLineEdit()
        self.wecom_edit.setObjectName("wecomEdit")
        self.gender_combo = QComboBox()
        self.gender_combo.setObjectName("genderCombo")
        for gender in (Gender.UNKNOWN, Gender.MALE, Gender.FEMALE):
            self.gender_combo.addItem(gender_label(gender.value), gender.value)

        models = QWidget()
        models.setObjectName("modelChips")
        self._model_chips = models
        self._model_flow = FlowLayout(models)
        self.add_model_button = QToolButton()
        self.add_model_button.setObjectName("addModelButton")
        self.add_model_button.setText(self.tr("+ Add model"))
        self.add_model_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._model_menu = QMenu(self.add_model_button)
        self._model_menu.aboutToShow.connect(self._fill_model_menu)
        self.add_model_button.setMenu(self._model_menu)
        self._model_flow.addWidget(self.add_model_button)

        self.budget_min = self._budget_spin("budgetMin")
        self.budget_max = self._budget_spin("budgetMax")
        budget = QWidget()
        budget_row = QHBoxLayout(budget)
        budget_row.setContentsMargins(0, 0, 0, 0)
        budget_row.addWidget(self.budget_min, 1)
        budget_row.addWidget(QLabel(self.tr("to")))
        budget_row.addWidget(self.budget_max, 1)

        self.channel_combo = QComboBox()
        self.channel_combo.setObjectName("channelCombo")
        self.channel_combo.addItem(self.tr("Not set"), "")
        for channel in CHANNELS:
            self.channel_combo.addItem(channel_label(channel.code, self._language), channel.code)

        self.birthday_check = QCheckBox(self.tr("Known"))
        self.birthday_check.setObjectName("birthdayCheck")
        self.birthday_edit = QDateEdit(QDate(1990, 1, 1))
        self.birthday_edit.setObjectName("birthdayEdit")
        self.birthday_edit.setDisplayFormat("yyyy-MM-dd")
        self.birthday_edit.setCalendarPopup(True)
        self.birthday_edit.setMinimumDate(QDate(1900, 1, 1))
        self.birthday_edit.setEnabled(False)
        self.birthday_check.toggled.connect(self.birthday_edit.setEnabled)
        birthday = QWidget()
        birthday_row = QHBoxLayout(birthday)
        birthday_row.setContentsMargins(0, 0, 0, 0)
        birthday_row.addWidget(self.birthday_check)
        birthday_row.addWidget(self.birthday_edit, 1)

        self.remark_edit = QPlainTextEdit()
        self.remark_edit.setObjectName("remarkEdit")
        self.remark_edit.setTabChangesFocus(True)
        self.remark_edit.setMinimumHeight(96)
        self.remark_edit.setMaximumHeight(160)
        self.remark_counter = QLabel()
        self.remark_counter.setObjectName("remarkCounter")
        self.remark_counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        remark = QWidget()
        remark_column = QVBoxLayout(remark)
        remark_column.setContentsMargins(0, 0, 0, 0)
        remark_column.setSpacing(2)
        remark_column.addWidget(self.remark_edit)
        remark_column.addWidget(self.remark_counter)

        tags = QWidget()
        tags.setObjectName("tagChips")
        self._tag_chips = tags
        self._tag_flow = FlowLayout(tags)
        self.tag_edit = QLineEdit()
        self.tag_edit.setObjectName("tagEdit")
        self.tag_edit.setPlaceholderText(self.tr("Add a tag and press Enter"))
        self._tag_completer_model = QStringListModel(self)
        completer = QCompleter(self._tag_completer_model, self.tag_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.tag_edit.setCompleter(completer)
        self.tag_edit.returnPressed.connect(self._commit_tag_text)
        self.tag_edit.textEdited.connect(self._tag_text_edited)
        self.tag_edit.textChanged.connect(lambda: self._edited("tags"))
        self.tag_edit.installEventFilter(self)
        tags_box = QWidget()
        tags_column = QVBoxLayout(tags_box)
        tags_column.setContentsMargins(0, 0, 0, 0)
        tags_column.setSpacing(4)
        tags_column.addWidget(tags)
        tags_column.addWidget(self.tag_edit)

        rows: tuple[tuple[str, str, QWidget, QWidget], ...] = (
            ("name", self.tr("Name"), self.name_edit, self.name_edit),
            ("mobile", self.tr("Mobile"), self.mobile_edit, self.mobile_edit),
            ("wecom_id", self.tr("WeCom ID"), self.wecom_edit, self.wecom_edit),
            ("gender", self.tr("Gender"), self.gender_combo, self.gender_combo),
            ("models", self.tr("Intended models"), models, self.add_model_button),
            ("budget", self.tr("Budget (10k yuan)"), budget, self.budget_min),
            ("source_channel", self.tr("Source"), self.channel_combo, self.channel_combo),
            ("birthday", self.tr("Birthday"), birthday, self.birthday_check),
            ("remark", self.tr("Remark"), remark, self.remark_edit),
            ("tags", self.tr("Tags"), tags_box, self.tag_edit),
        )
        for key, label, field, focus in rows:
            box = QWidget()
            box_column = QVBoxLayout(box)
            box_column.setContentsMargins(0, 0, 0, 0)
            box_column.setSpacing(2)
            box_column.addWidget(field)
            keys = ("budget_min_yuan", "budget_max_yuan") if key == "budget" else (key,)
            for field_key in keys:
                message = error_label()
                message.setProperty("field", field_key)
                box_column.addWidget(message)
                self._messages[field_key] = message
                self._focus_targets[field_key] = focus
            form.addRow(label, box)
        self._focus_targets["budget_max_yuan"] = self.budget_max

        self.name_edit.textChanged.connect(lambda: self._edited("name"))
        self.mobile_edit.textChanged.connect(lambda: self._edited("mobile"))
        self.wecom_edit.textChanged.connect(lambda: self._edited("wecom_id"))
        self.gender_combo.currentIndexChanged.connect(lambda: self._edited("gender"))
        self.channel_combo.currentIndexChanged.connect(lambda: self._edited("source_channel"))
        self.budget_min.valueChanged.connect(lambda: self._edited("budget_min_yuan"))
        self.budget_max.valueChanged.connect(lambda: self._edited("budget_max_yuan"))
        self.birthday_check.toggled.connect(lambda: self._edited("birthday"))
        self.birthday_edit.dateChanged.connect(lambda: self._edited("birthday"))
        self.remark_edit.textChanged.connect(lambda: self._edited("remark"))

        scroll = QScrollArea()
        scroll.setObjectName("profileScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        self._profile_scroll = scroll
        return scroll

    def _budget_spin(self, name: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setObjectName(name)
        spin.setDecimals(2)
        spin.setRange(0, MAX_BUDGET_YUAN / YUAN_PER_WAN)
        spin.setSingleStep(1)
        spin.setSpecialValueText(self.tr("Not set"))
        spin.setKeyboardTracking(True)
        return spin

    def _build_save_bar(self) -> QWidget:
        bar = QFrame()
        bar.setObjectName("saveBar")
        self.save_status = QLabel()
        self.save_status.setObjectName("saveStatus")
        self.save_status.setWordWrap(True)
        self.discard_button = QPushButton(self.tr("Discard"))
        self.discard_button.setObjectName("discardButton")
        self.discard_button.setToolTip(self.tr("Undo your unsaved edits"))
        self.discard_button.clicked.connect(self._discard)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setToolTip(self.tr("Save the profile (Ctrl+S)"))
        self.save_button.clicked.connect(self._save)
        row = QHBoxLayout(bar)
        row.setContentsMargins(14, 8, 14, 10)
        row.addWidget(self.save_status, 1)
        row.addStretch(1)
        row.addWidget(self.discard_button)
        row.addWidget(self.save_button)
        return bar

    # ---- filling ----------------------------------------------------------------------------

    def _fill_header(self, detail: ContactDetail) -> None:
        self.name_label.setText(detail.name)
        self.mobile_label.setText(format_mobile(detail.mobile))
        self.mobile_label.setVisible(bool(detail.mobile))
        self.stage_badge.setText(stage_label(detail.stage))
        today = datetime.now().astimezone().date()
        days = max(0, (today - detail.stage_entered_at.astimezone().date()).days)
        self.stage_days.setText(self.tr("%n day(s) in this stage", "", days))
        if detail.snoozed_until is not None:
            self.snooze_badge.setText(
                self.tr("Snoozed until {date}").format(date=detail.snoozed_until.isoformat())
            )
        self.snooze_badge.setVisible(detail.snoozed_until is not None)

    def _fill_form(self, detail: ContactDetail) -> None:
        self._filling = True
        try:
            self._server_errors.clear()
            _set_text(self.name_edit, detail.name)
            _set_text(self.mobile_edit, format_mobile(detail.mobile))
            _set_text(self.wecom_edit, detail.wecom_id)
            gender = detail.gender if detail.gender in set(Gender) else Gender.UNKNOWN.value
            self.gender_combo.setCurrentIndex(self.gender_combo.findData(gender))
            self._models = list(detail.models)
            self._rebuild_model_chips()
            self.budget_min.setValue((detail.budget_min_yuan or 0) / YUAN_PER_WAN)
            self.budget_max.setValue((detail.budget_max_yuan or 0) / YUAN_PER_WAN)
            index = self.channel_combo.findData(detail.source_channel)
            if index < 0:
                self.channel_combo.addItem(detail.source_channel, detail.source_channel)
                index = self.channel_combo.count() - 1
            self.channel_combo.setCurrentIndex(index)
            self.birthday_edit.setMaximumDate(QDate.currentDate())
            self.birthday_check.setChecked(detail.birthday is not None)
            if detail.birthday is not None:
                b = detail.birthday
                self.birthday_edit.setDate(QDate(b.year, b.month, b.day))
            else:
                self.birthday_edit.setDate(QDate(1990, 1, 1))
            if self.remark_edit.toPlainText() != detail.remark:
                self.remark_edit.setPlainText(detail.remark)
            self._tags = [t.name for t in detail.tags]
            self.tag_edit.clear()
            self._rebuild_tag_chips()
        finally:
            self._filling = False
        self._baseline = self._form_draft()

    def _fill_reminders(self, reminders: Sequence[ReminderRow]) -> None:
        for row in self.reminder_rows:
            self._reminder_rows.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.reminder_rows = []
        now = datetime.now().astimezone()
        open_ = sorted((r for r in reminders if not r.done), key=lambda r: r.due_at)
        for reminder in open_:
            row = _ReminderRowWidget(reminder, now)
            row.done_clicked.connect(self.reminder_done_requested)
            self._reminder_rows.addWidget(row)
            self.reminder_rows.append(row)
        self._no_reminders.setVisible(not open_)
        _chain(
            [
                self.reminder_button,
                *(row.done_button for row in self.reminder_rows),
                self.snooze_date,
            ]
        )
        title = self.tr("Reminders (%n)", "", len(open_)) if open_ else self.tr("Reminders")
        self.tabs.setTabText(self.tabs.indexOf(self._reminder_tab), title)

    def _fill_snooze(self, until: date | None) -> None:
        today = QDate.currentDate()
        self.snooze_date.setMinimumDate(today)
        if until is None:
            self.snooze_state.setText(self.tr("Not snoozed."))
            self.snooze_date.setDate(today.addDays(7))
        else:
            self.snooze_state.setText(
                self.tr("Snoozed until {date}: no overdue warnings until then.").format(
                    date=until.isoformat()
                )
            )
            self.snooze_date.setDate(QDate(until.year, until.month, until.day))
        self.wake_button.setEnabled(until is not None)

    def _set_enabled(self, on: bool) -> None:
        for widget in (self.follow_up_button, self.reminder_button, self.snooze_button):
            widget.setEnabled(on)
        if not on:
            self.save_button.setEnabled(False)
            self.discard_button.setEnabled(False)
            self.wake_button.setEnabled(False)

    # ---- chips ------------------------------------------------------------------------------

    def _rebuild_model_chips(self) -> None:
        self._model_flow.clear(keep=[self.add_model_button])
        chips = []
        for name in self._models:
            chip = Chip(name, MODEL_CHIP_COLOUR)
            chip.remove_clicked.connect(self._remove_model)
            self._model_flow.addWidget(chip)
            chips.append(chip.remove_button)
        self._model_flow.addWidget(self.add_model_button)
        _chain([self.gender_combo, *chips, self.add_model_button, self.budget_min])

    def _fill_model_menu(self) -> None:
        self._model_menu.clear()
        for name in self._catalogue.names():
            if name not in self._models:
                action = self._model_menu.addAction(name)
                action.triggered.connect(lambda _=False, n=name: self._add_model(n))
        if self._model_menu.isEmpty():
            self._model_menu.addAction(self.tr("All models added")).setEnabled(False)

    def _add_model(self, name: str) -> None:
        if name not in self._models:
            self._models.append(name)
            self._rebuild_model_chips()
            self._edited("models")

    def _remove_model(self, name: str) -> None:
        if name in self._models:
            self._models.remove(name)
            self._rebuild_model_chips()
            self.add_model_button.setFocus()
            self._edited("models")

    def _rebuild_tag_chips(self) -> None:
        self._tag_flow.clear()
        chips = []
        for name in self._tags:
            chip = Chip(name, self._tag_colours.get(name) or tag_colour(name))
            chip.remove_clicked.connect(self._remove_tag)
            self._tag_flow.addWidget(chip)
            chips.append(chip.remove_button)
        _chain([self.remark_edit, *chips, self.tag_edit])
        self._tag_chips.setVisible(bool(self._tags))

    def _tag_text_edited(self, text: str) -> None:
        if text and text[-1] in ",，、;；":
            self._commit_tag_text()

    def _commit_tag_text(self) -> None:
        names = [n for n in split_tags(self.tag_edit.text()) if n not in self._tags]
        self.tag_edit.clear()
        if names:
            self._tags.extend(names)
            self._rebuild_tag_chips()
        self._edited("tags")

    def _remove_tag(self, name: str) -> None:
        if name in self._tags:
            self._tags.remove(name)
            self._rebuild_tag_chips()
            self.tag_edit.setFocus()
            self._edited("tags")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.tag_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Backspace
            and not self.tag_edit.text()
            and self._tags
        ):
            self._remove_tag(self._tags[-1])
            return True
        return super().eventFilter(watched, event)

    # ---- state ------------------------------------------------------------------------------

    def _form_draft(self) -> ContactDraft:
        mobile = validate_mobile(self.mobile_edit.text())
        tags = tuple(dict.fromkeys([*self._tags, *split_tags(self.tag_edit.text())]))
        birthday: date | None = None
        if self.birthday_check.isChecked():
            b = self.birthday_edit.date()
            birthday = date(b.year(), b.month(), b.day())
        return ContactDraft(
            name=self.name_edit.text(),
            mobile=mobile if mobile is not None else self.mobile_edit.text(),
            wecom_id=self.wecom_edit.text(),
            gender=Gender(str(self.gender_combo.currentData())),
            models=tuple(self._models),
            budget_min_yuan=_yuan(self.budget_min.value()),
            budget_max_yuan=_yuan(self.budget_max.value()),
            source_channel=str(self.channel_combo.currentData() or ""),
            birthday=birthday,
            remark=self.remark_edit.toPlainText(),
            tags=tags,
        )

    def _edited(self, key: str) -> None:
        """A field changed: its old message from the core no longer applies."""
        if self._filling:
            return
        self._server_errors.pop(key, None)
        if key == "budget_min_yuan":
            self._server_errors.pop("budget_max_yuan", None)  # the order error sits there
        self._update_state()

    def _inline_errors(self) -> dict[str, FieldError]:
        errors: dict[str, FieldError] = {}
        if not self.name_edit.text().strip():
            errors["name"] = FieldError("required")
        if validate_mobile(self.mobile_edit.text()) is None:
            errors["mobile"] = FieldError("invalid_mobile")
        if len(self.remark_edit.toPlainText()) > MAX_REMARK:
            errors["remark"] = FieldError("too_long", limit=MAX_REMARK)
        return errors

    def _update_state(self) -> None:
        if self._filling:
            return
        inline = self._inline_errors()
        for key, label in self._messages.items():
            error = self._server_errors.get(key) or inline.get(key)
            set_message(label, field_error_message(error) if error else "")
        mobile = validate_mobile(self.mobile_edit.text())
        if (
            "mobile" not in self._server_errors
            and mobile
            and self._baseline is not None
            and mobile != self._baseline.mobile
        ):
            set_message(
                self._messages["mobile"],
                self.tr("Will be saved as {number}").format(number=format_mobile(mobile)),
                error=False,
            )
        length = len(self.remark_edit.toPlainText())
        self.remark_counter.setText(
            self.tr("{count} / {limit}").format(count=length, limit=MAX_REMARK)
        )
        over = length > MAX_REMARK
        if self.remark_counter.property("over") != over:
            self.remark_counter.setProperty("over", over)
            _repolish(self.remark_counter)
        shown = self._detail is not None
        dirty = shown and self.has_unsaved_changes()
        self.save_button.setEnabled(dirty and not inline)
        self.discard_button.setEnabled(dirty)
        general = [
            field_error_message(error)
            for key, error in self._server_errors.items()
            if key not in self._messages
        ]
        if general:
            set_message(self.save_status, "\n".join(general))
        elif dirty:
            set_message(self.save_status, self.tr("Unsaved changes"), error=False)
        else:
            set_message(self.save_status, "")
        self._update_follow_up()

    def _update_follow_up(self) -> None:
        fits = len(self.follow_up_body.toPlainText()) <= MAX_REMARK
        self.follow_up_button.setEnabled(self._detail is not None and fits)

    # ---- actions ----------------------------------------------------------------------------

    def _save(self) -> None:
        if self._detail is None or not self.save_button.isEnabled():
            return
        self._commit_tag_text()
        self.save_requested.emit(self._detail.id, self._form_draft())

    def _discard(self) -> None:
        if self._detail is not None:
            self._fill_form(self._detail)
            self._update_state()

    def _add_follow_up(self) -> None:
        if self._detail is None or not self.follow_up_button.isEnabled():
            return
        set_message(self._follow_up_message, "")
        kind = str(self.follow_up_kind.currentData())
        body = self.follow_up_body.toPlainText().strip()
        self._sent_follow_up = (kind, body)
        self.activity_requested.emit(self._detail.id, kind, body)
        self.follow_up_body.clear()

    def _set_reminder(self) -> None:
        if self._detail is None:
            return
        set_message(self._reminder_message, "")
        note = self.reminder_note.text().strip()
        self._sent_reminder = (self.reminder_due.dateTime(), note)
        self.reminder_requested.emit(self._detail.id, aware(self.reminder_due.dateTime()), note)
        self.reminder_note.clear()
        self.reminder_due.setDateTime(_default_due())

    def _snooze(self) -> None:
        if self._detail is None:
            return
        set_message(self._snooze_message, "")
        d = self.snooze_date.date()
        self.snooze_requested.emit(self._detail.id, date(d.year(), d.month(), d.day()))

    def _wake(self) -> None:
        if self._detail is not None:
            set_message(self._snooze_message, "")
            self.snooze_requested.emit(self._detail.id, None)


def _chain(widgets: Sequence[QWidget]) -> None:
    """Tab through `widgets` in this order (chips are created after the fields around them)."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


def _scaled(font: QFont, factor: float) -> QFont:
    """`font` resized by `factor`, whether it was set in pixels (the app's) or points."""
    if font.pixelSize() > 0:
        font.setPixelSize(max(1, round(font.pixelSize() * factor)))
    elif font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    return font


def _repolish(widget: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property it selects on has changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def _default_due() -> QDateTime:
    """Tomorrow at 10:00 local time: the usual call-back slot."""
    tomorrow = (datetime.now() + timedelta(days=1)).date()
    return QDateTime(QDate(tomorrow.year, tomorrow.month, tomorrow.day), QTime(10, 0))


def _yuan(wan: float) -> int | None:
    """A budget typed in 万元 as whole yuan; 0 means not set."""
    yuan = round(wan * YUAN_PER_WAN)
    return yuan or None


def _set_text(edit: QLineEdit, text: str) -> None:
    """Set a line edit's text only when it differs, so the cursor is not reset needlessly."""
    if edit.text() != text:
        edit.setText(text)
