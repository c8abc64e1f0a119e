"""A :class:`DemandOutlook` from the forecasting engine's calibrated lead-time quantiles.

The forecaster gives quantiles of demand summed over a fixed number of days, calibrated on its
own backtest errors (``Forecast.totals_for``). A lead time is not fixed: the outlook mixes the
totals over ``nodes`` lead times at evenly spaced quantiles of the lead-time distribution
(normal, at least one day), each equally likely, and keeps ``samples`` evenly spaced order
statistics of the mixture.
"""

from __future__ import annotations

import warnings

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import special  # type: ignore[import-untyped]  # scipy comes with statsforecast; no stubs

from lamplighter.planning.forecast import Forecast
from lamplighter.planning.replenishment.outlook import DemandOutlook

FloatArray = npt.NDArray[np.float64]


def outlook_from_forecast(
    forecast: Forecast,
    lead_mean: FloatArray,
    lead_sd: FloatArray,
    *,
    review_days: float = 1.0,
    samples: int = 200,
    nodes: int = 7,
) -> DemandOutlook:
    """Outlook per SKU in ``forecast.skus`` order; ``lead_mean``/``lead_sd`` (days) in the same order.

    Mean daily demand is the forecast's mean over the mean protection period; its daily sd is
    backed out of the lead-time spread so that the formula and the samples tell the same story.
    """
    ids = tuple(str(s) for s in forecast.skus["unique_id"])
    n = len(ids)
    lead_mean = np.broadcast_to(np.asarray(lead_mean, dtype=np.float64), (n,))
    lead_sd = np.broadcast_to(np.asarray(lead_sd, dtype=np.float64), (n,))
    levels = tuple(float(x) for x in (np.arange(samples) + 0.5) / samples)
    z = special.ndtri((np.arange(nodes) + 0.5) / nodes)
    pooled = []
    with warnings.catch_warnings():
        # totals_for adds one column per level; pandas warns about that for 200 levels.
        warnings.simplefilter("ignore", pd.errors.PerformanceWarning)
        for zk in z:
            days = np.maximum(lead_mean + zk * lead_sd, 1.0) + review_days
            totals = forecast.totals_for(days, levels=levels)
            pooled.append(totals.iloc[:, 3:].to_numpy(dtype=np.float64))
    mixture = np.sort(np.concatenate(pooled, axis=1), axis=1)
    picked = mixture[:, nodes // 2 :: nodes][:, :samples]
    protection = lead_mean + review_days
    mean_total = forecast.totals_for(protection)["mean"].to_numpy(dtype=np.float64)
    mean_daily = mean_total / protection
    spread = picked.std(axis=1)
    sd_daily = np.sqrt(np.maximum(spread**2 - mean_daily**2 * lead_sd**2, 0.0) / protection)
    return DemandOutlook(ids, mean_daily, sd_daily, protection, picked)
