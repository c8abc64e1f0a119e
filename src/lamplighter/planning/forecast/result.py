"""The result of a forecast: daily means and quantiles, lead-time totals, reasons."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lamplighter.planning.forecast.quantiles import FLOOR, RatioTable


def level_column(level: float) -> str:
    """Column name of a quantile level: 0.9 -> ``q90``, 0.975 -> ``q97.5``."""
    return f"q{level * 100:g}"


@dataclass(frozen=True, slots=True)
class Forecast:
    """Forecast of every SKU from the day after the cutoff for ``horizon`` days.

    ``daily``: unique_id, ds, mean, q50, q90, q95, q99 (one column per configured level),
    model -- quantiles of each single day's demand. Closed days have mean 0.
    ``skus``: unique_id, demand_class, adi, cv2, model, rate (mean units a day over the
    horizon), level_factor (the top-down reconciliation's factor times the class's backtest
    level correction, 1.0 when neither applies),
    acceleration (factor applied, 1.0 when none) -- one row per SKU, sorted.
    ``reasons``: unique_id, kind, factor, recent_units, expected_units, threshold_units,
    message -- why a forecast was changed (trend acceleration).
    ``scores``: backtest WAPE/bias per demand class and model (what the choice was based on).
    ``reconciliation``: the top-down level weights tried on the backtest and the one chosen.
    Use :meth:`totals_for` for lead-time demand.
    """

    daily: pd.DataFrame
    skus: pd.DataFrame
    reasons: pd.DataFrame
    scores: pd.DataFrame
    levels: tuple[float, ...]
    horizon: int
    cumulative_mean: np.ndarray
    """(n_skus, horizon + 1): expected units from day 1 to day k (column 0 = 0)."""
    ratios: RatioTable
    reconciliation: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Top-down weights tried on the backtest: weight, wape, bias, loss, chosen, final_factor."""

    @property
    def totals(self) -> pd.DataFrame:
        """:meth:`totals_for` over the whole horizon."""
        return self.totals_for(self.horizon)

    def totals_for(
        self, lead_days: int | float | np.ndarray | pd.Series, levels: tuple[float, ...] | None = None
    ) -> pd.DataFrame:
        """Quantiles of CUMULATIVE demand over the next ``lead_days`` days, per SKU.

        ``lead_days``: one number for all SKUs, an array in the order of ``skus``, or a Series
        indexed by unique_id (SKUs missing from it are left out). Fractional days interpolate.
        Beyond the horizon the last week's mean rate is extended and the widest calibrated
        ratios are used. Returns unique_id, lead_days, mean, and one column per level
        (default: the configured levels), calibrated on backtest errors of L-day sums.
        """
        levels = levels or self.levels
        ids = self.skus["unique_id"].to_numpy()
        rows = np.arange(len(ids))
        if isinstance(lead_days, pd.Series):
            wanted = lead_days.reindex(ids)
            rows = np.flatnonzero(wanted.notna().to_numpy())
            days = wanted.to_numpy(dtype="float64")[rows]
        else:
            days = np.broadcast_to(np.asarray(lead_days, dtype="float64"), (len(ids),)).copy()
        if (days < 0).any():
            raise ValueError("lead_days must be >= 0")
        mean, values = self._lead_time(rows, days, np.asarray(levels, dtype="float64"))
        columns: dict[str, np.ndarray] = {"unique_id": ids[rows], "lead_days": days, "mean": mean}
        columns.update({level_column(level): values[:, j] for j, level in enumerate(levels)})
        return pd.DataFrame(columns)  # built at once: hundreds of levels stay fast

    def lead_time_quantiles(self, lead_days: int | float | np.ndarray, levels: np.ndarray) -> np.ndarray:
        """Quantiles of cumulative demand, (n_skus in ``skus`` order, len(levels)), as an array."""
        days = np.broadcast_to(np.asarray(lead_days, dtype="float64"), (len(self.skus),)).copy()
        return self._lead_time(np.arange(len(self.skus)), days, np.asarray(levels, dtype="float64"))[1]

    def _lead_time(self, rows: np.ndarray, days: np.ndarray, levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        mean = self._cumulative(rows, days)
        skus = self.skus.iloc[rows]
        ratio = self.ratios.ratios(
            skus["demand_class"].to_numpy(), skus["rate"].to_numpy(), np.maximum(days, 1.0), levels
        )
        base = np.maximum(mean, FLOOR)[:, None]
        return mean, np.where(days[:, None] > 0, base * ratio, 0.0)

    def _cumulative(self, rows: np.ndarray, days: np.ndarray) -> np.ndarray:
        cum = self.cumulative_mean[rows]
        h = self.horizon
        inside = np.minimum(days, h)
        lo = np.floor(inside).astype(int)
        hi = np.minimum(lo + 1, h)
        frac = inside - lo
        value = cum[np.arange(len(rows)), lo] * (1 - frac) + cum[np.arange(len(rows)), hi] * frac
        last_week = (cum[:, h] - cum[:, max(h - 7, 0)]) / max(min(h, 7), 1)
        return np.asarray(value + np.maximum(days - h, 0) * last_week)
