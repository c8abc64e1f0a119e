"""The planning cycle through the API (planner)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lamplighter.services.api_keys import Role
from tests.e2e.conftest import KeyMaker, auth
from tests.e2e.world import stock_a_shelf


def test_a_planner_runs_the_plan_and_gets_suggestions_alerts_and_advice(
    client: TestClient, engine: Engine, make_key: KeyMaker
) -> None:
    stock_a_shelf(engine, {"LAMP-1": 10, "LAMP-2": 0 + 1})
    planner = {**auth(make_key(Role.PLANNER)), "Idempotency-Key": "plan-2026-11-20"}
    body = {"run_date": "2026-11-20", "forecast": False}
    response = client.post("/api/v1/plans", json=body, headers=planner)
    assert response.status_code == 201, response.text
    plan = response.json()
    assert plan["run_date"] == "2026-11-20" and plan["summary"]["skus"] == 2
    assert {a["sku"] for a in plan["advice"]} <= {"LAMP-1", "LAMP-2"}
    assert client.post("/api/v1/plans", json=body, headers=planner).json() == plan  # replayed


def test_a_lead_may_not_run_the_plan(client: TestClient, make_key: KeyMaker) -> None:
    assert client.post("/api/v1/plans", json={}, headers=auth(make_key(Role.LEAD))).status_code == 403
