"""About Showroom Desk: the version, where the data and logs live, and diagnostics for support.

The dialog shows `Diagnostics` collected beforehand (on the database worker, since it reads
the database): it does no work of its own beyond opening a folder in the file manager and
copying the diagnostics text. Given the sync's `UpdateController`, it also asks the server
for a newer release when it opens (off the GUI thread) and, when one is published for this
desk's update channel, offers it for download. `show_deployment_warning` tells whoever starts
the app that the manager's `deployment.toml` has problems (the About dialog lists them too).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from consultant_app.deployment import Deployment
from consultant_app.diagnostics import Diagnostics

if TYPE_CHECKING:
    from consultant_app.updates import Release
    from ui.sync_controller import UpdateController

log = logging.getLogger(__name__)

translate = QCoreApplication.translate  # lupdate finds translate("Context", "text") calls


def qt_versions() -> str:
    """The Qt and PySide versions in use, for diagnostics ("Qt 6.11.3, PySide6 6.11.3")."""
    import PySide6
    from PySide6.QtCore import qVersion

    return f"Qt {qVersion()}, PySide6 {PySide6.__version__}"


def open_in_file_manager(folder: Path) -> bool:
    """Show `folder` in the system's file manager; False if it is missing or cannot be shown."""
    if not folder.is_dir():
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def channel_label(channel: str) -> str:
    """An update channel in the consultant's words."""
    labels = {
        "stable": translate("AboutDialog", "Stable"),
        "beta": translate("AboutDialog", "Beta (test versions)"),
    }
    return labels.get(channel, channel)


class AboutDialog(QDialog):
    """Version, data folder and log folder (each opens in the file manager when clicked), the
    showroom's settings, a newer release to download when the server offers one, and Copy
    diagnostics for support.

    `updates` is the sync's update check (None: this desk has no server); the dialog asks it
    to check at once and shows what it knows, as it learns it.
    """

    def __init__(
        self,
        diagnostics: Diagnostics,
        parent: QWidget | None = None,
        *,
        open_folder: Callable[[Path], bool] = open_in_file_manager,
        updates: UpdateController | None = None,
    ) -> None:
        super().__init__(parent)
        self._diagnostics = diagnostics
        self._open_folder = open_folder
        self.release: Release | None = None
        self.setObjectName("about_dialog")
        self.setWindowTitle(self.tr("About Showroom Desk"))
        self.setMinimumWidth(460)  # folder paths and release notes read on one or two lines

        name = QLabel(self.tr("Showroom Desk"))
        name.setObjectName("about_name")
        font = QFont(name.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.5)
        name.setFont(font)
        version = QLabel(self.tr("Version {version}").format(version=diagnostics.app_version))
        version.setObjectName("about_version")
        version.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.data_link = self._folder_link(diagnostics.data_dir, "about_data_folder")
        self.log_link = self._folder_link(diagnostics.log_dir, "about_log_folder")
        form.addRow(self.tr("Data folder:"), self.data_link)
        form.addRow(self.tr("Log folder:"), self.log_link)
        if diagnostics.showroom:
            form.addRow(self.tr("Showroom:"), self._plain(diagnostics.showroom, "about_showroom"))
        if diagnostics.server_url:
            form.addRow(self.tr("Server:"), self._plain(diagnostics.server_url, "about_server"))
        form.addRow(
            self.tr("Update channel:"),
            self._plain(channel_label(diagnostics.update_channel), "about_update_channel"),
        )
        if diagnostics.deployment_file is not None:
            form.addRow(
                self.tr("Deployment file:"),
                self._plain(str(diagnostics.deployment_file), "about_deployment_file"),
            )
        if diagnostics.deployment_problems:
            problems = self._plain(
                "\n".join(diagnostics.deployment_problems), "about_deployment_problems"
            )
            problems.setStyleSheet("color: #b45309;")
            form.addRow(self.tr("Deployment problems:"), problems)

        self.update_box = self._update_box()

        self.status = QLabel()
        self.status.setObjectName("about_status")
        self.status.setWordWrap(True)
        self.status.setVisible(False)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("Copy &diagnostics"))
        self.copy_button.setObjectName("about_copy_diagnostics")
        self.copy_button.setAutoDefault(False)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_diagnostics)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(name)
        layout.addWidget(version)
        layout.addLayout(form)
        layout.addWidget(self.update_box)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

        if updates is not None:
            updates.release_changed.connect(self.show_release)
            self.show_release(updates.release)
            updates.check_now()

    def _update_box(self) -> QWidget:
        box = QFrame()
        box.setObjectName("about_update")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        self.update_title = QLabel()
        self.update_title.setObjectName("about_update_title")
        font = QFont(self.update_title.font())
        font.setBold(True)
        self.update_title.setFont(font)
        self.update_notes = self._plain("", "about_update_notes")
        self.download_button = QPushButton(self.tr("&Download…"))
        self.download_button.setObjectName("about_update_download")
        self.download_button.setAutoDefault(False)
        self.download_button.clicked.connect(self.download)
        row = QHBoxLayout()
        row.addWidget(self.update_title, 1)
        row.addWidget(self.download_button)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(self.update_notes)
        box.setVisible(False)
        return box

    def show_release(self, release: Release | None) -> None:
        """Offer `release` for download (None: nothing newer; the offer disappears)."""
        self.release = release
        if release is None:
            self.update_box.setVisible(False)
            return
        self.update_title.setText(
            self.tr("New version {version} available").format(version=release.version)
        )
        self.download_button.setToolTip(release.url)
        self.update_notes.setText(release.notes)
        self.update_notes.setVisible(bool(release.notes))
        self.update_box.setVisible(True)

    def download(self) -> None:
        """Open the release's download address in the browser."""
        from ui.sync_status import open_download

        if self.release is None:
            return
        if open_download(self.release.url):
            self.status.setVisible(False)
            return
        self.status.setText(
            self.tr("No browser could open {url}; copy it into one.").format(url=self.release.url)
        )
        self.status.setVisible(True)

    def diagnostics_text(self) -> str:
        """What Copy diagnostics copies."""
        return self._diagnostics.as_text()

    def copy_diagnostics(self) -> None:
        """Put the diagnostics on the clipboard, for a chat or an e-mail to support."""
        QGuiApplication.clipboard().setText(self.diagnostics_text())
        self.copy_button.setText(self.tr("Copied"))
        QTimer.singleShot(
            2000, self, lambda: self.copy_button.setText(self.tr("Copy &diagnostics"))
        )

    def _plain(self, text: str, name: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _folder_link(self, folder: Path, name: str) -> QLabel:
        url = QUrl.fromLocalFile(str(folder)).toString()
        label = QLabel(f'<a href="{_escape(url)}">{_escape(str(folder))}</a>')
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setToolTip(self.tr("Open in the file manager"))
        label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        label.linkActivated.connect(lambda _link: self._open(folder))
        return label

    def _open(self, folder: Path) -> None:
        if self._open_folder(folder):
            self.status.setVisible(False)
            return
        log.warning("could not open %s in the file manager", folder)
        self.status.setText(
            self.tr("The folder {folder} could not be opened; it may not exist yet.").format(
                folder=folder
            )
        )
        self.status.setVisible(True)


def deployment_warning(deployment: Deployment) -> tuple[str, str] | None:
    """What to tell the user about the deployment file's problems: a translated sentence and
    the problems themselves (file, line, what), or None when there are none."""
    if not deployment.problems:
        return None
    if deployment.file_ignored:
        message = translate(
            "DeploymentWarning",
            "The showroom settings file could not be used, so Showroom Desk is running with "
            "its default settings. Ask your manager to correct it.",
        )
    else:
        message = translate(
            "DeploymentWarning",
            "Some lines of the showroom settings file were ignored. Ask your manager to "
            "correct them.",
        )
    return message, "\n".join(str(problem) for problem in deployment.problems)


def show_deployment_warning(parent: QWidget | None, deployment: Deployment) -> QMessageBox | None:
    """If the deployment file has problems, say so in a warning that does not block start-up."""
    warning = deployment_warning(deployment)
    if warning is None:
        return None
    message, problems = warning
    box = QMessageBox(parent)
    box.setObjectName("deployment_warning")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(translate("DeploymentWarning", "Showroom Desk"))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(message)
    box.setInformativeText(problems)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
