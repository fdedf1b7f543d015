"""Settings from the environment, database URLs, and client version checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from consultant_server.core.config import Settings, default_data_dir
from consultant_server.core.db import make_engine, parse_database_url
from consultant_server.core.versions import InvalidVersionError, is_supported, parse_version
from consultant_server.errors import DatabaseUrlError


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("SHOWROOM_SERVER_"):
            monkeypatch.delenv(name)


def test_defaults_keep_the_database_in_the_servers_data_folder() -> None:
    settings = Settings()
    assert settings.database_url == f"sqlite:///{default_data_dir() / 'server.sqlite3'}"
    assert default_data_dir().name == "ShowroomDeskServer"
    assert (settings.token_ttl_days, settings.min_client_version) == (30, "0.1.0")
    assert (settings.log_retention_days, settings.max_body_bytes) == (90, 1_048_576)


def test_the_environment_overrides_defaults_with_the_prefix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SHOWROOM_SERVER_DATABASE_URL", "postgresql://db.example/showroom")
    monkeypatch.setenv("SHOWROOM_SERVER_TOKEN_TTL_DAYS", "7")
    monkeypatch.setenv("SHOWROOM_SERVER_MIN_CLIENT_VERSION", "0.3.0")
    monkeypatch.setenv("TOKEN_TTL_DAYS", "1")  # without the prefix: not ours
    settings = Settings()
    assert settings.database_url == "postgresql://db.example/showroom"
    assert settings.token_ttl_days == 7
    assert settings.min_client_version == "0.3.0"
    assert Settings(token_ttl_days=3).token_ttl_days == 3


@pytest.mark.parametrize(
    "values",
    [{"min_client_version": "latest"}, {"token_ttl_days": 0}, {"max_body_bytes": 10}],
)
def test_impossible_settings_are_refused(values: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Settings(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("url", "driver"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg"),
        ("postgres://u@h/db", "postgresql+psycopg"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg"),
        ("sqlite:///server.sqlite3", "sqlite"),
    ],
)
def test_database_urls_get_the_driver_the_server_uses(url: str, driver: str) -> None:
    assert parse_database_url(url).drivername == driver


@pytest.mark.parametrize(
    "url",
    ["mysql://u@h/db", "sqlite://", "sqlite:///:memory:", "postgresql+psycopg2://u@h/db", "::"],
)
def test_unusable_database_urls_are_refused(url: str) -> None:
    with pytest.raises(DatabaseUrlError):
        parse_database_url(url)


def test_a_sqlite_engine_makes_its_folder_and_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new' / 'server.sqlite3'}")
    try:
        with engine.connect() as conn:
            pragmas = {
                name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout")
            }
    finally:
        engine.dispose()
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 10_000}


@pytest.mark.parametrize(
    ("client", "minimum", "supported"),
    [
        ("0.1.0", "0.1.0", True),
        ("0.1", "0.1.0", True),
        ("0.2.0", "0.1.9", True),
        ("0.10.0", "0.9.0", True),
        ("0.1.0", "0.2.0", False),
        ("1.0", "1.0.1", False),
    ],
)
def test_client_versions_compare_by_number(client: str, minimum: str, supported: bool) -> None:
    assert is_supported(client, minimum) is supported


@pytest.mark.parametrize("text", ["", "v1", "1.x", "1..2", "1.2.3.4.5", "１.0"])
def test_malformed_versions_are_refused(text: str) -> None:
    with pytest.raises(InvalidVersionError):
        parse_version(text)
