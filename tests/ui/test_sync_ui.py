"""Sync in the window: sign-in, the status bar, going offline and back, refused changes.

A real server (the demo server, uvicorn on loopback in a thread) and a real desk workspace.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from consultant_app.demo import DEMO_PROFILE
from consultant_app.services.contacts import ContactService
from consultant_app.sync.account import WrongCredentialsError
from consultant_app.sync.desk import RejectedChange
from consultant_app.sync.engine import OfflineError
from consultant_app.sync.loop import SyncState, SyncStatus
from consultant_server.core.config import Settings as ServerSettings
from consultant_server.demo import (
    DEMO_PASSWORD,
    DEMO_USER,
    EmbeddedServer,
)
from tests.ui.conftest import WAIT_MS, synced
from ui.main_window import MainWindow
from ui.sign_in_dialog import SignInDialog
from ui.sync_status import RejectedDialog, SyncIndicator
from ui.sync_ui import SyncSetup


def test_a_demo_desk_signs_in_on_its_own_and_receives_its_customers(
    qtbot: QtBot, desk: MainWindow, server: EmbeddedServer
) -> None:
    desk.enable_sync(SyncSetup(server_url=server.url, auto_login=(DEMO_USER, DEMO_PASSWORD)))
    qtbot.waitUntil(lambda: synced(desk) and desk.board.total() == 6, timeout=WAIT_MS)
    assert desk.who.text() == "李明"
    assert desk.sync_ui is not None
    assert desk.sync_ui.indicator.text().startswith("Synced")
    assert desk.sync_ui.indicator.signed_in


def test_a_change_goes_out_and_offline_changes_wait_then_drain_on_their_own(
    qtbot: QtBot, desk: MainWindow, server_settings: ServerSettings, server: EmbeddedServer
) -> None:
    desk.enable_sync(SyncSetup(server_url=server.url, auto_login=(DEMO_USER, DEMO_PASSWORD)))
    qtbot.waitUntil(lambda: synced(desk), timeout=WAIT_MS)
    ui = desk.sync_ui
    assert ui is not None
    port = server.port
    server.stop()  # the showroom's Wi-Fi drops

    workspace = desk.workspace
    assert workspace is not None
    desk.run(lambda: ContactService(workspace).quick_add("路过客户", "13511112222"))
    qtbot.waitUntil(lambda: desk.executor._pending == 0, timeout=WAIT_MS)
    desk._local_change()
    qtbot.waitUntil(
        lambda: (
            ui.indicator.status is not None
            and ui.indicator.status.state is SyncState.OFFLINE
            and ui.indicator.status.pending == 1
        ),
        timeout=WAIT_MS,
    )
    assert "1 change" in ui.indicator.text()

    back = EmbeddedServer(server_settings, port=port)  # the network returns
    back.start()
    try:
        qtbot.waitUntil(
            lambda: (
                synced(desk)
                and ui.indicator.status is not None
                and ui.indicator.status.pending == 0
            ),
            timeout=WAIT_MS,
        )
    finally:
        back.stop()


def test_a_wrong_password_says_so_and_keeps_the_dialog_open(qtbot: QtBot) -> None:
    def attempt(url, username, password, on_done, on_error):  # type: ignore[no-untyped-def]
        on_error(WrongCredentialsError("nope"))

    dialog = SignInDialog(attempt, server_url="https://desk.example.cn")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.user_edit.setText("liming")
    dialog.password_edit.setText("wrong")
    dialog.sign_in_button.click()
    assert dialog.isVisible()
    assert "Wrong username or password" in dialog.message.text()


def test_a_bad_server_address_is_caught_before_any_network(qtbot: QtBot) -> None:
    calls: list[str] = []

    def attempt(url, username, password, on_done, on_error):  # type: ignore[no-untyped-def]
        calls.append(url)

    dialog = SignInDialog(attempt, server_url="ftp://nope")
    qtbot.addWidget(dialog)
    dialog.user_edit.setText("liming")
    dialog.password_edit.setText("pw")
    dialog.sign_in_button.click()
    assert calls == []
    assert "server address" in dialog.message.text()


def test_the_first_run_offers_working_on_this_pc_only(qtbot: QtBot) -> None:
    dialog = SignInDialog(lambda *a: None, offline_choice=True)
    qtbot.addWidget(dialog)
    assert dialog.offline_button is not None
    dialog.offline_button.click()
    assert dialog.chose_offline


def status(state: SyncState, pending: int = 0, reason: str = "") -> SyncStatus:
    return SyncStatus(state, pending, 0, datetime(2026, 1, 1, 2, 30, tzinfo=UTC), reason, None)


@pytest.mark.parametrize(
    ("state", "pending", "kind", "words"),
    [
        (SyncState.SYNCED, 0, "synced", "Synced"),
        (SyncState.SYNCED, 2, "busy", "2 change"),
        (SyncState.OFFLINE, 3, "offline", "Offline · 3 change"),
        (SyncState.ERROR, 0, "error", "Sync error"),
        (SyncState.SIGN_IN, 1, "attention", "Sign in"),
        (SyncState.UPDATE_REQUIRED, 1, "attention", "Update required"),
    ],
)
def test_the_indicator_says_what_sync_is_doing(
    qtbot: QtBot, state: SyncState, pending: int, kind: str, words: str
) -> None:
    got_kind, text, _ = SyncIndicator().describe(status(state, pending), busy=False, signed_in=True)
    assert got_kind == kind
    assert words in text


def test_the_indicator_shows_the_reason_of_an_error_in_its_tooltip(qtbot: QtBot) -> None:
    _, _, tip = SyncIndicator().describe(
        status(SyncState.ERROR, 0, "503: down"), busy=False, signed_in=True
    )
    assert "503: down" in tip
    kind, text, _ = SyncIndicator().describe(None, busy=False, signed_in=False)
    assert kind == "local" and "this PC" in text


def test_refused_changes_are_listed_with_customer_and_reason(qtbot: QtBot) -> None:
    changes = [
        RejectedChange(
            "m1", "stage.move", "赵先生", "reassigned to 王芳", "2026-01-01T02:00:00+00:00"
        ),
    ]
    dialog = RejectedDialog(changes)
    qtbot.addWidget(dialog)
    cells = [dialog.table.item(0, c).text() for c in range(4)]
    assert cells[1:] == ["赵先生", "Stage move", "reassigned to 王芳"]


def test_an_unreachable_server_reads_as_offline(qtbot: QtBot) -> None:
    from ui.sign_in_dialog import sign_in_error_message

    assert "Cannot reach the server" in sign_in_error_message(OfflineError("refused"))


def test_a_customer_from_another_desk_is_announced_and_opens(
    qtbot: QtBot, desk: MainWindow, server: EmbeddedServer, tmp_path: Path
) -> None:
    from consultant_app.store.database import open_workspace
    from consultant_app.sync.desk import DeskLink
    from tests.consultant_app.sync.test_account import MemoryKeyring

    desk.enable_sync(SyncSetup(server_url=server.url, auto_login=(DEMO_USER, DEMO_PASSWORD)))
    qtbot.waitUntil(lambda: synced(desk) and desk.board.complete, timeout=WAIT_MS)
    ui = desk.sync_ui
    assert ui is not None

    other = open_workspace(tmp_path / "pc2", DEMO_PROFILE)
    link = DeskLink(other, server.url, keyring_backend=MemoryKeyring())
    try:
        link.sign_in(DEMO_USER, DEMO_PASSWORD)
        ContactService(other).quick_add("扫码客户", "13522223333")
        assert link.loop is not None
        link.loop.run_round()
    finally:
        link.close()
        other.close()

    ui.controller.sync_now()
    qtbot.waitUntil(
        lambda: desk.notifier is not None and desk.notifier.toast.isVisible(), timeout=WAIT_MS
    )
    assert desk.notifier is not None
    assert "扫码客户" in desk.notifier.toast.label.text()
    desk.notifier.toast.open_button.click()
    qtbot.waitUntil(lambda: desk.detail.name_label.text() == "扫码客户", timeout=WAIT_MS)


def test_a_published_image_is_downloaded_when_opened_and_then_copies_as_an_image(
    qtbot: QtBot, synced_desk: MainWindow
) -> None:
    """The demo manager's poster reaches the desk as a row; its file comes on demand."""
    from PySide6.QtGui import QGuiApplication

    from consultant_app.library.models import MaterialKind, SearchFilters
    from ui.library.controller import Found, Opened

    library = synced_desk.library
    found: list[Found] = []
    images = SearchFilters(kinds=frozenset({MaterialKind.IMAGE}))
    library.search("", images, 10, found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=WAIT_MS)
    hits = found[0].result.hits
    assert hits, "the demo server publishes a poster"
    material_id = hits[0].id
    opened: list[Opened] = []
    library.open(material_id, opened.append)
    qtbot.waitUntil(lambda: any(o.file_cached for o in opened), timeout=WAIT_MS)
    assert opened[0].downloading and not opened[0].file_cached  # first: not here, coming
    assert opened[-1].preview is not None and not opened[-1].preview.isNull()
    QGuiApplication.clipboard().clear()
    library.copy(material_id)
    qtbot.waitUntil(lambda: not QGuiApplication.clipboard().image().isNull(), timeout=WAIT_MS)


def test_a_round_whose_only_news_is_a_refusal_refreshes_the_window(qtbot: QtBot) -> None:
    """A refused change is taken back on the desk in the round that hears of it; the board
    must show that then, not at some later pull."""
    from consultant_app.sync.engine import SyncReport
    from consultant_app.sync.loop import SyncState, SyncStatus
    from ui.sync_controller import SyncController
    from ui.tasks import SerialExecutor

    executor = SerialExecutor("test-db")
    controller = SyncController(executor)
    arrived: list[SyncReport] = []
    controller.data_arrived.connect(arrived.append)
    try:
        now = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
        quiet = SyncReport(
            pushed=1, rejected=0, pulled=0, contact_ids=frozenset(), revoked=frozenset()
        )
        refused = SyncReport(
            pushed=1, rejected=1, pulled=0, contact_ids=frozenset(), revoked=frozenset()
        )
        for report in (quiet, refused):
            controller._round_done(SyncStatus(SyncState.SYNCED, 0, 1, now, "", None, report))
        assert arrived == [refused]
    finally:
        controller.shutdown()
        executor.shutdown()
