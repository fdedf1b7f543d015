"""End to end with a real browser: a poster is printed, a phone reads its code (zxing-cpp),
opens the live code, fills in the form, and the lead reaches the consultant's desk in the
客户线索 column with its channel and tags.

Headless Chromium (``/usr/bin/chromium``; CI installs it) is driven over the DevTools
protocol on pipes (`tests/consultant_server/cdp.py`): no Python package, no chromedriver to
match the browser's version, no debugging port. The server is the real app served by
uvicorn on a free loopback port; the desk is a real workspace with the real `SyncClient`.

``SHOWROOM_UPDATE_SCREENSHOT=1`` also writes the phone-sized screenshot of the page to
``docs/landing.png``.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from PIL import Image
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from consultant_app.domain.stages import Stage
from consultant_app.qr import PosterContent, Template, export_png
from consultant_app.store import queries
from consultant_app.store.channels import list_channels
from consultant_app.store.database import LocalProfile, open_workspace
from consultant_app.sync.engine import SyncClient
from consultant_app.sync.identity import ServerUser, adopt_identity
from consultant_server.core.config import Settings
from consultant_server.main import create_app
from consultant_server.models import User
from tests.consultant_app.qr.scan import decode
from tests.consultant_server.cdp import Chromium, find_chromium
from tests.consultant_server.conftest import MakeUser
from tests.consultant_server.support import FakeClock, login

DOCS = Path(__file__).resolve().parents[2] / "docs"
PHONE_WIDTH = 390

chromium = find_chromium()
pytestmark = pytest.mark.skipif(
    chromium is None,
    reason="Chromium is not installed (/usr/bin/chromium; CI installs the chromium package)",
)


@pytest.fixture
def live_server(settings: Settings, engine: Engine, clock: FakeClock) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, in a thread, on the test database."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings, clock=clock), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Chromium]:
    assert chromium is not None
    driver = Chromium(chromium, tmp_path / "chromium-profile")
    try:
        driver.phone(width=PHONE_WIDTH)
        yield driver
    finally:
        driver.close()


def test_a_phone_submits_the_form_and_the_lead_reaches_the_desk(
    live_server: str,
    browser: Chromium,
    make_user: MakeUser,
    sessions: sessionmaker[Session],
    tmp_path: Path,
) -> None:
    user: User = make_user("zhangwei", display_name="张伟")
    workspace = open_workspace(tmp_path / "desk", LocalProfile(user.username, user.display_name))
    try:
        adopt_identity(workspace, ServerUser(str(user.id), user.username, user.display_name))
        with httpx.Client(base_url=live_server, timeout=30) as http:
            device = uuid.uuid4()
            token = login(http, user.username, device_id=device)  # type: ignore[arg-type]
            desk = SyncClient(workspace, http, token, str(device))
            desk.sync_once()
            listed = {
                v.name: v for v in list_channels(workspace.reader(), str(user.id), live_server)
            }
            code = listed["展厅展架"].code
            assert code is not None and code.url is not None

            # The stand's poster as printed, and the URL a phone reads from it.
            poster = PosterContent(
                url=code.url,
                consultant_name=user.display_name,
                title="销售顾问",
                showroom_name="一号展厅",
                benefit="扫码领取到店精美礼品",
            )
            export_png(poster, Template.A4_TABLE_CARD, tmp_path / "poster.png", dpi=150)
            with Image.open(tmp_path / "poster.png") as printed:
                (scanned,) = decode(printed)
            assert scanned == code.url

            # The page, as a phone shows it.
            browser.open(scanned)
            assert browser.evaluate("document.title") == "张伟 · 一号展厅"
            assert browser.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
            assert browser.evaluate("innerWidth") == PHONE_WIDTH
            hidden = browser.evaluate(
                "document.querySelector('input[name=website]').getBoundingClientRect().right"
            )
            assert hidden < 0  # the honeypot is off screen
            shot = tmp_path / "landing.png"
            browser.screenshot(shot)
            if os.environ.get("SHOWROOM_UPDATE_SCREENSHOT") == "1":
                shutil.copyfile(shot, DOCS / "landing.png")

            # A mistyped number comes back with a message and what was typed.
            browser.type("input[name=name]", "陈女士")
            browser.type("input[name=mobile]", "1391234")
            browser.choose("select[name=model]", "ID.4 CROZZ")
            browser.choose("select[name=when]", "weekend")
            browser.click("input[name=consent]")
            browser.click("button[type=submit]")
            browser.wait_for(
                "document.readyState === 'complete' && document.querySelector('.alert') !== null"
            )
            assert "请填写正确的 11 位手机号" in browser.evaluate("document.body.innerText")
            assert browser.evaluate("document.querySelector('input[name=name]').value") == "陈女士"
            assert browser.evaluate("document.querySelector('select[name=model]').value") == (
                "ID.4 CROZZ"
            )
            browser.screenshot(tmp_path / "landing-error.png")

            # Corrected, it goes through.
            browser.type("input[name=mobile]", "139 1234 5678")
            browser.click("button[type=submit]")
            browser.wait_for(
                "location.pathname.includes('/ok/') && document.readyState === 'complete'"
            )
            thanks = browser.evaluate("document.body.innerText")
            assert "提交成功" in thanks and "张伟会尽快通过电话或微信与您联系" in thanks
            browser.screenshot(tmp_path / "landing-thanks.png")

            # The desk's next sync brings the lead.
            report = desk.sync_once()
        (card,) = queries.load_cards(workspace.reader(), str(user.id))
        assert card.id in report.contact_ids
        assert (card.name, card.stage, card.source_channel, card.models) == (
            "陈女士",
            Stage.LEAD,
            "display_stand",
            ("ID.4 CROZZ",),
        )
        assert [t.name for t in card.tags] == ["扫码线索"]
        assert card.masked_mobile == "139****5678"
    finally:
        workspace.close()
