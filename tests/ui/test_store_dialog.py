"""The start-up problem dialog: a clear message and the right ways out for each store error."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from consultant_app.errors import (
    DatabaseCorruptError,
    DatabaseLockedError,
    DatabaseReadOnlyError,
    DatabaseTooNewError,
    DataDirError,
    MigrationError,
    StoreError,
)
from consultant_app.store.database import (
    BACKUP_DIR,
    DB_FILENAME,
    backup_database,
    list_backups,
    open_workspace,
)
from ui.store_dialog import (
    StoreChoice,
    StoreProblemDialog,
    StoreResolution,
    resolve_store_problem,
    restore_backup,
)

DB = Path("/data/showroom.sqlite3")


def make_dialog(
    qtbot: QtBot,
    error: StoreError,
    backups: list[Path] | None = None,
    choose_folder: Callable[[], Path | None] | None = None,
) -> StoreProblemDialog:
    dialog = StoreProblemDialog(error, backups or [], choose_folder=choose_folder)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def label_text(dialog: QDialog, name: str) -> str:
    label = dialog.findChild(QLabel, name)
    assert isinstance(label, QLabel)
    return label.text()


def offered(dialog: StoreProblemDialog) -> set[StoreChoice]:
    return {choice for choice in StoreChoice if dialog.button(choice) is not None}


def fake_backups(folder: Path, count: int) -> list[Path]:
    """Backup files named as backup_database names them, a day apart, newest first."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for day in range(count):
        path = folder / f"showroom-2024051{4 - day}-093000-000000-daily.sqlite3"
        path.write_bytes(b"SQLite format 3\x00")
        stamp = datetime(2024, 5, 14 - day, 9, 30).timestamp()
        os.utime(path, (stamp, stamp))
        paths.append(path)
    return paths


ALWAYS = {StoreChoice.QUIT, StoreChoice.OTHER_FOLDER}


@pytest.mark.parametrize(
    ("error", "title", "says", "choices", "default"),
    [
        (
            DatabaseLockedError(DB, "database is locked"),
            "The database is in use",
            "Showroom Desk is already open, or another program is using the database",
            ALWAYS | {StoreChoice.RETRY},
            StoreChoice.RETRY,
        ),
        (
            DatabaseReadOnlyError(DB, "the database file is read-only"),
            "The data folder is read-only",
            "its data folder or database file is read-only",
            ALWAYS | {StoreChoice.RETRY},
            StoreChoice.RETRY,
        ),
        (
            DatabaseCorruptError(DB, "not a SQLite database"),
            "The database file is damaged",
            "no automatic backup was found",
            ALWAYS,
            StoreChoice.QUIT,
        ),
        (
            DatabaseTooNewError(DB, "schema 0009 is newer"),
            "This database needs a newer Showroom Desk",
            "This database was saved by a newer version of Showroom Desk. "
            "Update the app; the file was not changed.",
            ALWAYS,
            StoreChoice.QUIT,
        ),
        (
            MigrationError(DB, "disk I/O error"),
            "The database could not be updated",
            "The backup taken just before the update was put back",
            ALWAYS | {StoreChoice.RETRY},
            StoreChoice.RETRY,
        ),
        (
            DataDirError(DB.parent, "Permission denied"),
            "The data folder cannot be used",
            "cannot create or write to its data folder",
            ALWAYS | {StoreChoice.RETRY},
            StoreChoice.RETRY,
        ),
    ],
    ids=["locked", "read-only", "corrupt", "too-new", "migration", "data-dir"],
)
def test_each_problem_has_its_message_and_ways_out(
    qtbot: QtBot,
    error: StoreError,
    title: str,
    says: str,
    choices: set[StoreChoice],
    default: StoreChoice,
) -> None:
    dialog = make_dialog(qtbot, error)
    assert label_text(dialog, "problem_title") == title
    assert says in label_text(dialog, "problem_message")
    assert offered(dialog) == choices
    default_button = dialog.button(default)
    assert default_button is not None and default_button.isDefault()


def test_a_damaged_database_offers_the_newest_backup(qtbot: QtBot, tmp_path: Path) -> None:
    backups = fake_backups(tmp_path / BACKUP_DIR, 3)
    dialog = make_dialog(qtbot, DatabaseCorruptError(DB, "not a SQLite database"), backups)
    assert offered(dialog) == ALWAYS | {StoreChoice.RESTORE_BACKUP}
    assert "from 2024-05-14 09:30" in label_text(dialog, "problem_message")
    listing = dialog.findChild(QListWidget, "backup_list")
    assert isinstance(listing, QListWidget)
    texts = [listing.item(row).text() for row in range(listing.count())]
    assert [t.split()[0] for t in texts] == ["2024-05-14", "2024-05-13", "2024-05-12"]
    assert all("Daily backup" in t for t in texts)
    restore = dialog.button(StoreChoice.RESTORE_BACKUP)
    assert restore is not None and restore.isDefault()
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.resolution() == StoreResolution(StoreChoice.RESTORE_BACKUP, backups[0])


def test_an_older_backup_can_be_chosen(qtbot: QtBot, tmp_path: Path) -> None:
    backups = fake_backups(tmp_path / BACKUP_DIR, 3)
    dialog = make_dialog(qtbot, DatabaseCorruptError(DB, "malformed"), backups)
    listing = dialog.findChild(QListWidget, "backup_list")
    assert isinstance(listing, QListWidget)
    listing.setCurrentRow(2)
    restore = dialog.button(StoreChoice.RESTORE_BACKUP)
    assert restore is not None
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert dialog.resolution() == StoreResolution(StoreChoice.RESTORE_BACKUP, backups[2])


def test_restore_is_only_offered_for_a_damaged_database(qtbot: QtBot, tmp_path: Path) -> None:
    backups = fake_backups(tmp_path / BACKUP_DIR, 1)
    dialog = make_dialog(qtbot, DatabaseLockedError(DB, "database is locked"), backups)
    assert dialog.button(StoreChoice.RESTORE_BACKUP) is None
    assert dialog.findChild(QListWidget, "backup_list") is None


def test_retry_returns_retry(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot, DatabaseLockedError(DB, "database is locked"))
    retry = dialog.button(StoreChoice.RETRY)
    assert retry is not None
    qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.resolution() == StoreResolution(StoreChoice.RETRY)


def test_quit_and_escape_return_quit(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot, DatabaseLockedError(DB, "database is locked"))
    quit_button = dialog.button(StoreChoice.QUIT)
    assert quit_button is not None
    qtbot.mouseClick(quit_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.resolution() == StoreResolution(StoreChoice.QUIT)

    dialog = make_dialog(qtbot, DatabaseTooNewError(DB, "schema 0009"))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.resolution().choice is StoreChoice.QUIT


def test_another_folder_uses_the_folder_picker(qtbot: QtBot, tmp_path: Path) -> None:
    picked: list[Path | None] = [None, tmp_path / "elsewhere"]
    dialog = make_dialog(
        qtbot, DatabaseReadOnlyError(DB, "read-only"), choose_folder=lambda: picked.pop(0)
    )
    other = dialog.button(StoreChoice.OTHER_FOLDER)
    assert other is not None
    qtbot.mouseClick(other, Qt.MouseButton.LeftButton)  # cancelled: still deciding
    assert dialog.isVisible()
    assert dialog.resolution().choice is StoreChoice.QUIT
    qtbot.mouseClick(other, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert dialog.resolution() == StoreResolution(StoreChoice.OTHER_FOLDER, tmp_path / "elsewhere")


def test_details_are_collapsed_and_show_the_path_and_detail(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot, DatabaseCorruptError(DB, "file is not a database"))
    area = dialog.findChild(QWidget, "details_text")
    assert area is not None and not area.isVisible()
    toggle = dialog.findChild(QWidget, "details_toggle")
    assert toggle is not None
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert area.isVisible()
    assert str(DB) in dialog.details_text()
    assert "file is not a database" in dialog.details_text()
    assert "DatabaseCorruptError" in dialog.details_text()


def test_copy_details_puts_them_on_the_clipboard(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot, MigrationError(DB, "disk I/O error"))
    QGuiApplication.clipboard().clear()
    dialog.copy_details()
    copied = QGuiApplication.clipboard().text()
    assert str(DB) in copied
    assert "disk I/O error" in copied


def corrupt_workspace(data_dir: Path) -> Path:
    """A real workspace with a real daily backup, whose database is then overwritten."""
    open_workspace(data_dir).close()
    backup = backup_database(data_dir / DB_FILENAME, data_dir / BACKUP_DIR, label="daily")
    (data_dir / DB_FILENAME).write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseCorruptError):
        open_workspace(data_dir)
    return backup


def test_restore_backup_brings_back_a_damaged_database(data_dir: Path) -> None:
    backup = corrupt_workspace(data_dir)
    moved = restore_backup(data_dir, backup)
    assert moved is not None
    assert moved.read_bytes().startswith(b"this is not a database")  # kept aside
    workspace = open_workspace(data_dir)
    workspace.close()


def test_restore_backup_of_a_missing_file_leaves_the_database_alone(data_dir: Path) -> None:
    backup = corrupt_workspace(data_dir)
    backup.unlink()
    with pytest.raises(FileNotFoundError):
        restore_backup(data_dir, backup)
    assert (data_dir / DB_FILENAME).read_bytes().startswith(b"this is not a database")


def when_dialog_shows(act: Callable[[StoreProblemDialog], None]) -> None:
    """Run `act` on the modal problem dialog once exec() has shown it."""
    tries = [0]

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, StoreProblemDialog):
            act(dialog)
            return
        tries[0] += 1
        if tries[0] < 500:
            QTimer.singleShot(10, poll)
        elif isinstance(dialog, QDialog):
            dialog.reject()  # something else is modal: end it rather than hang the run

    QTimer.singleShot(0, poll)


def test_resolve_store_problem_restores_the_chosen_backup(data_dir: Path) -> None:
    corrupt_workspace(data_dir)
    error = DatabaseCorruptError(data_dir / DB_FILENAME, "not a SQLite database")
    newest = list_backups(data_dir / BACKUP_DIR)[0]

    def restore(dialog: StoreProblemDialog) -> None:
        button = dialog.button(StoreChoice.RESTORE_BACKUP)
        assert button is not None
        button.click()

    when_dialog_shows(restore)
    resolution = resolve_store_problem(error, data_dir)
    assert resolution == StoreResolution(StoreChoice.RESTORE_BACKUP, newest)
    open_workspace(data_dir).close()
    kept = list(data_dir.glob(f"{DB_FILENAME}.replaced-*"))
    assert len(kept) == 1


def test_resolve_store_problem_returns_the_other_folder(data_dir: Path, tmp_path: Path) -> None:
    error = DatabaseLockedError(data_dir / DB_FILENAME, "database is locked")

    def other(dialog: StoreProblemDialog) -> None:
        button = dialog.button(StoreChoice.OTHER_FOLDER)
        assert button is not None
        button.click()

    when_dialog_shows(other)
    resolution = resolve_store_problem(error, data_dir, choose_folder=lambda: tmp_path / "new")
    assert resolution == StoreResolution(StoreChoice.OTHER_FOLDER, tmp_path / "new")
