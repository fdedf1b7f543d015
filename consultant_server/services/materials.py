"""The material library (素材库) on the server: categories, materials, files, usage, import.

docs/library.md ("The server") is the design. In short:

- Company materials (`scope` company) belong to a showroom; its managers publish, update and
  retire them (the API, the command line, bulk import). Every desk of the showroom pulls them
  (logged with no owner: the whole showroom) and shows them read-only.
- Personal scripts (`scope` personal) are a consultant's own, made and changed offline on the
  desk and pushed (`consultant_server.services.material_sync`). They are logged for their
  owner only, so only that consultant's devices pull them (a manager's pull leaves them out
  too, `consultant_server.services.pull.visible_to`).
- Retiring or deleting is a tombstone (`retired_at`), logged as a ``delete``: desks drop the
  row, statistics and tracked links keep naming it.
- Files are stored once, by the SHA-256 of their bytes, in the database; a showroom reads a
  file one of its managers uploaded (`MaterialFileShowroom`). The type is taken from the bytes
  (PNG, JPEG, GIF, WebP, PDF), never from what the uploader claims.
- Bulk import reuses the desk's importer (`consultant_app.library.importer`) and its rules,
  all or nothing: any rejected row and nothing is written; the answer names every such row.
  A row whose kind and title match a live company material updates it, so a manager can keep
  one sheet and import it again.
- Usage (`material.use`) is counted per copy or send; managers read it per material.

Every write is a `change_transaction`; the functions taking a `ChangeSet` run inside the
caller's (a push mutation's, an import's).
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import tempfile
import uuid
import zipfile
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import ColumnElement, Select, and_, case, delete, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from consultant_app.clock import utcnow
from consultant_app.domain.contact import clean_multiline, clean_text
from consultant_app.library import importer
from consultant_app.library.models import (
    FILE_KINDS,
    MAX_AUTHOR,
    MAX_BODY,
    MAX_CATEGORY,
    MAX_MODEL,
    MAX_MODELS,
    MAX_SUMMARY,
    MAX_TAG,
    MAX_TAGS,
    MAX_TITLE,
    MAX_URL,
    MaterialKind,
    Scope,
    ScriptDraft,
    UsageAction,
    clean_list,
)
from consultant_app.sync.wire import PERSONAL_MATERIAL_FIELDS, ChangeOp, Entity, JSONValue
from consultant_server.errors import (
    ConflictError,
    ForbiddenError,
    ImportRejectedError,
    InvalidInputError,
    NotFoundError,
)
from consultant_server.models import (
    Material,
    MaterialCategory,
    MaterialFile,
    MaterialFileShowroom,
    MaterialLink,
    MaterialLinkOpen,
    MaterialUse,
    Role,
    Showroom,
    User,
)
from consultant_server.services import rows
from consultant_server.services.changelog import ChangeSet, Clock, change_transaction
from consultant_server.services.channels import day_start

log = logging.getLogger(__name__)

#: Largest file a material may carry (the desk's importer has the same limit).
MAX_FILE_BYTES = importer.MAX_FILE_BYTES
MAX_FILE_NAME = 255
#: Deepest category path (the importer's limit).
MAX_CATEGORY_DEPTH = importer.MAX_CATEGORY_DEPTH
#: Most entries and unpacked bytes a zipped folder may hold for an import.
MAX_ZIP_ENTRIES = 5_000
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
#: Longest statistics period, in days.
MAX_STATS_DAYS = 366

#: The types a file may be, by what its bytes say, and the kind of material each is.
FILE_TYPES: dict[str, MaterialKind] = {
    "image/png": MaterialKind.IMAGE,
    "image/jpeg": MaterialKind.IMAGE,
    "image/gif": MaterialKind.IMAGE,
    "image/webp": MaterialKind.IMAGE,
    "application/pdf": MaterialKind.DOCUMENT,
}
_EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}
_SHA256 = re.compile(r"[0-9a-f]{64}")
IMPORT_SUFFIXES = (".csv", ".xlsx", ".zip")


class MaterialExistsError(ConflictError):
    """The id already names another material."""

    code = "already_exists"


class MaterialRetiredError(ConflictError):
    """The material was retired (or, a personal script, deleted): it cannot change any more."""

    code = "retired"

    def __init__(self, material: Material) -> None:
        what = "deleted" if material.scope == Scope.PERSONAL.value else "retired"
        super().__init__(f"material {material.id} was {what}")


class CategoryInUseError(ConflictError):
    """A category that still holds materials or sub-categories cannot be deleted."""

    code = "category_in_use"


# --- who may do what -------------------------------------------------------------------------


def is_manager(user: User) -> bool:
    return user.role == Role.MANAGER.value


def check_manager(user: User, action: str) -> None:
    """Refuse a consultant (ForbiddenError): company materials are the managers' to write."""
    if not is_manager(user):
        raise ForbiddenError(f"only a manager {action}")


def sees(user: User, material: Material) -> bool:
    """Whether `user` may read `material`: the showroom's live company materials (a manager:
    retired ones too), and their own personal scripts."""
    if material.showroom_id != user.showroom_id:
        return False
    if material.scope == Scope.PERSONAL.value:
        return material.owner_id == user.id
    return material.retired_at is None or is_manager(user)


# --- logging ---------------------------------------------------------------------------------


def log_material(changes: ChangeSet, material: Material) -> None:
    """A material's whole row (or, retired, its removal): a company one for the showroom, a
    personal script for its owner only."""
    if material.retired_at is None:
        op, payload = ChangeOp.UPSERT, rows.material_data(material)
    else:
        op, payload = ChangeOp.DELETE, {"id": str(material.id)}
    changes.add(
        Entity.MATERIAL.value,
        material.id,
        op.value,
        payload,
        scope_owner_id=material.owner_id,
        scope_showroom_id=material.showroom_id,
    )


def log_category(changes: ChangeSet, category: MaterialCategory) -> None:
    """A category's whole row (or its removal), for the whole showroom."""
    if category.deleted_at is None:
        op, payload = ChangeOp.UPSERT, rows.material_category_data(category)
    else:
        op, payload = ChangeOp.DELETE, {"id": str(category.id)}
    changes.add(
        Entity.MATERIAL_CATEGORY.value,
        category.id,
        op.value,
        payload,
        scope_owner_id=None,
        scope_showroom_id=category.showroom_id,
    )


# --- snapshot (what a re-bootstrapping desk is sent) -------------------------------------------


def snapshot_materials(user: User) -> Select[Any]:
    """The live materials `user` pulls: the showroom's company ones and their own scripts."""
    return select(Material).where(
        Material.showroom_id == user.showroom_id,
        Material.retired_at.is_(None),
        or_(Material.scope == Scope.COMPANY.value, Material.owner_id == user.id),
    )


def snapshot_categories(user: User) -> Select[Any]:
    """The showroom's live categories."""
    return select(MaterialCategory).where(
        MaterialCategory.showroom_id == user.showroom_id, MaterialCategory.deleted_at.is_(None)
    )


# --- categories ------------------------------------------------------------------------------


def live_category(
    session: Session, showroom_id: uuid.UUID, category_id: uuid.UUID
) -> MaterialCategory:
    """A live category of the showroom; NotFoundError otherwise (another showroom's looks the
    same)."""
    category = session.get(MaterialCategory, category_id)
    if category is None or category.showroom_id != showroom_id or category.deleted_at:
        raise NotFoundError(f"unknown category {category_id}")
    return category


def list_categories(session: Session, user: User) -> list[MaterialCategory]:
    """The showroom's live categories, parents before children, in their order."""
    found = session.scalars(
        snapshot_categories(user).order_by(MaterialCategory.position, MaterialCategory.name)
    ).all()
    by_parent: dict[uuid.UUID | None, list[MaterialCategory]] = {}
    for category in found:
        by_parent.setdefault(category.parent_id, []).append(category)
    ordered: list[MaterialCategory] = []
    stack = list(reversed(by_parent.get(None, [])))
    while stack:
        category = stack.pop()
        ordered.append(category)
        stack.extend(reversed(by_parent.get(category.id, [])))
    return ordered


def _lock_showroom(session: Session, showroom_id: uuid.UUID) -> None:
    """Serialise category writes of a showroom (two imports making 车型资料 at once make one)."""
    session.scalars(
        select(Showroom.id)
        .where(Showroom.id == showroom_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    ).one()


def _clean_category_name(name: str) -> str:
    clean = clean_text(name).replace("/", "／").replace(">", "＞")
    if not clean:
        raise InvalidInputError({"name": "required"})
    if len(clean) > MAX_CATEGORY:
        raise InvalidInputError({"name": f"at most {MAX_CATEGORY} characters"})
    return clean


def _sibling(
    session: Session, showroom_id: uuid.UUID, parent_id: uuid.UUID | None, name: str
) -> MaterialCategory | None:
    parent = (
        MaterialCategory.parent_id.is_(None)
        if parent_id is None
        else MaterialCategory.parent_id == parent_id
    )
    return session.scalars(
        select(MaterialCategory).where(
            MaterialCategory.showroom_id == showroom_id,
            parent,
            MaterialCategory.name == name,
            MaterialCategory.deleted_at.is_(None),
        )
    ).first()


def _depth(session: Session, category: MaterialCategory | None) -> int:
    depth = 0
    while category is not None:
        depth += 1
        category = (
            None
            if category.parent_id is None
            else session.get(MaterialCategory, category.parent_id)
        )
    return depth


def create_category(
    session: Session,
    changes: ChangeSet,
    user: User,
    name: str,
    parent_id: uuid.UUID | None,
    position: int | None,
    now: datetime,
) -> MaterialCategory:
    """Add a category under `parent_id` (None: at the top); a manager only. The name is unique
    among its live siblings."""
    check_manager(user, "adds material categories")
    clean = _clean_category_name(name)
    _lock_showroom(session, user.showroom_id)
    parent = None if parent_id is None else live_category(session, user.showroom_id, parent_id)
    if _depth(session, parent) >= MAX_CATEGORY_DEPTH:
        raise InvalidInputError({"parent_id": f"at most {MAX_CATEGORY_DEPTH} levels"})
    if _sibling(session, user.showroom_id, parent_id, clean) is not None:
        raise ConflictError(f"there is a category {clean} here already")
    return _insert_category(session, changes, user.showroom_id, parent_id, clean, position, now)


def _insert_category(
    session: Session,
    changes: ChangeSet,
    showroom_id: uuid.UUID,
    parent_id: uuid.UUID | None,
    name: str,
    position: int | None,
    now: datetime,
) -> MaterialCategory:
    if position is None:
        parent = (
            MaterialCategory.parent_id.is_(None)
            if parent_id is None
            else MaterialCategory.parent_id == parent_id
        )
        last = session.scalar(
            select(func.max(MaterialCategory.position)).where(
                MaterialCategory.showroom_id == showroom_id, parent
            )
        )
        position = 0 if last is None else int(last) + 1
    category = MaterialCategory(
        id=uuid.uuid4(),
        showroom_id=showroom_id,
        parent_id=parent_id,
        name=name,
        position=position,
        deleted_at=None,
        created_at=now,
        updated_at=now,
    )
    session.add(category)
    session.flush()
    log_category(changes, category)
    return category


def category_for_path(
    session: Session,
    changes: ChangeSet,
    showroom_id: uuid.UUID,
    path: Sequence[str],
    now: datetime,
) -> uuid.UUID | None:
    """The category at `path` (车型资料 › 迈腾), made where it is missing; None for no path."""
    if not path:
        return None
    if len(path) > MAX_CATEGORY_DEPTH:
        raise InvalidInputError({"category": f"at most {MAX_CATEGORY_DEPTH} levels"})
    _lock_showroom(session, showroom_id)
    parent_id: uuid.UUID | None = None
    for name in path:
        clean = _clean_category_name(name)
        found = _sibling(session, showroom_id, parent_id, clean)
        if found is None:
            found = _insert_category(session, changes, showroom_id, parent_id, clean, None, now)
        parent_id = found.id
    return parent_id


def update_category(
    session: Session,
    changes: ChangeSet,
    user: User,
    category_id: uuid.UUID,
    fields: Mapping[str, Any],
    now: datetime,
) -> MaterialCategory:
    """Rename, move (`parent_id`) or reorder (`position`) a category; a manager only."""
    check_manager(user, "changes material categories")
    _lock_showroom(session, user.showroom_id)
    category = live_category(session, user.showroom_id, category_id)
    unknown = set(fields) - {"name", "parent_id", "position"}
    if unknown:
        raise InvalidInputError({sorted(unknown)[0]: "not a category field"})
    name = _clean_category_name(fields["name"]) if "name" in fields else category.name
    parent_id = fields.get("parent_id", category.parent_id)
    if parent_id is not None:
        parent = live_category(session, user.showroom_id, parent_id)
        ancestor: MaterialCategory | None = parent
        while ancestor is not None:
            if ancestor.id == category.id:
                raise InvalidInputError({"parent_id": "a category cannot go inside itself"})
            ancestor = (
                None
                if ancestor.parent_id is None
                else session.get(MaterialCategory, ancestor.parent_id)
            )
        if _depth(session, parent) + _height(session, category) > MAX_CATEGORY_DEPTH:
            raise InvalidInputError({"parent_id": f"at most {MAX_CATEGORY_DEPTH} levels"})
    if (name, parent_id) != (category.name, category.parent_id):
        twin = _sibling(session, user.showroom_id, parent_id, name)
        if twin is not None and twin.id != category.id:
            raise ConflictError(f"there is a category {name} there already")
    position = fields.get("position", category.position)
    if not isinstance(position, int) or isinstance(position, bool):
        raise InvalidInputError({"position": "expected a whole number"})
    if (name, parent_id, position) == (category.name, category.parent_id, category.position):
        return category
    category.name, category.parent_id, category.position = name, parent_id, position
    category.updated_at = now
    session.flush()
    log_category(changes, category)
    return category


def _height(session: Session, category: MaterialCategory) -> int:
    """Levels from `category` down to its deepest live descendant (1: no children)."""
    children = session.scalars(
        select(MaterialCategory).where(
            MaterialCategory.parent_id == category.id, MaterialCategory.deleted_at.is_(None)
        )
    ).all()
    return 1 + max((_height(session, child) for child in children), default=0)


def delete_category(
    session: Session, changes: ChangeSet, user: User, category_id: uuid.UUID, now: datetime
) -> MaterialCategory:
    """Delete an empty category (no live sub-categories, no live company materials); a manager
    only. Personal scripts filed under it lose their category."""
    check_manager(user, "deletes material categories")
    _lock_showroom(session, user.showroom_id)
    category = live_category(session, user.showroom_id, category_id)
    child = session.scalar(
        select(MaterialCategory.id).where(
            MaterialCategory.parent_id == category.id, MaterialCategory.deleted_at.is_(None)
        )
    )
    used = session.scalar(
        select(func.count()).where(
            Material.category_id == category.id,
            Material.scope == Scope.COMPANY.value,
            Material.retired_at.is_(None),
        )
    )
    if child is not None or used:
        raise CategoryInUseError(
            f"the category {category.name} still holds"
            + (f" {used} material(s)" if used else " sub-categories")
            + "; move or retire them first"
        )
    category.deleted_at = now
    category.updated_at = now
    for script in session.scalars(
        select(Material).where(
            Material.category_id == category.id,
            Material.scope == Scope.PERSONAL.value,
            Material.retired_at.is_(None),
        )
    ).all():
        script.category_id = None
        script.updated_at = now
        session.flush()
        log_material(changes, script)
    session.flush()
    log_category(changes, category)
    return category


# --- files -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file as stored: its hash, size and type, and whether these bytes were new here."""

    sha256: str
    size: int
    mime_type: str
    new: bool


def sniff_type(data: bytes) -> str | None:
    """The file's type by its first bytes: one of `FILE_TYPES`, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def check_sha256(text: str) -> str:
    """`text` as a lower-case SHA-256 hex digest; NotFoundError for anything else (a URL
    segment that is not a hash names no file)."""
    digest = text.strip().lower()
    if not _SHA256.fullmatch(digest):
        raise NotFoundError(f"no file {text[:80]!r}")
    return digest


def store_bytes(
    session: Session,
    showroom_id: uuid.UUID,
    uploaded_by: uuid.UUID | None,
    data: bytes,
    declared_type: str | None,
    now: datetime,
    *,
    max_bytes: int = MAX_FILE_BYTES,
) -> StoredFile:
    """Store a file (once by its hash) and let the showroom read it; in the caller's
    transaction. The type comes from the bytes; a different `declared_type` is refused."""
    if not data:
        raise InvalidInputError({"file": "empty"})
    if len(data) > max_bytes:
        raise InvalidInputError({"file": f"larger than {max_bytes} bytes"})
    mime = sniff_type(data)
    if mime is None:
        raise InvalidInputError({"file": "only PNG, JPEG, GIF or WebP images and PDF documents"})
    declared = (declared_type or "").split(";")[0].strip().lower()
    if declared and declared not in ("application/octet-stream", mime):
        raise InvalidInputError({"content_type": f"the file is {mime}, not {declared}"})
    digest = hashlib.sha256(data).hexdigest()
    new = session.get(MaterialFile, digest) is None
    if new:
        session.add(
            MaterialFile(sha256=digest, size=len(data), mime_type=mime, data=data, created_at=now)
        )
        session.flush()
    if session.get(MaterialFileShowroom, (digest, showroom_id)) is None:
        session.add(
            MaterialFileShowroom(
                sha256=digest, showroom_id=showroom_id, uploaded_by=uploaded_by, uploaded_at=now
            )
        )
        session.flush()
    return StoredFile(digest, len(data), mime, new)


def store_file(
    session: Session,
    user: User,
    data: bytes,
    declared_type: str | None,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    clock: Clock = utcnow,
) -> StoredFile:
    """A manager uploads a file for materials of their showroom (`store_bytes`)."""
    check_manager(user, "uploads material files")
    with change_transaction(session, clock=clock):
        stored = store_bytes(
            session, user.showroom_id, user.id, data, declared_type, clock(), max_bytes=max_bytes
        )
    if stored.new:
        log.info("%s stored file %s (%d bytes)", user.username, stored.sha256, stored.size)
    return stored


def readable_file(session: Session, user: User, sha256: str) -> MaterialFile:
    """A stored file the user's showroom may read (NotFoundError otherwise, alike)."""
    digest = check_sha256(sha256)
    if session.get(MaterialFileShowroom, (digest, user.showroom_id)) is None:
        raise NotFoundError(f"no file {digest}")
    stored = session.get(MaterialFile, digest)
    assert stored is not None  # the link row's foreign key
    return stored


#: How long a file no material needs is kept before `prune_files` removes it: an upload waits
#: for the material that will name it, and a desk offline since a retirement may still ask.
PRUNE_AFTER = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class PruneResult:
    """What `prune_files` removed (or, in a dry run, would remove)."""

    files: int
    bytes: int
    released: int  # materials retired before the cut-off that no longer name their file


def prune_files(
    session: Session,
    *,
    older_than: timedelta = PRUNE_AFTER,
    dry_run: bool = False,
    clock: Clock = utcnow,
) -> PruneResult:
    """Remove stored files that no live material needs, in one transaction: files of materials
    retired (or personal ones deleted) more than `older_than` ago, and uploads older than that
    which no material ever named. A file a live material names, in any showroom, stays; so
    does any file younger than the cut-off. Statistics keep their retired materials (only the
    bytes go). No desk hears of it: retired materials have already left every desk."""
    cutoff = clock() - older_than
    try:
        released = list(
            session.scalars(
                select(Material)
                .where(Material.retired_at.is_not(None), Material.retired_at < cutoff)
                .where(Material.file_hash.is_not(None))
            )
        )
        for material in released:
            material.file_hash = None
        session.flush()
        named = select(Material.file_hash).where(Material.file_hash.is_not(None))
        doomed = session.execute(
            select(MaterialFile.sha256, MaterialFile.size).where(
                MaterialFile.created_at < cutoff, MaterialFile.sha256.not_in(named)
            )
        ).all()
        digests = [row.sha256 for row in doomed]
        for begin in range(0, len(digests), 500):
            chunk = digests[begin : begin + 500]
            session.execute(
                delete(MaterialFileShowroom).where(MaterialFileShowroom.sha256.in_(chunk))
            )
            session.execute(delete(MaterialFile).where(MaterialFile.sha256.in_(chunk)))
        result = PruneResult(len(doomed), sum(row.size for row in doomed), len(released))
        if dry_run:
            session.rollback()
            return result
        session.commit()
    except BaseException:
        session.rollback()
        raise
    if result.files:
        log.info("pruned %d stored files (%d bytes)", result.files, result.bytes)
    return result


# --- company materials -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CompanyDraft:
    """A company material as a manager gives it; `validated` cleans and checks it.

    The category is `category_id`, or `category_path` (made where missing) when that is None.
    A file is named by the hash of one uploaded before (`file_hash`).
    """

    kind: str
    title: str
    body: str = ""
    summary: str = ""
    url: str = ""
    category_id: uuid.UUID | None = None
    category_path: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    author: str = ""
    file_hash: str | None = None
    file_name: str = ""

    def validated(self, known_models: Collection[str] | None = None) -> CompanyDraft:
        """The clean draft; InvalidInputError names every field that breaks a rule (the rules
        of the desk's importer)."""
        problems: dict[str, str] = {}
        kind = self.kind.strip().lower()
        if kind not in {k.value for k in MaterialKind}:
            problems["kind"] = "one of qa, script, article, image, document"
        title = clean_text(self.title)
        if not title:
            problems["title"] = "required"
        elif len(title) > MAX_TITLE:
            problems["title"] = f"at most {MAX_TITLE} characters"
        body = clean_multiline(self.body)
        if len(body) > MAX_BODY:
            problems["body"] = f"at most {MAX_BODY} characters"
        elif not body and kind in (MaterialKind.QA, MaterialKind.SCRIPT):
            problems["body"] = "required for a Q&A or a script"
        summary = clean_multiline(self.summary)
        if len(summary) > MAX_SUMMARY:
            problems["summary"] = f"at most {MAX_SUMMARY} characters"
        url = clean_text(self.url)
        if url and not is_web_address(url):
            problems["url"] = "an http:// or https:// address"
        elif not url and kind == MaterialKind.ARTICLE:
            problems["url"] = "required for an article"
        path = tuple(clean_text(p) for p in self.category_path if clean_text(p))
        if len(path) > MAX_CATEGORY_DEPTH:
            problems["category"] = f"at most {MAX_CATEGORY_DEPTH} levels"
        elif any(len(p) > MAX_CATEGORY for p in path):
            problems["category"] = f"a name of at most {MAX_CATEGORY} characters"
        tags = clean_list(self.tags, MAX_TAG)
        if len(tags) > MAX_TAGS or any(len(t) > MAX_TAG for t in tags):
            problems["tags"] = f"at most {MAX_TAGS} tags of {MAX_TAG} characters"
        models = clean_list(self.models, MAX_MODEL)
        if len(models) > MAX_MODELS or any(len(m) > MAX_MODEL for m in models):
            problems["models"] = f"at most {MAX_MODELS} models of {MAX_MODEL} characters"
        elif known_models:
            unknown = [m for m in models if m not in known_models]
            if unknown:
                problems["models"] = "not in the catalogue: " + ", ".join(unknown)
        author = clean_text(self.author)
        if len(author) > MAX_AUTHOR:
            problems["author"] = f"at most {MAX_AUTHOR} characters"
        file_hash = (self.file_hash or "").strip().lower() or None
        file_name = clean_text(self.file_name).replace("/", "_").replace("\\", "_")
        if kind in FILE_KINDS and file_hash is None:
            problems["file_hash"] = "required for an image or a document"
        elif kind not in FILE_KINDS and file_hash is not None:
            problems["file_hash"] = "only images and documents carry a file"
        elif file_hash is not None and not _SHA256.fullmatch(file_hash):
            problems["file_hash"] = "a SHA-256 in hex"
        if len(file_name) > MAX_FILE_NAME:
            problems["file_name"] = f"at most {MAX_FILE_NAME} characters"
        if problems:
            raise InvalidInputError(problems)
        return CompanyDraft(
            kind=kind,
            title=title,
            body=body,
            summary=summary,
            url=url,
            category_id=self.category_id,
            category_path=path,
            tags=tags,
            models=models,
            author=author,
            file_hash=file_hash,
            file_name=file_name if file_hash else "",
        )


def is_web_address(url: str) -> bool:
    """An http(s) address with a host, of sensible length: the only links a desk shares and
    the link radar redirects to."""
    if len(url) > MAX_URL or any(ch.isspace() for ch in url):
        return False
    parsed = urlparse(url)
    return parsed.scheme in ("http", "https") and bool(parsed.hostname)


def known_models() -> tuple[str, ...]:
    """The dealer's models (the catalogue the desk ships); empty when there is none, and then
    any model name is accepted."""
    from consultant_app.catalogue import CatalogueError, load_catalogue

    try:
        return tuple(load_catalogue().names())
    except (OSError, CatalogueError):
        log.warning("no vehicle catalogue: material models are not checked")
        return ()


def _resolve(
    session: Session,
    changes: ChangeSet,
    showroom_id: uuid.UUID,
    draft: CompanyDraft,
    now: datetime,
) -> tuple[uuid.UUID | None, MaterialFile | None]:
    """The draft's category id (made from its path if need be) and its stored file."""
    if draft.category_id is not None:
        try:
            category_id: uuid.UUID | None = live_category(
                session, showroom_id, draft.category_id
            ).id
        except NotFoundError:
            raise InvalidInputError({"category_id": "no such category"}) from None
    else:
        category_id = category_for_path(session, changes, showroom_id, draft.category_path, now)
    stored: MaterialFile | None = None
    if draft.file_hash is not None:
        if session.get(MaterialFileShowroom, (draft.file_hash, showroom_id)) is None:
            raise InvalidInputError({"file_hash": "no such file: upload it first"})
        stored = session.get(MaterialFile, draft.file_hash)
        assert stored is not None
        if FILE_TYPES.get(stored.mime_type) != MaterialKind(draft.kind):
            raise InvalidInputError(
                {"file_hash": f"a {stored.mime_type} file is not a {draft.kind}"}
            )
    return category_id, stored


def _file_name(draft: CompanyDraft, stored: MaterialFile | None) -> str:
    if stored is None:
        return ""
    if draft.file_name:
        return draft.file_name
    return (draft.title[:100] + _EXTENSIONS.get(stored.mime_type, "")).replace("/", "_")


def publish(
    session: Session,
    changes: ChangeSet,
    user: User | None,
    showroom_id: uuid.UUID,
    draft: CompanyDraft,
    material_id: uuid.UUID,
    now: datetime,
) -> Material:
    """Add a company material of the showroom, in the caller's transaction (`draft` clean)."""
    existing = session.get(Material, material_id)
    if existing is not None:
        if existing.showroom_id == showroom_id and existing.scope == Scope.COMPANY.value:
            return existing  # the same publish again
        raise MaterialExistsError(f"material {material_id} already exists")
    category_id, stored = _resolve(session, changes, showroom_id, draft, now)
    material = Material(
        id=material_id,
        showroom_id=showroom_id,
        scope=Scope.COMPANY.value,
        owner_id=None,
        kind=draft.kind,
        title=draft.title,
        body=draft.body,
        summary=draft.summary,
        url=draft.url,
        category_id=category_id,
        tags=list(draft.tags),
        models=list(draft.models),
        author=draft.author or (user.display_name if user else ""),
        file_hash=None if stored is None else stored.sha256,
        file_name=_file_name(draft, stored),
        created_by=None if user is None else user.id,
        retired_at=None,
        created_at=now,
        updated_at=now,
    )
    material.file = stored
    session.add(material)
    session.flush()
    log_material(changes, material)
    return material


def _revise(
    session: Session,
    changes: ChangeSet,
    material: Material,
    draft: CompanyDraft,
    now: datetime,
) -> Material:
    """Give a live company material the clean `draft`'s fields; logged only if any changed."""
    if material.retired_at is not None:
        raise MaterialRetiredError(material)
    category_id, stored = _resolve(session, changes, material.showroom_id, draft, now)
    before = rows.material_data(material)
    material.kind, material.title, material.body = draft.kind, draft.title, draft.body
    material.summary, material.url, material.category_id = draft.summary, draft.url, category_id
    material.tags, material.models = list(draft.tags), list(draft.models)
    material.author = draft.author or material.author
    material.file_hash = None if stored is None else stored.sha256
    material.file = stored
    material.file_name = _file_name(draft, stored)
    if rows.material_data(material) == before:
        return material
    material.updated_at = now
    session.flush()
    log_material(changes, material)
    return material


def company_material(
    session: Session, user: User, material_id: uuid.UUID, *, lock: bool = False
) -> Material:
    """A company material of the user's showroom (retired ones too); NotFoundError otherwise."""
    query = select(Material).where(
        Material.id == material_id,
        Material.showroom_id == user.showroom_id,
        Material.scope == Scope.COMPANY.value,
    )
    if lock:
        query = query.with_for_update(of=Material).execution_options(populate_existing=True)
    material = session.scalars(query).first()
    if material is None:
        raise NotFoundError(f"unknown material {material_id}")
    return material


def visible_material(session: Session, user: User, material_id: uuid.UUID) -> Material:
    """A material the user may read (`sees`); another's looks unknown (NotFoundError)."""
    material = session.get(Material, material_id)
    if material is None or not sees(user, material):
        raise NotFoundError(f"unknown material {material_id}")
    return material


def list_materials(
    session: Session, user: User, *, retired: bool = False, scope: Scope | None = None
) -> list[Material]:
    """What the user may read, newest change first: the showroom's company materials (with
    `retired`, a manager also gets the retired ones) and their own personal scripts."""
    company = Material.scope == Scope.COMPANY.value
    if not (retired and is_manager(user)):
        company = and_(company, Material.retired_at.is_(None))
    personal = and_(
        Material.scope == Scope.PERSONAL.value,
        Material.owner_id == user.id,
        Material.retired_at.is_(None),
    )
    wanted = {None: or_(company, personal), Scope.COMPANY: company, Scope.PERSONAL: personal}
    return list(
        session.scalars(
            select(Material)
            .where(Material.showroom_id == user.showroom_id, wanted[scope])
            .order_by(Material.updated_at.desc(), Material.id)
        )
    )


def publish_now(
    session: Session,
    user: User,
    draft: CompanyDraft,
    *,
    material_id: uuid.UUID | None = None,
    clock: Clock = utcnow,
) -> Material:
    """Publish a company material (a manager); every desk of the showroom gets it at its next
    sync. The same id again from the same showroom changes nothing."""
    check_manager(user, "publishes company materials")
    clean = draft.validated(known_models())
    with change_transaction(session, clock=clock) as changes:
        material = publish(
            session, changes, user, user.showroom_id, clean, material_id or uuid.uuid4(), clock()
        )
    log.info("%s published material %s (%s)", user.username, material.id, material.title)
    return material


#: Fields a company material's update may set.
COMPANY_FIELDS = (
    "kind",
    "title",
    "body",
    "summary",
    "url",
    "category_id",
    "category_path",
    "tags",
    "models",
    "author",
    "file_hash",
    "file_name",
)


def update_now(
    session: Session,
    user: User,
    material_id: uuid.UUID,
    fields: Mapping[str, Any],
    *,
    clock: Clock = utcnow,
) -> Material:
    """Change some fields of a live company material (a manager); the rest stay."""
    check_manager(user, "changes company materials")
    unknown = set(fields) - set(COMPANY_FIELDS)
    if unknown:
        raise InvalidInputError({sorted(unknown)[0]: "not a material field"})
    with change_transaction(session, clock=clock) as changes:
        material = company_material(session, user, material_id, lock=True)
        if material.retired_at is not None:
            raise MaterialRetiredError(material)
        current = CompanyDraft(
            kind=material.kind,
            title=material.title,
            body=material.body,
            summary=material.summary,
            url=material.url,
            category_id=material.category_id,
            tags=tuple(material.tags),
            models=tuple(material.models),
            author=material.author,
            file_hash=material.file_hash,
            file_name=material.file_name,
        )
        edits = dict(fields)
        if "category_path" in edits and "category_id" not in edits:
            edits["category_id"] = None
        for key in ("category_path", "tags", "models"):
            if key in edits:
                edits[key] = tuple(edits[key] or ())
        draft = replace(current, **edits).validated(known_models())
        material = _revise(session, changes, material, draft, clock())
    return material


def retire_now(
    session: Session, user: User, material_id: uuid.UUID, *, clock: Clock = utcnow
) -> Material:
    """Retire a company material (a manager): every desk drops it at its next sync. Retiring
    twice changes nothing; statistics and tracked links keep naming it."""
    check_manager(user, "retires company materials")
    with change_transaction(session, clock=clock) as changes:
        material = company_material(session, user, material_id, lock=True)
        if material.retired_at is None:
            material.retired_at = material.updated_at = clock()
            session.flush()
            log_material(changes, material)
            log.info("%s retired material %s (%s)", user.username, material.id, material.title)
    return material


# --- personal scripts (pushed by desks; inside the mutation's transaction) -----------------


def personal_draft(fields: Mapping[str, JSONValue]) -> ScriptDraft:
    """The script a `material.create` / `material.update` carries, checked with the desk's own
    rules (`ScriptDraft.validated`: ValidationError for a broken rule)."""
    missing = [name for name in PERSONAL_MATERIAL_FIELDS if name not in fields]
    if missing:
        raise InvalidInputError({"fields": "lacks " + ", ".join(missing)})
    texts = {}
    for name in ("kind", "title", "body"):
        value = fields[name]
        if not isinstance(value, str):
            raise InvalidInputError({name: "expected text"})
        texts[name] = value
    lists = {}
    for name in ("tags", "models"):
        value = fields[name]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidInputError({name: "expected a list of names"})
        lists[name] = tuple(value)
    category = fields["category_id"]
    if category is not None and not isinstance(category, str):
        raise InvalidInputError({"category_id": "expected a category id or null"})
    try:
        kind = MaterialKind(texts["kind"])
    except ValueError:
        raise InvalidInputError({"kind": "not a kind of material"}) from None
    return ScriptDraft(
        title=texts["title"],
        body=texts["body"],
        kind=kind,
        category_id=category,
        tags=lists["tags"],
        models=lists["models"],
    ).validated()


def _script_category(
    session: Session, user: User, material_id: uuid.UUID, category: str | None
) -> uuid.UUID | None:
    """A script's category: one of the showroom's live categories, else none. A category
    deleted while the script was written offline leaves it uncategorised; it is kept."""
    if category is None:
        return None
    try:
        ident = uuid.UUID(category)
    except ValueError:
        raise InvalidInputError({"category_id": "expected a category id or null"}) from None
    try:
        return live_category(session, user.showroom_id, ident).id
    except NotFoundError:
        log.info("script %s names no live category (%s): filed under none", material_id, ident)
        return None


def own_script(session: Session, user: User, material: Material) -> Material:
    """Refuse anything but the user's own live personal script, saying why."""
    if material.showroom_id != user.showroom_id:
        raise NotFoundError(f"unknown material {material.id}")
    if material.scope == Scope.COMPANY.value:
        raise ForbiddenError(
            f"material {material.id} is the company's: read-only on the desk, a manager changes it"
        )
    if material.owner_id != user.id:
        raise ForbiddenError(f"material {material.id} is another consultant's personal script")
    if material.retired_at is not None:
        raise MaterialRetiredError(material)
    return material


def create_personal(
    session: Session,
    changes: ChangeSet,
    user: User,
    material_id: uuid.UUID,
    fields: Mapping[str, JSONValue],
    now: datetime,
) -> Material:
    """Add the user's personal script (个人话术), logged for their devices only."""
    draft = personal_draft(fields)
    if session.get(Material, material_id) is not None:
        raise MaterialExistsError(f"material {material_id} already exists")
    material = Material(
        id=material_id,
        showroom_id=user.showroom_id,
        scope=Scope.PERSONAL.value,
        owner_id=user.id,
        kind=draft.kind.value,
        title=draft.title,
        body=draft.body,
        summary="",
        url="",
        category_id=_script_category(session, user, material_id, draft.category_id),
        tags=list(draft.tags),
        models=list(draft.models),
        author="",
        file_hash=None,
        file_name="",
        created_by=user.id,
        retired_at=None,
        created_at=now,
        updated_at=now,
    )
    session.add(material)
    session.flush()
    log_material(changes, material)
    return material


def update_personal(
    session: Session,
    changes: ChangeSet,
    user: User,
    material: Material,
    fields: Mapping[str, JSONValue],
    now: datetime,
) -> Material:
    """Replace the fields of the user's own script (the last write in server order wins)."""
    own_script(session, user, material)
    draft = personal_draft(fields)
    before = rows.material_data(material)
    material.kind, material.title, material.body = draft.kind.value, draft.title, draft.body
    material.category_id = _script_category(session, user, material.id, draft.category_id)
    material.tags, material.models = list(draft.tags), list(draft.models)
    if rows.material_data(material) != before:
        material.updated_at = now
        session.flush()
        log_material(changes, material)
    return material


def delete_personal(
    session: Session, changes: ChangeSet, user: User, material: Material, now: datetime
) -> None:
    """Delete the user's own script (a tombstone); deleting it again changes nothing."""
    mine = material.scope == Scope.PERSONAL.value and material.owner_id == user.id
    if mine and material.retired_at is not None:
        return
    own_script(session, user, material)
    material.retired_at = material.updated_at = now
    session.flush()
    log_material(changes, material)


def record_use(
    session: Session,
    user: User,
    use_id: uuid.UUID,
    material: Material,
    action: str,
    used_at: datetime,
    now: datetime,
) -> None:
    """Count one copy or send of a material the user may read (or could: a use made before
    the material was retired still counts)."""
    if material.showroom_id != user.showroom_id:
        raise NotFoundError(f"unknown material {material.id}")
    if material.scope == Scope.PERSONAL.value and material.owner_id != user.id:
        raise ForbiddenError(f"material {material.id} is another consultant's personal script")
    try:
        clean = UsageAction(action)
    except ValueError:
        raise InvalidInputError({"action": "copy or send"}) from None
    session.add(
        MaterialUse(
            id=use_id,
            material_id=material.id,
            user_id=user.id,
            action=clean.value,
            used_at=min(used_at, now),
            recorded_at=now,
        )
    )
    session.flush()


# --- usage statistics ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UsageRow:
    """One company material's use over a period: copies, sends, by how many consultants."""

    material_id: uuid.UUID
    title: str
    kind: str
    category_id: uuid.UUID | None
    copies: int
    sends: int
    users: int
    last_used_at: datetime | None
    retired: bool
    #: Customers' counted opens of the article's tracked links (链接雷达), and by how many
    #: customers, in the period.
    opens: int = 0
    readers: int = 0


def _within(
    moment: InstrumentedAttribute[datetime], start: date | None, end: date | None
) -> list[ColumnElement[bool]]:
    """Conditions keeping `moment` within the showroom's days `start` to `end` (both
    included; no condition for an open end)."""
    found: list[ColumnElement[bool]] = []
    if start is not None:
        found.append(moment >= day_start(start))
    if end is not None:
        found.append(moment < day_start(end + timedelta(days=1)))
    return found


def usage_stats(
    session: Session, user: User, start: date | None = None, end: date | None = None
) -> list[UsageRow]:
    """Every live company material of the showroom (and retired ones used in the period) with
    its copies and sends in the showroom's days `start` to `end` (both included; open-ended
    when left out), most used first. Managers only: personal scripts are never counted here.
    """
    check_manager(user, "reads material statistics")
    if start is not None and end is not None:
        if end < start:
            raise InvalidInputError({"end": "the period ends before it starts"})
        if (end - start).days >= MAX_STATS_DAYS:
            raise InvalidInputError({"end": f"at most {MAX_STATS_DAYS} days at once"})
    uses = (
        select(
            MaterialUse.material_id.label("material_id"),
            func.sum(case((MaterialUse.action == UsageAction.COPY.value, 1), else_=0)).label(
                "copies"
            ),
            func.sum(case((MaterialUse.action == UsageAction.SEND.value, 1), else_=0)).label(
                "sends"
            ),
            func.count(func.distinct(MaterialUse.user_id)).label("users"),
            func.max(MaterialUse.used_at).label("last_used_at"),
        )
        .where(*_within(MaterialUse.used_at, start, end))
        .group_by(MaterialUse.material_id)
        .subquery()
    )
    opened = (
        select(
            MaterialLink.material_id.label("material_id"),
            func.count(MaterialLinkOpen.id).label("opens"),
            func.count(func.distinct(MaterialLink.contact_id)).label("readers"),
        )
        .join(MaterialLinkOpen, MaterialLinkOpen.link_id == MaterialLink.id)
        .where(*_within(MaterialLinkOpen.opened_at, start, end))
        .group_by(MaterialLink.material_id)
        .subquery()
    )
    found = session.execute(
        select(
            Material,
            uses.c.copies,
            uses.c.sends,
            uses.c.users,
            uses.c.last_used_at,
            opened.c.opens,
            opened.c.readers,
        )
        .outerjoin(uses, uses.c.material_id == Material.id)
        .outerjoin(opened, opened.c.material_id == Material.id)
        .where(
            Material.showroom_id == user.showroom_id,
            Material.scope == Scope.COMPANY.value,
            or_(
                Material.retired_at.is_(None),
                uses.c.material_id.is_not(None),
                opened.c.material_id.is_not(None),
            ),
        )
    ).all()
    result = [
        UsageRow(
            material_id=material.id,
            title=material.title,
            kind=material.kind,
            category_id=material.category_id,
            copies=int(copies or 0),
            sends=int(sends or 0),
            users=int(users or 0),
            last_used_at=last,
            retired=material.retired_at is not None,
            opens=int(opens or 0),
            readers=int(readers or 0),
        )
        for material, copies, sends, users, last, opens, readers in found
    ]
    return sorted(result, key=lambda r: (-(r.copies + r.sends), r.title, str(r.material_id)))


# --- bulk import -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did (or, a dry run, would do): rows read, materials made and updated."""

    rows: int
    created: int
    updated: int
    material_ids: tuple[uuid.UUID, ...]
    dry_run: bool


@dataclass
class _Rejections:
    """Rows refused by the server's own checks, after the importer accepted them."""

    rows: list[importer.RejectedRow] = field(default_factory=list)

    def add(self, draft: importer.MaterialDraft, problems: Mapping[str, str]) -> None:
        source, _, number = draft.source.rpartition(" row ")
        row = int(number) if number.isdigit() and source else 0
        self.rows.append(
            importer.RejectedRow(
                source if row else draft.source,
                row,
                draft.title,
                tuple(importer.Problem(name, problem) for name, problem in problems.items()),
            )
        )


def rejected_json(rejected: Sequence[importer.RejectedRow]) -> list[dict[str, Any]]:
    """The importer's rejected rows as the API reports them."""
    return [
        {
            "source": r.source,
            "row": r.row,
            "title": r.title,
            "problems": [
                {"field": p.field, "code": p.code, "detail": p.detail} for p in r.problems
            ],
        }
        for r in rejected
    ]


def import_report(
    session: Session,
    user: User,
    report: importer.ImportReport,
    *,
    dry_run: bool = False,
    clock: Clock = utcnow,
) -> ImportResult:
    """Publish an importer's drafts as company materials of the manager's showroom, all in one
    transaction, or nothing: ImportRejectedError lists every rejected row (the importer's and
    the server's own checks: catalogue models, file contents). A draft whose kind and title
    match a live company material updates it instead of adding a twin."""
    check_manager(user, "imports company materials")
    if not report.ok:
        raise ImportRejectedError(report.rows, rejected_json(report.rejected))
    models = known_models()
    refused = _Rejections()
    planned: list[tuple[importer.MaterialDraft, CompanyDraft, bytes | None]] = []
    for item in report.drafts:
        data: bytes | None = None
        try:
            clean = _company_of(item).validated(models)
            if item.file is not None:
                data = item.file.path.read_bytes()
                sniffed = sniff_type(data)
                if sniffed is None or FILE_TYPES[sniffed] != item.kind:
                    raise InvalidInputError({"file": f"the bytes are not a {item.kind.value}"})
        except InvalidInputError as exc:
            refused.add(item, exc.fields)
            continue
        except OSError as exc:
            refused.add(item, {"file": f"unreadable: {exc}"})
            continue
        planned.append((item, clean, data))
    if refused.rows:
        raise ImportRejectedError(report.rows, rejected_json(refused.rows))
    try:
        result = _write_import(session, user, report.rows, planned, refused, dry_run, clock)
    except _DryRunError as dry:
        return dry.result
    log.info(
        "%s imported %d material(s): %d new, %d updated",
        user.username,
        len(result.material_ids),
        result.created,
        result.updated,
    )
    return result


class _DryRunError(Exception):
    """Rolls a dry run's transaction back, carrying what it would have done."""

    def __init__(self, result: ImportResult) -> None:
        self.result = result
        super().__init__("dry run")


def _write_import(
    session: Session,
    user: User,
    row_count: int,
    planned: Sequence[tuple[importer.MaterialDraft, CompanyDraft, bytes | None]],
    refused: _Rejections,
    dry_run: bool,
    clock: Clock,
) -> ImportResult:
    """The import's one transaction (rolled back for a dry run, by `_DryRunError`)."""
    created = updated = 0
    ids: list[uuid.UUID] = []
    with change_transaction(session, clock=clock) as changes:
        now = clock()
        existing = {
            (m.kind, m.title): m
            for m in session.scalars(
                select(Material)
                .where(
                    Material.showroom_id == user.showroom_id,
                    Material.scope == Scope.COMPANY.value,
                    Material.retired_at.is_(None),
                )
                .order_by(Material.created_at.desc())
            )
        }
        for item, clean, data in planned:
            draft = clean
            if data is not None:
                # Typed by its bytes (a renamed .jpg called .png is still an image).
                stored = store_bytes(session, user.showroom_id, user.id, data, None, now)
                draft = replace(clean, file_hash=stored.sha256)
            try:
                twin = existing.get((draft.kind, draft.title))
                if twin is None:
                    material = publish(
                        session, changes, user, user.showroom_id, draft, uuid.uuid4(), now
                    )
                    created += 1
                else:
                    material = _revise(session, changes, twin, draft, now)
                    updated += 1
            except InvalidInputError as exc:
                refused.add(item, exc.fields)
                continue
            existing[(material.kind, material.title)] = material
            ids.append(material.id)
        if refused.rows:
            raise ImportRejectedError(row_count, rejected_json(refused.rows))
        if dry_run:
            raise _DryRunError(ImportResult(row_count, created, updated, tuple(ids), True))
    return ImportResult(row_count, created, updated, tuple(ids), dry_run=False)


def _company_of(draft: importer.MaterialDraft) -> CompanyDraft:
    return CompanyDraft(
        kind=draft.kind.value,
        title=draft.title,
        body=draft.body,
        summary=draft.summary,
        url=draft.url,
        category_path=draft.category_path,
        tags=draft.tags,
        models=draft.models,
        author=draft.author,
        # A stand-in until the bytes are stored (`import_report` puts the real hash in).
        file_hash=None if draft.file is None else draft.file.sha256,
        file_name="" if draft.file is None else draft.file.name,
    )


def import_path(
    session: Session, user: User, path: Path, *, dry_run: bool = False, clock: Clock = utcnow
) -> ImportResult:
    """Import a folder, .csv or .xlsx on this machine (the command line)."""
    check_manager(user, "imports company materials")
    report = importer.import_path(Path(path), known_models=known_models() or None)
    return import_report(session, user, report, dry_run=dry_run, clock=clock)


def import_upload(
    session: Session,
    user: User,
    filename: str,
    data: bytes,
    *,
    dry_run: bool = False,
    max_unpacked_bytes: int = MAX_UNPACKED_BYTES,
    clock: Clock = utcnow,
) -> ImportResult:
    """Import an uploaded .csv, .xlsx or .zip (a folder, zipped: a sheet and the files it
    names, or files alone), by the same rules as `import_path`."""
    check_manager(user, "imports company materials")
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if suffix not in IMPORT_SUFFIXES:
        raise InvalidInputError({"filename": "a .csv, .xlsx or .zip file"})
    with tempfile.TemporaryDirectory(prefix="material-import-") as scratch:
        root = Path(scratch)
        if suffix == ".zip":
            target = _unzip(data, root / "import", max_unpacked_bytes)
        else:
            target = root / f"upload{suffix}"
            target.write_bytes(data)
        return import_path(session, user, target, dry_run=dry_run, clock=clock)


def _unzip(data: bytes, folder: Path, max_unpacked_bytes: int) -> Path:
    """Unpack a zipped folder safely (no path outside `folder`, bounded size); the folder to
    import: the one top-level folder when the archive holds only that."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InvalidInputError({"file": "not a readable .zip file"}) from None
    with archive:
        entries = [i for i in archive.infolist() if not i.is_dir()]
        if len(entries) > MAX_ZIP_ENTRIES:
            raise InvalidInputError({"file": f"more than {MAX_ZIP_ENTRIES} files"})
        if sum(i.file_size for i in entries) > max_unpacked_bytes:
            raise InvalidInputError({"file": f"unpacks to more than {max_unpacked_bytes} bytes"})
        folder.mkdir(parents=True)
        root = folder.resolve()
        written = 0
        for info in entries:
            parts = PurePosixPath(_zip_name(info).replace("\\", "/")).parts
            if not parts or parts[0] == "__MACOSX" or parts[-1] == ".DS_Store":
                continue
            if parts[0].startswith("/") or ".." in parts or ":" in parts[0]:
                raise InvalidInputError({"file": f"a path outside the folder: {parts[0]}"})
            target = root.joinpath(*parts)
            if not target.resolve().is_relative_to(root):
                raise InvalidInputError({"file": "a path outside the folder"})
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(info) as source, target.open("wb") as sink:
                    while block := source.read(1 << 20):
                        written += len(block)
                        if written > max_unpacked_bytes:
                            raise InvalidInputError(
                                {"file": f"unpacks to more than {max_unpacked_bytes} bytes"}
                            )
                        sink.write(block)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise InvalidInputError({"file": f"cannot unpack {info.filename}: {exc}"}) from exc
    children = list(folder.iterdir())
    if len(children) == 1 and children[0].is_dir():
        return children[0]
    return folder


def _zip_name(info: zipfile.ZipInfo) -> str:
    """An entry's name; archives made on Chinese Windows store names in GBK without saying so
    (Python reads those as cp437)."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename
