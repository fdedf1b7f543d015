"""Fixtures for the server's tests: a real, migrated database on both backends and the app.

SQLite runs on tmp_path. PostgreSQL runs when TEST_DATABASE_URL names a database; each test
gets its own freshly created schema there (reached through ``search_path``), dropped after
the test, so parallel runs and whatever else lives in that database are left alone.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import NullPool, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from consultant_server.core.config import Settings
from consultant_server.core.db import make_engine, make_sessionmaker, migrate
from consultant_server.core.security import Passwords
from consultant_server.main import create_app
from consultant_server.models import Role, User
from consultant_server.services import accounts
from tests.consultant_server.support import (
    BACKENDS,
    CHEAP_HASHING,
    NO_PG,
    PASSWORD,
    PG_URL,
    START,
    FakeClock,
    TestClient,
    pg_url_for_schema,
)


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine]:
    """An autocommit engine on TEST_DATABASE_URL for creating and dropping test schemas."""
    if not PG_URL:
        pytest.skip(NO_PG)
    engine = make_engine(PG_URL, poolclass=NullPool)
    yield engine.execution_options(isolation_level="AUTOCOMMIT")
    engine.dispose()


@pytest.fixture
def pg_schema(pg_admin: Engine) -> Iterator[str]:
    """A new, empty schema for one test, dropped (with everything in it) afterwards."""
    schema = f"showroom_test_{uuid.uuid4().hex[:16]}"
    with pg_admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield schema
    with pg_admin.connect() as conn:
        conn.execute(text("SET lock_timeout = '10s'"))
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server' / 'server.sqlite3'}"
    schema: str = request.getfixturevalue("pg_schema")
    return pg_url_for_schema(schema)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on the migrated database."""
    engine = make_engine(database_url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_sessionmaker(engine)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, **CHEAP_HASHING)


@pytest.fixture
def passwords(settings: Settings) -> Passwords:
    return Passwords.from_settings(settings)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def client(settings: Settings, engine: Engine, clock: FakeClock) -> Iterator[TestClient]:
    """The app on the migrated database, through FastAPI's test client (lifespan included)."""
    with TestClient(create_app(settings, clock=clock)) as test_client:
        yield test_client


MakeUser = Callable[..., User]


@pytest.fixture
def make_user(sessions: sessionmaker[Session], passwords: Passwords, clock: FakeClock) -> MakeUser:
    """Create a user through the service layer (as `consultant-server user add` does)."""

    def make(
        username: str,
        *,
        role: Role = Role.CONSULTANT,
        showroom: str = "一号展厅",
        display_name: str = "张伟",
        password: str = PASSWORD,
    ) -> User:
        with sessions() as session:
            return accounts.create_user(
                session,
                username=username,
                display_name=display_name,
                role=role,
                showroom_name=showroom,
                password=password,
                passwords=passwords,
                clock=clock,
            )

    return make


@pytest.fixture
def team(make_user: MakeUser) -> dict[str, User]:
    """Two consultants and their manager in 一号展厅, and a consultant of 二号展厅."""
    return {
        "zhangwei": make_user("zhangwei", display_name="张伟"),
        "lina": make_user("lina", display_name="李娜"),
        "wangfang": make_user("wangfang", display_name="王芳", role=Role.MANAGER),
        "chenjie": make_user("chenjie", display_name="陈杰", showroom="二号展厅"),
    }
