"""Diagnostics for support: what is installed, where its data lives, and the database's state.

`collect_diagnostics` gathers facts about the installation — never about customers: no names,
phone numbers, notes or counts of anything but pending sync work — and `Diagnostics.as_text`
turns them into the plain text a consultant pastes into a chat with support. The database is
opened read-only with a short timeout, so collecting never changes it and never waits long.
`redact_personal_data` masks phone numbers in free text (an error message may quote one).
"""

from __future__ import annotations

import platform
import re
import sqlite3
import sys
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from consultant_app import __version__
from consultant_app.deployment import Deployment
from consultant_app.logs import LOG_DIR, LOG_FILE
from consultant_app.store.database import BACKUP_DIR, DB_FILENAME, HEAD_REVISION

#: Seconds to wait for a busy database before reporting it as busy.
DB_TIMEOUT = 0.5

# Mainland mobiles (13812345678, +86 138 1234 5678, 138-1234-5678) and landlines written with
# an area code (021-12345678): what an error message could quote of a customer.
_PHONE = re.compile(
    r"(?<![\d+])(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)"
)


@dataclass(frozen=True, slots=True)
class DatabaseState:
    """What the diagnostics could read from the local database, or why they could not."""

    exists: bool
    schema_revision: str | None = None
    pending_outbox: int | None = None
    backups: int = 0
    error: str = ""


@dataclass(frozen=True, slots=True)
class Diagnostics:
    """Facts about this installation, for the About dialog and for support."""

    app_version: str
    frozen: bool
    executable: str
    python: str
    os: str
    sqlite: str
    qt: str
    data_dir: Path
    log_dir: Path
    database: DatabaseState
    head_revision: str
    server_url: str
    showroom: str
    language: str
    update_channel: str
    deployment_file: Path | None
    deployment_problems: tuple[str, ...]
    collected_at: datetime

    @property
    def log_file(self) -> Path:
        return self.log_dir / LOG_FILE

    def as_text(self) -> str:
        """Plain text for support: one fact a line, English labels (support reads them)."""
        db = self.database
        if not db.exists:
            schema = "no database yet"
        elif db.schema_revision is None:
            schema = f"unknown ({db.error})" if db.error else "empty database"
        else:
            newer = "" if db.schema_revision <= self.head_revision else " (newer than this build)"
            schema = f"{db.schema_revision}{newer}; this build knows up to {self.head_revision}"
        pending = "-" if db.pending_outbox is None else str(db.pending_outbox)
        if self.deployment_file is None:
            deployment = "none"
        elif self.deployment_problems:
            deployment = f"{self.deployment_file} ({len(self.deployment_problems)} problem(s))"
        else:
            deployment = str(self.deployment_file)
        lines = [
            f"Showroom Desk {self.app_version} ({'packaged' if self.frozen else 'from source'})",
            f"Collected: {self.collected_at.isoformat(timespec='seconds')}",
            f"Program: {self.executable}",
            f"Python: {self.python}",
            f"OS: {self.os}",
            f"Qt: {self.qt or '-'}",
            f"SQLite: {self.sqlite}",
            f"Data folder: {self.data_dir}",
            f"Log folder: {self.log_dir}",
            f"Database schema: {schema}",
            f"Pending changes to sync: {pending}",
            f"Backups: {db.backups} in {self.data_dir / BACKUP_DIR}",
            f"Server: {self.server_url or '-'}",
            f"Showroom: {self.showroom or '-'}",
            f"Language: {self.language or '-'}",
            f"Update channel: {self.update_channel}",
            f"Deployment file: {deployment}",
        ]
        lines += [f"  {problem}" for problem in self.deployment_problems]
        if db.error and db.schema_revision is not None:
            lines.append(f"Database note: {db.error}")
        return redact_personal_data("\n".join(lines))


def read_database_state(data_dir: Path) -> DatabaseState:
    """The schema revision and pending outbox count, read without changing anything."""
    db_path = data_dir / DB_FILENAME
    backups = _count_backups(data_dir / BACKUP_DIR)
    if not db_path.exists():
        return DatabaseState(exists=False, backups=backups)
    revision: str | None = None
    pending: int | None = None
    try:
        uri = f"{db_path.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True, timeout=DB_TIMEOUT)) as conn:
            tables = {
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = None if row is None else str(row[0])
            if "outbox" in tables:
                query = "SELECT count(*) FROM outbox WHERE state = 'pending'"
                pending = int(conn.execute(query).fetchone()[0])
    except sqlite3.Error as exc:
        return DatabaseState(
            exists=True,
            schema_revision=revision,
            backups=backups,
            error=f"{type(exc).__name__}: {exc}",
        )
    return DatabaseState(
        exists=True, schema_revision=revision, pending_outbox=pending, backups=backups
    )


def _count_backups(folder: Path) -> int:
    try:
        return sum(1 for _ in folder.glob("showroom-*.sqlite3")) if folder.is_dir() else 0
    except OSError:
        return 0


def collect_diagnostics(
    data_dir: Path,
    deployment: Deployment,
    *,
    qt: str = "",
    language: str = "",
    log_dir: Path | None = None,
) -> Diagnostics:
    """Gather the diagnostics. `qt` names the Qt and PySide versions (the UI knows them)."""
    return Diagnostics(
        app_version=__version__,
        frozen=bool(getattr(sys, "frozen", False)),
        executable=sys.executable,
        python=f"{platform.python_version()} ({platform.python_implementation()})",
        os=f"{platform.platform()} ({platform.machine() or 'unknown machine'})",
        sqlite=sqlite3.sqlite_version,
        qt=qt,
        data_dir=data_dir,
        log_dir=data_dir / LOG_DIR if log_dir is None else log_dir,
        database=read_database_state(data_dir),
        head_revision=HEAD_REVISION,
        server_url=deployment.server_url,
        showroom=deployment.showroom,
        language=language or deployment.language,
        update_channel=deployment.update_channel,
        deployment_file=deployment.source,
        deployment_problems=tuple(str(p) for p in deployment.problems),
        collected_at=datetime.now().astimezone(),
    )


def redact_personal_data(text: str) -> str:
    """`text` with phone numbers masked: 13812345678 → 138******78."""

    def mask(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        if len(digits) == 13 and digits.startswith("86"):
            digits = digits[2:]  # the mobile without its country code
        return digits[:3] + "*" * (len(digits) - 5) + digits[-2:]

    return _PHONE.sub(mask, text)
