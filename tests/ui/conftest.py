"""GUI fixtures: a real workspace on tmp_path and a main window attached to it; for the
online tests, a real embedded demo server (uvicorn on loopback) and demo desks that sync with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from consultant_app.catalogue import load_catalogue
from consultant_app.demo import DEMO_PROFILE
from consultant_app.domain.contact import ContactDraft
from consultant_app.domain.stages import Stage
from consultant_app.services.contacts import ContactService
from consultant_app.settings import Settings
from consultant_app.store.database import Workspace, open_workspace
from consultant_app.sync.loop import SyncState
from consultant_server.core.config import Settings as ServerSettings
from consultant_server.demo import (
    DEMO_PASSWORD,
    DEMO_USER,
    EmbeddedServer,
    landing_form,
    prepare_demo_server,
)
from ui.app import open_and_load
from ui.main_window import Loaded, MainWindow
from ui.sync_ui import SyncSetup
from ui.tasks import SerialExecutor

#: How long a test waits for a sync or a background task (generous: shared 2-core machines).
WAIT_MS = 30_000


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def seeded(data_dir: Path) -> Iterator[Workspace]:
    """A workspace with a handful of contacts across stages."""
    workspace = open_workspace(data_dir)
    service = ContactService(workspace)
    now = datetime.now().astimezone()
    zhang = service.add_contact(
        ContactDraft(name="张伟", mobile="13812345678", models=("迈腾",), tags=("高意向",))
    )
    service.add_contact(ContactDraft(name="王芳", mobile="13900001111", models=("途观L",)))
    li = service.add_contact(
        ContactDraft(name="李娜", mobile="13700002222", source_channel="moments")
    )
    service.move_stage([li], Stage.FIRST_CONTACT)
    service.add_reminder(zhang, now - timedelta(hours=2), "回访报价")
    yield workspace
    workspace.close()


@pytest.fixture
def executor() -> Iterator[SerialExecutor]:
    ex = SerialExecutor("test-db")
    yield ex
    ex.shutdown()


@pytest.fixture
def window(
    qtbot: QtBot, seeded: Workspace, data_dir: Path, executor: SerialExecutor
) -> Iterator[MainWindow]:
    """The main window on the seeded workspace, shown and loaded."""
    win = MainWindow(executor, Settings.in_dir(data_dir), load_catalogue(), "en")
    qtbot.addWidget(win)
    win.show()
    loaded = open_and_load(data_dir, False, 0)
    assert isinstance(loaded, Loaded)
    win.attach(loaded)
    yield win
    executor.shutdown()
    loaded.workspace.close()


@pytest.fixture(autouse=True)
def no_os_keyring() -> Iterator[None]:
    """Tokens go to the documented file fallback (no OS keyring is touched by tests)."""
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture(scope="module")
def server_settings(tmp_path_factory: pytest.TempPathFactory) -> ServerSettings:
    """A demo server's data (six customers for 李明), made once per test module."""
    return prepare_demo_server(tmp_path_factory.mktemp("server"), 6)


@pytest.fixture
def server(server_settings: ServerSettings) -> Iterator[EmbeddedServer]:
    running = EmbeddedServer(server_settings)
    running.start()
    yield running
    running.stop()


def leave_number(url: str, name: str, mobile: str) -> None:
    """A customer's phone opens a code's landing page and leaves a name and number."""
    import httpx

    with httpx.Client(follow_redirects=True) as phone:
        page = phone.get(url)
        page.raise_for_status()
        phone.post(url, data=landing_form(page.text, name, mobile)).raise_for_status()


def synced(win: MainWindow) -> bool:
    """Whether the window's last sync round succeeded and none is running."""
    ui = win.sync_ui
    status = None if ui is None else ui.indicator.status
    return status is not None and status.state is SyncState.SYNCED and not ui.indicator.busy


@pytest.fixture
def desk(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    """A fresh demo desk (empty until it syncs), not yet connected to any server."""
    executor = SerialExecutor("test-db")
    folder = tmp_path / "desk"
    win = MainWindow(executor, Settings.in_dir(folder), load_catalogue(), "en")
    qtbot.addWidget(win)
    win.show()
    loaded = open_and_load(folder, False, 0, DEMO_PROFILE)
    win.attach(loaded)
    yield win
    if win.sync_ui is not None:
        win.sync_ui.shutdown()
    executor.shutdown()
    loaded.workspace.close()


@pytest.fixture
def synced_desk(qtbot: QtBot, desk: MainWindow, server: EmbeddedServer) -> MainWindow:
    """The demo desk signed in to the server as 李明 and synced: customers, channels, codes."""
    desk.enable_sync(SyncSetup(server_url=server.url, auto_login=(DEMO_USER, DEMO_PASSWORD)))
    qtbot.waitUntil(lambda: synced(desk) and desk.board.total() > 0, timeout=WAIT_MS)
    return desk
