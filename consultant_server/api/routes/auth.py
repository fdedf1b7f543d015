"""Signing in (a token per device) and signing out."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Response, status

from consultant_server.api.deps import ContextDep, CurrentToken, SessionDep
from consultant_server.schemas import ErrorBody, LoginRequest, LoginResponse, UserPublic
from consultant_server.services import accounts

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post(
    "/login",
    responses={
        401: {"model": ErrorBody, "description": "Wrong username or password, or deactivated"},
        409: {"model": ErrorBody, "description": "The device belongs to another user"},
    },
)
def login(body: LoginRequest, session: SessionDep, context: ContextDep) -> LoginResponse:
    """Check the password and return a new bearer token for this device.

    A newer sign-in on the same device revokes that device's older tokens.
    """
    settings = context.settings
    result = accounts.login(
        session,
        username=body.username,
        password=body.password,
        device_id=body.device_id,
        client_version=body.client_version,
        passwords=context.passwords,
        token_ttl=timedelta(days=settings.token_ttl_days),
        clock=context.clock,
    )
    return LoginResponse(
        token=result.token,
        expires_at=result.expires_at,
        user=UserPublic.of(result.user),
        min_client_version=settings.min_client_version,
    )


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={401: {"model": ErrorBody, "description": "No live token"}},
)
def logout(token: CurrentToken, session: SessionDep, context: ContextDep) -> Response:
    """Revoke the token this request carries; it stops working at once."""
    accounts.logout(session, token, clock=context.clock)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
