"""Trend acceleration: recent weeks that outrun the forecast beyond the usual error.

A SKU accelerates when, over the last two weeks of history, (a) it sold more than the
backtest forecast for those weeks times the calibrated ``acceleration_level`` ratio for
14 days (its class's usual error, not a fixed percentage), (b) the last week sold at least
as much as the week before (growth, not one spike), and (c) at least ``MIN_UNITS`` units
were sold (noise on tiny SKUs is not a trend). Its forecast is then raised to the recent
weekly rate (capped at ``acceleration_max_factor`` x the model forecast), and the reason is
recorded with the numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MIN_UNITS = 10.0
REASON_COLUMNS = ["unique_id", "kind", "factor", "recent_units", "expected_units", "threshold_units", "message"]


def acceleration_factors(
    ids: np.ndarray,
    recent_weeks: np.ndarray,
    expected_weeks: np.ndarray,
    threshold_ratio: np.ndarray,
    forecast_rate: np.ndarray,
    max_factor: float,
) -> tuple[np.ndarray, pd.DataFrame]:
    """Factor per SKU (1.0 = unchanged) and the reasons for those raised.

    ``recent_weeks``/``expected_weeks``: (n, 2) actual and backtest-forecast units of the last
    two weeks; ``threshold_ratio``: (n,) calibrated ratio quantile for 14 days;
    ``forecast_rate``: (n,) units a week the model forecasts from the cutoff on.
    """
    recent = recent_weeks.sum(axis=1)
    expected = expected_weeks.sum(axis=1)
    threshold = np.maximum(expected, 0.5) * threshold_ratio
    growing = recent_weeks[:, 1] >= recent_weeks[:, 0]
    hit = (recent > threshold) & growing & (recent >= MIN_UNITS)
    wanted = (recent / 2.0) / np.maximum(forecast_rate, 1e-9)
    factor = np.where(hit, np.clip(wanted, 1.0, max_factor), 1.0)
    raised = np.flatnonzero(factor > 1.0 + 1e-9)
    reasons = pd.DataFrame(
        {
            "unique_id": ids[raised],
            "kind": "acceleration",
            "factor": factor[raised],
            "recent_units": recent[raised],
            "expected_units": expected[raised],
            "threshold_units": threshold[raised],
        }
    )
    reasons["message"] = [
        f"last 2 weeks sold {r:,.0f} units vs {e:,.0f} forecast (usual-error limit {t:,.0f}); forecast x{f:.2f}"
        for r, e, t, f in zip(
            reasons["recent_units"],
            reasons["expected_units"],
            reasons["threshold_units"],
            reasons["factor"],
            strict=True,
        )
    ]
    return factor, reasons[REASON_COLUMNS]
