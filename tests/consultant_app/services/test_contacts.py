"""Contact commands on a real workspace: each changes everything it says or nothing."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from consultant_app.clock import new_id
from consultant_app.domain.activity import TAG_PALETTE, ActivityKind, tag_colour
from consultant_app.domain.contact import ContactDraft, Gender
from consultant_app.domain.stages import (
    LostDetails,
    LostReason,
    OrderDetails,
    Payment,
    Stage,
    VisitDetails,
)
from consultant_app.errors import (
    DuplicateContactError,
    FieldError,
    IllegalStageMoveError,
    NotFoundError,
    ValidationError,
)
from consultant_app.services.contacts import ContactService, MoveBatch
from consultant_app.store import queries
from consultant_app.store.database import Workspace
from consultant_app.sync.apply import apply_page
from consultant_app.sync.wire import Change, ChangeOp, Entity
from tests.consultant_app.support import START, FakeClock, row_counts

VISIT = VisitDetails(visit_time=START, party_size=2)


def contact_row(conn: sqlite3.Connection, contact_id: str) -> sqlite3.Row:
    row = conn.execute("SELECT * FROM contact WHERE id = ?", (contact_id,)).fetchone()
    assert row is not None
    return row


def stage_of(conn: sqlite3.Connection, contact_id: str) -> Stage:
    return Stage(contact_row(conn, contact_id)["stage"])


def history(conn: sqlite3.Connection, contact_id: str) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT * FROM stage_change WHERE contact_id = ? ORDER BY changed_at, rowid", (contact_id,)
    ).fetchall()


def local_today(clock: FakeClock) -> date:
    """The service's notion of today: the clock's date in this machine's time zone."""
    return clock().astimezone().date()


# --- adding and editing -------------------------------------------------------------------


def test_adding_a_contact_stores_clean_values_and_search_keys(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    contact_id = service.add_contact(
        ContactDraft(
            name=" 曾 伟 ",
            mobile="138-1234-5678",
            gender=Gender.MALE,
            models=("迈腾", "ID.4 CROZZ"),
            budget_min_yuan=150_000,
            budget_max_yuan=250_000,
            source_channel="walk_in",
            birthday=date(1990, 6, 18),
            remark="想换车\r\n周末有空",
            tags=("高意向",),
        )
    )
    row = contact_row(conn, contact_id)
    assert row["name"] == "曾 伟"
    assert row["mobile"] == "+8613812345678"
    assert set(row["name_pinyin"].split()) == {"cengwei", "zengwei"}
    assert set(row["name_initials"].split()) == {"cw", "zw"}
    assert row["remark"] == "想换车\n周末有空"
    assert (row["stage"], row["gender"], row["birthday"]) == ("lead", "male", "1990-06-18")
    detail = queries.contact_detail(conn, contact_id)
    assert detail.models == ("迈腾", "ID.4 CROZZ")
    assert [t.name for t in detail.tags] == ["高意向"]


def test_a_new_contact_starts_its_history_and_counts_as_touched_now(
    service: ContactService, conn: sqlite3.Connection, clock: FakeClock
) -> None:
    contact_id = service.add_contact(ContactDraft(name="李娜"), stage=Stage.FIRST_CONTACT)
    (entry,) = history(conn, contact_id)
    assert (entry["from_stage"], entry["to_stage"]) == (None, "first_contact")
    detail = queries.contact_detail(conn, contact_id)
    assert detail.stage is Stage.FIRST_CONTACT
    assert detail.last_touch_at == clock() == detail.stage_entered_at == detail.created_at


def test_quick_add_needs_only_a_name_and_a_mobile(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    contact_id = service.quick_add("王芳", "13900001111")
    assert contact_row(conn, contact_id)["mobile"] == "+8613900001111"


def test_a_contact_without_a_mobile_stores_null_so_many_can_lack_one(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    first = service.add_contact(ContactDraft(name="甲"))
    second = service.add_contact(ContactDraft(name="乙"))
    assert contact_row(conn, first)["mobile"] is None
    assert contact_row(conn, second)["mobile"] is None


@pytest.mark.parametrize("typed", ["13812345678", "+86 138 1234 5678", "0086-138-1234-5678"])
def test_adding_a_known_mobile_in_any_form_names_the_existing_contact(
    service: ContactService, conn: sqlite3.Connection, typed: str
) -> None:
    existing = service.add_contact(ContactDraft(name="张伟", mobile="138 1234 5678"))
    before = row_counts(conn)
    with pytest.raises(DuplicateContactError) as caught:
        service.add_contact(ContactDraft(name="张伟二号", mobile=typed))
    assert (caught.value.contact_id, caught.value.name) == (existing, "张伟")
    assert row_counts(conn) == before


def test_editing_a_contact_onto_another_contacts_mobile_is_refused(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    zhang = service.add_contact(ContactDraft(name="张伟", mobile="13812345678"))
    li = service.add_contact(ContactDraft(name="李娜", mobile="13900001111"))
    with pytest.raises(DuplicateContactError) as caught:
        service.update_contact(li, ContactDraft(name="李娜", mobile="138 1234 5678"))
    assert caught.value.contact_id == zhang
    assert contact_row(conn, li)["mobile"] == "+8613900001111"


def test_editing_a_contact_keeping_its_own_mobile_is_fine(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    contact_id = service.add_contact(ContactDraft(name="张伟", mobile="13812345678"))
    service.update_contact(contact_id, ContactDraft(name="张大伟", mobile="+8613812345678"))
    row = contact_row(conn, contact_id)
    assert (row["name"], row["name_pinyin"]) == ("张大伟", "zhangdawei")


def test_a_deleted_contacts_mobile_can_be_used_again(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    old = service.add_contact(ContactDraft(name="张伟", mobile="13812345678"))
    conn.execute("UPDATE contact SET deleted_at = updated_at WHERE id = ?", (old,))
    new = service.add_contact(ContactDraft(name="张伟", mobile="13812345678"))
    assert new != old


def test_editing_replaces_models_and_tags_in_the_new_order(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    contact_id = service.add_contact(
        ContactDraft(name="张伟", models=("迈腾", "探岳"), tags=("置换", "高意向"))
    )
    service.update_contact(
        contact_id, ContactDraft(name="张伟", models=("ID.4 CROZZ", "迈腾"), tags=("高意向",))
    )
    detail = queries.contact_detail(conn, contact_id)
    assert detail.models == ("ID.4 CROZZ", "迈腾")
    assert [t.name for t in detail.tags] == ["高意向"]
    assert conn.execute("SELECT count(*) FROM contact_model").fetchone()[0] == 2


@pytest.mark.parametrize(
    "draft",
    [
        ContactDraft(name=""),
        ContactDraft(name="张伟", remark="长" * 10_000),
        ContactDraft(name="张伟", mobile="010-12345678"),
        ContactDraft(name="张伟", budget_min_yuan=9, budget_max_yuan=1),
        ContactDraft(name="张伟", tags=("好", "这个标签的名字实在是太长了超过了二十个字的限制")),
        ContactDraft(name="张伟", source_channel="抖" * 65),
        ContactDraft(name="张伟", models=("迈腾", "车" * 65)),
    ],
    ids=[
        "no-name",
        "huge-remark",
        "landline",
        "budget-order",
        "long-tag",
        "long-channel",
        "long-model",
    ],
)
def test_invalid_input_changes_nothing(
    service: ContactService, conn: sqlite3.Connection, draft: ContactDraft
) -> None:
    existing = service.add_contact(ContactDraft(name="原名", remark="原备注"))
    before = row_counts(conn)
    with pytest.raises(ValidationError):
        service.add_contact(draft)
    with pytest.raises(ValidationError):
        service.update_contact(existing, draft)
    assert row_counts(conn) == before
    assert (contact_row(conn, existing)["name"], contact_row(conn, existing)["remark"]) == (
        "原名",
        "原备注",
    )


def test_editing_an_unknown_contact_is_not_found(service: ContactService) -> None:
    with pytest.raises(NotFoundError):
        service.update_contact("no-such-id", ContactDraft(name="张伟"))


# --- moving between stages --------------------------------------------------------------


def test_a_move_records_history_with_its_details(
    service: ContactService, conn: sqlite3.Connection, clock: FakeClock
) -> None:
    contact_id = service.add_contact(ContactDraft(name="张伟"))
    clock.advance(hours=2)
    batch = service.move_stage([contact_id], Stage.VISIT, VISIT)
    assert batch.moved == ((contact_id, Stage.LEAD),)
    assert batch.target is Stage.VISIT
    entry = history(conn, contact_id)[-1]
    assert (entry["from_stage"], entry["to_stage"], entry["is_undo"]) == ("lead", "visit", 0)
    assert entry["batch_id"] == batch.batch_id
    assert json.loads(entry["details_json"])["party_size"] == 2
    detail = queries.contact_detail(conn, contact_id)
    assert detail.stage is Stage.VISIT
    assert detail.stage_entered_at == detail.last_touch_at == clock()


def test_losing_a_contact_records_the_reason_and_competitor(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    contact_id = service.add_contact(ContactDraft(name="张伟"))
    service.move_stage(
        [contact_id], Stage.LOST, LostDetails(LostReason.COMPETITOR, competitor=" 比亚迪\u202e ")
    )
    entry = history(conn, contact_id)[-1]
    assert (entry["lost_reason"], entry["competitor"]) == ("competitor", "比亚迪")


def test_a_competitor_longer_than_the_server_keeps_is_refused_and_nobody_moves(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    a = service.add_contact(ContactDraft(name="甲"))
    b = service.add_contact(ContactDraft(name="乙"))
    before = row_counts(conn)
    with pytest.raises(ValidationError) as caught:
        service.move_stage([a, b], Stage.LOST, LostDetails(LostReason.OTHER, competitor="某" * 65))
    assert caught.value.errors == {"competitor": FieldError("too_long", limit=64)}
    assert row_counts(conn) == before  # no move, no history row, nothing queued
    assert {stage_of(conn, a), stage_of(conn, b)} == {Stage.LEAD}


def test_a_bulk_move_moves_all_in_one_batch_and_skips_those_already_there(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    a = service.add_contact(ContactDraft(name="甲"))
    b = service.add_contact(ContactDraft(name="乙"))
    there = service.add_contact(ContactDraft(name="丙"), stage=Stage.FIRST_CONTACT)
    batch = service.move_stage([a, b, there, a], Stage.FIRST_CONTACT)
    assert batch.contact_ids == (a, b)
    assert {stage_of(conn, c) for c in (a, b, there)} == {Stage.FIRST_CONTACT}
    assert len(history(conn, there)) == 1
    batch_ids = {history(conn, c)[-1]["batch_id"] for c in (a, b)}
    assert batch_ids == {batch.batch_id}


def test_a_move_where_nothing_can_move_is_refused(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    contact_id = service.add_contact(ContactDraft(name="张伟"))
    before = row_counts(conn)
    with pytest.raises(IllegalStageMoveError):
        service.move_stage([contact_id], Stage.LEAD)
    with pytest.raises(IllegalStageMoveError):
        service.move_stage([], Stage.FIRST_CONTACT)
    assert row_counts(conn) == before


def test_a_move_without_the_details_its_stage_needs_moves_nobody(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    a = service.add_contact(ContactDraft(name="甲"))
    b = service.add_contact(ContactDraft(name="乙"))
    before = row_counts(conn)
    with pytest.raises(ValidationError):
        service.move_stage([a, b], Stage.VISIT)
    with pytest.raises(ValidationError):
        service.move_stage(
            [a, b], Stage.ORDER, OrderDetails("迈腾", "", "", 0, Payment.FULL, False)
        )
    assert row_counts(conn) == before
    assert {stage_of(conn, a), stage_of(conn, b)} == {Stage.LEAD}


def test_a_bulk_move_with_an_unknown_contact_moves_nobody(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    a = service.add_contact(ContactDraft(name="甲"))
    with pytest.raises(NotFoundError):
        service.move_stage([a, "no-such-id"], Stage.FIRST_CONTACT)
    assert stage_of(conn, a) is Stage.LEAD


def test_undo_returns_the_cards_and_records_the_undo(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    a = service.add_contact(ContactDraft(name="甲"))
    b = service.add_contact(ContactDraft(name="乙"), stage=Stage.FIRST_CONTACT)
    batch = service.move_stage([a, b], Stage.VISIT, VISIT)
    undo = service.undo_move(batch)
    assert (stage_of(conn, a), stage_of(conn, b)) == (Stage.LEAD, Stage.FIRST_CONTACT)
    assert set(undo.moved) == {(a, Stage.VISIT), (b, Stage.VISIT)}
    last = history(conn, a)[-1]
    assert (last["from_stage"], last["to_stage"], last["is_undo"]) == ("visit", "lead", 1)
    assert last["batch_id"] == undo.batch_id != batch.batch_id


def test_undo_of_a_single_source_batch_can_itself_be_undone(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    a = service.add_contact(ContactDraft(name="甲"))
    batch = service.move_stage([a], Stage.FIRST_CONTACT)
    undo = service.undo_move(batch)
    assert undo.target is Stage.LEAD
    service.undo_move(undo)
    assert stage_of(conn, a) is Stage.FIRST_CONTACT


def test_undo_is_refused_once_the_card_has_moved_on(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    a = service.add_contact(ContactDraft(name="甲"))
    batch = service.move_stage([a], Stage.FIRST_CONTACT)
    service.move_stage([a], Stage.VISIT, VISIT)
    with pytest.raises(IllegalStageMoveError):
        service.undo_move(batch)
    assert stage_of(conn, a) is Stage.VISIT


def test_undo_returns_only_the_cards_still_where_the_move_put_them(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    a = service.add_contact(ContactDraft(name="甲"))
    b = service.add_contact(ContactDraft(name="乙"))
    batch = service.move_stage([a, b], Stage.FIRST_CONTACT)
    service.move_stage([b], Stage.DORMANT)
    undo = service.undo_move(batch)
    assert undo.contact_ids == (a,)
    assert (stage_of(conn, a), stage_of(conn, b)) == (Stage.LEAD, Stage.DORMANT)


# --- tags ---------------------------------------------------------------------------------


def test_tags_are_a_set_on_each_contact(service: ContactService, conn: sqlite3.Connection) -> None:
    a = service.add_contact(ContactDraft(name="甲", tags=("置换",)))
    b = service.add_contact(ContactDraft(name="乙"))
    service.add_tags([a, b], ["置换", " 高意向 ", "高意向"])
    service.add_tags([a], ["高意向"])
    assert [t.name for t in queries.contact_detail(conn, a).tags] == ["置换", "高意向"]
    assert [t.name for t in queries.contact_detail(conn, b).tags] == ["置换", "高意向"]
    assert conn.execute("SELECT count(*) FROM contact_tag").fetchone()[0] == 4
    assert conn.execute("SELECT count(*) FROM tag").fetchone()[0] == 2


def test_a_new_tag_gets_its_palette_colour(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    a = service.add_contact(ContactDraft(name="甲"))
    service.add_tags([a], ["金融客户"])
    assert queries.all_tags(conn) == [queries.TagChip("金融客户", tag_colour("金融客户"))]
    assert tag_colour("金融客户") in TAG_PALETTE
    assert tag_colour("金融客户") == tag_colour("金融客户")


@pytest.mark.parametrize(
    ("names", "error"),
    [
        ([], FieldError("required")),
        (["  ", ""], FieldError("required")),
        (["这个标签的名字实在是太长了超过了二十个字的限制"], FieldError("too_long", limit=20)),
    ],
)
def test_bad_tag_names_are_refused_and_change_nothing(
    service: ContactService, conn: sqlite3.Connection, names: list[str], error: FieldError
) -> None:
    a = service.add_contact(ContactDraft(name="甲"))
    before = row_counts(conn)
    with pytest.raises(ValidationError) as caught:
        service.add_tags([a], names)
    assert caught.value.errors == {"tags": error}
    assert row_counts(conn) == before


def test_removing_a_tag_takes_it_off_that_contact_only(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    a = service.add_contact(ContactDraft(name="甲", tags=("置换", "高意向")))
    b = service.add_contact(ContactDraft(name="乙", tags=("置换",)))
    service.remove_tag(a, "置换")
    service.remove_tag(a, "从没有过的标签")
    assert [t.name for t in queries.contact_detail(conn, a).tags] == ["高意向"]
    assert [t.name for t in queries.contact_detail(conn, b).tags] == ["置换"]
    assert [t.name for t in queries.all_tags(conn)] == ["置换", "高意向"]


# --- follow-ups ---------------------------------------------------------------------------


def test_a_follow_up_is_logged_and_touches_the_contact(
    service: ContactService, conn: sqlite3.Connection, clock: FakeClock
) -> None:
    a = service.add_contact(ContactDraft(name="甲"))
    now = clock.advance(days=2)
    activity_id = service.add_activity(a, ActivityKind.CALL, "  电话沟通了报价  ")
    row = conn.execute("SELECT * FROM activity WHERE id = ?", (activity_id,)).fetchone()
    assert (row["kind"], row["body"]) == ("call", "电话沟通了报价")
    assert queries.contact_detail(conn, a).last_touch_at == now


def test_a_backdated_follow_up_never_moves_the_last_touch_backwards(
    service: ContactService, conn: sqlite3.Connection, clock: FakeClock
) -> None:
    a = service.add_contact(ContactDraft(name="甲"))
    clock.advance(days=3)
    service.add_activity(a, ActivityKind.VISIT, "", occurred_at=START - timedelta(days=1))
    assert queries.contact_detail(conn, a).last_touch_at == START


def test_a_call_may_have_no_text_but_a_note_needs_some(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    a = service.add_contact(ContactDraft(name="甲"))
    service.add_activity(a, ActivityKind.CALL, "")
    before = row_counts(conn)
    with pytest.raises(ValidationError) as caught:
        service.add_activity(a, ActivityKind.NOTE, " \n\u200b ")
    assert caught.value.errors == {"body": FieldError("required")}
    assert row_counts(conn) == before


def test_a_follow_up_in_the_future_is_refused(
    service: ContactService, conn: sqlite3.Connection, clock: FakeClock
) -> None:
    a = service.add_contact(ContactDraft(name="甲"))
    before = row_counts(conn)
    with pytest.raises(ValidationError) as caught:
        service.add_activity(a, ActivityKind.CALL, "", occurred_at=clock() + timedelta(minutes=5))
    assert caught.value.errors == {"occurred_at": FieldError("in_future")}
    assert row_counts(conn) == before


def test_a_follow_up_longer_than_a_remark_is_refused(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    a = service.add_contact(ContactDraft(name="甲"))
    with pytest.raises(ValidationError):
        service.add_activity(a, ActivityKind.NOTE, "字" * 10_000)
    assert conn.execute("SELECT count(*) FROM activity").fetchone()[0] == 0


# --- reminders and snoozing ---------------------------------------------------------------


def test_a_reminder_is_scheduled_and_shows_as_the_next_step(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    a = service.add_contact(ContactDraft(name="甲"))
    due = START + timedelta(days=1)
    reminder_id = service.add_reminder(a, due, "  约周六试驾 ")
    (reminder,) = queries.contact_detail(conn, a).reminders
    assert (reminder.id, reminder.due_at, reminder.note, reminder.done) == (
        reminder_id,
        due,
        "约周六试驾",
        False,
    )


def test_completing_a_reminder_touches_the_contact_and_twice_is_harmless(
    service: ContactService, conn: sqlite3.Connection, clock: FakeClock
) -> None:
    a = service.add_contact(ContactDraft(name="甲"))
    reminder_id = service.add_reminder(a, START + timedelta(hours=1), "回电")
    done_at = clock.advance(hours=2)
    assert service.complete_reminder(reminder_id) == a
    clock.advance(hours=5)
    assert service.complete_reminder(reminder_id) == a
    row = conn.execute("SELECT done, done_at FROM reminder WHERE id = ?", (reminder_id,)).fetchone()
    assert row["done"] == 1
    detail = queries.contact_detail(conn, a)
    assert detail.reminders == ()
    assert detail.last_touch_at == done_at


def test_completing_an_unknown_reminder_is_not_found(service: ContactService) -> None:
    with pytest.raises(NotFoundError):
        service.complete_reminder("no-such-reminder")


def test_a_reminder_note_over_500_characters_is_refused(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    a = service.add_contact(ContactDraft(name="甲"))
    with pytest.raises(ValidationError):
        service.add_reminder(a, START, "记" * 501)
    assert conn.execute("SELECT count(*) FROM reminder").fetchone()[0] == 0


def test_snoozing_until_today_or_later_is_stored_and_none_wakes(
    service: ContactService, conn: sqlite3.Connection, clock: FakeClock
) -> None:
    a = service.add_contact(ContactDraft(name="甲"))
    b = service.add_contact(ContactDraft(name="乙"))
    today = local_today(clock)
    service.snooze([a, b], today)
    assert {queries.contact_detail(conn, c).snoozed_until for c in (a, b)} == {today}
    service.snooze([a], today + timedelta(days=30))
    assert queries.contact_detail(conn, a).snoozed_until == today + timedelta(days=30)
    service.snooze([a], None)
    assert queries.contact_detail(conn, a).snoozed_until is None


def test_snoozing_until_a_past_day_is_refused(
    service: ContactService, conn: sqlite3.Connection, clock: FakeClock
) -> None:
    a = service.add_contact(ContactDraft(name="甲"))
    with pytest.raises(ValidationError) as caught:
        service.snooze([a], local_today(clock) - timedelta(days=1))
    assert caught.value.errors == {"snoozed_until": FieldError("in_past")}
    assert queries.contact_detail(conn, a).snoozed_until is None


# --- another consultant's contacts --------------------------------------------------------

COMMANDS: dict[str, Callable[[ContactService, str], object]] = {
    "update_contact": lambda s, c: s.update_contact(c, ContactDraft(name="改名")),
    "move_stage": lambda s, c: s.move_stage([c], Stage.FIRST_CONTACT),
    "add_tags": lambda s, c: s.add_tags([c], ["抢来的"]),
    "remove_tag": lambda s, c: s.remove_tag(c, "任何"),
    "add_activity": lambda s, c: s.add_activity(c, ActivityKind.CALL, "偷看"),
    "add_reminder": lambda s, c: s.add_reminder(c, START, "提醒"),
    "snooze": lambda s, c: s.snooze([c], None),
}


@pytest.mark.parametrize("command", list(COMMANDS.values()), ids=list(COMMANDS))
def test_another_consultants_contact_is_not_found_by_any_command(
    service: ContactService,
    conn: sqlite3.Connection,
    foreign_contact: str,
    command: Callable[[ContactService, str], object],
) -> None:
    before = row_counts(conn)
    with pytest.raises(NotFoundError):
        command(service, foreign_contact)
    assert row_counts(conn) == before
    assert contact_row(conn, foreign_contact)["stage"] == "lead"


def test_another_consultants_reminder_cannot_be_completed(
    service: ContactService, conn: sqlite3.Connection, foreign_contact: str
) -> None:
    conn.execute(
        "INSERT INTO reminder (id, created_at, updated_at, contact_id, due_at, note, done)"
        " VALUES ('their-reminder', '2024-06-01 00:00:00', '2024-06-01 00:00:00', ?,"
        " '2024-06-16 00:00:00', '', 0)",
        (foreign_contact,),
    )
    with pytest.raises(NotFoundError):
        service.complete_reminder("their-reminder")
    assert conn.execute("SELECT done FROM reminder").fetchone()[0] == 0


def test_an_undo_naming_another_consultants_contact_moves_nothing(
    service: ContactService, conn: sqlite3.Connection, foreign_contact: str
) -> None:
    forged = MoveBatch("forged", Stage.LEAD, ((foreign_contact, Stage.ORDER),))
    with pytest.raises(IllegalStageMoveError):
        service.undo_move(forged)
    assert contact_row(conn, foreign_contact)["stage"] == "lead"


def test_another_consultants_mobile_is_not_a_duplicate_of_mine(
    service: ContactService, conn: sqlite3.Connection, foreign_contact: str
) -> None:
    theirs = contact_row(conn, foreign_contact)["mobile"]
    mine = service.add_contact(ContactDraft(name="同号客户", mobile=theirs))
    assert contact_row(conn, mine)["mobile"] == theirs


# --- keyword → tag rules ----------------------------------------------------------------


def pull_rule(workspace: Workspace, keywords: list[str], tag: str, seq: int = 1) -> str:
    """A rule as a pulled page brings it; its id."""
    rule_id = new_id()
    data = {"id": rule_id, "keywords": keywords, "tag": tag}
    apply_page(workspace, [Change(seq, Entity.KEYWORD_RULE, rule_id, ChangeOp.UPSERT, data)], "c")
    return rule_id


def tags_of(conn: sqlite3.Connection, contact_id: str) -> set[str]:
    rows = conn.execute(
        "SELECT t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id WHERE ct.contact_id = ?",
        (contact_id,),
    )
    return {row[0] for row in rows}


def queued(conn: sqlite3.Connection) -> list[tuple[str, dict[str, Any]]]:
    rows = conn.execute(
        "SELECT kind, payload_json FROM outbox WHERE state = 'pending' ORDER BY seq"
    )
    return [(kind, json.loads(payload)) for kind, payload in rows]


def test_a_note_saved_offline_gets_the_rules_tag_at_once_with_its_tag_add_queued(
    service: ContactService, workspace: Workspace, conn: sqlite3.Connection
) -> None:
    finance = pull_rule(workspace, ["贷款", "分期"], "关注金融")
    pull_rule(workspace, ["ID4"], "意向:ID.4")
    pull_rule(workspace, ["迈腾"], "意向:迈腾")
    contact_id = service.quick_add("王先生", "13800138000")
    service.add_activity(contact_id, ActivityKind.CALL, "客户想了解分期，也问了 ｉｄ４")
    assert tags_of(conn, contact_id) == {"关注金融", "意向:ID.4"}
    kinds = [kind for kind, _ in queued(conn)]
    # The rule's adds come before the note: the server's own rules then find the tag there.
    assert kinds == ["contact.create", "tag.add", "tag.add", "activity.add"]
    adds = {p["name"]: p for kind, p in queued(conn) if kind == "tag.add"}
    assert adds["关注金融"]["rule_id"] == finance
    assert adds["关注金融"]["contact_id"] == contact_id
    assert adds["关注金融"]["colour"] == tag_colour("关注金融")
    link_ids = {r[0] for r in conn.execute("SELECT id FROM contact_tag")}
    assert {p["add_id"] for p in adds.values()} == link_ids


def test_a_reminder_note_and_a_remark_edit_are_checked_too(
    service: ContactService, workspace: Workspace, conn: sqlite3.Connection, clock: FakeClock
) -> None:
    pull_rule(workspace, ["置换"], "置换客户")
    pull_rule(workspace, ["贷款"], "关注金融")
    by_reminder = service.quick_add("王先生", "13800138000")
    service.add_reminder(by_reminder, clock() + timedelta(days=1), "周五聊置换")
    assert tags_of(conn, by_reminder) == {"置换客户"}
    by_remark = service.add_contact(
        ContactDraft(name="李女士", mobile="13900139000", remark="贷款")
    )
    kept = ("关注金融",)
    service.update_contact(
        by_remark, ContactDraft(name="李女士", mobile="13900139000", remark="贷款", tags=kept)
    )
    service.update_contact(
        by_remark,
        ContactDraft(name="李女士", mobile="13900139000", remark="贷款，还想置换", tags=kept),
    )
    assert tags_of(conn, by_remark) == {"关注金融", "置换客户"}
    create = next(
        p for kind, p in queued(conn) if kind == "contact.create" and p["contact_id"] == by_remark
    )
    assert [t["name"] for t in create["tags"]] == ["关注金融"]
    later = [
        p["name"] for kind, p in queued(conn) if kind == "tag.add" and p["contact_id"] == by_remark
    ]
    assert later == ["置换客户"]


def test_a_tag_the_consultant_removed_is_not_given_back_by_later_notes(
    service: ContactService, workspace: Workspace, conn: sqlite3.Connection
) -> None:
    pull_rule(workspace, ["贷款"], "关注金融")
    contact_id = service.quick_add("王先生", "13800138000")
    service.add_activity(contact_id, ActivityKind.NOTE, "问贷款")
    service.remove_tag(contact_id, "关注金融")
    service.add_activity(contact_id, ActivityKind.NOTE, "又问贷款")
    service.update_contact(
        contact_id, ContactDraft(name="王先生", mobile="13800138000", remark="贷款客户")
    )
    assert tags_of(conn, contact_id) == set()
    assert [kind for kind, _ in queued(conn)].count("tag.add") == 1
    # Taken off in the edit form, then mentioned in the same edit's remark: it stays off.
    pull_rule(workspace, ["置换"], "置换客户")
    other = service.add_contact(
        ContactDraft(name="李女士", mobile="13900139000", tags=("置换客户",))
    )
    service.update_contact(
        other, ContactDraft(name="李女士", mobile="13900139000", remark="想置换")
    )
    assert tags_of(conn, other) == set()


def test_a_tag_the_contact_has_is_not_added_twice_and_unmatched_text_adds_nothing(
    service: ContactService, workspace: Workspace, conn: sqlite3.Connection
) -> None:
    pull_rule(workspace, ["贷款"], "关注金融")
    contact_id = service.add_contact(
        ContactDraft(name="王先生", mobile="13800138000", tags=("关注金融",))
    )
    service.add_activity(contact_id, ActivityKind.NOTE, "贷款")
    service.add_activity(contact_id, ActivityKind.NOTE, "只看外观")
    assert tags_of(conn, contact_id) == {"关注金融"}
    assert "tag.add" not in [kind for kind, _ in queued(conn)]


def test_a_deleted_rule_no_longer_tags_and_a_pulled_removal_is_remembered(
    service: ContactService, workspace: Workspace, conn: sqlite3.Connection
) -> None:
    rule_id = pull_rule(workspace, ["贷款"], "关注金融")
    apply_page(workspace, [Change(2, Entity.KEYWORD_RULE, rule_id, ChangeOp.DELETE, {})], "d")
    assert conn.execute("SELECT count(*) FROM keyword_rule").fetchone()[0] == 0
    contact_id = service.quick_add("王先生", "13800138000")
    service.add_activity(contact_id, ActivityKind.NOTE, "贷款")
    assert tags_of(conn, contact_id) == set()
    # The tag given here, then removed on another desk: the pulled removal is remembered.
    pull_rule(workspace, ["分期"], "关注金融", seq=3)
    service.add_activity(contact_id, ActivityKind.NOTE, "分期")
    (add_id, tag_id) = conn.execute("SELECT id, tag_id FROM contact_tag").fetchone()
    removal = {"id": add_id, "contact_id": contact_id, "tag_id": tag_id}
    apply_page(workspace, [Change(4, Entity.CONTACT_TAG, add_id, ChangeOp.DELETE, removal)], "e")
    service.add_activity(contact_id, ActivityKind.NOTE, "还是分期")
    assert tags_of(conn, contact_id) == set()
