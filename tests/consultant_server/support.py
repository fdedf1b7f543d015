"""Shared pieces of the server's tests: the clock, the backends, sign-in and table helpers."""

from __future__ import annotations

import os
import uuid
import warnings
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from consultant_server.models import Base
from tests.consultant_app.support import FakeClock  # one test clock for client and server

with warnings.catch_warnings():
    # Starlette suggests httpx2 for its test client; httpx is what the project declares.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
NO_PG = "TEST_DATABASE_URL not set"
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=pytest.mark.skipif(not PG_URL, reason=NO_PG),
    ),
]
#: 10:00 in Shanghai; tests move the server's clock from here.
START = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)
PASSWORD = "correct-horse-9"
#: Argon2id made cheap so the suite stays fast; the production cost is tested on its own.
CHEAP_HASHING: dict[str, Any] = {
    "password_time_cost": 1,
    "password_memory_kib": 1024,
    "password_parallelism": 1,
}


def pg_url_for_schema(schema: str) -> str:
    """TEST_DATABASE_URL with every connection's search_path set to `schema`."""
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def login(
    client: TestClient,
    username: str,
    *,
    password: str = PASSWORD,
    device_id: uuid.UUID | None = None,
    client_version: str = "0.1.0",
) -> str:
    """Sign in and return the bearer token (the test fails unless sign-in succeeds)."""
    response = client.post(
        "/auth/login",
        json={
            "username": username,
            "password": password,
            "device_id": str(device_id or uuid.uuid4()),
            "client_version": client_version,
        },
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["token"]
    return token


def http_login(base_url: str, username: str, password: str = PASSWORD) -> dict[str, str]:
    """Sign in to a server running in a real socket (not the test client); its bearer header."""
    import httpx

    response = httpx.post(
        f"{base_url}/auth/login",
        json={
            "username": username,
            "password": password,
            "device_id": str(uuid.uuid4()),
            "client_version": "0.1.0",
        },
        timeout=60,
    )
    assert response.status_code == 200, response.text
    return bearer(response.json()["token"])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows per table (to show that a refused request changed nothing)."""
    with engine.connect() as conn:
        return {
            name: conn.execute(text(f"SELECT count(*) FROM {name}")).scalar_one()
            for name in Base.metadata.tables
        }


def all_rows_text(engine: Engine) -> str:
    """Every stored value of every table as text (to search it for secrets)."""
    with engine.connect() as conn:
        return "\n".join(
            repr(tuple(row))
            for table in Base.metadata.sorted_tables
            for row in conn.execute(table.select())
        )


__all__ = [
    "BACKENDS",
    "CHEAP_HASHING",
    "NO_PG",
    "PASSWORD",
    "PG_URL",
    "START",
    "FakeClock",
    "TestClient",
    "all_rows_text",
    "bearer",
    "login",
    "pg_url_for_schema",
    "row_counts",
]
