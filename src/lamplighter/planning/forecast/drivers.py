"""Drivers (ad spend, clicks, promotions, price, holidays) as a multiplicative lift.

A pooled log-linear regression over all series finds how much each driver lifts demand:
``log1p(y) - series mean = (x - series mean) . beta`` (ridge, within-series so that big and
small SKUs share one lift). The base models are then fitted on demand divided by the lift
of its own period (promotion spikes no longer look like level changes), and their forecast
is multiplied by the lift of the known future drivers (the ad plan, the promotion calendar).
Every candidate model gets such a ``+X`` twin; the backtest decides per class whether the
twin wins, so drivers only count where they forecast better.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

RIDGE = 1.0
MAX_LOG_LIFT = 3.0
"""A lift is bounded to exp(+-3) ~ x20: a driver far outside its history is not extrapolated further."""


def driver_columns(x: pd.DataFrame) -> list[str]:
    return [c for c in x.columns if c not in ("unique_id", "t", "ds")]


def estimate_lift(panel: pd.DataFrame) -> np.ndarray:
    """Coefficients of the drivers in ``panel`` (unique_id, y, driver columns) on log1p(y)."""
    cols = driver_columns(panel.drop(columns=["y"]))
    z = np.log1p(panel["y"].to_numpy(dtype="float64"))
    x = panel[cols].to_numpy(dtype="float64")
    codes = pd.factorize(panel["unique_id"])[0]
    count = np.bincount(codes).astype("float64")
    z = z - (np.bincount(codes, weights=z) / count)[codes]
    for j in range(x.shape[1]):
        x[:, j] -= (np.bincount(codes, weights=x[:, j]) / count)[codes]
    gram = x.T @ x + RIDGE * np.eye(x.shape[1])
    return np.asarray(np.linalg.solve(gram, x.T @ z))


def lift(x: pd.DataFrame, beta: np.ndarray, center: np.ndarray) -> np.ndarray:
    """exp((x - center) . beta) per row of ``x``, bounded."""
    values = x[driver_columns(x)].to_numpy(dtype="float64") - center
    return np.asarray(np.exp(np.clip(values @ beta, -MAX_LOG_LIFT, MAX_LOG_LIFT)))


def weekly_drivers(
    drivers: pd.DataFrame, ids: np.ndarray, days: pd.DatetimeIndex, week_days: np.ndarray
) -> pd.DataFrame:
    """Daily driver frame (unique_id, ds, columns) -> mean per kept week (unique_id, t, columns).

    ``week_days`` (W, 7) holds the day positions of each week in ``days``; missing SKU-days are 0.
    """
    cols = [c for c in drivers.columns if c not in ("unique_id", "ds")]
    sku = pd.Categorical(drivers["unique_id"].astype(str), categories=ids)
    col = ((pd.to_datetime(drivers["ds"]).dt.normalize() - days[0]) // pd.Timedelta(days=1)).to_numpy()
    ok = (sku.codes >= 0) & (col >= 0) & (col < len(days))
    out = {"unique_id": np.repeat(ids, len(week_days)), "t": np.tile(np.arange(len(week_days)), len(ids))}
    for name in cols:
        cube = np.zeros((len(ids), len(days)))
        cube[sku.codes[ok], col[ok]] = drivers[name].to_numpy(dtype="float64")[ok]
        out[name] = cube[:, week_days].mean(axis=2).ravel()
    return pd.DataFrame(out)
