"""The material library end to end: the server publishes, desks sync, search and fetch files.

Real workspaces, the real `SyncClient`, `LibraryService`, search and file cache, against the
real app on SQLite (and PostgreSQL when TEST_DATABASE_URL is set).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from consultant_app.library import files, queries
from consultant_app.library.cache import FileCache, HashMismatchError
from consultant_app.library.commands import LibraryService
from consultant_app.library.models import ScriptDraft, UsageAction
from consultant_app.library.search import search
from consultant_app.store.database import LocalProfile, open_workspace
from consultant_app.sync import outbox
from consultant_app.sync.engine import OfflineError, SyncClient
from consultant_app.sync.identity import ServerUser, adopt_identity
from consultant_server.models import LogCounter, ServerState, User
from consultant_server.services import materials
from tests.consultant_server.material_support import pdf, png, publish, upload
from tests.consultant_server.support import FakeClock, TestClient, bearer, login

Sessions = sessionmaker[Session]


class Desk:
    """One PC: a workspace signed in as a server user, its sync client and library."""

    def __init__(self, client: TestClient, folder: Path, user: User) -> None:
        self.workspace = open_workspace(folder, LocalProfile(user.username, user.display_name))
        adopt_identity(self.workspace, ServerUser(str(user.id), user.username, user.display_name))
        device = uuid.uuid4()
        self.token = login(client, user.username, device_id=device)
        self.http = client
        self.sync = SyncClient(self.workspace, client, self.token, str(device))
        self.library = LibraryService(self.workspace)
        self.cache = FileCache(folder / "library-files")

    @property
    def conn(self) -> sqlite3.Connection:
        return self.workspace.reader()

    def found(self, query: str) -> list[str]:
        return [hit.title.text for hit in search(self.conn, query).hits]


@pytest.fixture
def desks(client: TestClient, team: dict[str, User], tmp_path: Path) -> Iterator[dict[str, Desk]]:
    made = {
        "pc1": Desk(client, tmp_path / "pc1", team["zhangwei"]),
        "pc2": Desk(client, tmp_path / "pc2", team["zhangwei"]),
        "lina": Desk(client, tmp_path / "lina", team["lina"]),
        "boss": Desk(client, tmp_path / "boss", team["wangfang"]),
    }
    yield made
    for desk in made.values():
        desk.workspace.close()


@pytest.fixture
def manager(client: TestClient, team: dict[str, User]) -> dict[str, str]:
    return bearer(login(client, "wangfang"))


def test_a_published_material_is_found_on_the_desk_after_a_sync_and_gone_once_retired(
    desks: dict[str, Desk], client: TestClient, manager: dict[str, str]
) -> None:
    desk = desks["pc1"]
    published = publish(
        client,
        manager,
        title="迈腾油耗多少？",
        body="综合油耗 6.2 升/百公里",
        category_path=["车型资料", "迈腾"],
        models=["迈腾"],
    )
    assert desk.found("迈腾") == []
    desk.sync.sync_once()
    for query in ("迈腾", "maiteng", "mt", "油耗"):
        assert desk.found(query) == ["迈腾油耗多少？"], query
    detail = queries.material(desk.conn, published["id"])
    assert detail.category_path == ("车型资料", "迈腾") and not detail.editable
    client.delete(f"/materials/{published['id']}", headers=manager)
    desk.sync.sync_once()
    assert desk.found("迈腾") == []
    assert queries.recents(desk.conn) == []


def test_a_script_written_offline_reaches_the_consultants_other_desk_and_no_one_else(
    desks: dict[str, Desk],
) -> None:
    pc1, pc2, lina, boss = desks["pc1"], desks["pc2"], desks["lina"], desks["boss"]
    script_id = pc1.library.create_script(
        ScriptDraft("置换补贴话术", "旧车置换可享 5000 元补贴", tags=("置换",))
    )
    assert pc1.found("置换") == ["置换补贴话术"]  # offline: at once, on this desk
    assert outbox.pending_count(pc1.workspace) == 1
    report = pc1.sync.sync_once()
    assert (report.pushed, report.rejected) == (1, 0)
    for desk in (pc2, lina, boss):
        desk.sync.sync_once()
    assert pc2.found("置换") == ["置换补贴话术"]
    assert queries.material(pc2.conn, script_id).editable
    assert lina.found("置换") == [] and boss.found("置换") == []
    pc2.library.update_script(script_id, ScriptDraft("置换补贴话术", "旧车置换补贴 8000 元"))
    pc2.sync.sync_once()
    pc1.sync.sync_once()
    assert queries.material(pc1.conn, script_id).body == "旧车置换补贴 8000 元"
    pc1.library.delete_script(script_id)
    pc1.sync.sync_once()
    pc2.sync.sync_once()
    assert pc2.found("置换") == []


def test_copies_and_sends_on_the_desk_reach_the_managers_statistics(
    desks: dict[str, Desk], client: TestClient, manager: dict[str, str]
) -> None:
    desk = desks["pc1"]
    published = publish(client, manager, title="金融政策")
    desk.sync.sync_once()
    desk.library.record_use(published["id"], UsageAction.COPY)
    desk.library.record_use(published["id"], UsageAction.SEND)
    desk.sync.sync_once()
    assert outbox.pending_count(desk.workspace) == 0
    (row,) = client.get("/stats/materials", headers=manager).json()["rows"]
    assert (row["copies"], row["sends"], row["users"]) == (1, 1, 1)


def test_a_file_is_downloaded_on_demand_into_the_cache_and_then_served_offline(
    desks: dict[str, Desk], client: TestClient, manager: dict[str, str]
) -> None:
    desk = desks["pc1"]
    poster = png("purple", 64)
    digest = upload(client, manager, poster, "image/png")
    publish(client, manager, kind="image", title="迈腾海报", body="", file_hash=digest)
    desk.sync.sync_once()
    (hit,) = search(desk.conn, "海报").hits
    detail = queries.material(desk.conn, hit.id)
    assert (detail.file_hash, detail.file_size, detail.mime_type) == (
        digest,
        len(poster),
        "image/png",
    )
    assert digest not in desk.cache
    progress: list[tuple[int, int | None]] = []
    path = files.fetch(
        desk.cache, desk.http, desk.token, digest, on_progress=lambda *p: progress.append(p)
    )
    assert path.read_bytes() == poster
    assert progress[-1] == (len(poster), len(poster))
    # Offline now: the cache serves it without asking the server.
    broken = httpx.Client(base_url="http://127.0.0.1:9", transport=httpx.HTTPTransport(retries=0))
    assert files.fetch(desk.cache, broken, desk.token, digest) == path
    other = upload(client, manager, pdf(), "application/pdf")
    with pytest.raises(OfflineError):
        files.fetch(desk.cache, broken, desk.token, other)
    broken.close()


def test_a_file_the_desks_showroom_may_not_read_is_unavailable_and_nothing_is_cached(
    desks: dict[str, Desk], client: TestClient
) -> None:
    desk = desks["pc1"]
    with pytest.raises(files.FileUnavailableError):
        files.fetch(desk.cache, desk.http, desk.token, "ab" * 32)
    assert desk.cache.usage().files == 0


def test_bytes_that_are_not_the_file_asked_for_are_not_cached(
    desks: dict[str, Desk], client: TestClient, manager: dict[str, str]
) -> None:
    desk = desks["pc1"]
    digest = upload(client, manager, png(), "image/png")

    def tampered(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"\x89PNG not the poster")

    liar = httpx.Client(base_url="http://server", transport=httpx.MockTransport(tampered))
    with pytest.raises(HashMismatchError):
        files.fetch(desk.cache, liar, desk.token, digest)
    assert digest not in desk.cache
    liar.close()


def test_a_rebootstrap_drops_materials_the_server_no_longer_has_and_keeps_unsent_scripts(
    desks: dict[str, Desk],
    client: TestClient,
    manager: dict[str, str],
    sessions: Sessions,
    team: dict[str, User],
    clock: FakeClock,
) -> None:
    desk = desks["pc1"]
    kept = publish(client, manager, title="保留的资料")
    gone = publish(client, manager, title="下架的资料", category_path=["旧分类"])
    desk.sync.sync_once()
    with sessions() as session:
        materials.retire_now(session, team["wangfang"], uuid.UUID(gone["id"]), clock=clock)
        category = materials.live_category(
            session, team["wangfang"].showroom_id, uuid.UUID(gone["category_id"])
        )
        with materials.change_transaction(session, clock=clock) as changes:
            materials.delete_category(session, changes, team["wangfang"], category.id, clock())
        # The desk was away longer than the log is kept.
        mark = session.query(LogCounter.value).scalar()
        session.execute(update(ServerState).values(min_retained_seq=mark))
        session.commit()
    unsent = desk.library.create_script(ScriptDraft("离线写的话术", "还没同步"))
    report = desk.sync.sync_once()
    assert report.rebuilt and report.pushed == 1
    titles = {row[0] for row in desk.conn.execute("SELECT title FROM material")}
    assert titles == {"保留的资料", "离线写的话术"}
    assert desk.conn.execute("SELECT count(*) FROM material_category").fetchone()[0] == 0
    assert desk.found("资料") == ["保留的资料"]
    assert queries.material(desk.conn, unsent).editable
    assert kept["id"] != unsent


def test_the_demo_desks_library_is_filled_by_its_first_sync(tmp_path: Path) -> None:
    from consultant_app.sync.desk import DeskLink
    from consultant_server.demo import DEMO_PASSWORD, DEMO_USER, prepare_demo_server
    from consultant_server.demo_library import DEMO_MATERIALS
    from consultant_server.main import create_app
    from tests.consultant_app.sync.test_account import MemoryKeyring

    settings = prepare_demo_server(tmp_path / "server", 3)
    with TestClient(create_app(settings)) as http:
        found: dict[str, dict[str, str]] = {}
        for username in (DEMO_USER, "wangfang"):
            workspace = open_workspace(tmp_path / username, LocalProfile(username, username))
            link = DeskLink(
                workspace, "http://testserver", keyring_backend=MemoryKeyring(), http=http
            )
            assert [h.title.text for h in search(workspace.reader(), "迈腾").hits] == []
            token = link.sign_in(username, DEMO_PASSWORD).token
            assert link.loop is not None
            link.loop.run_round()
            conn = workspace.reader()
            found[username] = {
                row[0]: row[1] for row in conn.execute("SELECT title, kind FROM material")
            }
            if username == DEMO_USER:
                assert "迈腾 330TSI 油耗多少？" in [
                    h.title.text for h in search(conn, "maiteng youhao").hits
                ]
                poster = conn.execute(
                    "SELECT file_hash FROM material WHERE kind = 'image'"
                ).fetchone()[0]
                cache = FileCache(tmp_path / "cache")
                assert files.fetch(cache, http, token, poster).read_bytes().startswith(b"\x89PNG")
            workspace.close()
    company = {m.title: m.kind for m in DEMO_MATERIALS}
    mine = found[DEMO_USER]
    assert {t: k for t, k in mine.items() if t in company} == company
    assert {"qa", "script", "article", "image", "document"} <= set(mine.values())
    assert "我的开场白" in mine  # the demo consultant's own script, on their desk only
    assert "我的开场白" not in found["wangfang"]
    assert set(found["wangfang"]) == set(mine) - {"我的开场白"}
