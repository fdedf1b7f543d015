"""GET /client/release: the desk's update check (`consultant_server.services.releases`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from consultant_server.api.deps import ContextDep, CurrentUser, SessionDep
from consultant_server.core.versions import is_supported
from consultant_server.schemas import ClientReleasePublic, ClientReleaseResponse, ErrorBody
from consultant_server.services import releases as service

router = APIRouter(prefix="/client", tags=["client updates"])

RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "No live token"},
}


@router.get("/release", responses=RESPONSES)
def latest_release(
    _user: CurrentUser,
    session: SessionDep,
    context: ContextDep,
    version: Annotated[
        str,
        Query(
            min_length=1,
            max_length=service.MAX_VERSION,
            description="The version the desk runs",
            examples=["1.3.2"],
        ),
    ],
    channel: Annotated[
        Literal["stable", "beta"],
        Query(description="The desk's update channel; beta also sees stable releases"),
    ] = "stable",
    platform: Annotated[
        Literal["windows", "macos", "linux"] | None,
        Query(description="The desk's system; left out: only releases for any system"),
    ] = None,
) -> ClientReleaseResponse:
    """The newest release the desk is offered, if newer than `version`; asked after a sync.

    Answered to clients older than `min_client_version` too (sync refuses them with 426), so
    they can offer the download.
    """
    found = service.latest_for(session, channel=channel, platform=platform, running=version)
    minimum = context.settings.min_client_version
    return ClientReleaseResponse(
        release=None
        if found is None
        else ClientReleasePublic.model_validate(found, from_attributes=True),
        min_client_version=minimum,
        update_required=not is_supported(version.strip(), minimum),
    )
