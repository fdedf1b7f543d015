"""The live-code page: channels and their codes, the poster preview, exports, statistics.

Offline on the seeded workspace of `conftest.window`, and online with a desk signed in to a
real embedded demo server (uvicorn on loopback) whose codes customers' phones "scan" through
the server's landing pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import zxingcpp
from PIL import Image
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog
from pytestqt.qtbot import QtBot

from consultant_app.clock import showroom_today
from consultant_app.services.channels import ChannelDraft, ChannelService, fetch_stats
from consultant_app.store.channels import list_channels
from consultant_app.store.database import Workspace
from consultant_app.sync.loop import SyncPolicy
from consultant_server.core.config import Settings as ServerSettings
from consultant_server.demo import EmbeddedServer
from tests.ui.conftest import WAIT_MS, leave_number
from ui.channel_dialog import ChannelDialog
from ui.main_window import MainWindow
from ui.qr_page import ChannelListModel, ChannelRole, CodeState, Period, QrPage
from ui.screen_mode import ScreenModeDialog


@pytest.fixture
def online_page(qtbot: QtBot, synced_desk: MainWindow) -> Iterator[QrPage]:
    synced_desk.show_page(3)  # Ctrl+J; the window refreshes the page after every sync
    page = synced_desk.qr
    qtbot.waitUntil(lambda: page.model.rowCount() >= 6, timeout=WAIT_MS)
    yield page
    page.shutdown()


@pytest.fixture
def offline_page(qtbot: QtBot, window: MainWindow) -> Iterator[QrPage]:
    window.show_page(3)
    page = window.qr
    qtbot.waitUntil(lambda: page.server_banner.isVisibleTo(page), timeout=WAIT_MS)
    yield page
    page.shutdown()


def select(qtbot: QtBot, page: QrPage, name: str) -> None:
    channel = next(c for c in page.model.channels() if c.name == name)
    assert page.select_channel(channel.id)
    assert page.selected() == channel


def selected_name(page: QrPage) -> str:
    channel = page.selected()
    return "" if channel is None else channel.name


def decode(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def fill_dialog(dialog: ChannelDialog, name: str, benefit: str = "", welcome: str = "") -> None:
    dialog.name.setText(name)
    dialog.name.setModified(True)
    dialog.benefit.setText(benefit)
    dialog.welcome.setPlainText(welcome)


def open_new_dialog(qtbot: QtBot, page: QrPage) -> ChannelDialog:
    page.new_button.click()
    dialog = page._dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


# --- the list ---------------------------------------------------------------------------------


def test_the_channel_list_model_passes_the_model_tester(
    qtmodeltester: Any, seeded: Workspace
) -> None:
    service = ChannelService(seeded)
    service.create_channel(ChannelDraft("老客户转介绍", "推荐好友购车送保养"))
    service.create_channel(ChannelDraft("4月车展", welcome="{customer}您好！"))
    model = ChannelListModel()
    model.set_channels(list_channels(seeded.reader(), seeded.consultant_id, ""))
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    first = model.index(0, 0)
    assert first.data(ChannelRole.NAME) == "老客户转介绍"
    assert first.data(ChannelRole.BENEFIT) == "推荐好友购车送保养"
    assert first.data(ChannelRole.STATE) is CodeState.WAITING
    assert first.data(ChannelRole.STATE_TEXT) == "Usable once synced"
    assert first.data(ChannelRole.MINE) is True


def test_an_offline_desk_says_codes_need_the_server_and_shows_no_qr(
    qtbot: QtBot, offline_page: QrPage
) -> None:
    page = offline_page
    assert "need the server" in page.server_banner.text()
    assert page.stats_note.text() == "Statistics need a connection to the server."
    dialog = open_new_dialog(qtbot, page)
    fill_dialog(dialog, "老客户转介绍", "推荐好友购车送保养")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page._dialog is None, timeout=WAIT_MS)
    assert selected_name(page) == "老客户转介绍"
    assert page.model.index(0, 0).data(ChannelRole.STATE_TEXT) == "Usable once synced"
    assert page.url() is None and page.url_edit.text() == ""
    assert page.preview.image is None
    assert "need the server" in page.preview.text
    assert not page.pdf_button.isEnabled() and not page.png_button.isEnabled()
    assert page.edit_button.isEnabled()  # the consultant's own channel


def test_the_dialog_checks_placeholders_as_typed_and_refuses_a_taken_name(
    qtbot: QtBot, offline_page: QrPage
) -> None:
    page = offline_page
    dialog = open_new_dialog(qtbot, page)
    fill_dialog(dialog, "车展客户", welcome="{custmer}您好，我是{consultant}")
    assert "{custmer} is not a placeholder" in dialog.error_text("welcome")
    assert not dialog.ok_button.isEnabled()
    dialog.welcome.clear()
    dialog.insert_buttons["customer"].click()
    assert dialog.welcome.toPlainText() == "{customer}"
    assert dialog.error_text("welcome") == ""
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT_MS)

    again = open_new_dialog(qtbot, page)
    fill_dialog(again, "车展客户")
    again.ok_button.click()
    qtbot.waitUntil(lambda: again.error_text("name") != "", timeout=WAIT_MS)
    assert again.error_text("name") == "A channel with this name exists already"
    assert again.isVisible() and again.ok_button.isEnabled()
    again.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert page.model.rowCount() == 1


# --- online: codes, preview, exports ----------------------------------------------------------


def test_the_showroom_channels_arrive_usable_with_their_urls(
    qtbot: QtBot, online_page: QrPage, server: EmbeddedServer
) -> None:
    page = online_page
    assert not page.server_banner.isVisibleTo(page)
    select(qtbot, page, "展厅展架")
    url = page.url()
    assert url is not None and url.startswith(f"{server.url}/q/")
    assert page.url_edit.text() == url
    assert page.model.index(page.list.currentIndex().row(), 0).data(ChannelRole.STATE) is (
        CodeState.USABLE
    )
    assert not page.edit_button.isEnabled()  # the showroom's channel: the manager's to change
    page.copy_button.click()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == url


def test_selecting_a_channel_renders_a_preview(qtbot: QtBot, online_page: QrPage) -> None:
    page = online_page
    select(qtbot, page, "朋友圈")
    qtbot.waitUntil(lambda: page.preview.image is not None, timeout=WAIT_MS)
    image = page.preview.image
    assert image is not None
    assert image.height() > image.width()  # an A4 page, upright
    first_key = page._preview_key
    page.template_combo.setCurrentIndex(2)  # the X-banner: taller still
    qtbot.waitUntil(
        lambda: page.preview.image is not None and page._preview_key != first_key,
        timeout=WAIT_MS,
    )
    qtbot.waitUntil(
        lambda: (
            page.preview.image is not None
            and page.preview.image.height() > 2 * page.preview.image.width()
        ),
        timeout=WAIT_MS,
    )


def test_exported_pdf_and_png_hold_the_code_of_the_channel(
    qtbot: QtBot, online_page: QrPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = online_page
    select(qtbot, page, "展厅展架")
    url = page.url()
    assert url is not None
    page.png_dpi = 100  # A4 at 100 dpi: 827 × 1169, quick, and still 15 px per module

    png = tmp_path / "card.png"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(png), ""))
    )
    page.png_button.click()
    assert not page.png_button.isEnabled()  # one export at a time
    qtbot.waitUntil(lambda: page.last_export is not None, timeout=WAIT_MS)
    assert page.png_button.isEnabled()
    assert "Saved card.png" in page.message.text()
    with Image.open(png) as image:
        assert image.size == (827, 1169)
        assert decode(image.convert("RGB")) == [url]

    pdf = tmp_path / "card"  # the suffix is added
    page.last_export = None
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(pdf), ""))
    )
    page.pdf_button.click()
    qtbot.waitUntil(lambda: page.last_export is not None, timeout=WAIT_MS)
    written = tmp_path / "card.pdf"
    assert written.read_bytes().startswith(b"%PDF")
    import pypdfium2

    document = pypdfium2.PdfDocument(str(written))
    try:
        rendered = document[0].render(scale=100 / 72).to_pil()
    finally:
        document.close()
    assert decode(rendered.convert("RGB")) == [url]


def test_an_export_that_cannot_be_written_says_why(
    qtbot: QtBot, online_page: QrPage, tmp_path: Path
) -> None:
    page = online_page
    select(qtbot, page, "展厅展架")
    page.export_poster("pdf", tmp_path / "no such folder" / "card.pdf")
    qtbot.waitUntil(page.pdf_button.isEnabled, timeout=WAIT_MS)
    assert "Could not write" in page.message.text()
    assert "does not exist" in page.message.text()
    assert page.message.property("error") is True


def test_a_code_made_offline_is_usable_once_synced_and_then_shows_its_qr(
    qtbot: QtBot,
    online_page: QrPage,
    synced_desk: MainWindow,
    server: EmbeddedServer,
    server_settings: ServerSettings,
) -> None:
    page = online_page
    port = server.port
    server.stop()  # the showroom's Wi-Fi drops
    dialog = open_new_dialog(qtbot, page)
    fill_dialog(dialog, "春季车展", "车展专享：扫码领取购车礼包")
    dialog.ok_button.click()
    qtbot.waitUntil(
        lambda: selected_name(page) == "春季车展",
        timeout=WAIT_MS,
    )
    row = page.list.currentIndex()
    assert row.data(ChannelRole.STATE_TEXT) == "Usable once synced"
    assert page.url() is None and page.url_edit.text() == ""
    assert page.preview.image is None
    assert "Usable once synced" in page.preview.text
    assert page.edit_button.isEnabled()

    back = EmbeddedServer(server_settings, port=port)  # the network returns
    back.start()
    try:
        assert synced_desk.sync_ui is not None
        synced_desk.sync_ui.controller.sync_now()
        qtbot.waitUntil(
            lambda: page.list.currentIndex().data(ChannelRole.STATE) is CodeState.USABLE,
            timeout=WAIT_MS,
        )
        assert selected_name(page) == "春季车展"
        assert (page.url() or "").startswith(f"{back.url}/q/")
        qtbot.waitUntil(lambda: page.preview.image is not None, timeout=WAIT_MS)
    finally:
        back.stop()


def test_pausing_and_resuming_a_code(qtbot: QtBot, online_page: QrPage) -> None:
    page = online_page
    select(qtbot, page, "试驾活动")
    assert page.pause_button.text() == "Pause"
    page.pause_button.click()
    qtbot.waitUntil(
        lambda: page.list.currentIndex().data(ChannelRole.STATE) is CodeState.PAUSED,
        timeout=WAIT_MS,
    )
    assert page.pause_button.text() == "Resume"
    assert page.state_label.text().startswith("Paused")
    assert page.url() is not None  # printed posters keep working
    page.pause_button.click()
    qtbot.waitUntil(
        lambda: page.list.currentIndex().data(ChannelRole.STATE) is CodeState.USABLE,
        timeout=WAIT_MS,
    )
    assert page.pause_button.text() == "Pause"


# --- statistics -------------------------------------------------------------------------------


def test_the_statistics_count_a_scan_of_the_landing_page(
    qtbot: QtBot, online_page: QrPage, synced_desk: MainWindow, qtmodeltester: Any
) -> None:
    page = online_page
    page.period_combo.setCurrentIndex(page.period_combo.findData(Period.TODAY.value))
    qtbot.waitUntil(lambda: "Asking" not in page.stats_note.text(), timeout=WAIT_MS)

    def scans_of(name: str) -> int:
        rows = [r for r in page.stats_model.rows() if r.name == name]
        return rows[0].scans if rows else 0

    before = scans_of("朋友圈")
    select(qtbot, page, "朋友圈")
    url = page.url()
    assert url is not None
    response = httpx.get(url)  # a customer's phone opens the code's page
    assert response.status_code == 200
    page.refresh_stats()
    qtbot.waitUntil(lambda: scans_of("朋友圈") == before + 1, timeout=WAIT_MS)
    qtmodeltester.check(page.stats_model)
    assert page.stats_table.isVisibleTo(page)
    assert "scan" in page.stats_note.text()
    headers = [
        page.stats_model.headerData(c, page.stats_table.horizontalHeader().orientation())
        for c in range(page.stats_model.columnCount())
    ]
    assert headers == ["Channel", "Scans", "Leads", "Again", "Visit", "Test drive", "Order"]

    # The same numbers as the server's own answer.
    link = synced_desk.sync_ui.controller.link  # type: ignore[union-attr]
    today = Period.TODAY.days(showroom_today())
    served = fetch_stats(link.http, link.loop.client.token, *today)
    assert {r.name: r.scans for r in served} == {r.name: r.scans for r in page.stats_model.rows()}


def test_a_customer_who_leaves_a_number_is_on_the_kanban_within_seconds(
    qtbot: QtBot, online_page: QrPage, synced_desk: MainWindow
) -> None:
    """The scan-to-lead loop: no idle round comes in time (an hour away), so the card can
    only arrive because the server's long poll woke the desk."""
    link = synced_desk.sync_ui.controller.link  # type: ignore[union-attr]
    link.loop.policy = SyncPolicy(idle_s=3600)
    select(qtbot, online_page, "展厅大屏")
    url = online_page.url()
    assert url is not None
    before = synced_desk.board.total()
    leave_number(url, "冯女士", "13911112222")
    qtbot.waitUntil(lambda: synced_desk.board.total() == before + 1, timeout=20_000)
    assert synced_desk.workspace is not None
    names = [r[0] for r in synced_desk.workspace.reader().execute("SELECT name FROM contact")]
    assert "冯女士" in names


# --- the showroom screen from the page ----------------------------------------------------------


def test_the_page_starts_the_showroom_screen_with_the_chosen_codes(
    qtbot: QtBot, online_page: QrPage
) -> None:
    page = online_page
    page.screen_button.click()
    qtbot.waitUntil(lambda: page.findChild(ScreenModeDialog) is not None, timeout=WAIT_MS)
    dialog = page.findChild(ScreenModeDialog)
    assert dialog is not None
    assert dialog.codes.count() >= 5
    assert dialog.monitor_combo.count() >= 1
    dialog.interval.setValue(20)
    chosen = dialog.chosen_ids()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    mode = page.screen_mode
    assert mode is not None and mode.isVisible()
    assert [s.code_id for s in mode.slides] == chosen
    current = mode.current()
    assert current is not None and current.channel == "展厅大屏"  # the screen's own code first
    mode.close()
    assert page.screen_mode is None
