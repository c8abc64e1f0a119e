"""Drivers: a known future promotion raises the forecast where the backtest says it helps."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lamplighter.planning.forecast import forecast_demand
from lamplighter.planning.forecast.drivers import estimate_lift

START = pd.Timestamp("2024-01-01")


def promoted_history(days: int, horizon: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """30 SKUs selling ~6 a day, tripled in promotion weeks; the plan promotes horizon week 2."""
    rng = np.random.default_rng(3)
    ds = pd.date_range(START, periods=days + horizon, freq="D")
    week = np.arange(days + horizon) // 7
    promo = np.zeros((30, days + horizon))
    for i in range(30):
        weeks = rng.choice(week.max(), 6, replace=False)
        promo[i] = np.isin(week, weeks)
    promo[:, days:] = 0.0
    promo[:, days + 7 : days + 14] = 1.0
    y = rng.poisson(6.0 * np.where(promo > 0, 3.0, 1.0))[:, :days].astype(float)
    ids = np.array([f"S{i:02d}" for i in range(30)])
    drivers = pd.DataFrame({"unique_id": np.repeat(ids, len(ds)), "ds": np.tile(ds, 30), "promo": promo.ravel()})
    history = pd.DataFrame({"unique_id": np.repeat(ids, days), "ds": np.tile(ds[:days], 30), "y": y.ravel()})
    return history, drivers[drivers["ds"] < ds[days]], drivers[drivers["ds"] >= ds[days]]


def test_a_known_promotion_lifts_the_forecast_of_its_week() -> None:
    history, past, future = promoted_history(196, 21)
    fc = forecast_demand(history, 21, drivers=past, future_drivers=future)
    assert fc.skus["model"].str.endswith("+X").all()
    day = (fc.daily["ds"] - fc.daily["ds"].min()).dt.days
    promo_week = fc.daily.loc[(day >= 7) & (day < 14), "mean"].sum()
    quiet_week = fc.daily.loc[day < 7, "mean"].sum()
    assert promo_week > 2.0 * quiet_week


def test_the_lift_is_estimated_from_all_skus_at_once() -> None:
    rng = np.random.default_rng(0)
    ids = np.repeat(np.arange(50), 40)
    flag = rng.random(len(ids)) < 0.3
    base = np.repeat(rng.uniform(5, 50, 50), 40)
    y = rng.poisson(base * np.where(flag, 2.0, 1.0))
    beta = estimate_lift(pd.DataFrame({"unique_id": ids, "y": y, "flag": flag.astype(float)}))
    assert np.exp(beta[0]) == np.clip(np.exp(beta[0]), 1.8, 2.2)
