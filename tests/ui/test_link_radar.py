"""Link radar (链接雷达) in the app: "copy and log as sent" gives an article the customer's
tracked link; an open reaches the desk by itself and is announced; without the server the
article still goes out, with its own link, and the consultant is told it is not tracked."""

from __future__ import annotations

import re

import httpx
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from consultant_app.library.models import MaterialKind, SearchFilters
from consultant_app.store.queries import TimelineEvent
from consultant_server.demo import EmbeddedServer
from tests.ui.conftest import WAIT_MS
from ui.library.controller import CopyOutcome, Found
from ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("qapp")


def _articles(qtbot: QtBot, win: MainWindow) -> list[tuple[str, str, str]]:
    """(id, title, url) of the library's articles."""
    found: list[Found] = []
    articles = SearchFilters(kinds=frozenset({MaterialKind.ARTICLE}))
    win.library.search("", articles, 10, found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=WAIT_MS)
    hits = found[0].result.hits
    assert len(hits) >= 2, "the demo server publishes articles"
    out = []
    for hit in hits:
        detail = []
        win.library.open(hit.id, detail.append, fetch=False)
        qtbot.waitUntil(lambda d=detail: bool(d), timeout=WAIT_MS)
        out.append((hit.id, detail[0].detail.title, detail[0].detail.url or ""))
    return out


def _open(qtbot: QtBot, win: MainWindow, contact_id: str) -> None:
    win.open_contact(contact_id)
    qtbot.waitUntil(
        lambda: win._open_contact_ref() is not None and win.detail.timeline_model.rowCount() > 0,
        timeout=WAIT_MS,
    )


def _send(qtbot: QtBot, win: MainWindow, material_id: str) -> CopyOutcome:
    outcomes: list[CopyOutcome] = []
    win.library.copy(material_id, send=True, on_done=outcomes.append)
    qtbot.waitUntil(lambda: bool(outcomes), timeout=WAIT_MS)
    return outcomes[0]


def _notes(win: MainWindow) -> list[str]:
    """The bodies of the open customer's timeline activities."""
    model = win.detail.timeline_model
    events: list[TimelineEvent] = [
        model._rows[i].event for i in range(model.rowCount(QModelIndex()))
    ]
    return [getattr(e, "body", "") or "" for e in events]


def _contacts(win: MainWindow) -> list[str]:
    return [i for column in win.board.columns.values() for i in column.ids()]


def test_an_article_sent_to_a_customer_goes_out_as_their_tracked_link_and_an_open_is_announced(
    qtbot: QtBot, synced_desk: MainWindow, server: EmbeddedServer
) -> None:
    win = synced_desk
    (article_id, title, own_url), *_ = _articles(qtbot, win)
    contact_id = _contacts(win)[0]
    name = win.board.card(contact_id).name
    _open(qtbot, win, contact_id)
    QGuiApplication.clipboard().clear()

    outcome = _send(qtbot, win, article_id)

    assert outcome.copied and outcome.sent_to is not None and outcome.sent_to.id == contact_id
    assert outcome.tracked_url.startswith(server.url + "/r/"), outcome
    assert QGuiApplication.clipboard().text() == f"{title}\n{outcome.tracked_url}"
    assert own_url not in QGuiApplication.clipboard().text()
    assert "tracked link" in outcome.message
    qtbot.waitUntil(
        lambda: any(f"tracked link (link radar): {title}" in b for b in _notes(win)),
        timeout=WAIT_MS,
    )
    # Sent again: the same link (one per customer and article), without asking the server.
    assert _send(qtbot, win, article_id).tracked_url == outcome.tracked_url

    # The customer opens it on their phone: redirected to the article.
    opened = httpx.get(outcome.tracked_url, follow_redirects=False)
    assert opened.is_redirect and opened.headers["location"] == own_url

    # The desk's long poll brings the open; the window says so and "Open" shows the customer.
    toast = win._notifier().toast
    qtbot.waitUntil(lambda: toast.isVisible() and title in toast.label.text(), timeout=WAIT_MS)
    assert toast.label.text() == f"{name} just opened “{title}”."
    assert any(b.startswith("链接雷达：") and title in b for b in _notes(win))
    model = win.detail.timeline_model
    shown = [model.data(model.index(i)) for i in range(model.rowCount(QModelIndex()))]
    assert f"Link radar: the customer opened “{title}”" in shown
    win.open_contact(_contacts(win)[1])
    qtbot.mouseClick(toast.open_button, Qt.MouseButton.LeftButton)
    assert win._detail_id == contact_id and not toast.isVisible()


def test_without_the_server_an_article_goes_out_with_its_own_link_and_says_it_is_not_tracked(
    qtbot: QtBot, synced_desk: MainWindow, server: EmbeddedServer
) -> None:
    win = synced_desk
    (article_id, title, _), (other_id, other_title, _) = _articles(qtbot, win)[:2]
    first, second = _contacts(win)[:2]
    _open(qtbot, win, first)
    tracked = _send(qtbot, win, article_id).tracked_url
    assert tracked

    server.stop()
    # The link made before still goes out offline.
    again = _send(qtbot, win, article_id)
    assert again.tracked_url == tracked
    assert QGuiApplication.clipboard().text() == f"{title}\n{tracked}"

    # A first link for this customer needs the server: the article's own link goes instead.
    _open(qtbot, win, second)
    untracked = _send(qtbot, win, other_id)
    assert untracked.copied and not untracked.tracked_url
    assert "not tracked: the server cannot be reached" in untracked.message
    clip = QGuiApplication.clipboard().text()
    assert clip.startswith(other_title + "\n") and "/r/" not in clip
    qtbot.waitUntil(
        lambda: any(f"Sent from the library: {other_title}" in b for b in _notes(win)),
        timeout=WAIT_MS,
    )
    assert re.match(r"https?://", clip.splitlines()[1])


def test_several_opens_in_one_round_are_summed_up_in_one_announcement(qtbot: QtBot) -> None:
    from datetime import UTC, datetime

    from PySide6.QtWidgets import QWidget

    from consultant_app.domain.activity import radar_note
    from consultant_app.library.radar import LinkOpened
    from ui.notifier import ArrivalNotifier

    host = QWidget()
    qtbot.addWidget(host)
    host.resize(900, 600)
    host.show()
    notifier = ArrivalNotifier(host, "en")
    now = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)

    def opened(contact: str, name: str, title: str, n: int = 1) -> LinkOpened:
        return LinkOpened(f"a-{contact}-{n}", contact, name, radar_note(title, n), now)

    assert notifier.announce_opens([]) == "" and not notifier.toast.isVisible()
    assert (
        notifier.announce_opens([opened("c1", "王先生", "迈腾冬季用车指南", 3)])
        == "王先生 opened “迈腾冬季用车指南” again (3 times so far)."
    )
    same = [opened("c1", "王先生", "迈腾冬季用车指南", 4), opened("c1", "王先生", "ID.4 续航", 1)]
    assert notifier.announce_opens(same) == "王先生 opened the articles you shared 2 time(s)."
    notifier.toast.open_button.click()  # opens the customer of the newest
    three = [
        opened(c, n, "ID.4 续航") for c, n in (("c1", "王先生"), ("c2", "李女士"), ("c3", "赵总"))
    ]
    assert notifier.announce_opens(three) == "王先生、李女士、赵总 opened articles you shared."
    assert notifier.toast.open_button.isVisible()
    many = [opened(f"c{i}", f"客户{i}", "ID.4 续航") for i in range(5)]
    assert notifier.announce_opens(many) == "5 customer(s) opened articles you shared."
    assert not notifier.toast.open_button.isVisible()  # no single customer to open
