"""The Today page: sections, counts and order, empty states, marking done, opening contacts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMenu
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from consultant_app.domain.stages import Stage
from consultant_app.store.queries import BirthdayRow, StaleContact, TodayList, TodayReminder
from ui.labels import stage_label
from ui.today_view import Kind, Role, Section, TodayDelegate, TodayModel, TodayView

CST = timezone(timedelta(hours=8))
NOW = datetime(2024, 5, 14, 10, 30, tzinfo=CST)


def reminder(rid: str, name: str, due: datetime, note: str = "") -> TodayReminder:
    return TodayReminder(rid, f"c-{rid}", name, due, note, overdue=due < NOW)


def sample() -> TodayList:
    return TodayList(
        reminders=(
            reminder("today", "刘强", NOW + timedelta(hours=1, minutes=5), "邀约到店看车"),
            reminder("late3d", "张伟", NOW - timedelta(days=3), "回电确认试驾时间"),
            reminder("late2h", "李娜", NOW - timedelta(hours=2, minutes=10), "发送报价单"),
        ),
        stale=(StaleContact("c-zhao", "赵磊", Stage.TEST_DRIVE, NOW - timedelta(days=12)),),
        birthdays=(
            BirthdayRow("c-wu", "吴敏", date(1988, 5, 14), date(2024, 5, 14)),
            BirthdayRow("c-zheng", "郑浩", date(1992, 5, 15), date(2024, 5, 15)),
            BirthdayRow("c-qian", "钱多", date(1990, 5, 17), date(2024, 5, 17)),
        ),
    )


def loaded_model() -> TodayModel:
    model = TodayModel()
    model.set_today(sample(), NOW, CST)
    return model


def rows(model: TodayModel, section: Section, role: int) -> list[object]:
    parent = model.section_index(section)
    return [model.data(model.index(r, 0, parent), role) for r in range(model.rowCount(parent))]


@pytest.fixture
def view(qtbot: QtBot) -> TodayView:
    widget = TodayView()
    qtbot.addWidget(widget)
    widget.resize(640, 900)
    widget.set_today(sample(), NOW, CST)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def center_of(view: TodayView, index: QModelIndex) -> QPoint:
    return view.list_view().visualRect(index).center()


def test_model_passes_qt_model_checks(qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(loaded_model())


def test_empty_model_passes_qt_model_checks(qtmodeltester: ModelTester) -> None:
    model = TodayModel()
    model.set_today(TodayList((), (), ()), NOW, CST)
    qtmodeltester.check(model)


def test_sections_come_in_order_with_their_counts() -> None:
    model = loaded_model()
    assert model.rowCount() == 3
    titles = [model.data(model.section_index(s), Role.TITLE) for s in Section]
    assert titles == ["Reminders due", "Going cold", "Birthdays this week"]
    assert [model.data(model.section_index(s), Role.COUNT) for s in Section] == [3, 1, 3]
    display = model.data(model.section_index(Section.REMINDERS), Qt.ItemDataRole.DisplayRole)
    assert display == "Reminders due (3)"
    assert model.counts() == (3, 1, 3)


def test_overdue_reminders_come_first_in_red_saying_how_long() -> None:
    model = loaded_model()
    assert rows(model, Section.REMINDERS, Role.REMINDER_ID) == ["late3d", "late2h", "today"]
    assert rows(model, Section.REMINDERS, Role.OVERDUE) == [True, True, False]
    assert rows(model, Section.REMINDERS, Role.WHEN)[:2] == [
        "Overdue by 3 day(s)",
        "Overdue by 2 h",
    ]
    assert rows(model, Section.REMINDERS, Role.WHEN_DETAIL)[:2] == [
        "Was due May 11 10:30",
        "Was due 08:20",
    ]
    header = model.section_index(Section.REMINDERS)
    assert model.data(header, Role.OVERDUE) is True  # the header's dot turns red


def test_reminders_due_later_today_show_their_local_time() -> None:
    model = TodayModel()
    due = datetime(2024, 5, 14, 3, 35, tzinfo=UTC)  # 11:35 in Beijing
    model.set_today(TodayList((reminder("r", "刘强", due),), (), ()), NOW, CST)
    index = model.index(0, 0, model.section_index(Section.REMINDERS))
    assert model.data(index, Role.WHEN) == "11:35"
    assert model.data(index, Role.WHEN_DETAIL) == "In 1 h"
    assert model.data(index, Role.CONTACT_ID) == "c-r"


def test_going_cold_rows_show_stage_and_days_untouched() -> None:
    model = loaded_model()
    index = model.index(0, 0, model.section_index(Section.STALE))
    assert model.data(index, Role.KIND) == Kind.STALE
    assert model.data(index, Role.TITLE) == "赵磊"
    assert model.data(index, Role.STAGE) == stage_label(Stage.TEST_DRIVE)
    assert model.data(index, Role.WHEN) == "Untouched for 12 day(s)"
    assert model.data(index, Role.SUBTITLE) == "Last contact May 2"


def test_birthdays_say_today_tomorrow_or_in_how_many_days() -> None:
    model = loaded_model()
    assert rows(model, Section.BIRTHDAYS, Role.WHEN) == ["Today", "Tomorrow", "In 3 day(s)"]
    assert rows(model, Section.BIRTHDAYS, Role.HIGHLIGHT) == [True, False, False]
    assert rows(model, Section.BIRTHDAYS, Role.SUBTITLE)[0] == "May 14, Tuesday"


def test_empty_sections_show_a_friendly_line_that_cannot_be_selected() -> None:
    model = TodayModel()
    model.set_today(TodayList((), (), ()), NOW, CST)
    assert model.counts() == (0, 0, 0)
    for section in Section:
        parent = model.section_index(section)
        assert model.rowCount(parent) == 1
        line = model.index(0, 0, parent)
        assert model.data(line, Role.KIND) == Kind.EMPTY
        assert not model.flags(line) & Qt.ItemFlag.ItemIsSelectable
        assert model.data(parent, Role.COUNT) == 0
    first = model.index(0, 0, model.section_index(Section.REMINDERS))
    assert model.data(first, Role.TITLE) == "Nothing overdue or due today — nice work"


def test_summary_line_counts_overdue_due_today_cold_and_birthdays(view: TodayView) -> None:
    assert view.summary_text() == "2 overdue · 1 due today · 1 going cold · 3 birthday(s)"
    view.set_today(TodayList((), (), ()), NOW, CST)
    assert view.summary_text() == "All clear for today"


def test_mark_reminder_done_removes_exactly_its_row(
    view: TodayView, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    model = view.model()
    qtmodeltester.check(model)
    removed: list[tuple[QModelIndex, int, int]] = []
    model.rowsAboutToBeRemoved.connect(lambda parent, a, b: removed.append((parent, a, b)))
    with qtbot.assertNotEmitted(model.modelReset):
        view.mark_reminder_done("late2h")
    assert [(p.row(), a, b) for p, a, b in removed] == [(Section.REMINDERS, 1, 1)]
    assert rows(model, Section.REMINDERS, Role.REMINDER_ID) == ["late3d", "today"]
    assert view.counts() == (2, 1, 3)
    assert view.summary_text() == "1 overdue · 1 due today · 1 going cold · 3 birthday(s)"


def test_marking_the_last_reminder_done_shows_the_empty_line(
    view: TodayView, qtmodeltester: ModelTester
) -> None:
    model = view.model()
    qtmodeltester.check(model)
    for rid in ("late3d", "today", "late2h"):
        view.mark_reminder_done(rid)
    assert view.counts() == (0, 1, 3)
    assert rows(model, Section.REMINDERS, Role.KIND) == [Kind.EMPTY]
    assert view.summary_text() == "0 overdue · 0 due today · 1 going cold · 3 birthday(s)"


def test_marking_an_unknown_reminder_done_changes_nothing(view: TodayView, qtbot: QtBot) -> None:
    with qtbot.assertNotEmitted(view.model().rowsRemoved):
        view.mark_reminder_done("no-such-reminder")
    assert view.counts() == (3, 1, 3)


def test_double_click_opens_the_contact(view: TodayView, qtbot: QtBot) -> None:
    model = view.model()
    index = model.index(0, 0, model.section_index(Section.STALE))
    viewport = view.list_view().viewport()
    with qtbot.waitSignal(view.contact_activated) as signal:
        # A real double-click: the first press and release, then the double-click event.
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=center_of(view, index))
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=center_of(view, index))
    assert signal.args == ["c-zhao"]


@pytest.mark.parametrize(
    ("section", "row", "contact_id"),
    [
        (Section.REMINDERS, 0, "c-late3d"),
        (Section.STALE, 0, "c-zhao"),
        (Section.BIRTHDAYS, 1, "c-zheng"),
    ],
)
def test_enter_opens_the_contact_of_any_row(
    view: TodayView, qtbot: QtBot, section: Section, row: int, contact_id: str
) -> None:
    model = view.model()
    view.list_view().setCurrentIndex(model.index(row, 0, model.section_index(section)))
    with qtbot.waitSignal(view.contact_activated) as signal:
        qtbot.keyClick(view.list_view(), Qt.Key.Key_Return)
    assert signal.args == [contact_id]


def test_keyboard_skips_headers_and_empty_lines(view: TodayView, qtbot: QtBot) -> None:
    model = view.model()
    tree = view.list_view()
    tree.setFocus()
    last_reminder = model.index(2, 0, model.section_index(Section.REMINDERS))
    tree.setCurrentIndex(last_reminder)
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert tree.currentIndex().data(Role.CONTACT_ID) == "c-zhao"


def test_clicking_the_circle_asks_for_the_reminder_to_be_done(
    view: TodayView, qtbot: QtBot
) -> None:
    model = view.model()
    index = model.index(1, 0, model.section_index(Section.REMINDERS))
    circle = TodayDelegate.check_rect(view.list_view().visualRect(index)).center()
    with qtbot.waitSignal(view.reminder_done_requested) as signal:
        qtbot.mouseClick(view.list_view().viewport(), Qt.MouseButton.LeftButton, pos=circle)
    assert signal.args == ["late2h"]


def test_clicking_elsewhere_on_the_row_does_not_mark_it_done(view: TodayView, qtbot: QtBot) -> None:
    model = view.model()
    index = model.index(1, 0, model.section_index(Section.REMINDERS))
    with qtbot.assertNotEmitted(view.reminder_done_requested):
        qtbot.mouseClick(
            view.list_view().viewport(), Qt.MouseButton.LeftButton, pos=center_of(view, index)
        )
    assert view.list_view().currentIndex() == index


def test_a_fast_second_click_does_not_tick_the_row_that_moved_up(
    view: TodayView, qtbot: QtBot
) -> None:
    model = view.model()
    index = model.index(0, 0, model.section_index(Section.REMINDERS))
    circle = TodayDelegate.check_rect(view.list_view().visualRect(index)).center()
    viewport = view.list_view().viewport()
    done: list[str] = []
    view.reminder_done_requested.connect(done.append)
    view.reminder_done_requested.connect(view.mark_reminder_done)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=circle)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=circle)
    assert done == ["late3d"]
    qtbot.wait(QGuiApplication.styleHints().mouseDoubleClickInterval() + 50)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=circle)
    assert done == ["late3d", "late2h"]


def test_space_marks_the_current_reminder_done(view: TodayView, qtbot: QtBot) -> None:
    model = view.model()
    tree = view.list_view()
    tree.setCurrentIndex(model.index(2, 0, model.section_index(Section.REMINDERS)))
    with qtbot.waitSignal(view.reminder_done_requested) as signal:
        qtbot.keyClick(tree, Qt.Key.Key_Space)
    assert signal.args == ["today"]
    tree.setCurrentIndex(model.index(0, 0, model.section_index(Section.STALE)))
    with qtbot.assertNotEmitted(view.reminder_done_requested):
        qtbot.keyClick(tree, Qt.Key.Key_Space)


# A popup menu asks the offscreen platform for things it cannot do; harmless there.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_context_menu_offers_done_on_reminders_only(view: TodayView, qtbot: QtBot) -> None:
    model = view.model()
    tree = view.list_view()

    def menu_at(index: QModelIndex) -> QMenu:
        tree.customContextMenuRequested.emit(center_of(view, index))
        menu = view.findChild(QMenu)
        assert isinstance(menu, QMenu)
        return menu

    menu = menu_at(model.index(0, 0, model.section_index(Section.REMINDERS)))
    done = menu.findChild(QAction, "mark_done_action")
    assert isinstance(done, QAction)
    with qtbot.waitSignal(view.reminder_done_requested) as signal:
        done.trigger()
    assert signal.args == ["late3d"]
    menu.close()
    qtbot.waitUntil(lambda: view.findChild(QMenu) is None)

    menu = menu_at(model.index(0, 0, model.section_index(Section.BIRTHDAYS)))
    assert menu.findChild(QAction, "mark_done_action") is None
    open_action = menu.findChild(QAction, "open_contact_action")
    assert isinstance(open_action, QAction)
    with qtbot.waitSignal(view.contact_activated) as signal:
        open_action.trigger()
    assert signal.args == ["c-wu"]
    menu.close()


def test_reload_keeps_the_current_row(view: TodayView) -> None:
    model = view.model()
    tree = view.list_view()
    tree.setCurrentIndex(model.index(0, 0, model.section_index(Section.STALE)))
    view.set_today(sample(), NOW + timedelta(minutes=1), CST)
    assert tree.currentIndex().data(Role.CONTACT_ID) == "c-zhao"


def test_paints_every_kind_of_row(view: TodayView, qtbot: QtBot) -> None:
    # Exceptions raised while painting fail the test (pytest-qt captures them).
    view.list_view().setCurrentIndex(
        view.model().index(0, 0, view.model().section_index(Section.REMINDERS))
    )
    assert not view.grab().isNull()
    view.set_today(TodayList((), (), ()), NOW, CST)
    assert not view.grab().isNull()


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        TodayModel().set_today(sample(), NOW.replace(tzinfo=None))


def test_nothing_is_claimed_before_the_first_load() -> None:
    model = TodayModel()
    assert [model.rowCount(model.section_index(s)) for s in Section] == [0, 0, 0]
