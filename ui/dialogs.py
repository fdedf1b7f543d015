"""Small dialogs (stage details, quick add, bulk tags) and the chip widgets they share."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from consultant_app.catalogue import Catalogue
from consultant_app.domain.contact import MAX_NAME, MAX_TAG
from consultant_app.domain.phone import format_mobile, validate_mobile
from consultant_app.domain.stages import (
    MAX_DEPOSIT_YUAN,
    MAX_PARTY_SIZE,
    REQUIRED_DETAILS,
    LostDetails,
    LostReason,
    OrderDetails,
    Payment,
    Stage,
    StageDetails,
    TestDriveDetails,
    VisitDetails,
    validate_details,
)
from consultant_app.errors import FieldError, ValidationError
from consultant_app.store.queries import TagChip
from ui.labels import field_error_message, lost_reason_label, payment_label, stage_label

# Brands and models consultants most often lose to; the field still takes any text.
COMPETITOR_SUGGESTIONS: tuple[str, ...] = (
    "丰田凯美瑞",
    "本田雅阁",
    "比亚迪汉",
    "特斯拉Model Y",
    "理想L6",
    "比亚迪宋PLUS",
    "丰田汉兰达",
    "问界M7",
    "小米SU7",
    "别克GL8",
)

_TAG_SEPARATORS = re.compile(r"[,，、;；\n]+")
_DARK_TEXT = "#1f2329"
ERROR_STYLE = "color: #cf1322;"
HINT_STYLE = "color: #6b7280;"


def split_tags(text: str) -> list[str]:
    """Tag names typed as a list: separated by commas (either width), 、 or semicolons."""
    names = (part.strip() for part in _TAG_SEPARATORS.split(text))
    return list(dict.fromkeys(name for name in names if name))


def tint(colour: str, amount: float = 0.16) -> str:
    """`colour` mixed into white, for a chip's background (readable dark text on top)."""
    c = QColor(colour)
    if not c.isValid():
        c = QColor("#5D7092")
    mixed = QColor(
        round(255 - (255 - c.red()) * amount),
        round(255 - (255 - c.green()) * amount),
        round(255 - (255 - c.blue()) * amount),
    )
    return mixed.name()


def ok_cancel_buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """OK (named `ok_text`, the default) and Cancel, wired to accept and reject."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setDefault(True)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
        QCoreApplication.translate("Dialogs", "Cancel")
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def aware(value: QDateTime) -> datetime:
    """A QDateTime edited in local time as a timezone-aware datetime, to the minute."""
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute()).astimezone()


def error_label(object_name: str = "fieldError") -> QLabel:
    """A hidden, wrapping, red label that shows one field's message under it."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


def set_message(label: QLabel, text: str, *, error: bool = True) -> None:
    """Show `text` in `label` (as an error or a neutral hint), or hide it when empty."""
    label.setText(text)
    label.setStyleSheet(ERROR_STYLE if error else HINT_STYLE)
    label.setVisible(bool(text))


class FlowLayout(QLayout):
    """Lays widgets out left to right, wrapping to new lines (for chips)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem:
        return self._items[index] if 0 <= index < len(self._items) else None  # type: ignore[return-value]

    def takeAt(self, index: int) -> QLayoutItem:
        return self._items.pop(index) if 0 <= index < len(self._items) else None  # type: ignore[return-value]

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def clear(self, keep: Sequence[QWidget] = ()) -> None:
        """Take every widget out of the layout, deleting all but those in `keep`."""
        while self._items:
            item = self._items.pop()
            widget = item.widget()
            if widget is not None and widget not in keep:
                widget.hide()
                widget.deleteLater()
        self.invalidate()

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line_height = area.x(), area.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line_height > 0:
                x = area.x()
                y += line_height + self._gap
                line_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + m.bottom()


class Chip(QFrame):
    """A rounded, tinted label with a remove button (an intended model or a tag)."""

    remove_clicked = Signal(str)

    def __init__(self, text: str, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = text
        self.setObjectName("chip")
        self.setStyleSheet(
            f"QFrame#chip {{ background: {tint(colour)}; border: 1px solid {colour};"
            f" border-radius: 11px; }}"
            f" QLabel {{ color: {_DARK_TEXT}; background: transparent; border: none; }}"
            f" QToolButton {{ border: none; background: transparent; color: {_DARK_TEXT};"
            f" padding: 0 2px; }}"
            f" QToolButton:focus {{ border: 1px solid {colour}; border-radius: 8px; }}"
        )
        label = QLabel(text)
        button = QToolButton()
        button.setObjectName("chipRemove")
        button.setText("×")
        button.setToolTip(self.tr("Remove {name}").format(name=text))
        button.setAccessibleName(self.tr("Remove {name}").format(name=text))
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.clicked.connect(lambda: self.remove_clicked.emit(self.text))
        self.remove_button = button
        row = QHBoxLayout(self)
        row.setContentsMargins(9, 1, 3, 1)
        row.setSpacing(1)
        row.addWidget(label)
        row.addWidget(button)


class TagToggle(QToolButton):
    """A clickable coloured tag chip; checked means the tag is chosen."""

    def __init__(self, tag: TagChip, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tag_name = tag.name
        self.setObjectName("tagToggle")
        self.setText(tag.name)
        self.setCheckable(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        checked_text = "#ffffff" if QColor(tag.colour).lightnessF() < 0.62 else _DARK_TEXT
        self.setStyleSheet(
            f"QToolButton {{ background: {tint(tag.colour)}; color: {_DARK_TEXT};"
            f" border: 1px solid {tag.colour}; border-radius: 11px; padding: 2px 10px; }}"
            f" QToolButton:checked {{ background: {tag.colour}; color: {checked_text}; }}"
            f" QToolButton:focus {{ border: 2px solid {_DARK_TEXT}; }}"
        )


def _placeholder_combo(placeholder: str, items: Sequence[str] = ()) -> QComboBox:
    combo = QComboBox()
    combo.addItems(list(items))
    combo.setPlaceholderText(placeholder)
    combo.setCurrentIndex(-1)
    return combo


class StageDetailsDialog(QDialog):
    """Asks only what entering `stage` needs (visit, test drive, order or lost).

    OK stays disabled until the core's `validate_details` accepts the input; its messages are
    shown under the fields the user has touched.
    """

    def __init__(
        self,
        stage: Stage,
        catalogue: Catalogue,
        names: Sequence[str],
        default_model: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if stage not in REQUIRED_DETAILS:
            raise ValueError(f"entering {stage.value} needs no details")
        self.stage = stage
        self._catalogue = catalogue
        self._touched: set[str] = set()
        self._errors: dict[str, QLabel] = {}
        self._general = error_label()
        self._ready = False  # no checks until every widget exists
        self.setObjectName("stageDetailsDialog")
        if len(names) == 1:
            title = self.tr("Move {name} to {stage}").format(
                name=names[0], stage=stage_label(stage)
            )
        else:
            title = self.tr("Move %n customers to {stage}", "", len(names)).format(
                stage=stage_label(stage)
            )
        self.setWindowTitle(title)
        self.setMinimumWidth(380)

        heading = QLabel(title)
        heading.setObjectName("dialogHeading")
        heading.setWordWrap(True)
        heading.setStyleSheet("font-size: 16px; font-weight: bold;")

        self._form = QFormLayout()
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form.setVerticalSpacing(6)
        clock = QTime.currentTime()
        now = QDateTime(QDate.currentDate(), QTime(clock.hour(), clock.minute()))
        if stage is Stage.VISIT:
            self.visit_time = self._datetime_edit(now)
            self.party_size = QSpinBox()
            self.party_size.setRange(1, MAX_PARTY_SIZE)
            self.party_size.setValue(1)
            self._add_row(self.tr("Visit time"), self.visit_time, "visit_time")
            self._add_row(self.tr("Number of people"), self.party_size, "party_size")
            self.party_size.valueChanged.connect(lambda: self._touch("party_size"))
        elif stage is Stage.TEST_DRIVE:
            names_ = catalogue.names()
            if default_model and default_model not in names_:
                names_.insert(0, default_model)
            self.vehicle = _placeholder_combo(self.tr("Choose a vehicle"), names_)
            if default_model:
                self.vehicle.setCurrentText(default_model)
            self.drive_time = self._datetime_edit(now)
            self._add_row(self.tr("Vehicle"), self.vehicle, "vehicle")
            self._add_row(self.tr("Drive time"), self.drive_time, "drive_time")
            self.vehicle.currentIndexChanged.connect(lambda: self._touch("vehicle"))
        elif stage is Stage.ORDER:
            self.model = _placeholder_combo(self.tr("Choose a model"), catalogue.names())
            self.trim = _placeholder_combo(self.tr("Choose a trim"))
            self.colour = _placeholder_combo(self.tr("Choose a colour"))
            self.deposit = QSpinBox()
            self.deposit.setRange(0, MAX_DEPOSIT_YUAN)
            self.deposit.setSingleStep(1000)
            self.deposit.setGroupSeparatorShown(True)
            self.deposit.setPrefix("¥ ")
            self.payment = QComboBox()
            for payment in Payment:
                self.payment.addItem(payment_label(payment), payment.value)
            self.trade_in = QCheckBox(self.tr("Trading in their old car"))
            self._add_row(self.tr("Model"), self.model, "model")
            self._add_row(self.tr("Trim"), self.trim, "trim")
            self._add_row(self.tr("Colour"), self.colour, "colour")
            self._add_row(self.tr("Deposit"), self.deposit, "deposit_yuan")
            self._add_row(self.tr("Payment"), self.payment, "payment")
            self._form.addRow("", self.trade_in)
            self.model.currentIndexChanged.connect(self._model_changed)
            self.trim.currentIndexChanged.connect(lambda: self._touch("trim"))
            self.colour.currentIndexChanged.connect(lambda: self._touch("colour"))
            self.deposit.valueChanged.connect(lambda: self._touch("deposit_yuan"))
            if default_model and catalogue.get(default_model) is not None:
                self.model.setCurrentText(default_model)
                self._touched.discard("model")
        else:
            self.reason = _placeholder_combo(self.tr("Choose a reason"))
            for reason in LostReason:
                self.reason.addItem(lost_reason_label(reason), reason.value)
            self.reason.setCurrentIndex(-1)
            self.competitor = QComboBox()
            self.competitor.setEditable(True)
            self.competitor.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            self.competitor.addItems(list(COMPETITOR_SUGGESTIONS))
            self.competitor.setCurrentIndex(-1)
            self.competitor.setEditText("")
            line = self.competitor.lineEdit()
            if line is not None:
                line.setPlaceholderText(self.tr("Brand and model, e.g. 丰田凯美瑞"))
            self.note = QLineEdit()
            self.note.setPlaceholderText(self.tr("Optional"))
            self._add_row(self.tr("Reason"), self.reason, "reason")
            self._add_row(self.tr("Competitor"), self.competitor, "competitor")
            self._add_row(self.tr("Note"), self.note, "note")
            self.reason.currentIndexChanged.connect(self._reason_changed)
            self.competitor.editTextChanged.connect(lambda: self._touch("competitor"))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Move"))
        ok.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addLayout(self._form)
        layout.addWidget(self._general)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._ready = True
        self._validate()

    @property
    def ok_button(self) -> QPushButton:
        """The accept button (enabled only for valid input)."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def details(self) -> StageDetails:
        """The details as entered (aware datetimes); ValueError if a choice is still missing."""
        if self.stage is Stage.VISIT:
            return VisitDetails(aware(self.visit_time.dateTime()), self.party_size.value())
        if self.stage is Stage.TEST_DRIVE:
            return TestDriveDetails(
                self.vehicle.currentText().strip(), aware(self.drive_time.dateTime())
            )
        if self.stage is Stage.ORDER:
            return OrderDetails(
                model=self.model.currentText(),
                trim=self.trim.currentText(),
                colour=self.colour.currentText(),
                deposit_yuan=self.deposit.value(),
                payment=Payment(str(self.payment.currentData())),
                trade_in=self.trade_in.isChecked(),
            )
        reason = self.reason.currentData()
        if reason is None:
            raise ValueError("no lost reason chosen yet")
        return LostDetails(
            LostReason(str(reason)), self.competitor.currentText().strip(), self.note.text().strip()
        )

    def accept(self) -> None:
        if self.ok_button.isEnabled():
            super().accept()

    def _datetime_edit(self, value: QDateTime) -> QDateTimeEdit:
        edit = QDateTimeEdit(value)
        edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        edit.setCalendarPopup(True)
        return edit

    def _add_row(self, label: str, field: QWidget, key: str) -> None:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        message = error_label()
        column.addWidget(message)
        self._errors[key] = message
        self._form.addRow(label, box)

    def _touch(self, key: str) -> None:
        self._touched.add(key)
        self._validate()

    def _model_changed(self) -> None:
        model = self._catalogue.get(self.model.currentText())
        for combo, values in (
            (self.trim, model.trims if model else ()),
            (self.colour, model.colours if model else ()),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(list(values))
            combo.setCurrentIndex(0 if len(values) == 1 else -1)
            combo.blockSignals(False)
        self._touch("model")

    def _reason_changed(self) -> None:
        self._touched.add("reason")
        if self.reason.currentData() == LostReason.COMPETITOR.value:
            self._touched.add("competitor")
        self._validate()

    def _validate(self) -> None:
        if not self._ready:
            return
        errors: dict[str, FieldError] = {}
        if self.stage is Stage.LOST and self.reason.currentData() is None:
            errors["reason"] = FieldError("required")
        else:
            try:
                validate_details(self.stage, self.details())
            except ValidationError as exc:
                errors = exc.errors
        general: list[str] = []
        for key, error in errors.items():
            label = self._errors.get(key)
            if label is None:
                general.append(field_error_message(error))
        for key, label in self._errors.items():
            error_ = errors.get(key)
            shown = error_ is not None and key in self._touched
            set_message(label, field_error_message(error_) if error_ and shown else "")
        set_message(self._general, "\n".join(general))
        self.ok_button.setEnabled(not errors)


def ask_stage_details(
    parent: QWidget | None,
    stage: Stage,
    catalogue: Catalogue,
    names: Sequence[str],
    default_model: str | None = None,
) -> StageDetails | None:
    """Ask for what entering `stage` needs; None when the consultant cancels."""
    dialog = StageDetailsDialog(stage, catalogue, names, default_model, parent)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.details()
        return None
    finally:
        dialog.deleteLater()


class QuickAddDialog(QDialog):
    """The two-field add: a name and (optionally) a mobile number, checked as they are typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quickAddDialog")
        self.setWindowTitle(self.tr("Quick add customer"))
        self.setMinimumWidth(360)
        self.name = QLineEdit()
        self.name.setObjectName("quickAddName")
        self.name.setMaxLength(MAX_NAME)
        self.name.setPlaceholderText(self.tr("Customer name, e.g. 张先生"))
        self.mobile = QLineEdit()
        self.mobile.setObjectName("quickAddMobile")
        self.mobile.setPlaceholderText(self.tr("Mobile (optional), e.g. 138 1234 5678"))
        self.mobile.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self._name_message = error_label()
        self._mobile_message = error_label("mobileHint")
        self._error = error_label("dialogError")
        self._name_touched = False

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Name"), _stacked(self.name, self._name_message))
        form.addRow(self.tr("Mobile"), _stacked(self.mobile, self._mobile_message))

        self.buttons = ok_cancel_buttons(self, self.tr("Add"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self._error)
        layout.addWidget(self.buttons)

        self.name.textEdited.connect(self._name_edited)
        self.mobile.textChanged.connect(self._validate)
        self.name.setFocus()
        self._validate()

    @property
    def ok_button(self) -> QPushButton:
        """The accept button (enabled only for valid input)."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def values(self) -> tuple[str, str]:
        """(name, mobile): the trimmed name and the E.164 mobile ('' when none was typed)."""
        mobile = validate_mobile(self.mobile.text())
        return self.name.text().strip(), mobile if mobile is not None else self.mobile.text()

    def show_error(self, message: str) -> None:
        """Show a problem the core reported (e.g. a duplicate number) and keep the dialog open."""
        set_message(self._error, message)

    def accept(self) -> None:
        if self.ok_button.isEnabled():
            super().accept()

    def _name_edited(self) -> None:
        self._name_touched = True
        self._validate()

    def _validate(self) -> None:
        set_message(self._error, "")
        name_ok = bool(self.name.text().strip())
        shown = (
            "" if name_ok or not self._name_touched else field_error_message(FieldError("required"))
        )
        set_message(self._name_message, shown)
        mobile = validate_mobile(self.mobile.text())
        if mobile is None:
            set_message(self._mobile_message, field_error_message(FieldError("invalid_mobile")))
        elif mobile:
            set_message(
                self._mobile_message,
                self.tr("Will be saved as {number}").format(number=format_mobile(mobile)),
                error=False,
            )
        else:
            set_message(self._mobile_message, "")
        self.ok_button.setEnabled(name_ok and mobile is not None)


def _stacked(field: QWidget, message: QLabel) -> QWidget:
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(field)
    column.addWidget(message)
    return box


class _TokenCompleter(QCompleter):
    """Completes the last tag of a comma-separated list, keeping the ones before it."""

    def splitPath(self, path: str) -> list[str]:
        return [_TAG_SEPARATORS.split(path)[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        chosen = str(index.data())
        widget = self.widget()
        text = widget.text() if isinstance(widget, QLineEdit) else ""
        ends = [match.end() for match in _TAG_SEPARATORS.finditer(text)]
        head = text[: ends[-1]] if ends else ""
        return f"{head}{chosen}, "


class TagDialog(QDialog):
    """Add tags to the selected contacts: type names (with completion) or click existing tags."""

    def __init__(
        self, existing: Sequence[TagChip], count: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tagDialog")
        self.setWindowTitle(self.tr("Tag %n customer(s)", "", count))
        self.setMinimumWidth(400)
        intro = QLabel(self.tr("Add tags to %n selected customer(s).", "", count))
        intro.setWordWrap(True)
        self.edit = QLineEdit()
        self.edit.setObjectName("tagEdit")
        self.edit.setPlaceholderText(self.tr("Tag names, separated by commas"))
        completer = _TokenCompleter([t.name for t in existing], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.edit.setCompleter(completer)
        self._message = error_label()

        self.toggles: list[TagToggle] = []
        chips = QWidget()
        chips.setObjectName("tagChips")
        flow = FlowLayout(chips)
        for tag in existing:
            toggle = TagToggle(tag)
            toggle.toggled.connect(lambda on, name=tag.name: self._toggled(name, on))
            flow.addWidget(toggle)
            self.toggles.append(toggle)
        scroll = QScrollArea()
        scroll.setObjectName("tagChipScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(chips)
        scroll.setMaximumHeight(180)
        scroll.setVisible(bool(existing))
        existing_label = QLabel(self.tr("Existing tags (click to add):"))
        existing_label.setVisible(bool(existing))

        self.buttons = ok_cancel_buttons(self, self.tr("Add tags"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addWidget(self.edit)
        layout.addWidget(self._message)
        layout.addWidget(existing_label)
        layout.addWidget(scroll)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.edit.textChanged.connect(self._text_changed)
        self.edit.setFocus()
        self._text_changed()

    @property
    def ok_button(self) -> QPushButton:
        """The accept button (enabled once at least one tag is entered)."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def tags(self) -> list[str]:
        """The tag names entered, trimmed and without duplicates, in typing order."""
        return split_tags(self.edit.text())

    def accept(self) -> None:
        if self.ok_button.isEnabled():
            super().accept()

    def _toggled(self, name: str, on: bool) -> None:
        names = self.tags()
        if on and name not in names:
            names.append(name)
        elif not on and name in names:
            names.remove(name)
        self.edit.setText("".join(f"{n}, " for n in names))

    def _text_changed(self) -> None:
        names = self.tags()
        chosen = set(names)
        for toggle in self.toggles:
            toggle.blockSignals(True)
            toggle.setChecked(toggle.tag_name in chosen)
            toggle.blockSignals(False)
        too_long = any(len(name) > MAX_TAG for name in names)
        message = field_error_message(FieldError("too_long", limit=MAX_TAG)) if too_long else ""
        set_message(self._message, message)
        self.ok_button.setEnabled(bool(names) and not too_long)
