"""The update check's pieces that need no server: the platform a desk names, the channel it
may ask for, and the answer it keeps (the checks themselves run against the real server in
tests/consultant_server/test_client_updates.py)."""

from __future__ import annotations

import pytest

from consultant_app.store.database import Workspace
from consultant_app.updates import LAST_CHECK_KEY, UpdateChecker, current_platform
from tests.consultant_app.support import FakeClock


@pytest.mark.parametrize(
    ("name", "platform"),
    [
        ("win32", "windows"),
        ("darwin", "macos"),
        ("linux", "linux"),
        ("freebsd14", None),
    ],
)
def test_the_desk_names_its_platform_as_the_server_does(name: str, platform: str | None) -> None:
    assert current_platform(name) == platform


def test_an_unknown_channel_is_refused(workspace: Workspace) -> None:
    with pytest.raises(ValueError, match="nightly"):
        UpdateChecker(workspace, "https://crm.example.cn", "nightly")


def test_an_unreadable_kept_answer_is_ignored(workspace: Workspace, clock: FakeClock) -> None:
    workspace.reader().execute(
        "INSERT INTO local_state (key, value) VALUES (?, ?)",
        (LAST_CHECK_KEY, '{"release": "not a release"}'),
    )
    desk = UpdateChecker(workspace, "https://crm.example.cn", "stable", clock=clock)

    assert desk.known() is None
    assert desk.due()
