"""A desk's sign-in, token, sync loop and sign-out against the real server, and the demo server.

Real workspaces and the real app (FastAPI's test client) on SQLite and PostgreSQL; the token
store uses an in-memory keyring backend (no OS keyring runs here).
"""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from consultant_app.domain.activity import ActivityKind
from consultant_app.domain.contact import MAX_REMARK
from consultant_app.services.contacts import ContactService
from consultant_app.store import queries
from consultant_app.store.database import LocalProfile, open_workspace
from consultant_app.sync import outbox
from consultant_app.sync.account import DeviceTakenError, WrongCredentialsError, sign_in
from consultant_app.sync.desk import DeskLink
from consultant_app.sync.identity import OtherAccountError
from consultant_app.sync.loop import SyncState
from consultant_server.models import AuthToken, User
from tests.consultant_app.sync.test_account import MemoryKeyring
from tests.consultant_server.support import PASSWORD, TestClient, bearer

URL = "http://testserver"


def desk(client: TestClient, folder: Path, ring: MemoryKeyring | None = None) -> DeskLink:
    workspace = open_workspace(folder, LocalProfile("local", "本机"))
    return DeskLink(workspace, URL, keyring_backend=ring or MemoryKeyring(), http=client)


def test_a_wrong_password_is_refused_and_changes_nothing(
    client: TestClient, team: dict[str, User], tmp_path: Path
) -> None:
    link = desk(client, tmp_path)
    before = link.workspace.consultant_id
    with pytest.raises(WrongCredentialsError):
        link.sign_in("zhangwei", "not-the-password")
    assert not link.signed_in
    assert link.tokens.load() is None
    assert link.workspace.consultant_id == before
    link.workspace.close()


def test_signing_in_keeps_the_token_and_a_new_session_syncs_with_it(
    client: TestClient, team: dict[str, User], tmp_path: Path
) -> None:
    ring = MemoryKeyring()
    link = desk(client, tmp_path, ring)
    result = link.sign_in("zhangwei", PASSWORD)
    assert result.user.display_name == team["zhangwei"].display_name
    assert link.workspace.consultant_id == str(team["zhangwei"].id)
    ContactService(link.workspace).quick_add("王先生", "13800138000")
    assert link.loop is not None
    status = link.loop.run_round()
    assert status.state is SyncState.SYNCED and status.pending == 0
    link.workspace.close()

    # The app restarts: the token comes back from the keyring, no sign-in needed.
    again = desk(client, tmp_path, ring)
    assert again.signed_in
    assert again.loop is not None and again.loop.run_round().state is SyncState.SYNCED
    again.workspace.close()


def test_signing_out_revokes_the_token_on_the_server_and_keeps_the_queue(
    client: TestClient, team: dict[str, User], tmp_path: Path
) -> None:
    link = desk(client, tmp_path)
    token = link.sign_in("zhangwei", PASSWORD).token
    ContactService(link.workspace).quick_add("李女士", "13900139000")
    assert link.sign_out()
    assert client.get("/users/me", headers=bearer(token)).status_code == 401
    assert link.tokens.load() is None and not link.signed_in
    assert outbox.pending_count(link.workspace) == 1  # sent after the next sign-in
    link.sign_in("zhangwei", PASSWORD)
    assert link.loop is not None and link.loop.run_round().pending == 0
    link.workspace.close()


def test_a_data_folder_of_another_account_is_never_taken_over(
    client: TestClient, team: dict[str, User], tmp_path: Path, engine: Engine
) -> None:
    link = desk(client, tmp_path)
    link.sign_in("zhangwei", PASSWORD)
    # The server knows this device as zhangwei's.
    with pytest.raises(DeviceTakenError):
        sign_in(link.workspace, client, "lina", PASSWORD)
    # Under a new device id the server lets lina in, but the folder refuses her, and the
    # token the server just issued is revoked again.
    with sqlite3.connect(link.workspace.db_path) as conn:
        conn.execute("DELETE FROM local_state WHERE key = 'device_id'")
    with pytest.raises(OtherAccountError):
        sign_in(link.workspace, client, "lina", PASSWORD)
    assert link.workspace.consultant_id == str(team["zhangwei"].id)
    with engine.connect() as conn:
        live = conn.execute(
            select(AuthToken.id).where(
                AuthToken.user_id == team["lina"].id, AuthToken.revoked_at.is_(None)
            )
        ).all()
    assert live == []
    link.workspace.close()


def test_refused_changes_name_the_customer_and_can_be_dismissed(
    client: TestClient, team: dict[str, User], tmp_path: Path
) -> None:
    link = desk(client, tmp_path)
    link.sign_in("zhangwei", PASSWORD)
    service = ContactService(link.workspace)
    contact_id = service.quick_add("赵先生", "13700137000")
    assert link.loop is not None
    link.loop.run_round()
    # A note the server refuses (a client of another version let an over-long one through).
    service.add_activity(contact_id, ActivityKind.NOTE, "回访")
    with sqlite3.connect(link.workspace.db_path) as conn:
        conn.execute(
            "UPDATE outbox SET payload_json = json_set(payload_json, '$.body', ?)"
            " WHERE kind = 'activity.add'",
            ("长" * (MAX_REMARK + 1),),
        )
    status = link.loop.run_round()
    assert status.rejected == 1
    [refused] = link.rejected()
    assert refused.contact_name == "赵先生" and refused.kind == "activity.add" and refused.reason
    link.dismiss_rejected([refused.mutation_id])
    assert link.rejected() == []
    link.workspace.close()


def test_the_demo_server_signs_in_demo_accounts_and_serves_their_customers(
    tmp_path: Path,
) -> None:
    from consultant_server.demo import DEMO_PASSWORD, DEMO_USER, prepare_demo_server
    from consultant_server.main import create_app

    settings = prepare_demo_server(tmp_path / "server", 30)
    # A second start finds the accounts and adds nobody twice.
    prepare_demo_server(tmp_path / "server", 30)
    with TestClient(create_app(settings)) as http:
        workspace = open_workspace(tmp_path / "desk", LocalProfile("liming", "李明"))
        link = DeskLink(workspace, URL, keyring_backend=MemoryKeyring(), http=http)
        link.sign_in(DEMO_USER, DEMO_PASSWORD)
        assert link.loop is not None
        status = link.loop.run_round()
        assert status.state is SyncState.SYNCED
        cards = queries.load_cards(workspace.reader(), workspace.consultant_id)
        assert len(cards) == 30
        timeline = queries.timeline(workspace.reader(), cards[0].id)
        assert timeline, "each customer arrives with its history"
        assert not (tmp_path / "server" / f"seed-{DEMO_USER}").exists()
        workspace.close()


def test_two_desks_of_the_demo_account_converge(tmp_path: Path) -> None:
    from consultant_server.demo import DEMO_PASSWORD, DEMO_USER, prepare_demo_server
    from consultant_server.main import create_app

    settings = prepare_demo_server(tmp_path / "server", 5)
    with TestClient(create_app(settings)) as http:
        links = []
        for name in ("pc1", "pc2"):
            workspace = open_workspace(tmp_path / name, LocalProfile("liming", "李明"))
            link = DeskLink(workspace, URL, keyring_backend=MemoryKeyring(), http=http)
            link.sign_in(DEMO_USER, DEMO_PASSWORD)
            links.append(link)
        ContactService(links[0].workspace).quick_add("新客户" + uuid.uuid4().hex[:4], "13600136000")
        for link in (*links, *links):
            assert link.loop is not None
            link.loop.run_round()
        names = [
            sorted(
                c.name
                for c in queries.load_cards(li.workspace.reader(), li.workspace.consultant_id)
            )
            for li in links
        ]
        assert names[0] == names[1] and len(names[0]) == 6
        for link in links:
            link.workspace.close()
