"""The channel dialog (新建渠道 / 编辑渠道): a channel's name, benefit line, welcome message, tags.

The text is checked as it is typed with the core's own rules (`ChannelDraft.validated`,
`unknown_placeholders`); the page saves it on the database worker and reports back what the
store refused (a name already taken), keeping the dialog open.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from consultant_app.errors import FieldError, ValidationError
from consultant_app.services.channels import (
    MAX_BENEFIT,
    MAX_CHANNEL_NAME,
    MAX_CHANNEL_TAGS,
    MAX_WELCOME,
    PLACEHOLDERS,
    ChannelDraft,
    unknown_placeholders,
)
from consultant_app.store.channels import ChannelView
from ui.dialogs import HINT_STYLE, error_label, ok_cancel_buttons, set_message, split_tags
from ui.labels import field_error_message


def channel_error_message(error: FieldError) -> str:
    """A channel field's problem as a sentence (the channel-specific codes first)."""
    translate = QCoreApplication.translate
    if error.code == "unknown_placeholder":
        return translate(
            "ChannelDialog", "{unknown} is not a placeholder. The placeholders are {known}"
        ).format(
            unknown=f"{{{error.params.get('name', '')}}}",
            known=" ".join(f"{{{name}}}" for name in PLACEHOLDERS),
        )
    if error.code == "duplicate":
        return translate("ChannelDialog", "A channel with this name exists already")
    if error.code == "archived":
        return translate("ChannelDialog", "This channel is archived")
    if error.code == "revoked":
        return translate("ChannelDialog", "This code was revoked and cannot be used again")
    return field_error_message(error)


class ChannelDialog(QDialog):
    """Make a channel of one's own, or change one. `submitted` carries the checked draft;
    the caller saves it and calls `saved()` or `show_errors()`."""

    submitted = Signal(object)  # a validated ChannelDraft

    def __init__(self, channel: ChannelView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("channelDialog")
        self.channel = channel
        self.setWindowTitle(self.tr("New channel") if channel is None else self.tr("Edit channel"))
        self.setMinimumWidth(560)

        self.name = QLineEdit()
        self.name.setObjectName("channelName")
        self.name.setMaxLength(MAX_CHANNEL_NAME)
        self.name.setPlaceholderText(self.tr("e.g. 老客户转介绍, 4月车展"))
        self.benefit = QLineEdit()
        self.benefit.setObjectName("channelBenefit")
        self.benefit.setMaxLength(MAX_BENEFIT)
        self.benefit.setPlaceholderText(self.tr("e.g. 扫码领取免费洗车券"))
        self.welcome = QPlainTextEdit()
        self.welcome.setObjectName("channelWelcome")
        self.welcome.setTabChangesFocus(True)
        self.welcome.setFixedHeight(110)
        self.welcome.setPlaceholderText(
            self.tr("e.g. {customer}您好！我是{showroom}的{consultant}，很高兴为您服务。")
        )
        self.tags = QLineEdit()
        self.tags.setObjectName("channelTags")
        self.tags.setPlaceholderText(self.tr("Separated by commas, e.g. 车展客户, 高意向"))

        self._errors = {
            "name": error_label("channelNameError"),
            "benefit": error_label("channelBenefitError"),
            "welcome": error_label("channelWelcomeError"),
            "tags": error_label("channelTagsError"),
        }
        self._error = error_label("channelDialogError")

        inserts = QHBoxLayout()
        inserts.setContentsMargins(0, 0, 0, 0)
        inserts.setSpacing(6)
        help_label = QLabel(self.tr("Insert:"))
        help_label.setStyleSheet(HINT_STYLE)
        inserts.addWidget(help_label)
        names = {
            "customer": self.tr("the customer's name"),
            "consultant": self.tr("your name"),
            "showroom": self.tr("the showroom"),
        }
        self.insert_buttons: dict[str, QToolButton] = {}
        for key in PLACEHOLDERS:
            button = QToolButton()
            button.setObjectName("sideToggle")
            button.setText(f"{{{key}}}")
            button.setToolTip(
                self.tr("Replaced by {what} when the message is sent").format(
                    what=names.get(key, key)
                )
            )
            button.clicked.connect(lambda _=False, k=key: self._insert(k))
            inserts.addWidget(button)
            self.insert_buttons[key] = button
        inserts.addStretch(1)
        welcome_help = QLabel(
            self.tr(
                "Sent to customers who leave their number through this channel's code."
                " {customer}, {consultant} and {showroom} are filled in for each customer."
            )
        )
        welcome_help.setWordWrap(True)
        welcome_help.setStyleSheet(HINT_STYLE)
        benefit_help = QLabel(self.tr("Printed under the code and shown on the showroom screen."))
        benefit_help.setWordWrap(True)
        benefit_help.setStyleSheet(HINT_STYLE)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Name"), _column(self.name, self._errors["name"]))
        form.addRow(
            self.tr("Benefit line"),
            _column(self.benefit, benefit_help, self._errors["benefit"]),
        )
        insert_row = QWidget()
        insert_row.setLayout(inserts)
        form.addRow(
            self.tr("Welcome message"),
            _column(self.welcome, insert_row, welcome_help, self._errors["welcome"]),
        )
        form.addRow(self.tr("Tags"), _column(self.tags, self._errors["tags"]))

        self.buttons: QDialogButtonBox = ok_cancel_buttons(
            self, self.tr("Create") if channel is None else self.tr("Save")
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self._error)
        layout.addWidget(self.buttons)

        if channel is not None:
            self.name.setText(channel.name)
            self.benefit.setText(channel.benefit)
            self.welcome.setPlainText(channel.welcome)
            self.tags.setText(", ".join(channel.tags))
        self.name.textChanged.connect(self._validate)
        self.benefit.textChanged.connect(self._validate)
        self.welcome.textChanged.connect(self._validate)
        self.tags.textChanged.connect(self._validate)
        self._saving = False
        self.name.setFocus()
        self._validate()

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def draft(self) -> ChannelDraft:
        """The text as typed (not yet checked)."""
        return ChannelDraft(
            name=self.name.text(),
            benefit=self.benefit.text(),
            welcome=self.welcome.toPlainText(),
            tags=tuple(split_tags(self.tags.text())),
        )

    def error_text(self, field: str) -> str:
        """The message shown under `field` ('' if none)."""
        label = self._errors.get(field)
        return "" if label is None or label.isHidden() else label.text()

    def accept(self) -> None:
        """Check the draft and hand it to the caller, who saves it (the dialog stays open
        until `saved()`)."""
        if self._saving or not self.ok_button.isEnabled():
            return
        try:
            clean = self.draft().validated()
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        self._saving = True
        self.ok_button.setEnabled(False)
        self.submitted.emit(clean)

    def saved(self) -> None:
        self._saving = False
        super().accept()

    def show_errors(self, errors: Mapping[str, FieldError]) -> None:
        """Show what the store refused under each field; the dialog stays open."""
        self._saving = False
        for field, error in errors.items():
            label = self._errors.get(field, self._error)
            set_message(label, channel_error_message(error))
        self.ok_button.setEnabled(True)
        self._grow()

    def show_failure(self, message: str) -> None:
        self._saving = False
        set_message(self._error, message)
        self.ok_button.setEnabled(True)
        self._grow()

    def _insert(self, key: str) -> None:
        self.welcome.insertPlainText(f"{{{key}}}")
        self.welcome.setFocus()

    def _validate(self) -> None:
        """Check as typed: a name, known placeholders, lengths and the number of tags."""
        set_message(self._error, "")
        problems: dict[str, str] = {}
        if not self.name.text().strip() and self.name.isModified():
            problems["name"] = field_error_message(FieldError("required"))
        welcome = self.welcome.toPlainText()
        unknown = unknown_placeholders(welcome)
        if unknown:
            problems["welcome"] = channel_error_message(
                FieldError("unknown_placeholder", name=unknown[0])
            )
        elif len(welcome.strip()) > MAX_WELCOME:
            problems["welcome"] = field_error_message(FieldError("too_long", limit=MAX_WELCOME))
        if len(split_tags(self.tags.text())) > MAX_CHANNEL_TAGS:
            problems["tags"] = field_error_message(FieldError("too_many", limit=MAX_CHANNEL_TAGS))
        for field, label in self._errors.items():
            set_message(label, problems.get(field, ""))
        self.ok_button.setEnabled(
            not self._saving and bool(self.name.text().strip()) and not problems
        )
        self._grow()

    def _grow(self) -> None:
        """Make room for messages that appeared (wrapped labels do not ask for it)."""
        layout = self.layout()
        if layout is None:
            return
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)


def _column(*widgets: QWidget) -> QWidget:
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(4)
    for widget in widgets:
        column.addWidget(widget)
    return box
