"""Alembic environment: runs on the connection handed in by `consultant_server.core.db.migrate`."""

from __future__ import annotations

from alembic import context

from consultant_server.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying
)
with context.begin_transaction():
    context.run_migrations()
