"""The showroom screen: a code a phone can read from the screen, rotation, Esc, no customer data,
today's scans from the server, the start dialog and the kiosk.

A desk signed in to a real embedded demo server (uvicorn on loopback) provides the codes; the
screen is grabbed and decoded with zxing-cpp, as a phone would read it.
"""

from __future__ import annotations

import httpx
import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from consultant_app.clock import showroom_today
from consultant_app.services.channels import fetch_stats
from consultant_server.demo import DEMO_PASSWORD, DEMO_USER, EmbeddedServer
from tests.ui.conftest import WAIT_MS
from ui.main_window import MainWindow
from ui.screen_mode import (
    DeskScanCounter,
    ScreenChoice,
    ScreenMode,
    ScreenModeDialog,
    load_screen_choice,
    run_kiosk,
)
from ui.sync_ui import SyncSetup


@pytest.fixture
def choice(synced_desk: MainWindow, server: EmbeddedServer) -> ScreenChoice:
    assert synced_desk.workspace is not None
    found = load_screen_choice(synced_desk.workspace, server.url)
    assert len(found.chosen) >= 2
    return found


def grabbed(widget: QWidget) -> Image.Image:
    """The widget as it is on screen, as a PIL image."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    width, height = image.width(), image.height()
    data = bytes(image.constBits())[: image.bytesPerLine() * height]
    return Image.frombytes("RGB", (width, height), data, "raw", "RGB", image.bytesPerLine())


def decode(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def shown(qtbot: QtBot, mode: ScreenMode) -> ScreenMode:
    qtbot.addWidget(mode)
    mode.resize(1280, 720)
    mode.show()
    qtbot.waitExposed(mode)
    return mode


def test_the_screen_shows_a_code_a_phone_reads_as_the_channels_url(
    qtbot: QtBot, choice: ScreenChoice
) -> None:
    first = choice.chosen[0]
    assert first.channel == "展厅大屏"  # the showroom screen's own channel comes first
    mode = shown(qtbot, ScreenMode(choice.chosen))
    assert decode(grabbed(mode)) == [first.url]
    assert first.benefit in mode.texts()
    assert "李明" in mode.texts()
    assert "杭州西湖大众4S店" in mode.texts()
    fit = mode.code.fit
    assert fit is not None and fit.total_px <= 0.9 * mode.code.width() + 1
    # Whole pixels per module: the code fills its box without being scaled.
    assert fit.module_px >= 10


def test_it_rotates_to_the_next_code_on_its_timer(qtbot: QtBot, choice: ScreenChoice) -> None:
    mode = shown(qtbot, ScreenMode(choice.chosen, interval_s=1))
    assert mode.index == 0
    with qtbot.waitSignal(mode.slide_changed, timeout=5000) as changed:
        pass
    assert changed.args == [1]
    assert decode(grabbed(mode)) == [choice.chosen[1].url]
    assert choice.chosen[1].benefit in mode.texts()


def test_esc_closes_it(qtbot: QtBot, choice: ScreenChoice) -> None:
    mode = shown(qtbot, ScreenMode(choice.chosen, interval_s=1))
    with qtbot.waitSignal(mode.closed, timeout=5000):
        qtbot.keyClick(mode, Qt.Key.Key_Escape)
    assert not mode.isVisible()


def test_it_never_shows_a_customers_name(
    qtbot: QtBot, synced_desk: MainWindow, choice: ScreenChoice, server: EmbeddedServer
) -> None:
    workspace = synced_desk.workspace
    assert workspace is not None
    customers = [str(row[0]) for row in workspace.reader().execute("SELECT name FROM contact")]
    assert customers  # the demo account's customers reached the desk
    url = choice.chosen[0].url
    assert httpx.get(url).status_code == 200  # someone scanned: the count shows
    mode = shown(qtbot, ScreenMode(choice.chosen, interval_s=1, scans=DeskScanCounter(synced_desk)))
    qtbot.waitUntil(mode.count_label.isVisible, timeout=WAIT_MS)
    for _ in range(len(choice.chosen)):
        texts = [label.text() for label in mode.findChildren(QLabel)] + [mode.windowTitle()]
        for name in customers:
            assert not any(name in text for text in texts), name
        mode.next_slide()


def test_todays_scans_come_from_the_server(
    qtbot: QtBot, synced_desk: MainWindow, choice: ScreenChoice
) -> None:
    for slide in choice.chosen[:2]:
        assert httpx.get(slide.url).status_code == 200
    link = synced_desk.sync_ui.controller.link  # type: ignore[union-attr]
    today = showroom_today()
    expected = sum(r.scans for r in fetch_stats(link.http, link.loop.client.token, today, today))
    assert expected >= 2
    mode = shown(qtbot, ScreenMode(choice.chosen, scans=DeskScanCounter(synced_desk)))
    qtbot.waitUntil(mode.count_label.isVisible, timeout=WAIT_MS)
    assert mode.count_label.text() == f"{expected} customer(s) scanned today"


def test_the_count_stays_hidden_while_unknown(
    qtbot: QtBot, desk: MainWindow, choice: ScreenChoice
) -> None:
    mode = shown(qtbot, ScreenMode(choice.chosen, scans=DeskScanCounter(desk)))
    mode.refresh_count()
    assert not mode.count_label.isVisible()
    assert decode(grabbed(mode)) == [choice.chosen[0].url]


def test_the_start_dialog_offers_each_monitor_and_the_usable_codes(
    qtbot: QtBot, choice: ScreenChoice
) -> None:
    dialog = ScreenModeDialog(choice.available, interval_s=15)
    qtbot.addWidget(dialog)
    assert dialog.monitor_combo.count() == len(QGuiApplication.screens())
    assert dialog.interval_s() == 15
    assert dialog.chosen_ids() == [s.code_id for s in choice.available if not s.duty]
    start = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    for row in range(dialog.codes.count()):
        dialog.codes.item(row).setCheckState(Qt.CheckState.Unchecked)
    assert not start.isEnabled()
    dialog.codes.item(1).setCheckState(Qt.CheckState.Checked)
    assert start.isEnabled()
    assert [s.code_id for s in dialog.chosen_slides()] == [choice.available[1].code_id]


def test_the_kiosk_waits_for_codes_and_shows_them_after_the_sync(
    qtbot: QtBot, desk: MainWindow, server: EmbeddedServer
) -> None:
    kiosk = run_kiosk(desk, interval_s=30)
    mode = kiosk.screen_mode
    assert mode is not None
    qtbot.waitUntil(lambda: mode.isVisible() and mode.message_label.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "server" in mode.detail_label.text(), timeout=WAIT_MS)
    assert mode.current() is None
    assert not mode.code.isVisible()

    desk.enable_sync(SyncSetup(server_url=server.url, auto_login=(DEMO_USER, DEMO_PASSWORD)))
    qtbot.waitUntil(lambda: mode.current() is not None, timeout=WAIT_MS)
    current = mode.current()
    assert current is not None and current.channel == "展厅大屏"
    assert current.url.startswith(f"{server.url}/q/")
    assert not mode.message_label.isVisible()
    assert decode(grabbed(mode)) == [current.url]

    with qtbot.waitSignal(mode.closed, timeout=5000):
        qtbot.keyClick(mode, Qt.Key.Key_Escape)
    assert kiosk.screen_mode is None
    assert desk.isVisible()
