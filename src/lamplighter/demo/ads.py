"""TikTok ad campaigns of the demo seller: spend -> impressions -> clicks -> orders, with lags.

All arrays are SKU x day. Spend is set from how many orders a campaign is meant to bring
(``target``), so the funnel's own rates (CPM, CTR, conversion rate) decide the volumes.
Orders from clicks arrive over four days (:data:`ORDER_LAG_WEIGHTS`), as buyers come back.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lamplighter.demo import scenarios as sc

ORDER_LAG_WEIGHTS = np.array([0.55, 0.25, 0.12, 0.08])  # share of a day's clicks that order 0..3 days later
FLIGHT_DAYS = 14  # campaigns run in two-week flights, switched on or off


@dataclass(frozen=True, slots=True)
class AdFunnel:
    """Per SKU x day: money spent and what it bought. ``units`` are the orders the ads cause."""

    spend: np.ndarray
    impressions: np.ndarray
    clicks: np.ndarray
    conversions: np.ndarray
    units: np.ndarray


def draw_ad_funnel(
    catalog: pd.DataFrame,
    target: np.ndarray,
    season: np.ndarray,
    live: np.ndarray,
    rng: np.random.Generator,
) -> AdFunnel:
    """Spend to reach ``target`` ad orders per SKU x day, and the funnel it produces.

    ``season`` (per day) raises CPMs in Q4; ``live`` (SKU x day) boosts spend on stream days.
    """
    n_sku = target.shape[0]
    cpm = rng.uniform(4.5, 8.0, size=(n_sku, 1)) * (1.0 + 0.25 * (season - 1.0)) * rng.lognormal(0, 0.12, target.shape)
    ctr = rng.uniform(0.008, 0.022, size=(n_sku, 1))
    cvr = rng.uniform(0.025, 0.05, size=(n_sku, 1))
    orders_per_dollar = 1000.0 / cpm * ctr * cvr
    spend = np.round(target * live / orders_per_dollar, 2)
    impressions = rng.poisson(spend / cpm * 1000.0)
    clicks = rng.binomial(impressions, np.broadcast_to(ctr, target.shape))
    conversions = rng.binomial(clicks, np.broadcast_to(cvr, target.shape))
    units = _lagged(clicks * cvr)
    return AdFunnel(spend, impressions, clicks, conversions, units)


def _lagged(orders_at_click: np.ndarray) -> np.ndarray:
    """Spread each day's expected orders over the following days by :data:`ORDER_LAG_WEIGHTS`."""
    out = np.zeros_like(orders_at_click, dtype=float)
    n_day = orders_at_click.shape[1]
    for lag, weight in enumerate(ORDER_LAG_WEIGHTS):  # four shifts of the whole matrix, not a loop per SKU
        out[:, lag:] += weight * orders_at_click[:, : n_day - lag]
    return out


def ad_targets(catalog: pd.DataFrame, organic: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """How many orders a day each SKU's campaigns aim for (0 when its ads are off).

    Heroes and a third of the regular SKUs advertise in two-week flights; the viral lamp's
    campaign is scaled up over the summer ("ad optimisation") to ~170 ad orders a day.
    """
    n_sku, n_day = organic.shape
    role = catalog["role"].to_numpy()
    advertised = np.isin(role, (sc.ROLE_HERO, sc.ROLE_CHRISTMAS)) | (
        (role == sc.ROLE_REGULAR) & (rng.uniform(size=n_sku) < 0.35)
    )
    flights = rng.uniform(size=(n_sku, n_day // FLIGHT_DAYS + 1)) < 0.7
    on = np.repeat(flights, FLIGHT_DAYS, axis=1)[:, :n_day] & advertised[:, None]
    on[np.isin(role, (sc.ROLE_HERO, sc.ROLE_CHRISTMAS))] = True
    target = on * organic * rng.uniform(0.6, 1.4, size=(n_sku, 1))
    viral = role == sc.ROLE_VIRAL
    target[viral] = _viral_ramp(n_day)
    return np.asarray(target, dtype=float)


def _viral_ramp(n_day: int) -> np.ndarray:
    """The sunset lamp's ad orders: a test budget, then scaled up, then a steady ~170 a day."""
    day = np.arange(n_day) - n_day  # days before today (negative)
    ramp = np.clip((day + 200) / 90.0, 0.0, 1.0)  # from 200 to 110 days ago
    return 4.0 + 166.0 * ramp


def ads_frame(catalog: pd.DataFrame, days: pd.DatetimeIndex, funnel: AdFunnel) -> pd.DataFrame:
    """The days with spend as an Ads-Manager-like frame, one row per SKU and day."""
    sku_index, day_index = np.nonzero(funnel.spend > 0)
    codes = catalog["code"].to_numpy()
    return pd.DataFrame(
        {
            "date": days[day_index],
            "sku": codes[sku_index],
            "campaign": [f"{code} | always-on" for code in codes[sku_index]],
            "spend": funnel.spend[sku_index, day_index],
            "impressions": funnel.impressions[sku_index, day_index],
            "clicks": funnel.clicks[sku_index, day_index],
            "conversions": funnel.conversions[sku_index, day_index],
        }
    )
