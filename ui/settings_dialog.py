"""Settings a consultant changes: when cards go cold per stage, and the interface language."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from consultant_app.domain.stages import Stage
from consultant_app.settings import LANGUAGE, ROT_DAYS, Settings
from ui.dialogs import ok_cancel_buttons
from ui.labels import stage_label

MAX_ROT_DAYS = 365


class SettingsDialog(QDialog):
    """Shows the current values; `rot_days()` and `chosen_language()` give what the user set
    (the caller saves them, off the GUI thread)."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(420)

        rot_box = QGroupBox(self.tr("When a card goes cold"))
        rot_form = QFormLayout(rot_box)
        hint = QLabel(
            self.tr(
                "Days without contact after which a card is highlighted, per stage. "
                "0 turns it off for that stage."
            )
        )
        hint.setWordWrap(True)
        rot_form.addRow(hint)
        self.rot_spins: dict[Stage, QSpinBox] = {}
        for stage, setting in ROT_DAYS.items():
            spin = QSpinBox()
            spin.setRange(0, MAX_ROT_DAYS)
            spin.setValue(settings.get(setting))
            self.rot_spins[stage] = spin
            rot_form.addRow(stage_label(stage), spin)

        language_box = QGroupBox(self.tr("Language"))
        language_form = QFormLayout(language_box)
        self.language = QComboBox()
        self.language.addItem("简体中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(settings.get(LANGUAGE))))
        language_form.addRow(self.tr("Interface"), self.language)
        language_form.addRow(QLabel(self.tr("A new language applies the next time you start.")))

        layout = QVBoxLayout(self)
        layout.addWidget(rot_box)
        layout.addWidget(language_box)
        layout.addWidget(ok_cancel_buttons(self, self.tr("Save")))

    def rot_days(self) -> dict[Stage, int]:
        return {stage: spin.value() for stage, spin in self.rot_spins.items()}

    def chosen_language(self) -> str:
        return str(self.language.currentData())
