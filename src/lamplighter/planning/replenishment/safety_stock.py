"""Safety stock and reorder points at a target service level, vectorised over SKUs.

Two service measures, never mixed up:

- **cycle service level** (alpha): the probability that a replenishment cycle ends without a
  stock-out. The reorder point is the alpha-quantile of protection-period demand.
- **fill rate** (beta): the share of demand served from stock. With order quantity ``Q`` a cycle
  loses on average ``E[(D - s)+]`` units (the expected shortage per replenishment cycle, ESPC)
  and serves ``Q``, so ``beta = 1 - ESPC(s) / Q``. A big order quantity buys fill rate cheaply;
  a small one needs a high reorder point. Lamplighter's targets are fill rates.

Protection-period demand ``D`` (lead time + review period ``P``) has mean ``d P`` and standard
deviation ``sqrt(P sd_d^2 + d^2 sd_L^2)`` when demand and lead time are independent; or it is
given as calibrated/simulated samples (:class:`~lamplighter.planning.replenishment.outlook.DemandOutlook`).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import special  # type: ignore[import-untyped]  # scipy comes with statsforecast; no stubs

FloatArray = npt.NDArray[np.float64]
ArrayLike = FloatArray | float


def lead_time_demand_sd(
    mean_daily: ArrayLike, sd_daily: ArrayLike, lead_days: ArrayLike, lead_sd: ArrayLike
) -> FloatArray:
    """Standard deviation of demand over a random lead time: ``sqrt(L sd_d^2 + d^2 sd_L^2)``."""
    d, sd_d = np.asarray(mean_daily, dtype=np.float64), np.asarray(sd_daily, dtype=np.float64)
    lead, sd_l = np.asarray(lead_days, dtype=np.float64), np.asarray(lead_sd, dtype=np.float64)
    return np.asarray(np.sqrt(lead * sd_d**2 + d**2 * sd_l**2), dtype=np.float64)


def z_for(cycle_service: ArrayLike) -> FloatArray:
    """Standard normal quantile for a cycle service level in (0, 1)."""
    level = np.asarray(cycle_service, dtype=np.float64)
    if np.any((level <= 0) | (level >= 1)):
        raise ValueError("service level must be strictly between 0 and 1")
    return np.asarray(special.ndtri(level), dtype=np.float64)


def safety_stock(
    cycle_service: ArrayLike, mean_daily: ArrayLike, sd_daily: ArrayLike, lead_days: ArrayLike, lead_sd: ArrayLike
) -> FloatArray:
    """Normal-approximation safety stock ``z(alpha) sqrt(L sd_d^2 + d^2 sd_L^2)`` for a cycle service level."""
    return z_for(cycle_service) * lead_time_demand_sd(mean_daily, sd_daily, lead_days, lead_sd)


def reorder_point(
    cycle_service: ArrayLike, mean_daily: ArrayLike, sd_daily: ArrayLike, lead_days: ArrayLike, lead_sd: ArrayLike
) -> FloatArray:
    """Reorder point = expected lead-time demand ``d L`` + :func:`safety_stock`."""
    d, lead = np.asarray(mean_daily, dtype=np.float64), np.asarray(lead_days, dtype=np.float64)
    return d * lead + safety_stock(cycle_service, mean_daily, sd_daily, lead_days, lead_sd)


def normal_loss(k: ArrayLike) -> FloatArray:
    """Standard normal loss ``G(k) = E[(Z - k)+] = phi(k) - k (1 - Phi(k))``."""
    k = np.asarray(k, dtype=np.float64)
    pdf = np.exp(-0.5 * k**2) / np.sqrt(2.0 * np.pi)
    return np.asarray(pdf - k * special.ndtr(-k), dtype=np.float64)


def safety_factor_for_fill_rate(fill_rate: ArrayLike, order_qty: ArrayLike, ltd_sd: ArrayLike) -> FloatArray:
    """Safety factor ``k`` with ``sd G(k) = (1 - beta) Q`` for normal lead-time demand, by bisection.

    ``k`` is negative when the order quantity alone nearly reaches the fill rate; clipped to [-4, 6].
    """
    target = (1.0 - np.asarray(fill_rate, dtype=np.float64)) * np.asarray(order_qty, dtype=np.float64)
    sd = np.maximum(np.asarray(ltd_sd, dtype=np.float64), 1e-12)
    ratio = np.broadcast_to(target / sd, np.broadcast(target, sd).shape)
    lo, hi = np.full(ratio.shape, -4.0), np.full(ratio.shape, 6.0)
    for _ in range(50):  # G is decreasing; 50 halvings of [-4, 6] reach 1e-14
        mid = 0.5 * (lo + hi)
        too_low = normal_loss(mid) > ratio
        lo, hi = np.where(too_low, mid, lo), np.where(too_low, hi, mid)
    return np.asarray(0.5 * (lo + hi), dtype=np.float64)


def expected_shortage(samples: FloatArray, level: FloatArray) -> FloatArray:
    """``E[(D - s)+]`` per SKU from sorted samples ``(n, m)`` of ``D``, at reorder points ``level`` ``(n,)``."""
    return np.asarray(np.maximum(samples - np.asarray(level)[:, None], 0.0).mean(axis=1), dtype=np.float64)


def expected_leftover(samples: FloatArray, level: FloatArray) -> FloatArray:
    """``E[(s - D)+]`` per SKU: stock still on hand when a replenishment lands (the real safety stock)."""
    return np.asarray(np.maximum(np.asarray(level)[:, None] - samples, 0.0).mean(axis=1), dtype=np.float64)


def shortage_curve(samples: FloatArray) -> FloatArray:
    """``E[(D - x_j)+]`` at every sample ``x_j`` of each row (sorted ``(n, m)``), via suffix sums: O(n m)."""
    n, m = samples.shape
    suffix = np.cumsum(samples[:, ::-1], axis=1)[:, ::-1]  # sum of x_i for i >= j
    above = np.concatenate([suffix[:, 1:], np.zeros((n, 1))], axis=1)  # sum for i > j
    count = (m - 1 - np.arange(m))[None, :]
    return np.asarray((above - count * samples) / m, dtype=np.float64)


def reorder_point_from_samples(samples: FloatArray, cycle_service: ArrayLike) -> FloatArray:
    """Cycle-service reorder point: the alpha-quantile of the sorted protection-period samples."""
    n, m = samples.shape
    levels = (np.arange(m) + 0.5) / m
    alpha = np.broadcast_to(np.asarray(cycle_service, dtype=np.float64), (n,))
    idx = np.clip(np.searchsorted(levels, alpha), 1, m - 1)  # first level at or above alpha
    lo, hi = levels[idx - 1], levels[idx]
    w = np.clip((alpha - lo) / (hi - lo), 0.0, 1.0)
    rows = np.arange(n)
    return np.asarray(samples[rows, idx - 1] + w * (samples[rows, idx] - samples[rows, idx - 1]), dtype=np.float64)


def reorder_point_for_fill_rate(samples: FloatArray, fill_rate: ArrayLike, order_qty: ArrayLike) -> FloatArray:
    """Smallest reorder point ``s`` with ``E[(D - s)+] <= (1 - beta) Q``, from sorted samples.

    Linear between samples; where even ``s = 0`` meets the target, returns the smallest sample
    (never below zero).
    """
    n, m = samples.shape
    allowed = (1.0 - np.asarray(fill_rate, dtype=np.float64)) * np.asarray(order_qty, dtype=np.float64)
    allowed = np.broadcast_to(allowed, (n,))
    curve = shortage_curve(samples)  # decreasing along each row
    ok = curve <= allowed[:, None]
    first = np.where(ok.any(axis=1), ok.argmax(axis=1), m - 1)
    prev = np.maximum(first - 1, 0)
    rows = np.arange(n)
    c_hi, c_lo = curve[rows, prev], curve[rows, first]
    span = np.where(c_hi > c_lo, c_hi - c_lo, 1.0)
    w = np.where(first > 0, (c_hi - allowed) / span, 1.0)
    w = np.clip(w, 0.0, 1.0)
    level = samples[rows, prev] + w * (samples[rows, first] - samples[rows, prev])
    return np.asarray(np.maximum(level, 0.0), dtype=np.float64)
