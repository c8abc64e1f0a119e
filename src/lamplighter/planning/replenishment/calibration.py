"""Quantile calibration of protection-period demand on past origins (a rolling-origin backtest).

A demand distribution built from the past is too narrow and too low when sales are growing, and
the reorder points built on it miss their service target without saying so. Here each quantile
level ``p_j`` gets one factor ``c_j``: the volume-weighted ``p_j``-quantile, over SKUs and past
origins, of realised protection-period demand divided by the quantile predicted then. Scaling the
predicted quantiles by ``c_j`` makes their coverage right on the backtest (volume-weighted), while
each SKU keeps its own shape. Pure and vectorised; the caller chooses the origins (strictly in the
past, with their protection period fully observed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from lamplighter.planning.replenishment.outlook import DemandOutlook
from lamplighter.planning.replenishment.stock_policy import StockPolicy, StockPolicyParams, plan_stock_policy

FloatArray = npt.NDArray[np.float64]


def quantile_scale_factors(predicted: FloatArray, realised: FloatArray, min_pairs: int = 20) -> FloatArray:
    """Factor per level from ``predicted`` sorted samples ``(origins, n, m)`` and ``realised`` totals ``(origins, n)``.

    Pairs with a zero predicted quantile carry no ratio and are left out of that level; a level
    with fewer than ``min_pairs`` pairs keeps factor 1. Factors are made non-decreasing in the
    level so that scaled samples stay sorted where the predicted ones were.
    """
    k, n, m = predicted.shape
    q = predicted.reshape(k * n, m)
    r = realised.reshape(k * n)
    weight = q.mean(axis=1)
    levels = (np.arange(m) + 0.5) / m
    valid = q > 0
    ratio = np.where(valid, r[:, None] / np.where(valid, q, 1.0), np.inf)
    w = np.where(valid, weight[:, None], 0.0)
    order = np.argsort(ratio, axis=0)
    ratio_sorted = np.take_along_axis(ratio, order, axis=0)
    cum = np.cumsum(np.take_along_axis(w, order, axis=0), axis=0)
    total = cum[-1]
    enough = (valid.sum(axis=0) >= min_pairs) & (total > 0)
    target = levels * np.where(total > 0, total, 1.0)
    pos = np.minimum((cum < target[None, :]).sum(axis=0), k * n - 1)
    factor = np.where(enough, ratio_sorted[pos, np.arange(m)], 1.0)
    factor = np.where(np.isfinite(factor), factor, 1.0)
    return np.maximum.accumulate(np.asarray(factor, dtype=np.float64))


def scaled(outlook: DemandOutlook, factors: FloatArray) -> DemandOutlook:
    """``outlook`` with its protection-period samples multiplied level by level, kept sorted."""
    if outlook.lead_time_demand is None:
        return outlook
    samples = np.sort(outlook.lead_time_demand * factors[None, :], axis=1)
    return replace(outlook, lead_time_demand=samples)


def shortfall_ratio(
    samples: FloatArray,
    reorder_point: FloatArray,
    order_qty: FloatArray,
    realised: FloatArray,
    cycles_per_day: FloatArray,
) -> float:
    """Realised over predicted shortage per cycle on past origins, weighted by cycles per day.

    ``samples`` ``(origins, n, m)`` are the protection-period demand samples each past plan used,
    ``reorder_point``/``order_qty`` ``(origins, n)`` its decisions, ``realised`` ``(origins, n)`` the
    demand that came in the protection period after each origin. Shortage per cycle as the plan
    counts it: ``(D - s)+ - (D - s - Q)+``. Above 1: the outlook under-states how much a cycle runs
    short (growth, new products). Returns 1 when the past plans predicted no shortage at all.
    """
    level, qty = reorder_point[..., None], order_qty[..., None]
    per_cycle = np.maximum(samples - level, 0.0) - np.maximum(samples - level - qty, 0.0)
    predicted = (per_cycle.mean(axis=-1) * cycles_per_day).sum()
    short = np.maximum(realised - reorder_point, 0.0) - np.maximum(realised - reorder_point - order_qty, 0.0)
    happened = (short * cycles_per_day).sum()
    return float(happened / predicted) if predicted > 0 else 1.0


PastPlan = tuple[FloatArray, StockPolicy]


def backtest_fill_target(
    history: FloatArray,
    outlook_before: Callable[[int], DemandOutlook],
    period: int,
    params: StockPolicyParams,
    *,
    origins: int = 8,
    unit_value: FloatArray | None = None,
    cache: dict[int, PastPlan] | None = None,
) -> float:
    """The fill rate to plan for so that the target holds on the recent past (a rolling-origin backtest).

    ``history`` ``(n, t)`` is daily demand up to yesterday; ``outlook_before(o)`` builds the outlook
    from days before ``o`` only. Origins lie on a weekly grid ending ``period`` days ago (their
    protection period has fully happened); at each the plan is made at the target and compared with
    what came (:func:`shortfall_ratio`). The planned shortfall is the target's divided by that ratio,
    kept within a tenth and three times the target's. ``cache`` keeps past plans between calls.
    """
    target = params.fill_rate
    day = history.shape[1]
    last = (day - period) // 7 * 7
    chosen = [o for o in (last - 7 * k for k in range(origins)) if o >= 28]
    if not chosen:
        return target
    store: dict[int, PastPlan] = {} if cache is None else cache
    stacks: list[list[FloatArray]] = [[], [], [], [], []]
    for origin in chosen:
        if origin not in store:
            past = outlook_before(origin)
            if past.lead_time_demand is None:
                raise ValueError("the outlook has no protection-period samples")
            store[origin] = (past.lead_time_demand, plan_stock_policy(past, params, unit_value=unit_value))
        drawn, plan = store[origin]
        cycles = np.where(plan.order_qty > 0, drawn.mean(axis=1) / period / np.maximum(plan.order_qty, 1.0), 0.0)
        realised = history[:, origin : origin + period].sum(axis=1)
        for stack, value in zip(stacks, (drawn, plan.reorder_point, plan.order_qty, realised, cycles), strict=True):
            stack.append(value)
    ratio = shortfall_ratio(*(np.stack(s) for s in stacks))
    miss = (1.0 - target) / max(ratio, 1e-9)
    return 1.0 - float(np.clip(miss, (1.0 - target) / 10.0, min(3.0 * (1.0 - target), 0.5)))
