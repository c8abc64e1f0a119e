"""Reorder point and order quantity per SKU, with the fill-rate target spread where it pays.

A seller's target is a fill rate over the whole range (units served / units wanted). Giving every
SKU the same service level is the textbook way and it is wasteful: a SKU with large, rare orders
needs a huge reorder point for a high fill rate, while a steady seller reaches it with little
safety stock. Here each SKU gets the reorder point ``s`` and order quantity ``Q`` that minimise

    sum_i  w_i * (E[(s_i - D_i)+] + Q_i / 2)   +   lambda * sum_i  d_i * E[(D_i - s_i)+] / Q_i

(stock held, weighted by ``w`` = 1 for units or unit cost for value; plus expected units lost per
day), and ``lambda`` is found by bisection so that expected lost units are ``(1 - target)`` of
demand. For fixed ``Q`` the optimal ``s`` is a quantile of protection-period demand at level
``lambda d / (w Q + lambda d)`` (set the derivative to zero), so the search is over a handful of
``Q`` values per SKU, not a grid of reorder points. No library solves this multi-item
service-constrained (s, Q) problem on sample-based demand, hence the hand-written search.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special  # type: ignore[import-untyped]  # scipy comes with statsforecast; no stubs

from lamplighter.planning.replenishment.outlook import DemandOutlook
from lamplighter.planning.replenishment.safety_stock import (
    expected_leftover,
    expected_shortage,
    lead_time_demand_sd,
    reorder_point_for_fill_rate,
    reorder_point_from_samples,
)

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class StockPolicyParams:
    """How reorder points and order quantities are set.

    ``fill_rate``: target share of demand served from stock (a fill rate, not a cycle service
    level). ``differentiate``: spread the target over SKUs where it pays (False: every SKU gets
    ``fill_rate`` and ``order_cover_days``). ``cover_days_options``: order quantities tried, in days
    of mean demand. ``holding_weight``: ``units`` to minimise units held, ``value`` for money held.
    """

    fill_rate: float = 0.97
    differentiate: bool = True
    order_cover_days: float = 30.0
    cover_days_options: tuple[float, ...] = (7.0, 14.0, 21.0, 30.0, 45.0, 60.0, 90.0)
    holding_weight: str = "units"

    def __post_init__(self) -> None:
        if not 0.0 < self.fill_rate < 1.0:
            raise ValueError("fill_rate must be strictly between 0 and 1")
        if self.holding_weight not in ("units", "value"):
            raise ValueError("holding_weight must be 'units' or 'value'")


@dataclass(frozen=True, slots=True)
class StockPolicy:
    """Per SKU: order when inventory position <= ``reorder_point``, up to ``order_up_to``.

    ``safety_stock`` is the expected stock left when a replenishment lands, ``E[(s - D)+]``;
    ``planned_fill`` the fill rate each SKU is planned for (differentiated SKUs differ).
    """

    reorder_point: FloatArray
    order_qty: FloatArray
    safety_stock: FloatArray
    planned_fill: FloatArray

    @property
    def order_up_to(self) -> FloatArray:
        return self.reorder_point + self.order_qty


def round_to_packs(qty: FloatArray, case_pack: FloatArray | float = 1.0, moq: FloatArray | float = 1.0) -> FloatArray:
    """Round an order quantity up to whole case packs and at least the MOQ (itself in whole packs); 0 stays 0."""
    pack = np.maximum(np.asarray(case_pack, dtype=np.float64), 1.0)
    floor_qty = np.ceil(np.maximum(np.asarray(moq, dtype=np.float64), 1.0) / pack) * pack
    packs = np.ceil(np.maximum(np.asarray(qty, dtype=np.float64), 0.0) / pack - 1e-9) * pack
    return np.asarray(np.where(packs > 0, np.maximum(packs, floor_qty), 0.0), dtype=np.float64)


def plan_stock_policy(
    outlook: DemandOutlook,
    params: StockPolicyParams | None = None,
    *,
    unit_value: FloatArray | None = None,
    case_pack: FloatArray | float = 1.0,
    moq: FloatArray | float = 1.0,
) -> StockPolicy:
    """Reorder points and order quantities for every SKU of ``outlook`` at the fill-rate target.

    Needs ``outlook.lead_time_demand`` samples; SKUs with no expected demand get zeros (never ordered).
    """
    p = params or StockPolicyParams()
    samples = _samples(outlook)
    d = np.maximum(outlook.mean_daily, 0.0)
    if not p.differentiate:
        qty = round_to_packs(d * p.order_cover_days, case_pack, moq)
        level = np.where(d > 0, reorder_point_for_fill_rate(samples, p.fill_rate, np.maximum(qty, 1e-9)), 0.0)
        return _policy(samples, level, qty, d)
    weight = np.ones_like(d) if p.holding_weight == "units" or unit_value is None else np.maximum(unit_value, 1e-6)
    options = np.stack([round_to_packs(d * c, case_pack, moq) for c in p.cover_days_options], axis=1)
    options = np.maximum(options, 1.0)
    allowed_lost = (1.0 - p.fill_rate) * d.sum()
    lo, hi = -6.0, 12.0  # log10 of lambda, the price of one lost unit per day in held units
    for _ in range(40):
        mid = 0.5 * (lo + hi)
        level, qty = _best_for_price(samples, d, weight, options, 10.0**mid)
        lost = (d * expected_shortage(samples, level) / qty).sum()
        lo, hi = (mid, hi) if lost > allowed_lost else (lo, mid)
    level, qty = _best_for_price(samples, d, weight, options, 10.0**hi)
    active = d > 0
    return _policy(samples, np.where(active, level, 0.0), np.where(active, qty, 0.0), d)


def corrected_fill_target(target: float, planned: float, realised: float, gain: float = 0.5) -> float:
    """The fill rate to plan for next, given that planning for ``planned`` recently gave ``realised``.

    Forecast errors the outlook does not know about (a season starting, a product taking off) make
    the realised fill rate fall short of the planned one. This feedback scales the planned shortfall
    ``1 - planned`` by ``((1 - target) / (1 - realised)) ** gain`` (``gain`` < 1 damps the noise of a
    short window), and keeps it between a tenth and three times the target's shortfall.
    """
    miss_target, miss_planned = 1.0 - target, 1.0 - planned
    miss_real = max(1.0 - realised, miss_target / 100.0)
    miss_next = miss_planned * (miss_target / miss_real) ** gain
    return 1.0 - float(np.clip(miss_next, miss_target / 10.0, min(3.0 * miss_target, 0.5)))


def _samples(outlook: DemandOutlook) -> FloatArray:
    if outlook.lead_time_demand is None or outlook.lead_time_demand.shape[1] < 2:
        raise ValueError("plan_stock_policy needs lead-time demand samples; build them with normal_samples()")
    return outlook.lead_time_demand


def _best_for_price(
    samples: FloatArray, d: FloatArray, weight: FloatArray, options: FloatArray, price: float
) -> tuple[FloatArray, FloatArray]:
    """For one price of a lost unit, each SKU's cheapest (s, Q) among the order-quantity options."""
    n, k = options.shape
    best_cost = np.full(n, np.inf)
    best_level, best_qty = np.zeros(n), np.ones(n)
    for j in range(k):  # a handful of order-quantity options, each vectorised over all SKUs
        qty = options[:, j]
        alpha = np.clip(price * d / (weight * qty + price * d), 1e-6, 1 - 1e-6)
        level = np.maximum(reorder_point_from_samples(samples, alpha), 0.0)
        held = expected_leftover(samples, level) + qty / 2.0
        cost = weight * held + price * d * expected_shortage(samples, level) / qty
        better = cost < best_cost
        best_cost = np.where(better, cost, best_cost)
        best_level = np.where(better, level, best_level)
        best_qty = np.where(better, qty, best_qty)
    return best_level, best_qty


def _policy(samples: FloatArray, level: FloatArray, qty: FloatArray, d: FloatArray) -> StockPolicy:
    shortage = expected_shortage(samples, level)
    fill = np.where(qty > 0, 1.0 - shortage / np.maximum(qty, 1e-9), 1.0)
    return StockPolicy(level, qty, expected_leftover(samples, level), np.clip(fill, 0.0, 1.0) * (d > 0) + (d <= 0))


def normal_samples(outlook: DemandOutlook, lead_sd: FloatArray, m: int = 200) -> DemandOutlook:
    """The outlook with protection-period samples from the normal formula (mean ``d P``, sd ``sqrt(P sd_d^2 + d^2 sd_L^2)``), floored at 0."""
    levels = (np.arange(m) + 0.5) / m
    mu = outlook.mean_daily * outlook.protection_days
    sd = lead_time_demand_sd(outlook.mean_daily, outlook.sd_daily, outlook.protection_days, lead_sd)
    samples = np.maximum(mu[:, None] + sd[:, None] * special.ndtri(levels)[None, :], 0.0)
    return DemandOutlook(outlook.skus, outlook.mean_daily, outlook.sd_daily, outlook.protection_days, samples)
