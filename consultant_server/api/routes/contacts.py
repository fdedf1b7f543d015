"""Managers' actions on their showroom's customers: reassignment (离职继承 and manual)."""

from __future__ import annotations

from fastapi import APIRouter

from consultant_server.api.deps import ContextDep, CurrentUser, SessionDep
from consultant_server.schemas import ErrorBody, ReassignRequest, ReassignResponse
from consultant_server.services import reassign as reassigning

router = APIRouter(prefix="/contacts", tags=["contacts"])


@router.post(
    "/reassign",
    responses={
        401: {"model": ErrorBody, "description": "No live token"},
        403: {"model": ErrorBody, "description": "Only managers reassign customers"},
        404: {
            "model": ErrorBody,
            "description": "An unknown user or contact (those of other showrooms look the same)",
        },
        422: {
            "model": ErrorBody,
            "description": "The new owner is deactivated or the same user, or a contact named"
            " is not `from_user`'s",
        },
    },
)
def reassign(
    body: ReassignRequest, user: CurrentUser, session: SessionDep, context: ContextDep
) -> ReassignResponse:
    """Move `from_user`'s customers (all, or `contact_ids`) to `to_user`, in one transaction.

    The old owner's clients drop the contacts at their next pull; the new owner's receive them
    with their whole history. Nothing moves when the request is refused.
    """
    result = reassigning.reassign_by_name(
        session, user, body.from_user, body.to_user, body.contact_ids, clock=context.clock
    )
    return ReassignResponse(moved=result.moved)
