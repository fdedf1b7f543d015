"""The look and the language: the stylesheet, the UI font, and Qt's translators."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from consultant_app.resources import resources_dir

log = logging.getLogger(__name__)

#: CJK-capable UI fonts by platform, best first; Qt takes the first one installed.
FONT_FAMILIES = [
    "Microsoft YaHei UI",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
]


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Load Qt's own and our translations for `language` (English needs none)."""
    translators: list[QTranslator] = []
    ours = str(resources_dir() / "translations")
    if language.startswith("en"):
        # English is the source language; its file only carries plural forms ("1 day", "2 days").
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        names = [("showroom_en", ours)]
    else:
        QLocale.setDefault(QLocale(language))
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        names = [(f"qtbase_{language}", qt_dir), (f"showroom_{language}", ours)]
    for name, folder in names:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            translators.append(translator)
        else:
            log.warning("translation %s not found in %s", name, folder)
    return translators


def apply_theme(app: QApplication) -> None:
    """The app font and stylesheet."""
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(10)
    app.setFont(font)
    path = resources_dir() / "styles" / "app.qss"
    try:
        app.setStyleSheet(path.read_text(encoding="utf-8"))
    except OSError:
        log.exception("stylesheet %s could not be read; using the platform look", path)
