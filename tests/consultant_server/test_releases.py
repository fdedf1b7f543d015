"""Desktop releases: `consultant-server release` publishes, lists and withdraws them, and
`GET /client/release` offers a desk the newest its channel and platform see."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from consultant_server.core.config import Settings
from consultant_server.main import create_app
from consultant_server.models import ClientRelease
from consultant_server.services import releases
from tests.consultant_server.conftest import MakeUser
from tests.consultant_server.support import FakeClock, TestClient, bearer, login, row_counts
from tests.consultant_server.test_cli import run

Sessions = sessionmaker[Session]
SETUP_EXE = "https://dl.example-dealer.cn/ShowroomDesk-1.4.0-setup.exe"


def publish(database_url: str, *args: str) -> tuple[int, str]:
    return run("release", "publish", *args, "--database-url", database_url)


def stored(sessions: Sessions) -> list[tuple[str, str, str, str, str]]:
    with sessions() as session:
        return [
            (r.channel, r.platform, r.version, r.url, r.notes)
            for r in session.scalars(
                select(ClientRelease).order_by(ClientRelease.channel, ClientRelease.version)
            )
        ]


# --- the command line ---------------------------------------------------------------------


def test_publish_stores_the_release_and_list_shows_it(
    engine: Engine, database_url: str, sessions: Sessions
) -> None:
    done = publish(
        database_url,
        *("--channel", "stable", "--version", "1.4.0", "--url", SETUP_EXE),
        *("--platform", "windows", "--notes", "新增：客户标签批量编辑"),
    )

    assert done == (0, f"published stable 1.4.0 for windows: {SETUP_EXE}\n")
    assert stored(sessions) == [("stable", "windows", "1.4.0", SETUP_EXE, "新增：客户标签批量编辑")]
    status, listed = run("release", "list", "--database-url", database_url)
    assert status == 0
    fields = listed.rstrip("\n").split("\t")
    assert fields[:3] == ["stable", "windows", "1.4.0"]
    assert fields[4:] == [SETUP_EXE, "新增：客户标签批量编辑"]


def test_a_release_without_a_platform_is_for_every_platform(
    engine: Engine, database_url: str, sessions: Sessions
) -> None:
    page = "https://dl.example-dealer.cn/showroom-desk/"
    done = publish(database_url, "--channel", "beta", "--version", "1.5.0.1", "--url", page)

    assert done == (0, f"published beta 1.5.0.1 for every platform: {page}\n")
    assert stored(sessions) == [("beta", "any", "1.5.0.1", page, "")]


def test_publishing_a_version_again_replaces_its_url_and_notes(
    engine: Engine, database_url: str, sessions: Sessions
) -> None:
    publish(database_url, "--channel", "stable", "--version", "1.4", "--url", SETUP_EXE)
    fixed = SETUP_EXE.replace("setup", "setup-fixed")

    done = publish(
        database_url,
        *("--channel", "stable", "--version", "1.4.0", "--url", fixed, "--notes", "修正下载"),
    )

    assert done == (0, f"replaced stable 1.4.0 for every platform: {fixed}\n")
    assert stored(sessions) == [("stable", "any", "1.4.0", fixed, "修正下载")]


def test_publishing_an_older_version_says_the_newer_one_stays_offered(
    engine: Engine, database_url: str
) -> None:
    publish(database_url, "--channel", "stable", "--version", "1.4.0", "--url", SETUP_EXE)

    status, out = publish(
        database_url, "--channel", "stable", "--version", "1.3.9", "--url", SETUP_EXE
    )

    assert status == 0
    assert out.splitlines()[1] == (
        "note: stable already has 1.4.0 for every platform; desks are offered the newest"
    )


def test_the_notes_can_come_from_a_file(
    engine: Engine, database_url: str, sessions: Sessions, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("1. 海报更清晰\n2. 修复同步提示\n", encoding="utf-8-sig")

    status, _ = publish(
        database_url,
        *("--channel", "stable", "--version", "1.4.0", "--url", SETUP_EXE),
        *("--notes-file", str(notes)),
    )

    assert status == 0
    assert stored(sessions)[0][4] == "1. 海报更清晰\n2. 修复同步提示"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--version", "1.5.0b1"), "version: dotted numbers such as 1.4.0"),
        (("--version", "v1.4"), "version: dotted numbers such as 1.4.0"),
        (("--version", "1.2.3.4.5"), "version: dotted numbers such as 1.4.0"),
        (("--version", " "), "version: dotted numbers such as 1.4.0"),
        (("--url", "ftp://dl.example-dealer.cn/a.exe"), "url: starts with https:// or http://"),
        (("--url", "dl.example-dealer.cn/a.exe"), "url: starts with https:// or http://"),
        (("--url", "https://"), "url: has no host name"),
        (("--url", "https://dl.example.cn/安装 包.exe"), "url: no spaces or control characters"),
        (("--url", "https://me:pw@dl.example.cn/a.exe"), "url: no user name or password in it"),
        (("--url", "https://dl.example.cn:99999/a.exe"), "url: not a URL"),
        (("--notes", "很长" * 1001), "notes: at most 2000 characters"),
    ],
    ids=[
        "pre-release",
        "v-prefix",
        "five-parts",
        "blank-version",
        "ftp",
        "no-scheme",
        "no-host",
        "space",
        "password",
        "bad-port",
        "long-notes",
    ],
)
def test_bad_input_is_refused_with_a_message_and_writes_nothing(
    engine: Engine,
    database_url: str,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, str],
    message: str,
) -> None:
    good = {"--channel": "stable", "--version": "1.4.0", "--url": SETUP_EXE}
    good[args[0]] = args[1]
    before = row_counts(engine)

    status, out = publish(database_url, *(part for pair in good.items() for part in pair))

    assert (status, out) == (1, "")
    assert capsys.readouterr().err == f"error: {message}\n"
    assert row_counts(engine) == before


def test_every_bad_value_is_named_at_once(
    engine: Engine, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _ = publish(database_url, "--channel", "beta", "--version", "2.0-rc", "--url", "x")

    assert status == 1
    assert capsys.readouterr().err == (
        "error: version: dotted numbers such as 1.4.0; url: starts with https:// or http://\n"
    )


@pytest.mark.parametrize(
    "args",
    [("--channel", "nightly"), ("--platform", "android")],
    ids=["channel", "platform"],
)
def test_an_unknown_channel_or_platform_is_a_usage_error(
    engine: Engine, database_url: str, args: tuple[str, str]
) -> None:
    before = row_counts(engine)
    options = {"--channel": "stable", "--version": "1.4.0", "--url": SETUP_EXE}
    options[args[0]] = args[1]

    with pytest.raises(SystemExit) as exit_info:
        publish(database_url, *(part for pair in options.items() for part in pair))

    assert exit_info.value.code == 2
    assert row_counts(engine) == before


def test_an_unreadable_notes_file_writes_nothing(
    engine: Engine, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = row_counts(engine)
    missing = tmp_path / "missing.txt"

    status, _ = publish(
        database_url,
        *("--channel", "stable", "--version", "1.4.0", "--url", SETUP_EXE),
        *("--notes-file", str(missing)),
    )

    assert status == 1
    assert f"cannot read the notes from {missing}" in capsys.readouterr().err
    assert row_counts(engine) == before


def test_list_shows_stable_then_beta_newest_first(engine: Engine, database_url: str) -> None:
    for channel, version in (("beta", "1.5.0.1"), ("stable", "1.9.0"), ("stable", "1.10.0")):
        publish(database_url, "--channel", channel, "--version", version, "--url", SETUP_EXE)

    status, listed = run("release", "list", "--database-url", database_url)
    beta_only = run("release", "list", "--channel", "beta", "--database-url", database_url)

    assert status == 0
    rows = [line.split("\t")[:3] for line in listed.splitlines()]
    assert rows == [
        ["stable", "any", "1.10.0"],
        ["stable", "any", "1.9.0"],
        ["beta", "any", "1.5.0.1"],
    ]
    assert [line.split("\t")[2] for line in beta_only[1].splitlines()] == ["1.5.0.1"]


def test_list_says_when_nothing_is_published(engine: Engine, database_url: str) -> None:
    assert run("release", "list", "--database-url", database_url) == (
        0,
        "no release is published\n",
    )


def test_withdraw_removes_a_version_from_one_or_every_platform(
    engine: Engine, database_url: str, sessions: Sessions
) -> None:
    for platform in ("windows", "macos", "linux"):
        publish(
            database_url,
            *("--channel", "stable", "--version", "1.4.0", "--url", SETUP_EXE),
            *("--platform", platform),
        )
    withdraw = ("release", "withdraw", "--channel", "stable", "--database-url", database_url)

    one = run(*withdraw, "--version", "1.4", "--platform", "macos")
    rest = run(*withdraw, "--version", "1.4.0")

    assert one == (0, "withdrew stable 1.4.0 for macos\n")
    assert sorted(rest[1].splitlines()) == [
        "withdrew stable 1.4.0 for linux",
        "withdrew stable 1.4.0 for windows",
    ]
    assert stored(sessions) == []


def test_withdrawing_an_unknown_release_fails_and_changes_nothing(
    engine: Engine, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    publish(database_url, "--channel", "stable", "--version", "1.4.0", "--url", SETUP_EXE)
    before = row_counts(engine)
    url = ["--database-url", database_url]

    status, _ = run("release", "withdraw", "--channel", "beta", "--version", "1.4.0", *url)

    assert status == 1
    assert capsys.readouterr().err == "error: no beta release 1.4.0\n"
    assert row_counts(engine) == before


def test_release_commands_on_an_unmigrated_database_say_to_migrate(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("release", "list", "--database-url", database_url)[0] == 1
    assert "run `consultant-server migrate`" in capsys.readouterr().err


# --- the API ------------------------------------------------------------------------------


@pytest.fixture
def token(client: TestClient, make_user: MakeUser) -> str:
    make_user("zhangwei")
    return login(client, "zhangwei")


Publish = Callable[..., None]


@pytest.fixture
def release(sessions: Sessions, clock: FakeClock) -> Publish:
    """Publish through the service layer, as the command line does (a minute apart)."""

    def add(channel: str, version: str, platform: str = "any", url: str = SETUP_EXE) -> None:
        with sessions() as session:
            releases.publish(
                session,
                channel=channel,
                version=version,
                platform=platform,
                url=url,
                notes=f"{channel} {version}",
                clock=clock,
            )
        clock.advance(minutes=1)

    return add


def ask(client: TestClient, token: str, **params: str) -> dict[str, object]:
    response = client.get("/client/release", params=params, headers=bearer(token))
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def offered(client: TestClient, token: str, **params: str) -> str | None:
    found = ask(client, token, **params)["release"]
    if found is None:
        return None
    assert isinstance(found, dict)
    return f"{found['channel']} {found['version']} {found['platform']}"


def test_the_release_check_needs_a_token(client: TestClient) -> None:
    response = client.get("/client/release", params={"version": "0.1.0"})

    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"


def test_a_desk_is_offered_the_newest_release_newer_than_its_own(
    client: TestClient, token: str, release: Publish
) -> None:
    add = release
    add("stable", "1.9.0")
    add("stable", "1.10.0")
    add("stable", "1.2.0")

    body = ask(client, token, channel="stable", version="1.3.0")

    assert body == {
        "release": {
            "version": "1.10.0",
            "channel": "stable",
            "platform": "any",
            "url": SETUP_EXE,
            "notes": "stable 1.10.0",
            "published_at": "2025-03-03T02:01:00Z",
        },
        "min_client_version": "0.1.0",
        "update_required": False,
    }
    assert offered(client, token, channel="stable", version="1.10") is None
    assert offered(client, token, channel="stable", version="2.0.0") is None


def test_nothing_is_offered_before_anything_is_published(client: TestClient, token: str) -> None:
    assert ask(client, token, version="0.1.0") == {
        "release": None,
        "min_client_version": "0.1.0",
        "update_required": False,
    }


def test_beta_desks_see_beta_and_stable_releases_stable_desks_only_stable(
    client: TestClient, token: str, release: Publish
) -> None:
    add = release
    add("stable", "1.4.0")
    add("beta", "1.5.0.1")

    assert offered(client, token, channel="stable", version="1.0") == "stable 1.4.0 any"
    assert offered(client, token, channel="beta", version="1.0") == "beta 1.5.0.1 any"
    add("stable", "1.5.1")
    assert offered(client, token, channel="beta", version="1.0") == "stable 1.5.1 any"
    assert offered(client, token, version="1.0") == "stable 1.5.1 any"


def test_a_desk_is_offered_its_own_platforms_installer(
    client: TestClient, token: str, release: Publish
) -> None:
    add = release
    add("stable", "1.4.0", "windows", "https://dl.example.cn/ShowroomDesk-1.4.0.exe")
    add("stable", "1.4.0", "any", "https://dl.example.cn/download/")
    add("stable", "1.4.1", "macos", "https://dl.example.cn/ShowroomDesk-1.4.1.dmg")

    assert offered(client, token, platform="windows", version="1.0") == "stable 1.4.0 windows"
    assert offered(client, token, platform="macos", version="1.0") == "stable 1.4.1 macos"
    assert offered(client, token, platform="linux", version="1.0") == "stable 1.4.0 any"
    assert offered(client, token, version="1.0") == "stable 1.4.0 any"


def test_a_withdrawn_release_is_no_longer_offered(
    client: TestClient, token: str, release: Publish, sessions: Sessions
) -> None:
    add = release
    add("stable", "1.3.0")
    add("stable", "1.4.0")
    with sessions() as session:
        releases.withdraw(session, channel="stable", version="1.4.0")

    assert offered(client, token, version="1.0") == "stable 1.3.0 any"


def test_a_desk_older_than_the_minimum_is_still_told_where_to_download(
    settings: Settings, engine: Engine, make_user: MakeUser, release: Publish, clock: FakeClock
) -> None:
    add = release
    add("stable", "1.4.0")
    make_user("zhangwei")
    strict = settings.model_copy(update={"min_client_version": "1.2.0"})
    with TestClient(create_app(strict, clock=clock)) as client:
        token = login(client, "zhangwei", client_version="1.2.0")
        old = ask(client, token, version="1.1.9")
        current = ask(client, token, version="1.2")

    assert (old["update_required"], old["min_client_version"]) == (True, "1.2.0")
    assert isinstance(old["release"], dict)
    assert old["release"]["version"] == "1.4.0"
    assert current["update_required"] is False


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"version": "1.4.0b1"}, "version"),
        ({}, "version"),
        ({"version": "1.0", "channel": "nightly"}, "channel"),
        ({"version": "1.0", "platform": "android"}, "platform"),
    ],
    ids=["pre-release", "no-version", "channel", "platform"],
)
def test_a_bad_question_gets_422_naming_the_field(
    client: TestClient, token: str, params: dict[str, str], field: str
) -> None:
    response = client.get("/client/release", params=params, headers=bearer(token))

    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid_request"
    assert field in {name.rsplit(".", 1)[-1] for name in body["fields"]}


def test_openapi_documents_the_release_check(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/client/release"]["get"]

    assert operation["security"] == [{"HTTPBearer": []}]
    assert {p["name"] for p in operation["parameters"]} == {"version", "channel", "platform"}
    assert "401" in operation["responses"]
