"""Alembic migrations of the server database (run by `consultant-server migrate`)."""
