"""Dependencies the routes declare: the database session, settings, and the signed-in user."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from consultant_server.core.config import Settings
from consultant_server.core.ratelimit import LandingLimits
from consultant_server.core.security import Passwords
from consultant_server.errors import TokenMissingError
from consultant_server.models import AuthToken, User
from consultant_server.services import accounts
from consultant_server.services.changelog import Clock


@dataclass(frozen=True, slots=True)
class ServerContext:
    """What one app instance shares between requests (kept on ``app.state.context``)."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    passwords: Passwords
    clock: Clock
    #: The public landing pages' rate limits (in this process's memory).
    landing_limits: LandingLimits


def get_context(request: Request) -> ServerContext:
    context: ServerContext = request.app.state.context
    return context


ContextDep = Annotated[ServerContext, Depends(get_context)]


def get_session(context: ContextDep) -> Iterator[Session]:
    """A session for this request only; whatever it did not commit is rolled back."""
    with context.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]

bearer = HTTPBearer(
    auto_error=False, description="The token POST /auth/login returned", bearerFormat="opaque"
)


def get_current_token(
    session: SessionDep,
    context: ContextDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> AuthToken:
    """The live token the request carries; 401 when missing, unknown, expired or revoked."""
    if credentials is None:
        raise TokenMissingError()
    return accounts.authenticate(session, credentials.credentials, clock=context.clock)


CurrentToken = Annotated[AuthToken, Depends(get_current_token)]


def get_current_user(token: CurrentToken) -> User:
    """The active user the token belongs to; permissions come from here, never from a body."""
    return token.user


CurrentUser = Annotated[User, Depends(get_current_user)]
