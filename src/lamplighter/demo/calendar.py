"""The demo's shopping calendar: weekdays, the Q4 peak, Christmas season and live streams.

Every function returns a factor per day (or a SKU x day matrix) to multiply demand by;
days are a ``pandas.DatetimeIndex`` of midnights, oldest first.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from lamplighter.demo import scenarios as sc

# TikTok Shop buyers shop most at the weekend (Monday first).
WEEKDAY_FACTOR = np.array([0.92, 0.9, 0.94, 0.98, 1.06, 1.14, 1.06])


def black_friday(year: int) -> date:
    """The day after the fourth Thursday of November."""
    first = date(year, 11, 1)
    first_thursday = first + timedelta(days=(3 - first.weekday()) % 7)
    return first_thursday + timedelta(days=22)


def shopping_season(days: pd.DatetimeIndex) -> np.ndarray:
    """Q4 factor per day: a bump around Black Friday, its spikes, 11.11, and the January lull."""
    factor = np.ones(len(days))
    for year in sorted(set(days.year)):
        bf = pd.Timestamp(black_friday(year))
        offset = np.asarray((days - bf).days, dtype=float)
        factor += 0.6 * np.exp(-0.5 * (offset / 18.0) ** 2)
        factor += 1.4 * (offset == 0) + 0.6 * (offset == 1) + 0.5 * (offset == 2) + 0.8 * (offset == 3)
        singles_day = pd.Timestamp(date(year, 11, 11))
        factor += 0.5 * (days == singles_day)
        lull = (days >= pd.Timestamp(date(year, 12, 27))) | (days < pd.Timestamp(date(year, 1, 20)))
        factor = np.where(lull & (days.year == year), factor * 0.75, factor)
    weekday = WEEKDAY_FACTOR[days.dayofweek.to_numpy()]
    return np.asarray(factor * weekday, dtype=float)


def christmas_season(days: pd.DatetimeIndex) -> np.ndarray:
    """Factor for SKUs tagged ``christmas``: dormant all year, rising from mid October to mid December."""
    factor = np.full(len(days), 0.15)
    for year in sorted(set(days.year)):
        peak = pd.Timestamp(date(year, 12, 18))
        until_peak = np.asarray((peak - days).days, dtype=float)
        rising = (until_peak >= 0) & (until_peak <= 65)
        factor = np.where(rising, 0.15 + 3.85 * (1.0 - until_peak / 65.0) ** 2, factor)
        after = (days > peak) & (days <= pd.Timestamp(date(year, 12, 24)))
        factor = np.where(after, 2.5, factor)
    return factor


def draw_live_streams(days: pd.DatetimeIndex, catalog: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Live-stream days and the SKUs each features (date, sku).

    Twice a week (Tuesday, Saturday) from October to Christmas, every other Saturday the
    rest of the year. Q4 streams always feature the hero lamps; all feature a few others.
    """
    q4 = (days.month >= 10) & ~((days.month == 12) & (days.day > 22))
    tuesday_or_saturday = np.isin(days.dayofweek, (1, 5))
    fortnightly_saturday = (days.dayofweek == 5) & ((days.dayofyear // 7) % 2 == 0)
    stream_days = days[(q4 & tuesday_or_saturday) | (~q4 & fortnightly_saturday)]
    others = catalog.loc[catalog["role"].isin([sc.ROLE_REGULAR, sc.ROLE_VIRAL]), "code"].to_numpy()
    rows: list[tuple[pd.Timestamp, str]] = []
    for day in stream_days:
        featured = list(rng.choice(others, size=3, replace=False))
        if day.month >= 10:
            featured += list(sc.HERO_LAMPS)
        rows += [(day, str(code)) for code in featured]
    return pd.DataFrame(rows, columns=["date", "sku"])


def live_stream_matrix(
    live: pd.DataFrame, codes: np.ndarray, days: pd.DatetimeIndex, *, on_day: float, next_day: float
) -> np.ndarray:
    """SKU x day factor: ``on_day`` when a SKU is featured, ``next_day`` the day after, else 1."""
    factor = np.ones((len(codes), len(days)))
    sku_index = pd.Index(codes).get_indexer(live["sku"])
    day_index = days.get_indexer(pd.DatetimeIndex(live["date"]))
    keep = (sku_index >= 0) & (day_index >= 0)
    sku_index, day_index = sku_index[keep], day_index[keep]
    after = day_index + 1 < len(days)
    factor[sku_index[after], day_index[after] + 1] = next_day
    factor[sku_index, day_index] = on_day
    return factor


def demo_days(today: date, history_days: int) -> pd.DatetimeIndex:
    """``history_days`` whole days before ``today`` and today itself (a partial day)."""
    start = pd.Timestamp(today) - pd.Timedelta(days=history_days)
    return pd.date_range(start, pd.Timestamp(today), freq="D")
