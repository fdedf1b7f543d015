"""Schema migrations: one head, models that match it, and upgrading a real old database."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from consultant_app.domain.stages import Stage
from consultant_app.errors import MigrationError
from consultant_app.services.contacts import ContactService
from consultant_app.store import queries
from consultant_app.store.database import (
    BACKUP_DIR,
    DB_FILENAME,
    HEAD_REVISION,
    known_revisions,
    list_backups,
    make_engine,
    open_workspace,
)
from consultant_app.store.schema import Base
from tests.consultant_app.store.dbfiles import alembic_config, build_at_revision, dump
from tests.consultant_app.support import START, TABLES, FakeClock

T0 = "2024-05-01 01:00:00.000000"
T1 = "2024-05-02 03:30:00.000000"
T2 = "2024-05-02 04:00:00.000000"
ME = "11111111-1111-1111-1111-111111111111"
ZHANG = "22222222-2222-2222-2222-222222222222"
LI = "33333333-3333-3333-3333-333333333333"
# fmt: off
OLD_ROWS: dict[str, list[tuple[object, ...]]] = {
    "consultant": [(ME, T0, T0, "wang.fang", "王芳", "朝阳店", "销售顾问")],
    "local_state": [("consultant_id", ME)],
    "contact": [
        # id, created, updated, owner, name, pinyin, initials, mobile, wecom, gender,
        # budget min, budget max, channel, birthday, remark, stage, entered, touched, deleted
        (ZHANG, T0, T1, ME, "张伟", "zhangwei", "zw", "+8613812345678", "zw_wx", "male",
         150000, 200000, "walk_in", "1988-03-12", "想换\n大一点的车", "visit", T1, T1, None),
        (LI, T0, T0, ME, "李娜", "lina", "ln", None, "", "female",
         None, None, "moments", None, "", "lead", T0, T0, None),
    ],
    "contact_model": [
        ("m1", T0, T0, ZHANG, "迈腾", 0),
        ("m2", T0, T0, ZHANG, "ID.4 CROZZ", 1),
    ],
    "tag": [("t1", T0, T0, "高意向", "#E8684A")],
    "contact_tag": [("ct1", T0, T0, ZHANG, "t1")],
    "stage_change": [
        ("s1", T0, T0, ZHANG, None, "lead", T0, ME, None, "", None, "b1", 0),
        ("s2", T1, T1, ZHANG, "lead", "visit", T1, ME, None, "",
         '{"type": "VisitDetails", "visit_time": "2024-05-02T11:30:00+08:00", "party_size": 2}',
         "b2", 0),
        ("s3", T0, T0, LI, None, "lead", T0, ME, None, "", None, "b3", 0),
    ],
    "activity": [("a1", T2, T2, ZHANG, "visit", "到店看了迈腾", T2, ME)],
}
# fmt: on


def insert_old_rows(db_path: Path) -> None:
    with closing(sqlite3.connect(db_path)) as conn:
        for table, rows in OLD_ROWS.items():
            for row in rows:
                marks = ",".join("?" * len(row))
                conn.execute(f"INSERT INTO {table} VALUES ({marks})", row)
        conn.commit()


def snapshot(db_path: Path) -> dict[str, list[dict[str, object]]]:
    with closing(sqlite3.connect(db_path)) as conn:
        conn.row_factory = sqlite3.Row
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return {
            t: [dict(r) for r in conn.execute(f"SELECT * FROM {t} ORDER BY 1")]
            for t in TABLES
            if t in names
        }


@pytest.fixture
def old_database(data_dir: Path) -> Path:
    """A database as release 0001 left it, full of a consultant's work."""
    db_path = data_dir / DB_FILENAME
    build_at_revision(db_path, "0001")
    insert_old_rows(db_path)
    return db_path


def test_the_head_revision_is_alembics_single_head() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_heads() == [HEAD_REVISION]
    assert [s.revision for s in script.walk_revisions("base", "heads")][::-1] == known_revisions()


def test_the_models_match_the_migrated_schema(tmp_path: Path) -> None:
    workspace = open_workspace(tmp_path / "data")
    workspace.close()
    engine = make_engine(workspace.db_path)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_a_0001_database_is_upgraded_to_head_with_a_backup_first(
    data_dir: Path, old_database: Path
) -> None:
    old_dump = dump(old_database)
    workspace = open_workspace(data_dir)
    workspace.close()
    assert workspace.report.migrated_from == "0001"
    backup = workspace.report.backup
    assert backup is not None
    assert backup.parent == data_dir / BACKUP_DIR
    assert list_backups(data_dir / BACKUP_DIR) == [backup]
    assert dump(backup) == old_dump
    with closing(sqlite3.connect(old_database)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            HEAD_REVISION,
        )
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_upgrading_keeps_every_row_and_the_signed_in_consultant(
    data_dir: Path, old_database: Path
) -> None:
    before = snapshot(old_database)
    workspace = open_workspace(data_dir)
    workspace.close()
    after = snapshot(old_database)
    assert workspace.consultant_id == ME
    for contact in after["contact"]:
        assert contact.pop("snoozed_until") is None
    assert after.pop("reminder") == []
    assert after == before
    assert {t: len(rows) for t, rows in after.items()} == {
        t: len(rows) for t, rows in OLD_ROWS.items()
    }


def test_the_services_work_on_an_upgraded_database(data_dir: Path, old_database: Path) -> None:
    workspace = open_workspace(data_dir)
    try:
        service = ContactService(workspace, clock=FakeClock(START))
        due = START + timedelta(days=1)
        service.add_reminder(ZHANG, due, "回访试驾意向")
        service.snooze([LI], date(2024, 6, 20))
        service.move_stage([LI], Stage.FIRST_CONTACT)
        cards = {c.id: c for c in queries.load_cards(workspace.reader(), ME)}
        history = queries.timeline(workspace.reader(), ZHANG)
    finally:
        workspace.close()
    assert cards[ZHANG].next_due_at == due
    assert cards[ZHANG].models == ("迈腾", "ID.4 CROZZ")
    assert [t.name for t in cards[ZHANG].tags] == ["高意向"]
    assert cards[LI].snoozed_until == date(2024, 6, 20)
    assert cards[LI].stage is Stage.FIRST_CONTACT
    assert [type(e).__name__ for e in history] == ["ActivityEvent", "StageEvent", "StageEvent"]


def test_a_failing_migration_restores_the_database_and_keeps_the_failed_copy(
    data_dir: Path, old_database: Path
) -> None:
    with closing(sqlite3.connect(old_database)) as conn:
        # A stray table where 0002 wants to create one makes the upgrade fail midway.
        conn.execute("CREATE TABLE reminder (stray TEXT)")
        conn.commit()
    before = dump(old_database)
    with pytest.raises(MigrationError, match="reminder"):
        open_workspace(data_dir)
    assert dump(old_database) == before
    assert [p for p in data_dir.iterdir() if ".replaced-" in p.name]
    with closing(sqlite3.connect(old_database)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_library_mutations_held_back_before_0008_are_queued_once_in_their_order(
    data_dir: Path,
) -> None:
    db_path = data_dir / DB_FILENAME
    build_at_revision(db_path, "0007")
    rows = [
        (1, "m1", "contact.create", "pending"),
        (2, "m2", "material.create", "held"),
        (3, "m3", "contact.update", "rejected"),
        (4, "m4", "material.use", "held"),
    ]
    with closing(sqlite3.connect(db_path)) as conn:
        conn.executemany(
            "INSERT INTO outbox (seq, mutation_id, kind, payload_json, created_at, state, reason,"
            " attempts) VALUES (?, ?, ?, '{}', ?, ?, '', 0)",
            [(seq, ident, kind, T0, state) for seq, ident, kind, state in rows],
        )
        conn.commit()
    open_workspace(data_dir).close()
    open_workspace(data_dir).close()  # opening again changes nothing more
    with closing(sqlite3.connect(db_path)) as conn:
        found = conn.execute("SELECT mutation_id, state FROM outbox ORDER BY seq").fetchall()
    assert found == [("m1", "pending"), ("m2", "pending"), ("m3", "rejected"), ("m4", "pending")]
