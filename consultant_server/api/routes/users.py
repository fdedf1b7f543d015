"""The signed-in user's own account."""

from __future__ import annotations

from fastapi import APIRouter

from consultant_server.api.deps import CurrentUser
from consultant_server.schemas import ErrorBody, UserPublic

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/me", responses={401: {"model": ErrorBody, "description": "No live token"}})
def read_me(user: CurrentUser) -> UserPublic:
    """The user the token belongs to; there is no way to name another user here."""
    return UserPublic.of(user)
