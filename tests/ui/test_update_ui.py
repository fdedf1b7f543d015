"""A newer Showroom Desk published on the server: the status bar's notice (once per version),
the sync menu's download, the About dialog's offer, and nothing at all when none is published.

Real desks against the real demo server; the browser is Qt's URL handler, caught by the test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import delete

from consultant_app.sync.loop import SyncState, SyncStatus
from consultant_app.updates import Release
from consultant_server.core.config import Settings as ServerSettings
from consultant_server.core.db import make_engine, make_sessionmaker
from consultant_server.demo import DEMO_PASSWORD, DEMO_USER, EmbeddedServer
from consultant_server.models import ClientRelease
from consultant_server.services import releases
from tests.ui.conftest import WAIT_MS, synced
from ui.about_dialog import AboutDialog
from ui.main_window import MainWindow
from ui.sync_status import SyncIndicator, UpdateNotice
from ui.sync_ui import SyncSetup

SETUP = "https://dl.example-dealer.cn/ShowroomDesk-{version}-setup.exe"

Publish = Callable[..., None]


class UrlCatcher(QObject):
    """Stands in for the browser: Qt hands it every http(s) URL the app opens."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open_url(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def browser(qtbot: QtBot) -> Iterator[list[str]]:
    """The URLs the app asked the browser to open."""
    catcher = UrlCatcher()
    for scheme in ("http", "https"):
        QDesktopServices.setUrlHandler(scheme, catcher, "open_url")
    yield catcher.urls
    for scheme in ("http", "https"):
        QDesktopServices.unsetUrlHandler(scheme)


@pytest.fixture
def publish(server_settings: ServerSettings) -> Iterator[Publish]:
    """Publish a release on the demo server (as `consultant-server release publish` does);
    every release is withdrawn after the test (the server's data serves the whole module)."""
    engine = make_engine(server_settings.database_url)
    sessions = make_sessionmaker(engine)

    def add(version: str, notes: str = "", channel: str = "stable") -> None:
        with sessions() as session:
            releases.publish(
                session,
                channel=channel,
                version=version,
                url=SETUP.format(version=version),
                notes=notes,
            )

    yield add
    with engine.begin() as conn:
        conn.execute(delete(ClientRelease))
    engine.dispose()


def connect(qtbot: QtBot, desk: MainWindow, server: EmbeddedServer) -> None:
    desk.enable_sync(SyncSetup(server_url=server.url, auto_login=(DEMO_USER, DEMO_PASSWORD)))
    qtbot.waitUntil(lambda: desk.sync_ui is not None, timeout=WAIT_MS)


def test_a_published_release_is_announced_once_and_offered_in_the_sync_menu(
    qtbot: QtBot, desk: MainWindow, server: EmbeddedServer, publish: Publish, browser: list[str]
) -> None:
    publish("9.0.0", notes="新增：海报模板")
    connect(qtbot, desk, server)
    ui = desk.sync_ui
    assert ui is not None
    updates = ui.controller.updates
    announced: list[Release] = []
    updates.notice_due.connect(announced.append)

    qtbot.waitUntil(ui.update_notice.isVisible, timeout=WAIT_MS)

    assert "New version 9.0.0 available" in ui.update_notice.label.text()
    assert ui.update_notice.label.toolTip() == "新增：海报模板"
    assert ui.indicator.download_action.isVisible()
    assert ui.indicator.download_action.text() == "Download Showroom Desk 9.0.0…"
    ui.indicator.download_action.trigger()
    assert browser == [SETUP.format(version="9.0.0")]

    qtbot.mouseClick(ui.update_notice.close_button, Qt.MouseButton.LeftButton)
    assert not ui.update_notice.isVisible()
    with qtbot.waitSignal(updates.checked, timeout=WAIT_MS):
        updates.check_now()
    assert [r.version for r in announced] == ["9.0.0"]
    assert not ui.update_notice.isVisible()  # the same version is not announced twice


def test_the_about_dialog_checks_and_offers_the_new_version(
    qtbot: QtBot, synced_desk: MainWindow, publish: Publish, browser: list[str]
) -> None:
    publish("9.0.0", notes="1. 海报更清晰\n2. 修复同步提示")  # after the desk's last check

    synced_desk.open_about()
    qtbot.waitUntil(lambda: synced_desk.findChild(AboutDialog) is not None, timeout=WAIT_MS)
    dialog = synced_desk.findChild(AboutDialog)
    assert isinstance(dialog, AboutDialog)
    qtbot.waitUntil(dialog.update_box.isVisible, timeout=WAIT_MS)

    assert dialog.update_title.text() == "New version 9.0.0 available"
    assert dialog.update_notes.text() == "1. 海报更清晰\n2. 修复同步提示"
    qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
    assert browser == [SETUP.format(version="9.0.0")]
    dialog.close()


def test_nothing_about_updates_shows_when_no_release_is_published(
    qtbot: QtBot, synced_desk: MainWindow, publish: Publish
) -> None:
    ui = synced_desk.sync_ui
    assert ui is not None
    updates = ui.controller.updates
    qtbot.waitUntil(lambda: updates.info is not None, timeout=WAIT_MS)  # the check after sync

    assert updates.release is None
    assert not ui.update_notice.isVisible()
    assert not ui.indicator.download_action.isVisible()
    with qtbot.waitSignal(updates.checked, timeout=WAIT_MS):
        synced_desk.open_about()
    dialog = synced_desk.findChild(AboutDialog)
    assert isinstance(dialog, AboutDialog)
    assert not dialog.update_box.isVisible()
    dialog.close()


def test_a_beta_desk_is_offered_a_beta_that_a_stable_desk_is_not(
    qtbot: QtBot, desk: MainWindow, server: EmbeddedServer, publish: Publish
) -> None:
    from dataclasses import replace

    publish("9.0.0.1", channel="beta")
    desk.deployment = replace(desk.deployment, update_channel="beta")
    connect(qtbot, desk, server)
    ui = desk.sync_ui
    assert ui is not None

    qtbot.waitUntil(lambda: synced(desk) and ui.update_notice.isVisible(), timeout=WAIT_MS)

    assert ui.controller.updates.channel == "beta"
    assert "9.0.0.1" in ui.update_notice.label.text()


RELEASE = Release(
    version="9.0.0",
    channel="stable",
    platform="any",
    url=SETUP.format(version="9.0.0"),
    notes="",
    published_at=datetime(2026, 1, 1, tzinfo=UTC),
)


def too_old() -> SyncStatus:
    return SyncStatus(SyncState.UPDATE_REQUIRED, 2, 0, None, "", None)


def test_when_sync_needs_a_newer_version_the_known_release_is_offered(
    qtbot: QtBot, browser: list[str]
) -> None:
    bar = QWidget()
    qtbot.addWidget(bar)
    indicator, notice = SyncIndicator(bar), UpdateNotice(bar)
    layout = QVBoxLayout(bar)
    layout.addWidget(indicator)
    layout.addWidget(notice)
    indicator.update_required.connect(notice.require)
    bar.show()

    indicator.set_status(too_old())
    assert not notice.isVisible()  # no release known: nothing to offer
    assert not indicator.download_action.isVisible()
    indicator.set_release(RELEASE)

    assert notice.isVisible()
    assert "Update required to sync: version 9.0.0 is available" in notice.label.text()
    assert "Version 9.0.0 can be downloaded from this menu." in indicator.toolTip()
    assert indicator.download_action.isVisible()
    notice.label.linkActivated.emit(RELEASE.url)
    assert browser == [RELEASE.url]
    assert not notice.isVisible()
