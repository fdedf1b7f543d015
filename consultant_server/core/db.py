"""Database engines, sessions and migrations for SQLite and PostgreSQL.

There is no global engine or session: `create_app` and the command line each make an engine
from the settings, and a session lives for one request or one command.

SQLite is for a trial or one small showroom. Every transaction there starts with
``BEGIN IMMEDIATE``, so writers queue on the busy timeout instead of failing when a
transaction that began by reading tries to write. PostgreSQL runs at READ COMMITTED, which the
change log's counter relies on (see `consultant_server.services.changelog`).
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from consultant_server.errors import DatabaseUrlError, SchemaNotCurrentError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000


def parse_database_url(url: str) -> URL:
    """The URL with the driver this server uses filled in (postgresql:// means psycopg 3)."""
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise DatabaseUrlError(url, str(exc)) from exc
    backend = parsed.get_backend_name()
    if backend == "postgres":
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif backend == "postgresql":
        if parsed.get_driver_name() not in ("psycopg", "postgresql", ""):
            raise DatabaseUrlError(url, "use the psycopg driver (postgresql+psycopg://…)")
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise DatabaseUrlError(url, "SQLite needs a file (sqlite:///path/server.sqlite3)")
    else:
        raise DatabaseUrlError(url, "only sqlite and postgresql are supported")
    return parsed


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url` with this server's per-connection settings applied."""
    parsed = parse_database_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, **kwargs)
    return create_engine(parsed, isolation_level="READ COMMITTED", pool_pre_ping=True, **kwargs)


def _sqlite_engine(url: URL, **kwargs: Any) -> Engine:
    assert url.database is not None
    Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy, not pysqlite, decide when transactions begin.
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA journal_mode = WAL")
        dbapi_conn.execute("PRAGMA foreign_keys = ON")
        dbapi_conn.execute("PRAGMA synchronous = NORMAL")
        dbapi_conn.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit (responses are built after it)."""
    return sessionmaker(engine, expire_on_commit=False)


def _alembic_config(connection: Connection | None = None) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest schema revision this build knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The schema revision of the database behind `engine` (None when it is empty)."""
    from alembic.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine) -> tuple[str | None, str]:
    """Bring the schema up to the newest revision; returns (revision before, revision now)."""
    from alembic import command

    before = current_revision(engine)
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")
    after = head_revision()
    if before != after:
        log.info("migrated the server database from %s to %s", before or "empty", after)
    return before, after


def check_schema(engine: Engine) -> None:
    """Raise SchemaNotCurrentError unless the database is at this build's revision."""
    current, head = current_revision(engine), head_revision()
    if current != head:
        raise SchemaNotCurrentError(current, head)
