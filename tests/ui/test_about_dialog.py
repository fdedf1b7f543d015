"""The About dialog: version, folders that open in the file manager, and diagnostics to copy."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from consultant_app import __version__
from consultant_app.deployment import DEPLOYMENT_FILE, Deployment, read_deployment
from consultant_app.diagnostics import Diagnostics, collect_diagnostics
from consultant_app.store.database import Workspace
from ui.about_dialog import AboutDialog, qt_versions, show_deployment_warning

DEPLOYED = Deployment(
    server_url="https://crm.example-dealer.cn",
    showroom="上海浦东店",
    source=Path("/opt/showroom-desk/deployment.toml"),
)


@pytest.fixture
def diagnostics(seeded: Workspace, data_dir: Path) -> Diagnostics:
    return collect_diagnostics(data_dir, DEPLOYED, qt=qt_versions())


def make_dialog(qtbot: QtBot, diagnostics: Diagnostics, opened: list[Path]) -> AboutDialog:
    def open_folder(folder: Path) -> bool:
        opened.append(folder)
        return folder.is_dir()

    dialog = AboutDialog(diagnostics, open_folder=open_folder)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def click_link(qtbot: QtBot, link: QLabel) -> None:
    """Click the start of a label's link text, as a user would."""
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton, pos=QPoint(4, link.height() // 2))


def text_of(dialog: AboutDialog, name: str) -> str:
    label = dialog.findChild(QLabel, name)
    assert isinstance(label, QLabel)
    return label.text()


def test_it_shows_the_version_and_both_folders(
    qtbot: QtBot, diagnostics: Diagnostics, data_dir: Path
) -> None:
    dialog = make_dialog(qtbot, diagnostics, [])

    assert text_of(dialog, "about_version") == f"Version {__version__}"
    assert str(data_dir) in dialog.data_link.text()
    assert str(data_dir / "logs") in dialog.log_link.text()
    assert dialog.windowTitle() == "About Showroom Desk"


def test_clicking_a_folder_opens_it_in_the_file_manager(
    qtbot: QtBot, diagnostics: Diagnostics, data_dir: Path
) -> None:
    (data_dir / "logs").mkdir()  # setup_logging makes it when the app starts
    opened: list[Path] = []
    dialog = make_dialog(qtbot, diagnostics, opened)

    click_link(qtbot, dialog.data_link)
    click_link(qtbot, dialog.log_link)

    assert opened == [data_dir, data_dir / "logs"]
    assert not dialog.status.isVisible()


def test_a_folder_that_cannot_be_opened_says_so(
    qtbot: QtBot, diagnostics: Diagnostics, data_dir: Path
) -> None:
    missing = replace(diagnostics, log_dir=data_dir / "no-logs-yet")
    dialog = make_dialog(qtbot, missing, [])

    click_link(qtbot, dialog.log_link)

    assert dialog.status.isVisible()
    assert "could not be opened" in dialog.status.text()


def test_copy_diagnostics_puts_them_on_the_clipboard(
    qtbot: QtBot, diagnostics: Diagnostics
) -> None:
    dialog = make_dialog(qtbot, diagnostics, [])
    QGuiApplication.clipboard().clear()

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)

    copied = QGuiApplication.clipboard().text()
    assert copied == diagnostics.as_text()
    assert f"Qt: {qt_versions()}" in copied
    assert "Showroom: 上海浦东店" in copied
    assert dialog.copy_button.text() == "Copied"


def test_the_copied_diagnostics_hold_no_customer(qtbot: QtBot, diagnostics: Diagnostics) -> None:
    dialog = make_dialog(qtbot, diagnostics, [])

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)

    copied = QGuiApplication.clipboard().text()
    for seeded_customer in ("张伟", "王芳", "李娜", "13812345678", "13900001111"):
        assert seeded_customer not in copied


def test_the_showroom_settings_and_their_problems_are_listed(
    qtbot: QtBot, tmp_path: Path, data_dir: Path, seeded: Workspace
) -> None:
    path = tmp_path / DEPLOYMENT_FILE
    path.write_text('showroom = "北京店"\ncolour = "blue"\n', encoding="utf-8")
    dialog = make_dialog(qtbot, collect_diagnostics(data_dir, read_deployment(path)), [])

    assert text_of(dialog, "about_showroom") == "北京店"
    assert text_of(dialog, "about_deployment_file") == str(path)
    assert f"{path}, line 2: unknown key 'colour'" in text_of(dialog, "about_deployment_problems")


def test_a_broken_deployment_file_gives_a_warning_that_does_not_block(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / DEPLOYMENT_FILE
    path.write_text("server_url = https://crm\n", encoding="utf-8")

    box = show_deployment_warning(None, read_deployment(path))

    assert isinstance(box, QMessageBox)
    qtbot.addWidget(box)
    qtbot.waitExposed(box)
    assert "running with its default settings" in box.text()
    assert f"{path}, line 1: is not valid TOML" in box.informativeText()
    box.close()


def test_a_good_deployment_file_gives_no_warning() -> None:
    assert show_deployment_warning(None, DEPLOYED) is None


@pytest.mark.parametrize(
    ("channel", "shown"), [("stable", "Stable"), ("beta", "Beta (test versions)")]
)
def test_it_shows_the_update_channel_and_no_update_offer_without_a_server(
    qtbot: QtBot, data_dir: Path, seeded: Workspace, channel: str, shown: str
) -> None:
    deployment = replace(DEPLOYED, update_channel=channel)
    dialog = make_dialog(qtbot, collect_diagnostics(data_dir, deployment), [])

    assert text_of(dialog, "about_update_channel") == shown
    assert not dialog.update_box.isVisible()
