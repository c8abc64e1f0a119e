"""Stock and orders through the API: moves, reservations, problem details with the facts."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lamplighter.services.api_keys import Role
from tests.e2e.conftest import KeyMaker, auth
from tests.e2e.world import SHELF, demo_layout_document, stock_a_shelf


def test_an_admin_loads_the_layout_and_a_viewer_reads_it(client: TestClient, make_key: KeyMaker) -> None:
    loaded = client.put("/api/v1/layout", json=demo_layout_document(), headers=auth(make_key(Role.ADMIN)))
    assert loaded.status_code == 200, loaded.text
    viewer = auth(make_key(Role.VIEWER))
    layout = client.get("/api/v1/layout", headers=viewer).json()
    assert {z["code"] for z in layout["zones"]} >= {"A", "B", "P", "S"}
    page = client.get("/api/v1/locations", params={"zone": "A", "limit": 5}, headers=viewer).json()
    zone_a = next(z for z in layout["zones"] if z["code"] == "A")
    assert len(page["items"]) == 5 and page["total"] == zone_a["locations"] > 5
    assert all(item["zone"] == "A" for item in page["items"])


def test_a_bad_layout_is_refused_with_the_field_named(client: TestClient, make_key: KeyMaker) -> None:
    response = client.put("/api/v1/layout", json={"zones": []}, headers=auth(make_key(Role.ADMIN)))
    assert response.status_code == 422
    assert response.json()["type"].endswith("/invalid-layout") and "zones" in response.json()["detail"]


def test_receive_then_see_the_stock(client: TestClient, engine: Engine, make_key: KeyMaker) -> None:
    stock_a_shelf(engine, {"LAMP-1": 10})
    lead = auth(make_key(Role.LEAD))
    made = client.post(
        "/api/v1/stock/receipts", json={"sku": "LAMP-1", "quantity": 5, "destination": SHELF}, headers=lead
    )
    assert made.status_code == 201 and made.json()["move_id"] > 0
    rows = client.get("/api/v1/stock", params={"sku": "LAMP-1"}, headers=lead).json()["items"]
    assert [(r["location"], r["on_hand"], r["available"]) for r in rows] == [(SHELF, 15, 15)]


def test_reserving_more_than_there_is_gives_409_with_the_facts(
    client: TestClient, engine: Engine, make_key: KeyMaker
) -> None:
    stock_a_shelf(engine, {"LAMP-1": 10})
    lead = auth(make_key(Role.LEAD))
    order = {"channel": "tiktok", "external_id": "5001", "lines": [{"line_no": 1, "sku": "LAMP-1", "quantity": 12}]}
    assert client.post("/api/v1/orders", json=order, headers=lead).status_code == 201
    ok = client.post(
        "/api/v1/orders/tiktok:5001/reservations", json={"line_no": 1, "location": SHELF, "quantity": 4}, headers=lead
    )
    assert ok.status_code == 201, ok.text
    refused = client.post(
        "/api/v1/orders/tiktok:5001/reservations", json={"line_no": 1, "location": SHELF, "quantity": 7}, headers=lead
    )
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    body = refused.json()
    assert (body["sku"], body["location"], body["wanted"], body["available"]) == ("LAMP-1", SHELF, 7, 6)
    assert client.get("/api/v1/orders/tiktok:5001", headers=lead).json()["lines"][0]["reserved"] == 4
    assert client.get("/api/v1/ledger/check", headers=lead).json()["clean"] is True


def test_an_unknown_order_is_404(client: TestClient, make_key: KeyMaker) -> None:
    response = client.get("/api/v1/orders/tiktok:nope", headers=auth(make_key(Role.VIEWER)))
    assert response.status_code == 404 and response.json()["ref"] == "tiktok:nope"


def test_a_body_over_the_limit_is_refused_with_413(client: TestClient, make_key: KeyMaker) -> None:
    big = {"channel": "tiktok", "external_id": "1", "lines": [], "padding": "x" * (2 << 20)}
    response = client.post("/api/v1/orders", json=big, headers=auth(make_key(Role.LEAD)))
    assert response.status_code == 413 and response.json()["limit_bytes"] == 1 << 20
