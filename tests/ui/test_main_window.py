"""Main-window flows: quick add, duplicates, editing with errors, stage dialogs, Today."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from consultant_app.domain.stages import LostReason, Stage
from ui.kanban.model import Role
from ui.main_window import MainWindow
from ui.today_view import Section


def _when_dialog_opens(act: Callable[[QDialog], None]) -> None:
    """Run `act` on the next modal dialog as soon as it is shown (exec() blocks the test)."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            act(dialog)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)


def _db(window: MainWindow, sql: str, *params: object) -> list[tuple[object, ...]]:
    assert window.workspace is not None
    conn = sqlite3.connect(window.workspace.db_path)
    try:
        return [tuple(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def _names_in(window: MainWindow, stage: Stage) -> list[str]:
    cards = (window.board.card(i) for i in window.board.columns[stage].ids())
    return [c.name for c in cards if c is not None]


def test_quick_add_puts_a_new_lead_on_the_board_and_opens_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    def fill(dialog: QDialog) -> None:
        dialog.name.setText("赵敏")  # type: ignore[attr-defined]
        dialog.mobile.setText("136 0000 3333")  # type: ignore[attr-defined]
        dialog.accept()

    _when_dialog_opens(fill)
    window.quick_add_action.trigger()
    qtbot.waitUntil(lambda: "赵敏" in _names_in(window, Stage.LEAD))
    qtbot.waitUntil(lambda: window.detail.contact_id() is not None)
    assert _db(window, "SELECT mobile FROM contact WHERE name = '赵敏'") == [("+8613600003333",)]


def test_quick_add_with_a_known_mobile_opens_the_existing_customer(
    qtbot: QtBot, window: MainWindow
) -> None:
    (existing,) = _db(window, "SELECT id FROM contact WHERE name = '张伟'")

    def fill(dialog: QDialog) -> None:
        dialog.name.setText("张先生")  # type: ignore[attr-defined]
        dialog.mobile.setText("+86 138-1234-5678")  # type: ignore[attr-defined]
        dialog.accept()

    _when_dialog_opens(fill)
    window.quick_add_action.trigger()
    qtbot.waitUntil(lambda: window.detail.contact_id() == existing[0])
    assert _db(window, "SELECT count(*) FROM contact") == [(3,)]
    assert "张伟" in window.statusBar().currentMessage()
    assert window.kanban.selected_ids() == [existing[0]]


def test_saving_an_invalid_edit_shows_the_error_and_changes_nothing(
    qtbot: QtBot, window: MainWindow
) -> None:
    (contact_id,) = _db(window, "SELECT id FROM contact WHERE name = '王芳'")[0]
    window.open_contact(str(contact_id))
    qtbot.waitUntil(lambda: window.detail.contact_id() == contact_id)
    # Another customer's number passes the form's checks; the core refuses it as a duplicate.
    window.detail.mobile_edit.setText("13812345678")
    qtbot.waitUntil(window.detail.save_button.isEnabled)
    window.detail.save_button.click()
    qtbot.waitUntil(
        lambda: (
            "张伟"
            in " ".join(
                label.text()
                for label in window.detail.findChildren(type(window.who))
                if label.isVisible()
            )
        )
    )
    assert _db(window, "SELECT mobile FROM contact WHERE id = ?", contact_id) == [
        ("+8613900001111",)
    ]
    assert window.detail.has_unsaved_changes()
    window.detail.discard_button.click()
    assert not window.detail.has_unsaved_changes()


def test_closing_with_unsaved_edits_asks_first(qtbot: QtBot, window: MainWindow) -> None:
    (contact_id,) = _db(window, "SELECT id FROM contact WHERE name = '王芳'")[0]
    window.open_contact(str(contact_id))
    qtbot.waitUntil(lambda: window.detail.contact_id() == contact_id)
    window.detail.name_edit.setText("王芳芳")
    asked: list[str] = []

    def answer_no(dialog: QDialog) -> None:
        asked.append(dialog.windowTitle())
        dialog.reject()

    _when_dialog_opens(answer_no)
    assert not window.close()
    assert asked == ["Unsaved changes"]
    window.detail.discard_button.click()


def test_moving_to_lost_asks_for_the_reason_and_records_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    contact_id = window.board.columns[Stage.LEAD].ids()[0]

    def fill(dialog: QDialog) -> None:
        combo = dialog.reason  # type: ignore[attr-defined]
        combo.setCurrentIndex(combo.findData(LostReason.COMPETITOR.value))
        dialog.competitor.setCurrentText("丰田凯美瑞")  # type: ignore[attr-defined]
        dialog.accept()

    _when_dialog_opens(fill)
    window.request_move([contact_id], Stage.LOST)
    qtbot.waitUntil(lambda: window.board.stage_of(contact_id) is Stage.LOST)
    assert _db(
        window,
        "SELECT lost_reason, competitor FROM stage_change"
        " WHERE contact_id = ? AND to_stage = 'lost'",
        contact_id,
    ) == [("competitor", "丰田凯美瑞")]


def test_cancelling_the_stage_dialog_leaves_the_card_where_it_was(
    qtbot: QtBot, window: MainWindow
) -> None:
    contact_id = window.board.columns[Stage.LEAD].ids()[0]
    _when_dialog_opens(lambda dialog: dialog.reject())
    window.request_move([contact_id], Stage.VISIT)
    qtbot.wait(200)
    assert window.board.stage_of(contact_id) is Stage.LEAD
    assert _db(window, "SELECT stage FROM contact WHERE id = ?", contact_id) == [("lead",)]


def test_marking_a_reminder_done_on_today_updates_it_at_once(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show_page(1)
    today = window.today
    qtbot.waitUntil(lambda: today.counts()[0] == 1)
    (reminder_id,) = _db(window, "SELECT id FROM reminder WHERE done = 0")[0]
    today.reminder_done_requested.emit(reminder_id)
    assert today.counts()[0] == 0  # at once, before the database answers
    qtbot.waitUntil(lambda: _db(window, "SELECT done FROM reminder") == [(1,)])
    qtbot.waitUntil(lambda: window.today_button.text() == "Today")


def test_today_opens_the_contact_in_the_detail_panel(qtbot: QtBot, window: MainWindow) -> None:
    window.show_page(1)
    qtbot.waitUntil(lambda: window.today.counts()[0] == 1)
    index = window.today.model().find_row(
        Section.REMINDERS, str(_db(window, "SELECT id FROM reminder")[0][0])
    )
    assert index.isValid()
    contact_id = _db(window, "SELECT contact_id FROM reminder")[0][0]
    window.today.contact_activated.emit(contact_id)
    qtbot.waitUntil(lambda: window.detail.contact_id() == contact_id)


def test_settings_change_when_cards_rot_at_once_and_persist(
    qtbot: QtBot, window: MainWindow, data_dir: Path
) -> None:
    from consultant_app.settings import ROT_DAYS, Settings

    lead = window.board.columns[Stage.LEAD]
    assert not any(lead.data(lead.index(r), Role.Rotting) for r in range(lead.rowCount()))

    def lead_one_day_first_contact_never(dialog: QDialog) -> None:
        dialog.rot_spins[Stage.LEAD].setValue(1)  # type: ignore[attr-defined]
        dialog.rot_spins[Stage.FIRST_CONTACT].setValue(0)  # type: ignore[attr-defined]
        dialog.accept()

    # The seeded cards were touched just now; look at them a week later.
    _when_dialog_opens(lead_one_day_first_contact_never)
    window.settings_action.trigger()
    qtbot.waitUntil(
        lambda: (
            window.statusBar().currentMessage() != ""
            and "Settings saved" in window.statusBar().currentMessage()
        )
    )
    assert Settings.in_dir(data_dir).get(ROT_DAYS[Stage.FIRST_CONTACT]) == 0
    window.board.retime(datetime.now().astimezone() + timedelta(days=7))
    assert all(lead.data(lead.index(r), Role.Rotting) for r in range(lead.rowCount()))
    first = window.board.columns[Stage.FIRST_CONTACT]
    assert not any(first.data(first.index(r), Role.Rotting) for r in range(first.rowCount()))
