"""The library page (素材库): search with filters, results, and the chosen material in full
with copy, send, star, and the consultant's own scripts to write, edit and delete."""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import (
    QDate,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QLocale,
    QObject,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import QColor, QDesktopServices, QKeyEvent, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from consultant_app.errors import ValidationError
from consultant_app.library.models import (
    FILE_KINDS,
    Category,
    Highlighted,
    MaterialDetail,
    MaterialKind,
    MaterialSummary,
    Scope,
    SearchFilters,
)
from ui.dialogs import FlowLayout
from ui.library.controller import Found, LibraryController, Opened
from ui.library.delegate import (
    CHIP_FILL,
    KIND_COLOURS,
    MARK_FILL,
    PERSONAL_COLOUR,
    MaterialDelegate,
    runs,
)
from ui.library.labels import file_size_text, kind_label, scope_label, script_error_message
from ui.library.model import MaterialListModel
from ui.library.script_dialog import ScriptDialog, category_choices
from ui.palette import MUTED
from ui.tasks import Task

log = logging.getLogger(__name__)

DEBOUNCE_MS = 60
PAGE_SIZE = 50
PREVIEW_WIDTH = 560

STYLE = """
LibraryPage { background: #F5F6F7; }
QLabel#libraryTitle { font-size: 20px; font-weight: bold; color: #1F2329; }
QLabel#libraryCount, QLabel#libraryFooter { color: #646A73; }
QLineEdit#librarySearch { border: 1px solid #D0D3D6; border-radius: 8px; padding: 8px 12px;
    background: #FFFFFF; font-size: 15px; }
QLineEdit#librarySearch:focus { border-color: #1677FF; }
QToolButton#filterChip { border: 1px solid #D0D3D6; border-radius: 14px; padding: 4px 12px;
    background: #FFFFFF; color: #1F2329; }
QToolButton#filterChip:checked { border-color: #1677FF; background: #E8F1FF; color: #1677FF;
    font-weight: bold; }
QToolButton#filterChip:hover:!checked { background: #F2F3F5; }
QComboBox#libraryCategory, QComboBox#libraryModel { min-width: 160px; padding: 3px 8px; }
QListView#libraryResults { background: #FFFFFF; border: 1px solid #E4E6EB; border-radius: 10px;
    outline: none; }
QFrame#materialPane { background: #FFFFFF; border: 1px solid #E4E6EB; border-radius: 10px; }
QScrollArea#materialScroll, QWidget#materialContent { background: #FFFFFF; border: none; }
QLabel#materialEmpty { color: #8F959E; font-size: 14px; }
QLabel#materialTitle { font-size: 18px; font-weight: bold; color: #1F2329; }
QLabel#materialMeta, QLabel#materialFile { color: #646A73; }
QLabel#materialReadOnly { color: #8F959E; }
QLabel#materialBody, QLabel#materialSummary { font-size: 14px; color: #1F2329; }
QLabel#materialHeading { color: #8F959E; }
QFrame#materialRule { background: #F0F1F2; border: none; }
QPushButton#libraryPrimary, QPushButton#newScriptButton { background: #1677FF; color: #FFFFFF;
    border: none; border-radius: 6px; padding: 7px 18px; font-weight: bold; }
QPushButton#libraryPrimary:hover, QPushButton#newScriptButton:hover { background: #4096FF; }
QPushButton#librarySecondary { background: #FFFFFF; color: #1F2329; border: 1px solid #D0D3D6;
    border-radius: 6px; padding: 7px 14px; }
QPushButton#librarySecondary:hover { border-color: #1677FF; color: #1677FF; }
QPushButton#librarySecondary:checked { color: #D48806; border-color: #FAAD14; background: #FFFBE6; }
QPushButton#libraryDanger { background: #FFFFFF; color: #CF1322; border: 1px solid #FFA39E;
    border-radius: 6px; padding: 7px 14px; }
QPushButton#libraryDanger:hover { background: #FFF1F0; }
QPushButton#libraryMore { border: none; color: #1677FF; background: transparent; padding: 4px; }
"""

#: The kind filter's choices, in chip order (None: every kind).
KIND_CHOICES: tuple[MaterialKind | None, ...] = (
    None,
    MaterialKind.QA,
    MaterialKind.SCRIPT,
    MaterialKind.ARTICLE,
    MaterialKind.IMAGE,
    MaterialKind.DOCUMENT,
)
SCOPE_CHOICES: tuple[Scope | None, ...] = (None, Scope.COMPANY, Scope.PERSONAL)


def highlighted_html(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text` as escaped HTML, line breaks kept, with the matched ranges marked."""
    return "".join(
        f'<span style="background:{MARK_FILL.name()};">{_escape(piece)}</span>'
        if marked
        else _escape(piece)
        for piece, marked in runs(text, spans)
    )


def _escape(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _marked(found: Highlighted | None, fallback: str) -> str:
    if found is None or found.text != fallback:
        return highlighted_html(fallback, ())
    return highlighted_html(found.text, found.spans)


def _chip(text: str, colour: str, fill: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("materialChip")
    label.setStyleSheet(
        f"QLabel#materialChip {{ color: {colour}; background: {fill}; border-radius: 4px;"
        " padding: 2px 8px; }"
    )
    return label


def _text_label(object_name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.LinksAccessibleByMouse
    )
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


class MaterialPane(QFrame):
    """One material in full: title, chips, who and when, what can be done with it, and its
    content (the answer, the script, an article's summary and link, an image's preview)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("materialPane")
        self.opened: Opened | None = None

        self._stack = QStackedWidget()
        self._empty = QLabel(self.tr("Choose a material to see it in full"))
        self._empty.setObjectName("materialEmpty")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)

        content = QWidget()
        content.setObjectName("materialContent")
        self.title_label = _text_label("materialTitle")
        chips = QWidget()
        self._chips = FlowLayout(chips, spacing=6)
        self.meta_label = QLabel()
        self.meta_label.setObjectName("materialMeta")
        self.meta_label.setWordWrap(True)

        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setObjectName("libraryPrimary")
        self.copy_button.setToolTip(self.tr("Copy (Enter)"))
        self.send_button = QPushButton(self.tr("Copy and log as sent"))
        self.send_button.setObjectName("librarySecondary")
        self.favourite_button = QPushButton()
        self.favourite_button.setObjectName("librarySecondary")
        self.favourite_button.setCheckable(True)
        self.favourite_button.setToolTip(self.tr("Add to or remove from favourites (Ctrl+D)"))
        self.edit_button = QPushButton(self.tr("Edit"))
        self.edit_button.setObjectName("librarySecondary")
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setObjectName("libraryDanger")
        self.read_only_label = QLabel(self.tr("Company material · read-only"))
        self.read_only_label.setObjectName("materialReadOnly")
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        for button in (self.copy_button, self.send_button, self.favourite_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.read_only_label)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        rule = QFrame()
        rule.setObjectName("materialRule")
        rule.setFixedHeight(1)

        self.heading_label = QLabel()
        self.heading_label.setObjectName("materialHeading")
        self.preview_label = QLabel()
        self.preview_label.setObjectName("materialPreview")
        self.file_label = QLabel()
        self.file_label.setObjectName("materialFile")
        self.file_label.setWordWrap(True)
        self.summary_label = _text_label("materialSummary")
        self.link_label = _text_label("materialLink")
        self.link_label.setOpenExternalLinks(False)  # only http(s) opens, see _open_link
        self.link_label.linkActivated.connect(_open_link)
        self.body_label = _text_label("materialBody")

        layout = QVBoxLayout(content)
        layout.setContentsMargins(22, 18, 22, 18)
        layout.setSpacing(10)
        layout.addWidget(self.title_label)
        layout.addWidget(chips)
        layout.addWidget(self.meta_label)
        layout.addSpacing(2)
        layout.addLayout(buttons)
        layout.addSpacing(4)
        layout.addWidget(rule)
        layout.addSpacing(4)
        for widget in (
            self.preview_label,
            self.file_label,
            self.summary_label,
            self.link_label,
            self.heading_label,
            self.body_label,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)

        self._stack.addWidget(self._empty)
        self._stack.addWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(1, 1, 1, 1)
        outer.addWidget(self._stack)
        self.clear()

    def clear(self) -> None:
        self.opened = None
        self._stack.setCurrentIndex(0)

    def material_id(self) -> str | None:
        return self.opened.detail.id if self.opened else None

    def show_material(self, opened: Opened) -> None:
        """Show `opened`, what the search matched marked."""
        self.opened = opened
        detail = opened.detail
        self.title_label.setText(_marked(opened.title, detail.title))
        self._fill_chips(detail)
        self.meta_label.setText(self._meta(detail))
        self._fill_content(opened)
        self.set_favourite(detail.favourite)
        self.edit_button.setVisible(detail.editable)
        self.delete_button.setVisible(detail.editable)
        self.read_only_label.setVisible(not detail.editable)
        self.copy_button.setEnabled(detail.kind not in FILE_KINDS or opened.file_cached)
        self.send_button.setEnabled(self.copy_button.isEnabled())
        self._stack.setCurrentIndex(1)

    def set_favourite(self, favourite: bool) -> None:
        self.favourite_button.setChecked(favourite)
        self.favourite_button.setText(
            self.tr("★ In favourites") if favourite else self.tr("☆ Add to favourites")
        )

    def _fill_chips(self, detail: MaterialDetail) -> None:
        while self._chips.count():
            item = self._chips.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        colour = KIND_COLOURS.get(detail.kind.value, MUTED)
        fill = QColor(colour)
        fill.setAlpha(26)
        self._chips.addWidget(_chip(kind_label(detail.kind), colour.name(), _rgba(fill)))
        personal = detail.scope is Scope.PERSONAL
        self._chips.addWidget(
            _chip(
                scope_label(detail.scope),
                PERSONAL_COLOUR.name() if personal else MUTED.name(),
                "#E6FFFB" if personal else CHIP_FILL.name(),
            )
        )
        if detail.category_path:
            self._chips.addWidget(
                _chip(" / ".join(detail.category_path), MUTED.name(), CHIP_FILL.name())
            )
        for model in detail.models:
            self._chips.addWidget(_chip(model, "#1677FF", "#E8F1FF"))
        for tag in detail.tags:
            self._chips.addWidget(_chip(f"#{tag}", MUTED.name(), "#FFFFFF"))

    def _meta(self, detail: MaterialDetail) -> str:
        updated = _date_text(detail.updated_at)
        if detail.author:
            return self.tr("{author} · updated {date} · used %n time(s)", "", detail.uses).format(
                author=detail.author, date=updated
            )
        return self.tr("Updated {date} · used %n time(s)", "", detail.uses).format(date=updated)

    def _fill_content(self, opened: Opened) -> None:
        detail = opened.detail
        self.preview_label.clear()
        self.preview_label.setVisible(opened.preview is not None)
        if opened.preview is not None:
            pixmap = QPixmap.fromImage(opened.preview)
            if pixmap.width() > PREVIEW_WIDTH or pixmap.height() > PREVIEW_WIDTH:
                pixmap = pixmap.scaled(
                    PREVIEW_WIDTH,
                    PREVIEW_WIDTH,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            self.preview_label.setPixmap(pixmap)
        files = detail.kind in FILE_KINDS
        self.file_label.setVisible(files)
        if files:
            if opened.file_cached:
                where = self.tr("On this computer")
            elif opened.downloading:
                where = self.tr("Downloading…")
            else:
                where = self.tr("Not downloaded to this computer yet, so it cannot be copied")
            name = detail.file_name or detail.title
            if detail.file_size is None:
                text = self.tr("{name} · {where}").format(name=name, where=where)
            else:
                text = self.tr("{name} · {size} · {where}").format(
                    name=name, size=file_size_text(detail.file_size), where=where
                )
            self.file_label.setText(text)
        self.summary_label.setVisible(bool(detail.summary))
        self.summary_label.setText(_marked(opened.summary, detail.summary))
        url = detail.url
        self.link_label.setVisible(bool(url))
        if url.lower().startswith(("http://", "https://")):
            self.link_label.setText(
                f'<a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>'
            )
        else:
            self.link_label.setText(html.escape(url))
        self.heading_label.setText(self.tr("Answer"))
        self.heading_label.setVisible(detail.kind is MaterialKind.QA)
        self.body_label.setVisible(bool(detail.body))
        self.body_label.setText(_marked(opened.body, detail.body))


def _rgba(colour: QColor) -> str:
    return f"rgba({colour.red()}, {colour.green()}, {colour.blue()}, {colour.alpha()})"


def _open_link(link: str) -> None:
    url = QUrl(link)
    if url.scheme() in ("http", "https"):
        QDesktopServices.openUrl(url)


def _date_text(when: datetime) -> str:
    local = when.astimezone()
    return QLocale().toString(
        QDate(local.year, local.month, local.day), QLocale.FormatType.ShortFormat
    )


class LibraryPage(QWidget):
    """The library as a page: one search box over everything, filters by kind, category,
    model, company or personal, and favourites; the results; the chosen material in full."""

    def __init__(
        self,
        controller: LibraryController,
        model_names: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPage")
        self.setStyleSheet(STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.controller = controller
        self.model_names = list(model_names)
        self._categories: list[Category] = []
        self._generation = 0
        self._open_generation = 0
        self._task: Task | None = None
        self._limit = PAGE_SIZE
        self._dirty = True
        self._wanted: str | None = None  # a material to select once it is in the results

        title = QLabel(self.tr("Material library"))
        title.setObjectName("libraryTitle")
        self.count_label = QLabel()
        self.count_label.setObjectName("libraryCount")
        self.new_button = QPushButton(self.tr("+ New script"))
        self.new_button.setObjectName("newScriptButton")
        self.new_button.setToolTip(self.tr("Write a script of your own (only you see it)"))
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addSpacing(10)
        heading.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        heading.addStretch(1)
        heading.addWidget(self.new_button)

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("librarySearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            self.tr("Search titles, text, tags, categories and models: words, pinyin or initials")
        )

        self.kind_buttons = self._chip_group(
            [kind_label(k) if k else self.tr("All kinds") for k in KIND_CHOICES]
        )
        self.scope_buttons = self._chip_group(
            [scope_label(s) if s else self.tr("Company and personal") for s in SCOPE_CHOICES]
        )
        self.favourites_button = QToolButton()
        self.favourites_button.setObjectName("filterChip")
        self.favourites_button.setCheckable(True)
        self.favourites_button.setText(self.tr("★ Favourites only"))
        self.category_combo = QComboBox()
        self.category_combo.setObjectName("libraryCategory")
        self.category_combo.setAccessibleName(self.tr("Category"))
        self.category_combo.addItem(self.tr("All categories"), None)
        self.model_combo = QComboBox()
        self.model_combo.setObjectName("libraryModel")
        self.model_combo.setAccessibleName(self.tr("Model"))
        self.model_combo.addItem(self.tr("All models"), None)
        for name in self.model_names:
            self.model_combo.addItem(name, name)

        filters = QHBoxLayout()
        filters.setSpacing(6)
        for button in self.kind_buttons.buttons():
            filters.addWidget(button)
        filters.addSpacing(14)
        for button in self.scope_buttons.buttons():
            filters.addWidget(button)
        filters.addSpacing(14)
        filters.addWidget(self.favourites_button)
        filters.addStretch(1)
        selects = QHBoxLayout()
        selects.setSpacing(8)
        selects.addWidget(self.category_combo)
        selects.addWidget(self.model_combo)
        selects.addStretch(1)

        self.model = MaterialListModel(self)
        self.list_view = QListView()
        self.list_view.setObjectName("libraryResults")
        self.list_view.setModel(self.model)
        self.list_view.setItemDelegate(MaterialDelegate(self.list_view))
        self.list_view.setUniformItemSizes(True)
        self.list_view.setMouseTracking(True)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_view.setAccessibleName(self.tr("Library results"))
        self.footer_label = QLabel()
        self.footer_label.setObjectName("libraryFooter")
        self.more_button = QPushButton(self.tr("Show more"))
        self.more_button.setObjectName("libraryMore")
        self.more_button.hide()
        footer = QHBoxLayout()
        footer.addWidget(self.footer_label)
        footer.addStretch(1)
        footer.addWidget(self.more_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(4)
        left_layout.addWidget(self.list_view, 1)
        left_layout.addLayout(footer)

        self.pane = MaterialPane()
        scroll = QScrollArea()
        scroll.setObjectName("materialScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.pane)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([460, 560])  # the results wide enough for a title and its snippet
        splitter.setHandleWidth(12)
        splitter.setStyleSheet("QSplitter::handle { background: transparent; }")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 10)
        layout.setSpacing(10)
        layout.addLayout(heading)
        layout.addWidget(self.search_edit)
        layout.addLayout(filters)
        layout.addLayout(selects)
        layout.addWidget(splitter, 1)
        self.setFocusProxy(self.search_edit)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.reload)
        self.search_edit.textChanged.connect(self._filters_changed)
        self.kind_buttons.idClicked.connect(lambda _: self._filters_changed())
        self.scope_buttons.idClicked.connect(lambda _: self._filters_changed())
        self.favourites_button.toggled.connect(lambda _: self._filters_changed())
        self.category_combo.currentIndexChanged.connect(lambda _: self._filters_changed())
        self.model_combo.currentIndexChanged.connect(lambda _: self._filters_changed())
        self.more_button.clicked.connect(self._show_more)
        self.list_view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.list_view.doubleClicked.connect(lambda _: self.copy_current())
        self.pane.copy_button.clicked.connect(self.copy_current)
        self.pane.send_button.clicked.connect(lambda: self.copy_current(send=True))
        self.pane.favourite_button.clicked.connect(self.toggle_favourite)
        self.pane.edit_button.clicked.connect(self.edit_current)
        self.pane.delete_button.clicked.connect(self.delete_current)
        self.new_button.clicked.connect(self.new_script)
        self.search_edit.installEventFilter(self)
        self.list_view.installEventFilter(self)
        controller.materials_changed.connect(self._materials_changed)

    def _chip_group(self, labels: Sequence[str]) -> QButtonGroup:
        group = QButtonGroup(self)
        group.setExclusive(True)
        for number, text in enumerate(labels):
            button = QToolButton()
            button.setObjectName("filterChip")
            button.setCheckable(True)
            button.setText(text)
            group.addButton(button, number)
        group.button(0).setChecked(True)
        return group

    # -- public API -----------------------------------------------------------------------
    def filters(self) -> SearchFilters:
        """What the filter controls narrow to now."""
        kind = KIND_CHOICES[max(0, self.kind_buttons.checkedId())]
        return SearchFilters(
            kinds=frozenset({kind}) if kind else frozenset(),
            category_id=self.category_combo.currentData(),
            model=self.model_combo.currentData(),
            scope=SCOPE_CHOICES[max(0, self.scope_buttons.checkedId())],
            favourites_only=self.favourites_button.isChecked(),
        )

    def set_kind(self, kind: MaterialKind | None) -> None:
        self.kind_buttons.button(KIND_CHOICES.index(kind)).click()

    def set_scope(self, scope: Scope | None) -> None:
        self.scope_buttons.button(SCOPE_CHOICES.index(scope)).click()

    def current_summary(self) -> MaterialSummary | None:
        return self.model.summary(self.list_view.currentIndex().row())

    def reload(self) -> None:
        """Search again with what is typed and chosen now (stale answers are dropped)."""
        self._timer.stop()
        self._dirty = False
        self._generation += 1
        generation = self._generation
        if self._task is not None:
            self._task.cancel()
        self._task = self.controller.search(
            self.search_edit.text(),
            self.filters(),
            self._limit,
            lambda found: self._found(generation, found),
        )

    def reload_categories(self) -> None:
        self.controller.categories(self._categories_loaded)

    # -- searching ------------------------------------------------------------------------
    def _filters_changed(self) -> None:
        self._limit = PAGE_SIZE
        self._timer.start()

    def _show_more(self) -> None:
        self._limit += PAGE_SIZE
        self._wanted = self._current_id()
        self.reload()

    def _materials_changed(self) -> None:
        if self.isVisible():
            self._wanted = self._wanted or self._current_id()
            self.reload()
            self.reload_categories()
        else:
            self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._update_send_text()
        if self._dirty:
            self.reload_categories()
            self.reload()

    def _found(self, generation: int, found: Found) -> None:
        if generation != self._generation:
            return
        wanted = self._wanted or self._current_id()
        self._wanted = None
        result = found.result
        self.model.set_hits(result.hits, found.categories)
        shown = len(result.hits)
        self.count_label.setText(
            self.tr("%n material(s)", "", shown)
            if not result.has_more
            else self.tr("More than %n materials", "", shown)
        )
        if not shown:
            self.footer_label.setText(self.tr("Nothing matches. Try fewer words or other filters."))
        elif result.has_more:
            self.footer_label.setText(self.tr("Showing the best %n", "", shown))
        else:
            self.footer_label.setText("")
        self.more_button.setVisible(result.has_more)
        row = self.model.row_of(wanted) if wanted else -1
        if row < 0 and shown:
            row = 0
        if row >= 0:
            index = self.model.index(row, 0)
            self.list_view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.list_view.scrollTo(index)  # selecting (re)opens it in the pane
        else:
            self.pane.clear()

    def _categories_loaded(self, tree: list[Category]) -> None:
        self._categories = tree
        current = self.category_combo.currentData()
        self.category_combo.blockSignals(True)
        self.category_combo.clear()
        self.category_combo.addItem(self.tr("All categories"), None)
        for category_id, name in category_choices(tree):
            self.category_combo.addItem(name, category_id)
        row = self.category_combo.findData(current)
        self.category_combo.setCurrentIndex(max(0, row))
        self.category_combo.blockSignals(False)
        if current is not None and row < 0:
            self._filters_changed()  # the chosen category is gone

    # -- the chosen material --------------------------------------------------------------
    def _current_id(self) -> str | None:
        summary = self.current_summary()
        return summary.id if summary else None

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._open_current()

    def _open_current(self) -> None:
        summary = self.current_summary()
        query = self.search_edit.text()
        self._update_send_text()
        self._open_generation += 1
        generation = self._open_generation
        if summary is None:
            self.pane.clear()
            return

        def done(opened: Opened) -> None:
            if generation == self._open_generation:
                self.pane.show_material(opened)

        self.controller.open(summary.id, done, query=query)

    def _update_send_text(self) -> None:
        contact = self.controller.current_contact()
        button = self.pane.send_button
        if contact is not None:
            button.setText(self.tr("Copy and log as sent to {name}").format(name=contact.name))
            button.setToolTip(
                self.tr(
                    "Copies it and adds a message to their timeline; an article goes with "
                    "their own tracked link, and you are told when they open it"
                )
            )
        else:
            button.setText(self.tr("Copy and log as sent"))
            button.setToolTip(self.tr("Open a customer first to log it on their timeline"))

    def copy_current(self, *, send: bool = False) -> None:
        """Copy the chosen material (and with `send`, log it as sent to the open customer)."""
        material_id = self._current_id()
        if material_id is not None:
            self.controller.copy(material_id, send=send)

    def toggle_favourite(self) -> None:
        summary = self.current_summary()
        if summary is None:
            return
        favourite = not summary.favourite
        self.model.set_favourite(summary.id, favourite)
        self.pane.set_favourite(favourite)
        self.controller.set_favourite(summary.id, favourite)

    def new_script(self) -> None:
        """Open the dialog for a new personal script; saved on the worker when accepted."""
        dialog = ScriptDialog(self._categories, self.model_names, None, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            self.controller.create_script(
                dialog.draft(),
                on_done=self._created,
                on_error=self._save_failed,
            )

        dialog.accepted.connect(accepted)
        dialog.open()

    def _created(self, material_id: str) -> None:
        self._wanted = material_id

    def edit_current(self) -> None:
        """Open the chosen personal script in the dialog (company materials are read-only)."""
        opened = self.pane.opened
        if opened is None or not opened.detail.editable:
            return
        detail = opened.detail
        dialog = ScriptDialog(self._categories, self.model_names, detail, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            self._wanted = detail.id
            self.controller.update_script(detail.id, dialog.draft(), on_error=self._save_failed)

        dialog.accepted.connect(accepted)
        dialog.open()

    def _save_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            first = next(iter(exc.errors.values()))
            QMessageBox.warning(
                self,
                self.tr("Script not saved"),
                self.tr("The script was not saved: {reason}").format(
                    reason=script_error_message(first)
                ),
            )
        else:
            self.controller.show_error(exc)

    def delete_current(self) -> None:
        """Delete the chosen personal script after asking."""
        opened = self.pane.opened
        if opened is None or not opened.detail.editable:
            return
        detail = opened.detail
        answer = QMessageBox.question(
            self,
            self.tr("Delete script"),
            self.tr("Delete “{title}”? This cannot be undone.").format(title=detail.title),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        row = self.list_view.currentIndex().row()
        following = self.model.summary(self.model.step(row, 1))
        if following is not None and following.id != detail.id:
            self._wanted = following.id
        self.pane.clear()
        self.controller.delete_script(detail.id)

    # -- keys -----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched in (self.search_edit, self.list_view) and isinstance(event, QKeyEvent):
            if event.type() == QEvent.Type.ShortcutOverride and self._handles(event, watched):
                event.accept()
                return True
            if event.type() == QEvent.Type.KeyPress and self._handles(event, watched):
                self._key(event)
                return True
        return super().eventFilter(watched, event)

    def _handles(self, event: QKeyEvent, watched: QObject) -> bool:
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) or (ctrl and key == Qt.Key.Key_D):
            return True
        if watched is self.list_view and key == Qt.Key.Key_Delete:
            return True
        return watched is self.search_edit and key in (Qt.Key.Key_Up, Qt.Key.Key_Down)

    def _key(self, event: QKeyEvent) -> None:
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.copy_current(send=ctrl)
        elif key == Qt.Key.Key_D:
            self.toggle_favourite()
        elif key == Qt.Key.Key_Delete:
            self.delete_current()
        else:
            row = self.model.step(
                self.list_view.currentIndex().row(), -1 if key == Qt.Key.Key_Up else 1
            )
            if row >= 0:
                self.list_view.selectionModel().setCurrentIndex(
                    self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
