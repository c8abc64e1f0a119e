from __future__ import annotations

from fastapi.testclient import TestClient

from lamplighter.services.api_keys import Role
from tests.e2e.conftest import KeyMaker, auth


def test_health_needs_no_key(client: TestClient) -> None:
    assert client.get("/api/v1/health").json()["status"] == "ok"


def test_me_tells_the_role_of_the_key(client: TestClient, make_key: KeyMaker) -> None:
    body = client.get("/api/v1/me", headers=auth(make_key(Role.PICKER))).json()
    assert body["role"] == "picker" and body["scopes"] == ["pick", "read"]
