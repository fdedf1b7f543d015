"""GUI fixtures: a real workspace on tmp_path and a main window attached to it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from consultant_app.catalogue import load_catalogue
from consultant_app.domain.contact import ContactDraft
from consultant_app.domain.stages import Stage
from consultant_app.services.contacts import ContactService
from consultant_app.settings import Settings
from consultant_app.store.database import Workspace, open_workspace
from ui.app import open_and_load
from ui.main_window import Loaded, MainWindow
from ui.tasks import SerialExecutor


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
