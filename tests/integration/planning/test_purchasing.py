"""Accepting purchase suggestions (SQLite and PostgreSQL): goods on order that the next plan counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

import pandas as pd
import pytest

from lamplighter.domain.errors import InvalidQuantity
from lamplighter.services.check import check_ledger
from lamplighter.services.planning_cycle import PlanningCycleOptions, PlanningCycleResult, run_planning_cycle
from lamplighter.services.purchasing import (
    Acceptance,
    AlreadyOnOrder,
    UnknownSuggestion,
    accept_suggestions,
    orders_placed,
)
from lamplighter.services.unit_of_work import UnitOfWork
from tests.integration.planning.test_planning_cycle import RUN_DATE, _shop

MORNING = datetime.combine(RUN_DATE, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)


def _suggested(result: PlanningCycleResult, sku: str, mode: str) -> int:
    frame = result.plan.suggestions
    rows = frame[(frame["sku"] == sku) & (frame["mode"] == mode)]
    return int(rows["quantity"].sum())


def test_an_accepted_suggestion_is_on_order_with_its_eta_and_the_next_plan_counts_it(
    uow: UnitOfWork, tmp_path: Path
) -> None:
    _shop(uow, tmp_path)
    first = run_planning_cycle(uow, PlanningCycleOptions(run_date=RUN_DATE, forecast=False))
    suggested = _suggested(first, "HOT", "sea")
    assert suggested > 0
    (po,) = accept_suggestions(uow, [Acceptance("HOT", "sea")], RUN_DATE, now=MORNING)
    assert po.quantity == suggested and po.ordered_on == RUN_DATE
    # A full MultiIndex key selects a row; pandas-stubs reads the tuple as (row, column).
    row = cast(pd.Series, first.plan.suggestions.set_index(["sku", "mode"]).loc[("HOT", "sea")])
    assert po.eta == RUN_DATE + timedelta(days=int(row["arrives_in_days"]))
    assert orders_placed(uow, RUN_DATE) == {("HOT", "sea")}
    again = run_planning_cycle(uow, PlanningCycleOptions(run_date=RUN_DATE, forecast=False))
    assert _suggested(again, "HOT", "sea") < suggested  # what is on order is not suggested again
    assert check_ledger(uow).clean


def test_a_suggestion_is_accepted_once_and_an_edited_quantity_is_kept(uow: UnitOfWork, tmp_path: Path) -> None:
    _shop(uow, tmp_path)
    run_planning_cycle(uow, PlanningCycleOptions(run_date=RUN_DATE, forecast=False))
    (po,) = accept_suggestions(uow, [Acceptance("HOT", "sea", 1234)], RUN_DATE, now=MORNING)
    assert po.quantity == 1234
    with pytest.raises(AlreadyOnOrder):
        accept_suggestions(uow, [Acceptance("HOT", "sea", 10)], RUN_DATE, now=MORNING)
    with uow.reader() as reader:
        in_transit = reader.ledger.moves(sku="HOT")
    assert [m.move.quantity for m in in_transit if m.move.destination == "IN_TRANSIT"] == [1234]


def test_accepting_is_all_or_nothing(uow: UnitOfWork, tmp_path: Path) -> None:
    _shop(uow, tmp_path)
    run_planning_cycle(uow, PlanningCycleOptions(run_date=RUN_DATE, forecast=False))
    with pytest.raises(UnknownSuggestion, match="SLOW"):
        accept_suggestions(uow, [Acceptance("HOT", "sea"), Acceptance("SLOW", "sea")], RUN_DATE, now=MORNING)
    with pytest.raises(InvalidQuantity):
        accept_suggestions(uow, [Acceptance("HOT", "sea", 0)], RUN_DATE, now=MORNING)
    assert orders_placed(uow, RUN_DATE) == set()
