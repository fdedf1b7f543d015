"""Opening a workspace: creating, reopening, and refusing unusable files with nothing changed."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from consultant_app.errors import (
    DatabaseCorruptError,
    DatabaseLockedError,
    DatabaseReadOnlyError,
    DatabaseTooNewError,
    DataDirError,
)
from consultant_app.store.database import (
    BACKUP_DIR,
    DB_FILENAME,
    HEAD_REVISION,
    KEEP_BACKUPS,
    LocalProfile,
    backup_database,
    daily_backup,
    list_backups,
    open_workspace,
    restore_file,
)
from tests.consultant_app.store.dbfiles import dump, file_hash


def revision_of(db_path: Path) -> str:
    with closing(sqlite3.connect(db_path)) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def make_existing(data_dir: Path) -> Path:
    """A workspace database as the current version leaves it after a session."""
    open_workspace(data_dir).close()
    return data_dir / DB_FILENAME


@contextmanager
def immutable(path: Path) -> Iterator[None]:
    """Make `path` unwritable even for root (the ext4/xfs immutable flag), or skip."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not available")
    result = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"cannot set the immutable flag here: {result.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def skip_if_mode_bits_do_not_bind(path: Path) -> None:
    if os.access(path, os.W_OK):
        pytest.skip(
            "this user can write despite the mode bits (running as root); "
            "the immutable-flag variant of this test covers root"
        )


def test_a_fresh_folder_gets_a_database_at_the_head_revision_in_wal_mode(data_dir: Path) -> None:
    workspace = open_workspace(data_dir)
    workspace.close()
    db_path = data_dir / DB_FILENAME
    assert workspace.report.created
    assert workspace.report.migrated_from is None
    assert workspace.report.backup is None
    assert revision_of(db_path) == HEAD_REVISION
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_fresh_workspace_signs_in_its_local_consultant(data_dir: Path) -> None:
    profile = LocalProfile(username="li.na", display_name="李娜", showroom="朝阳店", title="顾问")
    workspace = open_workspace(data_dir, profile)
    row = (
        workspace.reader()
        .execute(
            "SELECT username, display_name, showroom, title FROM consultant WHERE id = ?",
            (workspace.consultant_id,),
        )
        .fetchone()
    )
    workspace.close()
    assert tuple(row) == ("li.na", "李娜", "朝阳店", "顾问")


def test_reopening_changes_nothing_and_keeps_the_consultant(data_dir: Path) -> None:
    first = open_workspace(data_dir)
    first.close()
    before = dump(data_dir / DB_FILENAME)
    again = open_workspace(data_dir, LocalProfile(username="someone-else", display_name="别人"))
    again.close()
    assert not again.report.created
    assert again.report.migrated_from is None
    assert again.report.backup is None
    assert again.consultant_id == first.consultant_id
    assert dump(data_dir / DB_FILENAME) == before
    assert not (data_dir / BACKUP_DIR).exists()


def test_a_zero_byte_file_left_by_a_crash_is_initialised(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / DB_FILENAME).write_bytes(b"")
    workspace = open_workspace(data_dir)
    workspace.close()
    assert workspace.report.created
    assert revision_of(data_dir / DB_FILENAME) == HEAD_REVISION


def test_a_database_from_a_newer_version_is_refused_and_left_byte_for_byte(
    data_dir: Path,
) -> None:
    db_path = make_existing(data_dir)
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
    before = file_hash(db_path)
    with pytest.raises(DatabaseTooNewError) as caught:
        open_workspace(data_dir)
    assert caught.value.path == db_path
    assert file_hash(db_path) == before
    assert not (data_dir / BACKUP_DIR).exists()


@pytest.mark.parametrize(
    "content",
    [
        b"this is not a database at all, just some text\n" * 100,
        b"SQLite format 3\x00" + b"\xde\xad\xbe\xef" * 1024,
        b"\x00" * 8192,
    ],
    ids=["text", "sqlite-header-then-garbage", "zeros"],
)
def test_a_file_that_is_not_a_database_is_reported_corrupt_and_left_alone(
    data_dir: Path, content: bytes
) -> None:
    data_dir.mkdir()
    db_path = data_dir / DB_FILENAME
    db_path.write_bytes(content)
    with pytest.raises(DatabaseCorruptError):
        open_workspace(data_dir)
    assert db_path.read_bytes() == content


def test_another_programs_sqlite_file_is_reported_corrupt_and_left_alone(data_dir: Path) -> None:
    data_dir.mkdir()
    db_path = data_dir / DB_FILENAME
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.execute("INSERT INTO recipes VALUES ('饺子')")
        conn.commit()
    before = file_hash(db_path)
    with pytest.raises(DatabaseCorruptError, match="not a Showroom Desk database"):
        open_workspace(data_dir)
    assert file_hash(db_path) == before


def test_a_read_only_database_file_is_reported(data_dir: Path) -> None:
    db_path = make_existing(data_dir)
    db_path.chmod(0o444)
    try:
        skip_if_mode_bits_do_not_bind(db_path)
        with pytest.raises(DatabaseReadOnlyError):
            open_workspace(data_dir)
    finally:
        db_path.chmod(0o644)


def test_an_immutable_database_file_is_reported_read_only_even_to_root(data_dir: Path) -> None:
    db_path = make_existing(data_dir)
    before = file_hash(db_path)
    with immutable(db_path), pytest.raises(DatabaseReadOnlyError):
        open_workspace(data_dir)
    assert file_hash(db_path) == before


def test_a_read_only_data_folder_is_reported(data_dir: Path) -> None:
    make_existing(data_dir)
    data_dir.chmod(0o555)
    try:
        skip_if_mode_bits_do_not_bind(data_dir)
        with pytest.raises(DatabaseReadOnlyError):
            open_workspace(data_dir)
    finally:
        data_dir.chmod(0o755)


def test_an_immutable_data_folder_is_reported_read_only_even_to_root(data_dir: Path) -> None:
    make_existing(data_dir)
    with immutable(data_dir), pytest.raises(DatabaseReadOnlyError):
        open_workspace(data_dir)


def test_a_data_folder_that_cannot_be_created_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(DataDirError):
        open_workspace(blocker / "data")


def test_a_database_held_by_another_program_is_reported_locked_without_a_long_wait(
    data_dir: Path,
) -> None:
    db_path = make_existing(data_dir)
    with closing(sqlite3.connect(db_path, isolation_level=None)) as other:
        other.execute("BEGIN EXCLUSIVE")
        started = time.monotonic()
        with pytest.raises(DatabaseLockedError):
            open_workspace(data_dir)
        waited = time.monotonic() - started
        other.execute("ROLLBACK")
    # The probe gives up after its 1 s busy timeout rather than the 5 s one writes use.
    assert waited < 4.0


def test_backups_keep_only_the_newest_few_of_each_kind(tmp_path: Path) -> None:
    db_path = make_existing(tmp_path / "data")
    folder = tmp_path / "backups"
    made = [backup_database(db_path, folder, label="daily") for _ in range(KEEP_BACKUPS + 3)]
    kept = list_backups(folder)
    assert kept == sorted(made[-KEEP_BACKUPS:], reverse=True)
    assert all(dump(path) == dump(db_path) for path in kept)


def test_there_are_no_backups_in_a_missing_folder(tmp_path: Path) -> None:
    assert list_backups(tmp_path / "nowhere") == []


def test_restoring_a_backup_keeps_the_file_it_replaces(tmp_path: Path) -> None:
    db_path = make_existing(tmp_path / "data")
    backup = backup_database(db_path, tmp_path / "backups", label="test")
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("INSERT INTO local_state (key, value) VALUES ('after', 'backup')")
        conn.commit()
    newer = dump(db_path)
    moved = restore_file(backup, db_path)
    assert moved is not None
    assert dump(moved) == newer
    assert dump(db_path) == dump(backup)
    assert backup.exists()


def test_restoring_twice_in_a_row_keeps_both_replaced_files(tmp_path: Path) -> None:
    db_path = make_existing(tmp_path / "data")
    backup = backup_database(db_path, tmp_path / "backups", label="test")
    first = restore_file(backup, db_path)
    second = restore_file(backup, db_path)
    assert first is not None
    assert second is not None
    assert first != second
    assert first.exists()
    assert second.exists()


def test_restoring_keeps_the_replaced_database_whole_with_its_write_ahead_log(
    tmp_path: Path,
) -> None:
    db_path = make_existing(tmp_path / "data")
    backup = backup_database(db_path, tmp_path / "backups", label="test")
    # Leave committed rows only in the WAL, as a crash would, by copying files mid-session.
    crashed = tmp_path / "crashed" / DB_FILENAME
    crashed.parent.mkdir()
    with closing(sqlite3.connect(db_path, isolation_level=None)) as conn:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("INSERT INTO local_state (key, value) VALUES ('only', 'in the wal')")
        for suffix in ("", "-wal"):
            shutil.copyfile(f"{db_path}{suffix}", f"{crashed}{suffix}")
    moved = restore_file(backup, crashed)
    assert moved is not None
    with closing(sqlite3.connect(moved)) as conn:
        assert conn.execute("SELECT value FROM local_state WHERE key = 'only'").fetchone() == (
            "in the wal",
        )
    with closing(sqlite3.connect(crashed)) as conn:
        assert conn.execute("SELECT value FROM local_state WHERE key = 'only'").fetchone() is None


def test_restoring_where_no_database_is_left_just_puts_the_backup_there(tmp_path: Path) -> None:
    db_path = make_existing(tmp_path / "data")
    backup = backup_database(db_path, tmp_path / "backups", label="test")
    target = tmp_path / "elsewhere" / DB_FILENAME
    target.parent.mkdir()
    assert restore_file(backup, target) is None
    assert dump(target) == dump(backup)


def test_the_daily_backup_runs_once_a_day(tmp_path: Path) -> None:
    db_path = make_existing(tmp_path / "data")
    folder = tmp_path / "backups"
    first = daily_backup(db_path, folder)
    assert first is not None
    assert dump(first) == dump(db_path)
    assert daily_backup(db_path, folder) is None
    day_old = (datetime.now() - timedelta(hours=25)).timestamp()
    os.utime(first, (day_old, day_old))
    second = daily_backup(db_path, folder)
    assert second is not None
    assert second != first
    assert len(list_backups(folder)) == 2


def damage(db_path: Path, page: int, offset: int, data: bytes) -> None:
    with db_path.open("r+b") as fh:
        fh.seek(4096 * (page - 1) + offset)
        fh.write(data)


@pytest.mark.parametrize(
    ("page", "offset", "data"),
    [(5, 8, b"\xff\xff\xff\xff"), (2, 0, b"\x0d"), (3, 3, b"\xff\xff")],
    ids=["bad-cell-pointer", "bad-page-type", "bad-cell-count"],
)
def test_the_daily_backup_refuses_a_damaged_database_as_corrupt(
    tmp_path: Path, page: int, offset: int, data: bytes
) -> None:
    db_path = tmp_path / "damaged.sqlite3"
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("PRAGMA page_size = 4096")
        conn.execute("CREATE TABLE t (a TEXT)")
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)
        conn.commit()
    damage(db_path, page, offset, data)
    with pytest.raises(DatabaseCorruptError):
        daily_backup(db_path, tmp_path / "backups")
    assert list_backups(tmp_path / "backups") == []


def test_daily_backups_never_push_out_the_backup_taken_before_a_migration(
    tmp_path: Path,
) -> None:
    workspace = open_workspace(tmp_path / "data")
    folder = tmp_path / "data" / "backups"
    before = backup_database(workspace.db_path, folder, label="before-0004")
    for _ in range(KEEP_BACKUPS + 2):
        backup_database(workspace.db_path, folder, label="daily")
    workspace.close()
    assert before.exists()
    assert len([p for p in list_backups(folder) if "daily" in p.name]) == KEEP_BACKUPS
