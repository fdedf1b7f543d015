"""The kanban models and board: columns, order, drag and drop, keyboard moves, undo, filter."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from consultant_app.domain.stages import FUNNEL, Stage
from consultant_app.domain.urgency import Urgency
from consultant_app.store.queries import KanbanCard, TagChip
from ui.kanban.model import MIME_TYPE, Board, Role, decode_mime
from ui.main_window import MainWindow

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def card(
    cid: str, stage: Stage = Stage.LEAD, due: datetime | None = None, touch_days: int = 0
) -> KanbanCard:
    touched = NOW - timedelta(days=touch_days)
    return KanbanCard(
        id=cid,
        name=f"客户{cid}",
        masked_mobile="138****5678",
        stage=stage,
        models=("迈腾",),
        tags=(TagChip("高意向", "#5B8FF9"),),
        source_channel="walk_in",
        last_touch_at=touched,
        next_due_at=due,
        snoozed_until=None,
        stage_entered_at=touched,
    )


def rot() -> dict[Stage, int]:
    return {Stage.LEAD: 1, Stage.FIRST_CONTACT: 3}


def test_column_models_pass_qt_model_checks(qtmodeltester: ModelTester) -> None:
    board = Board(rot())
    board.load([card("a"), card("b", Stage.VISIT), card("c")], NOW)
    for model in board.columns.values():
        qtmodeltester.check(model)


def test_cards_sort_overdue_then_today_then_unplanned_then_future() -> None:
    board = Board(rot())
    board.load(
        [
            card("future", due=NOW + timedelta(days=3)),
            card("none"),
            card("today", due=NOW + timedelta(hours=1)),
            card("overdue", due=NOW - timedelta(days=1)),
        ],
        NOW,
    )
    model = board.columns[Stage.LEAD]
    assert model.ids() == ["overdue", "today", "none", "future"]
    assert model.data(model.index(0), Role.Urgency) is Urgency.OVERDUE


def test_rotting_follows_the_stage_threshold() -> None:
    board = Board(rot())
    board.load([card("fresh"), card("cold", touch_days=2)], NOW)
    model = board.columns[Stage.LEAD]
    rotting = {
        model.data(model.index(r), Role.ContactId): model.data(model.index(r), Role.Rotting)
        for r in range(2)
    }
    assert rotting == {"fresh": False, "cold": True}


def test_filter_shows_only_matching_ids_and_keeps_totals() -> None:
    board = Board(rot())
    board.load([card("a"), card("b"), card("c", Stage.VISIT)], NOW)
    board.set_filter(frozenset({"b"}))
    assert board.columns[Stage.LEAD].ids() == ["b"]
    assert board.columns[Stage.LEAD].total() == 2
    assert board.columns[Stage.VISIT].ids() == []
    board.set_filter(None)
    assert board.shown_count() == 3


def test_update_moves_a_card_between_columns_with_exact_row_signals(qtbot: QtBot) -> None:
    board = Board(rot())
    board.load([card("a"), card("b")], NOW)
    lead, visit = board.columns[Stage.LEAD], board.columns[Stage.VISIT]
    with qtbot.waitSignal(lead.rowsRemoved) as removed, qtbot.waitSignal(visit.rowsInserted):
        board.update_cards([card("a", Stage.VISIT)])
    assert removed.args[1:] == [0, 0]
    assert lead.ids() == ["b"]
    assert visit.ids() == ["a"]
    assert lead.total() == 1 and visit.total() == 1


def test_mime_data_round_trips_stage_and_ids() -> None:
    board = Board(rot())
    board.load([card("a"), card("b")], NOW)
    model = board.columns[Stage.LEAD]
    mime = model.mimeData([model.index(0), model.index(1)])
    assert mime.hasFormat(MIME_TYPE)
    assert decode_mime(mime) == (Stage.LEAD, ["a", "b"])


def _ids_in(window: MainWindow, stage: Stage) -> list[str]:
    return window.board.columns[stage].ids()


def _stage_in_db(window: MainWindow, contact_id: str) -> str:
    assert window.workspace is not None
    conn = sqlite3.connect(window.workspace.db_path)
    try:
        return str(
            conn.execute("SELECT stage FROM contact WHERE id = ?", (contact_id,)).fetchone()[0]
        )
    finally:
        conn.close()


def _drop(window: MainWindow, source: Stage, row: int, target: Stage) -> str:
    src = window.kanban.view(source)
    dst = window.kanban.view(target)
    index = src.model().index(row, 0)
    contact_id = index.data(Role.ContactId)
    mime = src.model().mimeData([index])
    # PySide6 < 6.12 takes a QPoint for enter/move events and a QPointF for the drop.
    pos = dst.viewport().rect().center()
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos, Qt.DropAction.MoveAction, mime, buttons, mods)
    QApplication.sendEvent(dst.viewport(), enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(pos, Qt.DropAction.MoveAction, mime, buttons, mods)
    QApplication.sendEvent(dst.viewport(), move)
    assert move.isAccepted()
    drop = QDropEvent(QPointF(pos), Qt.DropAction.MoveAction, mime, buttons, mods)
    QApplication.sendEvent(dst.viewport(), drop)
    return str(contact_id)


def test_dropping_a_card_on_another_column_commits_the_move_and_history(
    qtbot: QtBot, window: MainWindow
) -> None:
    contact_id = _drop(window, Stage.LEAD, 0, Stage.FIRST_CONTACT)
    qtbot.waitUntil(lambda: contact_id in _ids_in(window, Stage.FIRST_CONTACT))
    assert contact_id not in _ids_in(window, Stage.LEAD)
    assert _stage_in_db(window, contact_id) == "first_contact"
    assert window.workspace is not None
    history = (
        window.workspace.reader()
        .execute(
            "SELECT from_stage, to_stage FROM stage_change WHERE contact_id = ?"
            " ORDER BY changed_at",
            (contact_id,),
        )
        .fetchall()
    )
    assert [tuple(r) for r in history][-1] == ("lead", "first_contact")


def test_a_drag_onto_its_own_column_is_refused(window: MainWindow) -> None:
    view = window.kanban.view(Stage.LEAD)
    mime = view.model().mimeData([view.model().index(0, 0)])
    enter = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view.viewport(), enter)
    assert not enter.isAccepted()


def test_ctrl_z_undoes_the_last_move(qtbot: QtBot, window: MainWindow) -> None:
    contact_id = _drop(window, Stage.LEAD, 0, Stage.FIRST_CONTACT)
    qtbot.waitUntil(lambda: contact_id in _ids_in(window, Stage.FIRST_CONTACT))
    qtbot.waitUntil(window.undo_action.isEnabled)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: contact_id in _ids_in(window, Stage.LEAD))
    assert _stage_in_db(window, contact_id) == "lead"


def test_keyboard_moves_the_selected_card_right_and_left(qtbot: QtBot, window: MainWindow) -> None:
    contact_id = _ids_in(window, Stage.LEAD)[0]
    assert window.kanban.select(contact_id)
    window.right_action.trigger()
    qtbot.waitUntil(lambda: contact_id in _ids_in(window, Stage.FIRST_CONTACT))
    window.kanban.select(contact_id)
    window.left_action.trigger()
    qtbot.waitUntil(lambda: contact_id in _ids_in(window, Stage.LEAD))


def test_bulk_move_of_a_multi_selection(qtbot: QtBot, window: MainWindow) -> None:
    ids = _ids_in(window, Stage.LEAD)
    assert len(ids) == 2
    window.move_cards(ids, Stage.DORMANT)
    qtbot.waitUntil(lambda: sorted(_ids_in(window, Stage.DORMANT)) == sorted(ids))
    assert _ids_in(window, Stage.LEAD) == []


def test_filter_box_narrows_the_board_as_you_type(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.filter_edit, "zw")
    qtbot.waitUntil(lambda: window.board.shown_count() == 1)
    (shown,) = [i for s in FUNNEL for i in _ids_in(window, s)]
    card = window.board.card(shown)
    assert card is not None and card.name == "张伟"
    window.filter_edit.clear()
    qtbot.waitUntil(lambda: window.board.shown_count() == 3)


def test_filter_by_overdue_word(qtbot: QtBot, window: MainWindow) -> None:
    window.filter_edit.setText("overdue")
    qtbot.waitUntil(lambda: window.board.shown_count() == 1)


def test_column_headers_count_cards(window: MainWindow) -> None:
    assert window.kanban.columns[Stage.LEAD].count.text() == "2"
    assert window.kanban.columns[Stage.FIRST_CONTACT].count.text() == "1"
