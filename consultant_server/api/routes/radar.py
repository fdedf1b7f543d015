"""Link radar (链接雷达): a consultant's tracked link to an article, and the public redirect.

``POST /materials/<id>/links`` gives the signed-in consultant the customer's link (one per
contact and article). ``GET /r/<token>`` is public: it records the open and redirects (302)
to the article. Like the landing pages it takes hostile input from anyone: the per-IP and
per-link rate limits run before the database is touched, a token of the wrong form is never
looked up, and an unknown link or a fault gets a friendly Chinese page, never a JSON error.
A customer who reached a known link is sent on to the article even if recording the open
failed (logged). The work is in `consultant_server.services.radar`.
"""

from __future__ import annotations

import logging
import uuid

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import RedirectResponse
from sqlalchemy.exc import SQLAlchemyError

from consultant_server.api import pages
from consultant_server.api.deps import ContextDep, CurrentUser, SessionDep
from consultant_server.api.routes.channels import base_url
from consultant_server.api.routes.landing import client_ip
from consultant_server.api.routes.materials import COMMON
from consultant_server.models import MaterialLink
from consultant_server.schemas import ErrorBody, LinkCreate, LinkPublic
from consultant_server.services import radar

log = logging.getLogger(__name__)

router = APIRouter(tags=["materials"])
public = APIRouter(include_in_schema=False)

#: The prefix of the public links.
PREFIX = "/r/"
LINK_NOT_FOUND = (
    404,
    "链接不存在或已失效",
    "这个链接不存在或已失效。请向您的顾问重新索取，或到展厅前台咨询。",
)
LINK_UNAVAILABLE = (503, "暂时无法打开", "系统暂时繁忙，请稍后再打开这个链接。")


def link_body(link: MaterialLink, base: str) -> LinkPublic:
    return LinkPublic(
        id=link.id,
        material_id=link.material_id,
        contact_id=link.contact_id,
        token=link.token,
        url=f"{base}{PREFIX}{link.token}",
        opens=link.opens,
        first_opened_at=link.first_opened_at,
        last_opened_at=link.last_opened_at,
        created_at=link.created_at,
    )


@router.post(
    "/materials/{material_id}/links",
    status_code=status.HTTP_201_CREATED,
    responses={
        **COMMON,
        422: {"model": ErrorBody, "description": "Not an article with a web address"},
    },
)
def request_link(
    material_id: uuid.UUID,
    body: LinkCreate,
    user: CurrentUser,
    session: SessionDep,
    request: Request,
    response: Response,
    context: ContextDep,
) -> LinkPublic:
    """The customer's tracked link to the article (made the first time: 201; the same link
    afterwards: 200). The customer must be the caller's (a manager: the showroom's); each
    open of the link reaches the consultant at their next sync."""
    link, made = radar.link_for(session, user, material_id, body.contact_id, clock=context.clock)
    if not made:
        response.status_code = status.HTTP_200_OK
    return link_body(link, base_url(request, context))


@public.api_route(PREFIX + "{token}", methods=["GET", "HEAD"])
def open_link(token: str, request: Request, session: SessionDep, context: ContextDep) -> Response:
    """Record the open and send the customer on to the article (302). A HEAD request or a
    link-preview fetcher (a chat app building the link's card) is sent on without counting."""
    ip = client_ip(request)
    wait = context.landing_limits.view(ip, "r:" + token[:32])
    if wait:
        retry = str(max(1, round(wait + 0.5)))
        return pages.friendly(pages.TOO_MANY, headers={"Retry-After": retry})
    try:
        found = radar.target(session, token)
    except radar.LinkNotFoundError:
        return pages.friendly(LINK_NOT_FOUND, cache=pages.SHORT_CACHE)
    except SQLAlchemyError as exc:
        log.warning("link %s: the database failed: %s", token, exc)
        return pages.friendly(LINK_UNAVAILABLE, headers={"Retry-After": "30"})
    try:
        if request.method == "GET" and not radar.is_automated(request.headers.get("user-agent")):
            radar.record_open(session, found.link_id, ip, clock=context.clock)
    except Exception as exc:  # the customer still gets the article; someone should look
        log.error("could not record an open of link %s", found.link_id, exc_info=exc)
    return RedirectResponse(
        found.url,
        status_code=status.HTTP_302_FOUND,
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )


@public.api_route(PREFIX + "{rest:path}", methods=["GET", "POST"])
def elsewhere(rest: str) -> Response:
    """Anything else under /r/: the friendly "no such link" page, not a JSON 404."""
    return pages.friendly(LINK_NOT_FOUND, cache=pages.SHORT_CACHE)
