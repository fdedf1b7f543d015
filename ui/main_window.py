"""The main window: kanban and Today pages, the detail panel, the filter, and every command."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QWidget,
)

from consultant_app.catalogue import Catalogue
from consultant_app.deployment import Deployment
from consultant_app.domain.activity import ActivityKind
from consultant_app.domain.contact import ContactDraft
from consultant_app.domain.stages import ALL_STAGES, Stage, StageDetails, needs_details, neighbour
from consultant_app.errors import (
    DuplicateContactError,
    FieldError,
    IllegalStageMoveError,
    NotFoundError,
    ShowroomError,
    StoreError,
    ValidationError,
)
from consultant_app.settings import LANGUAGE, ROT_DAYS, SHOW_SIDE_STAGES, Settings
from consultant_app.startup import StartData
from consultant_app.store import queries
from consultant_app.store.database import Workspace
from consultant_app.store.queries import KanbanCard, TodayList
from ui.kanban.board import KanbanBoard
from ui.kanban.model import Board
from ui.labels import field_error_message, stage_label
from ui.tasks import SerialExecutor, Task

if TYPE_CHECKING:  # built after the first paint; their imports would slow start-up
    from consultant_app.library.radar import LinkOpened
    from consultant_app.sync.desk import DeskLink
    from consultant_app.sync.engine import SyncReport
    from ui.detail_panel import ContactDetailPanel
    from ui.library import ContactRef, LibraryController, LibraryPage, QuickSearchPalette
    from ui.notifier import ArrivalNotifier
    from ui.qr_page import QrPage
    from ui.sync_ui import SyncSetup, SyncUi
    from ui.today_view import TodayView

log = logging.getLogger(__name__)
T = TypeVar("T")
UNDO_DEPTH = 20
WARM_UP_MS = 800
#: The daily backup waits until start-up's work is done.
BACKUP_DELAY_MS = 5000


#: What start-up hands the window (kept under this name for callers).
Loaded = StartData


class MainWindow(QMainWindow):
    """The consultant's desk. Holds no database session: every read and write is a task on
    the serial database executor, whose plain-data results update the models here."""

    workspace_ready = Signal()
    cards_painted = Signal()

    def __init__(
        self,
        executor: SerialExecutor,
        settings: Settings,
        catalogue: Catalogue,
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.executor = executor
        self.settings = settings
        self.catalogue = catalogue
        self.language = language
        self.workspace: Workspace | None = None
        self._service: Any = (
            None  # ContactService, imported on the worker (SQLAlchemy is slow to import)
        )
        self._undo: list[Any] = []
        self._filter_generation = 0
        self._filter_task: Task | None = None
        self._detail_id: str | None = None
        self._sync_setup: SyncSetup | None = None
        self.sync_ui: SyncUi | None = None
        self._painted = False
        self.notifier: ArrivalNotifier | None = None
        self.deployment = Deployment()  # start-up sets the manager's deployment.toml

        self.setWindowTitle(self.tr("Showroom Desk"))
        self.resize(1600, 960)
        self.board = Board(settings.rot_days(), self)
        self.kanban = KanbanBoard(self.board)
        self._today: TodayView | None = None
        self._detail: ContactDetailPanel | None = None
        self._library: LibraryController | None = None
        self._library_page: LibraryPage | None = None
        self._palette: QuickSearchPalette | None = None
        self._qr: QrPage | None = None

        self.pages = QStackedWidget()
        self.pages.addWidget(self.kanban)
        self._splitter = QSplitter(Qt.Orientation.Horizontal)
        self._splitter.addWidget(self.pages)
        # The detail panel is built right after the first paint; until then a plain label.
        self._placeholder = QLabel(self.tr("Select a card to see the customer"))
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setObjectName("detailPlaceholder")
        self._splitter.addWidget(self._placeholder)
        self._splitter.setStretchFactor(0, 1)
        self._splitter.setStretchFactor(1, 0)
        self._splitter.setSizes([1190, 410])
        self._splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self._splitter)

        self._build_toolbar()
        self._build_actions()
        self._build_status()
        self._connect()

        self._today_timer = QTimer(self)
        self._today_timer.setSingleShot(True)
        self._today_timer.setInterval(250)
        self._today_timer.timeout.connect(self._reload_today)
        self._clock = QTimer(self)
        self._clock.setInterval(60_000)
        self._clock.timeout.connect(self._tick)
        self.kanban.set_side_stages_visible(settings.get(SHOW_SIDE_STAGES))
        self.side_toggle.setChecked(settings.get(SHOW_SIDE_STAGES))

    # --- construction -------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = self.addToolBar(self.tr("Main"))
        bar.setObjectName("mainToolBar")
        bar.setMovable(False)
        self.kanban_button = QToolButton()
        self.kanban_button.setText(self.tr("Kanban"))
        self.today_button = QToolButton()
        self.today_button.setText(self.tr("Today"))
        self.library_button = QToolButton()
        self.library_button.setText(self.tr("Library"))
        self.qr_button = QToolButton()
        self.qr_button.setText(self.tr("Live codes"))
        self.qr_button.setToolTip(self.tr("Your channel QR codes: print, show, statistics"))
        group = QButtonGroup(self)
        nav = (self.kanban_button, self.today_button, self.library_button, self.qr_button)
        for i, button in enumerate(nav):
            button.setCheckable(True)
            button.setObjectName("navButton")
            group.addButton(button, i)
            bar.addWidget(button)
        self.kanban_button.setChecked(True)
        group.idClicked.connect(self.show_page)

        spacer = QWidget()
        spacer.setFixedWidth(16)
        bar.addWidget(spacer)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("filterEdit")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setPlaceholderText(
            self.tr("Filter: name, pinyin initials, phone digits, tag, model, channel, overdue")
        )
        self.filter_edit.setMinimumWidth(420)
        bar.addWidget(self.filter_edit)

        self.add_button = QToolButton()
        self.add_button.setObjectName("primaryButton")
        self.add_button.setText(self.tr("+ Quick add"))
        self.add_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addWidget(self.add_button)
        self.settings_button = QToolButton()
        self.settings_button.setText(self.tr("Settings"))
        self.settings_button.setObjectName("sideToggle")
        self.side_toggle = QToolButton()
        self.side_toggle.setCheckable(True)
        self.side_toggle.setObjectName("sideToggle")
        self.side_toggle.setText(self.tr("Lost / Dormant"))
        self.side_toggle.setToolTip(self.tr("Show the Lost and Dormant columns"))
        bar.addWidget(self.side_toggle)
        bar.addWidget(self.settings_button)
        self.about_button = QToolButton()
        self.about_button.setText(self.tr("About"))
        self.about_button.setObjectName("sideToggle")
        bar.addWidget(self.about_button)
        stretch = QWidget()
        stretch.setSizePolicy(
            stretch.sizePolicy().horizontalPolicy().Expanding, stretch.sizePolicy().verticalPolicy()
        )
        bar.addWidget(stretch)
        self.who = QLabel()
        self.who.setObjectName("whoLabel")
        bar.addWidget(self.who)

    def _action(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str,
        slot: Callable[[], None],
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.quick_add_action = self._action(self.tr("Quick add"), "Ctrl+N", self.quick_add)
        self.undo_action = self._action(
            self.tr("Undo move"), QKeySequence.StandardKey.Undo, self.undo_last_move
        )
        self.undo_action.setEnabled(False)
        self.right_action = self._action(
            self.tr("Move right"), "Ctrl+Right", lambda: self.move_selected(+1)
        )
        self.left_action = self._action(
            self.tr("Move left"), "Ctrl+Left", lambda: self.move_selected(-1)
        )
        self.tag_action = self._action(self.tr("Add tags…"), "Ctrl+Shift+T", self.tag_selected)
        self.settings_action = self._action(self.tr("Settings"), "Ctrl+,", self.open_settings)
        self.about_action = self._action(
            self.tr("About Showroom Desk"), QKeySequence.StandardKey.HelpContents, self.open_about
        )
        self._action(self.tr("Find"), QKeySequence.StandardKey.Find, self._focus_filter)
        self._action(self.tr("Live codes"), "Ctrl+J", lambda: self.show_page(3))
        self.palette_action = self._action(
            self.tr("Search the library"), "Ctrl+K", self.open_palette
        )
        self._action(self.tr("Today"), "Ctrl+T", lambda: self.show_page(1))
        self._action(self.tr("Kanban"), "Ctrl+B", lambda: self.show_page(0))
        clear = QAction(self.tr("Clear filter"), self.filter_edit)
        clear.setShortcut(QKeySequence("Escape"))
        clear.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear.triggered.connect(self._escape)
        self.filter_edit.addAction(clear)

    def _build_status(self) -> None:
        self.status_counts = QLabel()
        self.status_counts.setObjectName("statusCounts")
        self.statusBar().addPermanentWidget(self.status_counts)
        self.statusBar().showMessage(self.tr("Opening your customers…"))

    def _connect(self) -> None:
        self.add_button.clicked.connect(self.quick_add)
        self.settings_button.clicked.connect(self.open_settings)
        self.about_button.clicked.connect(self.open_about)
        self.side_toggle.toggled.connect(self._toggle_side)
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.kanban.cards_dropped.connect(self.request_move)
        self.kanban.selection_changed.connect(self._selection_changed)
        self.kanban.card_activated.connect(self.open_contact)
        self.kanban.context_requested.connect(self._context_menu)
        self.board.counts_changed.connect(self._update_counts)

    @property
    def detail(self) -> ContactDetailPanel:
        """The detail panel, built on first use (normally right after the first paint)."""
        if self._detail is None:
            from ui.detail_panel import ContactDetailPanel

            panel = ContactDetailPanel(self.catalogue, language=self.language)
            panel.clear()
            panel.save_requested.connect(self.save_contact)
            panel.activity_requested.connect(self.add_activity)
            panel.reminder_requested.connect(self.add_reminder)
            panel.reminder_done_requested.connect(self.complete_reminder)
            panel.snooze_requested.connect(lambda cid, until: self.snooze([cid], until))
            panel.close_requested.connect(self._close_detail)
            self._splitter.replaceWidget(1, panel)
            self._placeholder.deleteLater()
            self._detail = panel
        return self._detail

    @property
    def today(self) -> TodayView:
        """The Today page, built on first use (normally right after the first paint)."""
        if self._today is None:
            from ui.today_view import TodayView

            view = TodayView()
            view.contact_activated.connect(self.open_contact)
            view.reminder_done_requested.connect(self.complete_reminder)
            self.pages.addWidget(view)
            self._today = view
        return self._today

    @property
    def library(self) -> LibraryController:
        """The material library's controller (needs the workspace: after `attach`)."""
        if self._library is None:
            from ui.library import LibraryController

            assert self.workspace is not None
            self._library = LibraryController(
                self.executor,
                self.workspace,
                current_contact=self._open_contact_ref,
                log_activity=self.add_activity,
                notify=lambda text: self.statusBar().showMessage(text, 6000),
                show_error=self.show_error,
                network=self._network_link,
                parent=self,
            )
        return self._library

    def _network_link(self) -> tuple[SerialExecutor, DeskLink] | None:
        """The sync's network worker and server link while signed in (library downloads)."""
        ui = self.sync_ui
        link = None if ui is None else ui.controller.link
        if ui is None or link is None or not link.signed_in:
            return None
        return ui.controller.network, link

    @property
    def library_page(self) -> LibraryPage:
        """The library page, built the first time it is shown."""
        if self._library_page is None:
            from ui.library import LibraryPage

            _ = self.today  # pages keep their order: kanban, Today, library
            page = LibraryPage(self.library, self.catalogue.names())
            self.pages.addWidget(page)
            self._library_page = page
        return self._library_page

    def _check_library_index(self) -> None:
        """Once after start-up, in the background: rebuild the library's search index if
        another version of the tokeniser built it."""
        self.library.ensure_index_current()

    @property
    def qr(self) -> QrPage:
        """The live-code page (渠道活码), built the first time it is shown."""
        if self._qr is None:
            from ui.qr_page import QrPage

            _ = self.today  # Today stays page 1 (show_page selects it by index)
            page = QrPage(self)
            self.pages.addWidget(page)
            self._qr = page
        return self._qr

    def open_palette(self) -> None:
        """Ctrl+K: the quick-search palette over the window."""
        if self.workspace is None:
            return
        if self._palette is None:
            from ui.library import QuickSearchPalette

            self._palette = QuickSearchPalette(self.library, self)
        self._palette.open()

    def _open_contact_ref(self) -> ContactRef | None:
        """The customer open in the detail panel, for "copy and log as sent"."""
        if self._detail_id is None:
            return None
        from ui.library import ContactRef

        card = self.board.card(self._detail_id)
        return ContactRef(self._detail_id, card.name if card is not None else "")

    # --- start-up -----------------------------------------------------------------------
    def attach(self, loaded: StartData) -> None:
        """Show the workspace the worker opened (called on the GUI thread)."""
        self.workspace = loaded.workspace
        self.who.setText(loaded.consultant)
        self.board.load(loaded.cards, loaded.now, loaded.totals)
        self.statusBar().showMessage(self.tr("Ready"), 3000)
        self._clock.start()
        self.workspace_ready.emit()
        QTimer.singleShot(0, self._after_first_paint)

    def _after_first_paint(self) -> None:
        """Finish start-up once the kanban is on screen: the rest of the cards, the other
        widgets, Today, and (a little later) the write side with its SQLAlchemy import."""
        if not self.board.complete:
            self.reload_all()
        _ = self.detail, self.today
        self.schedule_today()
        QTimer.singleShot(WARM_UP_MS, lambda: self.run(self.service, name="service"))
        QTimer.singleShot(2 * WARM_UP_MS, self._check_library_index)
        QTimer.singleShot(BACKUP_DELAY_MS, self._daily_backup)
        self._painted = True
        self._start_sync()

    def _daily_backup(self) -> None:
        """Once a day, a checked copy of the database in the data folder's backups/."""
        if self.workspace is None:
            return
        from consultant_app.store.database import BACKUP_DIR, daily_backup

        db_path, folder = self.workspace.db_path, self.workspace.data_dir / BACKUP_DIR

        def failed(exc: BaseException) -> None:
            log.error("daily backup failed", exc_info=exc)
            self.statusBar().showMessage(
                self.tr("Today's backup could not be made: {error}").format(error=exc), 15000
            )

        self.run(lambda: daily_backup(db_path, folder), None, failed, name="daily-backup")

    def enable_sync(self, setup: SyncSetup) -> None:
        """Sync with a server as `setup` says, from the first paint on (or now, if later)."""
        self._sync_setup = setup
        self._start_sync()

    def _start_sync(self) -> None:
        if self._sync_setup is None or not self._painted or self.sync_ui is not None:
            return
        from ui.sync_ui import SyncUi

        self.sync_ui = SyncUi(self, self._sync_setup)
        self.addAction(self.sync_ui.indicator.sync_action)
        self.sync_ui.start()

    def synced(self, report: SyncReport) -> None:
        """A sync round brought changes: show them (cards, the open customer, Today) and
        announce customers that are new on this desk."""
        arrived = [i for i in report.contact_ids if self.board.card(i) is None]
        # The first sync of an empty desk (or a rebuild) brings everything: no announcement.
        initial = report.rebuilt or self.board.total() == 0
        if self.board.complete and arrived and not initial:
            self.run(lambda: self._cards(arrived), self._announce, name="arrivals")
        self._radar_opens()
        self.reload_all()
        if self._library is not None:
            self._library.refresh()  # pulled materials may have changed
        if self._qr is not None:
            self._qr.refresh()
        if self._detail_id is not None:
            if self._detail_id in report.revoked:
                self._close_detail()
            else:
                self.load_detail(self._detail_id)
        self.schedule_today()

    def _radar_opens(self) -> None:
        """Announce customers who opened an article shared with them (链接雷达) since the
        last round; the first call on a desk only remembers where it is."""
        ws = self.workspace
        if ws is None:
            return

        def work() -> list[LinkOpened]:
            from consultant_app.library import radar  # on the worker: it imports SQLAlchemy

            return radar.new_link_opens(ws)

        def failed(exc: BaseException) -> None:
            log.warning("reading link-radar opens failed: %s", exc)

        def announce(opens: list[LinkOpened]) -> None:
            self._notifier().announce_opens(opens)

        self.run(work, announce, failed, name="radar-opens")

    def _notifier(self) -> ArrivalNotifier:
        if self.notifier is None:
            from ui.notifier import ArrivalNotifier

            self.notifier = ArrivalNotifier(self, self.language)
            self.notifier.open_requested.connect(self.open_contact)
        return self.notifier

    def _announce(self, cards: list[KanbanCard]) -> None:
        self._notifier().announce(cards)

    def identity_changed(self) -> None:
        """The workspace took on the server's user: show their name."""
        if self.workspace is None:
            return
        ws = self.workspace
        self.run(
            lambda: queries.consultant_name(ws.reader(), ws.consultant_id),
            self.who.setText,
            name="who",
        )
        self.reload_all()

    def _local_change(self) -> None:
        if self.sync_ui is not None:
            self.sync_ui.local_change()

    def service(self) -> Any:
        """The contact service. Called only from tasks on the database worker, which builds it
        on first use (importing SQLAlchemy there, never on the GUI thread)."""
        if self._service is None:
            from consultant_app.services.contacts import ContactService

            assert self.workspace is not None
            self._service = ContactService(self.workspace)
        return self._service

    # --- running work -------------------------------------------------------------------
    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        name: str = "",
    ) -> None:
        """Run `fn` on the database worker; errors go to `on_error` or the standard handler."""
        self.executor.submit(fn, on_done, on_error or self.show_error, name=name)

    def show_error(self, exc: BaseException) -> None:
        """Turn a failed command into a clear message; never a traceback."""
        if isinstance(exc, ValidationError):
            first = next(iter(exc.errors.values()))
            self.statusBar().showMessage(field_error_message(first), 8000)
        elif isinstance(exc, IllegalStageMoveError):
            self.statusBar().showMessage(self.tr("That move is not possible."), 5000)
        elif isinstance(exc, NotFoundError):
            self.statusBar().showMessage(self.tr("That customer no longer exists."), 5000)
            self.reload_all()
        elif isinstance(exc, StoreError | ShowroomError):
            QMessageBox.warning(self, self.tr("Showroom Desk"), str(exc))
        else:
            log.error("command failed", exc_info=exc)
            QMessageBox.critical(
                self,
                self.tr("Showroom Desk"),
                self.tr("Something went wrong and nothing was changed. Details are in the log."),
            )

    def me(self) -> str:
        assert self.workspace is not None
        return self.workspace.consultant_id

    def _cards(self, ids: Sequence[str]) -> list[KanbanCard]:
        assert self.workspace is not None
        return queries.load_cards(self.workspace.reader(), self.me(), ids)

    def reload_all(self) -> None:
        if self.workspace is None:
            return
        ws = self.workspace
        self.run(
            lambda: (
                queries.load_cards(ws.reader(), ws.consultant_id),
                datetime.now().astimezone(),
            ),
            lambda res: self._reloaded(*res),
            name="reload",
        )

    def _reloaded(self, cards: list[KanbanCard], now: datetime) -> None:
        selected = self.kanban.selected_ids()
        self.board.load(cards, now)
        if self.filter_edit.text().strip():
            self._filter_changed(self.filter_edit.text())
        if selected:
            self.kanban.select(selected[0])

    def _apply_cards(self, cards: list[KanbanCard]) -> None:
        """Show what a command changed (and let sync know there is something to push)."""
        self._local_change()
        self.board.update_cards(cards)
        if self._detail_id and any(c.id == self._detail_id for c in cards):
            self.load_detail(self._detail_id)
        self.schedule_today()

    # --- moves --------------------------------------------------------------------------
    def request_move(self, ids: list[str], target: Stage) -> None:
        """Move cards into `target`, asking for what that stage needs first."""
        ids = [i for i in ids if self.board.stage_of(i) not in (None, target)]
        if not ids or self.workspace is None:
            return
        details: StageDetails | None = None
        if needs_details(target):
            cards = [c for c in (self.board.card(i) for i in ids) if c is not None]
            default_model = next((c.models[0] for c in cards if c.models), None)
            from ui.dialogs import ask_stage_details

            details = ask_stage_details(
                self, target, self.catalogue, [c.name for c in cards], default_model
            )
            if details is None:
                return
        self.move_cards(ids, target, details)

    def move_cards(
        self, ids: list[str], target: Stage, details: StageDetails | None = None
    ) -> None:
        """Commit a move on the worker, then move the cards on the board."""

        def work() -> tuple[Any, list[KanbanCard]]:
            batch = self.service().move_stage(ids, target, details)
            return batch, self._cards(batch.contact_ids)

        self.run(work, self._moved, name="move")

    def _moved(self, result: tuple[Any, list[KanbanCard]]) -> None:
        batch, cards = result
        self._undo.append(batch)
        del self._undo[:-UNDO_DEPTH]
        self.undo_action.setEnabled(True)
        self._apply_cards(cards)
        self.statusBar().showMessage(
            self.tr("Moved %n customer(s) to {stage}. Ctrl+Z undoes.", "", len(cards)).format(
                stage=stage_label(batch.target)
            ),
            6000,
        )

    def undo_last_move(self) -> None:
        if not self._undo:
            return
        batch = self._undo.pop()
        self.undo_action.setEnabled(bool(self._undo))

        def work() -> tuple[Any, list[KanbanCard]]:
            undone = self.service().undo_move(batch)
            return undone, self._cards(undone.contact_ids)

        def done(result: tuple[Any, list[KanbanCard]]) -> None:
            self._apply_cards(result[1])
            self.statusBar().showMessage(self.tr("Move undone."), 4000)

        self.run(work, done, name="undo")

    def move_selected(self, step: int) -> None:
        """Move the selected cards one stage right (+1) or left (-1)."""
        ids = self.kanban.selected_ids()
        if not ids:
            return
        stage = self.board.stage_of(ids[0])
        if stage is None:
            return
        target = neighbour(stage, step)
        if target is None:
            return
        self.request_move([i for i in ids if self.board.stage_of(i) == stage], target)

    # --- adding and editing -------------------------------------------------------------
    def quick_add(self) -> None:
        if self.workspace is None:
            return
        from ui.dialogs import QuickAddDialog

        dialog = QuickAddDialog(self)
        if dialog.exec() != QuickAddDialog.DialogCode.Accepted:
            return
        name, mobile = dialog.values()

        def work() -> KanbanCard:
            contact_id = self.service().quick_add(name, mobile)
            return self._cards([contact_id])[0]

        def done(card: KanbanCard) -> None:
            if self.filter_edit.text():
                self.filter_edit.clear()
            self._local_change()
            self.board.update_cards([card])
            self.show_page(0)
            self.kanban.select(card.id)
            self.load_detail(card.id)
            self.statusBar().showMessage(self.tr("Added {name}.").format(name=card.name), 4000)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, DuplicateContactError):
                self.show_page(0)
                self.filter_edit.clear()
                self.kanban.select(exc.contact_id)
                self.load_detail(exc.contact_id)
                self.statusBar().showMessage(
                    self.tr("{name} already has this number; opened the existing customer.").format(
                        name=exc.name
                    ),
                    8000,
                )
            else:
                self.show_error(exc)

        self.run(work, done, failed, name="quick_add")

    def save_contact(self, contact_id: str, draft: ContactDraft) -> None:
        def work() -> list[KanbanCard]:
            self.service().update_contact(contact_id, draft)
            return self._cards([contact_id])

        def done(cards: list[KanbanCard]) -> None:
            self.detail.mark_saved()
            self._apply_cards(cards)
            self.statusBar().showMessage(self.tr("Saved."), 3000)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationError):
                self.detail.show_errors(exc.errors)
            elif isinstance(exc, DuplicateContactError):
                self.detail.show_errors({"mobile": FieldError("duplicate_mobile", name=exc.name)})
            else:
                self.show_error(exc)

        self.run(work, done, failed, name="save")

    def add_activity(self, contact_id: str, kind: str, body: str) -> None:
        def work() -> list[KanbanCard]:
            self.service().add_activity(contact_id, ActivityKind(kind), body)
            return self._cards([contact_id])

        self.run(work, self._apply_cards, self._detail_error, name="activity")

    def add_reminder(self, contact_id: str, due_at: datetime, note: str) -> None:
        def work() -> list[KanbanCard]:
            self.service().add_reminder(contact_id, due_at, note)
            return self._cards([contact_id])

        self.run(work, self._apply_cards, self._detail_error, name="reminder")

    def complete_reminder(self, reminder_id: str) -> None:
        if self._today is not None:
            self._today.mark_reminder_done(reminder_id)

        def work() -> list[KanbanCard]:
            contact_id = self.service().complete_reminder(reminder_id)
            return self._cards([contact_id])

        self.run(work, self._apply_cards, name="reminder_done")

    def snooze(self, ids: list[str], until: date | None) -> None:
        def work() -> list[KanbanCard]:
            self.service().snooze(ids, until)
            return self._cards(ids)

        self.run(work, self._apply_cards, name="snooze")

    def tag_selected(self) -> None:
        ids = self.kanban.selected_ids()
        if not ids or self.workspace is None:
            return
        ws = self.workspace
        self.run(lambda: queries.all_tags(ws.reader()), lambda tags: self._ask_tags(ids, tags))

    def _ask_tags(self, ids: list[str], existing: list[queries.TagChip]) -> None:
        from ui.dialogs import TagDialog

        dialog = TagDialog(existing, len(ids), self)
        if dialog.exec() != TagDialog.DialogCode.Accepted or not dialog.tags():
            return
        names = dialog.tags()

        def work() -> list[KanbanCard]:
            self.service().add_tags(ids, names)
            return self._cards(ids)

        self.run(work, self._apply_cards, name="tags")

    def _detail_error(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.detail.show_errors(exc.errors)
        self.show_error(exc)

    # --- detail panel -------------------------------------------------------------------
    def open_contact(self, contact_id: str) -> None:
        self.load_detail(contact_id)
        if self.pages.currentIndex() == 0:
            self.kanban.select(contact_id)

    def load_detail(self, contact_id: str) -> None:
        if self.workspace is None:
            return
        ws = self.workspace
        self._detail_id = contact_id

        def work() -> tuple[queries.ContactDetail, list[queries.TimelineEvent]]:
            conn = ws.reader()
            return queries.contact_detail(conn, contact_id), queries.timeline(conn, contact_id)

        def done(result: tuple[queries.ContactDetail, list[queries.TimelineEvent]]) -> None:
            if self._detail_id == contact_id:
                self.detail.show_contact(*result)

        self.run(work, done, name="detail")

    def _selection_changed(self, ids: list[str]) -> None:
        if len(ids) == 1 and ids[0] != self._detail_id:
            self.load_detail(ids[0])

    def _close_detail(self) -> None:
        self._detail_id = None
        self.detail.clear()

    # --- Today --------------------------------------------------------------------------
    def schedule_today(self) -> None:
        """Coalesce Today reloads: many changes in a burst cost one query."""
        self._today_timer.start()

    def _reload_today(self) -> None:
        if self.workspace is None:
            return
        ws, rot = self.workspace, self.settings.rot_days()

        def work() -> tuple[TodayList, datetime]:
            now = datetime.now().astimezone()
            return queries.today_list(ws.reader(), ws.consultant_id, now, rot), now

        self.run(work, lambda res: self._today_loaded(*res), name="today")

    def _today_loaded(self, today: TodayList, now: datetime) -> None:
        self.today.set_today(today, now)
        due = len(today.reminders)
        self.today_button.setText(
            self.tr("Today ({count})").format(count=due) if due else self.tr("Today")
        )

    # --- filter -------------------------------------------------------------------------
    def _filter_changed(self, text: str) -> None:
        self._filter_generation += 1
        generation = self._filter_generation
        if not text.strip():
            self.board.set_filter(None)
            return
        if self.workspace is None:
            return
        ws = self.workspace
        now = datetime.now().astimezone()

        def done(ids: frozenset[str] | None) -> None:
            if generation == self._filter_generation:
                self.board.set_filter(ids)

        if self._filter_task is not None:
            self._filter_task.cancel()  # superseded by this keystroke, if it has not started
        self._filter_task = self.executor.submit(
            lambda: queries.filter_ids(ws.reader(), ws.consultant_id, text, now),
            done,
            self.show_error,
            name="filter",
        )

    def _focus_filter(self) -> None:
        self.show_page(0)
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def _escape(self) -> None:
        if self.filter_edit.text():
            self.filter_edit.clear()

    # --- misc ---------------------------------------------------------------------------
    def show_page(self, index: int) -> None:
        if index == 3:
            self.qr.refresh()  # before it shows: it then loads once, when shown
            self.pages.setCurrentWidget(self.qr)
        elif index == 2:
            self.pages.setCurrentWidget(self.library_page)
        else:
            self.pages.setCurrentIndex(index)
        nav = (self.kanban_button, self.today_button, self.library_button, self.qr_button)
        nav[index].setChecked(True)
        panel = self._splitter.widget(1)  # the customer: not beside the codes
        if panel is not None:
            panel.setVisible(index != 3)
        if index == 1:
            self.schedule_today()

    def _toggle_side(self, visible: bool) -> None:
        self.kanban.set_side_stages_visible(visible)
        settings = self.settings
        self.run(lambda: settings.set(SHOW_SIDE_STAGES, visible), name="save_setting")

    def open_settings(self) -> None:
        """Rot thresholds and language; saved on the worker, applied to the board at once."""
        from ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return
        rot, language = dialog.rot_days(), dialog.chosen_language()
        settings = self.settings

        def save() -> None:
            for stage, days in rot.items():
                settings.set(ROT_DAYS[stage], days)
            settings.set(LANGUAGE, language)

        def saved(_: object) -> None:
            self.board.state.rot_days = settings.rot_days()
            self.board.retime(datetime.now().astimezone())
            self.schedule_today()
            self.statusBar().showMessage(self.tr("Settings saved."), 4000)

        self.run(save, saved, name="settings")

    def open_about(self) -> None:
        """Version, data and log folders, and diagnostics to copy for support."""
        from consultant_app.diagnostics import collect_diagnostics
        from ui.about_dialog import AboutDialog, qt_versions

        if self.workspace is None:
            return
        data_dir, deployment = self.workspace.data_dir, self.deployment
        qt, language = qt_versions(), self.language
        updates = None if self.sync_ui is None else self.sync_ui.controller.updates
        self.run(
            lambda: collect_diagnostics(data_dir, deployment, qt=qt, language=language),
            lambda found: AboutDialog(found, self, updates=updates).open(),
            name="diagnostics",
        )

    def _update_counts(self) -> None:
        total = self.board.total()
        shown = self.board.shown_count()
        if self.board.visible is None:
            text = self.tr("%n customer(s)", "", total)
        else:
            text = self.tr("{shown} of {total} customers match").format(shown=shown, total=total)
        self.status_counts.setText(text)

    def _tick(self) -> None:
        """Once a minute: indicators follow the clock; re-sort when the day changes."""
        now = datetime.now().astimezone()
        if now.date() != self.board.state.now.date():
            self.reload_all()
        else:
            self.board.state.now = now
            for column in self.kanban.columns.values():
                column.view.viewport().update()

    def _context_menu(self, ids: list[str], pos: QPoint) -> None:
        menu = QMenu(self)
        move_menu = menu.addMenu(self.tr("Move to"))
        current = {self.board.stage_of(i) for i in ids}
        for stage in ALL_STAGES:
            action = move_menu.addAction(stage_label(stage))
            action.setEnabled(current != {stage})
            action.triggered.connect(lambda _=False, s=stage: self.request_move(ids, s))
        menu.addAction(self.tag_action)
        snooze = menu.addMenu(self.tr("Snooze"))
        today = date.today()
        for label, days in (
            (self.tr("1 week"), 7),
            (self.tr("2 weeks"), 14),
            (self.tr("1 month"), 30),
        ):
            action = snooze.addAction(label)
            action.triggered.connect(
                lambda _=False, d=days: self.snooze(ids, today + timedelta(days=d))
            )
        wake = snooze.addAction(self.tr("Wake up"))
        wake.triggered.connect(lambda: self.snooze(ids, None))
        menu.addSeparator()
        menu.addAction(self.undo_action)
        menu.exec(pos)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._detail is not None and self._detail.has_unsaved_changes():
            answer = QMessageBox.question(
                self,
                self.tr("Unsaved changes"),
                self.tr("The customer you are editing has unsaved changes. Close anyway?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self._clock.stop()
        self._today_timer.stop()
        if self._qr is not None:
            self._qr.shutdown()  # waits for a poster export under way
        if self.sync_ui is not None:
            self.sync_ui.shutdown()
        event.accept()
