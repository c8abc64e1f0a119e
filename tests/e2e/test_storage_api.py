"""Putaway and slotting through the API (lead)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lamplighter.services.api_keys import Role
from tests.e2e.conftest import KeyMaker, auth
from tests.e2e.world import stock_a_shelf


def test_a_receipt_in_staging_is_put_away_where_suggested(
    client: TestClient, engine: Engine, make_key: KeyMaker
) -> None:
    stock_a_shelf(engine, {"LAMP-1": 10})
    lead = auth(make_key(Role.LEAD))
    receipt = {"sku": "LAMP-1", "quantity": 6, "reference": "PO-7"}
    assert client.post("/api/v1/stock/receipts", json=receipt, headers=lead).status_code == 201
    suggested = client.get("/api/v1/putaway/PO-7", headers=lead).json()
    assert [(line["sku"], line["quantity"]) for line in suggested] == [("LAMP-1", 6)]
    targets = {step["location"] for step in suggested[0]["steps"]}
    done = client.post("/api/v1/putaway/PO-7", json={}, headers=lead)
    assert done.status_code == 201 and done.json()["move_ids"]
    rows = client.get("/api/v1/stock", params={"sku": "LAMP-1"}, headers=lead).json()["items"]
    assert {r["location"] for r in rows if r["kind"] != "staging"} >= targets
    assert all(r["kind"] != "staging" for r in rows)


def test_an_unknown_receipt_is_404(client: TestClient, engine: Engine, make_key: KeyMaker) -> None:
    stock_a_shelf(engine, {"LAMP-1": 1})
    response = client.get("/api/v1/putaway/PO-none", headers=auth(make_key(Role.LEAD)))
    assert response.status_code == 404, response.text


def test_a_slotting_preview_writes_nothing(client: TestClient, engine: Engine, make_key: KeyMaker) -> None:
    stock_a_shelf(engine, {"LAMP-1": 10})
    response = client.get("/api/v1/slotting/plan", params={"max_moves": 5}, headers=auth(make_key(Role.LEAD)))
    assert response.status_code == 200, response.text
    assert response.json()["plan_id"] is None and len(response.json()["moves"]) <= 5
