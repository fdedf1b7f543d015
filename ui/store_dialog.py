"""What the user sees, instead of a traceback, when the local database cannot be opened."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum, auto
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, qVersion
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from consultant_app import __version__
from consultant_app.errors import (
    DatabaseCorruptError,
    DatabaseLockedError,
    DatabaseReadOnlyError,
    DatabaseTooNewError,
    DataDirError,
    MigrationError,
    StoreError,
)
from consultant_app.store.database import BACKUP_DIR, DB_FILENAME, list_backups, restore_file

log = logging.getLogger(__name__)

translate = QCoreApplication.translate  # lupdate finds translate("Context", "text") calls


class StoreChoice(Enum):
    """What the user decided to do about a database that would not open."""

    QUIT = auto()
    RETRY = auto()
    OTHER_FOLDER = auto()
    RESTORE_BACKUP = auto()


@dataclass(frozen=True)
class StoreResolution:
    """The user's choice, with the folder chosen (OTHER_FOLDER) or backup used (RESTORE_BACKUP)."""

    choice: StoreChoice
    path: Path | None = None


@dataclass(frozen=True, slots=True)
class _Backup:
    path: Path
    saved_at: datetime  # local time, from the file's modification time
    kind: str  # "daily", "before-0002", …: the label backup_database put in the name


def _describe_backups(paths: Sequence[Path]) -> list[_Backup]:
    """Backups with their dates, newest first, leaving out files that vanished or are unreadable."""
    found = []
    for path in paths:
        try:
            saved_at = datetime.fromtimestamp(path.stat().st_mtime)
        except OSError as exc:
            log.warning("cannot read backup %s: %s", path, exc)
            continue
        # Names look like showroom-20240514-093000-123456-daily.sqlite3.
        parts = path.name.removesuffix(".sqlite3").split("-", 4)
        found.append(_Backup(path, saved_at, parts[4] if len(parts) == 5 else ""))
    found.sort(key=lambda b: b.saved_at, reverse=True)
    return found


def _backup_kind_label(kind: str) -> str:
    if kind == "daily":
        return translate("StoreProblemDialog", "Daily backup")
    if kind.startswith("before-"):
        return translate("StoreProblemDialog", "Made before an update")
    return translate("StoreProblemDialog", "Backup")


def _format_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _pick_folder(parent: QWidget | None) -> Path | None:
    folder = QFileDialog.getExistingDirectory(
        parent, translate("StoreProblemDialog", "Choose a folder for Showroom Desk's data")
    )
    return Path(folder) if folder else None


@dataclass(frozen=True, slots=True)
class _Problem:
    title: str
    message: str
    icon: QStyle.StandardPixmap
    retry: bool
    default: StoreChoice


def _problem(error: StoreError, newest_backup: _Backup | None) -> _Problem:
    warning = QStyle.StandardPixmap.SP_MessageBoxWarning
    critical = QStyle.StandardPixmap.SP_MessageBoxCritical
    if isinstance(error, DatabaseLockedError):
        return _Problem(
            translate("StoreProblemDialog", "The database is in use"),
            translate(
                "StoreProblemDialog",
                "Showroom Desk is already open, or another program is using the database. "
                "Close the other window, or wait for the other program to finish, "
                "then choose Retry.",
            ),
            warning,
            retry=True,
            default=StoreChoice.RETRY,
        )
    if isinstance(error, DatabaseReadOnlyError):
        return _Problem(
            translate("StoreProblemDialog", "The data folder is read-only"),
            translate(
                "StoreProblemDialog",
                "Showroom Desk cannot save anything, because its data folder or database file "
                "is read-only. Make the folder writable (or move it off a read-only drive) "
                "and choose Retry, or use another folder.",
            ),
            warning,
            retry=True,
            default=StoreChoice.RETRY,
        )
    if isinstance(error, DatabaseCorruptError):
        if newest_backup is None:
            message = translate(
                "StoreProblemDialog",
                "Showroom Desk cannot read its database file, and no automatic backup was "
                "found. The damaged file has not been changed. You can start afresh in another "
                "folder, or quit and ask for help (Copy details gives support what they need).",
            )
        else:
            message = translate(
                "StoreProblemDialog",
                "Showroom Desk cannot read its database file. You can restore the newest "
                "automatic backup, from {date}: your data comes back as it was then, and "
                "anything entered since is lost. The damaged file is kept aside, not deleted.",
            ).format(date=_format_time(newest_backup.saved_at))
        return _Problem(
            translate("StoreProblemDialog", "The database file is damaged"),
            message,
            critical,
            retry=False,
            default=StoreChoice.QUIT if newest_backup is None else StoreChoice.RESTORE_BACKUP,
        )
    if isinstance(error, DatabaseTooNewError):
        return _Problem(
            translate("StoreProblemDialog", "This database needs a newer Showroom Desk"),
            translate(
                "StoreProblemDialog",
                "This database was saved by a newer version of Showroom Desk. "
                "Update the app; the file was not changed.",
            ),
            warning,
            retry=False,
            default=StoreChoice.QUIT,
        )
    if isinstance(error, MigrationError):
        return _Problem(
            translate("StoreProblemDialog", "The database could not be updated"),
            translate(
                "StoreProblemDialog",
                "Showroom Desk could not update the database to this version. The backup taken "
                "just before the update was put back, so your data is as it was. "
                "Choose Retry, or quit and ask for help.",
            ),
            critical,
            retry=True,
            default=StoreChoice.RETRY,
        )
    if isinstance(error, DataDirError):
        return _Problem(
            translate("StoreProblemDialog", "The data folder cannot be used"),
            translate(
                "StoreProblemDialog",
                "Showroom Desk cannot create or write to its data folder. Check that the drive "
                "is connected and that you may write there, then choose Retry, "
                "or use another folder.",
            ),
            warning,
            retry=True,
            default=StoreChoice.RETRY,
        )
    return _Problem(
        translate("StoreProblemDialog", "The database could not be opened"),
        translate(
            "StoreProblemDialog",
            "Showroom Desk could not open its database. Choose Retry, use another folder, or quit.",
        ),
        warning,
        retry=True,
        default=StoreChoice.RETRY,
    )


class StoreProblemDialog(QDialog):
    """Explains why the database would not open and offers the ways out that fit the problem.

    Retry where waiting or fixing something outside the app can help, restoring the newest
    automatic backup when the file is damaged, another folder and quitting always. The path
    and the technical detail sit in a collapsed Details area that can be copied for support.
    """

    def __init__(
        self,
        error: StoreError,
        backups: Sequence[Path],
        parent: QWidget | None = None,
        *,
        choose_folder: Callable[[], Path | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._error = error
        self._choose_folder = choose_folder or (lambda: _pick_folder(self))
        self._resolution = StoreResolution(StoreChoice.QUIT)
        self._backups = (
            _describe_backups(backups) if isinstance(error, DatabaseCorruptError) else []
        )
        problem = _problem(error, self._backups[0] if self._backups else None)
        self._buttons: dict[StoreChoice, QPushButton] = {}

        self.setWindowTitle(self.tr("Showroom Desk"))

        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(problem.icon).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._title = QLabel(problem.title)
        self._title.setObjectName("problem_title")
        title_font = QFont(self._title.font())
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        self._title.setFont(title_font)
        self._title.setWordWrap(True)
        self._message = QLabel(problem.message)
        self._message.setObjectName("problem_message")
        self._message.setWordWrap(True)
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Wrapped labels ask for the height they would need at their narrowest; at a sensible
        # width the dialog has no band of empty space above its buttons.
        for label in (self._title, self._message):
            label.setMinimumWidth(440)

        text = QVBoxLayout()
        text.setSpacing(10)
        text.addWidget(self._title)
        text.addWidget(self._message)

        self._backup_list: QListWidget | None = None
        if self._backups:
            caption = QLabel(self.tr("Automatic backups, newest first:"))
            self._backup_list = QListWidget()
            self._backup_list.setObjectName("backup_list")
            for backup in self._backups:
                item = QListWidgetItem(
                    self.tr("{when}  ·  {kind}").format(
                        when=_format_time(backup.saved_at), kind=_backup_kind_label(backup.kind)
                    )
                )
                item.setToolTip(str(backup.path))
                self._backup_list.addItem(item)
            self._backup_list.setCurrentRow(0)
            rows = min(len(self._backups), 4)
            self._backup_list.setFixedHeight(
                self._backup_list.sizeHintForRow(0) * rows + 2 * self._backup_list.frameWidth() + 2
            )
            self._backup_list.itemDoubleClicked.connect(self._restore)
            caption.setBuddy(self._backup_list)
            text.addWidget(caption)
            text.addWidget(self._backup_list)

        # Details: collapsed, for whoever helps the user.
        self._details_toggle = QToolButton()
        self._details_toggle.setObjectName("details_toggle")
        self._details_toggle.setText(self.tr("&Details"))
        self._details_toggle.setCheckable(True)
        self._details_toggle.setAutoRaise(True)
        self._details_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self._details_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._details_toggle.setStyleSheet("QToolButton { border: none; padding: 2px 0; }")
        self._details_toggle.toggled.connect(self._show_details)
        self._details = QPlainTextEdit(self.details_text())
        self._details.setObjectName("details_text")
        self._details.setReadOnly(True)
        self._details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._details.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self._details.setFixedHeight(self._details.fontMetrics().lineSpacing() * 6 + 12)
        self._copy = QPushButton(self.tr("&Copy details"))
        self._copy.setObjectName("copy_details_button")
        self._copy.setAutoDefault(False)
        self._copy.clicked.connect(self.copy_details)
        self._details_area = QWidget()
        details_layout = QVBoxLayout(self._details_area)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self._details)
        copy_row = QHBoxLayout()
        copy_row.addStretch(1)
        copy_row.addWidget(self._copy)
        details_layout.addLayout(copy_row)
        self._details_area.setVisible(False)
        text.addWidget(self._details_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        text.addWidget(self._details_area)
        text.addStretch(1)

        # The ways out.
        box = QDialogButtonBox()
        self._add_button(
            box, StoreChoice.QUIT, self.tr("&Quit"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self._add_button(
            box,
            StoreChoice.OTHER_FOLDER,
            self.tr("Use &another folder…"),
            QDialogButtonBox.ButtonRole.ActionRole,
        )
        if problem.retry:
            self._add_button(
                box, StoreChoice.RETRY, self.tr("&Retry"), QDialogButtonBox.ButtonRole.AcceptRole
            )
        if self._backups:
            self._add_button(
                box,
                StoreChoice.RESTORE_BACKUP,
                self.tr("Re&store backup"),
                QDialogButtonBox.ButtonRole.AcceptRole,
            )
        for choice, button in self._buttons.items():
            button.setDefault(choice is problem.default)
            button.setAutoDefault(choice is problem.default)
        self._buttons[StoreChoice.QUIT].clicked.connect(self.reject)
        self._buttons[StoreChoice.OTHER_FOLDER].clicked.connect(self._other_folder)
        if StoreChoice.RETRY in self._buttons:
            self._buttons[StoreChoice.RETRY].clicked.connect(self._retry)
        if StoreChoice.RESTORE_BACKUP in self._buttons:
            self._buttons[StoreChoice.RESTORE_BACKUP].clicked.connect(self._restore)

        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        body.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(16)
        layout.addLayout(body)
        layout.addWidget(box)
        self._buttons[problem.default].setFocus()

    # -- public API -----------------------------------------------------------------------

    def resolution(self) -> StoreResolution:
        """What the user chose; QUIT until they choose something else (and if they close it)."""
        return self._resolution

    def button(self, choice: StoreChoice) -> QPushButton | None:
        """The button for `choice`, or None when this problem does not offer it."""
        return self._buttons.get(choice)

    def details_text(self) -> str:
        """The technical description the Details area shows and Copy details copies."""
        lines = [
            self.tr("Problem: {kind}").format(kind=type(self._error).__name__),
            self.tr("Path: {path}").format(path=self._error.path),
            self.tr("Detail: {detail}").format(detail=self._error.detail or "-"),
            self.tr("Showroom Desk {version}, Qt {qt}").format(version=__version__, qt=qVersion()),
        ]
        if self._backups:
            lines.append(self.tr("Newest backup: {path}").format(path=self._backups[0].path))
        return "\n".join(lines)

    def copy_details(self) -> None:
        """Put the details on the clipboard, for an e-mail or a chat with support."""
        QGuiApplication.clipboard().setText(self.details_text())
        self._copy.setText(self.tr("Copied"))
        QTimer.singleShot(2000, self, lambda: self._copy.setText(self.tr("&Copy details")))

    # -- internals ------------------------------------------------------------------------

    def _add_button(
        self,
        box: QDialogButtonBox,
        choice: StoreChoice,
        text: str,
        role: QDialogButtonBox.ButtonRole,
    ) -> None:
        button = QPushButton(text)
        button.setObjectName(f"{choice.name.lower()}_button")
        box.addButton(button, role)
        self._buttons[choice] = button

    def _show_details(self, shown: bool) -> None:
        self._details_toggle.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )
        self._details_area.setVisible(shown)
        self.adjustSize()

    def _retry(self) -> None:
        self._resolution = StoreResolution(StoreChoice.RETRY)
        self.accept()

    def _other_folder(self) -> None:
        folder = self._choose_folder()
        if folder is None:
            return  # cancelled: the user is still deciding
        self._resolution = StoreResolution(StoreChoice.OTHER_FOLDER, folder)
        self.accept()

    def _restore(self) -> None:
        if self._backup_list is None:
            return
        row = max(0, self._backup_list.currentRow())
        self._resolution = StoreResolution(StoreChoice.RESTORE_BACKUP, self._backups[row].path)
        self.accept()


def restore_backup(data_dir: Path, backup: Path) -> Path | None:
    """Put `backup` in place of the workspace's database; returns where the damaged file went.

    Checked first so that a missing backup fails before the damaged file is moved aside.
    """
    if not backup.is_file():
        raise FileNotFoundError(backup)
    return restore_file(backup, data_dir / DB_FILENAME)


def resolve_store_problem(
    error: StoreError,
    data_dir: Path,
    parent: QWidget | None = None,
    *,
    choose_folder: Callable[[], Path | None] | None = None,
) -> StoreResolution:
    """Ask the user what to do about `error` (modally) and, for a restore, do it.

    Runs before the main window exists, so the file work happens right here. If a restore
    fails the user is told why and asked again.
    """
    try:
        backups = list_backups(data_dir / BACKUP_DIR)
    except OSError as exc:
        log.warning("cannot list backups in %s: %s", data_dir / BACKUP_DIR, exc)
        backups = []
    while True:
        dialog = StoreProblemDialog(error, backups, parent, choose_folder=choose_folder)
        dialog.exec()
        resolution = dialog.resolution()
        dialog.deleteLater()
        if resolution.choice is not StoreChoice.RESTORE_BACKUP or resolution.path is None:
            return resolution
        try:
            moved = restore_backup(data_dir, resolution.path)
        except OSError as exc:
            log.exception("restoring %s into %s failed", resolution.path, data_dir)
            QMessageBox.critical(
                parent,
                translate("StoreProblemDialog", "Showroom Desk"),
                translate(
                    "StoreProblemDialog", "The backup could not be restored: {detail}"
                ).format(detail=exc.strerror or str(exc)),
            )
            continue
        log.info("restored %s; the damaged database was moved to %s", resolution.path, moved)
        return resolution
