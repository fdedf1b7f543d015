"""The local SQLite store: schema, migrations, opening a workspace, and read queries."""
