"""Server settings refuse an unprotected public server; dashboard sessions end with their key."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr, ValidationError
from sqlalchemy import Engine

from lamplighter.entrypoints.api.settings import ApiSettings
from lamplighter.services import api_keys
from lamplighter.services.api_keys import Role
from lamplighter.services.unit_of_work import UnitOfWork
from tests.e2e.conftest import KeyMaker
from tests.e2e.routes_table import route_scopes

SECRET = "s" * 40


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_a_local_server_starts_without_keys(host: str) -> None:
    assert ApiSettings(host=host, active_api_keys=0).host == host


@pytest.mark.parametrize(
    ("keys", "secret", "refusal"),
    [
        (0, SECRET, "no active API key"),
        (None, SECRET, "no active API key"),
        (2, None, "SESSION_SECRET"),
        (2, "short", "SESSION_SECRET"),
    ],
)
def test_a_public_server_needs_keys_and_a_session_secret(keys: int | None, secret: str | None, refusal: str) -> None:
    with pytest.raises(ValidationError, match=refusal):
        ApiSettings(host="0.0.0.0", active_api_keys=keys, session_secret=None if secret is None else SecretStr(secret))


def test_a_public_server_keeps_its_cookie_secure() -> None:
    with pytest.raises(ValidationError, match="COOKIE_SECURE"):
        ApiSettings(host="0.0.0.0", active_api_keys=1, session_secret=SecretStr(SECRET), cookie_secure=False)


def test_a_public_server_with_keys_and_a_secret_may_start() -> None:
    assert ApiSettings(host="0.0.0.0", active_api_keys=1, session_secret=SecretStr(SECRET)).host == "0.0.0.0"


def test_the_session_cookie_is_signed_httponly_secure_and_strict(client: TestClient, make_key: KeyMaker) -> None:
    response = client.post("/login", data={"api_key": make_key(Role.VIEWER), "next": "/"}, follow_redirects=False)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert all(flag in cookie for flag in ("httponly", "secure", "samesite=strict"))


def test_revoking_a_key_ends_its_dashboard_session(client: TestClient, engine: Engine, make_key: KeyMaker) -> None:
    key = make_key(Role.VIEWER)
    client.post("/login", data={"api_key": key, "next": "/"})
    assert client.get("/", follow_redirects=False).status_code == 200
    api_keys.revoke_key(UnitOfWork(engine), api_keys.prefix_of(key) or "")
    page = client.get("/", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_a_login_redirect_stays_on_this_site(client: TestClient, make_key: KeyMaker) -> None:
    response = client.post(
        "/login", data={"api_key": make_key(Role.VIEWER), "next": "//evil.example/"}, follow_redirects=False
    )
    assert response.headers["location"] == "/"


def test_every_post_that_creates_accepts_an_idempotency_key(app: FastAPI) -> None:
    schema = app.openapi()
    creating = [
        (path, op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if method == "post" and "201" in op["responses"]
    ]
    assert len(creating) >= 8
    for path, op in creating:
        headers = {p["name"] for p in op.get("parameters", []) if p["in"] == "header"}
        assert "Idempotency-Key" in headers, path
    assert route_scopes(app)[1] == []
