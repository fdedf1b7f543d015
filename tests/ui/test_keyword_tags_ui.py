"""The showroom's keyword rules on the desk: a follow-up that mentions a keyword tags the
customer the moment it is saved, with the server away; the tag reaches the server as an
ordinary add when it comes back."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from consultant_app.domain.activity import ActivityKind
from consultant_server.core.config import Settings
from consultant_server.demo import DEMO_KEYWORD_RULES, EmbeddedServer
from tests.ui.conftest import WAIT_MS, synced
from ui.main_window import MainWindow


def tag_names(win: MainWindow, contact_id: str) -> set[str]:
    card = win.board.card(contact_id)
    assert card is not None
    return {chip.name for chip in card.tags}


def test_an_offline_note_with_a_keyword_tags_the_customer_at_once_and_syncs_later(
    qtbot: QtBot, synced_desk: MainWindow, server: EmbeddedServer, server_settings: Settings
) -> None:
    win = synced_desk
    (keyword, *_), tag = DEMO_KEYWORD_RULES[0]
    ids = [i for column in win.board.columns.values() for i in column.ids()]
    contact_id = next(i for i in ids if tag not in tag_names(win, i))

    server.stop()  # the showroom's Wi-Fi is down
    win.add_activity(contact_id, ActivityKind.CALL.value, f"客户问{keyword}首付多少")
    qtbot.waitUntil(lambda: tag in tag_names(win, contact_id), timeout=WAIT_MS)

    back = EmbeddedServer(server_settings, port=server.port)  # the same server, restarted
    back.start()
    try:
        assert win.sync_ui is not None
        win.sync_ui.controller.sync_now()
        qtbot.waitUntil(
            lambda: synced(win) and win.sync_ui.indicator.status.pending == 0, timeout=WAIT_MS
        )
        assert win.sync_ui.indicator.status.rejected == 0
        assert tag in tag_names(win, contact_id)  # the server kept the desk's add
    finally:
        back.stop()
