"""Idempotency-Key: a replay returns the first response, a reuse with another body is refused."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lamplighter.services.api_keys import Role
from tests.e2e.conftest import KeyMaker, auth
from tests.e2e.world import SHELF, stock_a_shelf

RECEIPT = {"sku": "LAMP-1", "quantity": 3, "destination": SHELF}


def _on_hand(client: TestClient, headers: dict[str, str]) -> int:
    rows = client.get("/api/v1/stock", params={"sku": "LAMP-1"}, headers=headers).json()["items"]
    return sum(int(r["on_hand"]) for r in rows)


def test_a_replay_returns_the_first_response_and_moves_nothing(
    client: TestClient, engine: Engine, make_key: KeyMaker
) -> None:
    stock_a_shelf(engine, {"LAMP-1": 10})
    lead = {**auth(make_key(Role.LEAD)), "Idempotency-Key": "receipt-0001"}
    first = client.post("/api/v1/stock/receipts", json=RECEIPT, headers=lead)
    again = client.post("/api/v1/stock/receipts", json=RECEIPT, headers=lead)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    assert _on_hand(client, lead) == 13


def test_the_same_key_with_another_body_is_refused(client: TestClient, engine: Engine, make_key: KeyMaker) -> None:
    stock_a_shelf(engine, {"LAMP-1": 10})
    lead = {**auth(make_key(Role.LEAD)), "Idempotency-Key": "receipt-0002"}
    assert client.post("/api/v1/stock/receipts", json=RECEIPT, headers=lead).status_code == 201
    reused = client.post("/api/v1/stock/receipts", json={**RECEIPT, "quantity": 4}, headers=lead)
    assert reused.status_code == 422
    assert reused.json()["type"].endswith("/idempotency-key-reused")
    assert _on_hand(client, lead) == 13


def test_keys_belong_to_the_api_key_that_used_them(client: TestClient, engine: Engine, make_key: KeyMaker) -> None:
    stock_a_shelf(engine, {"LAMP-1": 10})
    for _ in range(2):
        lead = {**auth(make_key(Role.LEAD)), "Idempotency-Key": "shared-name"}
        assert "Idempotent-Replayed" not in client.post("/api/v1/stock/receipts", json=RECEIPT, headers=lead).headers
    assert _on_hand(client, lead) == 16


def test_a_refused_request_is_replayed_as_refused(client: TestClient, engine: Engine, make_key: KeyMaker) -> None:
    stock_a_shelf(engine, {"LAMP-1": 10})
    lead = {**auth(make_key(Role.LEAD)), "Idempotency-Key": "move-too-much"}
    move = {"sku": "LAMP-1", "quantity": 50, "source": SHELF, "destination": "A-01-03-01"}
    first = client.post("/api/v1/stock/transfers", json=move, headers=lead)
    again = client.post("/api/v1/stock/transfers", json=move, headers=lead)
    assert first.status_code == again.status_code == 409
    assert again.json() == first.json()


def test_concurrent_duplicates_run_once(client: TestClient, engine: Engine, make_key: KeyMaker) -> None:
    stock_a_shelf(engine, {"LAMP-1": 10})
    lead = {**auth(make_key(Role.LEAD)), "Idempotency-Key": "receipt-race"}
    with ThreadPoolExecutor(max_workers=4) as pool:
        responses = list(
            pool.map(lambda _: client.post("/api/v1/stock/receipts", json=RECEIPT, headers=lead), range(4))
        )
    statuses = sorted(r.status_code for r in responses)
    assert set(statuses) <= {201, 409} and 201 in statuses
    assert len({r.json()["move_id"] for r in responses if r.status_code == 201}) == 1
    assert _on_hand(client, lead) == 13
