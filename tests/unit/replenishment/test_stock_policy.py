"""Per-SKU (s, Q) at a fill-rate target: the target is met in expectation, with less stock than one rule for all."""

from __future__ import annotations

import numpy as np
import pytest

from lamplighter.planning.replenishment.outlook import DemandOutlook, gamma_samples, moment_outlook
from lamplighter.planning.replenishment.safety_stock import expected_leftover, expected_shortage
from lamplighter.planning.replenishment.stock_policy import StockPolicyParams, plan_stock_policy


def _outlook() -> DemandOutlook:
    # Two steady sellers and two lumpy ones, 36-day protection period.
    mean_daily = np.array([50.0, 20.0, 10.0, 5.0])
    ltd_mean = mean_daily * 36
    ltd_sd = np.array([0.2, 0.25, 1.2, 1.5]) * ltd_mean
    samples = gamma_samples(ltd_mean, ltd_sd, 400)
    return DemandOutlook(("A", "B", "C", "D"), mean_daily, ltd_sd / 6, np.full(4, 36.0), samples)


def _expected_fill_and_stock(outlook: DemandOutlook, params: StockPolicyParams) -> tuple[float, float]:
    policy = plan_stock_policy(outlook, params)
    assert outlook.lead_time_demand is not None
    samples, s, q = outlook.lead_time_demand, policy.reorder_point, policy.order_qty
    per_cycle = expected_shortage(samples, s) - expected_shortage(samples, s + q)  # Hadley-Whitin
    lost = outlook.mean_daily * per_cycle / q
    stock = expected_leftover(outlook.lead_time_demand, policy.reorder_point) + policy.order_qty / 2
    return 1 - lost.sum() / outlook.mean_daily.sum(), float(stock.sum())


def test_differentiated_plan_meets_the_fill_target_in_expectation() -> None:
    fill, _ = _expected_fill_and_stock(_outlook(), StockPolicyParams(fill_rate=0.97))
    assert 0.97 <= fill <= 0.975  # a grid of candidates: at or just above the target


def test_differentiation_holds_less_stock_than_one_rule_for_every_sku() -> None:
    outlook = _outlook()
    uniform_fill, uniform_stock = _expected_fill_and_stock(outlook, StockPolicyParams(0.97, differentiate=False))
    fill, stock = _expected_fill_and_stock(outlook, StockPolicyParams(0.97))
    assert uniform_fill >= 0.97  # the textbook E[(D - s)+] / Q errs on the safe side
    assert fill >= 0.97
    assert stock < 0.9 * uniform_stock


def test_sku_without_demand_is_never_ordered() -> None:
    outlook = moment_outlook(("NEW", "OLD"), np.array([[0.0] * 60, [3.0] * 60]), np.full(2, 35.0), np.full(2, 7.0))
    policy = plan_stock_policy(outlook)
    assert policy.order_qty[0] == 0 and policy.reorder_point[0] == 0
    assert policy.order_qty[1] > 0 and policy.reorder_point[1] > 3.0 * 36


def test_moment_outlook_follows_the_recent_level() -> None:
    history = np.concatenate([np.full((1, 91), 2.0), np.full((1, 91), 10.0)], axis=1)  # a quarter at 10
    outlook = moment_outlook(("RISING",), history, np.array([35.0]), np.array([7.0]))
    assert outlook.mean_daily[0] == pytest.approx(10.0)
    assert outlook.lead_time_demand is not None
    assert np.median(outlook.lead_time_demand[0]) == pytest.approx(360.0, rel=0.1)
