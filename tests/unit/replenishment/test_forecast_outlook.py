"""The forecasting engine's calibrated lead-time totals as a replenishment outlook."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lamplighter.planning.forecast import forecast_demand
from lamplighter.planning.replenishment.forecast_outlook import outlook_from_forecast
from lamplighter.planning.replenishment.stock_policy import plan_stock_policy


def test_outlook_mixes_lead_times_and_keeps_the_forecast_level() -> None:
    rng = np.random.default_rng(3)
    days = pd.date_range("2025-01-06", periods=196, freq="D")
    rates = {"STEADY": 20.0, "SLOW": 2.0}
    frame = pd.concat(
        [pd.DataFrame({"unique_id": sku, "ds": days, "y": rng.poisson(rate, len(days))}) for sku, rate in rates.items()]
    )
    forecast = forecast_demand(frame, 60)
    outlook = outlook_from_forecast(forecast, np.full(2, 35.0), np.full(2, 7.0), samples=100)
    assert outlook.lead_time_demand is not None
    assert outlook.lead_time_demand.shape == (2, 100)
    assert np.all(np.diff(outlook.lead_time_demand, axis=1) >= 0)
    by_sku = dict(zip(outlook.skus, outlook.mean_daily, strict=True))
    assert abs(by_sku["STEADY"] - 20.0) < 3.0 and abs(by_sku["SLOW"] - 2.0) < 1.0
    # A 7-day lead-time spread widens the 36-day total beyond Poisson noise alone (sd ~ 27 for STEADY).
    steady = outlook.lead_time_demand[outlook.skus.index("STEADY")]
    assert np.percentile(steady, 95) - np.percentile(steady, 5) > 2 * 1.645 * np.sqrt(20 * 36)
    policy = plan_stock_policy(outlook)
    assert np.all(policy.reorder_point > outlook.mean_daily * 36 * 0.8)
