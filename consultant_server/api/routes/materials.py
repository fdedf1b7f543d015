"""The material library (素材库) for signed-in users: publishing, files, import, statistics.

Managers publish, update and retire their showroom's company materials, upload files, import
in bulk and read usage; everyone of the showroom lists what they may read and downloads its
files. Consultants write their personal scripts on the desk, offline, through pushed
mutations (docs/sync-protocol.md), not here. The work is in
`consultant_server.services.materials`.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response, status

from consultant_app.library.models import Scope
from consultant_server.api.deps import ContextDep, CurrentUser, SessionDep
from consultant_server.api.routes.channels import base_url
from consultant_server.models import Material, MaterialCategory
from consultant_server.schemas import (
    CategoryCreate,
    CategoryPublic,
    CategoryUpdate,
    ErrorBody,
    ImportRejectedBody,
    ImportResultBody,
    MaterialCreate,
    MaterialPublic,
    MaterialStatsResponse,
    MaterialUpdate,
    MaterialUsageBody,
    StoredFileBody,
)
from consultant_server.services import materials as service
from consultant_server.services import rows
from consultant_server.services.changelog import change_transaction
from consultant_server.services.materials import CompanyDraft

router = APIRouter(tags=["materials"])

#: Paths whose request bodies may be as large as a material's file (`BodyLimitMiddleware`).
UPLOAD_PREFIXES = ("/materials/files", "/materials/import")

Responses = dict[int | str, dict[str, Any]]
COMMON: Responses = {
    401: {"model": ErrorBody, "description": "No live token"},
    404: {"model": ErrorBody, "description": "Unknown, or not the caller's to see"},
}
MANAGERS: Responses = {403: {"model": ErrorBody, "description": "Managers only"}}
CONFLICT: Responses = {409: {"model": ErrorBody, "description": "Retired, or the id is taken"}}
RAW_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


async def raw_body(request: Request) -> bytes:
    """The request body as sent (already size-checked by `BodyLimitMiddleware`)."""
    return await request.body()


def file_url(base: str, sha256: str | None) -> str | None:
    return None if sha256 is None else f"{base}/materials/files/{sha256}"


def material_body(material: Material, base: str) -> MaterialPublic:
    data = rows.material_data(material)
    return MaterialPublic(
        id=material.id,
        kind=material.kind,  # type: ignore[arg-type]  # the table's CHECK keeps it one of five
        scope=material.scope,  # type: ignore[arg-type]  # likewise one of two
        owner_id=material.owner_id,
        title=material.title,
        body=material.body,
        summary=material.summary,
        url=material.url,
        category_id=material.category_id,
        tags=list(material.tags),
        models=list(material.models),
        author=material.author,
        file_hash=material.file_hash,
        file_name=material.file_name,
        file_size=data["file_size"],
        mime_type=data["mime_type"],
        file_url=file_url(base, material.file_hash),
        retired_at=material.retired_at,
        created_at=material.created_at,
        updated_at=material.updated_at,
    )


# --- files -------------------------------------------------------------------------------------


@router.post(
    "/materials/files",
    status_code=status.HTTP_201_CREATED,
    responses={**COMMON, **MANAGERS, 413: {"model": ErrorBody, "description": "Too large"}},
    openapi_extra=RAW_BODY,
)
def upload_file(
    user: CurrentUser,
    session: SessionDep,
    context: ContextDep,
    request: Request,
    response: Response,
    data: Annotated[bytes, Depends(raw_body)],
    content_type: Annotated[str | None, Header()] = None,
) -> StoredFileBody:
    """Store a file (the request body: a PNG, JPEG, GIF or WebP image or a PDF) for the
    showroom's materials (managers). Stored once by its SHA-256: uploading the same bytes
    again answers 200 with the same hash."""
    stored = service.store_file(
        session,
        user,
        data,
        content_type,
        max_bytes=context.settings.material_max_file_bytes,
        clock=context.clock,
    )
    if not stored.new:
        response.status_code = status.HTTP_200_OK
    return StoredFileBody(
        sha256=stored.sha256,
        size=stored.size,
        mime_type=stored.mime_type,
        new=stored.new,
        url=f"{base_url(request, context)}/materials/files/{stored.sha256}",
    )


@router.get(
    "/materials/files/{sha256}",
    responses={
        **COMMON,
        200: {"content": {"image/png": {}, "application/pdf": {}}, "description": "The file"},
        304: {"description": "Not modified (If-None-Match named this file)"},
    },
    response_class=Response,
)
def download_file(
    sha256: str,
    user: CurrentUser,
    session: SessionDep,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    """A stored file the caller's showroom may read, with its type. Files never change (they
    are named by their content), so the hash is the ETag and caches may keep them for good."""
    stored = service.readable_file(session, user, sha256)
    etag = f'"{stored.sha256}"'
    headers = {
        "ETag": etag,
        "Cache-Control": "private, max-age=31536000, immutable",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }
    if if_none_match is not None and _matches(if_none_match, etag):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(content=stored.data, media_type=stored.mime_type, headers=headers)


def _matches(header: str, etag: str) -> bool:
    """Whether an If-None-Match header names `etag` (weak or strong) or is ``*``."""
    tags = (tag.strip() for tag in header.split(","))
    return any(tag == "*" or tag.removeprefix("W/") == etag for tag in tags)


# --- categories ------------------------------------------------------------------------------


def _category_bodies(categories: list[MaterialCategory]) -> list[CategoryPublic]:
    by_id = {c.id: c for c in categories}

    def path(category: MaterialCategory) -> list[str]:
        names: list[str] = []
        node: MaterialCategory | None = category
        while node is not None:
            names.append(node.name)
            node = by_id.get(node.parent_id) if node.parent_id else None
        return names[::-1]

    return [
        CategoryPublic(
            id=c.id, parent_id=c.parent_id, name=c.name, position=c.position, path=path(c)
        )
        for c in categories
    ]


def _one_category(session: SessionDep, user: CurrentUser, ident: uuid.UUID) -> CategoryPublic:
    found = _category_bodies(service.list_categories(session, user))
    return next(c for c in found if c.id == ident)


@router.get("/materials/categories", responses=COMMON)
def list_categories(user: CurrentUser, session: SessionDep) -> list[CategoryPublic]:
    """The showroom's category tree, parents before children, siblings in their order."""
    return _category_bodies(service.list_categories(session, user))


@router.post(
    "/materials/categories",
    status_code=status.HTTP_201_CREATED,
    responses={**COMMON, **MANAGERS, **CONFLICT},
)
def create_category(
    body: CategoryCreate, user: CurrentUser, session: SessionDep, context: ContextDep
) -> CategoryPublic:
    """Add a category (managers); its name is unique among its siblings."""
    with change_transaction(session, clock=context.clock) as changes:
        category = service.create_category(
            session, changes, user, body.name, body.parent_id, body.position, context.clock()
        )
    return _one_category(session, user, category.id)


@router.patch("/materials/categories/{category_id}", responses={**COMMON, **MANAGERS, **CONFLICT})
def update_category(
    category_id: uuid.UUID,
    body: CategoryUpdate,
    user: CurrentUser,
    session: SessionDep,
    context: ContextDep,
) -> CategoryPublic:
    """Rename, move or reorder a category (managers)."""
    with change_transaction(session, clock=context.clock) as changes:
        service.update_category(
            session,
            changes,
            user,
            category_id,
            body.model_dump(exclude_unset=True),
            context.clock(),
        )
    return _one_category(session, user, category_id)


@router.delete(
    "/materials/categories/{category_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={**COMMON, **MANAGERS, 409: {"model": ErrorBody, "description": "Not empty"}},
)
def delete_category(
    category_id: uuid.UUID, user: CurrentUser, session: SessionDep, context: ContextDep
) -> None:
    """Delete an empty category (managers); one still holding materials or sub-categories
    answers 409."""
    with change_transaction(session, clock=context.clock) as changes:
        service.delete_category(session, changes, user, category_id, context.clock())


# --- bulk import -----------------------------------------------------------------------------


@router.post(
    "/materials/import",
    responses={
        **COMMON,
        **MANAGERS,
        413: {"model": ErrorBody, "description": "Too large"},
        422: {"model": ImportRejectedBody, "description": "Rows rejected: nothing imported"},
    },
    openapi_extra=RAW_BODY,
)
def import_materials(
    user: CurrentUser,
    session: SessionDep,
    context: ContextDep,
    data: Annotated[bytes, Depends(raw_body)],
    filename: Annotated[
        str,
        Query(min_length=5, max_length=255, description="materials.xlsx, .csv, or a .zip folder"),
    ],
    dry_run: Annotated[bool, Query(description="Check only; change nothing")] = False,
) -> ImportResultBody:
    """Import company materials from the body: a .csv or .xlsx sheet, or a zipped folder (a
    sheet and the files its 文件 column names, or images, PDFs and .txt scripts filed by
    sub-folder). All or nothing, by the desk importer's rules: any rejected row and nothing
    is imported, and the 422 answer lists every such row with its problems."""
    result = service.import_upload(
        session,
        user,
        filename,
        data,
        dry_run=dry_run,
        max_unpacked_bytes=context.settings.material_max_file_bytes * 8,
        clock=context.clock,
    )
    return ImportResultBody(
        rows=result.rows,
        created=result.created,
        updated=result.updated,
        material_ids=list(result.material_ids),
        dry_run=result.dry_run,
    )


# --- materials -------------------------------------------------------------------------------


@router.get("/materials", responses=COMMON)
def list_materials(
    user: CurrentUser,
    session: SessionDep,
    request: Request,
    context: ContextDep,
    scope: Annotated[Scope | None, Query(description="company or personal (default both)")] = None,
    retired: Annotated[bool, Query(description="Managers: retired ones too")] = False,
) -> list[MaterialPublic]:
    """What the caller may read, most recently changed first: the showroom's company
    materials and their own personal scripts (never another consultant's)."""
    base = base_url(request, context)
    found = service.list_materials(session, user, retired=retired, scope=scope)
    return [material_body(m, base) for m in found]


@router.post(
    "/materials",
    status_code=status.HTTP_201_CREATED,
    responses={**COMMON, **MANAGERS, **CONFLICT},
)
def publish(
    body: MaterialCreate,
    user: CurrentUser,
    session: SessionDep,
    request: Request,
    context: ContextDep,
) -> MaterialPublic:
    """Publish a company material (managers): every desk of the showroom has it after its
    next sync, read-only."""
    draft = CompanyDraft(
        kind=body.kind,
        title=body.title,
        body=body.body,
        summary=body.summary,
        url=body.url,
        category_id=body.category_id,
        category_path=tuple(body.category_path),
        tags=tuple(body.tags),
        models=tuple(body.models),
        author=body.author,
        file_hash=body.file_hash,
        file_name=body.file_name,
    )
    material = service.publish_now(session, user, draft, material_id=body.id, clock=context.clock)
    return material_body(material, base_url(request, context))


@router.get("/materials/{material_id}", responses=COMMON)
def read_material(
    material_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    request: Request,
    context: ContextDep,
) -> MaterialPublic:
    """One material the caller may read."""
    material = service.visible_material(session, user, material_id)
    return material_body(material, base_url(request, context))


@router.patch("/materials/{material_id}", responses={**COMMON, **MANAGERS, **CONFLICT})
def update_material(
    material_id: uuid.UUID,
    body: MaterialUpdate,
    user: CurrentUser,
    session: SessionDep,
    request: Request,
    context: ContextDep,
) -> MaterialPublic:
    """Change a live company material (managers); desks get the new version at their next
    sync."""
    material = service.update_now(
        session, user, material_id, body.model_dump(exclude_unset=True), clock=context.clock
    )
    return material_body(material, base_url(request, context))


@router.delete("/materials/{material_id}", responses={**COMMON, **MANAGERS})
def retire_material(
    material_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    request: Request,
    context: ContextDep,
) -> MaterialPublic:
    """Retire a company material (managers): desks drop it at their next sync; its usage and
    tracked links stay. Retiring again changes nothing."""
    material = service.retire_now(session, user, material_id, clock=context.clock)
    return material_body(material, base_url(request, context))


# --- statistics ------------------------------------------------------------------------------


@router.get("/stats/materials", responses={**COMMON, **MANAGERS})
def material_stats(
    user: CurrentUser,
    session: SessionDep,
    start: Annotated[date | None, Query(description="First day (the showroom's calendar)")] = None,
    end: Annotated[date | None, Query(description="Last day, included")] = None,
) -> MaterialStatsResponse:
    """How often each company material was copied and sent, and by how many consultants, and
    how often customers opened an article's tracked links (managers): which materials work.
    Materials never used are listed with zeros."""
    found = service.usage_stats(session, user, start, end)
    return MaterialStatsResponse(
        start=start,
        end=end,
        rows=[
            MaterialUsageBody(
                id=row.material_id,
                title=row.title,
                kind=row.kind,  # type: ignore[arg-type]  # the table's CHECK keeps it one of five
                category_id=row.category_id,
                copies=row.copies,
                sends=row.sends,
                users=row.users,
                last_used_at=row.last_used_at,
                retired=row.retired,
                opens=row.opens,
                readers=row.readers,
            )
            for row in found
        ],
    )
