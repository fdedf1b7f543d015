"""The material library's vocabulary: kinds, scopes, drafts with their rules, and the plain
frozen records its queries return (never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from consultant_app.domain.contact import clean_multiline, clean_text
from consultant_app.errors import FieldError, ShowroomError, ValidationError

MAX_TITLE = 200
MAX_BODY = 20_000
MAX_SUMMARY = 1_000
MAX_URL = 2_048
MAX_TAGS = 20
MAX_TAG = 32
MAX_MODELS = 20
MAX_MODEL = 64
MAX_AUTHOR = 64
MAX_CATEGORY = 64


class MaterialKind(StrEnum):
    """What a material is; the values are stored and on the wire."""

    QA = "qa"  # 问答: title is the question, body the answer
    SCRIPT = "script"  # 话术
    ARTICLE = "article"  # 文章: title, summary, URL
    IMAGE = "image"  # 海报、配置图
    DOCUMENT = "document"  # PDF 参数表 …


#: Kinds that are a file (fetched into the cache on demand) rather than text.
FILE_KINDS = frozenset({MaterialKind.IMAGE, MaterialKind.DOCUMENT})
#: Kinds a consultant may write as their own (个人话术); files need the server's storage.
PERSONAL_KINDS = frozenset({MaterialKind.SCRIPT, MaterialKind.QA})


class Scope(StrEnum):
    """Whose a material is: the company's (read-only here) or the consultant's own."""

    COMPANY = "company"  # 企业: written by managers, published by the server
    PERSONAL = "personal"  # 个人: the consultant's, private, synced to their devices only


class UsageAction(StrEnum):
    """What the consultant did with a material (counted for ranking and the manager's view)."""

    COPY = "copy"
    SEND = "send"


class ReadOnlyMaterialError(ShowroomError):
    """A company material cannot be changed on a consultant's client."""

    def __init__(self, material_id: str) -> None:
        self.material_id = material_id
        super().__init__(f"material {material_id} is the company's and read-only")


def clean_list(values: tuple[str, ...] | list[str], limit: int) -> tuple[str, ...]:
    """Names cleaned, blanks dropped, duplicates removed (first spelling kept), in order."""
    out: dict[str, None] = {}
    for value in values:
        cleaned = clean_text(value)[: limit * 4]
        if cleaned:
            out.setdefault(cleaned, None)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class ScriptDraft:
    """A personal script (or Q&A) as the consultant typed it; `validated` checks and cleans."""

    title: str
    body: str
    kind: MaterialKind = MaterialKind.SCRIPT
    category_id: str | None = None
    tags: tuple[str, ...] = ()
    models: tuple[str, ...] = ()

    def validated(self) -> ScriptDraft:
        """The cleaned draft; ValidationError names every field that breaks a rule."""
        errors: dict[str, FieldError] = {}
        title = clean_text(self.title)
        body = clean_multiline(self.body)
        tags = clean_list(self.tags, MAX_TAG)
        models = clean_list(self.models, MAX_MODEL)
        if self.kind not in PERSONAL_KINDS:
            errors["kind"] = FieldError("not_allowed", allowed=sorted(PERSONAL_KINDS))
        if not title:
            errors["title"] = FieldError("required")
        elif len(title) > MAX_TITLE:
            errors["title"] = FieldError("too_long", max=MAX_TITLE)
        if not body:
            errors["body"] = FieldError("required")
        elif len(body) > MAX_BODY:
            errors["body"] = FieldError("too_long", max=MAX_BODY)
        if len(tags) > MAX_TAGS:
            errors["tags"] = FieldError("too_many", max=MAX_TAGS)
        elif any(len(t) > MAX_TAG for t in tags):
            errors["tags"] = FieldError("too_long", max=MAX_TAG)
        if len(models) > MAX_MODELS:
            errors["models"] = FieldError("too_many", max=MAX_MODELS)
        elif any(len(m) > MAX_MODEL for m in models):
            errors["models"] = FieldError("too_long", max=MAX_MODEL)
        if errors:
            raise ValidationError(errors)
        category = (self.category_id or "").strip() or None
        return ScriptDraft(title, body, self.kind, category, tags, models)


#: A highlighted range [start, end) in Python string indices (code points; a Qt view counts
#: UTF-16 units, which differ only for characters outside the BMP such as emoji).
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Highlighted:
    """Text with the ranges that matched the query."""

    text: str
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """What the library page's filter bar narrows to; the defaults narrow nothing.

    `category_id` includes its sub-categories. `kinds` empty means every kind.
    """

    kinds: frozenset[MaterialKind] = frozenset()
    category_id: str | None = None
    model: str | None = None
    scope: Scope | None = None
    favourites_only: bool = False


@dataclass(frozen=True, slots=True)
class MaterialSummary:
    """One row of a result list, recents or favourites."""

    id: str
    kind: MaterialKind
    scope: Scope
    title: Highlighted
    snippet: Highlighted
    category_id: str | None
    tags: tuple[str, ...]
    models: tuple[str, ...]
    author: str
    updated_at: datetime
    uses: int
    last_used_at: datetime | None
    favourite: bool
    title_hit: bool = False

    @property
    def editable(self) -> bool:
        """Only the consultant's own scripts can be edited or deleted here."""
        return self.scope is Scope.PERSONAL


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A page of hits, best first, and whether more matched than were returned."""

    query: str
    hits: tuple[MaterialSummary, ...]
    has_more: bool


@dataclass(frozen=True, slots=True)
class MaterialDetail:
    """Everything about one material, for its detail pane and for copying or sending it."""

    id: str
    kind: MaterialKind
    scope: Scope
    owner_id: str | None
    title: str
    body: str
    summary: str
    url: str
    category_id: str | None
    category_path: tuple[str, ...]
    tags: tuple[str, ...]
    models: tuple[str, ...]
    author: str
    file_hash: str | None
    file_name: str
    file_size: int | None
    mime_type: str
    created_at: datetime
    updated_at: datetime
    uses: int
    favourite: bool

    @property
    def editable(self) -> bool:
        return self.scope is Scope.PERSONAL


@dataclass(frozen=True, slots=True)
class Category:
    """A node of the category tree, with the names from the top down to it."""

    id: str
    parent_id: str | None
    name: str
    position: int
    path: tuple[str, ...]
    children: tuple[Category, ...] = field(default=())
