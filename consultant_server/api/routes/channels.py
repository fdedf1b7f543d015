"""Channels, live codes, the duty roster, re-targeting and statistics, for signed-in users.

A consultant sees and changes their own (and sees the showroom's channels and duty codes); a
manager the whole showroom's. Another consultant's channel or code looks unknown (404). The
work is in `consultant_server.services.channels`; the desktop does the same offline through
pushed mutations (docs/sync-protocol.md, "Channels and live codes").
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status

from consultant_app.services.channels import ChannelDraft
from consultant_app.sync.wire import CodeKind
from consultant_server.api.deps import ContextDep, CurrentUser, SessionDep
from consultant_server.models import Channel, ChannelCode
from consultant_server.schemas import (
    ChannelCreate,
    ChannelPublic,
    ChannelUpdate,
    CodeCreate,
    CodePublic,
    CodeStatusBody,
    CodeTargetBody,
    ErrorBody,
    RosterBody,
    RosterPublic,
    RosterSlotBody,
    StatsResponse,
    StatsRowBody,
)
from consultant_server.services import channels as channel_service
from consultant_server.services.channels import Roster, RosterSlot, StatsGroup

router = APIRouter(tags=["channels"])

Responses = dict[int | str, dict[str, Any]]
COMMON: Responses = {
    401: {"model": ErrorBody, "description": "No live token"},
    404: {"model": ErrorBody, "description": "Unknown, or another consultant's"},
}
FORBIDDEN: Responses = {403: {"model": ErrorBody, "description": "Managers only"}}
CONFLICT: Responses = {409: {"model": ErrorBody, "description": "The id names another record"}}


def base_url(request: Request, context: ContextDep) -> str:
    """Where phones reach the server: the configured public URL, else this request's."""
    return context.settings.public_url or str(request.base_url).rstrip("/")


def code_body(code: ChannelCode, base: str) -> CodePublic:
    return CodePublic(
        id=code.id,
        channel_id=code.channel_id,
        kind=CodeKind(code.kind).value,
        owner_id=code.owner_id,
        target_id=code.target_id,
        token=code.token,
        url=f"{base}/q/{code.token}",
        status=code.status,  # type: ignore[arg-type]  # the table's CHECK keeps it one of three
        created_at=code.created_at,
        updated_at=code.updated_at,
    )


def channel_body(channel: Channel, codes: tuple[ChannelCode, ...], base: str) -> ChannelPublic:
    return ChannelPublic(
        id=channel.id,
        owner_id=channel.owner_id,
        builtin=channel.builtin,
        name=channel.name,
        benefit=channel.benefit,
        welcome=channel.welcome,
        tags=list(channel.tags),
        archived_at=channel.archived_at,
        created_at=channel.created_at,
        updated_at=channel.updated_at,
        codes=[code_body(code, base) for code in codes],
    )


@router.get("/channels", responses=COMMON)
def list_channels(
    user: CurrentUser, session: SessionDep, request: Request, context: ContextDep
) -> list[ChannelPublic]:
    """The channels the user sees (the showroom's and their own; a manager all of the
    showroom's), each with its codes (a consultant's own and the duty codes; a manager all)."""
    base = base_url(request, context)
    return [
        channel_body(item.channel, item.codes, base)
        for item in channel_service.list_channels(session, user)
    ]


@router.post(
    "/channels", status_code=status.HTTP_201_CREATED, responses={**COMMON, **FORBIDDEN, **CONFLICT}
)
def create_channel(
    body: ChannelCreate,
    user: CurrentUser,
    session: SessionDep,
    request: Request,
    context: ContextDep,
) -> ChannelPublic:
    """Add a channel: the user's own, or with `shared` (managers) the showroom's, for which
    every active consultant gets a code at once."""
    channel = channel_service.create_channel_now(
        session,
        user,
        ChannelDraft(body.name, body.benefit, body.welcome, tuple(body.tags)),
        channel_id=body.id,
        shared=body.shared,
        clock=context.clock,
    )
    return _one_channel(session, user, channel.id, request, context)


@router.patch("/channels/{channel_id}", responses={**COMMON, **FORBIDDEN})
def update_channel(
    channel_id: uuid.UUID,
    body: ChannelUpdate,
    user: CurrentUser,
    session: SessionDep,
    request: Request,
    context: ContextDep,
) -> ChannelPublic:
    """Change a channel's name, benefit, welcome, tags or archived state (the user's own; a
    manager any of the showroom's)."""
    channel_service.update_channel_now(
        session, user, channel_id, body.model_dump(exclude_unset=True), clock=context.clock
    )
    return _one_channel(session, user, channel_id, request, context)


@router.post(
    "/channels/{channel_id}/codes",
    status_code=status.HTTP_201_CREATED,
    responses={**COMMON, **FORBIDDEN, **CONFLICT},
)
def request_code(
    channel_id: uuid.UUID,
    body: CodeCreate,
    user: CurrentUser,
    session: SessionDep,
    request: Request,
    context: ContextDep,
) -> CodePublic:
    """The user's code for the channel (their live one if they have it), or (managers) a new
    duty code of a showroom channel."""
    code = channel_service.request_code_now(
        session,
        user,
        channel_id,
        code_id=body.id,
        kind=CodeKind(body.kind),
        clock=context.clock,
    )
    return code_body(code, base_url(request, context))


@router.post("/codes/{code_id}/status", responses={**COMMON, **FORBIDDEN})
def set_code_status(
    code_id: uuid.UUID,
    body: CodeStatusBody,
    user: CurrentUser,
    session: SessionDep,
    request: Request,
    context: ContextDep,
) -> CodePublic:
    """Pause (scans go to the duty consultant), resume, or revoke a code for good."""
    code = channel_service.set_code_status_now(
        session, user, code_id, body.status, clock=context.clock
    )
    return code_body(code, base_url(request, context))


@router.post("/codes/{code_id}/target", responses={**COMMON, **FORBIDDEN})
def retarget_code(
    code_id: uuid.UUID,
    body: CodeTargetBody,
    user: CurrentUser,
    session: SessionDep,
    request: Request,
    context: ContextDep,
) -> CodePublic:
    """Send a consultant code's scans to another active user of the showroom (null: back to
    its owner), without reprinting it."""
    code = channel_service.retarget_code_now(
        session, user, code_id, body.target_id, clock=context.clock
    )
    return code_body(code, base_url(request, context))


@router.get("/duty", responses=COMMON)
def read_roster(user: CurrentUser, session: SessionDep) -> RosterPublic:
    """The showroom's duty roster (anyone of the showroom may read it)."""
    return _roster_body(channel_service.read_roster(session, user))


@router.put("/duty", responses={**COMMON, **FORBIDDEN})
def set_roster(
    body: RosterBody, user: CurrentUser, session: SessionDep, context: ContextDep
) -> RosterPublic:
    """Replace the showroom's duty roster (managers)."""
    roster = channel_service.set_roster(
        session,
        user,
        daily_cap=body.daily_cap,
        backup_id=body.backup_id,
        slots=[RosterSlot(s.weekday, s.user_id, s.daily_cap) for s in body.slots],
        clock=context.clock,
    )
    return _roster_body(roster)


@router.get("/stats/channels", responses=COMMON)
def channel_stats(
    user: CurrentUser,
    session: SessionDep,
    start: Annotated[date, Query(description="First day (the showroom's calendar)")],
    end: Annotated[date, Query(description="Last day, included")],
    group: Annotated[StatsGroup, Query(description="channel or consultant")] = StatsGroup.CHANNEL,
) -> StatsResponse:
    """Scans, leads and how many of those leads reached each later stage, per channel or per
    consultant: a consultant's own numbers, a manager's whole showroom."""
    found = channel_service.channel_stats(session, user, start, end, group)
    return StatsResponse(
        start=start,
        end=end,
        group=group.value,
        rows=[
            StatsRowBody(
                id=row.key,
                name=row.label,
                scans=row.scans,
                leads=row.leads,
                again=row.again,
                reached=row.reached,
            )
            for row in found
        ],
    )


def _one_channel(
    session: SessionDep,
    user: CurrentUser,
    channel_id: uuid.UUID,
    request: Request,
    context: ContextDep,
) -> ChannelPublic:
    for item in channel_service.list_channels(session, user):
        if item.channel.id == channel_id:
            return channel_body(item.channel, item.codes, base_url(request, context))
    raise AssertionError("a channel the user just wrote is one they see")


def _roster_body(roster: Roster) -> RosterPublic:
    return RosterPublic(
        daily_cap=roster.daily_cap,
        backup_id=roster.backup_id,
        slots=[
            RosterSlotBody(weekday=s.weekday, user_id=s.user_id, daily_cap=s.daily_cap)
            for s in roster.slots
        ],
        updated_at=roster.updated_at,
    )
