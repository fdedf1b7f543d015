"""Every command queues its mutation for the server in the same transaction, and only then."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta

import pytest

from consultant_app.domain.activity import ActivityKind
from consultant_app.domain.contact import ContactDraft
from consultant_app.domain.stages import LostDetails, LostReason, Stage
from consultant_app.errors import DuplicateContactError, ValidationError
from consultant_app.services.contacts import ContactService
from consultant_app.sync.wire import Mutation, MutationKind, decode
from tests.consultant_app.support import START


def queued(conn: sqlite3.Connection) -> list[Mutation]:
    rows = conn.execute(
        "SELECT mutation_id, kind, payload_json FROM outbox WHERE state = 'pending' ORDER BY seq"
    ).fetchall()
    return [decode({"mutation_id": r[0], "kind": r[1], "payload": json.loads(r[2])}) for r in rows]


def kinds(conn: sqlite3.Connection) -> list[MutationKind]:
    return [m.kind for m in queued(conn)]


def test_adding_a_contact_queues_one_create_with_its_fields_and_tags(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    contact_id = service.add_contact(
        ContactDraft(name="张伟", mobile="13812345678", models=("迈腾",), tags=("高意向",))
    )
    (mutation,) = queued(conn)
    assert mutation.kind is MutationKind.CONTACT_CREATE
    assert mutation.payload["contact_id"] == contact_id
    assert mutation.payload["fields"]["mobile"] == "+8613812345678"
    assert mutation.payload["fields"]["models"] == ["迈腾"]
    (tag,) = mutation.payload["tags"]
    assert tag["name"] == "高意向"
    assert conn.execute("SELECT id FROM contact_tag").fetchone()[0] == tag["add_id"]


def test_a_refused_command_queues_nothing(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    service.quick_add("张伟", "13812345678")
    with pytest.raises(DuplicateContactError):
        service.quick_add("张先生", "13812345678")
    with pytest.raises(ValidationError):
        service.quick_add("", "13900000000")
    assert kinds(conn) == [MutationKind.CONTACT_CREATE]


def test_an_edit_sends_only_the_changed_fields_with_what_they_were(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    contact_id = service.add_contact(ContactDraft(name="张伟", mobile="13812345678"))
    service.update_contact(contact_id, ContactDraft(name="张伟", mobile="13812345678"))
    assert kinds(conn) == [MutationKind.CONTACT_CREATE]  # nothing changed, nothing sent
    service.update_contact(
        contact_id, ContactDraft(name="张伟", mobile="13812345678", remark="周末来店")
    )
    update = queued(conn)[-1]
    assert update.kind is MutationKind.CONTACT_UPDATE
    assert update.payload["changes"] == {"remark": {"base": "", "value": "周末来店"}}


def test_stage_moves_and_their_undo_each_queue_a_move(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    contact_id = service.quick_add("张伟", "13812345678")
    batch = service.move_stage(
        [contact_id], Stage.LOST, LostDetails(LostReason.COMPETITOR, "丰田凯美瑞")
    )
    service.undo_move(batch)
    moves = [m.payload for m in queued(conn) if m.kind is MutationKind.STAGE_MOVE]
    assert [(m["from_stage"], m["to_stage"], m["undo"]) for m in moves] == [
        ("lead", "lost", False),
        ("lost", "lead", True),
    ]
    assert moves[0]["details"]["competitor"] == "丰田凯美瑞"
    ids = {r[0] for r in conn.execute("SELECT id FROM stage_change")}
    assert {m["stage_change_id"] for m in moves} <= ids


def test_tag_removal_names_the_adds_it_saw(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    contact_id = service.quick_add("张伟", "13812345678")
    service.add_tags([contact_id], ["高意向"])
    service.add_tags([contact_id], ["高意向"])  # a set: the second add queues nothing
    service.remove_tag(contact_id, "高意向")
    service.remove_tag(contact_id, "高意向")  # nothing left to remove, nothing queued
    add, remove = (
        m for m in queued(conn) if m.kind in {MutationKind.TAG_ADD, MutationKind.TAG_REMOVE}
    )
    assert add.kind is MutationKind.TAG_ADD
    assert remove.payload["observed_add_ids"] == [add.payload["add_id"]]


def test_follow_ups_reminders_and_snoozes_are_queued(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    contact_id = service.quick_add("张伟", "13812345678")
    service.add_activity(contact_id, ActivityKind.CALL, "约周六试驾")
    reminder_id = service.add_reminder(contact_id, START + timedelta(days=1), "回访")
    service.complete_reminder(reminder_id)
    service.complete_reminder(reminder_id)  # already done: nothing more to send
    service.snooze([contact_id], date(2030, 1, 1))
    assert kinds(conn)[1:] == [
        MutationKind.ACTIVITY_ADD,
        MutationKind.REMINDER_ADD,
        MutationKind.REMINDER_COMPLETE,
        MutationKind.CONTACT_SNOOZE,
    ]
    assert queued(conn)[-1].payload["until"] == "2030-01-01"


def test_outbox_numbers_only_grow_even_after_entries_are_removed(
    service: ContactService, conn: sqlite3.Connection
) -> None:
    service.quick_add("张伟", "13812345678")
    first = conn.execute("SELECT max(seq) FROM outbox").fetchone()[0]
    conn.execute("DELETE FROM outbox")  # as acknowledged entries will be
    service.quick_add("王芳", "13900001111")
    assert conn.execute("SELECT seq FROM outbox").fetchone()[0] > first
