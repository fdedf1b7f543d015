"""`GET /sync/wait`: a long poll that answers as soon as the user has something to pull.

Asynchronous on purpose: dozens of desks keep one open each, so a waiting request must hold
neither a worker thread nor a database connection. Each check runs in the thread pool in a
short session of its own (`services.wake.check`); between checks the request sleeps on this
process's commit counter and re-checks every `RECHECK_S` anyway, for commits made by other
server processes.
"""

from __future__ import annotations

import asyncio
import time
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials
from starlette.concurrency import run_in_threadpool

from consultant_server.api.deps import ContextDep, bearer
from consultant_server.errors import TokenMissingError
from consultant_server.schemas import ErrorBody, WaitResponse
from consultant_server.services import wake
from consultant_server.services.changelog import COMMITS
from consultant_server.serving import draining

router = APIRouter(prefix="/sync", tags=["sync"])

#: The longest wait a client may ask for (below common proxies' 60 s idle cut-off).
MAX_WAIT_S = 50.0
#: How often a waiting request checks the log even when this process committed nothing.
RECHECK_S = 2.0
#: How often it looks at the commit counter (and whether the client went away).
TICK_S = 0.1


@router.get(
    "/wait",
    responses={
        401: {"model": ErrorBody, "description": "No live token"},
        400: {"model": ErrorBody, "description": "Not a cursor this server gave out"},
        410: {"model": ErrorBody, "description": "The cursor cannot be continued: sync now"},
    },
)
async def wait(
    request: Request,
    context: ContextDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    cursor: Annotated[str, Query(max_length=512, description="The desk's pull cursor")] = "",
    timeout: Annotated[float, Query(ge=0, le=MAX_WAIT_S, description="Seconds to wait")] = 25.0,
) -> WaitResponse:
    """Return when a change the user may see lies after `cursor` (``changed`` true: pull
    now), or after `timeout` seconds (``changed`` false). Either way, wait next on the
    returned `cursor`; it is only for waiting, never for pulling."""
    if credentials is None:
        raise TokenMissingError()
    token = credentials.credentials
    deadline = time.monotonic() + timeout
    while True:
        seen = COMMITS.value
        found = await run_in_threadpool(wake.check, context.sessions, token, cursor, context.clock)
        now = time.monotonic()
        if found.changed or now >= deadline:
            return WaitResponse(changed=found.changed, cursor=found.cursor)
        cursor = found.cursor
        recheck = min(deadline, now + RECHECK_S)
        while time.monotonic() < recheck and COMMITS.value == seen:
            # The desk closed or quit, or the server is stopping (it waits again elsewhere).
            if draining(request.app) or await request.is_disconnected():
                return WaitResponse(changed=False, cursor=cursor)
            await asyncio.sleep(TICK_S)
