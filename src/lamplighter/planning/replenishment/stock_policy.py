"""Reorder point and order quantity per SKU, with the fill-rate target spread where it pays.

A seller's target is a fill rate over the whole range (units served / units wanted). Giving every
SKU the same service level is the textbook way and it is wasteful: a SKU with large, rare orders
needs a huge reorder point for a high fill rate, while a steady seller reaches it with little
safety stock. Here each SKU gets the reorder point ``s`` and order quantity ``Q`` that minimise

    sum_i  w_i * (E[(s_i - D_i)+] + Q_i / 2)   +   lambda * sum_i  d_i * short_i(s_i, Q_i) / Q_i

(stock held, weighted by ``w`` = 1 for units or unit cost for value; plus expected units lost per
day), and ``lambda`` is found by bisection so that expected lost units are ``(1 - target)`` of
demand. ``short(s, Q) = E[(D - s)+] - E[(D - s - Q)+]`` is the expected shortage per cycle
(Hadley and Whitin): the simpler ``E[(D - s)+]`` counts a shortfall again in every cycle it
overlaps when ``Q`` is small against lead-time demand, and would over-stock fast movers ordered
often. Candidates are a grid of reorder points (quantiles of protection-period demand) times a
handful of order quantities per SKU, evaluated once; the bisection then only picks the cheapest
candidate per SKU for each price. No library solves this multi-item, service-constrained (s, Q)
problem on sample-based demand, hence the hand-written search.
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
    shortage_curve,
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
    candidates = _Candidates(_ShortageCurve(samples), np.maximum(options, 1.0))
    allowed_lost = (1.0 - p.fill_rate) * d.sum()
    lo, hi = -6.0, 12.0  # log10 of lambda, the price of one lost unit per day in held units
    for _ in range(24):  # 18 decades / 2^24: lambda to 1e-6 of a decade, far below the candidate grid
        mid = 0.5 * (lo + hi)
        pick = candidates.cheapest(d, weight, 10.0**mid)
        lost = (d * candidates.take(candidates.lost_per_unit, pick)).sum()
        lo, hi = (mid, hi) if lost > allowed_lost else (lo, mid)
    pick = candidates.cheapest(d, weight, 10.0**hi)
    level, qty = candidates.take(candidates.level, pick), candidates.take(candidates.qty, pick)
    active = d > 0
    return _policy(samples, np.where(active, level, 0.0), np.where(active, qty, 0.0), d)


def _samples(outlook: DemandOutlook) -> FloatArray:
    if outlook.lead_time_demand is None or outlook.lead_time_demand.shape[1] < 2:
        raise ValueError("plan_stock_policy needs lead-time demand samples; build them with normal_samples()")
    return outlook.lead_time_demand


# Reorder points tried: quantiles of protection-period demand, dense towards the top.
_LEVELS = np.concatenate([np.linspace(0.30, 0.90, 13), 1.0 - np.geomspace(0.09, 0.0025, 16)])


class _ShortageCurve:
    """Sorted samples of ``D`` per SKU with ``E[(D - x)+]`` at any ``x`` (piecewise linear between samples)."""

    def __init__(self, samples: FloatArray) -> None:
        n = samples.shape[0]
        self.samples = samples
        self.curve = shortage_curve(samples)
        self.mean = samples.mean(axis=1)
        # One global searchsorted for all rows: shift row i by i * span so rows never interleave.
        self.span = float(samples.max() - samples.min()) + 1.0
        self.flat = (samples - samples.min() + self.span * np.arange(n)[:, None]).ravel()

    def quantile(self, alpha: FloatArray) -> FloatArray:
        """``(n, r)`` values at levels ``alpha`` ``(r,)`` (linear between sample levels)."""
        m = self.samples.shape[1]
        pos = np.clip(alpha * m - 0.5, 0.0, m - 1.0)
        j = np.minimum(np.floor(pos).astype(np.int64), m - 2)
        w = pos - j
        return np.asarray(self.samples[:, j] + w * (self.samples[:, j + 1] - self.samples[:, j]), dtype=np.float64)

    def shortage(self, x: FloatArray) -> FloatArray:
        """``E[(D - x)+]`` for ``x`` ``(n, r)``: the mean minus ``x`` below all samples, 0 above all."""
        n, m = self.samples.shape
        shifted = x - self.samples.min() + self.span * np.arange(n)[:, None]
        j = np.searchsorted(self.flat, shifted.ravel(), side="right").reshape(x.shape) - np.arange(n)[:, None] * m
        below, above = j <= 0, j >= m
        k = np.clip(j - 1, 0, m - 2)
        rows = np.arange(n)[:, None]
        x0, x1 = self.samples[rows, k], self.samples[rows, k + 1]
        c0, c1 = self.curve[rows, k], self.curve[rows, k + 1]
        w = np.clip((x - x0) / np.where(x1 > x0, x1 - x0, 1.0), 0.0, 1.0)
        inside = c0 + w * (c1 - c0)
        return np.asarray(np.where(below, self.mean[:, None] - x, np.where(above, 0.0, inside)), dtype=np.float64)


class _Candidates:
    """Every (reorder point, order quantity) tried per SKU, with stock held and units lost per unit demand."""

    def __init__(self, curve: _ShortageCurve, options: FloatArray) -> None:
        levels = np.maximum(curve.quantile(_LEVELS), 0.0)  # (n, G)
        short_at_s = curve.shortage(levels)
        per_option_level, per_option_qty, held, lost = [], [], [], []
        for k in range(options.shape[1]):  # a handful of order quantities, each over all SKUs at once
            qty = np.broadcast_to(options[:, k : k + 1], levels.shape)
            cycle_short = np.maximum(short_at_s - curve.shortage(levels + qty), 0.0)
            per_option_level.append(levels)
            per_option_qty.append(qty)
            held.append(levels - curve.mean[:, None] + short_at_s + qty / 2.0)
            lost.append(cycle_short / qty)
        self.level = np.concatenate(per_option_level, axis=1)
        self.qty = np.concatenate(per_option_qty, axis=1)
        self.held = np.concatenate(held, axis=1)
        self.lost_per_unit = np.concatenate(lost, axis=1)
        self.rows = np.arange(self.level.shape[0])

    def cheapest(self, d: FloatArray, weight: FloatArray, price: float) -> npt.NDArray[np.int64]:
        cost = weight[:, None] * self.held + price * d[:, None] * self.lost_per_unit
        return np.asarray(cost.argmin(axis=1), dtype=np.int64)

    def take(self, values: FloatArray, pick: npt.NDArray[np.int64]) -> FloatArray:
        return np.asarray(values[self.rows, pick], dtype=np.float64)


def _policy(samples: FloatArray, level: FloatArray, qty: FloatArray, d: FloatArray) -> StockPolicy:
    shortage = expected_shortage(samples, level) - expected_shortage(samples, level + qty)
    fill = np.where(qty > 0, 1.0 - shortage / np.maximum(qty, 1e-9), 1.0)
    return StockPolicy(level, qty, expected_leftover(samples, level), np.clip(fill, 0.0, 1.0) * (d > 0) + (d <= 0))


def normal_samples(outlook: DemandOutlook, lead_sd: FloatArray, m: int = 200) -> DemandOutlook:
    """The outlook with protection-period samples from the normal formula (mean ``d P``, sd ``sqrt(P sd_d^2 + d^2 sd_L^2)``), floored at 0."""
    levels = (np.arange(m) + 0.5) / m
    mu = outlook.mean_daily * outlook.protection_days
    sd = lead_time_demand_sd(outlook.mean_daily, outlook.sd_daily, outlook.protection_days, lead_sd)
    samples = np.maximum(mu[:, None] + sd[:, None] * special.ndtri(levels)[None, :], 0.0)
    return DemandOutlook(outlook.skus, outlook.mean_daily, outlook.sd_daily, outlook.protection_days, samples)
