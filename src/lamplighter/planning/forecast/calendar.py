"""Trading calendar of a demand history: closed weekdays and closed dates, weekday profiles.

A closed day is not a day of zero demand: the forecaster leaves it out of the fit, scales a
part-closed week up to a full trading week, and forecasts 0 on future closed days.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

CLOSED_SHARE = 0.9
"""A weekday with no trade at all on at least this share of its dates is a closed weekday."""
MIN_SERIES_FOR_CLOSED_DATES = 20
"""With fewer series, a day with no demand anywhere may just be a quiet day, not a closure."""
PROFILE_PRIOR_DAYS = 20.0
"""Weight (in selling days) of the all-SKU weekday profile in each SKU's own profile."""


def open_days(
    days: pd.DatetimeIndex, totals: np.ndarray, n_series: int, closed_weekdays: tuple[int, ...] | None
) -> tuple[np.ndarray, tuple[int, ...]]:
    """Which ``days`` were open (bool array) and the closed weekdays (detected when None).

    ``totals`` is the all-SKU demand per day.
    """
    weekday = days.dayofweek.to_numpy()
    quiet = totals <= 0
    if closed_weekdays is None:
        detected = []
        for wd in range(7):
            on = weekday == wd
            if on.sum() >= 4 and quiet[on].mean() >= CLOSED_SHARE:
                detected.append(wd)
        closed_weekdays = tuple(detected)
    is_open = ~np.isin(weekday, closed_weekdays)
    if n_series >= MIN_SERIES_FOR_CLOSED_DATES:
        is_open &= ~quiet
    return is_open, closed_weekdays


def future_open(days: pd.DatetimeIndex, closed_weekdays: tuple[int, ...], closed_dates: tuple[date, ...]) -> np.ndarray:
    """Open mask of future days: closed weekdays and the configured closed dates are shut."""
    is_open = ~np.isin(days.dayofweek.to_numpy(), closed_weekdays)
    if closed_dates:
        is_open &= ~days.isin(pd.DatetimeIndex([pd.Timestamp(d) for d in closed_dates]))
    return np.asarray(is_open)


def weekday_profile(
    matrix: np.ndarray, weekday: np.ndarray, is_open: np.ndarray, closed_weekdays: tuple[int, ...]
) -> np.ndarray:
    """Per SKU, the factor of each weekday relative to an average open day (n x 7).

    Each SKU's shares are shrunk towards the all-SKU shares with a prior of
    ``PROFILE_PRIOR_DAYS`` selling days, so a SKU that sold twice has the shop's profile.
    Closed weekdays get 0; open weekdays average 1.
    """
    n = matrix.shape[0]
    units = np.zeros((n, 7))
    selling = np.zeros((n, 7))
    for wd in range(7):
        cols = (weekday == wd) & is_open
        if cols.any():
            units[:, wd] = matrix[:, cols].sum(axis=1)
            selling[:, wd] = (matrix[:, cols] > 0).sum(axis=1)
    open_wd = np.array([wd not in closed_weekdays for wd in range(7)])
    days_per_wd = np.array([max(((weekday == wd) & is_open).sum(), 1) for wd in range(7)])
    rate = units / days_per_wd
    shop = rate.sum(axis=0)
    shop_share = shop / shop.sum() if shop.sum() > 0 else open_wd / open_wd.sum()
    total = rate.sum(axis=1, keepdims=True)
    own_share = np.divide(rate, total, out=np.tile(shop_share, (n, 1)), where=total > 0)
    weight = selling.sum(axis=1, keepdims=True)
    share = (own_share * weight + shop_share * PROFILE_PRIOR_DAYS) / (weight + PROFILE_PRIOR_DAYS)
    share = np.where(open_wd, share, 0.0)
    share /= np.maximum(share.sum(axis=1, keepdims=True), 1e-12)
    return np.asarray(share * open_wd.sum())
