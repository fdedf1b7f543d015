"""The FastAPI application: `create_app(settings)` builds one, with its own engine."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.responses import Response

from consultant_app import __version__
from consultant_app.clock import utcnow
from consultant_server.api import errors
from consultant_server.api.deps import ServerContext
from consultant_server.api.errors import error_response
from consultant_server.api.main import api_router
from consultant_server.api.middleware import (
    BodyLimitMiddleware,
    PrefixLimit,
    VersionHeaderMiddleware,
)
from consultant_server.api.routes import landing, materials
from consultant_server.core.config import Settings
from consultant_server.core.db import check_schema, make_engine, make_sessionmaker
from consultant_server.core.ratelimit import LandingLimits
from consultant_server.core.security import Passwords
from consultant_server.services.changelog import Clock

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, *, clock: Clock = utcnow) -> FastAPI:
    """An app serving `settings.database_url`; it refuses to start on an unmigrated database.

    `clock` is the server's notion of now (tests pass one they can move).
    """
    settings = settings or Settings()
    engine = make_engine(settings.database_url)
    context = ServerContext(
        settings=settings,
        engine=engine,
        sessions=make_sessionmaker(engine),
        passwords=Passwords.from_settings(settings),
        clock=clock,
        landing_limits=LandingLimits.per_minute(
            views_per_ip=settings.landing_views_per_ip,
            views_per_code=settings.landing_views_per_code,
            submits_per_ip=settings.landing_submits_per_ip,
            submits_per_code=settings.landing_submits_per_code,
        ),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        check_schema(engine)
        log.info("serving %s", engine.url.render_as_string(hide_password=True))
        try:
            yield
        finally:
            engine.dispose()

    app = FastAPI(
        title="Showroom Desk server",
        summary="展厅顾问台 central server: accounts, sign-in, sync and live codes",
        version=__version__,
        lifespan=lifespan,
    )
    app.state.context = context
    errors.install(app)
    app.include_router(api_router)
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        prefix_limits=[
            PrefixLimit(landing.PREFIX, settings.landing_max_body_bytes, landing.too_large_page),
            *(
                PrefixLimit(prefix, settings.material_max_file_bytes, _too_large_upload)
                for prefix in materials.UPLOAD_PREFIXES
            ),
        ],
    )
    app.add_middleware(VersionHeaderMiddleware, min_client_version=settings.min_client_version)
    return app


def _too_large_upload(limit: int) -> Response:
    """What `BodyLimitMiddleware` answers for a material file or import over the limit."""
    return error_response(
        413, "content_too_large", f"the file is larger than the limit of {limit} bytes"
    )
