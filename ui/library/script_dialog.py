"""The small dialog for writing or editing a personal script (个人话术) or Q&A."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from consultant_app.errors import FieldError, ValidationError
from consultant_app.library.models import Category, MaterialDetail, MaterialKind, ScriptDraft
from ui.dialogs import error_label, ok_cancel_buttons, set_message, split_tags
from ui.library.labels import kind_label, script_error_message

#: The draft's fields, in form order (the keys `show_errors` understands).
FIELDS = ("kind", "title", "body", "category_id", "tags", "models")


def category_choices(tree: Sequence[Category]) -> list[tuple[str, str]]:
    """(id, indented name) for every category, depth first, in the tree's order."""
    out: list[tuple[str, str]] = []

    def walk(nodes: Sequence[Category], depth: int) -> None:
        for node in nodes:
            out.append((node.id, "\u3000" * depth + node.name))
            walk(node.children, depth + 1)

    walk(tree, 0)
    return out


class ScriptDialog(QDialog):
    """Title (or question), text (or answer), category, tags and models of a personal script.

    OK checks the draft with the core's rules and keeps the dialog open, every broken rule
    shown under its field, until it passes.
    """

    def __init__(
        self,
        categories: Sequence[Category],
        model_names: Sequence[str],
        existing: MaterialDetail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("scriptDialog")
        self.setWindowTitle(self.tr("Edit script") if existing else self.tr("New script"))
        self.setMinimumWidth(520)

        self.script_radio = QRadioButton(kind_label(MaterialKind.SCRIPT))
        self.qa_radio = QRadioButton(kind_label(MaterialKind.QA))
        self._kinds = QButtonGroup(self)
        self._kinds.addButton(self.script_radio)
        self._kinds.addButton(self.qa_radio)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.script_radio)
        kind_row.addWidget(self.qa_radio)
        kind_row.addStretch(1)

        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("scriptTitle")
        self.body_edit = QPlainTextEdit()
        self.body_edit.setObjectName("scriptBody")
        self.body_edit.setTabChangesFocus(True)
        self.body_edit.setMinimumHeight(160)
        self.category_combo = QComboBox()
        self.category_combo.setObjectName("scriptCategory")
        self.category_combo.addItem(self.tr("No category"), None)
        for category_id, name in category_choices(categories):
            self.category_combo.addItem(name, category_id)
        self.tags_edit = QLineEdit()
        self.tags_edit.setObjectName("scriptTags")
        self.tags_edit.setPlaceholderText(self.tr("Separated by commas"))
        self.models_edit = QLineEdit()
        self.models_edit.setObjectName("scriptModels")
        self.models_edit.setPlaceholderText(
            self.tr("e.g. {models}").format(models="，".join(model_names[:3]))
        )

        self.errors = {name: error_label(f"{name}Error") for name in FIELDS}
        self._title_label = QLabel()
        self._body_label = QLabel()
        form = QFormLayout()
        form.addRow(self.tr("Kind"), _stacked(kind_row, self.errors["kind"]))
        form.addRow(self._title_label, _stacked(self.title_edit, self.errors["title"]))
        form.addRow(self._body_label, _stacked(self.body_edit, self.errors["body"]))
        form.addRow(self.tr("Category"), _stacked(self.category_combo, self.errors["category_id"]))
        form.addRow(self.tr("Tags"), _stacked(self.tags_edit, self.errors["tags"]))
        form.addRow(self.tr("Models"), _stacked(self.models_edit, self.errors["models"]))
        self.buttons = ok_cancel_buttons(self, self.tr("Save"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        note = QLabel(self.tr("Personal scripts are yours alone: only you see them."))
        note.setStyleSheet("color: #8F959E;")
        layout.addWidget(note)
        layout.addWidget(self.buttons)

        self._kinds.buttonToggled.connect(lambda *_: self._kind_changed())
        if existing is not None:
            (self.qa_radio if existing.kind is MaterialKind.QA else self.script_radio).setChecked(
                True
            )
            self.title_edit.setText(existing.title)
            self.body_edit.setPlainText(existing.body)
            row = self.category_combo.findData(existing.category_id)
            self.category_combo.setCurrentIndex(max(0, row))
            self.tags_edit.setText("，".join(existing.tags))
            self.models_edit.setText("，".join(existing.models))
        else:
            self.script_radio.setChecked(True)
        self._kind_changed()
        self.title_edit.setFocus()

    def _kind_changed(self) -> None:
        qa = self.qa_radio.isChecked()
        self._title_label.setText(self.tr("Question") if qa else self.tr("Title"))
        self._body_label.setText(self.tr("Answer") if qa else self.tr("Text"))
        self.title_edit.setPlaceholderText(
            self.tr("What customers ask, e.g. how much fuel it uses")
            if qa
            else self.tr("A short name you will search for")
        )

    def draft(self) -> ScriptDraft:
        """What is typed, as a draft (not yet checked)."""
        return ScriptDraft(
            title=self.title_edit.text(),
            body=self.body_edit.toPlainText(),
            kind=MaterialKind.QA if self.qa_radio.isChecked() else MaterialKind.SCRIPT,
            category_id=self.category_combo.currentData(),
            tags=tuple(split_tags(self.tags_edit.text())),
            models=tuple(split_tags(self.models_edit.text())),
        )

    def show_errors(self, errors: Mapping[str, FieldError]) -> None:
        """Each broken rule under its field; the keyboard to the first one."""
        for name, label in self.errors.items():
            error = errors.get(name)
            set_message(label, script_error_message(error) if error else "")
        focus = {
            "title": self.title_edit,
            "body": self.body_edit,
            "tags": self.tags_edit,
            "models": self.models_edit,
        }
        first = next((focus[name] for name in FIELDS if name in errors and name in focus), None)
        if first is not None:
            first.setFocus()

    def accept(self) -> None:
        try:
            self.draft().validated()
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        self.show_errors({})
        super().accept()


def _stacked(field: QWidget | QHBoxLayout, message: QLabel) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    if isinstance(field, QHBoxLayout):
        layout.addLayout(field)
    else:
        layout.addWidget(field)
    layout.addWidget(message)
    return box
