"""The daily planning cycle against the store (SQLite and PostgreSQL): plan, store by date, re-run."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import cast

import pandas as pd
import pytest
from sqlalchemy import func, select

from lamplighter.adapters.db.planning_repository import PlanningRepository
from lamplighter.adapters.db.tables_planning import planning_runs
from lamplighter.domain.ledger import Move, MoveReason, VirtualLocation
from lamplighter.services.catalog import save_skus
from lamplighter.services.imports import import_orders
from lamplighter.services.ledger import record_moves
from lamplighter.services.locations import load_layout_into_db
from lamplighter.services.planning_cycle import NothingToPlan, PlanningCycleOptions, run_planning_cycle
from lamplighter.services.stock import receive
from lamplighter.services.unit_of_work import UnitOfWork, run_in_transaction
from tests.factories import make_layout_document, make_sku

RUN_DATE = date(2026, 11, 27)


def _shop(uow: UnitOfWork, tmp_path: Path) -> None:
    """HOT sells 20 a day and has 30 left; SLOW sells one every 5 days and has 500."""
    load_layout_into_db(uow, make_layout_document())
    save_skus(uow, [make_sku("HOT", unit_cost=4.0, unit_price=12.0), make_sku("SLOW", unit_cost=3.0, unit_price=9.0)])
    rows = []
    for day in range(140):
        when = pd.Timestamp(RUN_DATE - timedelta(days=140 - day)) + pd.Timedelta(hours=10)
        rows.append((f"H{day}", "HOT", 20, when))
        if day % 5 == 0:
            rows.append((f"S{day}", "SLOW", 1, when))
    path = tmp_path / "lines.csv"
    pd.DataFrame(rows, columns=["order_id", "sku", "quantity", "ordered_at"]).to_csv(path, index=False)
    import_orders(uow, path, "lines")
    receive(uow, "HOT", 30)
    receive(uow, "SLOW", 500)


def test_plan_orders_the_fast_seller_pauses_its_ads_and_clears_the_slow_one(uow: UnitOfWork, tmp_path: Path) -> None:
    _shop(uow, tmp_path)
    result = run_planning_cycle(uow, PlanningCycleOptions(run_date=RUN_DATE, forecast=False))
    suggestions = result.plan.suggestions.set_index(["sku", "mode"])
    # pandas-stubs types a cell as any scalar; "quantity" holds int64.
    assert cast(int, suggestions.loc[("HOT", "sea"), "quantity"]) > 20 * 35  # at least the lead-time demand
    assert ("SLOW", "sea") not in suggestions.index
    advice = result.plan.advice.set_index("sku")
    assert advice.loc["HOT", "action"] == "pause"
    assert advice.loc["HOT", "pause_by"] == RUN_DATE  # 30 units last one day; 2 days of ad lag
    assert advice.loc["SLOW", "action"] == "clearance"
    kinds = set(zip(result.plan.alerts["sku"], result.plan.alerts["kind"], strict=True))
    assert ("HOT", "stockout_before_arrival") in kinds and ("SLOW", "slow_mover") in kinds
    with uow.reader() as reader:
        store = PlanningRepository(reader.connection)
        (run,) = store.runs()
        assert run["run_date"] == RUN_DATE and run["summary"]["orders"]["sea"] >= 1
        stored = {r["sku"]: r["action"] for r in store.rows_of(run["id"], "advice")}
        assert stored == {"HOT": "pause", "SLOW": "clearance"}


def test_re_running_a_date_replaces_its_plan_and_keeps_other_dates(uow: UnitOfWork, tmp_path: Path) -> None:
    _shop(uow, tmp_path)
    run_planning_cycle(uow, PlanningCycleOptions(run_date=RUN_DATE, forecast=False))
    run_planning_cycle(uow, PlanningCycleOptions(run_date=RUN_DATE, forecast=False))
    run_planning_cycle(uow, PlanningCycleOptions(run_date=RUN_DATE - timedelta(days=1), forecast=False))
    with uow.reader() as reader:
        count = reader.connection.execute(select(func.count()).select_from(planning_runs)).scalar_one()
        dates = [r["run_date"] for r in PlanningRepository(reader.connection).runs()]
    assert count == 2
    assert dates == [RUN_DATE, RUN_DATE - timedelta(days=1)]


def test_stock_on_the_way_counts_from_the_eta_in_its_reference(uow: UnitOfWork, tmp_path: Path) -> None:
    _shop(uow, tmp_path)
    eta = RUN_DATE + timedelta(days=5)  # sooner than an air order placed today (8 days) could land
    shipped = Move(
        "HOT",
        VirtualLocation.SUPPLIER.value,
        VirtualLocation.IN_TRANSIT.value,
        600,
        MoveReason.TRANSFER,
        reference=f"PO-7 sea ETA {eta:%Y-%m-%d}",
        at=datetime.combine(RUN_DATE - timedelta(days=25), time(9), tzinfo=UTC),
    )
    run_in_transaction(uow, lambda u: record_moves(u, [shipped]))
    result = run_planning_cycle(uow, PlanningCycleOptions(run_date=RUN_DATE, forecast=False))
    hot = result.plan.advice.set_index("sku").loc["HOT"]
    assert hot["next_arrival_date"] == eta
    alert = result.plan.alerts[
        (result.plan.alerts["sku"] == "HOT") & (result.plan.alerts["kind"] == "stockout_before_arrival")
    ]
    assert "next arrival in 5 days" in alert.iloc[0]["message"]
    # A full MultiIndex key selects a row; pandas-stubs reads the tuple as (row, column).
    sea = cast(pd.Series, result.plan.suggestions.set_index(["sku", "mode"]).loc[("HOT", "sea")])
    assert sea["inventory_position"] == 630  # 30 on hand + 600 on the way


def test_an_empty_catalog_is_refused_with_what_to_do_and_nothing_is_stored(uow: UnitOfWork) -> None:
    with pytest.raises(NothingToPlan, match="import skus"):
        run_planning_cycle(uow)
    with uow.reader() as reader:
        assert reader.connection.execute(select(func.count()).select_from(planning_runs)).scalar_one() == 0
