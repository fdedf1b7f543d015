"""The shipped translations: complete for Chinese, compiled, loadable, and faithful to the code."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from consultant_app.domain.stages import Stage
from ui.labels import stage_label
from ui.theme import install_translators

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
QT_BIN = Path(sys.executable).parent
LANGUAGES = ("zh_CN", "en")
PLACEHOLDER = re.compile(r"\{\w*\}|%n")


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str
    finished: bool
    forms: tuple[str, ...]


def ui_sources() -> list[str]:
    """The files `python3 dev.py i18n` scans, as it passes them to lupdate."""
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))


def messages(ts: Path) -> list[Message]:
    """Every message of a .ts file, with its translation (one form, or one per plural form)."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            forms = (
                tuple(form.text or "" for form in translation.iter("numerusform"))
                if message.get("numerus") == "yes"
                else (translation.text or "",)
            )
            found.append(
                Message(
                    context=name,
                    source=message.findtext("source", ""),
                    comment=message.findtext("comment", ""),
                    finished=translation.get("type") not in {"unfinished", "vanished", "obsolete"},
                    forms=forms,
                )
            )
    return found


@pytest.fixture(scope="module")
def refreshed_ts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each committed .ts, updated by lupdate from today's code exactly as dev.py i18n does."""
    folder = tmp_path_factory.mktemp("ts")
    refreshed = {}
    for language in LANGUAGES:
        ts = folder / f"showroom_{language}.ts"
        shutil.copyfile(TRANSLATIONS / ts.name, ts)
        subprocess.run(
            [
                str(QT_BIN / "pyside6-lupdate"),
                *("-no-obsolete", "-locations", "none"),
                *ui_sources(),
                *("-ts", str(ts)),
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        refreshed[language] = ts
    return refreshed


@pytest.fixture
def install(qapp: QApplication) -> Iterator[Callable[[str], list[QTranslator]]]:
    """install_translators, undone afterwards so that later tests see English and the old locale."""
    locale = QLocale()
    installed: list[QTranslator] = []

    def install_language(language: str) -> list[QTranslator]:
        translators = install_translators(qapp, language)
        installed.extend(translators)
        return translators

    yield install_language
    for translator in installed:
        QCoreApplication.removeTranslator(translator)
        translator.deleteLater()
    QLocale.setDefault(locale)


def test_every_ui_string_has_a_chinese_translation(refreshed_ts: dict[str, Path]) -> None:
    untranslated = [
        f"{m.context}: {m.source!r}"
        for m in messages(refreshed_ts["zh_CN"])
        if not m.finished or not all(form.strip() for form in m.forms)
    ]
    assert not untranslated, (
        "These strings have no Chinese translation; run python3 dev.py i18n and translate them"
        " in resources/translations/showroom_zh_CN.ts:\n" + "\n".join(untranslated)
    )


def test_every_english_plural_has_singular_and_plural_forms(
    refreshed_ts: dict[str, Path],
) -> None:
    missing = [
        f"{m.context}: {m.source!r}"
        for m in messages(refreshed_ts["en"])
        if "(s)" in m.source and not (m.finished and len(m.forms) == 2 and all(m.forms))
    ]
    assert not missing, (
        "English would show these with '(s)'; run python3 dev.py i18n and give both forms"
        " in resources/translations/showroom_en.ts:\n" + "\n".join(missing)
    )


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, str)):
        return node.value or ""
    return None


def _argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    if len(call.args) > position:
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def _is_translate(func: ast.expr) -> bool:
    """translate(…) (the module alias) or Q(Core|Gui)Application.translate(…)."""
    if isinstance(func, ast.Name):
        return func.id == "translate"
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "translate"
        and isinstance(func.value, ast.Name)
        and func.value.id in {"QCoreApplication", "QGuiApplication", "QApplication"}
    )


def translatable_calls(path: Path) -> tuple[set[tuple[str, str, str]], list[str]]:
    """The (context, source, disambiguation) of each tr/translate call, and the calls that
    lupdate cannot file under the context Qt looks them up in at run time."""
    found: set[tuple[str, str, str]] = set()
    problems: list[str] = []
    where = path.relative_to(ROOT)

    def visit(node: ast.AST, class_name: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Call):
                check(child, class_name)
            visit(child, child.name if isinstance(child, ast.ClassDef) else class_name)

    def check(call: ast.Call, class_name: str) -> None:
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr == "tr":
            receiver = ast.unparse(func.value)
            text = _literal(_argument(call, 0, "sourceText"))
            if receiver != "self" or not class_name or text is None:
                problems.append(
                    f"{where}:{call.lineno}: {ast.unparse(call)[:80]} — lupdate files it under"
                    f" {receiver!r}, Qt looks it up under the class of {receiver}; use self.tr"
                    ' with a literal, or translate("Context", "text")'
                )
                return
            comment = _literal(_argument(call, 1, "disambiguation")) or ""
            found.add((class_name, text, comment))
        elif _is_translate(func):
            context = _literal(_argument(call, 0, "context"))
            text = _literal(_argument(call, 1, "key"))
            if not context or text is None:
                problems.append(
                    f"{where}:{call.lineno}: {ast.unparse(call)[:80]} — lupdate sees no literal"
                    " context and text here, so strings passed through it are never extracted;"
                    ' call translate("Context", "text") at each use instead of a wrapper'
                )
                return
            comment = _literal(_argument(call, 2, "disambiguation")) or ""
            found.add((context, text, comment))

    visit(ast.parse(path.read_text(encoding="utf-8")), "")
    return found, problems


def test_lupdate_extracts_every_translatable_string(refreshed_ts: dict[str, Path]) -> None:
    expected: set[tuple[str, str, str]] = set()
    problems: list[str] = []
    for source in ui_sources():
        found, wrong = translatable_calls(ROOT / source)
        expected |= found
        problems += wrong
    extracted = {(m.context, m.source, m.comment) for m in messages(refreshed_ts["zh_CN"])}
    problems += [
        f"{context}: {text!r} — lupdate does not extract this call (lupdate 6.11 skips a"
        " translate() whose %n count is itself a call, e.g. int(...): pass a variable)"
        for context, text, _ in sorted(expected - extracted)
    ]
    assert not problems, "These strings can never be translated:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_qm_is_compiled_from_the_committed_ts(language: str, tmp_path: Path) -> None:
    ts = TRANSLATIONS / f"showroom_{language}.ts"
    qm = tmp_path / ts.with_suffix(".qm").name
    subprocess.run(
        [str(QT_BIN / "pyside6-lrelease"), str(ts), "-qm", str(qm)],
        check=True,
        capture_output=True,
    )
    assert qm.read_bytes() == ts.with_suffix(".qm").read_bytes(), (
        f"{ts.with_suffix('.qm').name} is out of date; run python3 dev.py i18n"
    )


def test_chinese_loads_our_translations_and_qts(
    install: Callable[[str], list[QTranslator]], qtbot: QtBot
) -> None:
    assert len(install("zh_CN")) == 2  # qtbase_zh_CN and showroom_zh_CN
    assert stage_label(Stage.LEAD) == "客户线索"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"


def test_english_gives_singular_and_plural(install: Callable[[str], list[QTranslator]]) -> None:
    assert len(install("en")) == 1

    def overdue(days: int) -> str:
        return QCoreApplication.translate("TodayModel", "Overdue by %n day(s)", "", days)

    assert overdue(1) == "Overdue by 1 day"
    assert overdue(3) == "Overdue by 3 days"
    assert stage_label(Stage.LEAD) == "Lead"


def test_chinese_translations_keep_every_placeholder() -> None:
    changed = [
        f"{m.context}: {m.source!r} → {form!r}"
        for m in messages(TRANSLATIONS / "showroom_zh_CN.ts")
        for form in m.forms
        if sorted(PLACEHOLDER.findall(form)) != sorted(PLACEHOLDER.findall(m.source))
    ]
    assert not changed, "Placeholders lost or added in translation:\n" + "\n".join(changed)


def test_chinese_date_formats_give_chinese_dates() -> None:
    chinese = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    monday = QDate(2024, 5, 20)
    formats = [
        m for m in messages(TRANSLATIONS / "showroom_zh_CN.ts") if "date format" in m.comment
    ]
    assert formats
    for m in formats:
        text = chinese.toString(monday, m.forms[0])
        assert "5月20日" in text, (m.source, text)
        assert ("星期一" in text) == ("dddd" in m.source), (m.source, text)
