"""Migrations build the schema the models describe, on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Engine

from consultant_server.core.config import Settings
from consultant_server.core.db import (
    check_schema,
    current_revision,
    head_revision,
    make_engine,
    migrate,
)
from consultant_server.errors import SchemaNotCurrentError
from consultant_server.main import create_app
from consultant_server.models import Base, LogCounter, ServerState
from tests.consultant_server.support import TestClient

TABLES = {
    "showroom",
    "user_account",
    "device",
    "auth_token",
    "log_counter",
    "change_log",
    "applied_mutation",
    "server_state",
    "contact",
    "stage_change",
    "activity",
    "reminder",
    "tag",
    "contact_tag",
    "field_conflict",
    "contact_reassignment",
    "channel",
    "channel_code",
    "duty_roster",
    "duty_slot",
    "scan",
    "material_category",
    "material_file",
    "material_file_showroom",
    "material",
    "material_use",
    "material_link",
    "material_link_open",
    "keyword_rule",
    "client_release",
}


def schema_diff(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_migrate_creates_every_table_at_the_head_revision(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        assert current_revision(engine) is None
        assert migrate(engine) == (None, head_revision())
        assert current_revision(engine) == head_revision()
        assert set(inspect(engine).get_table_names()) == TABLES | {"alembic_version"}
        check_schema(engine)
    finally:
        engine.dispose()


def test_the_migrated_schema_matches_the_models(engine: Engine) -> None:
    assert schema_diff(engine) == []


def test_the_schema_comparison_notices_a_missing_index(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_change_log_showroom_seq"))
    assert [d[0] for d in schema_diff(engine)] == ["add_index"]  # type: ignore[index]


def test_migrating_twice_changes_nothing(engine: Engine) -> None:
    with engine.connect() as conn:
        epoch = conn.scalar(select(ServerState.epoch))
    assert migrate(engine) == (head_revision(), head_revision())
    with engine.connect() as conn:
        assert conn.scalar(select(ServerState.epoch)) == epoch


def test_a_new_database_starts_an_empty_log_under_a_fresh_epoch(engine: Engine) -> None:
    with engine.connect() as conn:
        assert conn.execute(select(LogCounter.id, LogCounter.value)).all() == [(1, 0)]
        state = conn.execute(select(ServerState)).one()
    assert state.id == 1
    assert isinstance(state.epoch, uuid.UUID)
    assert state.min_retained_seq == 0


def test_the_counter_and_state_tables_refuse_a_second_row(engine: Engine) -> None:
    from sqlalchemy.exc import IntegrityError

    for table in ("log_counter", "server_state"):
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text(f"UPDATE {table} SET id = 2"))


def test_the_app_refuses_to_start_on_an_unmigrated_database(database_url: str) -> None:
    app = create_app(Settings(database_url=database_url))
    with pytest.raises(SchemaNotCurrentError, match="consultant-server migrate"):  # noqa: SIM117
        with TestClient(app):
            pass
