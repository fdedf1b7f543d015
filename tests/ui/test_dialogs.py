"""The stage-details, quick-add and tag dialogs: their fields, checks and results."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from consultant_app.catalogue import Catalogue, load_catalogue
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
from consultant_app.store.queries import TagChip
from ui.dialogs import (
    QuickAddDialog,
    StageDetailsDialog,
    TagDialog,
    ask_stage_details,
    split_tags,
)
from ui.labels import field_error_message

REQUIRED = field_error_message(FieldError("required"))


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` as an input method commits it (QTest only types ASCII keys)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def shown_messages(dialog: QDialog) -> list[str]:
    return [
        label.text()
        for label in dialog.findChildren(QLabel, "fieldError")
        if not label.isHidden() and label.text()
    ]


def make_dialog(
    qtbot: QtBot,
    stage: Stage,
    catalogue: Catalogue,
    names: list[str] | None = None,
    default_model: str | None = None,
) -> StageDetailsDialog:
    dialog = StageDetailsDialog(stage, catalogue, names or ["张伟"], default_model)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


# ---- StageDetailsDialog -------------------------------------------------------------------


def test_title_names_the_stage_and_the_customer(qtbot: QtBot, catalogue: Catalogue) -> None:
    assert make_dialog(qtbot, Stage.VISIT, catalogue).windowTitle() == "Move 张伟 to Visit"
    many = make_dialog(qtbot, Stage.LOST, catalogue, ["张伟", "李娜", "王芳"])
    assert many.windowTitle() == "Move 3 customers to Lost"


def test_a_stage_without_details_is_refused(catalogue: Catalogue) -> None:
    with pytest.raises(ValueError, match="needs no details"):
        StageDetailsDialog(Stage.FIRST_CONTACT, catalogue, ["张伟"])


def test_visit_asks_time_and_party_size(qtbot: QtBot, catalogue: Catalogue) -> None:
    dialog = make_dialog(qtbot, Stage.VISIT, catalogue)
    assert dialog.ok_button.isEnabled()
    assert (dialog.party_size.minimum(), dialog.party_size.maximum()) == (1, 30)
    assert not hasattr(dialog, "vehicle")
    dialog.visit_time.setDateTime(QDateTime(QDate(2030, 6, 1), QTime(14, 5)))
    dialog.party_size.setValue(3)
    details = dialog.details()
    assert details == VisitDetails(datetime(2030, 6, 1, 14, 5).astimezone(), 3)
    assert details.visit_time.tzinfo is not None


def test_visit_defaults_to_now(qtbot: QtBot, catalogue: Catalogue) -> None:
    details = make_dialog(qtbot, Stage.VISIT, catalogue).details()
    assert isinstance(details, VisitDetails)
    assert abs(details.visit_time - datetime.now().astimezone()) < timedelta(minutes=2)
    assert details.party_size == 1


def test_test_drive_preselects_the_default_model(qtbot: QtBot, catalogue: Catalogue) -> None:
    dialog = make_dialog(qtbot, Stage.TEST_DRIVE, catalogue, default_model="途观L")
    assert dialog.vehicle.currentText() == "途观L"
    assert dialog.ok_button.isEnabled()
    dialog.drive_time.setDateTime(QDateTime(QDate(2030, 6, 2), QTime(10, 0)))
    assert dialog.details() == TestDriveDetails("途观L", datetime(2030, 6, 2, 10, 0).astimezone())


def test_test_drive_without_a_vehicle_cannot_be_accepted(
    qtbot: QtBot, catalogue: Catalogue
) -> None:
    dialog = make_dialog(qtbot, Stage.TEST_DRIVE, catalogue)
    assert dialog.vehicle.currentIndex() == -1
    assert not dialog.ok_button.isEnabled()
    assert shown_messages(dialog) == []  # nothing touched yet: no nagging
    dialog.vehicle.setCurrentText("迈腾")
    assert dialog.ok_button.isEnabled()


def test_order_trims_and_colours_follow_the_chosen_model(
    qtbot: QtBot, catalogue: Catalogue
) -> None:
    dialog = make_dialog(qtbot, Stage.ORDER, catalogue, default_model="迈腾")
    maiteng = catalogue.get("迈腾")
    passat = catalogue.get("帕萨特")
    assert maiteng is not None and passat is not None
    trims = [dialog.trim.itemText(i) for i in range(dialog.trim.count())]
    assert trims == list(maiteng.trims)
    dialog.model.setCurrentText("帕萨特")
    trims = [dialog.trim.itemText(i) for i in range(dialog.trim.count())]
    colours = [dialog.colour.itemText(i) for i in range(dialog.colour.count())]
    assert trims == list(passat.trims)
    assert colours == list(passat.colours)
    assert dialog.trim.currentIndex() == -1


def test_order_needs_trim_colour_and_deposit(qtbot: QtBot, catalogue: Catalogue) -> None:
    dialog = make_dialog(qtbot, Stage.ORDER, catalogue, default_model="途观L")
    model = catalogue.get("途观L")
    assert model is not None
    assert not dialog.ok_button.isEnabled()
    dialog.trim.setCurrentIndex(1)
    dialog.colour.setCurrentIndex(0)
    assert not dialog.ok_button.isEnabled()
    dialog.deposit.setValue(0)
    dialog.deposit.setValue(1)
    dialog.deposit.setValue(0)
    assert "Must be between 1 and 1000000" in shown_messages(dialog)
    dialog.deposit.setValue(5000)
    dialog.payment.setCurrentIndex(dialog.payment.findData("finance"))
    dialog.trade_in.setChecked(True)
    assert dialog.ok_button.isEnabled()
    assert shown_messages(dialog) == []
    assert dialog.details() == OrderDetails(
        "途观L", model.trims[1], model.colours[0], 5000, Payment.FINANCE, True
    )


def test_lost_needs_a_reason(qtbot: QtBot, catalogue: Catalogue) -> None:
    dialog = make_dialog(qtbot, Stage.LOST, catalogue)
    assert not dialog.ok_button.isEnabled()
    with pytest.raises(ValueError, match="no lost reason"):
        dialog.details()
    dialog.reason.setCurrentIndex(dialog.reason.findData("price"))
    assert dialog.ok_button.isEnabled()
    assert dialog.details() == LostDetails(LostReason.PRICE, "", "")


def test_lost_to_a_competitor_needs_the_competitor(qtbot: QtBot, catalogue: Catalogue) -> None:
    dialog = make_dialog(qtbot, Stage.LOST, catalogue)
    dialog.reason.setCurrentIndex(dialog.reason.findData("competitor"))
    assert not dialog.ok_button.isEnabled()
    assert shown_messages(dialog) == [REQUIRED]
    suggestions = [dialog.competitor.itemText(i) for i in range(dialog.competitor.count())]
    assert "丰田凯美瑞" in suggestions
    line = dialog.competitor.lineEdit()
    assert line is not None
    type_text(line, "比亚迪汉")
    type_text(dialog.note, "差两万")
    assert dialog.ok_button.isEnabled()
    assert shown_messages(dialog) == []
    assert dialog.details() == LostDetails(LostReason.COMPETITOR, "比亚迪汉", "差两万")


def test_enter_accepts_and_escape_cancels(qtbot: QtBot, catalogue: Catalogue) -> None:
    dialog = make_dialog(qtbot, Stage.VISIT, catalogue)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.party_size, Qt.Key.Key_Return)
    dialog = make_dialog(qtbot, Stage.VISIT, catalogue)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.party_size, Qt.Key.Key_Escape)


def test_enter_does_not_accept_invalid_input(qtbot: QtBot, catalogue: Catalogue) -> None:
    dialog = make_dialog(qtbot, Stage.LOST, catalogue)
    with qtbot.assertNotEmitted(dialog.accepted):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    assert dialog.isVisible()


def test_ask_stage_details_returns_the_details(qtbot: QtBot, catalogue: Catalogue) -> None:
    def accept() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, StageDetailsDialog)
        dialog.party_size.setValue(4)
        dialog.accept()

    QTimer.singleShot(0, accept)
    details = ask_stage_details(None, Stage.VISIT, catalogue, ["张伟"])
    assert isinstance(details, VisitDetails)
    assert details.party_size == 4


def test_ask_stage_details_gives_none_when_cancelled(catalogue: Catalogue) -> None:
    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, StageDetailsDialog)
        dialog.reject()

    QTimer.singleShot(0, cancel)
    assert ask_stage_details(None, Stage.TEST_DRIVE, catalogue, ["张伟"], "迈腾") is None


# ---- QuickAddDialog -----------------------------------------------------------------------


@pytest.fixture
def quick_add(qtbot: QtBot) -> QuickAddDialog:
    dialog = QuickAddDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_quick_add_needs_a_name(quick_add: QuickAddDialog) -> None:
    assert not quick_add.ok_button.isEnabled()
    type_text(quick_add.name, "李先生")
    assert quick_add.ok_button.isEnabled()
    assert quick_add.values() == ("李先生", "")
    quick_add.name.clear()
    type_text(quick_add.name, "  ")
    assert not quick_add.ok_button.isEnabled()
    assert REQUIRED in shown_messages(quick_add)


def test_quick_add_checks_the_mobile_as_typed(qtbot: QtBot, quick_add: QuickAddDialog) -> None:
    type_text(quick_add.name, "李先生")
    qtbot.keyClicks(quick_add.mobile, "1391234567")
    hint = quick_add.findChild(QLabel, "mobileHint")
    assert hint is not None
    assert not quick_add.ok_button.isEnabled()
    assert hint.text() == field_error_message(FieldError("invalid_mobile"))
    qtbot.keyClicks(quick_add.mobile, "8")
    assert quick_add.ok_button.isEnabled()
    assert hint.text() == "Will be saved as 139 1234 5678"
    assert quick_add.values() == ("李先生", "+8613912345678")


def test_quick_add_enter_submits(qtbot: QtBot, quick_add: QuickAddDialog) -> None:
    type_text(quick_add.name, "李先生")
    with qtbot.waitSignal(quick_add.accepted):
        qtbot.keyClick(quick_add.name, Qt.Key.Key_Return)


def test_quick_add_shows_a_core_error_until_edited(qtbot: QtBot, quick_add: QuickAddDialog) -> None:
    type_text(quick_add.name, "李先生")
    quick_add.show_error("这个号码已经是 张伟 的")
    error = quick_add.findChild(QLabel, "dialogError")
    assert error is not None
    assert not error.isHidden()
    assert error.text() == "这个号码已经是 张伟 的"
    qtbot.keyClicks(quick_add.mobile, "1")
    assert error.isHidden()


# ---- TagDialog ------------------------------------------------------------------------------

EXISTING = [TagChip("高意向", "#E8684A"), TagChip("置换", "#5AD8A6"), TagChip("VIP", "#5B8FF9")]


@pytest.fixture
def tag_dialog(qtbot: QtBot) -> TagDialog:
    dialog = TagDialog(EXISTING, 3)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_tag_dialog_title_counts_customers(tag_dialog: TagDialog) -> None:
    assert tag_dialog.windowTitle() == "Tag 3 customer(s)"


def test_tag_dialog_returns_typed_tags(tag_dialog: TagDialog) -> None:
    assert not tag_dialog.ok_button.isEnabled()
    type_text(tag_dialog.edit, "周末看车，高意向, 周末看车 、 新客户")
    assert tag_dialog.ok_button.isEnabled()
    assert tag_dialog.tags() == ["周末看车", "高意向", "新客户"]
    assert [t.isChecked() for t in tag_dialog.toggles] == [True, False, False]


def test_clicking_an_existing_tag_adds_and_removes_it(qtbot: QtBot, tag_dialog: TagDialog) -> None:
    vip = tag_dialog.toggles[2]
    qtbot.mouseClick(vip, Qt.MouseButton.LeftButton)
    assert tag_dialog.tags() == ["VIP"]
    qtbot.mouseClick(tag_dialog.toggles[0], Qt.MouseButton.LeftButton)
    assert tag_dialog.tags() == ["VIP", "高意向"]
    qtbot.mouseClick(vip, Qt.MouseButton.LeftButton)
    assert tag_dialog.tags() == ["高意向"]


def test_tag_completer_offers_existing_names(tag_dialog: TagDialog) -> None:
    completer = tag_dialog.edit.completer()
    assert completer is not None
    model = completer.model()
    names = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert names == ["高意向", "置换", "VIP"]
    assert completer.splitPath("高意向, vi") == ["vi"]


def test_too_long_tag_cannot_be_added(tag_dialog: TagDialog) -> None:
    type_text(tag_dialog.edit, "这是一个非常非常非常非常非常非常长的标签名字")
    assert not tag_dialog.ok_button.isEnabled()
    assert "At most 20 characters" in shown_messages(tag_dialog)


def test_split_tags_accepts_both_comma_widths() -> None:
    assert split_tags(" a, b，c、d;; a ,") == ["a", "b", "c", "d"]
