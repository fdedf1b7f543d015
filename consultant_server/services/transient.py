"""Which database failures are transient: the client keeps its mutations and retries later."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError


def is_transient(exc: BaseException) -> bool:
    """True for a database that is down, unreachable, timed out or broke off the connection.

    Such a failure says nothing about the request; retrying it later may well succeed.
    (PostgreSQL's deadlock and serialisation failures are OperationalErrors too.)
    """
    if isinstance(exc, OperationalError | InterfaceError | PoolTimeoutError):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated
