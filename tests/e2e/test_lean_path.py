"""The short path of the busiest routes answers exactly as FastAPI's full path, and only the plain case."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from fastapi import APIRouter, Header
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy import Engine

from lamplighter.entrypoints.api import lean
from lamplighter.entrypoints.api.lean import LeanRoute, lean_path
from lamplighter.entrypoints.api.security import OperateDep
from lamplighter.services import api_keys, picking
from lamplighter.services.api_keys import Role
from lamplighter.services.unit_of_work import UnitOfWork
from tests.e2e.conftest import KeyMaker, auth
from tests.e2e.test_picker_page import _one_pick_list
from tests.e2e.world import SHELF, stock_a_shelf

RESERVE = "/api/v1/orders/tiktok:7001/reservations"
RELEASE = "/api/v1/orders/tiktok:7001/releases"


@pytest.fixture
def paths_taken(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """'lean' or 'full' for each request to a lean-marked route, in order."""
    taken: list[str] = []
    real = lean._arguments

    async def spy(*args: Any) -> dict[str, Any] | None:
        arguments = await real(*args)
        taken.append("full" if arguments is None else "lean")
        return arguments

    monkeypatch.setattr(lean, "_arguments", spy)
    return taken


def _lead_with_an_order(client: TestClient, engine: Engine, make_key: KeyMaker, units: int = 10) -> str:
    """A lead's key (in the key cache once it has created order tiktok:7001 for 12 of ``units`` on a shelf)."""
    key = make_key(Role.LEAD)
    stock_a_shelf(engine, {"LAMP-1": units})
    order = {"channel": "tiktok", "external_id": "7001", "lines": [{"line_no": 1, "sku": "LAMP-1", "quantity": 12}]}
    assert client.post("/api/v1/orders", json=order, headers=auth(key)).status_code == 201
    return key


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}  # the same key, but only the full path reads this header


def test_both_paths_answer_the_same_bytes(
    client: TestClient, engine: Engine, make_key: KeyMaker, paths_taken: list[str]
) -> None:
    key = _lead_with_an_order(client, engine, make_key)
    body = {"line_no": 1, "location": SHELF, "quantity": 2}
    answers = []
    for headers in (auth(key), _bearer(key), auth(key)):
        for path in (RESERVE, RELEASE):
            response = client.post(path, json=body, headers=headers)
            answers.append((path, response.status_code, response.headers["content-type"], response.content))
    # Creating the order put the key in the cache; the bearer requests always take the full path.
    assert paths_taken == ["lean", "lean", "full", "full", "lean", "lean"]
    by_path = {path: {answer[1:] for answer in answers if answer[0] == path} for path in (RESERVE, RELEASE)}
    assert by_path[RESERVE] == {
        (201, "application/json", b'{"line_no":1,"location":"' + SHELF.encode() + b'","quantity":2}')
    }
    assert by_path[RELEASE] == {(200, "application/json", b'{"ref":"tiktok:7001","units_released":2}')}
    assert client.get("/api/v1/ledger/check", headers=auth(key)).json()["clean"] is True


def test_a_domain_error_on_the_lean_path_is_the_same_problem(
    client: TestClient, engine: Engine, make_key: KeyMaker, paths_taken: list[str]
) -> None:
    key = _lead_with_an_order(client, engine, make_key, units=3)
    too_many = {"line_no": 1, "location": SHELF, "quantity": 5}
    lean_answer = client.post(RESERVE, json=too_many, headers=auth(key))
    full_answer = client.post(RESERVE, json=too_many, headers=_bearer(key))
    assert paths_taken == ["lean", "full"]
    assert lean_answer.status_code == full_answer.status_code == 409
    assert lean_answer.headers["content-type"] == "application/problem+json"
    assert lean_answer.json() == full_answer.json()
    assert lean_answer.json()["available"] == 3


def test_what_the_lean_path_does_not_handle_goes_the_full_way(
    client: TestClient, engine: Engine, make_key: KeyMaker, paths_taken: list[str]
) -> None:
    key = _lead_with_an_order(client, engine, make_key)
    good = {"line_no": 1, "location": SHELF, "quantity": 1}
    bad_body = client.post(RESERVE, json={"line_no": 0, "location": SHELF, "quantity": 1}, headers=auth(key))
    assert bad_body.status_code == 422 and "line_no" in bad_body.text
    bad_ref = client.post("/api/v1/orders/nocolon/reservations", json=good, headers=auth(key))
    assert bad_ref.status_code == 422
    not_json = client.post(RESERVE, content=b"line_no=1", headers={**auth(key), "Content-Type": "text/plain"})
    assert not_json.status_code == 422
    picker = make_key(Role.PICKER)
    client.get("/api/v1/orders", headers=auth(picker))  # the picker's key is now in the cache
    forbidden = client.post(RESERVE, json=good, headers=auth(picker))
    assert forbidden.status_code == 403 and forbidden.json()["required_scope"] == "operate"
    first = client.post(RESERVE, json=good, headers={**auth(key), "Idempotency-Key": "k-1"})
    replay = client.post(RESERVE, json=good, headers={**auth(key), "Idempotency-Key": "k-1"})
    assert first.status_code == replay.status_code == 201 and replay.headers["Idempotent-Replayed"] == "true"
    assert paths_taken == ["full"] * 6
    assert client.get("/api/v1/orders/tiktok:7001", headers=auth(key)).json()["lines"][0]["reserved"] == 1


def test_a_revoked_key_is_refused_even_after_the_lean_path_served_it(
    client: TestClient, engine: Engine, make_key: KeyMaker, paths_taken: list[str]
) -> None:
    key = _lead_with_an_order(client, engine, make_key)
    good = {"line_no": 1, "location": SHELF, "quantity": 1}
    assert client.post(RESERVE, json=good, headers=auth(key)).status_code == 201
    api_keys.revoke_key(UnitOfWork(engine), key)  # in this process, as the CLI would elsewhere
    refused = client.post(RESERVE, json=good, headers=auth(key))
    assert refused.status_code == 401
    assert paths_taken == ["lean", "full"]


class Body(BaseModel):
    n: int


def test_a_route_the_lean_path_cannot_call_is_refused_when_the_app_is_built() -> None:
    router = APIRouter(route_class=LeanRoute)
    with pytest.raises(TypeError, match="cannot provide 'agent'"):

        @router.post("/x")
        @lean_path
        def endpoint(body: Body, agent: Annotated[str, Header()], _who: OperateDep) -> Body:
            return body


def test_a_scanner_confirms_picks_on_the_lean_path_as_on_the_full_one(
    client: TestClient, engine: Engine, make_key: KeyMaker, paths_taken: list[str]
) -> None:
    list_id = _one_pick_list(engine)
    task = picking.pick_list(UnitOfWork(engine), list_id)["tasks"][0]["task_id"]
    confirm = f"/api/v1/pick-tasks/{task}/confirmation"
    picker = make_key(Role.PICKER)
    client.get("/api/v1/health", headers=auth(picker))
    assert client.get("/api/v1/kpis", headers=auth(picker)).status_code == 200  # the key is now cached
    wrong = {"location_scan": SHELF, "sku_scan": "LAMP-2"}
    lean_refusal = client.post(confirm, json=wrong, headers=auth(picker))
    full_refusal = client.post(confirm, json=wrong, headers=_bearer(picker))
    assert lean_refusal.status_code == full_refusal.status_code == 409
    assert lean_refusal.json() == full_refusal.json()
    done = client.post(confirm, json={"location_scan": SHELF, "sku_scan": "LAMP-1"}, headers=auth(picker))
    assert done.status_code == 201, done.text
    assert paths_taken == ["lean", "full", "lean"]
    line = picking.pick_list(UnitOfWork(engine), list_id)["tasks"][0]
    assert line["picked"] == 4 and done.json()["picked"] == 4
