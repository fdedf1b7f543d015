"""Taking on the server's identity at sign-in: the workspace's consultant becomes the user.

Before its first sign-in a workspace has a local consultant id. The server knows the user by
another id, and every pulled row names that one, so at sign-in the local rows are re-keyed to
it (in one transaction). A workspace bound to one server account is never handed to another.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from consultant_app.clock import utcnow
from consultant_app.errors import ShowroomError
from consultant_app.store.database import Workspace
from consultant_app.store.schema import (
    Activity,
    Consultant,
    Contact,
    LocalState,
    StageChange,
    table_of,
)

BOUND_KEY = "server_user_id"


class OtherAccountError(ShowroomError):
    """This data folder already belongs to another consultant's account."""


@dataclass(frozen=True, slots=True)
class ServerUser:
    """The signed-in user as the server describes them."""

    id: str
    username: str
    display_name: str
    showroom: str = ""
    title: str = ""


def bound_user(workspace: Workspace) -> str | None:
    """The server user this workspace belongs to, if it has signed in before."""
    row = (
        workspace.reader()
        .execute("SELECT value FROM local_state WHERE key = ?", (BOUND_KEY,))
        .fetchone()
    )
    return None if row is None else str(row[0])


def adopt_identity(workspace: Workspace, user: ServerUser) -> None:
    """Make `user` this workspace's consultant, re-keying what the local consultant made."""
    bound = bound_user(workspace)
    if bound is not None and bound != user.id:
        raise OtherAccountError(f"this data folder belongs to account {bound}")
    old = workspace.consultant_id
    now = utcnow()
    with workspace.transaction() as session:
        if old != user.id:
            # Free the username the local row holds, so the server's row can take it.
            session.execute(
                update(Consultant).where(Consultant.id == old).values(username=f"local-{old}")
            )
        clash = session.execute(
            select(Consultant.id).where(
                Consultant.username == user.username, Consultant.id != user.id
            )
        ).scalar_one_or_none()
        if clash is not None:
            session.execute(
                update(Consultant).where(Consultant.id == clash).values(username=f"old-{clash}")
            )
        values = {
            "id": user.id,
            "username": user.username,
            "display_name": user.display_name,
            "showroom": user.showroom,
            "title": user.title,
            "created_at": now,
            "updated_at": now,
        }
        statement = sqlite_insert(table_of(Consultant)).values(**values)
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["id"],
                set_={k: v for k, v in values.items() if k not in {"id", "created_at"}},
            )
        )
        if old != user.id:
            session.execute(update(Contact).where(Contact.owner_id == old).values(owner_id=user.id))
            session.execute(
                update(StageChange).where(StageChange.changed_by == old).values(changed_by=user.id)
            )
            session.execute(
                update(Activity).where(Activity.created_by == old).values(created_by=user.id)
            )
            session.execute(delete(Consultant).where(Consultant.id == old))
        for key, value in (("consultant_id", user.id), (BOUND_KEY, user.id)):
            statement = sqlite_insert(table_of(LocalState)).values(key=key, value=value)
            session.execute(
                statement.on_conflict_do_update(index_elements=["key"], set_={"value": value})
            )
    workspace.consultant_id = user.id
