"""deployment.toml: which file applies, what it may say, and how a broken one is reported."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from consultant_app.deployment import (
    DEPLOYMENT_FILE,
    ENV_VAR,
    KEYS,
    MACOS_FOLDER,
    Deployment,
    ProblemKind,
    effective_language,
    load_deployment,
    read_deployment,
)

EXAMPLE = """\
# Written by the manager
server_url = "https://crm.example-dealer.cn/"
showroom = "上海浦东一汽-大众4S店"
language = "en"
update_channel = "beta"
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_complete_file_sets_every_value(tmp_path: Path) -> None:
    path = write(tmp_path / DEPLOYMENT_FILE, EXAMPLE)

    deployment = read_deployment(path)

    assert deployment == Deployment(
        server_url="https://crm.example-dealer.cn",
        showroom="上海浦东一汽-大众4S店",
        language="en",
        update_channel="beta",
        source=path,
    )
    assert not deployment.file_ignored


def test_the_result_is_frozen(tmp_path: Path) -> None:
    deployment = read_deployment(write(tmp_path / DEPLOYMENT_FILE, EXAMPLE))

    with pytest.raises(AttributeError):
        deployment.server_url = "https://elsewhere.example"  # type: ignore[misc]


def test_an_empty_file_gives_the_defaults(tmp_path: Path) -> None:
    path = write(tmp_path / DEPLOYMENT_FILE, "# nothing set yet\n")

    assert read_deployment(path) == Deployment(source=path)
    assert Deployment().update_channel == "stable"


def test_a_byte_order_mark_from_notepad_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / DEPLOYMENT_FILE
    path.write_bytes(EXAMPLE.encode("utf-8-sig"))

    deployment = read_deployment(path)

    assert deployment.showroom == "上海浦东一汽-大众4S店"
    assert deployment.problems == ()


def test_a_syntax_error_names_the_file_and_line_and_nothing_is_used(tmp_path: Path) -> None:
    path = write(
        tmp_path / DEPLOYMENT_FILE,
        'server_url = "https://crm.example-dealer.cn"\nshowroom = 上海店\n',
    )

    deployment = read_deployment(path)

    assert deployment.server_url == ""  # the whole file is ignored, not half of it
    assert deployment.file_ignored
    [problem] = deployment.problems
    assert problem.kind is ProblemKind.SYNTAX
    assert (problem.path, problem.line) == (path, 2)
    assert str(problem).startswith(f"{path}, line 2: is not valid TOML")


def test_a_file_saved_in_a_chinese_ansi_code_page_is_reported_as_not_utf8(
    tmp_path: Path,
) -> None:
    path = tmp_path / DEPLOYMENT_FILE
    path.write_bytes('language = "zh_CN"\nshowroom = "上海店"\n'.encode("gbk"))

    deployment = read_deployment(path)

    [problem] = deployment.problems
    assert problem.kind is ProblemKind.NOT_UTF8
    assert problem.line == 2
    assert "UTF-8" in problem.message
    assert deployment.language == ""


def test_an_unknown_key_is_reported_with_its_line_and_the_rest_still_applies(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path / DEPLOYMENT_FILE,
        'showroom = "北京店"\n\nserver = "https://crm.example-dealer.cn"\n',
    )

    deployment = read_deployment(path)

    assert deployment.showroom == "北京店"
    assert not deployment.file_ignored
    [problem] = deployment.problems
    assert problem.kind is ProblemKind.UNKNOWN_KEY
    assert (problem.key, problem.line) == ("server", 3)
    assert "did you mean 'server_url'" in problem.message


def test_an_unknown_table_is_reported_at_its_header(tmp_path: Path) -> None:
    path = write(tmp_path / DEPLOYMENT_FILE, 'showroom = "北京店"\n[sync]\ninterval = 5\n')

    [problem] = read_deployment(path).problems

    assert (problem.kind, problem.key, problem.line) == (ProblemKind.UNKNOWN_KEY, "sync", 2)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("crm.example-dealer.cn", "must start with https:// or http://"),
        ("ftp://crm.example-dealer.cn", "must start with https:// or http://"),
        ("https://", "has no host name"),
        ("https://crm.example-dealer.cn:99999", "has an invalid port"),
        ("https://admin:secret@crm.example-dealer.cn", "must not contain a user name"),
        ("https://crm example.cn", "cannot contain spaces"),
        ("https://crm.example-dealer.cn/?token=1", "must not have a query"),
    ],
)
def test_a_server_url_must_be_http_or_https_with_a_host(
    tmp_path: Path, url: str, reason: str
) -> None:
    path = write(tmp_path / DEPLOYMENT_FILE, f'showroom = "北京店"\nserver_url = "{url}"\n')

    deployment = read_deployment(path)

    assert deployment.server_url == ""
    assert deployment.showroom == "北京店"  # a bad value costs only itself
    [problem] = deployment.problems
    assert (problem.kind, problem.key, problem.line) == (ProblemKind.BAD_VALUE, "server_url", 2)
    assert reason in problem.message


@pytest.mark.parametrize(
    "url",
    ["http://192.168.1.20:8000", "https://crm.example-dealer.cn/desk", "https://[::1]:8443"],
)
def test_server_urls_with_ports_paths_and_addresses_are_accepted(tmp_path: Path, url: str) -> None:
    path = write(tmp_path / DEPLOYMENT_FILE, f'server_url = "{url}"\n')

    deployment = read_deployment(path)

    assert (deployment.server_url, deployment.problems) == (url, ())


@pytest.mark.parametrize(
    ("line", "key", "says"),
    [
        ('language = "fr"', "language", "must be one of zh_CN, en"),
        ('update_channel = "nightly"', "update_channel", "must be one of stable, beta"),
        ("language = 1", "language", "must be text in quotes, not a number"),
        ("update_channel = true", "update_channel", "not true/false"),
        (f'showroom = "{"店" * 101}"', "showroom", "longer than 100 characters"),
    ],
)
def test_a_bad_value_falls_back_to_its_default_and_says_why(
    tmp_path: Path, line: str, key: str, says: str
) -> None:
    path = write(tmp_path / DEPLOYMENT_FILE, line + "\n")

    deployment = read_deployment(path)

    assert getattr(deployment, key) == getattr(Deployment(), key)
    [problem] = deployment.problems
    assert (problem.kind, problem.key, problem.line) == (ProblemKind.BAD_VALUE, key, 1)
    assert says in problem.message


def test_an_explicit_path_wins_and_must_exist(tmp_path: Path) -> None:
    named = write(tmp_path / "named.toml", 'showroom = "named"\n')
    env = write(tmp_path / "env.toml", 'showroom = "env"\n')

    found = load_deployment(named, environ={ENV_VAR: str(env)}, frozen=False)
    missing = load_deployment(tmp_path / "absent.toml", environ={}, frozen=False)

    assert found.showroom == "named"
    assert missing.file_ignored
    assert missing.source == tmp_path / "absent.toml"
    assert [p.kind for p in missing.problems] == [ProblemKind.MISSING]


def test_the_environment_variable_names_the_file_in_development(tmp_path: Path) -> None:
    env = write(tmp_path / "dev.toml", 'showroom = "开发"\n')

    assert load_deployment(environ={ENV_VAR: str(env)}, frozen=False).showroom == "开发"
    assert load_deployment(environ={}, frozen=False) == Deployment()


def test_a_packaged_build_reads_the_file_beside_the_program(tmp_path: Path) -> None:
    program = tmp_path / "showroom-desk" / "showroom-desk"
    write(program.parent / DEPLOYMENT_FILE, 'showroom = "安装目录"\n')

    beside = load_deployment(environ={}, executable=str(program), frozen=True, platform="linux")
    windows = load_deployment(environ={}, executable=str(program), frozen=True, platform="win32")

    assert beside.showroom == windows.showroom == "安装目录"
    assert beside.source == program.parent / DEPLOYMENT_FILE


def test_a_packaged_build_without_a_file_quietly_uses_the_defaults(tmp_path: Path) -> None:
    program = tmp_path / "showroom-desk" / "showroom-desk"

    assert load_deployment(environ={}, executable=str(program), frozen=True) == Deployment()


def test_a_packaged_mac_app_looks_outside_its_signed_bundle(tmp_path: Path) -> None:
    program = tmp_path / "ShowroomDesk.app" / "Contents" / "MacOS" / "showroom-desk"
    write(program.parent / DEPLOYMENT_FILE, 'showroom = "inside the bundle"\n')

    deployment = load_deployment(
        environ={}, executable=str(program), frozen=True, platform="darwin"
    )

    assert deployment.showroom == ""
    assert deployment.source in {None, MACOS_FOLDER / DEPLOYMENT_FILE}


def test_problems_are_logged_as_warnings(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = write(tmp_path / DEPLOYMENT_FILE, 'colour = "blue"\n')

    with caplog.at_level(logging.WARNING, logger="consultant_app.deployment"):
        load_deployment(path)

    assert f"{path}, line 1: unknown key 'colour'" in caplog.text


def test_every_documented_key_is_in_the_manager_guide() -> None:
    guide = (Path(__file__).parents[2] / "docs" / "manager-guide.md").read_text(encoding="utf-8")

    assert [key for key in KEYS if f"`{key}`" not in guide] == []


@pytest.mark.parametrize(
    ("cli", "saved", "deployed", "expected"),
    [
        ("en", "zh_CN", "zh_CN", "en"),
        (None, "zh_CN", "en", "zh_CN"),
        (None, None, "en", "en"),
        (None, None, "", "zh_CN"),
    ],
)
def test_the_language_is_the_command_line_then_the_user_then_the_manager_then_chinese(
    cli: str | None, saved: str | None, deployed: str, expected: str
) -> None:
    assert effective_language(cli, saved, Deployment(language=deployed)) == expected
