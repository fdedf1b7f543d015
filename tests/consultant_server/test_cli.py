"""The ``consultant-server`` command line: migrate, user add/deactivate, serve."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from consultant_server.cli import main
from consultant_server.core.db import head_revision
from consultant_server.models import AuthToken, Showroom, User
from tests.consultant_server.support import CHEAP_HASHING, TestClient, bearer, login

ROOT = Path(__file__).resolve().parents[2]
CHEAP_ENV = {f"SHOWROOM_SERVER_{k.upper()}": str(v) for k, v in CHEAP_HASHING.items()}


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in CHEAP_ENV.items():
        monkeypatch.setenv(name, value)


def run(*argv: str, stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), stdin=io.StringIO(stdin), stdout=out)
    return status, out.getvalue()


def add_user(database_url: str, username: str, password: str = "pass-word-1", **opts: str) -> int:
    args = {"display_name": "张伟", "role": "consultant", "showroom": "一号展厅", **opts}
    status, _ = run(
        "user",
        "add",
        username,
        "--display-name",
        args["display_name"],
        "--role",
        args["role"],
        "--showroom",
        args["showroom"],
        "--database-url",
        database_url,
        stdin=password + "\n",
    )
    return status


def test_migrate_creates_then_reports_the_schema(database_url: str) -> None:
    assert run("migrate", "--database-url", database_url) == (
        0,
        f"migrated the database from empty to revision {head_revision()}\n",
    )
    assert run("migrate", "--database-url", database_url) == (
        0,
        f"the database is already at revision {head_revision()}\n",
    )


def test_the_database_url_can_come_from_the_environment(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOWROOM_SERVER_DATABASE_URL", database_url)
    assert run("migrate")[0] == 0
    assert add_user(database_url, "zhangwei") == 0


def test_user_add_reads_the_password_from_stdin_and_stores_its_hash(
    engine: Engine, database_url: str, sessions: sessionmaker[Session]
) -> None:
    status, out = run(
        "user",
        "add",
        "ZhangWei",
        "--display-name",
        "张伟",
        "--role",
        "manager",
        "--showroom",
        "一号展厅",
        "--database-url",
        database_url,
        stdin="s3cret-pass\n",
    )
    assert (status, out) == (0, "added manager zhangwei (张伟) to 一号展厅\n")
    with sessions() as session:
        user = session.scalars(select(User)).one()
    assert (user.username, user.role, user.is_active) == ("zhangwei", "manager", True)
    assert user.password_hash.startswith("$argon2id$")
    assert "s3cret-pass" not in user.password_hash


def test_user_add_makes_a_showroom_once_and_reuses_it(
    engine: Engine, database_url: str, sessions: sessionmaker[Session]
) -> None:
    assert add_user(database_url, "zhangwei") == 0
    assert add_user(database_url, "wangfang", display_name="王芳") == 0
    assert add_user(database_url, "lina", showroom="二号展厅") == 0
    with sessions() as session:
        names = sorted(session.scalars(select(Showroom.name)))
        by_showroom = {u.username: u.showroom.name for u in session.scalars(select(User)).unique()}
    assert names == ["一号展厅", "二号展厅"]
    assert by_showroom == {"zhangwei": "一号展厅", "wangfang": "一号展厅", "lina": "二号展厅"}


def test_user_add_refuses_a_taken_username(
    engine: Engine, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add_user(database_url, "zhangwei") == 0
    assert add_user(database_url, "ZHANGWEI") == 1
    assert "the username 'zhangwei' is already taken" in capsys.readouterr().err


def test_user_add_without_a_password_on_stdin_fails(
    engine: Engine, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add_user(database_url, "zhangwei", password="") == 1
    assert "no password given on standard input" in capsys.readouterr().err


def test_user_add_refuses_a_short_password_and_a_bad_role(
    engine: Engine, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add_user(database_url, "zhangwei", password="short") == 1
    assert "password: 8 to 256 characters" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        add_user(database_url, "zhangwei", role="boss")
    assert exit_info.value.code == 2


def test_the_password_cannot_be_given_on_the_command_line(database_url: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run("user", "add", "zhangwei", "--password", "x", "--database-url", database_url)
    assert exit_info.value.code == 2


def test_user_deactivate_stops_the_users_tokens(
    client: TestClient, database_url: str, sessions: sessionmaker[Session]
) -> None:
    assert add_user(database_url, "zhangwei") == 0
    token = login(client, "zhangwei", password="pass-word-1")
    assert run("user", "deactivate", "zhangwei", "--database-url", database_url) == (
        0,
        "zhangwei is deactivated; their tokens no longer work\n",
    )
    assert client.get("/users/me", headers=bearer(token)).json()["error"] == "user_deactivated"
    with sessions() as session:
        assert session.scalars(select(AuthToken.revoked_at)).one() is not None
    assert run("user", "deactivate", "zhangwei", "--database-url", database_url)[0] == 0


def test_user_deactivate_of_an_unknown_user_fails(
    engine: Engine, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("user", "deactivate", "nobody", "--database-url", database_url)[0] == 1
    assert "no user named 'nobody'" in capsys.readouterr().err


def test_user_commands_on_an_unmigrated_database_say_to_migrate(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add_user(database_url, "zhangwei") == 1
    assert "run `consultant-server migrate`" in capsys.readouterr().err


def test_an_unsupported_database_url_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("migrate", "--database-url", "mysql://root@localhost/showroom")[0] == 1
    assert "only sqlite and postgresql are supported" in capsys.readouterr().err


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def cli(*args: str, stdin: str = "", timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "consultant_server", *args],
        input=stdin,
        cwd=ROOT,
        env={**os.environ, **CHEAP_ENV},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_the_installed_command_migrates_adds_a_user_and_serves(database_url: str) -> None:
    assert cli("migrate", "--database-url", database_url).returncode == 0
    added = cli(
        "user",
        "add",
        "zhangwei",
        "--display-name",
        "张伟",
        "--role",
        "consultant",
        "--showroom",
        "一号展厅",
        "--database-url",
        database_url,
        stdin="pass-word-1\n",
    )
    assert added.returncode == 0, added.stderr
    port = free_port()
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "consultant_server", "serve"),
            *("--port", str(port), "--database-url", database_url),
        ],
        cwd=ROOT,
        env={**os.environ, **CHEAP_ENV},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"{base}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.communicate()[0]
                assert time.monotonic() < deadline, "the server did not start in 30 s"
                time.sleep(0.05)
        assert health.json()["status"] == "ok"
        signed_in = httpx.post(
            f"{base}/auth/login",
            json={
                "username": "zhangwei",
                "password": "pass-word-1",
                "device_id": "0d3c5a52-1b7e-4f4e-9a4b-8f6f1f0c2d11",
                "client_version": "0.1.0",
            },
        )
        assert signed_in.status_code == 200
        token = signed_in.json()["token"]
        me = httpx.get(f"{base}/users/me", headers=bearer(token))
        assert me.json()["display_name"] == "张伟"
    finally:
        server.terminate()
        try:
            output = server.communicate(timeout=15)[0]
        except subprocess.TimeoutExpired:
            server.kill()
            output = server.communicate()[0]
    assert token not in output


def test_serve_refuses_an_unmigrated_database(database_url: str) -> None:
    result = cli("serve", "--port", str(free_port()), "--database-url", database_url)
    assert result.returncode == 1
    assert "run `consultant-server migrate`" in result.stderr
