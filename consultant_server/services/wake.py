"""Waking desks when the change log grows: the work behind the `/sync/wait` long poll.

A desk that is online keeps one `/sync/wait` request open; it returns as soon as a change the
user may see is committed after the desk's cursor, and the desk then syncs. So a customer who
scans a code and leaves a number is on the consultant's kanban within seconds, not at the
next minute's idle round. The request holds no database connection while it waits: each
check opens a short session, and between checks the route sleeps on `changelog.COMMITS`, a
counter this process bumps after every commit that appended to the log (other server processes'
commits are found by the periodic re-check).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from consultant_server.services import accounts
from consultant_server.services.changelog import Clock
from consultant_server.services.pull import Cursor, log_position, pull


@dataclass(frozen=True, slots=True)
class WaitCheck:
    """Whether the user has something to pull after the cursor, and the cursor to wait on next.

    Unchanged: the cursor moves to the log's mark (what lies below it is not the user's), so
    the next check scans only newer rows. Changed: the mark after the check; the sync the desk
    starts now pulls everything up to at least that.
    """

    changed: bool
    cursor: str


def check(sessions: sessionmaker[Session], token: str, cursor: str, clock: Clock) -> WaitCheck:
    """One check in a short session of its own; raises what authentication and pull raise
    (401 for a dead token, 410 when the cursor cannot be continued)."""
    with sessions() as session:
        user = accounts.authenticate(session, token, clock=clock).user
        page = pull(session, user, cursor, limit=1)
        if not page.changes:
            return WaitCheck(False, page.cursor)
        state, mark = log_position(session)
        return WaitCheck(True, Cursor(state.epoch, mark).encode())
