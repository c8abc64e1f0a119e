"""Reading stored plans back (SQLite and PostgreSQL): the latest run, and a SKU's history with its forecast."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from lamplighter.adapters.db.planning_repository import PlanningRepository
from lamplighter.domain.errors import UnknownSku
from lamplighter.services.imports import import_orders
from lamplighter.services.plan_reports import NoPlanYet, latest_run, sku_outlook
from lamplighter.services.planning_cycle import PlanningCycleOptions, run_planning_cycle
from lamplighter.services.unit_of_work import UnitOfWork
from tests.integration.planning.test_planning_cycle import RUN_DATE, _shop


def test_the_latest_run_is_read_back_as_it_was_stored(uow: UnitOfWork, tmp_path: Path) -> None:
    _shop(uow, tmp_path)
    older = run_planning_cycle(uow, PlanningCycleOptions(run_date=RUN_DATE - timedelta(days=1), forecast=False))
    newest = run_planning_cycle(uow, PlanningCycleOptions(run_date=RUN_DATE, forecast=False))
    plan = latest_run(uow)
    assert (plan.run_id, plan.run_date) == (newest.run_id, RUN_DATE)
    assert plan.summary == newest.summary
    assert [(s["sku"], s["mode"], s["quantity"]) for s in plan.suggestions] == list(
        zip(
            newest.plan.suggestions["sku"],
            newest.plan.suggestions["mode"],
            newest.plan.suggestions["quantity"],
            strict=True,
        )
    )
    assert {a["sku"]: a["action"] for a in plan.advice} == {"HOT": "pause", "SLOW": "clearance"}
    assert any(a["kind"] == "stockout_before_arrival" for a in plan.alerts)
    assert [p["sku"] for p in plan.decisions()["pauses"]] == ["HOT"]
    assert latest_run(uow, RUN_DATE - timedelta(days=1)).run_id == older.run_id
    with pytest.raises(NoPlanYet, match="2026-01-01"):
        latest_run(uow, date(2026, 1, 1))


def test_no_plan_yet_is_an_error_with_the_facts(uow: UnitOfWork) -> None:
    with pytest.raises(NoPlanYet, match="no plan has been run"):
        latest_run(uow)


def test_a_run_with_the_engine_keeps_its_daily_forecast_and_the_outlook_draws_from_it(
    uow: UnitOfWork, tmp_path: Path
) -> None:
    _shop(uow, tmp_path)
    result = run_planning_cycle(uow, PlanningCycleOptions(run_date=RUN_DATE, forecast=True))
    assert result.summary["rates_from"] == "forecasting engine"
    outlook = sku_outlook(uow, "HOT", days_back=30)
    assert outlook.run_date == RUN_DATE
    assert [d for d, _ in outlook.history] == [RUN_DATE - timedelta(days=30 - i) for i in range(30)]
    assert all(units == 20 for _, units in outlook.history)
    days = [f["day"] for f in outlook.forecast]
    assert days[0] == RUN_DATE and len(days) == 56 and days == sorted(days)
    for f in outlook.forecast:
        assert f["q50"] <= f["q90"] <= f["q95"] <= f["q99"]
    assert 10 < sum(f["mean"] for f in outlook.forecast) / len(days) < 30  # it sells 20 a day
    assert outlook.advice is not None and outlook.advice["action"] == "pause"
    assert {s["mode"] for s in outlook.suggestions} >= {"sea"}


def test_a_cancellation_is_netted_in_the_outlook_as_in_planning(uow: UnitOfWork, tmp_path: Path) -> None:
    _shop(uow, tmp_path)
    cancelled_on = RUN_DATE - timedelta(days=3)
    when = pd.Timestamp(cancelled_on) + pd.Timedelta(hours=11)
    # The generic format links a cancellation to its order by repeating the order's id: 5 of H137's 20.
    lines = pd.DataFrame(
        [("H137", "HOT", 5, when, "true")], columns=["order_id", "sku", "quantity", "ordered_at", "cancelled"]
    )
    path = tmp_path / "cancel.csv"
    lines.to_csv(path, index=False)
    import_orders(uow, path, "lines")
    history = dict(sku_outlook(uow, "HOT", days_back=10).history)
    assert history[cancelled_on] == 15.0
    assert history[cancelled_on - timedelta(days=1)] == 20.0


def test_the_outlook_without_a_plan_has_history_and_no_forecast(uow: UnitOfWork, tmp_path: Path) -> None:
    _shop(uow, tmp_path)
    outlook = sku_outlook(uow, "SLOW", days_back=20)
    assert outlook.run_date is None and outlook.forecast == [] and outlook.advice is None
    assert outlook.history[-1][0] == RUN_DATE - timedelta(days=5)  # up to its last sale
    assert sum(u for _, u in outlook.history) == 4  # one unit every 5 days
    with pytest.raises(UnknownSku):
        sku_outlook(uow, "NOPE")


def test_a_run_without_the_engine_keeps_no_forecast(uow: UnitOfWork, tmp_path: Path) -> None:
    _shop(uow, tmp_path)
    run_planning_cycle(uow, PlanningCycleOptions(run_date=RUN_DATE, forecast=False))
    outlook = sku_outlook(uow, "HOT")
    assert outlook.run_date == RUN_DATE and outlook.forecast == [] and len(outlook.history) == 120


def test_a_forecast_without_some_quantiles_is_stored_with_empty_ones(uow: UnitOfWork, tmp_path: Path) -> None:
    _shop(uow, tmp_path)
    run = run_planning_cycle(uow, PlanningCycleOptions(run_date=RUN_DATE, forecast=False))
    days = pd.date_range(pd.Timestamp(RUN_DATE), periods=3, freq="D")
    daily = pd.DataFrame({"unique_id": "SLOW", "ds": days, "mean": [0.2, float("nan"), 0.25], "q50": 0.0, "q90": 1.0})
    with uow:
        assert PlanningRepository(uow.connection).save_forecasts(run.run_id, daily) == 3
        uow.commit()
    stored = sku_outlook(uow, "SLOW").forecast
    assert [f["day"] for f in stored] == [d.date() for d in days]
    assert [f["mean"] for f in stored] == [0.2, 0.0, 0.25]  # a blank day expects nothing
    assert all(f["q90"] == 1.0 and f["q95"] is None and f["q99"] is None for f in stored)


def test_only_the_newest_runs_keep_their_daily_forecasts(uow: UnitOfWork, tmp_path: Path) -> None:
    _shop(uow, tmp_path)
    runs = [
        run_planning_cycle(uow, PlanningCycleOptions(run_date=RUN_DATE - timedelta(days=d), keep_forecasts=2))
        for d in (2, 0, 1)  # out of date order: "newest" is by run date, not by when it ran
    ]
    with uow.reader() as reader:
        store = PlanningRepository(reader.connection)
        kept = {run.run_date: bool(store.forecast_of(run.run_id, "HOT")) for run in runs}
        assert store.latest_run(RUN_DATE - timedelta(days=2)) is not None  # the run itself stays
    assert kept == {RUN_DATE: True, RUN_DATE - timedelta(days=1): True, RUN_DATE - timedelta(days=2): False}
