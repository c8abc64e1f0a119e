from __future__ import annotations

import gc

from fastapi import FastAPI
from fastapi.testclient import TestClient

from lamplighter.services.api_keys import Role
from tests.e2e.conftest import KeyMaker, auth


def test_health_needs_no_key(client: TestClient) -> None:
    assert client.get("/api/v1/health").json()["status"] == "ok"


def test_me_tells_the_role_of_the_key(client: TestClient, make_key: KeyMaker) -> None:
    body = client.get("/api/v1/me", headers=auth(make_key(Role.PICKER))).json()
    assert body["role"] == "picker" and body["scopes"] == ["pick", "read"]


def test_a_running_app_keeps_its_start_up_objects_out_of_the_collector_until_it_stops(app: FastAPI) -> None:
    with TestClient(app) as running:
        assert running.get("/api/v1/health").status_code == 200
        assert gc.get_freeze_count() > 10_000
    assert gc.get_freeze_count() == 0
