"""The HTTP surface: health, the OpenAPI schema, and JSON errors that change nothing."""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from consultant_app import __version__
from consultant_server.api.deps import ServerContext
from consultant_server.core.db import make_engine
from tests.consultant_server.conftest import MakeUser
from tests.consultant_server.support import PASSWORD, TestClient, bearer, login, row_counts

ONE_MB = 1_048_576


def login_body(**overrides: object) -> dict[str, object]:
    return {
        "username": "zhangwei",
        "password": PASSWORD,
        "device_id": str(uuid.uuid4()),
        "client_version": "0.1.0",
        **overrides,
    }


def test_healthz_reports_the_database_and_version(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "version": __version__}


def test_healthz_answers_503_when_the_database_is_unreachable(client: TestClient) -> None:
    context: ServerContext = client.app.state.context  # type: ignore[attr-defined]
    unreachable = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/none")
    client.app.state.context = dataclasses.replace(context, engine=unreachable)  # type: ignore[attr-defined]
    try:
        response = client.get("/healthz")
    finally:
        client.app.state.context = context  # type: ignore[attr-defined]
        unreachable.dispose()
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "unavailable",
        "version": __version__,
    }


def test_every_response_names_the_oldest_client_allowed(client: TestClient) -> None:
    for response in (client.get("/healthz"), client.get("/nowhere"), client.get("/users/me")):
        assert response.headers["x-min-client-version"] == "0.1.0"


def test_openapi_lists_the_routes_and_the_error_body(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {
        "/healthz",
        "/auth/login",
        "/auth/logout",
        "/users/me",
        "/sync/push",
        "/sync/pull",
        "/sync/snapshot",
    } <= set(schema["paths"])
    assert schema["paths"]["/sync/pull"]["get"]["security"] == [{"HTTPBearer": []}]
    for status in ("400", "410", "426"):
        assert status in schema["paths"]["/sync/pull"]["get"]["responses"]
    assert schema["info"]["version"] == __version__
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert schema["paths"]["/users/me"]["get"]["security"] == [{"HTTPBearer": []}]
    login_op = schema["paths"]["/auth/login"]["post"]
    for status in ("401", "413", "422"):
        ref = login_op["responses"][status]["content"]["application/json"]["schema"]["$ref"]
        assert ref == "#/components/schemas/ErrorBody"
    assert "HTTPValidationError" not in schema["components"]["schemas"]


def test_unknown_paths_and_methods_get_json_errors(client: TestClient) -> None:
    missing = client.get("/nowhere")
    assert (missing.status_code, missing.json()) == (
        404,
        {"error": "not_found", "message": "Not Found"},
    )
    wrong_method = client.get("/auth/login")
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"] == "method_not_allowed"


@pytest.fixture
def signed_in(client: TestClient, make_user: MakeUser) -> str:
    make_user("zhangwei")
    return login(client, "zhangwei")


@pytest.mark.parametrize(
    "body",
    [
        b'{"username": "zhangwei", "password": ',
        b"{'username': 'zhangwei'}",
        b"\xff\xfe not even text",
        b"",
    ],
    ids=["truncated", "single-quoted", "binary", "empty"],
)
def test_malformed_json_gets_400_and_changes_nothing(
    client: TestClient, signed_in: str, engine: Engine, body: bytes
) -> None:
    before = row_counts(engine)
    response = client.post(
        "/auth/login", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code in (400, 422)
    assert set(response.json()) >= {"error", "message"}
    if body:
        assert response.json()["error"] == "malformed_json"
    assert row_counts(engine) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (["zhangwei", PASSWORD], "body"),
        (login_body(device_id="not-a-uuid"), "device_id"),
        (login_body(password=None), "password"),
        ({"username": "zhangwei"}, "password"),
        (login_body(username=""), "username"),
    ],
    ids=["array", "bad-uuid", "null-password", "missing-fields", "empty-username"],
)
def test_invalid_requests_get_422_naming_the_field_and_change_nothing(
    client: TestClient, signed_in: str, engine: Engine, body: object, field: str
) -> None:
    before = row_counts(engine)
    response = client.post("/auth/login", json=body)
    assert response.status_code == 422
    payload = response.json()
    assert payload["error"] == "invalid_request"
    assert field in payload["fields"]
    assert field in payload["message"]
    assert row_counts(engine) == before


def test_a_body_over_one_megabyte_gets_413_and_changes_nothing(
    client: TestClient, signed_in: str, engine: Engine
) -> None:
    before = row_counts(engine)
    padding = "x" * ONE_MB
    response = client.post("/auth/login", json=login_body(padding=padding))
    assert response.status_code == 413
    assert response.json() == {
        "error": "content_too_large",
        "message": f"the request body is larger than the limit of {ONE_MB} bytes",
    }
    assert row_counts(engine) == before


def test_a_chunked_body_without_length_is_cut_off_at_the_limit(
    client: TestClient, signed_in: str, engine: Engine
) -> None:
    before = row_counts(engine)

    def chunks() -> Iterator[bytes]:
        yield b'{"username": "zhangwei", "padding": "'
        for _ in range(20):
            yield b"x" * 65_536
        yield b'"}'

    response = client.post(
        "/auth/logout",
        content=chunks(),
        headers={**bearer(signed_in), "Content-Type": "application/json"},
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert response.json()["error"] == "content_too_large"
    assert row_counts(engine) == before
    assert client.get("/users/me", headers=bearer(signed_in)).status_code == 200


def test_a_body_just_under_the_limit_is_read(client: TestClient, signed_in: str) -> None:
    body = login_body()
    body["padding"] = ""
    size = len(json.dumps(body).encode())
    body["padding"] = "x" * (ONE_MB - size)
    content = json.dumps(body).encode()
    assert len(content) == ONE_MB
    response = client.post(
        "/auth/login", content=content, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200
