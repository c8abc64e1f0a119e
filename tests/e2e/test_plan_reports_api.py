"""Stored plans through the API (viewer): the latest plan, the ad team's CSV, a SKU's outlook."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lamplighter.services.api_keys import Role
from lamplighter.services.imports import import_orders
from lamplighter.services.planning_cycle import PlanningCycleOptions, run_planning_cycle
from lamplighter.services.unit_of_work import UnitOfWork
from tests.e2e.conftest import KeyMaker, auth
from tests.e2e.world import stock_a_shelf

RUN_DATE = date(2026, 11, 20)


def _planned(engine: Engine, tmp_path: Path, *, forecast: bool) -> None:
    """LAMP-1 sells 12 a day for 20 weeks and has 10 left; LAMP-2 sells 1 a week and has 60; plan RUN_DATE."""
    stock_a_shelf(engine, {"LAMP-1": 10, "LAMP-2": 60})
    rows = []
    for day in range(140):
        when = pd.Timestamp(RUN_DATE - timedelta(days=140 - day)) + pd.Timedelta(hours=10)
        rows.append((f"A{day}", "LAMP-1", 12, when))
        if day % 7 == 0:
            rows.append((f"B{day}", "LAMP-2", 1, when))
    path = tmp_path / "lines.csv"
    pd.DataFrame(rows, columns=["order_id", "sku", "quantity", "ordered_at"]).to_csv(path, index=False)
    import_orders(UnitOfWork(engine), path, "lines")
    run_planning_cycle(UnitOfWork(engine), PlanningCycleOptions(run_date=RUN_DATE, forecast=forecast))


def test_a_viewer_reads_the_latest_stored_plan(
    client: TestClient, engine: Engine, make_key: KeyMaker, tmp_path: Path
) -> None:
    _planned(engine, tmp_path, forecast=False)
    response = client.get("/api/v1/plans/latest", headers=auth(make_key(Role.VIEWER)))
    assert response.status_code == 200, response.text
    plan = response.json()
    assert plan["run_date"] == RUN_DATE.isoformat() and plan["summary"]["skus"] == 2
    assert plan["horizon_days"] > 0 and 0.5 <= plan["fill_target"] < 1
    assert any(s["sku"] == "LAMP-1" and s["quantity"] > 0 and s["reason"] for s in plan["suggestions"])
    assert {a["sku"]: a["action"] for a in plan["advice"]}["LAMP-1"] == "pause"
    assert any(a["sku"] == "LAMP-1" and a["severity"] for a in plan["alerts"])
    by_date = client.get("/api/v1/plans/latest", params={"run_date": "2026-11-20"}, headers=auth(make_key(Role.VIEWER)))
    assert by_date.json()["run_id"] == plan["run_id"]


def test_no_stored_plan_is_a_404_problem_with_the_facts(client: TestClient, engine: Engine, make_key: KeyMaker) -> None:
    response = client.get(
        "/api/v1/plans/latest", params={"run_date": "2026-01-02"}, headers=auth(make_key(Role.VIEWER))
    )
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "2026-01-02" in response.json()["detail"]
    assert client.get("/api/v1/plans/latest/advice.csv", headers=auth(make_key(Role.VIEWER))).status_code == 404


def test_the_ad_team_downloads_the_advice_csv(
    client: TestClient, engine: Engine, make_key: KeyMaker, tmp_path: Path
) -> None:
    _planned(engine, tmp_path, forecast=False)
    response = client.get("/api/v1/plans/latest/advice.csv", headers=auth(make_key(Role.VIEWER)))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="ad-advice-2026-11-20.csv"' in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with the BOM
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_sku = {r["sku"]: r for r in rows}
    assert set(by_sku) == {"LAMP-1", "LAMP-2"} and by_sku["LAMP-1"]["action"] == "pause"
    assert date.fromisoformat(by_sku["LAMP-1"]["pause_by"]) <= RUN_DATE + timedelta(days=2)  # ISO dates


def test_a_sku_outlook_has_its_history_and_the_stored_forecast_band(
    client: TestClient, engine: Engine, make_key: KeyMaker, tmp_path: Path
) -> None:
    _planned(engine, tmp_path, forecast=True)
    response = client.get("/api/v1/skus/LAMP-1/outlook", params={"days_back": 28}, headers=auth(make_key(Role.VIEWER)))
    assert response.status_code == 200, response.text
    outlook = response.json()
    assert outlook["run_date"] == RUN_DATE.isoformat()
    assert len(outlook["history"]) == 28 and {d["units"] for d in outlook["history"]} == {12.0}
    assert outlook["history"][-1]["day"] == (RUN_DATE - timedelta(days=1)).isoformat()
    forecast = outlook["forecast"]
    assert forecast[0]["day"] == RUN_DATE.isoformat() and len(forecast) == 56
    assert all(f["q50"] <= f["q90"] <= f["q99"] for f in forecast)
    assert outlook["advice"]["action"] == "pause" and outlook["suggestions"][0]["reason"]


def test_an_unknown_sku_has_no_outlook(client: TestClient, engine: Engine, make_key: KeyMaker) -> None:
    response = client.get("/api/v1/skus/NOPE/outlook", headers=auth(make_key(Role.VIEWER)))
    assert response.status_code == 404 and "NOPE" in response.json()["detail"]


def test_reading_plans_needs_a_key(client: TestClient) -> None:
    for path in ("/api/v1/plans/latest", "/api/v1/plans/latest/advice.csv", "/api/v1/skus/LAMP-1/outlook"):
        assert client.get(path).status_code == 401, path


def test_a_planner_accepts_ticked_suggestions_on_the_plan_page_and_they_go_on_order(
    client: TestClient, engine: Engine, make_key: KeyMaker, tmp_path: Path
) -> None:
    _planned(engine, tmp_path, forecast=False)
    client.post("/login", data={"api_key": make_key(Role.PLANNER), "next": "/plan"})
    page = client.get("/plan")
    assert page.status_code == 200 and 'value="LAMP-1:sea"' in page.text
    form = {"run_date": RUN_DATE.isoformat(), "accept": ["LAMP-1:sea"], "qty:LAMP-1:sea": "777"}
    accepted = client.post("/plan/accept", data=form)
    assert accepted.status_code == 200 and "PO-20261120-LAMP-1-sea (777" in accepted.text
    assert 'value="LAMP-1:sea"' not in accepted.text and "on order" in accepted.text  # no second tick box
    again = client.post("/plan/accept", data=form)
    assert again.status_code == 422 and "already on order" in again.text
    bad = client.post("/plan/accept", data={**form, "qty:LAMP-1:sea": "lots"})
    assert bad.status_code == 422 and "whole number" in bad.text
    with UnitOfWork(engine).reader() as reader:
        ordered = [m.move.quantity for m in reader.ledger.moves(sku="LAMP-1") if m.move.destination == "IN_TRANSIT"]
    assert ordered == [777]


def test_a_viewer_cannot_accept_suggestions(
    client: TestClient, engine: Engine, make_key: KeyMaker, tmp_path: Path
) -> None:
    _planned(engine, tmp_path, forecast=False)
    client.post("/login", data={"api_key": make_key(Role.VIEWER), "next": "/"})
    refused = client.post("/plan/accept", data={"run_date": RUN_DATE.isoformat(), "accept": ["LAMP-1:sea"]})
    assert refused.status_code in (303, 403)
    with UnitOfWork(engine).reader() as reader:
        assert not [m for m in reader.ledger.moves(sku="LAMP-1") if m.move.destination == "IN_TRANSIT"]


def test_a_planner_accepts_suggestions_through_the_api_once(
    client: TestClient, engine: Engine, make_key: KeyMaker, tmp_path: Path
) -> None:
    _planned(engine, tmp_path, forecast=False)
    planner = auth(make_key(Role.PLANNER))
    body = {"accept": [{"sku": "LAMP-1", "mode": "sea", "quantity": 500}]}
    first = client.post("/api/v1/plans/orders", json=body, headers={**planner, "Idempotency-Key": "po-1"})
    assert first.status_code == 201
    (order,) = first.json()
    assert order["po"] == "PO-20261120-LAMP-1-sea" and order["quantity"] == 500 and order["eta"] > "2026-11-20"
    replay = client.post("/api/v1/plans/orders", json=body, headers={**planner, "Idempotency-Key": "po-1"})
    assert replay.status_code == 201 and replay.json() == first.json()
    twice = client.post("/api/v1/plans/orders", json=body, headers=planner)
    assert twice.status_code == 409 and twice.json()["type"].endswith("/already-on-order")
    unknown = client.post("/api/v1/plans/orders", json={"accept": [{"sku": "LAMP-2", "mode": "air"}]}, headers=planner)
    assert unknown.status_code == 404
    viewer = client.post("/api/v1/plans/orders", json=body, headers=auth(make_key(Role.VIEWER)))
    assert viewer.status_code == 403
