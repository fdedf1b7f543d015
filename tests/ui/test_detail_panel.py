"""The contact detail panel: showing a contact, editing it, and the signals it sends."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, QDateTime, QModelIndex, Qt, QTime
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel, QStyleOptionViewItem, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from consultant_app.catalogue import Catalogue, load_catalogue
from consultant_app.domain.contact import MAX_REMARK, ContactDraft, Gender
from consultant_app.domain.stages import (
    LostDetails,
    LostReason,
    OrderDetails,
    Payment,
    Stage,
    TestDriveDetails,
    VisitDetails,
)
from consultant_app.errors import FieldError
from consultant_app.store.queries import (
    ActivityEvent,
    ContactDetail,
    ReminderEvent,
    ReminderRow,
    StageEvent,
    TagChip,
    TimelineEvent,
)
from ui.detail_panel import ContactDetailPanel, TimelineDelegate, TimelineModel, TimelineRole
from ui.dialogs import Chip
from ui.labels import field_error_message

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def make_detail(**changes: object) -> ContactDetail:
    detail = ContactDetail(
        id="c1",
        name="张伟",
        mobile="+8613812345678",
        wecom_id="zhangwei88",
        gender="male",
        models=("迈腾", "途观L"),
        budget_min_yuan=200_000,
        budget_max_yuan=265_000,
        source_channel="auto_show",
        birthday=date(1988, 5, 20),
        remark="客户在车展留资。\n关注油耗。",
        tags=(TagChip("高意向", "#E8684A"), TagChip("置换", "#5AD8A6")),
        stage=Stage.TEST_DRIVE,
        stage_entered_at=NOW - timedelta(days=3),
        last_touch_at=NOW,
        snoozed_until=None,
        created_at=NOW - timedelta(days=20),
        reminders=(
            ReminderRow("r1", "c1", NOW - timedelta(hours=5), "回访试驾感受", False, None),
            ReminderRow("r2", "c1", NOW + timedelta(days=2), "约周末看车", False, None),
        ),
    )
    return replace(detail, **changes)  # type: ignore[arg-type]


def make_events() -> list[TimelineEvent]:
    return [
        StageEvent(
            NOW - timedelta(days=10),
            "王顾问",
            Stage.LEAD,
            Stage.VISIT,
            VisitDetails(NOW - timedelta(days=10), 2),
            False,
        ),
        ActivityEvent(NOW - timedelta(days=8), "王顾问", "call", "客户说周末来看车"),
        ReminderEvent(NOW - timedelta(days=2), NOW - timedelta(days=2), "回访"),
        StageEvent(
            NOW - timedelta(hours=1),
            "王顾问",
            Stage.ORDER,
            Stage.LOST,
            LostDetails(LostReason.COMPETITOR, "丰田凯美瑞"),
            False,
        ),
        StageEvent(NOW - timedelta(days=20), "王顾问", None, Stage.LEAD, None, False),
    ]


@pytest.fixture
def panel(qtbot: QtBot, catalogue: Catalogue) -> ContactDetailPanel:
    widget = ContactDetailPanel(catalogue)
    qtbot.addWidget(widget)
    widget.resize(420, 800)
    widget.show()
    widget.show_contact(make_detail(), make_events())
    return widget


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` as an input method commits it (QTest only types ASCII keys)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def local(value: datetime) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


def chip_texts(container: object) -> list[str]:
    assert hasattr(container, "findChildren")
    return [c.text for c in container.findChildren(Chip) if not c.isHidden()]


# ---- showing ------------------------------------------------------------------------------


def test_show_contact_fills_every_field(panel: ContactDetailPanel) -> None:
    assert panel.contact_id() == "c1"
    assert panel.name_label.text() == "张伟"
    assert panel.stage_badge.text() == "Test drive"
    assert panel.stage_days.text() == "3 day(s) in this stage"
    assert panel.name_edit.text() == "张伟"
    assert panel.mobile_edit.text() == "138 1234 5678"
    assert panel.wecom_edit.text() == "zhangwei88"
    assert panel.gender_combo.currentData() == "male"
    assert chip_texts(panel._model_chips) == ["迈腾", "途观L"]
    assert panel.budget_min.value() == pytest.approx(20.0)
    assert panel.budget_max.value() == pytest.approx(26.5)
    assert panel.channel_combo.currentData() == "auto_show"
    assert panel.channel_combo.currentText() == "车展"
    assert panel.birthday_check.isChecked()
    assert panel.birthday_edit.date() == QDate(1988, 5, 20)
    assert panel.remark_edit.toPlainText() == "客户在车展留资。\n关注油耗。"
    assert chip_texts(panel._tag_chips) == ["高意向", "置换"]
    assert [row.done_button.isEnabled() for row in panel.reminder_rows] == [True, True]
    assert panel.snooze_state.text() == "Not snoozed."
    assert not panel.wake_button.isEnabled()


def test_showing_a_contact_does_not_mark_it_dirty(panel: ContactDetailPanel) -> None:
    assert not panel.has_unsaved_changes()
    assert not panel.save_button.isEnabled()


def test_missing_optional_fields_show_as_not_set(qtbot: QtBot, catalogue: Catalogue) -> None:
    widget = ContactDetailPanel(catalogue, language="en_US")
    qtbot.addWidget(widget)
    widget.show_contact(
        make_detail(
            mobile=None,
            budget_min_yuan=None,
            budget_max_yuan=None,
            birthday=None,
            source_channel="referral",
            models=(),
            tags=(),
            gender="unknown",
        ),
        [],
    )
    assert widget.mobile_edit.text() == ""
    assert widget.budget_min.text() == "Not set"
    assert not widget.birthday_check.isChecked()
    assert not widget.birthday_edit.isEnabled()
    assert widget.channel_combo.currentText() == "Referral"
    assert widget.gender_combo.currentData() == "unknown"
    draft = widget._form_draft()
    assert (draft.budget_min_yuan, draft.budget_max_yuan, draft.birthday) == (None, None, None)
    assert not widget.has_unsaved_changes()


def test_an_unknown_channel_code_is_kept(qtbot: QtBot, catalogue: Catalogue) -> None:
    widget = ContactDetailPanel(catalogue)
    qtbot.addWidget(widget)
    widget.show_contact(make_detail(source_channel="douyin_live"), [])
    assert widget.channel_combo.currentData() == "douyin_live"
    assert not widget.has_unsaved_changes()


def test_snoozed_contact_shows_until_when_and_can_be_woken(
    qtbot: QtBot, catalogue: Catalogue
) -> None:
    widget = ContactDetailPanel(catalogue)
    qtbot.addWidget(widget)
    until = date.today() + timedelta(days=5)
    widget.show_contact(make_detail(snoozed_until=until), [])
    assert until.isoformat() in widget.snooze_state.text()
    assert until.isoformat() in widget.snooze_badge.text()
    assert widget.wake_button.isEnabled()
    with qtbot.waitSignal(widget.snooze_requested) as blocker:
        widget.wake_button.click()
    assert blocker.args == ["c1", None]


def test_clear_shows_the_empty_state(panel: ContactDetailPanel) -> None:
    panel.clear()
    assert panel.contact_id() is None
    assert not panel.has_unsaved_changes()
    assert panel._stack.currentWidget() is panel._empty
    assert panel._empty.text() == "Select a card to see the customer"
    assert panel.timeline_model.rowCount() == 0


# ---- editing ------------------------------------------------------------------------------


def test_editing_marks_dirty_and_enables_save(qtbot: QtBot, panel: ContactDetailPanel) -> None:
    qtbot.keyClicks(panel.wecom_edit, "x")
    assert panel.has_unsaved_changes()
    assert panel.save_button.isEnabled()
    assert panel.save_status.text() == "Unsaved changes"


def test_undoing_an_edit_by_hand_is_clean_again(qtbot: QtBot, panel: ContactDetailPanel) -> None:
    qtbot.keyClicks(panel.wecom_edit, "x")
    qtbot.keyClick(panel.wecom_edit, Qt.Key.Key_Backspace)
    assert not panel.has_unsaved_changes()
    assert not panel.save_button.isEnabled()


def test_save_emits_a_draft_with_the_edited_values(qtbot: QtBot, panel: ContactDetailPanel) -> None:
    panel.name_edit.setText("张伟强")
    panel.mobile_edit.setText("139-1234-5678")
    panel.wecom_edit.setText("zw2024")
    panel.gender_combo.setCurrentIndex(panel.gender_combo.findData("female"))
    menu = panel.add_model_button.menu()
    assert menu is not None
    menu.aboutToShow.emit()
    next(a for a in menu.actions() if a.text() == "帕萨特").trigger()
    first = next(c for c in panel._model_chips.findChildren(Chip) if c.text == "迈腾")
    first.remove_button.click()
    panel.budget_min.setValue(18.5)
    panel.budget_max.setValue(0)
    panel.channel_combo.setCurrentIndex(panel.channel_combo.findData("referral"))
    panel.birthday_edit.setDate(QDate(1990, 2, 3))
    panel.remark_edit.setPlainText("改过的备注")
    type_text(panel.tag_edit, "周末看车")
    qtbot.keyClick(panel.tag_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(panel.tag_edit, "VIP")  # typed but not committed: still saved
    with qtbot.waitSignal(panel.save_requested) as blocker:
        panel.save_button.click()
    contact_id, draft = blocker.args
    assert contact_id == "c1"
    assert draft == ContactDraft(
        name="张伟强",
        mobile="+8613912345678",
        wecom_id="zw2024",
        gender=Gender.FEMALE,
        models=("途观L", "帕萨特"),
        budget_min_yuan=185_000,
        budget_max_yuan=None,
        source_channel="referral",
        birthday=date(1990, 2, 3),
        remark="改过的备注",
        tags=("高意向", "置换", "周末看车", "VIP"),
    )


def test_unticking_birthday_saves_none(qtbot: QtBot, panel: ContactDetailPanel) -> None:
    panel.birthday_check.setChecked(False)
    with qtbot.waitSignal(panel.save_requested) as blocker:
        panel.save_button.click()
    assert blocker.args[1].birthday is None


def test_ctrl_s_saves(qtbot: QtBot, panel: ContactDetailPanel) -> None:
    panel.activateWindow()
    qtbot.waitActive(panel)
    panel.tabs.setCurrentWidget(panel._profile_tab)
    panel.name_edit.setFocus()
    type_text(panel.name_edit, "强")
    with qtbot.waitSignal(panel.save_requested) as blocker:
        qtbot.keyClick(panel.name_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args[1].name == "张伟强"


def test_removing_a_tag_chip_and_backspace_on_empty_entry(
    qtbot: QtBot, panel: ContactDetailPanel
) -> None:
    chip = next(c for c in panel._tag_chips.findChildren(Chip) if c.text == "高意向")
    chip.remove_button.click()
    assert panel._form_draft().tags == ("置换",)
    qtbot.keyClick(panel.tag_edit, Qt.Key.Key_Backspace)
    assert panel._form_draft().tags == ()
    assert panel.has_unsaved_changes()


def test_comma_commits_a_tag_chip(qtbot: QtBot, panel: ContactDetailPanel) -> None:
    type_text(panel.tag_edit, "老客户，")
    assert panel.tag_edit.text() == ""
    assert "老客户" in chip_texts(panel._tag_chips)


def test_discard_restores_the_shown_contact(qtbot: QtBot, panel: ContactDetailPanel) -> None:
    panel.name_edit.setText("别人")
    panel.discard_button.click()
    assert panel.name_edit.text() == "张伟"
    assert not panel.has_unsaved_changes()


def test_invalid_mobile_shows_a_message_and_disables_save(
    qtbot: QtBot, panel: ContactDetailPanel
) -> None:
    panel.name_edit.setText("张伟强")
    assert panel.save_button.isEnabled()
    panel.mobile_edit.setText("138 1234 567")
    message = panel._messages["mobile"]
    assert not message.isHidden()
    assert message.text() == field_error_message(FieldError("invalid_mobile"))
    assert not panel.save_button.isEnabled()


def test_a_new_valid_mobile_shows_how_it_will_be_saved(panel: ContactDetailPanel) -> None:
    panel.mobile_edit.setText("+86 139 1234 5678")
    assert panel._messages["mobile"].text() == "Will be saved as 139 1234 5678"
    assert panel.save_button.isEnabled()


def test_an_empty_name_disables_save(panel: ContactDetailPanel) -> None:
    panel.name_edit.setText("  ")
    assert panel._messages["name"].text() == field_error_message(FieldError("required"))
    assert not panel.save_button.isEnabled()


def test_show_errors_puts_the_message_under_the_field(panel: ContactDetailPanel) -> None:
    panel.budget_min.setValue(30)
    panel.show_errors(
        {
            "budget_max_yuan": FieldError("budget_order"),
            "tags": FieldError("too_long", limit=20),
        }
    )
    budget = panel._messages["budget_max_yuan"]
    assert not budget.isHidden()
    assert budget.text() == field_error_message(FieldError("budget_order"))
    assert panel._messages["tags"].text() == "At most 20 characters"
    assert panel.tabs.currentWidget() is panel._profile_tab
    panel.budget_max.setValue(40)
    assert budget.isHidden()
    assert not panel._messages["tags"].isHidden()


def test_show_errors_for_a_follow_up_shows_in_its_box(panel: ContactDetailPanel) -> None:
    panel.show_errors({"body": FieldError("required")})
    assert panel._follow_up_message.text() == field_error_message(FieldError("required"))
    assert panel.tabs.currentWidget() is panel._follow_up_tab


def test_show_errors_with_an_unknown_key_shows_beside_save(panel: ContactDetailPanel) -> None:
    panel.show_errors({"details": FieldError("required")})
    assert panel.save_status.text() == field_error_message(FieldError("required"))


def test_long_remark_shows_the_counter_over_the_limit(panel: ContactDetailPanel) -> None:
    assert panel.remark_counter.text() == f"{len(make_detail().remark)} / {MAX_REMARK}"
    panel.remark_edit.setPlainText("长" * 10_000)
    assert panel.remark_counter.text() == f"10000 / {MAX_REMARK}"
    assert panel.remark_counter.property("over") is True
    assert panel._messages["remark"].text() == "At most 4000 characters"
    assert not panel.save_button.isEnabled()


def test_mark_saved_makes_the_form_clean(panel: ContactDetailPanel) -> None:
    panel.name_edit.setText("张伟强")
    panel.mark_saved()
    assert not panel.has_unsaved_changes()
    assert not panel.save_button.isEnabled()
    assert panel.name_edit.text() == "张伟强"


def test_reshowing_the_same_contact_keeps_unsaved_edits(panel: ContactDetailPanel) -> None:
    panel.name_edit.setText("张伟强")
    newer = make_detail(reminders=(), snoozed_until=date.today() + timedelta(days=3))
    events = [*make_events(), ActivityEvent(NOW, "王顾问", "note", "新的跟进")]
    panel.show_contact(newer, events)
    assert panel.name_edit.text() == "张伟强"
    assert panel.has_unsaved_changes()
    assert panel.timeline_model.rowCount() == len(events)
    assert panel.reminder_rows == []
    assert panel.wake_button.isEnabled()


def test_reshowing_the_same_contact_without_edits_refreshes_the_form(
    panel: ContactDetailPanel,
) -> None:
    panel.show_contact(make_detail(name="张伟伟"), [])
    assert panel.name_edit.text() == "张伟伟"
    assert not panel.has_unsaved_changes()


def test_showing_another_contact_replaces_the_form(panel: ContactDetailPanel) -> None:
    panel.name_edit.setText("张伟强")
    panel.follow_up_body.setPlainText("draft for 张伟")
    panel.show_contact(make_detail(id="c2", name="李娜"), [])
    assert panel.contact_id() == "c2"
    assert panel.name_edit.text() == "李娜"
    assert panel.follow_up_body.toPlainText() == ""
    assert not panel.has_unsaved_changes()


# ---- timeline -----------------------------------------------------------------------------


def test_timeline_shows_events_newest_first(panel: ContactDetailPanel) -> None:
    model = panel.timeline_model
    texts = [model.index(row).data() for row in range(model.rowCount())]
    assert texts == [
        "Lost: Bought a competitor (丰田凯美瑞)",
        "Reminder done: 回访",
        "Call: 客户说周末来看车",
        "Lead → Visit (2 people)",
        "Added as Lead",
    ]
    kinds = [model.index(row).data(TimelineRole.KIND) for row in range(model.rowCount())]
    assert kinds == ["stage", "reminder", "activity", "stage", "stage"]
    first = model.index(0)
    assert first.data(TimelineRole.TIME) == local(NOW - timedelta(hours=1))
    assert first.data(TimelineRole.META) == f"{local(NOW - timedelta(hours=1))} · 王顾问"
    assert model.index(1).data(TimelineRole.META) == local(NOW - timedelta(days=2))
    colours = {model.index(row).data(Qt.ItemDataRole.DecorationRole).name() for row in range(5)}
    assert len(colours) >= 3  # stage, lost, activity and reminder entries look different


def test_timeline_texts_for_order_test_drive_and_undo(qtbot: QtBot) -> None:
    model = TimelineModel()
    model.set_events(
        [
            StageEvent(
                NOW,
                "王",
                Stage.TEST_DRIVE,
                Stage.ORDER,
                OrderDetails("途观L", "330TSI", "纯白", 5000, Payment.FINANCE, True),
                False,
            ),
            StageEvent(
                NOW - timedelta(1),
                "王",
                Stage.VISIT,
                Stage.TEST_DRIVE,
                TestDriveDetails("迈腾", NOW),
                False,
            ),
            StageEvent(NOW - timedelta(2), "王", Stage.LOST, Stage.VISIT, None, True),
            StageEvent(
                NOW - timedelta(3),
                "王",
                Stage.VISIT,
                Stage.LOST,
                LostDetails(LostReason.PRICE, "", "贵了两万"),
                False,
            ),
        ]
    )
    assert [model.index(r).data() for r in range(4)] == [
        "Test drive → Order: 途观L 330TSI, 纯白, deposit ¥5,000, Finance, with trade-in",
        "Visit → Test drive (迈腾)",
        "Undone: back to Visit from Lost",
        "Lost: Price — 贵了两万",
    ]
    assert model.index(0).data(TimelineRole.EVENT).details.deposit_yuan == 5000


def test_timeline_model_passes_the_model_tester(qtmodeltester: object) -> None:
    model = TimelineModel()
    model.set_events(make_events())
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.set_events([])
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_long_timeline_text_wraps_within_the_view(panel: ContactDetailPanel) -> None:
    long_body = "客户说周末来看车，想了解四驱版本的价格。" * 40
    panel.show_contact(
        make_detail(),
        [
            ActivityEvent(NOW, "王", "call", long_body),
            ActivityEvent(NOW - timedelta(1), "王", "call", "短"),
        ],
    )
    view = panel.timeline_view
    panel.tabs.setCurrentWidget(panel._follow_up_tab)
    delegate = view.itemDelegate()
    assert isinstance(delegate, TimelineDelegate)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    long_size = delegate.sizeHint(option, panel.timeline_model.index(0))
    short_size = delegate.sizeHint(option, panel.timeline_model.index(1))
    assert long_size.width() <= view.viewport().width()
    assert long_size.height() > 2 * short_size.height()  # wrapped onto several lines …
    assert long_size.height() < 14 * short_size.height()  # … but cut short, not 40 lines


# ---- follow-up, reminders, snooze -----------------------------------------------------------


def test_add_follow_up_emits_kind_and_body(qtbot: QtBot, panel: ContactDetailPanel) -> None:
    panel.follow_up_kind.setCurrentIndex(panel.follow_up_kind.findData("visit"))
    panel.follow_up_body.setPlainText("  到店看了途观L  ")
    with qtbot.waitSignal(panel.activity_requested) as blocker:
        panel.follow_up_button.click()
    assert blocker.args == ["c1", "visit", "到店看了途观L"]
    assert panel.follow_up_body.toPlainText() == ""


def test_a_refused_follow_up_is_put_back(qtbot: QtBot, panel: ContactDetailPanel) -> None:
    panel.follow_up_kind.setCurrentIndex(panel.follow_up_kind.findData("note"))
    panel.follow_up_body.setPlainText("很长的跟进")
    panel.follow_up_button.click()
    assert panel.follow_up_body.toPlainText() == ""
    panel.show_errors({"body": FieldError("too_long", limit=4000)})
    assert panel.follow_up_body.toPlainText() == "很长的跟进"
    assert panel.follow_up_kind.currentData() == "note"
    assert panel._follow_up_message.text() == "At most 4000 characters"


def test_a_refused_reminder_is_put_back(qtbot: QtBot, panel: ContactDetailPanel) -> None:
    chosen = QDateTime(QDate(2031, 3, 4), QTime(15, 30))
    panel.reminder_due.setDateTime(chosen)
    panel.reminder_note.setText("回访")
    panel.reminder_button.click()
    panel.show_errors({"note": FieldError("too_long", limit=500)})
    assert (panel.reminder_due.dateTime(), panel.reminder_note.text()) == (chosen, "回访")
    assert panel.tabs.currentWidget() is panel._reminder_tab


def test_ctrl_enter_adds_the_follow_up(qtbot: QtBot, panel: ContactDetailPanel) -> None:
    panel.activateWindow()
    qtbot.waitActive(panel)
    panel.follow_up_body.setFocus()
    type_text(panel.follow_up_body, "客户说周末来看车")
    with qtbot.waitSignal(panel.activity_requested) as blocker:
        qtbot.keyClick(panel.follow_up_body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == ["c1", "call", "客户说周末来看车"]


def test_set_reminder_emits_an_aware_datetime_defaulting_to_tomorrow_ten(
    qtbot: QtBot, panel: ContactDetailPanel
) -> None:
    panel.reminder_note.setText("回访")
    with qtbot.waitSignal(panel.reminder_requested) as blocker:
        panel.reminder_button.click()
    contact_id, due, note = blocker.args
    tomorrow = date.today() + timedelta(days=1)
    assert contact_id == "c1"
    assert note == "回访"
    assert isinstance(due, datetime)
    assert due.tzinfo is not None and due.utcoffset() is not None
    assert (due.date(), due.hour, due.minute) == (tomorrow, 10, 0)
    assert panel.reminder_note.text() == ""


def test_set_reminder_uses_the_chosen_time(qtbot: QtBot, panel: ContactDetailPanel) -> None:
    panel.reminder_due.setDateTime(QDateTime(QDate(2031, 3, 4), QTime(15, 30)))
    with qtbot.waitSignal(panel.reminder_requested) as blocker:
        panel.reminder_button.click()
    due = blocker.args[1]
    expected = datetime(2031, 3, 4, 15, 30).astimezone()
    assert due == expected
    assert due.astimezone(UTC) == expected.astimezone(UTC)


def test_done_button_emits_the_reminder_id(qtbot: QtBot, panel: ContactDetailPanel) -> None:
    assert panel.tabs.tabText(panel.tabs.indexOf(panel._reminder_tab)) == "Reminders (2)"
    overdue, later = panel.reminder_rows
    due_label = overdue.findChild(QLabel, "reminderDue")
    assert due_label is not None
    assert due_label.property("overdue") is True
    with qtbot.waitSignal(panel.reminder_done_requested) as blocker:
        later.done_button.click()
    assert blocker.args == ["r2"]


def test_snooze_emits_the_chosen_date(qtbot: QtBot, panel: ContactDetailPanel) -> None:
    target = date.today() + timedelta(days=10)
    panel.snooze_date.setDate(QDate(target.year, target.month, target.day))
    with qtbot.waitSignal(panel.snooze_requested) as blocker:
        panel.snooze_button.click()
    assert blocker.args == ["c1", target]
    assert type(blocker.args[1]) is date


def test_close_button_asks_to_close(qtbot: QtBot, panel: ContactDetailPanel) -> None:
    close = panel.findChild(QToolButton, "closeButton")
    assert close is not None
    with qtbot.waitSignal(panel.close_requested):
        close.click()


def test_actions_are_disabled_without_a_contact(qtbot: QtBot, catalogue: Catalogue) -> None:
    widget = ContactDetailPanel(catalogue)
    qtbot.addWidget(widget)
    assert widget.contact_id() is None
    for button in (widget.save_button, widget.follow_up_button, widget.reminder_button):
        assert not button.isEnabled()
    with qtbot.assertNotEmitted(widget.activity_requested):
        widget._add_follow_up()
    assert widget.timeline_model.rowCount(QModelIndex()) == 0
