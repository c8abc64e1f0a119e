"""Demand quantiles calibrated on backtest errors (not assumed normal).

At every backtest origin, each SKU's actual demand over the next L days is divided by what
the chosen model forecast for those L days (ratio ``actual / max(forecast, FLOOR)``). The
empirical distribution of these ratios, pooled by demand class and by volume band (units a
day), gives the quantile of cumulative demand over L days as ``max(forecast, FLOOR) x ratio``.
Pools with fewer than ``MIN_SAMPLES`` ratios fall back to the class pool, then to all SKUs.
Lead-time demand quantiles are therefore quantiles of the SUM over L days, with the real
correlation between days, not sums of daily quantiles.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lamplighter.planning.forecast.classes import CLASSES

FLOOR = 0.5
"""Units: a forecast below this counts as this much when forming and applying ratios."""
MIN_SAMPLES = 40
VOLUME_EDGES = np.array([0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0])
"""Volume bands in forecast units per day (a ratio's spread depends strongly on volume)."""
LEVEL_GRID = np.concatenate([np.linspace(0.0, 0.98, 50), [0.99, 0.995, 0.999, 1.0]])


@dataclass(frozen=True, slots=True)
class RatioTable:
    """Quantiles of actual/forecast ratios: ``q[class, band, horizon, level]``."""

    horizons: np.ndarray
    """Cumulative horizons in days (sorted); 0 marks the one-day marginal row."""
    q: np.ndarray

    def ratios(self, demand_class: np.ndarray, rate: np.ndarray, days: np.ndarray, levels: np.ndarray) -> np.ndarray:
        """Ratio quantiles for each SKU (n) at each level (m): shape (n, m); ``days`` >= 1 (cumulative)."""
        cls = class_index(demand_class)
        band = np.searchsorted(VOLUME_EDGES, rate, side="right")
        cum = self.horizons[1:]
        days = np.clip(np.asarray(days, dtype="float64"), cum[0], cum[-1])
        hi = np.clip(np.searchsorted(cum, days), 1, len(cum) - 1) if len(cum) > 1 else np.zeros(len(days), dtype=int)
        lo = np.maximum(hi - 1, 0)
        span = np.where(cum[hi] > cum[lo], cum[hi] - cum[lo], 1.0)
        w = np.clip((days - cum[lo]) / span, 0.0, 1.0)[:, None]
        grid_lo = self.q[cls, band, lo + 1]
        grid_hi = self.q[cls, band, hi + 1]
        grid = grid_lo * (1 - w) + grid_hi * w
        return _at_levels(grid, levels)

    def daily_ratios(self, demand_class: np.ndarray, rate: np.ndarray, levels: np.ndarray) -> np.ndarray:
        """Ratio quantiles of a single day's demand (marginal), shape (n, m)."""
        cls = class_index(demand_class)
        band = np.searchsorted(VOLUME_EDGES, rate, side="right")
        return _at_levels(self.q[cls, band, 0], levels)


def class_index(demand_class: np.ndarray) -> np.ndarray:
    lookup = {c: i for i, c in enumerate(CLASSES)}
    return np.array([lookup[c] for c in demand_class], dtype=int)


def _at_levels(grid: np.ndarray, levels: np.ndarray) -> np.ndarray:
    # grid: (n, len(LEVEL_GRID)) monotone in level; linear interpolation between grid levels.
    idx = np.clip(np.searchsorted(LEVEL_GRID, levels), 1, len(LEVEL_GRID) - 1)
    lo = idx - 1
    w = (levels - LEVEL_GRID[lo]) / (LEVEL_GRID[idx] - LEVEL_GRID[lo])
    return np.asarray(grid[:, lo] * (1 - w) + grid[:, idx] * w)


def calibrate(
    actual: np.ndarray, forecast: np.ndarray, demand_class: np.ndarray, rate: np.ndarray, horizons: np.ndarray
) -> RatioTable:
    """Build the table from backtest samples.

    ``actual``/``forecast``: (samples, len(horizons)) -- column 0 is a single day (marginal),
    the others cumulative over ``horizons[1:]`` days; ``demand_class`` and ``rate`` (forecast
    units a day) per sample.
    """
    ratio = actual / np.maximum(forecast, FLOOR)
    cls = class_index(demand_class)
    band = np.searchsorted(VOLUME_EDGES, rate, side="right")
    n_bands = len(VOLUME_EDGES) + 1
    q = np.empty((len(CLASSES), n_bands, len(horizons), len(LEVEL_GRID)))
    pooled_all = _quantiles(ratio)
    for c in range(len(CLASSES)):
        in_class = cls == c
        pooled_class = _quantiles(ratio[in_class]) if in_class.sum() >= MIN_SAMPLES else pooled_all
        for b in range(n_bands):
            rows = in_class & (band == b)
            q[c, b] = _quantiles(ratio[rows]) if rows.sum() >= MIN_SAMPLES else pooled_class
    return RatioTable(horizons=np.asarray(horizons, dtype="float64"), q=q)


def _quantiles(ratio: np.ndarray) -> np.ndarray:
    """(horizons, levels) quantiles of the ratio columns."""
    if ratio.shape[0] == 0:
        # No backtest sample at all: an exponential spread around the forecast is the
        # only honest guess left (wider than Poisson; the caller should add history).
        spread = -np.log1p(-np.minimum(LEVEL_GRID, 0.999))
        return np.tile(spread, (ratio.shape[1], 1))
    return np.asarray(np.quantile(ratio, LEVEL_GRID, axis=0).T)
