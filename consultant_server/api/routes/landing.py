"""The public pages of live codes: ``GET /q/<token>``, its form, and the thanks page.

These take hostile input from anyone. Before the database is touched: the per-IP and
per-code rate limits (`consultant_server.core.ratelimit`, per process), the token's form,
and the body size (`BodyLimitMiddleware`, a small limit under ``/q/``). Every answer is a
small HTML page with the security headers of `consultant_server.api.pages`; an unknown or
revoked code, too many tries, a bad form or a fault each get a friendly Chinese page, never
a JSON error or a bare 500. The work is in `consultant_server.services.landing`.
"""

from __future__ import annotations

import logging
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.exc import SQLAlchemyError

from consultant_server.api import pages
from consultant_server.api.deps import ContextDep, SessionDep
from consultant_server.services import landing
from consultant_server.services.channels import NobodyAvailableError, is_token

log = logging.getLogger(__name__)

router = APIRouter(tags=["landing"], include_in_schema=False)

#: The prefix whose requests get the landing pages' body limit and pages.
PREFIX = "/q/"
#: Most fields a submission may carry (the form has seven).
MAX_FIELDS = 20


async def form_body(request: Request) -> bytes:
    """The request body (already size-checked by `BodyLimitMiddleware`)."""
    return await request.body()


def client_ip(request: Request) -> str:
    """The visitor's address; behind a reverse proxy, uvicorn's proxy headers set it
    (``--forwarded-allow-ips`` / ``FORWARDED_ALLOW_IPS`` names the trusted proxy)."""
    return request.client.host if request.client else "unknown"


def _too_many(wait: float) -> Response:
    return pages.friendly(pages.TOO_MANY, headers={"Retry-After": str(max(1, round(wait + 0.5)))})


def _failure(exc: Exception, what: str) -> Response:
    """The friendly page for a fault; logged, since someone should look."""
    if isinstance(exc, landing.CodeNotFoundError):
        return pages.friendly(pages.NOT_FOUND, cache=pages.SHORT_CACHE)
    if isinstance(exc, landing.CodeRevokedError):
        return pages.friendly(pages.REVOKED, cache=pages.SHORT_CACHE)
    if isinstance(exc, NobodyAvailableError):
        log.warning("%s: nobody can take a lead now", what)
        return pages.friendly(pages.UNAVAILABLE, headers={"Retry-After": "300"})
    if isinstance(exc, SQLAlchemyError):
        log.warning("%s: the database failed: %s", what, exc)
        return pages.friendly(pages.UNAVAILABLE, headers={"Retry-After": "30"})
    log.error("%s failed", what, exc_info=exc)
    return pages.friendly(pages.FAILED)


@router.get("/q/{token}")
def show(token: str, request: Request, session: SessionDep, context: ContextDep) -> Response:
    """The code's page: counts a scan (a page view) and shows the consultant and the form."""
    wait = context.landing_limits.view(client_ip(request), token[:16])
    if wait:
        return _too_many(wait)
    if not is_token(token):
        return pages.friendly(pages.NOT_FOUND, cache=pages.SHORT_CACHE)
    try:
        view = landing.open_page(session, token, client_ip(request), clock=context.clock)
    except Exception as exc:  # every failure gets a page (logged in _failure)
        return _failure(exc, f"page of code {token}")
    return pages.html_response(pages.landing_page(view))


@router.post("/q/{token}")
def submit(
    token: str,
    request: Request,
    body: Annotated[bytes, Depends(form_body)],
    session: SessionDep,
    context: ContextDep,
) -> Response:
    """A submission of the form: 303 to the thanks page, or the form again with messages."""
    ip = client_ip(request)
    wait = context.landing_limits.submit(ip, token[:16])
    if wait:
        return _too_many(wait)
    if not is_token(token):
        return pages.friendly(pages.NOT_FOUND, cache=pages.SHORT_CACHE)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        return pages.friendly(pages.BAD_FORM)
    try:
        fields = parse_qs(
            body.decode("utf-8", errors="replace"),
            keep_blank_values=True,
            max_num_fields=MAX_FIELDS,
        )
    except ValueError:
        return pages.friendly(pages.BAD_FORM)
    form = landing.LeadForm.from_fields(fields)
    try:
        scan_id = landing.submit(session, token, form, ip, clock=context.clock)
    except landing.FormInvalid as invalid:
        try:
            view = landing.page_for(session, token, form.scan)
        except Exception as exc:
            return _failure(exc, f"form of code {token}")
        page = pages.landing_page(view, form=invalid.form, errors=invalid.errors)
        return pages.html_response(page, status=422)
    except Exception as exc:
        return _failure(exc, f"submission to code {token}")
    return RedirectResponse(f"/q/{token}/ok/{scan_id}", status_code=303)


@router.get("/q/{token}/ok/{scan_id}")
def thanks(
    token: str, scan_id: str, request: Request, session: SessionDep, context: ContextDep
) -> Response:
    """The thanks page: who will be in touch. The same for any scan id of the code."""
    wait = context.landing_limits.view(client_ip(request), token[:16])
    if wait:
        return _too_many(wait)
    if not is_token(token):
        return pages.friendly(pages.NOT_FOUND, cache=pages.SHORT_CACHE)
    try:
        view = landing.done(session, token, scan_id[:64])
    except Exception as exc:
        return _failure(exc, f"thanks page of code {token}")
    return pages.html_response(pages.done_page(view))


@router.api_route("/q/{rest:path}", methods=["GET", "POST"])
def elsewhere(rest: str) -> Response:
    """Anything else under /q/: the friendly "no such code" page, not a JSON 404."""
    return pages.friendly(pages.NOT_FOUND, cache=pages.SHORT_CACHE)


def too_large_page(limit: int) -> Response:
    """What `BodyLimitMiddleware` answers for an oversized submission."""
    return pages.friendly(pages.TOO_LARGE)
