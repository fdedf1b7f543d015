"""The material library in the app: the Ctrl+K palette and the library page, on a real
workspace whose company materials arrive as a pull would bring them."""

from __future__ import annotations

import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QColor, QGuiApplication, QImage, QInputMethodEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from consultant_app.catalogue import load_catalogue
from consultant_app.errors import NotFoundError
from consultant_app.library import queries as library_queries
from consultant_app.library.cache import FileCache
from consultant_app.library.commands import LibraryService
from consultant_app.library.models import (
    MaterialKind,
    Scope,
    ScriptDraft,
    UsageAction,
)
from consultant_app.library.search import search as search_library
from consultant_app.store import queries
from consultant_app.store.database import Workspace
from tests.consultant_app.library.conftest import Server
from ui.library import ContactRef, LibraryController, LibraryPage, QuickSearchPalette
from ui.library.controller import CACHE_FOLDER
from ui.library.delegate import runs
from ui.library.model import MaterialListModel, Role
from ui.library.script_dialog import ScriptDialog
from ui.main_window import MainWindow


@dataclass(frozen=True)
class Seeded:
    """The ids of the library the tests search."""

    fuel_qa: str  # 迈腾油耗多少？ (company Q&A)
    trade_in: str  # 迈腾置换补贴话术 (company script)
    finance_qa: str  # 贷款买车首付最低多少？ (company Q&A, 金融政策)
    service: str  # 首保到期提醒 (company script, 售后服务)
    article: str  # 途观L 长测 (company article)
    poster: str  # 迈腾限时购车海报 (company image, cached)
    spec_sheet: str  # 迈腾参数配置表 (company image, not downloaded)
    opener: str  # 我的开场白 (personal script)
    bargain: str  # 客户嫌贵怎么回 (personal Q&A)
    finance_category: str
    poster_size: tuple[int, int]


@pytest.fixture
def library_data(seeded: Workspace, data_dir: Path) -> Seeded:
    """Company materials published through a pulled page, a cached poster, two scripts."""
    server = Server(seeded)
    models, finance, after_sales = server.publish_categories(
        server.category("车型资料", position=0),
        server.category("金融政策", position=1),
        server.category("售后服务", position=2),
    )
    poster = QImage(64, 40, QImage.Format.Format_RGB32)
    poster.fill(QColor("#1677FF"))
    png = data_dir / "poster.png"
    assert poster.save(str(png))
    cached = FileCache(data_dir / CACHE_FOLDER).put(png.read_bytes())
    ids = server.publish(
        server.material(
            "迈腾油耗多少？",
            "迈腾 330TSI 综合油耗 6.2 升/百公里，市区约 8 升，高速 5.5 升左右。",
            kind="qa",
            tags=["油耗"],
            models=["迈腾"],
            category=models,
        ),
        server.material(
            "迈腾置换补贴话术",
            "现在置换迈腾，旧车评估后最高可享 1 万元置换补贴，另送首次保养。",
            tags=["置换"],
            models=["迈腾"],
        ),
        server.material(
            "贷款买车首付最低多少？",
            "首付最低 20%，36 期分期可享低息，部分车型 24 期 0 利率，以银行审批为准。",
            kind="qa",
            tags=["分期"],
            category=finance,
        ),
        server.material(
            "首保到期提醒",
            "您的爱车快到首保里程了，本月回店保养工时费八折，需要帮您预约吗？",
            tags=["保养"],
            category=after_sales,
        ),
        server.material(
            "途观L 长测：一年两万公里",
            kind="article",
            models=["途观L"],
            summary="空间、油耗与保养花费的真实记录。",
            url="https://example.com/tiguan-l-long-test",
        ),
        server.material(
            "迈腾限时购车海报",
            kind="image",
            models=["迈腾"],
            file_hash=cached.digest,
            file_name="maiteng-poster.png",
            file_size=cached.size,
            mime_type="image/png",
        ),
        server.material(
            "迈腾参数配置表",
            kind="image",
            models=["迈腾"],
            file_hash="ab" * 32,
            file_name="maiteng-spec.png",
            file_size=2_000_000,
            mime_type="image/png",
        ),
    )
    service = LibraryService(seeded)
    opener = service.create_script(
        ScriptDraft("我的开场白", "您好，我是展厅顾问小李，今天想先了解哪款车？", tags=("开场",))
    )
    bargain = service.create_script(
        ScriptDraft(
            "客户嫌贵怎么回",
            "先认同，再讲配置和保值率，最后说本月的金融政策。",
            kind=MaterialKind.QA,
        )
    )
    return Seeded(*ids, opener, bargain, finance, (poster.width(), poster.height()))


@dataclass
class Library:
    controller: LibraryController
    window: MainWindow

    def palette(self) -> QuickSearchPalette:
        found = self.window.findChild(QuickSearchPalette)
        assert isinstance(found, QuickSearchPalette)
        return found


def open_contact_ref(window: MainWindow) -> ContactRef | None:
    contact_id = window._detail_id
    if contact_id is None:
        return None
    card = window.board.card(contact_id)
    return ContactRef(contact_id, card.name if card is not None else "")


@pytest.fixture
def library(window: MainWindow, library_data: Seeded) -> Library:
    """The window's library once main_window.py wires it; until then wired here the same way
    (a window-wide Ctrl+K action opening the palette)."""
    controller = getattr(window, "library", None)
    if not isinstance(controller, LibraryController):
        assert window.workspace is not None
        controller = LibraryController(
            window.executor,
            window.workspace,
            current_contact=lambda: open_contact_ref(window),
            log_activity=window.add_activity,
            notify=lambda text: window.statusBar().showMessage(text, 6000),
            show_error=window.show_error,
            parent=window,
        )
        palette = QuickSearchPalette(controller, window)
        action = QAction("Search the library", window)
        action.setShortcut(QKeySequence("Ctrl+K"))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(palette.open)
        window.addAction(action)
    return Library(controller, window)


def material(workspace: Workspace, material_id: str) -> library_queries.MaterialDetail:
    return library_queries.material(workspace.reader(), material_id)


def open_palette(qtbot: QtBot, library: Library) -> QuickSearchPalette:
    window = library.window
    window.activateWindow()
    qtbot.waitActive(window)
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = library.palette()
    qtbot.waitUntil(lambda: palette.isVisible() and palette.search_edit.hasFocus())
    qtbot.waitUntil(lambda: not palette.searching())
    return palette


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type `text`: ASCII as keys, Chinese as an input method commits it (QTest only types
    ASCII keys)."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def search(qtbot: QtBot, palette: QuickSearchPalette, text: str) -> None:
    """Type `text` into the palette and wait for its results."""
    palette.search_edit.clear()
    with qtbot.waitSignal(palette.results_shown, timeout=3000):
        type_text(qtbot, palette.search_edit, text)


def marked(model: MaterialListModel, row: int) -> list[str]:
    """The marked pieces of a row's title."""
    index = model.index(row, 0)
    return [piece for piece, on in runs(index.data(Role.TITLE), index.data(Role.TITLE_SPANS)) if on]


def first_title(palette: QuickSearchPalette) -> str:
    return str(palette.list_view.currentIndex().data(Role.TITLE))


# -- the palette ------------------------------------------------------------------------------


def test_ctrl_k_opens_the_palette_over_the_window_and_esc_closes_it(
    qtbot: QtBot, library: Library
) -> None:
    palette = open_palette(qtbot, library)
    window = library.window
    assert palette.geometry() == window.rect()
    card = palette.card.geometry()
    assert abs(card.center().x() - window.rect().center().x()) <= 1
    qtbot.keyClick(palette.search_edit, Qt.Key.Key_Escape)
    assert not palette.isVisible()


@pytest.mark.parametrize(
    ("typed", "first", "mark"),
    [
        # Every 迈腾 title matches; none used yet, so the newest comes first.
        ("迈腾", "迈腾参数配置表", "迈腾"),
        ("mt", "迈腾参数配置表", "迈腾"),
        ("maiteng", "迈腾参数配置表", "迈腾"),
        ("油耗", "迈腾油耗多少？", "油耗"),
        ("首付", "贷款买车首付最低多少？", "首付"),
    ],
)
def test_typing_shows_the_best_match_first_with_the_match_marked(
    qtbot: QtBot, library: Library, typed: str, first: str, mark: str
) -> None:
    palette = open_palette(qtbot, library)
    search(qtbot, palette, typed)
    assert first_title(palette) == first
    assert marked(palette.model, palette.list_view.currentIndex().row()) == [mark]


def test_enter_copies_the_body_and_counts_the_use(
    qtbot: QtBot, library: Library, library_data: Seeded, seeded: Workspace
) -> None:
    palette = open_palette(qtbot, library)
    search(qtbot, palette, "油耗")
    assert palette.current_id() == library_data.fuel_qa
    qtbot.keyClick(palette.search_edit, Qt.Key.Key_Return)
    expected = material(seeded, library_data.fuel_qa).body
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == expected)
    qtbot.waitUntil(lambda: not palette.isVisible())
    assert material(seeded, library_data.fuel_qa).uses == 1
    assert "迈腾油耗多少？" in library.window.statusBar().currentMessage()


def test_enter_right_after_typing_copies_the_answer_to_what_was_typed(
    qtbot: QtBot, library: Library, library_data: Seeded, seeded: Workspace
) -> None:
    palette = open_palette(qtbot, library)
    QGuiApplication.clipboard().clear()
    type_text(qtbot, palette.search_edit, "首保")
    qtbot.keyClick(palette.search_edit, Qt.Key.Key_Return)  # before the results are in
    expected = material(seeded, library_data.service).body
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == expected)


def test_arrow_keys_move_between_results_and_skip_headings(qtbot: QtBot, library: Library) -> None:
    palette = open_palette(qtbot, library)
    search(qtbot, palette, "迈腾")
    titles = [palette.model.index(r, 0).data(Role.TITLE) for r in range(palette.model.rowCount())]
    assert len(titles) >= 3
    qtbot.keyClick(palette.search_edit, Qt.Key.Key_Down)
    assert first_title(palette) == titles[1]
    qtbot.keyClick(palette.search_edit, Qt.Key.Key_Up)
    qtbot.keyClick(palette.search_edit, Qt.Key.Key_Up)  # stops at the top
    assert first_title(palette) == titles[0]


def test_ctrl_enter_copies_and_logs_a_message_on_the_open_customer(
    qtbot: QtBot, library: Library, library_data: Seeded, seeded: Workspace
) -> None:
    window = library.window
    zhang = next(
        c for c in queries.load_cards(seeded.reader(), seeded.consultant_id) if c.name == "张伟"
    )
    window.open_contact(zhang.id)
    qtbot.waitUntil(lambda: window.detail.contact_id() == zhang.id)
    palette = open_palette(qtbot, library)
    assert "张伟" in palette.hint.text()
    search(qtbot, palette, "置换")
    qtbot.keyClick(palette.search_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    expected = material(seeded, library_data.trade_in).body
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == expected)

    def logged() -> list[queries.ActivityEvent]:
        return [
            e
            for e in queries.timeline(seeded.reader(), zhang.id)
            if isinstance(e, queries.ActivityEvent) and "迈腾置换补贴话术" in e.body
        ]

    qtbot.waitUntil(lambda: len(logged()) == 1)
    assert logged()[0].kind == "message"
    usage = (
        seeded.reader()
        .execute(
            "SELECT copies, sends FROM material_usage WHERE material_id = ?",
            (library_data.trade_in,),
        )
        .fetchone()
    )
    assert tuple(usage) == (0, 1)
    qtbot.waitUntil(lambda: "张伟" in window.statusBar().currentMessage())


def test_ctrl_enter_without_an_open_customer_only_copies_and_says_so(
    qtbot: QtBot, library: Library, library_data: Seeded, seeded: Workspace
) -> None:
    palette = open_palette(qtbot, library)
    search(qtbot, palette, "置换")
    qtbot.keyClick(palette.search_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    expected = material(seeded, library_data.trade_in).body
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == expected)
    qtbot.waitUntil(lambda: "nothing was logged" in library.window.statusBar().currentMessage())
    assert seeded.reader().execute("SELECT count(*) FROM activity").fetchone()[0] == 0
    usage = (
        seeded.reader()
        .execute(
            "SELECT copies, sends FROM material_usage WHERE material_id = ?",
            (library_data.trade_in,),
        )
        .fetchone()
    )
    assert tuple(usage) == (1, 0)


def test_enter_on_a_cached_image_puts_the_image_on_the_clipboard(
    qtbot: QtBot, library: Library, library_data: Seeded, seeded: Workspace
) -> None:
    palette = open_palette(qtbot, library)
    search(qtbot, palette, "海报")
    assert palette.current_id() == library_data.poster
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(palette.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not QGuiApplication.clipboard().image().isNull())
    image = QGuiApplication.clipboard().image()
    assert (image.width(), image.height()) == library_data.poster_size
    assert QColor(image.pixel(3, 3)) == QColor("#1677FF")
    assert material(seeded, library_data.poster).uses == 1


def test_enter_on_a_cached_document_puts_the_file_on_the_clipboard_under_its_own_name(
    qtbot: QtBot,
    library: Library,
    seeded: Workspace,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    (tmp_path / "temp").mkdir()
    data = "%PDF-1.4 帕萨特参数".encode()
    cached = FileCache(data_dir / CACHE_FOLDER).put(data)
    server = Server(seeded)
    server.publish(
        server.material(
            "帕萨特参数表",
            kind="document",
            file_hash=cached.digest,
            file_name="../../报价/帕萨特参数表.pdf",  # a server must not name where it goes
            file_size=cached.size,
            mime_type="application/pdf",
        )
    )
    palette = open_palette(qtbot, library)
    search(qtbot, palette, "帕萨特")
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(palette.search_edit, Qt.Key.Key_Return)

    def urls() -> list[QUrl]:
        mime = QGuiApplication.clipboard().mimeData()
        return mime.urls() if mime is not None else []

    qtbot.waitUntil(lambda: bool(urls()))
    (url,) = urls()
    copied = Path(url.toLocalFile())
    assert copied.name == "帕萨特参数表.pdf"
    assert copied.is_relative_to(tmp_path / "temp")
    assert copied.read_bytes() == data


def test_an_image_not_downloaded_is_not_copied_and_the_palette_says_why(
    qtbot: QtBot, library: Library, library_data: Seeded, seeded: Workspace
) -> None:
    palette = open_palette(qtbot, library)
    search(qtbot, palette, "配置表")
    assert palette.current_id() == library_data.spec_sheet
    QGuiApplication.clipboard().setText("untouched")
    qtbot.keyClick(palette.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "downloaded" in palette.message.text())
    assert palette.isVisible() and palette.message.isVisible()
    assert QGuiApplication.clipboard().text() == "untouched"
    assert material(seeded, library_data.spec_sheet).uses == 0


def test_ctrl_d_stars_and_unstars_the_current_material(
    qtbot: QtBot, library: Library, library_data: Seeded, seeded: Workspace
) -> None:
    palette = open_palette(qtbot, library)
    search(qtbot, palette, "首付")
    qtbot.keyClick(palette.search_edit, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert palette.list_view.currentIndex().data(Role.FAVOURITE) is True
    qtbot.waitUntil(lambda: material(seeded, library_data.finance_qa).favourite)
    qtbot.keyClick(palette.search_edit, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not material(seeded, library_data.finance_qa).favourite)


def test_with_nothing_typed_it_lists_recently_used_then_favourites(
    qtbot: QtBot, library: Library, library_data: Seeded, seeded: Workspace
) -> None:
    service = LibraryService(seeded)
    service.record_use(library_data.service, UsageAction.COPY)
    service.set_favourite(library_data.article, True)
    palette = open_palette(qtbot, library)
    qtbot.waitUntil(lambda: palette.model.rowCount() == 4)
    model = palette.model
    rows = [
        (bool(model.index(r, 0).data(Role.HEADER)), model.index(r, 0).data(Role.TITLE))
        for r in range(model.rowCount())
    ]
    assert rows == [
        (True, "Recently used"),
        (False, "首保到期提醒"),
        (True, "Favourites"),
        (False, "途观L 长测：一年两万公里"),
    ]
    assert palette.current_id() == library_data.service  # the keyboard skips the heading


def test_an_answer_to_an_older_keystroke_is_never_shown(qtbot: QtBot, library: Library) -> None:
    palette = open_palette(qtbot, library)
    seen: list[list[str]] = []
    palette.model.modelReset.connect(
        lambda: seen.append(
            [palette.model.index(r, 0).data(Role.TITLE) for r in range(palette.model.rowCount())]
        )
    )
    gate = threading.Event()
    library.controller.executor.submit(gate.wait, name="hold the worker")
    palette.search_edit.setText("油耗")
    qtbot.wait(150)  # its search is queued behind the held worker
    gate.set()
    time.sleep(0.3)  # the worker answers "油耗"; the answer waits for this thread's event loop
    palette.search_edit.setText("分期")  # typed before that answer is delivered
    with qtbot.waitSignal(palette.results_shown, timeout=3000):
        pass
    assert seen == [["贷款买车首付最低多少？"]]


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        "NEAR(迈腾",
        "*",
        "AND OR NOT",
        "title:迈腾",
        "'; DROP TABLE material; --",
        "^{}[]()",
        "\u200b\u202e迈腾",
        "🚗" * 40,
        "迈" * 500,
    ],
)
def test_hostile_input_never_breaks_the_palette(
    qtbot: QtBot, library: Library, typed: str, seeded: Workspace
) -> None:
    palette = open_palette(qtbot, library)
    with qtbot.waitSignal(palette.results_shown, timeout=3000):
        palette.search_edit.setText(typed)
    assert not palette.message.property("problem")
    palette.list_view.grab()  # paints every row with whatever came back
    assert seeded.reader().execute("SELECT count(*) FROM material").fetchone()[0] == 9


def test_highlights_stay_on_the_right_characters_after_an_emoji(
    qtbot: QtBot, library: Library, seeded: Workspace
) -> None:
    Server(seeded).publish(Server(seeded).material("🚗🚗迈腾试驾邀约", "周末到店试驾送礼"))
    palette = open_palette(qtbot, library)
    search(qtbot, palette, "试驾")
    row = palette.model.row_of(str(palette.current_id()))
    assert marked(palette.model, row) == ["试驾"]
    palette.list_view.grab()


def test_palette_model_passes_qt_model_checks(
    qtbot: QtBot, library: Library, qtmodeltester: ModelTester
) -> None:
    palette = open_palette(qtbot, library)
    search(qtbot, palette, "迈腾")
    qtmodeltester.check(palette.model)


def test_sectioned_model_passes_qt_model_checks(
    qtmodeltester: ModelTester, library: Library, library_data: Seeded, seeded: Workspace
) -> None:
    conn = seeded.reader()
    model = MaterialListModel()
    model.set_sections(
        [
            ("Recently used", library_queries.recents(conn)),
            ("All", library_queries.favourites(conn) + list(search_library(conn, "迈腾").hits)),
        ]
    )
    qtmodeltester.check(model)


# -- the page ---------------------------------------------------------------------------------


@pytest.fixture
def page(qtbot: QtBot, library: Library) -> LibraryPage:
    widget = LibraryPage(library.controller, load_catalogue().names())
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    with qtbot.waitSignal(widget.model.modelReset, timeout=3000):
        widget.show()
    return widget


def page_titles(page: LibraryPage) -> list[str]:
    return [page.model.index(r, 0).data(Role.TITLE) for r in range(page.model.rowCount())]


def reload(qtbot: QtBot, page: LibraryPage, change: object) -> None:
    """Do `change` (a callable) and wait for the page's new results."""
    with qtbot.waitSignal(page.model.modelReset, timeout=3000):
        assert callable(change)
        change()


def test_page_lists_everything_then_filters_by_kind_and_scope(
    qtbot: QtBot, page: LibraryPage
) -> None:
    assert len(page_titles(page)) == 9
    reload(qtbot, page, lambda: page.set_kind(MaterialKind.QA))
    kinds = {page.model.index(r, 0).data(Role.KIND) for r in range(page.model.rowCount())}
    assert kinds == {"qa"} and len(page_titles(page)) == 3
    reload(qtbot, page, lambda: page.set_scope(Scope.PERSONAL))
    assert page_titles(page) == ["客户嫌贵怎么回"]
    reload(qtbot, page, lambda: page.set_kind(None))
    assert sorted(page_titles(page)) == sorted(["客户嫌贵怎么回", "我的开场白"])
    reload(qtbot, page, lambda: page.set_scope(Scope.COMPANY))
    assert len(page_titles(page)) == 7
    assert all(page.model.index(r, 0).data(Role.SCOPE) == "company" for r in range(7))


def test_page_filters_by_category_model_and_favourites_with_a_search(
    qtbot: QtBot, page: LibraryPage, library_data: Seeded, seeded: Workspace
) -> None:
    qtbot.waitUntil(lambda: page.category_combo.count() == 4)
    row = page.category_combo.findData(library_data.finance_category)
    reload(qtbot, page, lambda: page.category_combo.setCurrentIndex(row))
    assert page_titles(page) == ["贷款买车首付最低多少？"]
    reload(qtbot, page, lambda: page.category_combo.setCurrentIndex(0))
    reload(qtbot, page, lambda: page.model_combo.setCurrentIndex(page.model_combo.findData("迈腾")))
    assert all("迈腾" in t for t in page_titles(page)) and len(page_titles(page)) == 4
    reload(qtbot, page, lambda: type_text(qtbot, page.search_edit, "海报"))
    assert page_titles(page) == ["迈腾限时购车海报"]
    assert marked(page.model, 0) == ["海报"]
    LibraryService(seeded).set_favourite(library_data.opener, True)
    page.search_edit.clear()
    page.model_combo.setCurrentIndex(0)
    reload(qtbot, page, lambda: page.favourites_button.setChecked(True))
    assert page_titles(page) == ["我的开场白"]


def test_page_shows_the_chosen_material_and_copies_it(
    qtbot: QtBot, page: LibraryPage, library_data: Seeded, seeded: Workspace
) -> None:
    reload(qtbot, page, lambda: type_text(qtbot, page.search_edit, "首付"))
    qtbot.waitUntil(lambda: page.pane.material_id() == library_data.finance_qa)
    assert "首付" in page.pane.title_label.text()
    assert "20%" in page.pane.body_label.text()
    assert "首付" in page.pane.body_label.text() and "background" in page.pane.body_label.text()
    assert page.pane.read_only_label.isVisible()
    page.pane.copy_button.click()
    expected = material(seeded, library_data.finance_qa).body
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == expected)
    qtbot.waitUntil(lambda: material(seeded, library_data.finance_qa).uses == 1)


def test_company_materials_cannot_be_edited_or_deleted(
    qtbot: QtBot, page: LibraryPage, library: Library, library_data: Seeded, seeded: Workspace
) -> None:
    reload(qtbot, page, lambda: page.set_scope(Scope.COMPANY))
    first = page.model.index(0, 0).data(Role.ID)
    qtbot.waitUntil(lambda: page.pane.material_id() == first)
    assert not page.pane.edit_button.isVisible()
    assert not page.pane.delete_button.isVisible()
    assert page.pane.read_only_label.isVisible()
    before = material(seeded, library_data.trade_in)
    library.controller.update_script(library_data.trade_in, ScriptDraft("改了", "改了"))
    qtbot.waitUntil(lambda: "read-only" in library.window.statusBar().currentMessage())
    assert material(seeded, library_data.trade_in).body == before.body


def dialog_of(page: LibraryPage) -> ScriptDialog:
    found = page.findChild(ScriptDialog)
    assert isinstance(found, ScriptDialog)
    return found


def test_a_personal_script_is_created_edited_and_deleted(
    qtbot: QtBot, page: LibraryPage, seeded: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.new_button.click()
    dialog = dialog_of(page)
    qtbot.waitExposed(dialog)
    dialog.buttons.accepted.emit()  # OK with nothing typed
    assert dialog.isVisible()
    assert dialog.errors["title"].isVisible() and dialog.errors["title"].text() == "Required"
    assert dialog.errors["body"].isVisible()

    type_text(qtbot, dialog.title_edit, "试驾后回访")
    type_text(qtbot, dialog.body_edit, "张先生，昨天试驾感觉如何？")
    dialog.tags_edit.setText("回访，试驾")
    with qtbot.waitSignal(page.model.modelReset, timeout=3000):
        dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "试驾后回访" in page_titles(page))
    qtbot.waitUntil(
        lambda: page.pane.opened is not None and page.pane.opened.detail.title == "试驾后回访"
    )
    created = page.pane.opened
    assert created is not None and created.detail.scope is Scope.PERSONAL
    assert created.detail.tags == ("回访", "试驾")
    assert page.pane.edit_button.isVisible() and page.pane.delete_button.isVisible()

    page.pane.edit_button.click()
    editor = dialog_of(page)
    assert editor.title_edit.text() == "试驾后回访"
    editor.body_edit.setPlainText("张先生，试驾感觉如何？本周订车有惊喜。")
    editor.buttons.accepted.emit()
    qtbot.waitUntil(
        lambda: material(seeded, created.detail.id).body == "张先生，试驾感觉如何？本周订车有惊喜。"
    )

    asked: list[str] = []

    def answer(*args: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    qtbot.waitUntil(lambda: page.pane.material_id() == created.detail.id)
    page.pane.delete_button.click()
    assert asked and "试驾后回访" in asked[0]

    def gone() -> bool:
        try:
            material(seeded, created.detail.id)
        except NotFoundError:
            return True
        return False

    qtbot.waitUntil(gone)
    qtbot.waitUntil(lambda: "试驾后回访" not in page_titles(page))


def test_deleting_asks_first_and_no_keeps_the_script(
    qtbot: QtBot,
    page: LibraryPage,
    library_data: Seeded,
    seeded: Workspace,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    reload(qtbot, page, lambda: type_text(qtbot, page.search_edit, "开场白"))
    qtbot.waitUntil(lambda: page.pane.material_id() == library_data.opener)
    page.pane.delete_button.click()
    qtbot.wait(100)
    assert material(seeded, library_data.opener).title == "我的开场白"


def test_page_model_passes_qt_model_checks(page: LibraryPage, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(page.model)
