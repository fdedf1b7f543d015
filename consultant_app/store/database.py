"""Opening the local database: checks, backups, migrations, and the connections the core uses.

Start-up speed matters (the kanban must paint about as fast as an empty window), so the common
path — a database already at the current schema — touches only the standard `sqlite3` module.
SQLAlchemy and Alembic are imported the first time something is written or migrated.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from consultant_app.clock import new_id, to_db, utcnow
from consultant_app.errors import (
    DatabaseCorruptError,
    DatabaseLockedError,
    DatabaseReadOnlyError,
    DatabaseTooNewError,
    DataDirError,
    MigrationError,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

DB_FILENAME = "showroom.sqlite3"
BACKUP_DIR = "backups"
KEEP_BACKUPS = 7
SQLITE_HEADER = b"SQLite format 3\x00"
VERSIONS_DIR = Path(__file__).parent / "migrations" / "versions"


def known_revisions() -> list[str]:
    """Schema revisions this build knows, oldest first (from the migration file names)."""
    return sorted(p.name.split("_", 1)[0] for p in VERSIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py"))


HEAD_REVISION = known_revisions()[-1]


@dataclass(frozen=True, slots=True)
class LocalProfile:
    """Who uses this workspace until sign-in exists: the local consultant's identity."""

    username: str
    display_name: str
    showroom: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class OpenReport:
    """What opening did: created a database, migrated one (and where the backup went)."""

    created: bool
    migrated_from: str | None
    backup: Path | None


class Workspace:
    """An open data folder: the database, its connections and the signed-in consultant.

    Connections are per thread (SQLite's rule); the app uses the workspace from one serial
    worker thread, tests and scripts from their own.
    """

    def __init__(self, data_dir: Path, consultant_id: str, report: OpenReport) -> None:
        self.data_dir = data_dir
        self.db_path = data_dir / DB_FILENAME
        self.consultant_id = consultant_id
        self.report = report
        self._local = threading.local()
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._lock = threading.Lock()

    def reader(self) -> sqlite3.Connection:
        """This thread's read connection (plain sqlite3, rows by name)."""
        conn: sqlite3.Connection | None = getattr(self._local, "reader", None)
        if conn is None:
            conn = connect(self.db_path)
            self._local.reader = conn
        return conn

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine for writes, made on first use."""
        with self._lock:
            if self._engine is None:
                self._engine = make_engine(self.db_path)
            return self._engine

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write transaction: committed on success, rolled back on any error."""
        if self._sessions is None:
            from sqlalchemy.orm import sessionmaker

            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        with self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        """Close this thread's reader and dispose of the engine."""
        conn = getattr(self._local, "reader", None)
        if conn is not None:
            conn.close()
            self._local.reader = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def connect(path: Path, *, timeout: float = 5.0) -> sqlite3.Connection:
    """A sqlite3 connection with the pragmas every connection here uses."""
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def make_engine(path: Path) -> Engine:
    """A SQLAlchemy engine on `path` whose transactions take the write lock up front."""
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 5.0})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy, not pysqlite, decide when transactions begin (pysqlite's own
        # handling defers BEGIN and would upgrade read locks mid-transaction).
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA foreign_keys = ON")
        dbapi_conn.execute("PRAGMA synchronous = NORMAL")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: object) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # type: ignore[attr-defined]

    return engine


def open_workspace(data_dir: Path, profile: LocalProfile | None = None) -> Workspace:
    """Open (creating or migrating as needed) the workspace in `data_dir`.

    Raises a StoreError subclass — locked, read-only, corrupt, too new — with nothing changed.
    A migration first copies the database into `backups/`; if it fails the copy is put back.
    """
    data_dir = Path(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataDirError(data_dir, str(exc)) from exc
    db_path = data_dir / DB_FILENAME
    if not os.access(data_dir, os.W_OK):
        raise DatabaseReadOnlyError(db_path, "the data folder is read-only")
    created = not db_path.exists() or db_path.stat().st_size == 0
    if not created:
        _check_file(db_path)
    revision = None if created else _probe(db_path)
    backup: Path | None = None
    migrated_from: str | None = None
    if revision != HEAD_REVISION:
        if revision is not None and revision not in known_revisions():
            raise DatabaseTooNewError(
                db_path, f"schema {revision} is newer than this version knows ({HEAD_REVISION})"
            )
        if revision is not None:
            backup = backup_database(
                db_path, data_dir / BACKUP_DIR, label=f"before-{HEAD_REVISION}"
            )
            migrated_from = revision
        _migrate(db_path, backup)
    with closing(connect(db_path)) as conn:
        consultant_id = _ensure_consultant(conn, profile)
    report = OpenReport(created=created, migrated_from=migrated_from, backup=backup)
    if migrated_from:
        log.info("migrated %s from %s to %s (backup %s)", db_path, revision, HEAD_REVISION, backup)
    return Workspace(data_dir, consultant_id, report)


def _check_file(db_path: Path) -> None:
    try:
        with db_path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except PermissionError as exc:
        raise DatabaseReadOnlyError(db_path, "the database file cannot be read") from exc
    except OSError as exc:
        raise DatabaseCorruptError(db_path, str(exc)) from exc
    if header != SQLITE_HEADER:
        raise DatabaseCorruptError(db_path, "not a SQLite database")
    if not os.access(db_path, os.W_OK):
        raise DatabaseReadOnlyError(db_path, "the database file is read-only")


def _probe(db_path: Path) -> str | None:
    """The schema revision of an existing file; checks it can be read and written."""
    try:
        with closing(connect(db_path, timeout=1.0)) as conn:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            if not tables:
                return None
            if "alembic_version" not in tables:
                raise DatabaseCorruptError(db_path, "not a Showroom Desk database")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as exc:
        message = str(exc).lower()
        if "locked" in message or "busy" in message:
            raise DatabaseLockedError(db_path, str(exc)) from exc
        if "readonly" in message or "read-only" in message:
            raise DatabaseReadOnlyError(db_path, str(exc)) from exc
        raise DatabaseCorruptError(db_path, str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        raise DatabaseCorruptError(db_path, str(exc)) from exc
    return None if row is None else str(row[0])


def _migrate(db_path: Path, backup: Path | None) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    engine = make_engine(db_path)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        with closing(connect(db_path)) as conn:
            conn.execute("PRAGMA journal_mode = WAL")
    except Exception as exc:
        log.exception("migration of %s failed", db_path)
        engine.dispose()
        if backup is not None:
            restore_file(backup, db_path)
        raise MigrationError(db_path, str(exc)) from exc
    finally:
        engine.dispose()


def _ensure_consultant(conn: sqlite3.Connection, profile: LocalProfile | None) -> str:
    row = conn.execute("SELECT value FROM local_state WHERE key = 'consultant_id'").fetchone()
    if row is not None:
        return str(row[0])
    profile = profile or LocalProfile(
        username=os.environ.get("USER") or os.environ.get("USERNAME") or "consultant",
        display_name="顾问",
    )
    consultant_id = new_id()
    now = to_db(utcnow())
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "INSERT INTO consultant (id, created_at, updated_at, username, display_name, showroom,"
            " title) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                consultant_id,
                now,
                now,
                profile.username,
                profile.display_name,
                profile.showroom,
                profile.title,
            ),
        )
        conn.execute(
            "INSERT INTO local_state (key, value) VALUES ('consultant_id', ?)", (consultant_id,)
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return consultant_id


def backup_database(db_path: Path, folder: Path, *, label: str) -> Path:
    """Copy the database consistently (SQLite backup API) into `folder`; keep the newest few."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"showroom-{stamp}-{label}.sqlite3"
    with closing(connect(db_path)) as source, closing(sqlite3.connect(target)) as dest:
        source.backup(dest)
    # Prune per kind, so a week of daily backups never pushes out the pre-migration one.
    same_kind = [p for p in list_backups(folder) if p.name.endswith(f"-{label}.sqlite3")]
    for old in same_kind[KEEP_BACKUPS:]:
        old.unlink(missing_ok=True)
    return target


def list_backups(folder: Path) -> list[Path]:
    """Backups in `folder`, newest first."""
    if not folder.is_dir():
        return []
    return sorted(folder.glob("showroom-*.sqlite3"), key=lambda p: p.name, reverse=True)


def restore_file(backup: Path, db_path: Path) -> Path | None:
    """Put `backup` in place of `db_path`; the replaced file is kept beside it, never deleted.

    Returns where the replaced database was moved, if there was one.
    """
    # Microseconds, so a second restore within the same second cannot overwrite the first.
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    moved = db_path.with_name(f"{db_path.name}.replaced-{stamp}")
    # The -wal and -shm files belong to the replaced database: they move with it, under its
    # new name so that it still opens whole, and must never be applied to the backup.
    for suffix in ("", "-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            side.replace(moved.with_name(moved.name + suffix))
    shutil.copy2(backup, db_path)
    return moved if moved.exists() else None


def daily_backup(db_path: Path, folder: Path) -> Path | None:
    """Back up once a day (integrity-checked first); called in the background after start-up."""
    newest = list_backups(folder)
    if newest and (datetime.now().timestamp() - newest[0].stat().st_mtime) < 24 * 3600:
        return None
    try:
        with closing(connect(db_path)) as conn:
            status = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.OperationalError:
        raise  # locked or unreadable: not evidence of damage
    except sqlite3.DatabaseError as exc:
        # Damage bad enough to stop the check itself ("malformed") comes as an exception.
        status = str(exc)
    if status != "ok":
        log.error("daily backup skipped: integrity check says %s", status)
        raise DatabaseCorruptError(db_path, str(status))
    return backup_database(db_path, folder, label="daily")
