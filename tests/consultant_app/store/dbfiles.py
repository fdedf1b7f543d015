"""Database files for store tests: built at an old revision, hashed and dumped."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command
from alembic.config import Config

from consultant_app.store import database

MIGRATIONS = Path(database.__file__).parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def build_at_revision(db_path: Path, revision: str) -> None:
    """A database migrated only as far as `revision`, in WAL mode, as that release left it."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    config = alembic_config()
    engine = database.make_engine(db_path)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dump(db_path: Path) -> list[str]:
    """The database as SQL text: equal dumps mean equal schema and rows."""
    with closing(sqlite3.connect(db_path)) as conn:
        return list(conn.iterdump())
