"""Channels and live codes through the real client: sync, offline commands, and leads arriving.

Real workspaces, the real `SyncClient`, `ChannelService` and the store's read API, against
the real app on SQLite (and PostgreSQL when TEST_DATABASE_URL is set).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.orm import Session, sessionmaker

from consultant_app.domain.stages import Stage
from consultant_app.services.channels import ChannelDraft, ChannelService, fetch_stats
from consultant_app.store import queries
from consultant_app.store.channels import ChannelView, list_channels
from consultant_app.store.database import LocalProfile, open_workspace
from consultant_app.sync import outbox
from consultant_app.sync.engine import OfflineError, SignInRequiredError, SyncClient
from consultant_app.sync.identity import ServerUser, adopt_identity
from consultant_app.sync.wire import CodeStatus
from consultant_server.models import User
from consultant_server.services import channels
from tests.consultant_server.channel_support import code_of
from tests.consultant_server.support import FakeClock, TestClient, login

Sessions = sessionmaker[Session]
BASE = "https://crm.example-dealer.cn"


class Desk:
    """One PC: a workspace signed in as a server user, its sync client and channel commands."""

    def __init__(self, client: TestClient, folder: Path, user: User) -> None:
        self.workspace = open_workspace(folder, LocalProfile(user.username, user.display_name))
        adopt_identity(self.workspace, ServerUser(str(user.id), user.username, user.display_name))
        device = uuid.uuid4()
        token = login(client, user.username, device_id=device)
        self.sync = SyncClient(self.workspace, client, token, str(device))
        self.channels = ChannelService(self.workspace)

    def listed(self) -> dict[str, ChannelView]:
        found = list_channels(self.workspace.reader(), self.workspace.consultant_id, BASE)
        return {view.name: view for view in found}

    def cards(self) -> dict[str, queries.KanbanCard]:
        conn = self.workspace.reader()
        return {c.name: c for c in queries.load_cards(conn, self.workspace.consultant_id)}


@pytest.fixture
def desks(client: TestClient, team: dict[str, User], tmp_path: Path) -> Iterator[tuple[Desk, Desk]]:
    first = Desk(client, tmp_path / "pc1", team["zhangwei"])
    second = Desk(client, tmp_path / "pc2", team["zhangwei"])
    yield first, second
    first.workspace.close()
    second.workspace.close()


def test_a_desk_lists_the_showrooms_channels_with_its_own_ready_codes(
    desks: tuple[Desk, Desk],
) -> None:
    pc1, _ = desks
    pc1.sync.sync_once()
    listed = list(pc1.listed().values())
    assert [v.name for v in listed] == [
        "展厅展架",
        "展厅大屏",
        "短信",
        "朋友圈",
        "车展",
        "试驾活动",
    ]
    for view in listed:
        assert view.shared and not view.mine and not view.pending
        assert view.code is not None and view.code.synced and view.code.usable
        assert view.code.token is not None
        assert view.code.url == f"{BASE}/q/{view.code.token}"
        assert re.fullmatch(r"[0-9A-Za-z]{8}", view.code.token)
    assert listed[3].tags == ("扫码线索", "朋友圈")


def test_a_channel_made_offline_gets_its_code_at_the_next_sync(desks: tuple[Desk, Desk]) -> None:
    pc1, pc2 = desks
    channel_id, code_id = pc1.channels.create_channel(
        ChannelDraft("车友会", "入群送保养", "{customer}您好，我是{consultant}", ("车友",))
    )
    offline = pc1.listed()["车友会"]
    assert offline.mine and offline.pending and offline.tags == ("车友",)
    assert offline.code is not None and offline.code.id == code_id
    assert (offline.code.token, offline.code.url, offline.code.synced) == (None, None, False)
    assert not offline.code.usable  # the screen says: usable once synced
    report = pc1.sync.sync_once()
    assert (report.pushed, report.rejected) == (2, 0)
    online = pc1.listed()["车友会"]
    assert online.id == channel_id and not online.pending
    assert online.code is not None and online.code.synced and online.code.url is not None
    pc2.sync.sync_once()
    assert pc2.listed()["车友会"].code == online.code


def test_a_code_paused_offline_stays_paused_over_a_pull_and_then_on_the_server(
    desks: tuple[Desk, Desk], sessions: Sessions, team: dict[str, User], clock: FakeClock
) -> None:
    pc1, pc2 = desks
    pc1.sync.sync_once()
    code = pc1.listed()["展厅展架"].code
    assert code is not None
    pc1.channels.set_code_status(code.id, CodeStatus.PAUSED)
    with sessions() as session:  # meanwhile a manager re-targets it on the server
        channels.retarget_code_now(
            session, team["wangfang"], uuid.UUID(code.id), team["lina"].id, clock=clock
        )
    pc1.sync.pull_all()  # a pull before the push: the pending pause is rebased on top
    shown = pc1.listed()["展厅展架"].code
    assert shown is not None
    assert (shown.status, shown.pending, shown.target_name) == (CodeStatus.PAUSED, True, "李娜")
    pc1.sync.sync_once()
    stored = code_of(sessions, team["zhangwei"])
    assert (stored.status, stored.target_id) == ("paused", team["lina"].id)
    pc2.sync.sync_once()
    other = pc2.listed()["展厅展架"].code
    assert other is not None and other.status is CodeStatus.PAUSED and other.synced


def test_two_desks_asking_for_one_channels_code_offline_end_with_the_same_code(
    desks: tuple[Desk, Desk], sessions: Sessions, team: dict[str, User]
) -> None:
    pc1, pc2 = desks
    pc1.channels.create_channel(ChannelDraft("车友会"))
    pc1.sync.sync_once()
    first = pc1.listed()["车友会"].code
    assert first is not None
    pc1.channels.set_code_status(first.id, CodeStatus.REVOKED)  # leaked: a new one, please
    pc1.sync.sync_once()
    pc2.sync.sync_once()
    channel_id = pc1.listed()["车友会"].id
    one = pc1.channels.request_code(channel_id)
    two = pc2.channels.request_code(channel_id)
    pc2.channels.set_code_status(two, CodeStatus.PAUSED)  # before it ever synced
    assert one != two
    pc1.sync.sync_once()
    report = pc2.sync.sync_once()
    assert (report.pushed, report.rejected) == (2, 0)
    pc1.sync.sync_once()
    mine, theirs = pc1.listed()["车友会"].code, pc2.listed()["车友会"].code
    assert mine is not None and theirs is not None
    assert mine.id == theirs.id == one and mine.token == theirs.token
    assert mine.status is theirs.status is CodeStatus.PAUSED
    assert outbox.pending_count(pc2.workspace) == 0 and not outbox.rejected(pc2.workspace)


def test_a_lead_from_the_page_reaches_the_desks_lead_column_with_its_channel_and_tags(
    desks: tuple[Desk, Desk], client: TestClient
) -> None:
    pc1, _ = desks
    pc1.sync.sync_once()
    code = pc1.listed()["车展"].code
    assert code is not None and code.token is not None
    fields = {"name": "赵女士", "mobile": "13911112222", "model": "探岳", "consent": "1"}
    assert client.post(f"/q/{code.token}", data=fields, follow_redirects=False).status_code == 303
    report = pc1.sync.sync_once()
    card = pc1.cards()["赵女士"]
    assert card.id in report.contact_ids
    assert (card.stage, card.source_channel, card.models) == (Stage.LEAD, "auto_show", ("探岳",))
    assert sorted(t.name for t in card.tags) == ["扫码线索", "车展客户"]
    timeline = queries.timeline(pc1.workspace.reader(), card.id)
    assert any("扫码留资｜渠道：车展" in getattr(e, "body", "") for e in timeline)
    again = {**fields, "name": "赵"}
    client.post(f"/q/{code.token}", data=again, follow_redirects=False)
    pc1.sync.sync_once()
    assert list(pc1.cards()) == ["赵女士"]  # no duplicate
    timeline = queries.timeline(pc1.workspace.reader(), card.id)
    assert any("再次扫码" in getattr(e, "body", "") for e in timeline)


def test_the_desk_reads_its_statistics_from_the_server(
    desks: tuple[Desk, Desk], client: TestClient, clock: FakeClock
) -> None:
    pc1, _ = desks
    pc1.sync.sync_once()
    code = pc1.listed()["朋友圈"].code
    assert code is not None and code.token is not None
    client.get(f"/q/{code.token}")
    fields = {"name": "钱先生", "mobile": "13922223333", "consent": "1"}
    client.post(f"/q/{code.token}", data=fields, follow_redirects=False)
    day = clock.now.date()
    (row,) = fetch_stats(client, pc1.sync.token, day, day)
    assert (row.name, row.scans, row.leads, row.again) == ("朋友圈", 2, 1, 0)
    assert row.reached["first_contact"] == 0
    (person,) = fetch_stats(client, pc1.sync.token, day, day, group="consultant")
    assert (person.name, person.scans) == ("张伟", 2)
    dead = httpx.Client(base_url="http://127.0.0.1:9", timeout=0.5)
    with pytest.raises(OfflineError):
        fetch_stats(dead, pc1.sync.token, day, day)
    with pytest.raises(SignInRequiredError):
        fetch_stats(client, "not-a-token", day, day)
