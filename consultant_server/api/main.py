"""The API's routers, gathered in one (as the FastAPI full-stack template does)."""

from __future__ import annotations

from fastapi import APIRouter

from consultant_server.api.routes import (
    auth,
    channels,
    contacts,
    health,
    keyword_rules,
    landing,
    materials,
    radar,
    releases,
    sync,
    users,
    wait,
)
from consultant_server.schemas import ErrorBody

#: Error bodies every route may answer with, listed in the OpenAPI schema.
COMMON_RESPONSES: dict[int | str, dict[str, object]] = {
    400: {"model": ErrorBody, "description": "Malformed JSON"},
    413: {"model": ErrorBody, "description": "Request body over the limit"},
    422: {"model": ErrorBody, "description": "The request breaks a rule"},
}

api_router = APIRouter(responses=COMMON_RESPONSES)
api_router.include_router(health.router)
api_router.include_router(auth.router)
api_router.include_router(users.router)
api_router.include_router(sync.router)
api_router.include_router(wait.router)
api_router.include_router(contacts.router)
api_router.include_router(channels.router)
api_router.include_router(landing.router)
api_router.include_router(materials.router)
api_router.include_router(radar.router)
api_router.include_router(radar.public)
api_router.include_router(keyword_rules.router)
api_router.include_router(releases.router)
