"""The client's sync engine against the real server: two PCs of one consultant converge.

Real workspaces, the real `SyncClient`, the real app (FastAPI's test client) on SQLite and on
PostgreSQL when TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import Engine

from consultant_app.domain.activity import ActivityKind
from consultant_app.domain.contact import ContactDraft
from consultant_app.domain.stages import Stage, VisitDetails
from consultant_app.library.commands import LibraryService
from consultant_app.library.models import ScriptDraft
from consultant_app.services.contacts import ContactService
from consultant_app.store import queries
from consultant_app.store.database import LocalProfile, Workspace, open_workspace
from consultant_app.sync import outbox
from consultant_app.sync.engine import (
    ClientTooOldError,
    OfflineError,
    SignInRequiredError,
    SyncClient,
)
from consultant_app.sync.identity import OtherAccountError, ServerUser, adopt_identity
from consultant_server.core.config import Settings
from consultant_server.main import create_app
from consultant_server.models import User
from tests.consultant_server.support import FakeClock, TestClient, login


class Desk:
    """One PC: a workspace signed in as a server user, and its sync client."""

    def __init__(self, client: TestClient, folder: Path, user: User) -> None:
        self.workspace = open_workspace(folder, LocalProfile(user.username, user.display_name))
        adopt_identity(self.workspace, ServerUser(str(user.id), user.username, user.display_name))
        device = uuid.uuid4()
        token = login(client, user.username, device_id=device)
        self.sync = SyncClient(self.workspace, client, token, str(device))
        self.service = ContactService(self.workspace)

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


def test_one_consultant_on_two_pcs_converges(desks: tuple[Desk, Desk], clock: FakeClock) -> None:
    pc1, pc2 = desks
    contact_id = pc1.service.add_contact(
        ContactDraft(name="王小明", mobile="13812345678", models=("迈腾",), tags=("高意向",))
    )
    pc1.service.move_stage([contact_id], Stage.VISIT, VisitDetails(clock.now, 2))
    pc1.service.add_activity(contact_id, ActivityKind.CALL, "约了周六试驾")
    report = pc1.sync.sync_once()
    assert (report.pushed, report.rejected) == (3, 0)  # create (with its tag), move, call
    assert outbox.pending_count(pc1.workspace) == 0

    report = pc2.sync.sync_once()
    assert contact_id in report.contact_ids
    card = pc2.cards()["王小明"]
    assert (card.stage, card.models, [t.name for t in card.tags]) == (
        Stage.VISIT,
        ("迈腾",),
        ["高意向"],
    )
    pc2.service.update_contact(
        contact_id,
        ContactDraft(
            name="王小明",
            mobile="13812345678",
            models=("迈腾",),
            remark="想要白色",
            tags=("高意向",),
        ),
    )
    pc2.sync.sync_once()
    pc1.sync.sync_once()
    detail = queries.contact_detail(pc1.workspace.reader(), contact_id)
    assert detail.remark == "想要白色"
    assert len(queries.timeline(pc1.workspace.reader(), contact_id)) == len(
        queries.timeline(pc2.workspace.reader(), contact_id)
    )


def test_offline_keeps_the_queue_and_the_next_round_drains_it(
    desks: tuple[Desk, Desk], client: TestClient
) -> None:
    pc1, _ = desks
    pc1.service.quick_add("王芳", "13900001111")
    dead = httpx.Client(base_url="http://127.0.0.1:9", timeout=0.5)
    offline = SyncClient(pc1.workspace, dead, pc1.sync.token, pc1.sync.device_id)
    with pytest.raises(OfflineError):
        offline.sync_once()
    assert outbox.pending_count(pc1.workspace) == 1
    assert pc1.sync.sync_once().pushed == 1
    assert outbox.pending_count(pc1.workspace) == 0


def test_an_old_client_is_told_to_update_and_keeps_its_queue(desks: tuple[Desk, Desk]) -> None:
    pc1, _ = desks
    pc1.service.quick_add("王芳", "13900001111")
    pc1.sync.client_version = "0.0.1"
    with pytest.raises(ClientTooOldError) as raised:
        pc1.sync.sync_once()
    assert raised.value.minimum
    assert outbox.pending_count(pc1.workspace) == 1


def test_a_revoked_token_asks_for_sign_in(desks: tuple[Desk, Desk], client: TestClient) -> None:
    pc1, _ = desks
    client.post("/auth/logout", headers={"Authorization": f"Bearer {pc1.sync.token}"})
    with pytest.raises(SignInRequiredError):
        pc1.sync.sync_once()


def test_a_workspace_never_changes_hands_between_accounts(
    desks: tuple[Desk, Desk], team: dict[str, User]
) -> None:
    pc1, _ = desks
    other = team["lina"]
    with pytest.raises(OtherAccountError):
        adopt_identity(pc1.workspace, ServerUser(str(other.id), other.username, "李娜"))


def test_what_was_made_before_the_first_sign_in_becomes_the_users(
    client: TestClient, team: dict[str, User], tmp_path: Path
) -> None:
    workspace: Workspace = open_workspace(tmp_path / "offline-first")
    try:
        ContactService(workspace).quick_add("赵敏", "13600003333")
        user = team["zhangwei"]
        adopt_identity(workspace, ServerUser(str(user.id), user.username, user.display_name))
        token = login(client, user.username, device_id=(device := uuid.uuid4()))
        report = SyncClient(workspace, client, token, str(device)).sync_once()
        assert (report.pushed, report.rejected) == (1, 0)
        (card,) = queries.load_cards(workspace.reader(), str(user.id))
        assert card.name == "赵敏"
    finally:
        workspace.close()


def test_a_concurrent_edit_that_lost_shows_in_both_desks_timelines(
    desks: tuple[Desk, Desk],
) -> None:
    pc1, pc2 = desks
    draft = ContactDraft(name="周女士", mobile="13812340000", remark="看迈腾")
    contact_id = pc1.service.add_contact(draft)
    pc1.sync.sync_once()
    pc2.sync.sync_once()
    # Both PCs edit the remark offline; pc1's edit reaches the server first, pc2's later.
    pc1.service.update_contact(contact_id, replace(draft, remark="要白色"))
    pc2.service.update_contact(contact_id, replace(draft, remark="要黑色"))
    pc1.sync.sync_once()
    pc2.sync.sync_once()
    pc1.sync.sync_once()
    for pc in (pc1, pc2):
        conn = pc.workspace.reader()
        assert queries.contact_detail(conn, contact_id).remark == "要黑色"
        [conflict] = [
            e for e in queries.timeline(conn, contact_id) if isinstance(e, queries.ConflictEvent)
        ]
        assert (conflict.field, conflict.lost, conflict.kept) == ("remark", "要白色", "要黑色")
        assert conflict.by == "张伟"


# --- pushes the server's body limit allows -----------------------------------------------------


def long_scripts(desk: Desk, count: int) -> list[str]:
    """Personal scripts of 20,000 characters (the most a script may hold): 60 kB each."""
    library = LibraryService(desk.workspace)
    return [library.create_script(ScriptDraft(f"长话术{n}", "长" * 20_000)) for n in range(count)]


def test_long_scripts_written_offline_go_out_in_pushes_the_server_takes(
    desks: tuple[Desk, Desk],
) -> None:
    pc1, pc2 = desks
    made = long_scripts(pc1, 20)  # 1.2 MB: over the server's 1 MiB body limit in one push
    pc1.service.quick_add("王小明", "13812345678")

    report = pc1.sync.sync_once()

    assert (report.pushed, report.rejected) == (21, 0)
    assert outbox.pending_count(pc1.workspace) == 0
    pc2.sync.sync_once()
    synced = pc2.workspace.reader().execute("SELECT id FROM material ORDER BY created_at, title")
    assert sorted(r[0] for r in synced) == sorted(made)
    assert list(pc2.cards()) == ["王小明"]


def test_a_server_taking_smaller_bodies_gets_smaller_pushes_in_order(
    settings: Settings, engine: Engine, team: dict[str, User], clock: FakeClock, tmp_path: Path
) -> None:
    small = settings.model_copy(update={"max_body_bytes": 150_000})
    with TestClient(create_app(small, clock=clock)) as client:
        desk = Desk(client, tmp_path / "pc", team["zhangwei"])
        cid = desk.service.quick_add("王小明", "13812345678")
        long_scripts(desk, 6)
        desk.service.add_activity(cid, ActivityKind.NOTE, "约了周六试驾")

        report = desk.sync.sync_once()

        assert (report.pushed, report.rejected) == (8, 0)
        assert outbox.pending_count(desk.workspace) == 0
        desk.workspace.close()
