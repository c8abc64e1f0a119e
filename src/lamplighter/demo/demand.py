"""Expected daily units per SKU: organic demand shaped by the calendar, plus what ads bring.

Returns SKU x day matrices of expected units (the rate of a Poisson draw, not sales).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lamplighter.demo import ads
from lamplighter.demo import calendar as cal
from lamplighter.demo import scenarios as sc

ACCELERATION_DAYS = 21  # the Christmas LED strip takes off over the last three weeks
ACCELERATION = 3.5  # ... and sells 3.5 times as much on the last day as 21 days before


@dataclass(frozen=True, slots=True)
class Demand:
    """Expected units per SKU x day, split into organic and ad-driven, and the ad funnel."""

    organic: np.ndarray
    funnel: ads.AdFunnel

    @property
    def expected(self) -> np.ndarray:
        return np.asarray(self.organic + self.funnel.units, dtype=float)


def draw_demand(catalog: pd.DataFrame, days: pd.DatetimeIndex, live: pd.DataFrame, rng: np.random.Generator) -> Demand:
    """Organic demand from base rates, trend, weekdays, Q4, Christmas and live streams; then ads."""
    n_day = len(days)
    season = cal.shopping_season(days)
    codes = catalog["code"].to_numpy()
    base = _base_rates(catalog, rng)
    trend = 1.0 + rng.uniform(-0.3, 0.3, size=(len(codes), 1)) * np.linspace(-0.5, 0.5, n_day)
    christmas = catalog["seasonal_tags"].str.contains("christmas").to_numpy()
    seasonal = np.where(christmas[:, None], cal.christmas_season(days)[None, :] * season, season)
    streams = cal.live_stream_matrix(live, codes, days, on_day=3.0, next_day=1.3)
    organic = base[:, None] * trend * seasonal * streams
    organic[codes == sc.CHRISTMAS_LED_STRIP] *= _acceleration(n_day)
    target = ads.ad_targets(catalog, organic, rng)
    ad_live = cal.live_stream_matrix(live, codes, days, on_day=1.5, next_day=1.0)
    funnel = ads.draw_ad_funnel(catalog, target, season, ad_live, rng)
    viral = codes == sc.VIRAL_SUNSET_LAMP
    # Word of mouth follows a viral ad: some buyers search the shop instead of clicking the ad.
    organic[viral] += 0.12 * funnel.units[viral]
    return Demand(organic, funnel)


def _base_rates(catalog: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Units a day on an ordinary weekday outside the season, by role."""
    n = len(catalog)
    role = catalog["role"].to_numpy()
    base = rng.lognormal(np.log(1.4), 0.7, size=n)
    base = np.where(role == sc.ROLE_SLOW, rng.uniform(0.02, 0.15, size=n), base)
    base = np.where(role == sc.ROLE_HERO, rng.uniform(3.0, 5.0, size=n), base)
    base = np.where(role == sc.ROLE_PARTNER, rng.uniform(0.5, 1.0, size=n), base)
    base = np.where(role == sc.ROLE_VIRAL, 5.0, base)
    base = np.where(role == sc.ROLE_CHRISTMAS, 6.0, base)
    # Chandeliers and floor lamps are dear: fewer of them sell.
    dear = catalog["unit_price"].to_numpy() > 120
    return np.asarray(np.where(dear & (role == sc.ROLE_REGULAR), base * 0.3, base), dtype=float)


def _acceleration(n_day: int) -> np.ndarray:
    """Growth over the last :data:`ACCELERATION_DAYS` days, compounding daily."""
    day = np.arange(n_day) - (n_day - 1 - ACCELERATION_DAYS)
    rate = np.log(ACCELERATION) / ACCELERATION_DAYS
    return np.asarray(np.exp(rate * np.clip(day, 0, None)), dtype=float)
