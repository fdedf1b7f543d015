"""Pull pages: a desk asks for large pages, and still syncs with a server that gives fewer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from consultant_app.domain.activity import ActivityKind
from consultant_app.sync import engine
from consultant_app.sync.engine import LEGACY_PULL_LIMIT, PULL_LIMIT
from consultant_server.models import User
from tests.consultant_server.support import TestClient
from tests.consultant_server.test_client_engine import Desk


class OlderServer:
    """The test server as one from before large pages: it refuses a page over 1000 (422)."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.limits: list[int] = []

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        params = kwargs.get("params") or {}
        if path in ("/sync/pull", "/sync/snapshot"):
            self.limits.append(int(params["limit"]))
            if int(params["limit"]) > LEGACY_PULL_LIMIT:
                body = {"error": "invalid_input", "message": "limit: at most 1000"}
                return httpx.Response(422, json=body)
        response: httpx.Response = self.client.request(method, path, **kwargs)
        return response


@pytest.fixture
def pcs(client: TestClient, team: dict[str, User], tmp_path: Path) -> Iterator[tuple[Desk, Desk]]:
    first = Desk(client, tmp_path / "pc1", team["zhangwei"])
    second = Desk(client, tmp_path / "pc2", team["zhangwei"])
    yield first, second
    first.workspace.close()
    second.workspace.close()


def test_a_desk_falls_back_to_the_page_size_an_older_server_takes(
    pcs: tuple[Desk, Desk], client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    pc1, pc2 = pcs
    for n in range(4):
        cid = pc1.service.quick_add(f"客户{n}", f"1381234000{n}")
        pc1.service.add_activity(cid, ActivityKind.CALL, "约了试驾")
    pc1.sync.sync_once()
    older = OlderServer(client)
    pc2.sync.http = older  # type: ignore[assignment]
    monkeypatch.setattr(engine, "LEGACY_PULL_LIMIT", 3)  # several pages of the old size

    report = pc2.sync.sync_once()

    assert set(pc2.cards()) == {f"客户{n}" for n in range(4)}
    assert report.pulled > 3
    assert older.limits[0] == PULL_LIMIT > LEGACY_PULL_LIMIT
    assert set(older.limits[1:]) == {3}  # once refused, never asked for more again
    pc2.sync.sync_once()
    assert set(older.limits[1:]) == {3}
