"""Fixtures for the core's tests: a real workspace on tmp_path and a clock the test moves."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from consultant_app.services.contacts import ContactService
from consultant_app.store.database import LocalProfile, Workspace, open_workspace
from tests.consultant_app.support import START, FakeClock, insert_foreign_contact


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def workspace(data_dir: Path) -> Iterator[Workspace]:
    ws = open_workspace(data_dir, LocalProfile(username="tester", display_name="测试顾问"))
    yield ws
    ws.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def service(workspace: Workspace, clock: FakeClock) -> ContactService:
    return ContactService(workspace, clock=clock)


@pytest.fixture
def conn(workspace: Workspace) -> sqlite3.Connection:
    """The workspace's read connection (what the UI's queries run on)."""
    return workspace.reader()


@pytest.fixture
def foreign_contact(conn: sqlite3.Connection) -> str:
    """A contact owned by another consultant, written straight into the database (as sync would)."""
    return insert_foreign_contact(conn)
