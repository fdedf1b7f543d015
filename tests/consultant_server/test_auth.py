"""Signing in and out, token lifetime and revocation, and what the database keeps of secrets."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from consultant_server.core.config import Settings
from consultant_server.core.security import Passwords
from consultant_server.models import AuthToken, Device, Role, User
from consultant_server.services import accounts
from tests.consultant_server.conftest import MakeUser
from tests.consultant_server.support import (
    PASSWORD,
    FakeClock,
    TestClient,
    all_rows_text,
    bearer,
    login,
)


def test_login_returns_a_token_its_expiry_and_the_user(
    client: TestClient, make_user: MakeUser, clock: FakeClock
) -> None:
    user = make_user("ZhangWei", display_name="张伟")
    response = client.post(
        "/auth/login",
        json={
            "username": "zhangwei",
            "password": PASSWORD,
            "device_id": str(uuid.uuid4()),
            "client_version": "0.1.0",
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert len(body["token"]) >= 43
    assert body["token_type"] == "bearer"
    assert datetime.fromisoformat(body["expires_at"]) == clock.now + timedelta(days=30)
    assert body["min_client_version"] == "0.1.0"
    assert body["user"] == {
        "id": str(user.id),
        "username": "zhangwei",
        "display_name": "张伟",
        "role": "consultant",
        "showroom_id": str(user.showroom_id),
        "showroom_name": "一号展厅",
        "is_active": True,
    }
    me = client.get("/users/me", headers=bearer(body["token"]))
    assert me.status_code == 200
    assert me.json() == body["user"]


def test_a_wrong_password_and_an_unknown_user_get_the_same_401(
    client: TestClient, make_user: MakeUser
) -> None:
    make_user("zhangwei")
    wrong = client.post(
        "/auth/login",
        json={
            "username": "zhangwei",
            "password": "not-the-password",
            "device_id": str(uuid.uuid4()),
            "client_version": "0.1.0",
        },
    )
    unknown = client.post(
        "/auth/login",
        json={
            "username": "nobody",
            "password": "not-the-password",
            "device_id": str(uuid.uuid4()),
            "client_version": "0.1.0",
        },
    )
    assert wrong.status_code == unknown.status_code == 401
    assert (
        wrong.json()
        == unknown.json()
        == {
            "error": "invalid_credentials",
            "message": "wrong username or password",
        }
    )


def test_a_failed_login_stores_no_token_and_no_device(
    client: TestClient, make_user: MakeUser, sessions: sessionmaker[Session]
) -> None:
    make_user("zhangwei")
    for username in ("zhangwei", "nobody"):
        response = client.post(
            "/auth/login",
            json={
                "username": username,
                "password": "not-the-password",
                "device_id": str(uuid.uuid4()),
                "client_version": "0.1.0",
            },
        )
        assert response.status_code == 401
    with sessions() as session:
        assert session.scalars(select(AuthToken)).all() == []
        assert session.scalars(select(Device)).all() == []


def test_a_token_expires_after_its_lifetime(
    client: TestClient, make_user: MakeUser, clock: FakeClock, settings: Settings
) -> None:
    make_user("zhangwei")
    token = login(client, "zhangwei")
    clock.advance(days=settings.token_ttl_days, seconds=-1)
    assert client.get("/users/me", headers=bearer(token)).status_code == 200
    clock.advance(seconds=1)
    response = client.get("/users/me", headers=bearer(token))
    assert response.status_code == 401
    assert response.json()["error"] == "token_expired"
    assert response.headers["www-authenticate"] == "Bearer"


def test_logout_revokes_the_token_at_once(client: TestClient, make_user: MakeUser) -> None:
    make_user("zhangwei")
    token = login(client, "zhangwei")
    other_device = login(client, "zhangwei")
    assert client.post("/auth/logout", headers=bearer(token)).status_code == 204
    response = client.get("/users/me", headers=bearer(token))
    assert response.status_code == 401
    assert response.json()["error"] == "token_revoked"
    assert client.post("/auth/logout", headers=bearer(token)).status_code == 401
    assert client.get("/users/me", headers=bearer(other_device)).status_code == 200


def test_signing_in_again_on_a_device_revokes_its_older_token(
    client: TestClient, make_user: MakeUser
) -> None:
    make_user("zhangwei")
    device = uuid.uuid4()
    first = login(client, "zhangwei", device_id=device)
    second = login(client, "zhangwei", device_id=device)
    assert client.get("/users/me", headers=bearer(first)).json()["error"] == "token_revoked"
    assert client.get("/users/me", headers=bearer(second)).status_code == 200


def test_a_device_of_one_user_cannot_sign_in_another(
    client: TestClient, make_user: MakeUser, sessions: sessionmaker[Session]
) -> None:
    make_user("zhangwei")
    make_user("wangfang", display_name="王芳")
    device = uuid.uuid4()
    login(client, "zhangwei", device_id=device)
    response = client.post(
        "/auth/login",
        json={
            "username": "wangfang",
            "password": PASSWORD,
            "device_id": str(device),
            "client_version": "0.1.0",
        },
    )
    assert response.status_code == 409
    assert response.json()["error"] == "device_in_use"
    with sessions() as session:
        wang = session.scalars(select(User).where(User.username == "wangfang")).one()
        assert session.scalars(select(AuthToken).where(AuthToken.user_id == wang.id)).all() == []


def test_login_records_the_device_and_its_client_version(
    client: TestClient, make_user: MakeUser, sessions: sessionmaker[Session], clock: FakeClock
) -> None:
    user = make_user("zhangwei")
    device = uuid.uuid4()
    login(client, "zhangwei", device_id=device, client_version="0.1.0")
    clock.advance(hours=1)
    login(client, "zhangwei", device_id=device, client_version="0.2.0")
    with sessions() as session:
        row = session.get_one(Device, device)
    assert (row.user_id, row.client_version, row.last_seen_at) == (user.id, "0.2.0", clock.now)
    assert row.last_applied_client_seq == 0


def test_login_refuses_a_malformed_client_version(client: TestClient, make_user: MakeUser) -> None:
    make_user("zhangwei")
    response = client.post(
        "/auth/login",
        json={
            "username": "zhangwei",
            "password": PASSWORD,
            "device_id": str(uuid.uuid4()),
            "client_version": "latest",
        },
    )
    assert response.status_code == 422
    assert response.json()["fields"] == {"client_version": "a version such as 0.1.0"}


def test_deactivating_a_user_stops_their_existing_tokens_at_once(
    client: TestClient, make_user: MakeUser, sessions: sessionmaker[Session], clock: FakeClock
) -> None:
    user = make_user("zhangwei")
    make_user("wangfang", display_name="王芳")
    laptop, desktop = login(client, "zhangwei"), login(client, "zhangwei")
    colleague = login(client, "wangfang")
    with sessions() as session:
        accounts.deactivate_user(session, "zhangwei", clock=clock)
    for token in (laptop, desktop):
        response = client.get("/users/me", headers=bearer(token))
        assert response.status_code == 401
        assert response.json() == {
            "error": "user_deactivated",
            "message": "this account has been deactivated; ask your manager",
        }
    with sessions() as session:
        revoked = session.scalars(
            select(AuthToken.revoked_at).where(AuthToken.user_id == user.id)
        ).all()
    assert revoked == [clock.now, clock.now]
    assert client.get("/users/me", headers=bearer(colleague)).status_code == 200
    again = client.post(
        "/auth/login",
        json={
            "username": "zhangwei",
            "password": PASSWORD,
            "device_id": str(uuid.uuid4()),
            "client_version": "0.1.0",
        },
    )
    assert again.status_code == 401
    assert again.json()["error"] == "user_deactivated"


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({}, "not_authenticated"),
        ({"Authorization": "Basic emhhbmd3ZWk6cGFzc3dvcmQ="}, "not_authenticated"),
        ({"Authorization": "Bearer"}, "not_authenticated"),
        ({"Authorization": "Bearer not-a-token-we-issued"}, "token_invalid"),
    ],
)
def test_requests_without_a_live_token_get_a_clear_401(
    client: TestClient, headers: dict[str, str], code: str
) -> None:
    response = client.get("/users/me", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == code
    assert response.json()["message"]


def test_users_me_answers_with_the_token_owner_only(
    client: TestClient, make_user: MakeUser
) -> None:
    zhang = make_user("zhangwei", display_name="张伟")
    li = make_user("lina", display_name="李娜", role=Role.MANAGER, showroom="二号展厅")
    zhang_token, li_token = login(client, "zhangwei"), login(client, "lina")
    assert client.get("/users/me", headers=bearer(zhang_token)).json()["id"] == str(zhang.id)
    assert client.get("/users/me", headers=bearer(li_token)).json()["id"] == str(li.id)
    # Nothing in the request can name another user: the token alone decides.
    tricks = client.get(
        "/users/me",
        params={"user_id": str(li.id), "username": "lina"},
        headers={**bearer(zhang_token), "X-User-Id": str(li.id)},
    )
    assert tricks.json()["id"] == str(zhang.id)
    assert client.get(f"/users/{li.id}", headers=bearer(zhang_token)).status_code == 404


def test_passwords_are_stored_as_argon2id_hashes(
    make_user: MakeUser, sessions: sessionmaker[Session], passwords: Passwords
) -> None:
    make_user("zhangwei", password="my-secret-pass")
    with sessions() as session:
        stored = session.scalars(select(User.password_hash)).one()
    assert stored.startswith("$argon2id$")
    assert "my-secret-pass" not in stored
    assert passwords.verify(stored, "my-secret-pass")
    assert not passwords.verify(stored, "my-secret-pasS")


def test_tokens_are_stored_only_as_their_sha256(
    client: TestClient, make_user: MakeUser, engine: Engine, database_url: str
) -> None:
    make_user("zhangwei")
    token = login(client, "zhangwei")
    with engine.connect() as conn:
        stored = conn.scalars(select(AuthToken.token_hash)).one()
    assert stored == hashlib.sha256(token.encode()).hexdigest()
    assert token not in all_rows_text(engine)
    if engine.dialect.name == "sqlite":
        path = Path(database_url.removeprefix("sqlite:///"))
        for file in (path, path.with_name(path.name + "-wal")):
            if file.exists():
                assert token.encode() not in file.read_bytes()


def test_a_hash_made_with_older_parameters_is_upgraded_at_login(
    client: TestClient, sessions: sessionmaker[Session], clock: FakeClock
) -> None:
    weaker = Passwords(time_cost=1, memory_kib=512, parallelism=1)
    with sessions() as session:
        accounts.create_user(
            session,
            username="zhangwei",
            display_name="张伟",
            role=Role.CONSULTANT,
            showroom_name="一号展厅",
            password=PASSWORD,
            passwords=weaker,
            clock=clock,
        )
    login(client, "zhangwei")
    with sessions() as session:
        stored = session.scalars(select(User.password_hash)).one()
    assert "m=1024," in stored
    login(client, "zhangwei")


def test_the_default_hashing_cost_is_the_rfc_9106_low_memory_profile() -> None:
    stored = Passwords.from_settings(Settings(database_url="sqlite:///unused.db")).hash("x" * 8)
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
