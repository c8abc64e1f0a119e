"""The day-by-day simulation: lost sales, past-only views, the same lead-time draws for every policy."""

from __future__ import annotations

import numpy as np
import pytest

from lamplighter.planning.replenishment.lanes import Lane
from lamplighter.planning.simulation.engine import PolicyView, SimulationSetup, draw_lead_times, simulate
from lamplighter.planning.simulation.policies import CoverPolicy, LamplighterPolicy, TextbookSsPolicy


def _setup(demand: np.ndarray, lanes: dict[str, Lane] | None = None) -> SimulationSetup:
    n = demand.shape[0]
    return SimulationSetup(
        skus=tuple(f"S{i}" for i in range(n)),
        demand=demand,
        warmup=20,
        start=60,
        end=demand.shape[1],
        unit_value=np.full(n, 2.0),
        weight_kg=np.full(n, 0.5),
        volume_m3=np.full(n, 0.001),
        lithium_standalone=np.zeros(n, dtype=bool),
        lanes=lanes or {"sea": Lane("sea", 5.0, 0.0, 0.25, 120.0)},
    )


class _Fixed:
    """Orders a fixed quantity on given days and records what it was shown."""

    name = "fixed"

    def __init__(self, days: dict[int, float]) -> None:
        self.days = days
        self.seen: list[int] = []

    def orders(self, view: PolicyView, setup: SimulationSetup) -> dict[str, np.ndarray]:
        self.seen.append(view.history.shape[1])
        assert view.day == view.history.shape[1]
        return {"sea": np.full(view.on_hand.shape, self.days.get(view.day, 0.0))}


def test_unmet_demand_is_lost_and_stock_is_counted_at_close() -> None:
    demand = np.full((1, 80), 10.0)
    policy = _Fixed({55: 100.0})  # lands on day 60 (5-day lead time, no spread): days 60..69 served
    result = simulate(policy, _setup(demand))
    assert result.demand_units == 200.0
    assert result.served_units == 100.0
    assert result.fill_rate == pytest.approx(0.5)
    assert result.stockout_sku_days == 10
    assert result.avg_stock_units == pytest.approx(sum(range(90, -1, -10)) / 20)
    assert result.orders_by_mode == {"sea": 0}  # ordered before the measured days


def test_policies_only_see_days_before_today() -> None:
    policy = _Fixed({})
    simulate(policy, _setup(np.ones((2, 80))))
    assert policy.seen == list(range(20, 80))


def test_every_policy_draws_the_same_lead_time_for_the_same_order() -> None:
    setup = _setup(np.ones((3, 80)), {"sea": Lane("sea", 10.0, 3.0, 0.25, 120.0)})
    first, second = draw_lead_times(setup), draw_lead_times(setup)
    assert np.array_equal(first["sea"], second["sea"])
    assert first["sea"].min() >= 1


def test_policies_beat_nothing_and_ours_reaches_high_fill_on_steady_demand() -> None:
    rng = np.random.default_rng(7)
    demand = rng.poisson(20.0, size=(20, 200)).astype(float)
    setup = _setup(demand)
    setup = SimulationSetup(**{**{f: getattr(setup, f) for f in setup.__slots__}, "warmup": 90, "start": 120})
    ours = simulate(LamplighterPolicy(), setup)
    cover = simulate(CoverPolicy(cover_days=30), setup)
    ss = simulate(TextbookSsPolicy(service=0.97), setup)
    assert ours.fill_rate >= 0.95
    assert cover.fill_rate > 0.9 and ss.fill_rate > 0.9
    assert ours.avg_stock_units < cover.avg_stock_units


def test_ours_flies_the_gap_when_demand_jumps_and_margin_pays_for_it() -> None:
    rng = np.random.default_rng(11)
    demand = np.concatenate([rng.poisson(10.0, (4, 150)), rng.poisson(40.0, (4, 90))], axis=1).astype(float)
    sea = Lane("sea", 30.0, 3.0, 0.25, 120.0)
    air = Lane("air", 5.0, 1.0, 6.0, 1000.0, allows_lithium_standalone=False)
    base = _setup(demand)
    fields = {f: getattr(base, f) for f in base.__slots__}
    fields.update(warmup=60, start=140, unit_margin=np.full(4, 50.0))
    with_air = SimulationSetup(**{**fields, "lanes": {"sea": sea, "air": air}})
    sea_only = SimulationSetup(**{**fields, "lanes": {"sea": sea}})
    flown = simulate(LamplighterPolicy(), with_air)
    shipped = simulate(LamplighterPolicy(), sea_only)
    assert flown.orders_by_mode["air"] > 0
    assert flown.fill_rate > shipped.fill_rate + 0.02
    # Standalone lithium cells never fly, whatever the margin.
    lithium = SimulationSetup(**{**fields, "lanes": {"sea": sea, "air": air}, "lithium_standalone": np.ones(4, bool)})
    assert simulate(LamplighterPolicy(), lithium).orders_by_mode["air"] == 0
