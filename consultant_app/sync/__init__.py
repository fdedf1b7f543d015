"""Sync: the wire formats shared with the server, and (later) the client's sync engine."""
