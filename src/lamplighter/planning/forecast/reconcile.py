"""Top-down level reconciliation: the catalogue's total, forecast as one series, sets the level.

Per-SKU level models cannot see what the whole catalogue does (a season building up, demand
dying out): each SKU's history is too noisy for a trend. The sum of all SKUs is not, so it
is forecast on its own by trend-capable models (the mean of Theta, AutoETS and SES: a
combination, so no model choice to nest), and every SKU's forecast is scaled by
``(aggregate / sum of SKU forecasts) ** weight``. The weight (0 = bottom-up unchanged,
1 = fully top-down) is chosen on the backtest windows (:func:`choose_weight`): each window's
aggregate forecast sees only periods up to that window's origin, as the SKU forecasts do.

One statsforecast call per origin on a single series: milliseconds, whatever the number of SKUs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import AutoETS, SimpleExponentialSmoothingOptimized, Theta

BLEND_WEIGHTS: tuple[float, ...] = (0.0, 0.5, 1.0)
"""Candidate weights of the top-down factor; the first (bottom-up) wins ties."""
MAX_FACTOR = 2.0
"""A top-down factor is bounded to [1/MAX_FACTOR, MAX_FACTOR]."""
MIN_PERIODS = 8
"""Fewer periods of aggregate history than this: no aggregate forecast (factor 1)."""


def aggregate_forecast(aggregate: np.ndarray, cutoffs: list[int], h: int) -> dict[int, np.ndarray]:
    """For each origin ``c``, the ``h`` periods after ``c`` forecast from ``aggregate[: c + 1]``.

    ``aggregate``: the catalogue's total per period, index = period ``t``. The forecast is the
    mean of Theta, AutoETS (automatic trend, damped allowed) and SES, clipped at 0. An origin
    with fewer than :data:`MIN_PERIODS` periods (or a flat zero history) gets NaN.
    """
    out: dict[int, np.ndarray] = {}
    for c in cutoffs:
        y = np.asarray(aggregate[: c + 1], dtype="float64")
        if len(y) < MIN_PERIODS or not np.any(y > 0):
            out[c] = np.full(h, np.nan)
            continue
        frame = pd.DataFrame({"unique_id": "all", "ds": np.arange(len(y)), "y": y})
        models = [
            Theta(alias="Theta"),
            AutoETS(model="ZZN", alias="ETS"),
            SimpleExponentialSmoothingOptimized(alias="SES"),
        ]
        fc = StatsForecast(models=models, freq=1, n_jobs=1).forecast(df=frame, h=h)
        values = fc[["Theta", "ETS", "SES"]].to_numpy(dtype="float64")
        out[c] = np.clip(values, 0, None).mean(axis=1)
    return out


def top_down_factor(aggregate_total: float, bottom_total: float) -> float:
    """Aggregate / bottom-up total, bounded; 1.0 when either is missing or zero."""
    if not np.isfinite(aggregate_total) or bottom_total <= 0 or aggregate_total <= 0:
        return 1.0
    return float(np.clip(aggregate_total / bottom_total, 1 / MAX_FACTOR, MAX_FACTOR))


def choose_weight(
    totals: pd.DataFrame, factors: dict[int, float], target: str = "wape", weights: tuple[float, ...] = BLEND_WEIGHTS
) -> tuple[float, pd.DataFrame]:
    """The weight of the top-down factor with the lowest backtest error, and every weight's scores.

    ``totals``: one row per (SKU, origin) window: unique_id, cutoff, y (actual units), fc
    (bottom-up forecast units); ``factors``: top-down factor per cutoff. ``target``:
    ``"wape"`` = sum of absolute errors of SKU totals; ``"bias"`` = absolute error of the
    catalogue total; ``"wape+bias"`` = both, each over actual units. Ties keep the earlier
    weight (bottom-up first).
    """
    units = max(float(totals["y"].sum()), 1e-9)
    factor = totals["cutoff"].map(factors).fillna(1.0).to_numpy(dtype="float64")
    fc = totals["fc"].to_numpy(dtype="float64")
    y = totals["y"].to_numpy(dtype="float64")
    rows = []
    for w in weights:
        scaled = fc * factor**w
        wape = float(np.abs(scaled - y).sum() / units)
        bias = float((scaled - y).sum() / units)
        loss = {"wape": wape, "bias": abs(bias), "wape+bias": wape + abs(bias)}[target]
        rows.append({"weight": w, "wape": wape, "bias": bias, "loss": loss})
    scores = pd.DataFrame(rows)
    best = float(scores["weight"].to_numpy()[int(np.argmin(scores["loss"].to_numpy()))])
    return best, scores
