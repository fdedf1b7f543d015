"""The library's bridge to the database worker: searches, copies, sends, favourites and
personal scripts run there as small tasks; plain results come back to the GUI thread.

One `LibraryController` serves the palette and the page. It keeps the worker-side objects
(one `LibrarySearch` for the worker's connection, the `LibraryService`, the `FileCache`) and
builds them on the worker the first time they are needed, never on the GUI thread.
"""

from __future__ import annotations

import logging
import re
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QMimeData, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QGuiApplication, QImage

from consultant_app.domain.activity import ActivityKind
from consultant_app.errors import NotFoundError, ShowroomError
from consultant_app.library import queries
from consultant_app.library.cache import FileCache
from consultant_app.library.models import (
    FILE_KINDS,
    Category,
    Highlighted,
    MaterialDetail,
    MaterialKind,
    MaterialSummary,
    ReadOnlyMaterialError,
    ScriptDraft,
    SearchFilters,
    SearchResult,
    UsageAction,
)
from consultant_app.store.database import Workspace
from ui.tasks import SerialExecutor, Task

if TYPE_CHECKING:  # imported on the worker: they import SQLAlchemy, slow to import
    from consultant_app.library.commands import LibraryService
    from consultant_app.library.search import LibrarySearch
    from consultant_app.sync.desk import DeskLink

    #: The sync's network worker and the desk's server link.
    Network = tuple[SerialExecutor, DeskLink]

log = logging.getLogger(__name__)
T = TypeVar("T")

#: The file cache's folder inside the workspace's data folder.
CACHE_FOLDER = "library-files"
#: Longest side of an image preview, in pixels (scaled on the worker).
PREVIEW_SIDE = 960
#: Characters a file name may not contain on Windows (plus control characters).
_UNSAFE_NAME = re.compile(r'[<>:"/\\|?*\x00-\x1f]')

CategoryPaths = Mapping[str, tuple[str, ...]]


class UnreadableFileError(ShowroomError):
    """A material's cached file cannot be read as what it claims to be."""

    def __init__(self, material_id: str) -> None:
        self.material_id = material_id
        super().__init__(f"the cached file of material {material_id} cannot be read")


@dataclass(frozen=True, slots=True)
class ContactRef:
    """The customer open in the detail panel: whom a "sent" is logged against."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Found:
    """A page of search results and the category names their chips show."""

    result: SearchResult
    categories: CategoryPaths = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Overview:
    """What the palette shows before anything is typed: recently used, then favourites."""

    recents: tuple[MaterialSummary, ...]
    favourites: tuple[MaterialSummary, ...]
    categories: CategoryPaths = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Opened:
    """One material in full for the detail pane, with its image preview if it is cached and
    where the query matched its title, body and summary."""

    detail: MaterialDetail
    file_cached: bool
    preview: QImage | None = None  # a value type, safe to make on the worker
    title: Highlighted | None = None
    body: Highlighted | None = None
    summary: Highlighted | None = None
    #: Its file is being downloaded; `open` answers again once it is here.
    downloading: bool = False


@dataclass(frozen=True, slots=True)
class Clip:
    """What copying a material puts on the clipboard (made on the worker)."""

    material_id: str
    title: str
    kind: MaterialKind
    text: str = ""
    image: QImage | None = None
    file: Path | None = None
    missing_file: bool = False  # a file material whose file is not on this computer
    file_hash: str = ""
    #: An article's own web address (what is sent when no tracked link can be had).
    url: str = ""
    #: The customer's tracked link (链接雷达) that `text` carries instead of `url`.
    tracked_url: str = ""

    @property
    def available(self) -> bool:
        return not self.missing_file

    @property
    def wants_link(self) -> bool:
        """An article sent to a customer goes out as their tracked link."""
        return self.kind is MaterialKind.ARTICLE and bool(self.url) and not self.tracked_url

    def with_link(self, url: str) -> Clip:
        """This article's clip carrying the customer's tracked link."""
        return replace(self, text=_article_text(self.title, url), tracked_url=url)


@dataclass(frozen=True, slots=True)
class CopyOutcome:
    """What a copy did, for the caller to close or explain."""

    copied: bool
    message: str
    sent_to: ContactRef | None = None
    #: The tracked link (链接雷达) that was copied, if the material was an article sent to a
    #: customer and the server made (or had made) one.
    tracked_url: str = ""


class LibraryController(QObject):
    """Runs the library's reads and commands on the window's database executor.

    `current_contact` names the customer open in the detail panel (or None), `log_activity`
    is the window's path for adding a follow-up (contact id, activity kind, body), `notify`
    shows a short message, and `show_error` handles any error the library does not explain.
    `network` gives the sync's network worker and server link while signed in (None
    otherwise): files not on this computer are downloaded through it when needed.
    """

    materials_changed = Signal()  # a script, favourite or use changed: lists may reorder

    def __init__(
        self,
        executor: SerialExecutor,
        workspace: Workspace,
        *,
        current_contact: Callable[[], ContactRef | None],
        log_activity: Callable[[str, str, str], None],
        notify: Callable[[str], None],
        show_error: Callable[[BaseException], None],
        cache_folder: Path | None = None,
        network: Callable[[], Network | None] = lambda: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.executor = executor
        self.workspace = workspace
        self.current_contact = current_contact
        self._log_activity = log_activity
        self._notify = notify
        self.show_error = show_error
        self._network = network
        self._downloads: set[str] = set()
        self.cache_folder = cache_folder or workspace.data_dir / CACHE_FOLDER
        # Worker-side objects: made and used only by tasks on the database worker.
        self._searcher: LibrarySearch | None = None
        self._service: LibraryService | None = None
        self._cache: FileCache | None = None
        self._cache_lock = threading.Lock()

    # --- reads ---------------------------------------------------------------------------
    def search(
        self,
        text: str,
        filters: SearchFilters,
        limit: int,
        on_done: Callable[[Found], None],
        *,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Task:
        """Search on the worker; the task, so that a newer keystroke can cancel it."""

        def work() -> Found:
            searcher = self._search_on_worker()
            result = searcher.search(text, filters, limit=limit)
            return Found(result, queries.category_paths(searcher.conn))

        return self._submit(work, on_done, name="library_search", on_error=on_error)

    def overview(
        self,
        on_done: Callable[[Overview], None],
        *,
        limit: int = 8,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Task:
        """Recently used and favourite materials (the palette's empty state)."""

        def work() -> Overview:
            conn = self._conn()
            return Overview(
                tuple(queries.recents(conn, limit)),
                tuple(queries.favourites(conn, limit * 3)),
                queries.category_paths(conn),
            )

        return self._submit(work, on_done, name="library_overview", on_error=on_error)

    def categories(self, on_done: Callable[[list[Category]], None]) -> Task:
        """The category tree."""
        return self._submit(
            lambda: queries.categories(self._conn()), on_done, name="library_categories"
        )

    def open(
        self,
        material_id: str,
        on_done: Callable[[Opened], None],
        *,
        query: str = "",
        fetch: bool = True,
    ) -> Task:
        """One material in full, with a preview of its image when the file is cached and
        what `query` matches in it marked."""

        def work() -> Opened:
            from consultant_app.library.highlight import highlight_title, spans_in
            from consultant_app.library.tokens import parse_query

            detail = queries.material(self._conn(), material_id)
            plan = parse_query(query)
            path = self._cached_file(detail)
            preview = None
            if path is not None and detail.kind is MaterialKind.IMAGE:
                image = QImage(str(path))
                if not image.isNull():
                    if max(image.width(), image.height()) > PREVIEW_SIDE:
                        image = image.scaled(
                            PREVIEW_SIDE,
                            PREVIEW_SIDE,
                            Qt.AspectRatioMode.KeepAspectRatio,
                            Qt.TransformationMode.SmoothTransformation,
                        )
                    preview = image
            return Opened(
                detail,
                path is not None,
                preview,
                highlight_title(detail.title, plan),
                Highlighted(detail.body, spans_in(detail.body, plan, pinyin=False)),
                Highlighted(detail.summary, spans_in(detail.summary, plan, pinyin=False)),
                downloading=(
                    fetch
                    and path is None
                    and detail.kind in FILE_KINDS
                    and bool(detail.file_hash)
                    and self._network() is not None
                ),
            )

        def done(opened: Opened) -> None:
            on_done(opened)
            digest = opened.detail.file_hash
            if opened.downloading and digest:
                # Opened again once here (once only: never a loop if the file stays away).
                again = self.open
                self.download(digest, lambda: again(material_id, on_done, query=query, fetch=False))

        return self._submit(work, done, name="library_open")

    def download(self, digest: str, on_done: Callable[[], object]) -> bool:
        """Fetch a file into the cache on the network worker; False when not signed in.
        A download already under way is not started twice (its caller is not called)."""
        network = self._network()
        if network is None:
            return False
        if digest in self._downloads:
            return True
        executor, link = network
        self._downloads.add(digest)

        def done(_: object) -> None:
            self._downloads.discard(digest)
            on_done()

        def failed(exc: BaseException) -> None:
            self._downloads.discard(digest)
            log.warning("downloading library file %s failed: %s", digest[:12], exc)
            self._notify(
                self.tr("The file could not be downloaded; try again when the server is reachable.")
            )

        executor.submit(
            lambda: link.material_file(self._file_cache(), digest),
            done,
            failed,
            name="library_download",
        )
        return True

    # --- copying and sending -------------------------------------------------------------
    def copy(
        self,
        material_id: str,
        *,
        send: bool = False,
        on_done: Callable[[CopyOutcome], None] | None = None,
    ) -> None:
        """Copy a material (text as text, an image as an image) and count the use.

        With `send`, also log it as sent to the customer open now (a message follow-up on
        their timeline, counted as a send); with no customer open it is only copied.
        """
        contact = self.current_contact() if send else None
        action = UsageAction.SEND if contact is not None else UsageAction.COPY

        def work() -> Clip:
            conn = self._conn()
            clip = self._clip(queries.material(conn, material_id))
            if clip.available:
                self._library().record_use(material_id, action)
            if contact is not None and clip.wants_link:
                from consultant_app.library.radar import cached_link

                kept = cached_link(conn, material_id, contact.id)
                if kept is not None:  # shared with them before: the same link, also offline
                    clip = clip.with_link(kept.url)
            return clip

        def finish(clip: Clip, untracked: str = "") -> None:
            outcome = self._deliver(clip, contact, wanted_send=send, untracked=untracked)
            self._notify(outcome.message)
            if on_done is not None:
                on_done(outcome)
            if outcome.copied:
                self.materials_changed.emit()  # its use count changes its rank

        def done(clip: Clip) -> None:
            if clip.missing_file and clip.file_hash:
                again = lambda: self.copy(material_id, send=send, on_done=on_done)  # noqa: E731
                if self.download(clip.file_hash, again):
                    self._notify(self.tr("Downloading “{title}”…").format(title=clip.title))
                    return
            if contact is not None and clip.wants_link:
                self._track(clip, contact, finish)
                return
            finish(clip)

        self._submit(work, done, name="library_copy")

    def _track(self, clip: Clip, contact: ContactRef, finish: Callable[[Clip, str], None]) -> None:
        """Ask the server for the customer's tracked link to the article (链接雷达) on the
        network worker, then `finish` with it; without one, `finish` sends the article's own
        link and says why it is not tracked."""
        network = self._network()
        if network is None:
            finish(clip, self.tr("not signed in to the server"))
            return
        executor, link = network
        self._notify(self.tr("Making a tracked link for {name}…").format(name=contact.name))

        def failed(exc: BaseException) -> None:
            log.info("no tracked link for material %s: %s", clip.material_id, exc)
            finish(clip, self._untracked_reason(exc))

        executor.submit(
            lambda: link.tracked_link(clip.material_id, contact.id),
            lambda made: finish(clip.with_link(made.url), ""),
            failed,
            name="radar_link",
        )

    def _untracked_reason(self, exc: BaseException) -> str:
        """Why an article went out with its own link instead of a tracked one."""
        from consultant_app.library import radar
        from consultant_app.sync.engine import OfflineError, ServerUnavailableError

        if isinstance(exc, radar.NotSyncedYetError):
            return self.tr("this customer has not reached the server yet; sync first")
        if isinstance(exc, radar.LinkRefusedError):
            return self.tr("the server refused: {reason}").format(reason=exc.message)
        if isinstance(exc, OfflineError | ServerUnavailableError):
            return self.tr("the server cannot be reached")
        return self.tr("the server could not make one")

    def _deliver(
        self, clip: Clip, contact: ContactRef | None, *, wanted_send: bool, untracked: str = ""
    ) -> CopyOutcome:
        if not clip.available:
            return CopyOutcome(
                False,
                self.tr(
                    "“{title}” is not on this computer yet; it must be downloaded before it "
                    "can be copied."
                ).format(title=clip.title),
            )
        put_on_clipboard(clip)
        if contact is not None:
            if clip.tracked_url:
                body = self.tr("Sent a tracked link (link radar): {title}")
                message = self.tr(
                    "Copied “{title}” with {name}'s tracked link; you will be told when they "
                    "open it."
                )
            elif untracked:
                body = self.tr("Sent from the library: {title}")
                message = self.tr(
                    "Copied “{title}” with the article's own link and logged it as sent to "
                    "{name}. It is not tracked: {reason}."
                )
            else:
                body = self.tr("Sent from the library: {title}")
                message = self.tr("Copied “{title}” and logged it as sent to {name}.")
            self._log_activity(
                contact.id, ActivityKind.MESSAGE.value, body.format(title=clip.title)
            )
            return CopyOutcome(
                True,
                message.format(title=clip.title, name=contact.name, reason=untracked),
                contact,
                clip.tracked_url,
            )
        if wanted_send:
            return CopyOutcome(
                True,
                self.tr("Copied “{title}”. No customer is open, so nothing was logged.").format(
                    title=clip.title
                ),
            )
        return CopyOutcome(True, self.tr("Copied “{title}”.").format(title=clip.title))

    # --- commands ------------------------------------------------------------------------
    def set_favourite(
        self, material_id: str, favourite: bool, on_done: Callable[[bool], None] | None = None
    ) -> None:
        """Star or unstar a material; `on_done` gets the new state."""

        def done(_: object) -> None:
            self._notify(
                self.tr("Added to favourites.")
                if favourite
                else self.tr("Removed from favourites.")
            )
            if on_done is not None:
                on_done(favourite)
            self.materials_changed.emit()

        self._submit(
            lambda: self._library().set_favourite(material_id, favourite),
            done,
            name="library_favourite",
        )

    def create_script(
        self,
        draft: ScriptDraft,
        on_done: Callable[[str], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Add a personal script; `on_done` gets its id."""

        def done(material_id: str) -> None:
            self._notify(self.tr("Script saved."))
            if on_done is not None:
                on_done(material_id)
            self.materials_changed.emit()

        self._submit(
            lambda: self._library().create_script(draft),
            done,
            name="library_create",
            on_error=on_error,
        )

    def update_script(
        self,
        material_id: str,
        draft: ScriptDraft,
        on_done: Callable[[str], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Change a personal script; company materials refuse."""

        def work() -> str:
            self._library().update_script(material_id, draft)
            return material_id

        def done(changed: str) -> None:
            self._notify(self.tr("Script saved."))
            if on_done is not None:
                on_done(changed)
            self.materials_changed.emit()

        self._submit(work, done, name="library_update", on_error=on_error)

    def delete_script(self, material_id: str, on_done: Callable[[], None] | None = None) -> None:
        """Delete a personal script; company materials refuse."""

        def done(_: object) -> None:
            self._notify(self.tr("Script deleted."))
            if on_done is not None:
                on_done()
            self.materials_changed.emit()

        self._submit(
            lambda: self._library().delete_script(material_id), done, name="library_delete"
        )

    def ensure_index_current(self) -> None:
        """Rebuild the search index if another version of the tokeniser built it (once after
        start-up, in the background)."""

        def done(rebuilt: bool) -> None:
            if rebuilt:
                log.info("the library's search index was rebuilt for this version")
                self.materials_changed.emit()

        self._submit(lambda: self._library().ensure_index_current(), done, name="library_index")

    def refresh(self) -> None:
        """Something outside the library's own commands changed materials (a sync pull)."""
        self.materials_changed.emit()

    # --- on the worker -------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        return self.workspace.reader()

    def _search_on_worker(self) -> LibrarySearch:
        """The worker's `LibrarySearch`, kept between keystrokes (its memory of used
        materials is what makes ranking them cheap); a new one if the connection changed."""
        conn = self._conn()
        if self._searcher is None or self._searcher.conn is not conn:
            from consultant_app.library.search import LibrarySearch

            self._searcher = LibrarySearch(conn)
        return self._searcher

    def _library(self) -> LibraryService:
        if self._service is None:
            from consultant_app.library.commands import LibraryService

            self._service = LibraryService(self.workspace)
        return self._service

    def _file_cache(self) -> FileCache:
        """The one cache both workers use (it keeps its index in memory, behind its lock)."""
        with self._cache_lock:
            if self._cache is None:
                self._cache = FileCache(self.cache_folder)
            return self._cache

    def _cached_file(self, detail: MaterialDetail) -> Path | None:
        if detail.kind not in FILE_KINDS or not detail.file_hash:
            return None
        return self._file_cache().get(detail.file_hash)

    def _clip(self, detail: MaterialDetail) -> Clip:
        """The clipboard content for a material (reading its cached file here, off the GUI)."""
        key = (detail.id, detail.title, detail.kind)
        if detail.kind is MaterialKind.QA or detail.kind is MaterialKind.SCRIPT:
            return Clip(*key, text=detail.body)
        if detail.kind is MaterialKind.ARTICLE:
            return Clip(
                *key, text=_article_text(detail.title, detail.url or detail.summary), url=detail.url
            )
        path = self._cached_file(detail)
        if path is None:
            return Clip(*key, missing_file=True, file_hash=detail.file_hash or "")
        if detail.kind is MaterialKind.IMAGE:
            image = QImage(str(path))
            if image.isNull():
                raise UnreadableFileError(detail.id)
            return Clip(*key, image=image)
        return Clip(*key, text=detail.file_name, file=_named_copy(path, detail))

    # --- plumbing ------------------------------------------------------------------------
    def _submit(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        *,
        name: str,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Task:
        return self.executor.submit(fn, on_done, lambda exc: self._failed(exc, on_error), name=name)

    def _failed(self, exc: BaseException, on_error: Callable[[BaseException], None] | None) -> None:
        """Explain what the library knows how to explain; the rest goes to the caller or
        the window's error handler."""
        if isinstance(exc, NotFoundError):
            self._notify(self.tr("That material is no longer in the library."))
            self.materials_changed.emit()
        elif isinstance(exc, ReadOnlyMaterialError):
            self._notify(self.tr("Company materials are read-only."))
        elif isinstance(exc, UnreadableFileError):
            log.warning("%s", exc)
            self._notify(self.tr("The file of that material cannot be read; it may be damaged."))
        elif on_error is not None:
            on_error(exc)
        else:
            self.show_error(exc)


def _article_text(title: str, link: str) -> str:
    """What copying an article puts on the clipboard: its title and its link."""
    return "\n".join(line for line in (title, link) if line)


def _named_copy(path: Path, detail: MaterialDetail) -> Path:
    """A copy of a cached document under its real name (the cache names files by hash), so
    that pasting it into a chat sends 参数表.pdf, not a hex digest. Runs on the worker."""
    name = _UNSAFE_NAME.sub("_", Path(detail.file_name.replace("\\", "/")).name).strip(". ")
    if not name:
        name = _UNSAFE_NAME.sub("_", detail.title).strip(". ")[:80] or "document"
    folder = Path(tempfile.gettempdir()) / "ShowroomDesk-files" / (detail.file_hash or "x")[:16]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if not target.exists():
        shutil.copyfile(path, target)
    return target


def put_on_clipboard(clip: Clip) -> None:
    """Put a copied material on the system clipboard (GUI thread)."""
    clipboard = QGuiApplication.clipboard()
    if clip.image is not None:
        clipboard.setImage(clip.image)
    elif clip.file is not None:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(clip.file))])
        mime.setText(clip.text)
        clipboard.setMimeData(mime)
    else:
        clipboard.setText(clip.text)
