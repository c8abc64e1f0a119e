"""Sea for the steady state, air for the gap: the decision worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lamplighter.planning.replenishment.lanes import AIR, SEA, freight_per_unit, lead_time
from lamplighter.planning.replenishment.projection import arrivals_matrix, project_stock
from lamplighter.planning.replenishment.stock_policy import StockPolicy, round_to_packs
from lamplighter.planning.replenishment.suggestions import OpenOrders, SkuFacts, SuggestionParams, suggest_orders


def _facts(n: int, price: float = 20.0, lithium: bool = False) -> SkuFacts:
    return SkuFacts(
        skus=tuple(f"LAMP-{i}" for i in range(n)),
        unit_cost=np.full(n, 8.0),
        unit_price=np.full(n, price),
        weight_kg=np.full(n, 0.5),
        volume_m3=np.full(n, 0.002),
        case_pack=np.ones(n),
        moq=np.ones(n),
        lithium_standalone=np.full(n, lithium),
    )


def _policy(n: int) -> StockPolicy:
    return StockPolicy(np.full(n, 500.0), np.full(n, 300.0), np.full(n, 100.0), np.full(n, 0.97))


def _suggest(facts: SkuFacts, on_hand: float = 100.0, budget: float | None = None) -> pd.DataFrame:
    n = len(facts.skus)
    return suggest_orders(
        facts,
        _policy(n),
        np.full(n, 10.0),
        np.full(n, on_hand),
        OpenOrders.none(),
        {"sea": SEA, "air": AIR},
        {"sea": np.full(n, 35.0), "air": np.full(n, 8.0)},
        SuggestionParams(horizon_days=60, budget=budget),
    )


def test_air_covers_the_gap_before_the_sea_arrival_when_margin_beats_freight() -> None:
    # 100 on hand at 10 a day: out on day 10. Sea lands on day 35, air could land on day 8, so
    # days 10..34 lose 250 units. Margin 12 a unit saves 3,000; air costs 3.00 - 0.24 = 2.76 a
    # unit more than sea (0.5 kg x 6 vs 0.002 m3 x 120): 690. Fly 250.
    table = _suggest(_facts(1))
    rows = {row.mode: row for row in table.itertuples()}
    assert rows["sea"].quantity == 700  # up to s + Q = 800 from a position of 100
    assert rows["air"].quantity == 250
    assert rows["air"].stockout_in_days == 10
    reason = rows["air"].reason
    assert isinstance(reason, str)
    assert "margin saved 3,000.00 > extra air freight 690.00" in reason


def test_no_air_when_the_margin_saved_is_below_the_extra_freight() -> None:
    table = _suggest(_facts(1, price=10.5))  # margin 2.5 < 2.76 extra freight per unit
    assert list(table["mode"]) == ["sea"]


def test_standalone_lithium_never_flies() -> None:
    table = _suggest(_facts(1, lithium=True))
    assert list(table["mode"]) == ["sea"]


def test_no_order_above_the_reorder_point() -> None:
    table = _suggest(_facts(1), on_hand=600.0)
    assert table.empty


def test_budget_funds_the_most_urgent_lines_first() -> None:
    facts = _facts(2)
    n = 2
    table = suggest_orders(
        facts,
        _policy(n),
        np.full(n, 10.0),
        np.array([100.0, 400.0]),  # LAMP-0 runs out on day 10, LAMP-1 on day 40
        OpenOrders.none(),
        {"sea": SEA},
        {"sea": np.full(n, 35.0)},
        SuggestionParams(horizon_days=60, budget=6000.0),
    )
    funded = dict(zip(table.sku, table.within_budget, strict=True))
    assert funded == {"LAMP-0": True, "LAMP-1": False}  # 700 x 8.24 = 5,768 fits; the next does not
    reason = table.set_index("sku").loc["LAMP-1", "reason"]
    assert isinstance(reason, str)
    assert "deferred" in reason


def test_lead_time_adds_production_and_transit_means_and_variances() -> None:
    lt = lead_time(np.array([20.0]), np.array([5.0]), SEA)  # 20 +- 5 production, 35 +- 7 sea
    assert lt.mean[0] == 55.0
    assert lt.sd[0] == pytest.approx(np.hypot(5.0, 7.0))
    assert freight_per_unit(np.array([0.5]), np.array([0.002]), AIR)[0] == pytest.approx(3.0)


def test_projection_loses_unmet_demand_instead_of_going_negative() -> None:
    arrivals = arrivals_matrix(1, 6, np.array([0]), np.array([10.0]), np.array([3]))
    projection = project_stock(np.array([5.0]), arrivals, np.array([2.0]))
    assert projection.level[0].tolist() == [3.0, 1.0, 0.0, 8.0, 6.0, 4.0]
    assert projection.lost[0].tolist() == [0.0, 0.0, 1.0, 0.0, 0.0, 0.0]
    assert projection.stockout_day[0] == 2


def test_order_quantities_round_up_to_case_packs_and_moq() -> None:
    qty = round_to_packs(np.array([0.0, 1.0, 13.0, 95.0]), case_pack=12.0, moq=50.0)
    assert qty.tolist() == [0.0, 60.0, 60.0, 96.0]
