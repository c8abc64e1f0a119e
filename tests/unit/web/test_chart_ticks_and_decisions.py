"""Chart gridlines at round numbers; the overview's plan decisions say how many and which."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from lamplighter.entrypoints.web.charts import ForecastPoint, demand_chart
from lamplighter.entrypoints.web.overview import plan_decisions
from lamplighter.entrypoints.web.plan_sections import PlanDigest, alert_numbers
from lamplighter.services.plan_reports import StoredPlan


def test_gridlines_are_labelled_with_round_numbers() -> None:
    start = date(2026, 1, 1)
    history = [(start + timedelta(days=i), 5.6 if i == 3 else 1.0) for i in range(30)]
    labels = re.findall(r'text-anchor="end"[^>]*>([^<]+)<', str(demand_chart(history, [])))
    assert labels == ["0", "2", "4", "6", "8"]
    small = [ForecastPoint(start + timedelta(days=40), 0.2, 0.0, 0.9)]
    labels = re.findall(r'text-anchor="end"[^>]*>([^<]+)<', str(demand_chart([], small)))
    assert labels == ["0.00", "0.25", "0.50", "0.75", "1.00"]


def _plan(suggestions: list[dict[str, object]], advice: list[dict[str, object]]) -> StoredPlan:
    return StoredPlan(1, date(2026, 11, 20), datetime(2026, 11, 20), 0.97, 90, {}, suggestions, [], advice)


def test_air_shipments_and_due_pauses_become_decisions_with_their_numbers() -> None:
    air = [
        {"sku": f"S{i}", "mode": "air", "quantity": 10, "goods_cost": 50.0, "freight_cost": 20.0, "within_budget": True}
        for i in range(6)
    ]
    sea = {"sku": "SEA", "mode": "sea", "quantity": 99, "goods_cost": 1.0, "freight_cost": 1.0, "within_budget": True}
    pauses: list[dict[str, object]] = [
        {"sku": "P1", "action": "pause", "pause_by": date(2026, 11, 21)},
        {"sku": "P2", "action": "pause", "pause_by": date(2026, 12, 30)},  # not due yet
        {"sku": "H", "action": "hold", "pause_by": None},
    ]
    plan = _plan([*air, sea], pauses)
    decided = plan.decisions()
    found = plan_decisions(PlanDigest(plan, [], decided["air"], decided["pauses"]))
    assert found[0].title == "6 air shipments proposed (60 units, 420 goods + freight)"
    assert found[0].detail == "Approve or refuse: S0, S1, S2, S3 and 2 more."
    assert found[1].title == "1 ad pauses due (first by 21 Nov)" and "P1" in found[1].detail


def test_before_any_plan_the_overview_asks_for_one() -> None:
    (only,) = plan_decisions(None)
    assert only.href == "/plan" and "No plan" in only.title


def test_an_alert_says_its_numbers_in_words_of_its_kind() -> None:
    stockout = {"kind": "stockout_before_arrival", "value": 3.0, "threshold": 22.0}
    assert alert_numbers(stockout) == "out in 3 d, stock arrives in 22 d"
    assert alert_numbers({"kind": "below_safety_stock", "value": 1.0, "threshold": 7.0}) == "1 on hand, safety stock 7"
    assert alert_numbers({"kind": "something_new", "value": 2.0, "threshold": None}) == "2 against –"
    # A stock-out with nothing on the way is stored without a threshold (infinity has no NUMERIC).
    assert alert_numbers({**stockout, "threshold": None}) == "out in 3 d, nothing on the way"
