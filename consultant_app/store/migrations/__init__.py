"""Alembic migration scripts for the local database (configured in code, no alembic.ini)."""
