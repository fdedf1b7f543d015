"""The desk's update check (`consultant_app.updates`) against the real server: what it finds,
when it asks again, what it keeps, and that a server that cannot tell means nothing new.

A real workspace and the real app (FastAPI's test client), on SQLite and on PostgreSQL when
TEST_DATABASE_URL is set; "offline" is a closed port on loopback.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from consultant_app.store.database import Workspace, open_workspace
from consultant_app.updates import (
    CHECK_EVERY,
    RETRY_AFTER,
    UpdateChecker,
    UpdateInfo,
)
from consultant_server.services import releases
from tests.consultant_server.conftest import MakeUser
from tests.consultant_server.support import FakeClock, TestClient, login

SERVER = "http://testserver"
SETUP = "https://dl.example-dealer.cn/ShowroomDesk-{version}-setup.exe"

Publish = Callable[..., None]


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = open_workspace(tmp_path / "desk")
    yield ws
    ws.close()


@pytest.fixture
def token(client: TestClient, make_user: MakeUser) -> str:
    make_user("zhangwei")
    return login(client, "zhangwei")


@pytest.fixture
def publish(sessions: sessionmaker[Session], clock: FakeClock) -> Publish:
    def add(version: str, channel: str = "stable", platform: str = "any") -> None:
        with sessions() as session:
            releases.publish(
                session,
                channel=channel,
                version=version,
                platform=platform,
                url=SETUP.format(version=version),
                notes=f"{version} 的新功能",
                clock=clock,
            )

    return add


def checker(
    workspace: Workspace,
    clock: FakeClock,
    *,
    channel: str = "stable",
    running: str = "1.3.0",
    platform: str = "windows",
) -> UpdateChecker:
    return UpdateChecker(
        workspace, SERVER, channel, platform=platform, running=running, clock=clock
    )


def test_a_desk_finds_the_newer_release_and_keeps_it(
    client: TestClient, token: str, publish: Publish, workspace: Workspace, clock: FakeClock
) -> None:
    publish("1.4.0")
    desk = checker(workspace, clock)

    info = desk.check(client, token)

    assert info is not None
    assert info.release is not None
    assert (info.release.version, info.release.url) == ("1.4.0", SETUP.format(version="1.4.0"))
    assert info.release.notes == "1.4.0 的新功能"
    assert (info.min_client_version, info.update_required) == ("0.1.0", False)
    assert checker(workspace, clock).known() == info  # kept for the next start


def test_a_beta_desk_asks_for_its_channel(
    client: TestClient, token: str, publish: Publish, workspace: Workspace, clock: FakeClock
) -> None:
    publish("1.4.0")
    publish("1.5.0.1", channel="beta")

    stable = checker(workspace, clock).check(client, token)
    beta = checker(workspace, clock, channel="beta").check(client, token)

    assert stable is not None and stable.release is not None
    assert beta is not None and beta.release is not None
    assert (stable.release.version, beta.release.version) == ("1.4.0", "1.5.0.1")


def test_nothing_newer_is_an_answer_too(
    client: TestClient, token: str, publish: Publish, workspace: Workspace, clock: FakeClock
) -> None:
    publish("1.3.0")

    info = checker(workspace, clock).check(client, token)

    assert info is not None
    assert info.release is None


def test_after_a_check_the_next_waits_hours_unless_asked_for(
    client: TestClient, token: str, publish: Publish, workspace: Workspace, clock: FakeClock
) -> None:
    desk = checker(workspace, clock)
    assert desk.check(client, token) is not None
    publish("1.4.0")

    clock.advance(hours=1)
    assert not desk.due()
    assert desk.check(client, token) is None
    forced = desk.check(client, token, force=True)
    assert forced is not None and forced.release is not None

    clock.advance(seconds=(CHECK_EVERY - timedelta(seconds=1)).total_seconds())
    assert not desk.due()
    clock.advance(seconds=1)
    assert desk.due()


def test_a_restarted_desk_waits_from_the_kept_check(
    client: TestClient, token: str, workspace: Workspace, clock: FakeClock
) -> None:
    assert checker(workspace, clock).check(client, token) is not None
    clock.advance(hours=2)
    restarted = checker(workspace, clock)

    assert restarted.known() is not None
    assert not restarted.due()


@pytest.mark.parametrize(
    "other",
    [{"channel": "beta"}, {"running": "1.4.0"}, {"platform": "macos"}],
    ids=["channel", "updated", "platform"],
)
def test_a_kept_answer_counts_only_for_the_same_question(
    client: TestClient,
    token: str,
    publish: Publish,
    workspace: Workspace,
    clock: FakeClock,
    other: dict[str, str],
) -> None:
    publish("1.4.0")
    assert checker(workspace, clock).check(client, token) is not None

    changed = checker(workspace, clock, **other)

    assert changed.known() is None
    assert changed.due()


def test_a_withdrawn_release_is_forgotten_at_the_next_check(
    client: TestClient,
    token: str,
    publish: Publish,
    workspace: Workspace,
    clock: FakeClock,
    sessions: sessionmaker[Session],
) -> None:
    publish("1.4.0")
    desk = checker(workspace, clock)
    assert desk.check(client, token) is not None
    with sessions() as session:
        releases.withdraw(session, channel="stable", version="1.4.0")

    assert desk.check(client, token, force=True) is not None
    kept = checker(workspace, clock).known()

    assert kept is not None
    assert kept.release is None


def test_each_version_is_announced_once(
    client: TestClient, token: str, publish: Publish, workspace: Workspace, clock: FakeClock
) -> None:
    publish("1.4.0")
    desk = checker(workspace, clock)
    first = desk.check(client, token)
    assert first is not None

    announced = desk.claim_notice(first)
    again = checker(workspace, clock).claim_notice(first)
    publish("1.4.1")
    newer = desk.check(client, token, force=True)
    assert newer is not None

    assert announced == first.release
    assert again is None
    assert desk.claim_notice(newer) == newer.release


def test_a_desk_older_than_the_minimum_learns_it_and_the_download(
    client: TestClient, token: str, publish: Publish, workspace: Workspace, clock: FakeClock
) -> None:
    publish("1.4.0")

    info = checker(workspace, clock, running="0.0.9").check(client, token)

    assert info is not None and info.release is not None
    assert (info.update_required, info.release.version) == (True, "1.4.0")


def test_a_revoked_sign_in_means_nothing_new(
    client: TestClient, token: str, publish: Publish, workspace: Workspace, clock: FakeClock
) -> None:
    publish("1.4.0")
    client.post("/auth/logout", headers={"Authorization": f"Bearer {token}"})
    desk = checker(workspace, clock)

    assert desk.check(client, token) is None
    assert desk.known() is None
    clock.advance(seconds=RETRY_AFTER.total_seconds())
    assert desk.due()


def test_a_server_without_the_update_check_means_nothing_new_for_hours(
    workspace: Workspace, clock: FakeClock
) -> None:
    older = TestClient(FastAPI())  # a server from before the update check: 404
    desk = checker(workspace, clock)

    assert desk.check(older, "token") is None
    assert desk.known() is None
    clock.advance(seconds=RETRY_AFTER.total_seconds())
    assert not desk.due()
    clock.advance(seconds=(CHECK_EVERY - RETRY_AFTER).total_seconds())
    assert desk.due()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_offline_means_nothing_new_and_a_retry_within_the_hour(
    workspace: Workspace, clock: FakeClock
) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    desk = UpdateChecker(workspace, url, "stable", platform="linux", clock=clock)

    with httpx.Client(base_url=url, timeout=2) as http:
        assert desk.check(http, "token") is None

    assert not desk.due()
    clock.advance(seconds=RETRY_AFTER.total_seconds())
    assert desk.due()


@pytest.mark.parametrize(
    "url", ["file:///C:/Windows/System32/calc.exe", "javascript:alert(1)", "https://"]
)
def test_a_release_url_that_is_not_a_web_address_is_never_offered(
    workspace: Workspace, clock: FakeClock, url: str
) -> None:
    rogue = FastAPI()

    @rogue.get("/client/release")
    def answer() -> dict[str, object]:
        return {
            "release": {
                "version": "9.9.9",
                "channel": "stable",
                "platform": "any",
                "url": url,
                "notes": "",
                "published_at": "2025-03-03T02:00:00Z",
            },
            "min_client_version": "0.1.0",
            "update_required": False,
        }

    desk = checker(workspace, clock)

    assert desk.check(TestClient(rogue), "token") is None
    assert desk.known() is None


def test_a_kept_answer_reads_back_as_written(
    client: TestClient, token: str, publish: Publish, workspace: Workspace, clock: FakeClock
) -> None:
    publish("1.4.0")
    info = checker(workspace, clock).check(client, token)
    assert info is not None

    assert UpdateInfo.from_json(info.to_json()) == info
