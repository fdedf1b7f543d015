"""Sync under faults, against the real server: 503s, lost responses, a killed client, 410.

The server is the real app on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set.
Faults come from a transport between the client and the app (issue 3 allows "a
fault-injecting proxy or transport"), or from killing a real client process
(`tests/consultant_server/fault_client.py`) that syncs with the app served by uvicorn on a
free loopback port.
"""

from __future__ import annotations

import itertools
import random
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from consultant_app.domain.activity import ActivityKind
from consultant_app.domain.contact import ContactDraft
from consultant_app.services.channels import ChannelDraft, ChannelService
from consultant_app.services.contacts import ContactService
from consultant_app.store.channels import list_channels
from consultant_app.store.database import LocalProfile, Workspace, open_workspace
from consultant_app.sync import engine as sync_engine
from consultant_app.sync import outbox
from consultant_app.sync.apply import CURSOR_KEY, read_cursor
from consultant_app.sync.backoff import Backoff
from consultant_app.sync.engine import OfflineError, ServerUnavailableError, SyncClient
from consultant_app.sync.identity import ServerUser, adopt_identity
from consultant_app.sync.loop import SyncLoop, SyncState
from consultant_server.core.config import Settings
from consultant_server.main import create_app
from consultant_server.models import Activity, AppliedMutation, Channel, ChannelCode, Contact, User
from consultant_server.services import channels
from consultant_server.services.pull import Cursor
from tests.consultant_server.support import START, FakeClock, TestClient, login, row_counts

ROOT = Path(__file__).resolve().parents[2]

#: What the network does to one request: forward it ("pass"), refuse the connection
#: ("refuse"), answer 503 without reaching the app ("503"), or forward it and lose the
#: response ("lose": the server did the work, the client sees a read timeout).
Action = str


class FaultyNetwork(httpx.BaseTransport):
    """Between a client and the real app: each request takes the next planned action."""

    def __init__(self, app: TestClient) -> None:
        self.app = app
        self.plan: list[Action] = []
        #: (method, path, status) of every request, 0 when no response reached the client.
        self.log: list[tuple[str, str, int]] = []
        self.before: Callable[[httpx.Request], None] | None = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        action = self.plan.pop(0) if self.plan else "pass"
        method, path = request.method, request.url.path
        if self.before is not None:
            self.before(request)
        if action == "refuse":
            self.log.append((method, path, 0))
            raise httpx.ConnectError("connection refused", request=request)
        if action == "503":
            self.log.append((method, path, 503))
            return httpx.Response(503, json={"error": "unavailable", "message": "proxy says no"})
        answer = self.app.send(request)
        if action == "lose":
            self.log.append((method, path, 0))
            raise httpx.ReadTimeout("the response was lost", request=request)
        assert action == "pass", action
        self.log.append((method, path, answer.status_code))
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)

    def requests(self) -> list[tuple[str, int]]:
        return [(path, status) for _, path, status in self.log]


class Desk:
    """One PC: a real workspace signed in as a server user, syncing over `http`."""

    def __init__(self, http: httpx.Client, folder: Path, user: User) -> None:
        self.workspace = open_workspace(folder, LocalProfile(user.username, user.display_name))
        adopt_identity(self.workspace, ServerUser(str(user.id), user.username, user.display_name))
        self.device = str(uuid.uuid4())
        self.token = login(http, user.username, device_id=uuid.UUID(self.device))  # type: ignore[arg-type]
        self.sync = SyncClient(self.workspace, http, self.token, self.device)
        self.service = ContactService(self.workspace)

    def names(self) -> list[str]:
        return local_names(self.workspace)


def local_names(workspace: Workspace) -> list[str]:
    """Every local contact's name, sorted, duplicates kept (so a duplicate shows)."""
    rows = workspace.reader().execute("SELECT name FROM contact ORDER BY name")
    return [str(r[0]) for r in rows]


def server_count(engine: Engine, model: type[object]) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


def add_contacts(service: ContactService, names: list[str], first_mobile: int) -> list[str]:
    return [service.quick_add(name, f"1{first_mobile + n:010d}") for n, name in enumerate(names)]


@pytest.fixture
def network(client: TestClient) -> FaultyNetwork:
    return FaultyNetwork(client)


@pytest.fixture
def faulty(client: TestClient, network: FaultyNetwork) -> Iterator[httpx.Client]:
    """An HTTP client that reaches the app through the faulty network."""
    with httpx.Client(base_url=client.base_url, transport=network) as http:
        yield http


@pytest.fixture
def desk(faulty: httpx.Client, team: dict[str, User], tmp_path: Path) -> Iterator[Desk]:
    desk = Desk(faulty, tmp_path / "pc1", team["zhangwei"])
    yield desk
    desk.workspace.close()


# --- issue 3, proof 4: the server fails and the user does nothing ----------------------------


def test_the_queue_drains_on_its_own_while_the_server_fails(
    desk: Desk, network: FaultyNetwork, engine: Engine
) -> None:
    names = ["王小明", "李雷", "韩梅梅"]
    add_contacts(desk.service, names, 3800000000)
    # Round 1's push is refused, round 2's gets a 503, round 3 pushes but its pull gets a
    # 503, round 4's pull gets another, round 5 goes through.
    network.plan = ["refuse", "503", "pass", "503", "503"]
    clock = FakeClock(START)  # the loop's own clock; the server keeps its own
    loop = SyncLoop(desk.sync, backoff=Backoff(rng=random.Random(11)), clock=clock)
    states, pendings, waits = [], [], []
    for _ in range(10):
        due = loop.next_due()
        assert due is not None  # it never waits for the user here
        waits.append(due - clock.now)
        clock.now = due
        status = loop.run_round()
        states.append(status.state)
        pendings.append(status.pending)
        if status.state is SyncState.SYNCED:
            break
    assert states == [
        SyncState.OFFLINE,
        SyncState.ERROR,
        SyncState.ERROR,
        SyncState.ERROR,
        SyncState.SYNCED,
    ]
    assert pendings == [3, 3, 0, 0, 0]
    assert waits[0] == timedelta(0)
    assert all(later > earlier for earlier, later in itertools.pairwise(waits[1:]))
    assert status.last_success_at == clock.now
    assert server_count(engine, Contact) == 3
    assert desk.names() == sorted(names)


# --- a lost push response -----------------------------------------------------------------


def test_a_lost_push_response_is_answered_from_the_ledger_and_applied_once(
    desk: Desk, network: FaultyNetwork, engine: Engine
) -> None:
    ids = add_contacts(desk.service, ["王小明", "李雷", "韩梅梅"], 3800000000)
    desk.service.add_activity(ids[0], ActivityKind.CALL, "约了周六试驾")
    queued = outbox.pending_count(desk.workspace)
    assert queued == 4
    network.plan = ["lose"]
    with pytest.raises(OfflineError):
        desk.sync.sync_once()
    assert outbox.pending_count(desk.workspace) == queued  # the client never heard back …
    assert server_count(engine, AppliedMutation) == queued  # … but the server committed
    before = row_counts(engine)

    report = desk.sync.sync_once()
    assert (report.pushed, report.rejected) == (queued, 0)
    assert outbox.pending_count(desk.workspace) == 0
    pushes = [status for path, status in network.requests() if path == "/sync/push"]
    assert pushes == [0, 200]
    after = row_counts(engine)
    assert after == before  # the replay changed nothing: no contact, change or ledger row twice
    assert (after["contact"], after["activity"], after["applied_mutation"]) == (3, 1, 4)
    assert desk.names() == ["李雷", "王小明", "韩梅梅"]


# --- re-bootstrap -------------------------------------------------------------------------


def forge_cursor(workspace: Workspace) -> str:
    """Store a cursor of another epoch, as after the server was restored from a backup."""
    cursor = Cursor(uuid.uuid4(), 1).encode()
    workspace.reader().execute(
        "INSERT INTO local_state (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (CURSOR_KEY, cursor),
    )
    return cursor


@pytest.fixture
def second(client: TestClient, team: dict[str, User], tmp_path: Path) -> Iterator[Desk]:
    """The same consultant's other PC, on a healthy network."""
    desk = Desk(client, tmp_path / "pc2", team["zhangwei"])
    yield desk
    desk.workspace.close()


def test_a_refused_cursor_pushes_pending_first_then_rebuilds_from_the_snapshot(
    desk: Desk,
    second: Desk,
    network: FaultyNetwork,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (wang, _li) = add_contacts(desk.service, ["王小明", "李雷"], 3800000000)
    desk.sync.sync_once()
    # 韩梅梅 reached the server, which was then restored from a backup taken before that.
    desk.service.add_contact(ContactDraft(name="韩梅梅", mobile="13900000003", tags=("旧标签",)))
    desk.workspace.reader().execute("DELETE FROM outbox")
    add_contacts(second.service, ["赵敏"], 3700000000)
    second.sync.sync_once()
    # Work not pushed yet when the server refuses the cursor.
    add_contacts(desk.service, ["周芷若"], 3600000000)
    desk.service.add_activity(wang, ActivityKind.VISIT, "到店看了迈腾")
    assert outbox.pending_count(desk.workspace) == 2
    forge_cursor(desk.workspace)
    monkeypatch.setattr(sync_engine, "PULL_LIMIT", 2)  # a snapshot of several pages
    network.log.clear()

    report = desk.sync.sync_once()

    assert report.rebuilt and (report.pushed, report.rejected) == (2, 0)
    paths = network.requests()
    assert paths[:2] == [("/sync/push", 200), ("/sync/pull", 410)]  # pending went first
    snapshots = [status for path, status in paths if path == "/sync/snapshot"]
    assert len(snapshots) >= 3 and set(snapshots) == {200}
    assert paths[-1] == ("/sync/pull", 200)  # and pulling goes on from the snapshot's end
    assert outbox.pending_count(desk.workspace) == 0
    assert desk.names() == sorted(["王小明", "李雷", "赵敏", "周芷若"])  # 韩梅梅 is gone
    tags = desk.workspace.reader().execute("SELECT name FROM tag").fetchall()
    assert "旧标签" not in {r[0] for r in tags}
    assert server_count(engine, Contact) == 4
    assert server_count(engine, Activity) == 1
    visits = desk.workspace.reader().execute(
        "SELECT count(*) FROM activity WHERE contact_id = ?", (wang,)
    )
    assert visits.fetchone()[0] == 1

    network.log.clear()
    assert not desk.sync.sync_once().rebuilt  # the stored cursor is an ordinary one again
    assert network.requests() == [("/sync/pull", 200)]


def test_a_snapshot_cut_short_starts_over_and_keeps_work_made_meanwhile(
    desk: Desk,
    second: Desk,
    network: FaultyNetwork,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_contacts(second.service, ["赵敏", "张无忌", "小昭"], 3700000000)
    second.sync.sync_once()
    add_contacts(desk.service, ["王小明"], 3800000000)
    refused = forge_cursor(desk.workspace)
    monkeypatch.setattr(sync_engine, "PULL_LIMIT", 2)
    # push, pull (410), snapshot page 1, then the network fails on page 2.
    network.plan = ["pass", "pass", "pass", "503"]
    with pytest.raises(ServerUnavailableError):
        desk.sync.sync_once()
    assert read_cursor(desk.workspace) == refused  # never a snapshot cursor as a pull cursor
    assert outbox.pending_count(desk.workspace) == 0

    made_meanwhile: list[str] = []

    def consultant_adds_a_contact(request: httpx.Request) -> None:
        # The UI's worker writes while the network worker is between snapshot pages.
        if request.url.path == "/sync/snapshot" and not made_meanwhile:
            made_meanwhile.extend(add_contacts(desk.service, ["周芷若"], 3600000000))

    network.before = consultant_adds_a_contact
    report = desk.sync.sync_once()
    assert report.rebuilt
    assert desk.names() == sorted(["王小明", "赵敏", "张无忌", "小昭", "周芷若"])
    assert outbox.pending_count(desk.workspace) == 1  # kept, and pushed next round
    network.before = None
    assert desk.sync.sync_once().pushed == 1
    assert len(desk.names()) == 5


def test_a_rebootstrap_drops_channels_the_server_lost_and_keeps_one_made_meanwhile(
    desk: Desk,
    network: FaultyNetwork,
    sessions: sessionmaker[Session],
    team: dict[str, User],
    clock: FakeClock,
) -> None:
    mine = ChannelService(desk.workspace)
    lost, lost_code = mine.create_channel(ChannelDraft(name="车展A"))
    desk.sync.sync_once()
    expo = channels.builtin_channel_id(team["wangfang"].showroom_id, "auto_show")
    with sessions() as session:
        # A manager archives the showroom's 车展 while this desk is away …
        channels.update_channel_now(
            session, team["wangfang"], expo, {"archived": True}, clock=clock
        )
        # … and the server is restored from a backup taken before 车展A was made.
        session.execute(delete(ChannelCode).where(ChannelCode.channel_id == uuid.UUID(lost)))
        session.execute(delete(Channel).where(Channel.id == uuid.UUID(lost)))
        session.commit()
    forge_cursor(desk.workspace)
    made: list[tuple[str, str]] = []

    def consultant_adds_a_channel(request: httpx.Request) -> None:
        # The UI's worker writes while the network worker is between snapshot pages.
        if request.url.path == "/sync/snapshot" and not made:
            made.append(mine.create_channel(ChannelDraft(name="抖音直播间")))

    network.before = consultant_adds_a_channel
    report = desk.sync.sync_once()

    assert report.rebuilt
    conn = desk.workspace.reader()
    channel_ids = {r[0] for r in conn.execute("SELECT id FROM channel")}
    code_ids = {r[0] for r in conn.execute("SELECT id FROM channel_code")}
    ((kept, kept_code),) = made
    assert lost not in channel_ids and lost_code not in code_ids
    assert kept in channel_ids and kept_code in code_ids  # still queued: kept
    assert str(expo) in channel_ids
    archived = conn.execute("SELECT archived_at FROM channel WHERE id = ?", (str(expo),))
    assert archived.fetchone()[0] is not None
    listed = {view.name for view in list_channels(conn, desk.workspace.consultant_id, "")}
    assert "车展A" not in listed and "抖音直播间" in listed
    network.before = None
    assert desk.sync.sync_once().pushed == 2  # the channel and its code
    token = conn.execute("SELECT token FROM channel_code WHERE id = ?", (kept_code,))
    assert token.fetchone()[0] is not None


# --- issue 3, proof 5: the client is killed mid-transaction ----------------------------------


@pytest.fixture
def live_server(settings: Settings, engine: Engine, clock: FakeClock) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, in a thread, on the test database."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(settings, clock=clock), log_level="warning")
    server = uvicorn.Server(config)
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
def live(live_server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server, timeout=30) as http:
        yield http


def run_killed_client(desk: Desk, url: str, kill_at: str) -> None:
    """Run the client process on `desk`'s data folder; it must die by SIGKILL."""
    desk.workspace.close()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.consultant_server.fault_client",
            str(desk.workspace.data_dir),
            url,
            desk.token,
            desk.device,
            kill_at,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == -9, done.stderr


def integrity(workspace: Workspace) -> str:
    with closing(sqlite3.connect(workspace.db_path)) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def reopen(desk: Desk, http: httpx.Client) -> SyncClient:
    """The app starting again after the crash: the same folder, device and token."""
    desk.workspace = open_workspace(desk.workspace.data_dir)
    return SyncClient(desk.workspace, http, desk.token, desk.device)


def test_a_client_killed_while_applying_a_pull_page_restarts_intact_and_converges(
    live: httpx.Client, live_server: str, team: dict[str, User], tmp_path: Path, engine: Engine
) -> None:
    other = Desk(live, tmp_path / "pc2", team["zhangwei"])
    theirs = ["赵敏", "张无忌", "小昭", "周芷若", "殷离", "杨不悔"]
    add_contacts(other.service, theirs, 3700000000)
    other.sync.sync_once()
    other.workspace.close()
    pc1 = Desk(live, tmp_path / "pc1", team["zhangwei"])
    add_contacts(pc1.service, ["王小明"], 3800000000)

    run_killed_client(pc1, live_server, "pull:5")

    sync = reopen(pc1, live)
    assert integrity(pc1.workspace) == "ok"
    assert outbox.pending_count(pc1.workspace) == 0  # its push committed before the pull
    partial = pc1.names()
    # The pages before the fifth, each whole and once; not the fifth, nor what follows.
    assert 2 <= len(partial) < 7 and len(set(partial)) == len(partial)
    sync.sync_once()
    assert integrity(pc1.workspace) == "ok"
    assert pc1.names() == sorted([*theirs, "王小明"])
    assert server_count(engine, Contact) == 7
    local_changes = pc1.workspace.reader().execute("SELECT count(*) FROM stage_change")
    assert local_changes.fetchone()[0] == 7
    pc1.workspace.close()


def test_a_client_killed_while_recording_a_push_restarts_intact_and_converges(
    live: httpx.Client, live_server: str, team: dict[str, User], tmp_path: Path, engine: Engine
) -> None:
    pc1 = Desk(live, tmp_path / "pc1", team["zhangwei"])
    names = ["王小明", "李雷", "韩梅梅", "林涛", "魏华"]
    add_contacts(pc1.service, names, 3800000000)

    run_killed_client(pc1, live_server, "push:2")  # batches of two: the second dies

    sync = reopen(pc1, live)
    assert integrity(pc1.workspace) == "ok"
    # Batch 1 was recorded; batch 2 was applied by the server but not recorded here.
    assert outbox.pending_count(pc1.workspace) == 3
    assert server_count(engine, Contact) == 4
    report = sync.sync_once()
    assert (report.pushed, report.rejected) == (3, 0)  # two answered from the ledger
    assert integrity(pc1.workspace) == "ok"
    assert outbox.pending_count(pc1.workspace) == 0
    assert pc1.names() == sorted(names)
    assert server_count(engine, Contact) == 5
    assert server_count(engine, AppliedMutation) == 5
    pc1.workspace.close()
