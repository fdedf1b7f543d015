"""GET /sync/wait, the long poll that wakes a desk, and the desk's `ChangeWatcher` on it."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from httpx import Response

from consultant_app.sync.backoff import Backoff
from consultant_app.sync.watch import ChangeWatcher, WatchEnd
from consultant_server.models import User
from tests.consultant_server.support import TestClient, http_login
from tests.consultant_server.sync_support import SyncDevice, create

#: Generous on shared 2-core machines; every wait below is answered long before it.
LONG_S = 30


@pytest.fixture
def zhang(client: TestClient, team: dict[str, User]) -> SyncDevice:
    device = SyncDevice(client, "zhangwei")
    device.pull()
    return device


def wait(device: SyncDevice, cursor: str | None = None, timeout: float = 0) -> Response:
    response: Response = device.client.get(
        "/sync/wait",
        params={"cursor": device.cursor if cursor is None else cursor, "timeout": timeout},
        headers=device.headers,
    )
    return response


def in_background(fn: Any) -> tuple[threading.Thread, dict[str, Any]]:
    box: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: box.update(result=fn()), daemon=True)
    thread.start()
    return thread, box


def test_nothing_new_answers_unchanged_with_a_cursor_to_wait_on(zhang: SyncDevice) -> None:
    answer = wait(zhang)
    assert answer.status_code == 200, answer.text
    assert answer.json()["changed"] is False
    assert answer.json()["cursor"] == zhang.cursor


def test_a_change_already_waiting_answers_at_once(client: TestClient, zhang: SyncDevice) -> None:
    before = zhang.cursor
    zhang.push_ok(create(name="周先生"))
    answer = wait(zhang, before, timeout=LONG_S)
    assert answer.json()["changed"] is True
    # The desk's round pulls at least up to the cursor it waits on next.
    assert wait(zhang, answer.json()["cursor"]).json()["changed"] is False
    assert [c["data"].get("name") for c in zhang.pull() if c["entity"] == "contact"] == ["周先生"]


def test_a_waiting_desk_is_answered_when_its_consultant_gets_a_change(
    client: TestClient, team: dict[str, User], zhang: SyncDevice
) -> None:
    thread, box = in_background(lambda: wait(zhang, timeout=LONG_S))
    SyncDevice(client, "wangfang")  # unrelated traffic meanwhile
    zhang.push_ok(create(name="吴女士"))
    thread.join(LONG_S - 5)
    assert not thread.is_alive(), "the wait ran to its timeout"
    assert box["result"].json()["changed"] is True


def test_another_consultants_change_does_not_wake_the_desk(
    client: TestClient, team: dict[str, User], zhang: SyncDevice
) -> None:
    SyncDevice(client, "lina").push_ok(create(name="郑先生"))
    answer = wait(zhang, timeout=1)
    assert answer.json()["changed"] is False
    # …and the cursor moved past it: the next wait does not scan it again.
    assert answer.json()["cursor"] != zhang.cursor


def test_a_dead_token_or_a_foreign_cursor_is_refused(client: TestClient, zhang: SyncDevice) -> None:
    assert client.get("/sync/wait").status_code == 401
    assert client.get("/sync/wait", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert wait(zhang, "not-a-cursor").status_code == 400


# --- the desk's watcher -------------------------------------------------------------------


def watcher(client: TestClient, device: SyncDevice, on_change: Any, **kw: Any) -> ChangeWatcher:
    return ChangeWatcher(
        "", device.token, device.cursor, on_change, http=client, backoff=Backoff(0.01, 0.05), **kw
    )


def test_the_watcher_calls_back_on_news_and_keeps_watching(
    client: TestClient, zhang: SyncDevice
) -> None:
    news = threading.Event()
    calls: list[int] = []

    def changed() -> None:
        calls.append(1)
        news.set()

    watch = watcher(client, zhang, changed, wait_s=LONG_S)
    thread, box = in_background(watch.run)
    zhang.push_ok(create(name="王先生"))
    assert news.wait(LONG_S - 5), "the watcher was not told"
    watch.stop()
    zhang.push_ok(create(name="赵女士"))  # ends the wait in flight (TestClient cannot cut it)
    thread.join(LONG_S)
    assert box["result"] is WatchEnd.STOPPED
    assert len(calls) >= 1


def test_the_watcher_stops_when_signed_out(client: TestClient, zhang: SyncDevice) -> None:
    assert client.post("/auth/logout", headers=zhang.headers).status_code in (200, 204)
    assert watcher(client, zhang, lambda: None).run() is WatchEnd.SIGNED_OUT


def test_the_watcher_asks_for_a_round_when_the_cursor_is_refused(
    client: TestClient, zhang: SyncDevice
) -> None:
    calls: list[int] = []
    zhang.cursor = "not-a-cursor"
    assert watcher(client, zhang, lambda: calls.append(1)).run() is WatchEnd.CURSOR_REFUSED
    assert calls == [1]


def test_an_older_server_without_the_long_poll_leaves_the_desk_on_its_idle_rounds(
    client: TestClient, zhang: SyncDevice
) -> None:
    watch = ChangeWatcher("", zhang.token, zhang.cursor, lambda: None, http=client)
    client.base_url = client.base_url.join("/no-such-prefix/")
    try:
        assert watch.run() is WatchEnd.UNSUPPORTED
    finally:
        client.base_url = client.base_url.join("/")


def test_the_watcher_backs_off_while_the_server_is_away_and_stops_on_request() -> None:
    import httpx

    attempts: list[int] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        attempts.append(1)
        raise httpx.ConnectError("refused", request=request)

    http = httpx.Client(base_url="http://desk.invalid", transport=httpx.MockTransport(refuse))
    watch = ChangeWatcher("", "t", "", lambda: None, http=http, backoff=Backoff(0.01, 0.02))
    thread, box = in_background(watch.run)
    while len(attempts) < 3:
        thread.join(0.05)
    watch.stop()
    thread.join(5)
    assert box["result"] is WatchEnd.STOPPED


def test_stopping_the_server_answers_open_polls_instead_of_cutting_them(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A restart must not hold for desks' polls, nor log each one as a crash: a stopping
    server answers them "nothing new" and the desks wait again."""
    import httpx

    from consultant_server.demo import (
        DEMO_PASSWORD,
        DEMO_USER,
        EmbeddedServer,
        prepare_demo_server,
    )

    server = EmbeddedServer(prepare_demo_server(tmp_path / "server", 2))
    url = server.start()
    headers = http_login(url, DEMO_USER, DEMO_PASSWORD)
    first = httpx.get(f"{url}/sync/pull", headers=headers, timeout=LONG_S)
    cursor = first.json()["cursor"]
    while first.json()["more"]:
        first = httpx.get(f"{url}/sync/pull", params={"cursor": cursor}, headers=headers)
        cursor = first.json()["cursor"]

    thread, box = in_background(
        lambda: httpx.get(
            f"{url}/sync/wait",
            params={"cursor": cursor, "timeout": LONG_S},
            headers=headers,
            timeout=LONG_S + 10,
        )
    )
    thread.join(0.5)  # the poll is waiting (nothing changes on this server)
    assert thread.is_alive()
    with caplog.at_level("ERROR"):
        server.stop()
        thread.join(LONG_S)
    answer = box["result"]
    assert answer.status_code == 200 and answer.json()["changed"] is False
    assert not [r for r in caplog.records if "ASGI" in r.getMessage()]
