"""Shared pieces of the core's tests: the time zone, a clock the test moves, row counts."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from consultant_app.clock import new_id, to_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: 10:00 in Shanghai and 02:00 UTC: the same calendar day in both, far from midnight.
START = datetime(2024, 6, 15, 2, 0, tzinfo=UTC)
TABLES = (
    "consultant",
    "contact",
    "contact_model",
    "tag",
    "contact_tag",
    "stage_change",
    "activity",
    "reminder",
    "local_state",
)


class FakeClock:
    """A clock for ContactService that stands still until the test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    def set(self, now: datetime) -> datetime:
        self.now = now
        return now


def row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """How many rows each table holds (to show that a refused command wrote nothing)."""
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def insert_foreign_contact(conn: sqlite3.Connection) -> str:
    """Write a contact owned by another consultant straight into the database, as sync would."""
    other, contact_id, now = new_id(), new_id(), to_db(START)
    conn.execute(
        "INSERT INTO consultant (id, created_at, updated_at, username, display_name, showroom,"
        " title) VALUES (?, ?, ?, ?, '别的顾问', '', '')",
        (other, now, now, f"other-{other}"),
    )
    conn.execute(
        "INSERT INTO contact (id, created_at, updated_at, owner_id, name, name_pinyin,"
        " name_initials, mobile, wecom_id, gender, source_channel, remark, stage,"
        " stage_entered_at, last_touch_at) VALUES (?, ?, ?, ?, '别人的客户', 'bierendekehu',"
        " 'brdkh', '+8613900000000', '', 'unknown', '', '', 'lead', ?, ?)",
        (contact_id, now, now, other, now, now),
    )
    return contact_id
