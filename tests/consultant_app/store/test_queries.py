"""Read queries: kanban cards, the filter box, the detail panel, the timeline and Today."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from consultant_app.clock import to_db
from consultant_app.domain.activity import ActivityKind, tag_colour
from consultant_app.domain.contact import ContactDraft
from consultant_app.domain.stages import Stage, VisitDetails
from consultant_app.domain.urgency import is_rotting
from consultant_app.errors import NotFoundError
from consultant_app.services.contacts import ContactService
from consultant_app.store import queries
from consultant_app.store.database import Workspace, open_workspace
from tests.consultant_app.support import SHANGHAI, START, FakeClock, insert_foreign_contact


def soft_delete(conn: sqlite3.Connection, contact_id: str) -> None:
    conn.execute("UPDATE contact SET deleted_at = ? WHERE id = ?", (to_db(START), contact_id))


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


# --- kanban cards -------------------------------------------------------------------------


def test_a_card_carries_what_the_kanban_paints(
    service: ContactService, workspace: Workspace, conn: sqlite3.Connection
) -> None:
    contact_id = service.add_contact(
        ContactDraft(
            name="张伟",
            mobile="13812345678",
            models=("ID.4 CROZZ", "迈腾", "探岳"),
            source_channel="showroom_screen",
            tags=("高意向", "置换", "金融"),
        )
    )
    (card,) = queries.load_cards(conn, workspace.consultant_id)
    assert card.id == contact_id
    assert card.name == "张伟"
    assert card.masked_mobile == "138****5678"
    assert card.stage is Stage.LEAD
    assert card.models == ("ID.4 CROZZ", "迈腾", "探岳")
    assert card.tags == tuple(queries.TagChip(n, tag_colour(n)) for n in ("置换", "金融", "高意向"))
    assert card.source_channel == "showroom_screen"
    assert card.last_touch_at == card.stage_entered_at == START
    assert (card.next_due_at, card.snoozed_until) == (None, None)


def test_a_cards_next_step_is_its_earliest_open_reminder(
    service: ContactService, workspace: Workspace, conn: sqlite3.Connection
) -> None:
    contact_id = service.add_contact(ContactDraft(name="张伟"))
    service.add_reminder(contact_id, START + timedelta(days=3), "第二次")
    earliest = service.add_reminder(contact_id, START + timedelta(days=1), "第一次")
    (card,) = queries.load_cards(conn, workspace.consultant_id)
    assert card.next_due_at == START + timedelta(days=1)
    service.complete_reminder(earliest)
    (card,) = queries.load_cards(conn, workspace.consultant_id)
    assert card.next_due_at == START + timedelta(days=3)


def test_cards_can_be_loaded_by_id(
    service: ContactService, workspace: Workspace, conn: sqlite3.Connection
) -> None:
    a = service.add_contact(ContactDraft(name="甲"))
    service.add_contact(ContactDraft(name="乙"))
    assert [c.id for c in queries.load_cards(conn, workspace.consultant_id, [a])] == [a]
    assert queries.load_cards(conn, workspace.consultant_id, []) == []


def test_deleted_and_other_consultants_contacts_have_no_card(
    service: ContactService,
    workspace: Workspace,
    conn: sqlite3.Connection,
    foreign_contact: str,
) -> None:
    kept = service.add_contact(ContactDraft(name="甲"))
    gone = service.add_contact(ContactDraft(name="乙"))
    soft_delete(conn, gone)
    ids = [c.id for c in queries.load_cards(conn, workspace.consultant_id)]
    assert ids == [kept]
    assert queries.load_cards(conn, workspace.consultant_id, [gone, foreign_contact]) == []


# --- the filter box -----------------------------------------------------------------------


@dataclass(frozen=True)
class Book:
    """A small book of contacts to search, shared by the read-only filter tests."""

    conn: sqlite3.Connection
    owner: str
    ids: dict[str, str]

    def search(self, text: str) -> set[str]:
        found = queries.filter_ids(self.conn, self.owner, text, START)
        assert found is not None
        by_id = {v: k for k, v in self.ids.items()}
        return {by_id.get(i, i) for i in found}


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Book]:
    workspace = open_workspace(tmp_path_factory.mktemp("book") / "data")
    service = ContactService(workspace, clock=FakeClock(START))
    conn = workspace.reader()
    ids = {
        "zhang": service.add_contact(
            ContactDraft(
                name="张伟",
                mobile="13812345678",
                models=("迈腾", "ID.4 CROZZ"),
                source_channel="showroom_screen",
                tags=("高意向",),
            )
        ),
        "zeng": service.add_contact(
            ContactDraft(name="曾小贤", mobile="13900001111", source_channel="walk_in")
        ),
        "li": service.add_contact(
            ContactDraft(name="李娜", models=("探岳",), source_channel="moments", tags=("置换",))
        ),
        "tony": service.add_contact(ContactDraft(name="Tony王", source_channel="referral")),
        "percent": service.add_contact(ContactDraft(name="100%满意")),
        "underscore": service.add_contact(ContactDraft(name="a_b")),
        "lookalike": service.add_contact(ContactDraft(name="axb")),
        "quote": service.add_contact(ContactDraft(name="O'Brien")),
        "backslash": service.add_contact(ContactDraft(name="back\\slash")),
        "emoji": service.add_contact(ContactDraft(name="王🚗")),
        "deleted": service.add_contact(ContactDraft(name="张三", mobile="13700005678")),
        "foreign": insert_foreign_contact(conn),
    }
    soft_delete(conn, ids["deleted"])
    yield Book(conn, workspace.consultant_id, ids)
    workspace.close()


@pytest.mark.parametrize("text", ["", "   ", "\t\n", "\x00\u202e\u200b"])
def test_an_empty_filter_means_no_filter(
    workspace: Workspace, conn: sqlite3.Connection, text: str
) -> None:
    assert queries.filter_ids(conn, workspace.consultant_id, text, START) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("张伟", {"zhang"}, id="name"),
        pytest.param("伟", {"zhang"}, id="part-of-name"),
        pytest.param("zhangwei", {"zhang"}, id="pinyin"),
        pytest.param("ZhangWei", {"zhang"}, id="pinyin-any-case"),
        pytest.param("zhang", {"zhang"}, id="part-of-pinyin"),
        pytest.param("zw", {"zhang"}, id="initials"),
        pytest.param("zengxiaoxian", {"zeng"}, id="surname-read-zeng"),
        pytest.param("cengxiaoxian", {"zeng"}, id="surname-read-ceng"),
        pytest.param("zxx", {"zeng"}, id="initials-zeng"),
        pytest.param("tony", {"tony"}, id="latin-name"),
        pytest.param("tonyw", {"tony"}, id="latin-and-initial"),
        pytest.param("5678", {"zhang"}, id="last-four-digits"),
        pytest.param("1381234", {"zhang"}, id="leading-digits"),
        pytest.param("高意向", {"zhang"}, id="tag"),
        pytest.param("意向", {"zhang"}, id="part-of-tag"),
        pytest.param("迈腾", {"zhang"}, id="model"),
        pytest.param("id4", {"zhang"}, id="model-without-dot"),
        pytest.param("ID.4", {"zhang"}, id="model-with-dot"),
        pytest.param("crozz", {"zhang"}, id="model-any-case"),
        pytest.param("探岳", {"li"}, id="other-model"),
        pytest.param("展厅", {"zhang"}, id="channel-chinese"),
        pytest.param("自然到店", {"zeng"}, id="channel-full-name"),
        pytest.param("Walk-in", {"zeng"}, id="channel-english"),
        pytest.param("朋友圈", {"li"}, id="channel-moments"),
        pytest.param("张 迈腾", {"zhang"}, id="and-of-words"),
        pytest.param("zw 展厅 5678", {"zhang"}, id="and-of-three-kinds"),
        pytest.param("张 探岳", set(), id="and-can-exclude-all"),
        pytest.param("王", {"tony", "emoji"}, id="shared-character"),
    ],
)
def test_the_filter_matches_names_pinyin_phones_tags_models_and_channels(
    book: Book, text: str, expected: set[str]
) -> None:
    assert book.search(text) == expected


def test_two_digits_are_not_enough_to_search_phones(book: Book) -> None:
    assert book.search("78") == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("%", {"percent"}, id="percent"),
        pytest.param("100%", {"percent"}, id="percent-in-word"),
        pytest.param("a_b", {"underscore"}, id="underscore"),
        pytest.param("'", {"quote"}, id="quote"),
        pytest.param("O'Brien", {"quote"}, id="quoted-name"),
        pytest.param('"', set(), id="double-quote"),
        pytest.param("\\", {"backslash"}, id="backslash"),
        pytest.param("\\%", set(), id="escaped-percent"),
        pytest.param("🚗", {"emoji"}, id="emoji"),
        pytest.param("' OR 1=1 --", set(), id="sql-injection"),
        pytest.param("'); DROP TABLE contact; --", set(), id="drop-table"),
        pytest.param("字" * 10_000, set(), id="ten-thousand-characters"),
        pytest.param(" ".join(["张"] * 10_000), {"zhang"}, id="ten-thousand-words"),
        pytest.param("张\x00伟", {"zhang"}, id="nul-inside-a-word"),
        pytest.param("\x00zzz", set(), id="nul-before-a-word"),
        pytest.param("\u202e伟\u200b", {"zhang"}, id="invisible-characters"),
    ],
)
def test_hostile_filter_text_is_just_text(book: Book, text: str, expected: set[str]) -> None:
    assert book.search(text) == expected
    assert book.conn.execute("SELECT count(*) FROM contact").fetchone()[0] == len(book.ids)


@pytest.mark.parametrize("word", ["逾期", "overdue", "OVERDUE", "过期", "超期"])
def test_an_overdue_word_finds_contacts_with_a_reminder_past_due(
    service: ContactService,
    workspace: Workspace,
    conn: sqlite3.Connection,
    clock: FakeClock,
    word: str,
) -> None:
    late = service.add_contact(ContactDraft(name="迟了"))
    upcoming = service.add_contact(ContactDraft(name="还早"))
    handled = service.add_contact(ContactDraft(name="办完了"))
    service.add_reminder(late, START - timedelta(hours=1), "")
    service.add_reminder(upcoming, START + timedelta(hours=1), "")
    service.complete_reminder(service.add_reminder(handled, START - timedelta(days=1), ""))
    found = queries.filter_ids(conn, workspace.consultant_id, word, clock())
    assert found == {late}


def test_deleted_and_other_consultants_contacts_are_never_found(book: Book) -> None:
    assert book.search("张三") == set()
    assert book.search("别人") == set()
    assert book.search("13900000000") == set()


# --- the detail panel ---------------------------------------------------------------------


def test_contact_detail_has_every_field(service: ContactService, conn: sqlite3.Connection) -> None:
    contact_id = service.add_contact(
        ContactDraft(
            name="张伟",
            mobile="13812345678",
            wecom_id="zw_wx",
            models=("迈腾",),
            budget_min_yuan=150_000,
            budget_max_yuan=200_000,
            source_channel="walk_in",
            birthday=date(1988, 3, 12),
            remark="备注\n第二行",
            tags=("高意向",),
        )
    )
    detail = queries.contact_detail(conn, contact_id)
    assert (detail.name, detail.mobile, detail.wecom_id, detail.gender) == (
        "张伟",
        "+8613812345678",
        "zw_wx",
        "unknown",
    )
    assert (detail.budget_min_yuan, detail.budget_max_yuan) == (150_000, 200_000)
    assert (detail.source_channel, detail.birthday, detail.remark) == (
        "walk_in",
        date(1988, 3, 12),
        "备注\n第二行",
    )
    assert detail.models == ("迈腾",)
    assert detail.created_at == START


def test_a_missing_or_deleted_contact_has_no_detail(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    gone = service.add_contact(ContactDraft(name="张伟"))
    soft_delete(conn, gone)
    for contact_id in (gone, "no-such-id"):
        with pytest.raises(NotFoundError):
            queries.contact_detail(conn, contact_id)


# --- the timeline -------------------------------------------------------------------------


def test_the_timeline_lists_moves_follow_ups_and_done_reminders_newest_first(
    service: ContactService, conn: sqlite3.Connection, clock: FakeClock
) -> None:
    contact_id = service.add_contact(ContactDraft(name="张伟"))
    clock.advance(hours=1)
    service.add_activity(contact_id, ActivityKind.CALL, "约到店")
    clock.advance(hours=1)
    visit = VisitDetails(visit_time=clock(), party_size=3)
    batch = service.move_stage([contact_id], Stage.VISIT, visit)
    clock.advance(hours=1)
    reminder = service.add_reminder(contact_id, clock() + timedelta(days=1), "回访")
    service.add_reminder(contact_id, clock() + timedelta(days=2), "还没做的")
    clock.advance(hours=1)
    service.complete_reminder(reminder)
    clock.advance(hours=1)
    service.undo_move(batch)

    events = queries.timeline(conn, contact_id)

    assert [type(e).__name__ for e in events] == [
        "StageEvent",
        "ReminderEvent",
        "StageEvent",
        "ActivityEvent",
        "StageEvent",
    ]
    assert [e.at for e in events] == sorted((e.at for e in events), reverse=True)
    undo, done, moved, call, created = events
    assert isinstance(undo, queries.StageEvent)
    assert (undo.from_stage, undo.to_stage, undo.is_undo) == (Stage.VISIT, Stage.LEAD, True)
    assert isinstance(done, queries.ReminderEvent)
    assert done.note == "回访"
    assert isinstance(moved, queries.StageEvent)
    assert (moved.details, moved.by, moved.is_undo) == (visit, "测试顾问", False)
    assert isinstance(call, queries.ActivityEvent)
    assert (call.kind, call.body, call.by) == ("call", "约到店", "测试顾问")
    assert isinstance(created, queries.StageEvent)
    assert (created.from_stage, created.to_stage) == (None, Stage.LEAD)


def test_the_timeline_is_cut_at_its_limit_keeping_the_newest(
    service: ContactService, conn: sqlite3.Connection, clock: FakeClock
) -> None:
    contact_id = service.add_contact(ContactDraft(name="张伟"))
    for i in range(5):
        clock.advance(minutes=1)
        service.add_activity(contact_id, ActivityKind.NOTE, f"第{i}条")
    events = queries.timeline(conn, contact_id, limit=2)
    assert [e.body for e in events if isinstance(e, queries.ActivityEvent)] == ["第4条", "第3条"]


# --- Today --------------------------------------------------------------------------------

NOW = local(2024, 6, 15, 10, 0)
ROT = {Stage.LEAD: 1, Stage.VISIT: 3}


def add_touched(
    service: ContactService, clock: FakeClock, name: str, stage: Stage, touched: datetime
) -> str:
    clock.set(touched)
    return service.add_contact(ContactDraft(name=name), stage=stage)


def test_today_lists_reminders_due_by_local_midnight_marking_overdue_ones(
    service: ContactService, workspace: Workspace, conn: sqlite3.Connection
) -> None:
    a = service.add_contact(ContactDraft(name="甲"))
    dues = {
        "yesterday": local(2024, 6, 14, 16, 0),
        "this-morning": local(2024, 6, 15, 9, 0),
        "tonight": local(2024, 6, 15, 23, 59),
        "after-midnight": local(2024, 6, 16, 0, 1),
    }
    ids = {service.add_reminder(a, due, label): label for label, due in dues.items()}
    service.complete_reminder(service.add_reminder(a, local(2024, 6, 14, 8, 0), "done"))

    today = queries.today_list(conn, workspace.consultant_id, NOW, ROT, SHANGHAI)

    assert [(ids[r.reminder_id], r.overdue) for r in today.reminders] == [
        ("yesterday", True),
        ("this-morning", True),
        ("tonight", False),
    ]
    assert {r.contact_name for r in today.reminders} == {"甲"}


def test_today_reminders_follow_the_local_day_not_utcs(
    service: ContactService, workspace: Workspace, conn: sqlite3.Connection
) -> None:
    a = service.add_contact(ContactDraft(name="甲"))
    # 07:00 on the 16th in Shanghai is still the 15th in UTC.
    service.add_reminder(a, local(2024, 6, 16, 7, 0), "")
    in_shanghai = queries.today_list(conn, workspace.consultant_id, NOW, ROT, SHANGHAI)
    in_utc = queries.today_list(conn, workspace.consultant_id, NOW, ROT, UTC)
    assert in_shanghai.reminders == ()
    assert len(in_utc.reminders) == 1


def test_today_lists_contacts_gone_stale_by_their_stage_threshold(
    service: ContactService, workspace: Workspace, conn: sqlite3.Connection, clock: FakeClock
) -> None:
    touched = {
        "lead-yesterday-late": (Stage.LEAD, local(2024, 6, 14, 23, 59)),
        "lead-today-early": (Stage.LEAD, local(2024, 6, 15, 0, 1)),
        "visit-three-days": (Stage.VISIT, local(2024, 6, 12, 23, 0)),
        "visit-two-days": (Stage.VISIT, local(2024, 6, 13, 0, 30)),
        "lost-long-ago": (Stage.LOST, local(2023, 1, 1)),
    }
    ids = {add_touched(service, clock, k, *v): k for k, v in touched.items()}

    today = queries.today_list(conn, workspace.consultant_id, NOW, ROT, SHANGHAI)

    assert [ids[s.contact_id] for s in today.stale] == ["visit-three-days", "lead-yesterday-late"]
    for contact_id, name in ids.items():
        stage, last_touch = touched[name]
        listed = any(s.contact_id == contact_id for s in today.stale)
        assert listed is is_rotting(stage, last_touch, None, NOW, ROT, SHANGHAI), name


def test_snoozed_contacts_are_not_stale_until_the_snooze_ends(
    service: ContactService, workspace: Workspace, conn: sqlite3.Connection, clock: FakeClock
) -> None:
    long_ago = local(2024, 5, 1, 12, 0)
    through_today = add_touched(service, clock, "snoozed", Stage.LEAD, long_ago)
    ended = add_touched(service, clock, "woken", Stage.LEAD, long_ago)
    service.snooze([through_today], NOW.date())
    service.snooze([ended], date(2024, 6, 14))

    today = queries.today_list(conn, workspace.consultant_id, NOW, ROT, SHANGHAI)

    assert [s.contact_id for s in today.stale] == [ended]


def test_today_lists_birthdays_in_the_coming_week_across_new_year(
    service: ContactService, workspace: Workspace, conn: sqlite3.Connection, clock: FakeClock
) -> None:
    now = local(2024, 12, 29, 10, 0)
    clock.set(now)
    birthdays = {
        "today": date(1990, 12, 29),
        "new-year": date(1985, 1, 1),
        "jan-2": date(1970, 1, 2),
        "last-day": date(1980, 1, 4),
        "one-too-far": date(1980, 1, 5),
        "yesterday": date(1990, 12, 28),
    }
    ids = {
        service.add_contact(ContactDraft(name=name, birthday=day)): name
        for name, day in birthdays.items()
    }

    today = queries.today_list(conn, workspace.consultant_id, now, ROT, SHANGHAI)

    assert [(ids[b.contact_id], b.on) for b in today.birthdays] == [
        ("today", date(2024, 12, 29)),
        ("new-year", date(2025, 1, 1)),
        ("jan-2", date(2025, 1, 2)),
        ("last-day", date(2025, 1, 4)),
    ]
    assert today.birthdays[1].birthday == date(1985, 1, 1)


@pytest.mark.parametrize(
    ("now", "shown_on"),
    [(local(2025, 2, 25, 10), date(2025, 2, 28)), (local(2024, 2, 25, 10), date(2024, 2, 29))],
    ids=["common-year", "leap-year"],
)
def test_a_leap_day_birthday_is_shown_on_the_last_day_of_february(
    service: ContactService,
    workspace: Workspace,
    conn: sqlite3.Connection,
    clock: FakeClock,
    now: datetime,
    shown_on: date,
) -> None:
    clock.set(now)
    contact_id = service.add_contact(ContactDraft(name="闰日", birthday=date(2000, 2, 29)))
    today = queries.today_list(conn, workspace.consultant_id, now, ROT, SHANGHAI)
    assert [(b.contact_id, b.on) for b in today.birthdays] == [(contact_id, shown_on)]


def test_today_leaves_out_deleted_and_other_consultants_contacts(
    service: ContactService,
    workspace: Workspace,
    conn: sqlite3.Connection,
    clock: FakeClock,
    foreign_contact: str,
) -> None:
    gone = add_touched(service, clock, "gone", Stage.LEAD, local(2024, 5, 1))
    service.add_reminder(gone, local(2024, 6, 1), "")
    soft_delete(conn, gone)
    today = queries.today_list(conn, workspace.consultant_id, NOW, ROT, SHANGHAI)
    assert (today.reminders, today.stale, today.birthdays) == ((), (), ())


# --- small lookups ------------------------------------------------------------------------


def test_find_by_mobile_finds_only_my_live_contact(
    service: ContactService, workspace: Workspace, conn: sqlite3.Connection, foreign_contact: str
) -> None:
    contact_id = service.add_contact(ContactDraft(name="张伟", mobile="13812345678"))
    me = workspace.consultant_id
    assert queries.find_by_mobile(conn, me, "+8613812345678") == (contact_id, "张伟")
    assert queries.find_by_mobile(conn, me, "+8613900000000") is None
    soft_delete(conn, contact_id)
    assert queries.find_by_mobile(conn, me, "+8613812345678") is None


def test_consultant_name_is_the_display_name_or_empty(
    workspace: Workspace, conn: sqlite3.Connection
) -> None:
    assert queries.consultant_name(conn, workspace.consultant_id) == "测试顾问"
    assert queries.consultant_name(conn, "nobody") == ""


@pytest.mark.parametrize("typed", ["138-1234", "(138) 1234", "+86 138", "1234-5678"])
def test_phone_fragments_typed_with_separators_match(
    service: ContactService, conn: sqlite3.Connection, typed: str
) -> None:
    contact_id = service.quick_add("张伟", "13812345678")
    words = typed.split()
    found = queries.filter_ids(conn, service.me, words[-1], START)
    assert found == {contact_id}
