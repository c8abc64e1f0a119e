"""The picker's page without a browser: a short pick and the security headers of a page."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lamplighter.domain.orders import Order, OrderLine
from lamplighter.services import orders, picking, waves
from lamplighter.services.api_keys import Role
from lamplighter.services.unit_of_work import UnitOfWork
from tests.e2e.conftest import KeyMaker
from tests.e2e.world import SHELF, stock_a_shelf


def _one_pick_list(engine: Engine) -> int:
    stock_a_shelf(engine, {"LAMP-1": 10})
    now = datetime.now(UTC)
    order = Order("tiktok", "9001", [OrderLine(1, "LAMP-1", 4)], created_at=now, paid_at=now)
    orders.create_order(UnitOfWork(engine), order)
    released = waves.release_wave(UnitOfWork(engine), waves.WaveRequest(search_seconds=0.2))
    summary = next(w for w in picking.wave_summaries(UnitOfWork(engine)) if w["wave"] == released.wave_id)
    return int(str(summary["pick_lists"]).split(",")[0])


def test_a_short_pick_is_recorded_from_the_picker_page(client: TestClient, engine: Engine, make_key: KeyMaker) -> None:
    list_id = _one_pick_list(engine)
    client.post("/login", data={"api_key": make_key(Role.PICKER), "next": f"/pick/{list_id}"})
    page = client.get(f"/pick/{list_id}")
    task = re.search(r'name="task_id" value="(\d+)"', page.text)
    assert task and SHELF in page.text
    form = {"task_id": task.group(1), "location_scan": SHELF, "sku_scan": "LAMP-1", "found": "3"}
    done = client.post(f"/pick/{list_id}", data=form, follow_redirects=False)
    assert done.status_code == 303
    line = picking.pick_list(UnitOfWork(engine), list_id)["tasks"][0]
    assert (line["picked"], line["short"]) == (3, 1)


def test_pages_and_api_answers_carry_security_headers(client: TestClient) -> None:
    for path in ("/login", "/api/v1/health"):
        headers = client.get(path).headers
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"


def test_floor_kpis_answer_after_a_pick(client: TestClient, engine: Engine, make_key: KeyMaker) -> None:
    list_id = _one_pick_list(engine)
    task = picking.pick_list(UnitOfWork(engine), list_id)["tasks"][0]
    picking.confirm_pick(UnitOfWork(engine), task["task_id"], SHELF, "LAMP-1")
    report = client.get("/api/v1/kpis", headers={"X-API-Key": make_key(Role.VIEWER)})
    assert report.status_code == 200, report.text
    assert report.json()["by_wave"] and "metres_per_line" in report.json()["totals"]
