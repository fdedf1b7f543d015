"""Bulk import of company materials, for managers (the server will reuse it): a folder, a CSV
or an XLSX file becomes validated drafts, or a report naming every rejected row and why.

All or nothing: when any row is rejected the report carries no drafts, so a half-imported
library never happens; the manager fixes the sheet and imports it again.

A sheet has a header row; columns are recognised by Chinese or English names (类型/kind,
标题/title, 正文/body, 摘要/summary, 链接/url, 分类/category, 标签/tags, 车型/models, 作者/author,
文件/file). Lists are separated by , ， 、 ; or |, category paths by / or >. A folder holding
one sheet is that sheet, with `文件` paths relative to the folder; a folder without one is
imported file by file: images and PDFs, and .txt/.md files as scripts, each titled by its
name and filed under its sub-folders as the category path.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlparse

from consultant_app.domain.contact import clean_multiline, clean_text
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
)

#: Larger files belong on the server's file store by hand, not in a bulk import.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 20_000
MAX_CATEGORY_DEPTH = 5

COLUMNS: dict[str, tuple[str, ...]] = {
    "kind": ("类型", "种类", "kind", "type"),
    "title": ("标题", "问题", "title", "question"),
    "body": ("正文", "内容", "答案", "话术", "body", "answer", "content", "text"),
    "summary": ("摘要", "简介", "summary"),
    "url": ("链接", "网址", "url", "link"),
    "category": ("分类", "类别", "category"),
    "tags": ("标签", "tags", "tag"),
    "models": ("车型", "models", "model"),
    "author": ("作者", "author"),
    "file": ("文件", "附件", "file", "path"),
}
KIND_NAMES: dict[str, MaterialKind] = {
    "问答": MaterialKind.QA,
    "qa": MaterialKind.QA,
    "q&a": MaterialKind.QA,
    "faq": MaterialKind.QA,
    "话术": MaterialKind.SCRIPT,
    "企业话术": MaterialKind.SCRIPT,
    "script": MaterialKind.SCRIPT,
    "文章": MaterialKind.ARTICLE,
    "article": MaterialKind.ARTICLE,
    "图片": MaterialKind.IMAGE,
    "海报": MaterialKind.IMAGE,
    "image": MaterialKind.IMAGE,
    "poster": MaterialKind.IMAGE,
    "文档": MaterialKind.DOCUMENT,
    "document": MaterialKind.DOCUMENT,
    "pdf": MaterialKind.DOCUMENT,
}
FILE_TYPES: dict[str, tuple[MaterialKind, str]] = {
    ".png": (MaterialKind.IMAGE, "image/png"),
    ".jpg": (MaterialKind.IMAGE, "image/jpeg"),
    ".jpeg": (MaterialKind.IMAGE, "image/jpeg"),
    ".gif": (MaterialKind.IMAGE, "image/gif"),
    ".webp": (MaterialKind.IMAGE, "image/webp"),
    ".pdf": (MaterialKind.DOCUMENT, "application/pdf"),
}
TEXT_FILES = frozenset({".txt", ".md"})
SHEETS = frozenset({".csv", ".xlsx"})
_LIST_SPLIT = re.compile(r"[,，、;；|]")
_PATH_SPLIT = re.compile(r"\s*[/／>＞›]\s*")


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a row was rejected: the field, a code the UI translates, and the offending value."""

    field: str
    code: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.field}: {self.code}" + (f" ({self.detail})" if self.detail else "")


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file a draft brings: where it is now, and its content hash, size and type."""

    path: Path
    sha256: str
    size: int
    mime_type: str

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True, slots=True)
class MaterialDraft:
    """One company material ready to publish (the server gives it an id and a category id)."""

    kind: MaterialKind
    title: str
    body: str = ""
    summary: str = ""
    url: str = ""
    category_path: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    author: str = ""
    file: FileRef | None = None
    source: str = ""  # "materials.xlsx row 3", "车型资料/迈腾/参数表.pdf"


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """A row (or file) that cannot be imported, and every reason."""

    source: str
    row: int  # the sheet's row number (1 = the header); 0 for a file of a folder
    title: str
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import found: drafts only when nothing was rejected (all or nothing)."""

    drafts: tuple[MaterialDraft, ...]
    rejected: tuple[RejectedRow, ...]
    rows: int

    @property
    def ok(self) -> bool:
        return not self.rejected

    def lines(self) -> list[str]:
        """The rejections as text, one per row, for a log or the server's answer."""
        return [
            f"{r.source} row {r.row}: {r.title or '—'}: " + "; ".join(str(p) for p in r.problems)
            if r.row
            else f"{r.source}: " + "; ".join(str(p) for p in r.problems)
            for r in self.rejected
        ]


class _UnreadableError(Exception):
    """A whole file cannot be read (its message goes into the report)."""


def import_path(path: Path, *, known_models: Collection[str] | None = None) -> ImportReport:
    """Import a folder, .csv or .xlsx; with `known_models`, other model names are rejected."""
    path = Path(path)
    if path.is_dir():
        return import_folder(path, known_models=known_models)
    return import_sheet(path, base_dir=path.parent, known_models=known_models)


def import_sheet(
    path: Path, *, base_dir: Path | None = None, known_models: Collection[str] | None = None
) -> ImportReport:
    """Import one CSV or XLSX sheet; `文件` paths are relative to `base_dir`."""
    path = Path(path)
    try:
        rows = list(_read_sheet(path))
    except _UnreadableError as exc:
        return _whole_file(path.name, Problem("file", "unreadable", str(exc)))
    return import_rows(
        rows,
        source=path.name,
        base_dir=base_dir or path.parent,
        known_models=known_models,
    )


def import_rows(
    rows: Iterable[tuple[int, list[str]]],
    *,
    source: str,
    base_dir: Path,
    known_models: Collection[str] | None = None,
) -> ImportReport:
    """Validate a sheet's rows (row number, cells), the first non-blank being the header."""
    iterator = iter(rows)
    header: dict[str, int] | None = None
    for _number, cells in iterator:
        if any(c.strip() for c in cells):
            header, unknown = _header(cells)
            if "title" not in header or "kind" not in header:
                missing = [c for c in ("kind", "title") if c not in header]
                return _whole_file(source, Problem("header", "missing_columns", ", ".join(missing)))
            if unknown:
                return _whole_file(source, Problem("header", "unknown_columns", ", ".join(unknown)))
            break
    if header is None:
        return _whole_file(source, Problem("file", "empty"))
    drafts: list[MaterialDraft] = []
    rejected: list[RejectedRow] = []
    seen: dict[tuple[MaterialKind, str], int] = {}
    count = 0
    for number, cells in iterator:
        if not any(c.strip() for c in cells):
            continue
        count += 1
        if count > MAX_ROWS:
            return _whole_file(source, Problem("file", "too_many_rows", str(MAX_ROWS)))
        values = {name: cells[i] if i < len(cells) else "" for name, i in header.items()}
        draft, problems = _draft(values, base_dir, known_models, f"{source} row {number}")
        if draft is not None:
            key = (draft.kind, draft.title)
            if key in seen:
                problems.append(Problem("title", "duplicate", f"row {seen[key]}"))
            else:
                seen[key] = number
        if problems or draft is None:
            title = clean_text(values.get("title", ""))[:MAX_TITLE]
            rejected.append(RejectedRow(source, number, title, tuple(problems)))
        else:
            drafts.append(draft)
    return _report(drafts, rejected, count)


def import_folder(folder: Path, *, known_models: Collection[str] | None = None) -> ImportReport:
    """A folder: its one sheet if it has one, else each file as a material."""
    folder = Path(folder)
    sheets = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SHEETS)
    if len(sheets) > 1:
        names = ", ".join(p.name for p in sheets)
        return _whole_file(folder.name, Problem("folder", "several_sheets", names))
    if sheets:
        return import_sheet(sheets[0], base_dir=folder, known_models=known_models)
    drafts: list[MaterialDraft] = []
    rejected: list[RejectedRow] = []
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    for path in files:
        relative = path.relative_to(folder)
        source = relative.as_posix()
        category = tuple(clean_text(part) for part in relative.parts[:-1])
        title = clean_text(path.stem)
        problems: list[Problem] = []
        suffix = path.suffix.lower()
        draft: MaterialDraft | None = None
        if suffix in TEXT_FILES:
            try:
                body = clean_multiline(_decode(path.read_bytes()))
            except (OSError, _UnreadableError) as exc:
                problems.append(Problem("file", "unreadable", str(exc)))
            else:
                values = {"kind": "script", "title": title, "body": body}
                draft, problems = _draft(values, folder, known_models, source, category)
        elif suffix in FILE_TYPES:
            values = {"kind": FILE_TYPES[suffix][0].value, "title": title, "file": source}
            draft, problems = _draft(values, folder, known_models, source, category)
        else:
            problems.append(Problem("file", "unsupported_type", suffix or path.name))
        if problems or draft is None:
            rejected.append(RejectedRow(source, 0, title, tuple(problems)))
        else:
            drafts.append(draft)
    if not files:
        return _whole_file(folder.name, Problem("folder", "empty"))
    return _report(drafts, rejected, len(files))


# --- one row -----------------------------------------------------------------------------------


def _draft(
    values: Mapping[str, str],
    base_dir: Path,
    known_models: Collection[str] | None,
    source: str,
    category: tuple[str, ...] | None = None,
) -> tuple[MaterialDraft | None, list[Problem]]:
    problems: list[Problem] = []
    raw_kind = clean_text(values.get("kind", "")).lower()
    kind = KIND_NAMES.get(raw_kind)
    if kind is None:
        problems.append(Problem("kind", "required" if not raw_kind else "unknown", raw_kind))
    title = clean_text(values.get("title", ""))
    if not title:
        problems.append(Problem("title", "required"))
    elif len(title) > MAX_TITLE:
        problems.append(Problem("title", "too_long", str(MAX_TITLE)))
    body = clean_multiline(values.get("body", ""))
    if len(body) > MAX_BODY:
        problems.append(Problem("body", "too_long", str(MAX_BODY)))
    elif not body and kind in (MaterialKind.QA, MaterialKind.SCRIPT):
        problems.append(Problem("body", "required"))
    summary = clean_multiline(values.get("summary", ""))
    if len(summary) > MAX_SUMMARY:
        problems.append(Problem("summary", "too_long", str(MAX_SUMMARY)))
    url = clean_text(values.get("url", ""))
    if url and not _is_web_address(url):
        problems.append(Problem("url", "invalid", url[:80]))
    elif not url and kind is MaterialKind.ARTICLE:
        problems.append(Problem("url", "required"))
    if category is None:
        category = tuple(
            clean_text(p) for p in _PATH_SPLIT.split(values.get("category", "")) if clean_text(p)
        )
    if len(category) > MAX_CATEGORY_DEPTH:
        problems.append(Problem("category", "too_deep", str(MAX_CATEGORY_DEPTH)))
    elif any(len(p) > MAX_CATEGORY for p in category):
        problems.append(Problem("category", "too_long", str(MAX_CATEGORY)))
    tags = _names(values.get("tags", ""))
    if len(tags) > MAX_TAGS:
        problems.append(Problem("tags", "too_many", str(MAX_TAGS)))
    elif any(len(t) > MAX_TAG for t in tags):
        problems.append(Problem("tags", "too_long", str(MAX_TAG)))
    models = _names(values.get("models", ""))
    if len(models) > MAX_MODELS or any(len(m) > MAX_MODEL for m in models):
        problems.append(Problem("models", "too_many" if len(models) > MAX_MODELS else "too_long"))
    elif known_models is not None:
        unknown = [m for m in models if m not in known_models]
        if unknown:
            problems.append(Problem("models", "unknown", ", ".join(unknown)))
    author = clean_text(values.get("author", ""))
    if len(author) > MAX_AUTHOR:
        problems.append(Problem("author", "too_long", str(MAX_AUTHOR)))
    file_ref: FileRef | None = None
    file_name = clean_text(values.get("file", ""))
    if kind in FILE_KINDS:
        if not file_name:
            problems.append(Problem("file", "required"))
        else:
            file_ref = _file(base_dir, file_name, kind, problems)
    elif file_name:
        problems.append(Problem("file", "not_for_kind", kind.value if kind else ""))
    if problems or kind is None:
        return None, problems
    draft = MaterialDraft(
        kind=kind,
        title=title,
        body=body,
        summary=summary,
        url=url,
        category_path=category,
        tags=tags,
        models=models,
        author=author,
        file=file_ref,
        source=source,
    )
    return draft, problems


def _file(base_dir: Path, name: str, kind: MaterialKind, problems: list[Problem]) -> FileRef | None:
    base = base_dir.resolve()
    candidate = (base / name).resolve()
    if Path(name).is_absolute() or not candidate.is_relative_to(base):
        problems.append(Problem("file", "outside_folder", name))
        return None
    if not candidate.is_file():
        problems.append(Problem("file", "missing", name))
        return None
    expected = FILE_TYPES.get(candidate.suffix.lower())
    if expected is None or expected[0] is not kind:
        problems.append(Problem("file", "wrong_type", candidate.suffix.lower() or name))
        return None
    size = candidate.stat().st_size
    if size == 0:
        problems.append(Problem("file", "empty", name))
        return None
    if size > MAX_FILE_BYTES:
        problems.append(Problem("file", "too_large", str(MAX_FILE_BYTES)))
        return None
    digest = hashlib.sha256()
    with candidate.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return FileRef(candidate, digest.hexdigest(), size, expected[1])


def _names(raw: str) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for piece in _LIST_SPLIT.split(raw):
        cleaned = clean_text(piece)
        if cleaned:
            out.setdefault(cleaned, None)
    return tuple(out)


def _is_web_address(url: str) -> bool:
    if len(url) > MAX_URL:
        return False
    parsed = urlparse(url)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


# --- reading sheets ------------------------------------------------------------------------------


def _header(cells: list[str]) -> tuple[dict[str, int], list[str]]:
    lookup = {alias.lower(): name for name, aliases in COLUMNS.items() for alias in aliases}
    header: dict[str, int] = {}
    unknown: list[str] = []
    for i, cell in enumerate(cells):
        label = clean_text(cell).lower()
        if not label:
            continue
        name = lookup.get(label)
        if name is None or name in header:
            unknown.append(clean_text(cell))
        else:
            header[name] = i
    return header, unknown


def _read_sheet(path: Path) -> Iterator[tuple[int, list[str]]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            text = _decode(path.read_bytes())
        except OSError as exc:
            raise _UnreadableError(str(exc)) from exc
        try:
            for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
                yield number, [str(c) for c in row]
        except csv.Error as exc:
            raise _UnreadableError(str(exc)) from exc
    elif suffix == ".xlsx":
        yield from _read_xlsx(path)
    else:
        raise _UnreadableError(f"not a .csv or .xlsx file: {path.name}")


def _read_xlsx(path: Path) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # only imports need it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise _UnreadableError(f"cannot open the workbook: {exc}") from exc
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell(v) for v in row]
    finally:
        book.close()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a BOM), else GB18030 — what Excel in China saves CSV as."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _UnreadableError("neither UTF-8 nor GB18030 text")


def _whole_file(source: str, problem: Problem) -> ImportReport:
    return ImportReport((), (RejectedRow(source, 0, "", (problem,)),), 0)


def _report(drafts: list[MaterialDraft], rejected: list[RejectedRow], rows: int) -> ImportReport:
    if rejected:
        return ImportReport((), tuple(rejected), rows)
    return ImportReport(tuple(drafts), (), rows)


__all__ = [
    "FileRef",
    "ImportReport",
    "MaterialDraft",
    "Problem",
    "RejectedRow",
    "import_folder",
    "import_path",
    "import_rows",
    "import_sheet",
]
