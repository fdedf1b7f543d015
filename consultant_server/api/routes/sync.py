"""Sync: push a device's mutations, pull the changes after a cursor, or a full snapshot.

docs/sync-protocol.md is the design; the work is in `consultant_server.services.sync`
(push) and `consultant_server.services.pull` (pull and snapshot).
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from consultant_server.api.deps import ContextDep, CurrentToken, SessionDep
from consultant_server.errors import DatabaseUnavailableError, DeviceMismatchError
from consultant_server.models import Device
from consultant_server.schemas import (
    ErrorBody,
    MutationOutcomeBody,
    PullResponse,
    PushRequest,
    PushResponse,
)
from consultant_server.services import pull as pulling
from consultant_server.services import sync
from consultant_server.services.pull import DEFAULT_LIMIT, MAX_LIMIT, Page

router = APIRouter(prefix="/sync", tags=["sync"])

Responses = dict[int | str, dict[str, Any]]
COMMON: Responses = {
    401: {"model": ErrorBody, "description": "No live token"},
    426: {"model": ErrorBody, "description": "The client is too old to sync; update it"},
    503: {"model": ErrorBody, "description": "The database is unavailable; retry later"},
}
REBOOTSTRAP: Responses = {
    400: {"model": ErrorBody, "description": "Not a cursor this server gave out"},
    410: {
        "model": ErrorBody,
        "description": "The cursor cannot be continued (error `rebootstrap`, with `reason`):"
        " push what is pending, then fetch /sync/snapshot",
    },
}
CursorParam = Annotated[str, Query(max_length=512, description="The cursor of the last page")]
LimitParam = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
VersionParam = Annotated[
    str | None,
    Query(
        max_length=32,
        description="The client's version; defaults to the one it signed in with",
    ),
]
ReadsParam = Annotated[
    list[str] | None,
    Query(
        max_length=16,
        description="Entities beyond the first protocol's that the client reads (such as"
        " `keyword_rule`); others are not served to it",
    ),
]


@router.post(
    "/push",
    # An outcome without `current` (every ``applied`` one) leaves the key out, as before it.
    response_model_exclude_unset=True,
    responses={
        **COMMON,
        403: {"model": ErrorBody, "description": "The body names another device"},
    },
)
def push(
    body: PushRequest, token: CurrentToken, session: SessionDep, context: ContextDep
) -> PushResponse:
    """Apply the device's mutations in order, each once, each in its own transaction.

    Every mutation gets ``applied`` or ``rejected`` (with a reason; final, and with the
    server's `current` rows of what it created or changed, so the client can take its local
    effect back). A replayed mutation gets the answer recorded the first time. When the
    database fails midway, the outcomes stop there and the client pushes the rest later.
    """
    minimum = context.settings.min_client_version
    sync.check_client_version(body.client_version, minimum)
    if body.device_id != token.device_id:
        raise DeviceMismatchError()
    device = session.get(Device, token.device_id)
    assert device is not None  # a token always has its device
    result = sync.push(
        session,
        token.user,
        device,
        body.mutations,
        client_version=body.client_version,
        clock=context.clock,
    )
    if body.mutations and not result.outcomes:
        raise DatabaseUnavailableError()
    return PushResponse(
        outcomes=[
            MutationOutcomeBody.model_validate(o.to_wire().to_json()) for o in result.outcomes
        ],
        min_client_version=minimum,
    )


@router.get("/pull", response_model=PullResponse, responses={**COMMON, **REBOOTSTRAP})
def pull(
    token: CurrentToken,
    session: SessionDep,
    context: ContextDep,
    cursor: CursorParam = "",
    limit: LimitParam = DEFAULT_LIMIT,
    client_version: VersionParam = None,
    reads: ReadsParam = None,
) -> Response:
    """The changes after `cursor` the signed-in user may see, in `seq` order.

    An empty cursor starts at the beginning. Keep pulling while `more` is true.
    """
    _check_version(token.device_id, client_version, session, context)
    return _page(pulling.pull(session, token.user, cursor, limit, reads or ()), context)


@router.get("/snapshot", response_model=PullResponse, responses={**COMMON, **REBOOTSTRAP})
def snapshot(
    token: CurrentToken,
    session: SessionDep,
    context: ContextDep,
    cursor: CursorParam = "",
    limit: LimitParam = DEFAULT_LIMIT,
    client_version: VersionParam = None,
    reads: ReadsParam = None,
) -> Response:
    """The full current state the user may see, in pages, for a client starting over.

    Every row comes as an ``upsert``. The last page (``more`` false) returns an ordinary
    cursor: pull from it to receive what changed while the snapshot was fetched.
    """
    _check_version(token.device_id, client_version, session, context)
    return _page(pulling.snapshot(session, token.user, cursor, limit, reads or ()), context)


def _check_version(
    device_id: uuid.UUID, client_version: str | None, session: SessionDep, context: ContextDep
) -> None:
    if client_version is None:
        device = session.get(Device, device_id)
        assert device is not None
        client_version = device.client_version
    sync.check_client_version(client_version, context.settings.min_client_version)


def _page(page: Page, context: ContextDep) -> Response:
    """The page as a `PullResponse`, written directly: its changes are JSON text already."""
    body = page.to_json(context.settings.min_client_version)
    return Response(body, media_type="application/json")
