"""A page's contacts and history are written a table at a time, yet land as if one by one."""

from __future__ import annotations

import sqlite3

import pytest

from consultant_app.store.database import Workspace
from consultant_app.sync.apply import apply_page
from consultant_app.sync.wire import Change
from tests.consultant_app.sync.test_apply import CONTACT, OWNER, T0, Log, rows


@pytest.fixture
def log() -> Log:
    return Log()


def activity(log: Log, ident: str, contact_id: str = CONTACT) -> Change:
    return log.change(
        "activity",
        "upsert",
        ident,
        contact_id=contact_id,
        kind="call",
        body="约了试驾",
        occurred_at=T0,
        created_by=OWNER,
    )


def count(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_a_contact_changed_twice_in_a_page_keeps_its_last_version_and_models(
    workspace: Workspace, conn: sqlite3.Connection, log: Log
) -> None:
    page = [
        log.contact(models=["迈腾"], remark="一"),
        log.contact(models=["途观L", "ID.4"], remark="二"),
    ]

    apply_page(workspace, page, "c1")

    assert rows(conn, "SELECT remark FROM contact") == [("二",)]
    models = rows(conn, "SELECT model_name FROM contact_model ORDER BY position")
    assert models == [("途观L",), ("ID.4",)]


def test_rows_around_a_revocation_land_in_log_order(
    workspace: Workspace, conn: sqlite3.Connection, log: Log
) -> None:
    # Reassigned away and back within one page: the history before the revocation goes with
    # it, the contact and the history sent after it stay.
    page = [
        log.contact(),
        activity(log, "a1"),
        log.tag("t1", "高意向"),
        log.tag_add("x1", "t1"),
        log.change("contact", "revoke", CONTACT),
        log.contact(remark="回来了"),
        activity(log, "a2"),
    ]

    result = apply_page(workspace, page, "c1")

    assert result.contact_ids == {CONTACT} and result.revoked == frozenset()
    assert rows(conn, "SELECT id FROM activity") == [("a2",)]
    assert count(conn, "contact_tag") == 0
    assert rows(conn, "SELECT remark FROM contact") == [("回来了",)]


def test_an_owner_the_page_names_but_never_describes_gets_a_placeholder(
    workspace: Workspace, conn: sqlite3.Connection, log: Log
) -> None:
    stranger = "c0ffee00-0000-4000-8000-0000000000ff"
    apply_page(workspace, [log.contact(owner_id=stranger), activity(log, "a1")], "c1")

    row = conn.execute("SELECT username FROM consultant WHERE id = ?", (stranger,)).fetchone()
    assert tuple(row) == (f"user-{stranger}",)
    assert count(conn, "activity") == 1
