"""Applying pulled pages: idempotent, all-or-nothing with the cursor, and rebased on the outbox."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from consultant_app.domain.contact import ContactDraft
from consultant_app.domain.stages import Stage
from consultant_app.services.contacts import ContactService
from consultant_app.store import queries
from consultant_app.store.database import Workspace
from consultant_app.sync.apply import apply_page, read_cursor
from consultant_app.sync.wire import Change, decode_change

OWNER = "c0ffee00-0000-4000-8000-000000000001"
CONTACT = "c0ffee00-0000-4000-8000-0000000000aa"
T0 = "2026-11-20T02:00:00+00:00"


class Log:
    """Builds changes the way the server's log numbers them."""

    def __init__(self) -> None:
        self.seq = 0

    def change(self, entity: str, op: str, ident: str, **data: Any) -> Change:
        self.seq += 1
        return decode_change(
            {
                "seq": self.seq,
                "entity": entity,
                "op": op,
                "id": ident,
                "data": {"id": ident, **data},
            }
        )

    def contact(self, **overrides: Any) -> Change:
        fields: dict[str, Any] = {
            "owner_id": OWNER,
            "name": "张伟",
            "mobile": "+8613812345678",
            "wecom_id": "",
            "gender": "male",
            "models": ["迈腾", "探岳"],
            "budget_min_yuan": 200000,
            "budget_max_yuan": 250000,
            "source_channel": "walk_in",
            "birthday": "1990-05-20",
            "remark": "",
            "stage": "visit",
            "stage_entered_at": T0,
            "last_touch_at": T0,
            "snoozed_until": None,
            "deleted_at": None,
            "created_at": T0,
            "updated_at": T0,
        }
        fields.update(overrides)
        return self.change("contact", "upsert", CONTACT, **fields)

    def consultant(self) -> Change:
        return self.change(
            "consultant",
            "upsert",
            OWNER,
            username="liming",
            display_name="李明",
            showroom="西湖店",
            title="",
        )

    def tag(self, ident: str, name: str) -> Change:
        return self.change("tag", "upsert", ident, name=name, colour="#5B8FF9")

    def tag_add(self, ident: str, tag_id: str) -> Change:
        return self.change("contact_tag", "upsert", ident, contact_id=CONTACT, tag_id=tag_id)


@pytest.fixture
def log() -> Log:
    return Log()


def rows(conn: sqlite3.Connection, sql: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in conn.execute(sql)]


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = ["consultant", "contact", "contact_model", "tag", "contact_tag", "stage_change"]
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def test_a_page_creates_the_contact_with_models_and_stores_the_cursor(
    workspace: Workspace, conn: sqlite3.Connection, log: Log
) -> None:
    page = [
        log.consultant(),
        log.contact(),
        log.change(
            "stage_change",
            "upsert",
            "s1",
            contact_id=CONTACT,
            from_stage="lead",
            to_stage="visit",
            changed_at=T0,
            changed_by=OWNER,
            lost_reason=None,
            competitor="",
            details={"type": "VisitDetails", "visit_time": T0, "party_size": 3},
            batch_id="b1",
            is_undo=False,
        ),
    ]
    result = apply_page(workspace, page, "cursor-1")
    assert result.contact_ids == {CONTACT}
    (card,) = queries.load_cards(conn, OWNER)
    assert (card.name, card.models, card.masked_mobile) == ("张伟", ("迈腾", "探岳"), "138****5678")
    assert read_cursor(workspace) == "cursor-1"
    assert queries.filter_ids(conn, OWNER, "zw", card.last_touch_at) == {CONTACT}
    (event,) = queries.timeline(conn, CONTACT)
    assert event.details is not None


def test_applying_the_same_page_twice_changes_nothing_more(
    workspace: Workspace, conn: sqlite3.Connection, log: Log
) -> None:
    page = [log.consultant(), log.contact(), log.tag("t1", "高意向"), log.tag_add("a1", "t1")]
    apply_page(workspace, page, "c1")
    once = counts(conn)
    apply_page(workspace, page, "c1")
    assert counts(conn) == once


def test_a_failing_page_changes_nothing_not_even_the_cursor(
    workspace: Workspace, conn: sqlite3.Connection, log: Log
) -> None:
    apply_page(workspace, [log.consultant()], "c1")
    before = counts(conn)
    broken = log.change(
        "reminder",
        "upsert",
        "r1",
        contact_id="nobody",
        due_at=T0,
        note="",
        done=False,
        done_at=None,
    )
    with pytest.raises(Exception):  # noqa: B017,PT011 (the database refuses the orphan row)
        apply_page(workspace, [log.contact(), broken], "c2")
    assert counts(conn) == before
    assert read_cursor(workspace) == "c1"


def test_an_owner_named_before_described_is_filled_in_later(
    workspace: Workspace, conn: sqlite3.Connection, log: Log
) -> None:
    apply_page(workspace, [log.contact()], "c1")
    apply_page(workspace, [log.consultant()], "c2")
    assert queries.consultant_name(conn, OWNER) == "李明"


def test_a_revoked_contact_leaves_with_its_history(
    workspace: Workspace, conn: sqlite3.Connection, log: Log
) -> None:
    apply_page(
        workspace,
        [log.consultant(), log.contact(), log.tag("t1", "高意向"), log.tag_add("a1", "t1")],
        "c1",
    )
    result = apply_page(workspace, [log.change("contact", "revoke", CONTACT)], "c2")
    assert result.revoked == {CONTACT}
    assert queries.load_cards(conn, OWNER) == []
    assert conn.execute("SELECT count(*) FROM contact_tag").fetchone()[0] == 0


def test_an_add_the_remover_did_not_see_keeps_the_tag(
    workspace: Workspace, conn: sqlite3.Connection, log: Log
) -> None:
    apply_page(
        workspace,
        [log.consultant(), log.contact(), log.tag("t1", "高意向"), log.tag_add("x", "t1")],
        "c1",
    )
    # Device A removed add x while device B, not having seen that, added the tag again (add y).
    apply_page(
        workspace,
        [log.tag_add("y", "t1"), log.change("contact_tag", "delete", "x", contact_id=CONTACT)],
        "c2",
    )
    (card,) = queries.load_cards(conn, OWNER)
    assert [t.name for t in card.tags] == ["高意向"]
    apply_page(workspace, [log.change("contact_tag", "delete", "y", contact_id=CONTACT)], "c3")
    (card,) = queries.load_cards(conn, OWNER)
    assert card.tags == ()


def test_a_local_tag_of_the_same_name_gives_way_to_the_servers_and_keeps_its_links(
    workspace: Workspace, service: ContactService, conn: sqlite3.Connection, log: Log
) -> None:
    mine = service.quick_add("王芳", "13900001111")
    service.add_tags([mine], ["高意向"])
    (link_id,) = rows(conn, "SELECT id FROM contact_tag")[0]
    apply_page(workspace, [log.tag("server-t1", "高意向")], "c1")
    assert rows(conn, "SELECT id, name FROM tag") == [("server-t1", "高意向")]
    assert rows(conn, "SELECT id, tag_id FROM contact_tag") == [(link_id, "server-t1")]


def test_unpushed_local_edits_survive_a_pulled_snapshot(
    workspace: Workspace, service: ContactService, conn: sqlite3.Connection, log: Log
) -> None:
    contact_id = service.quick_add("王芳", "13900001111")
    service.update_contact(
        contact_id, ContactDraft(name="王芳", mobile="13900001111", remark="下周来看途观L")
    )
    service.move_stage([contact_id], Stage.FIRST_CONTACT)
    snapshot = log.change(
        "contact",
        "upsert",
        contact_id,
        **{
            **log.contact().data,
            "id": contact_id,
            "owner_id": service.me,
            "name": "王芳",
            "remark": "",
            "stage": "lead",
        },
    )
    apply_page(workspace, [snapshot], "c1")
    detail = queries.contact_detail(conn, contact_id)
    assert (detail.remark, detail.stage.value) == ("下周来看途观L", "first_contact")


def test_a_field_conflict_is_kept_for_the_timeline(
    workspace: Workspace, conn: sqlite3.Connection, log: Log
) -> None:
    apply_page(workspace, [log.consultant(), log.contact()], "c1")
    apply_page(
        workspace,
        [
            log.change(
                "field_conflict",
                "upsert",
                "f1",
                contact_id=CONTACT,
                field="remark",
                lost_value="周六来",
                kept_value="周日来",
                at=T0,
                lost_by="李明的笔记本",
            )
        ],
        "c2",
    )
    assert rows(conn, "SELECT field, lost_value FROM field_conflict") == [("remark", '"周六来"')]
