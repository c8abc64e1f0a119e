"""Stock-aware ad advice per SKU: scale, hold, throttle, pause (with the date), clearance (with bundle partners).

The ad team spends to sell; the warehouse can only sell what it has. Rules, first match wins:

- ``pause``: the projected stock-out comes before the next arrival and within ``pause_within_days``.
  Pause by ``stock-out date - ad_lag_days``: ads keep converting for a day or two after they stop,
  so pausing on the stock-out day oversells the last units.
- ``throttle``: a stock-out before the next arrival, but further out: spend down to the share of
  demand the stock can serve until the arrival (``throttle_to``), with the pause date as backstop.
- ``clearance``: a slow mover or overstock (from :mod:`lamplighter.planning.alerts`), with the SKUs
  most often bought with it (basket lift, :mod:`lamplighter.planning.affinity`) as bundle partners.
- ``scale``: deep cover (no stock-out within ``scale_cover_days``) and a fast seller (sales rate in
  the top ``1 - fast_quantile`` of selling SKUs).
- ``hold``: everything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt
import pandas as pd

from lamplighter.planning.affinity import bundle_partners
from lamplighter.planning.replenishment.projection import NEVER, Projection

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

ADVICE_COLUMNS = [
    "sku",
    "action",
    "pause_by",
    "throttle_to",
    "days_of_cover",
    "stockout_date",
    "next_arrival_date",
    "bundle_partners",
    "reason",
]
SCALE, HOLD, THROTTLE, PAUSE, CLEARANCE = "scale", "hold", "throttle", "pause", "clearance"


@dataclass(frozen=True, slots=True)
class AdviceParams:
    """Thresholds of the rules in the module docstring (days; quantile of selling SKUs' rates)."""

    pause_within_days: int = 7
    ad_lag_days: int = 2
    scale_cover_days: float = 60.0
    fast_quantile: float = 0.8
    partners: int = 3


def ad_advice(
    skus: tuple[str, ...],
    forecast_rate: FloatArray,
    projection: Projection,
    next_arrival_in_days: IntArray,
    clearance: BoolArray,
    today: date,
    affinity: pd.DataFrame | None = None,
    params: AdviceParams | None = None,
) -> pd.DataFrame:
    """One row per SKU (columns :data:`ADVICE_COLUMNS`), in ``skus`` order.

    ``projection`` is the stock projected with today's forecast and everything on order;
    ``next_arrival_in_days``: the earliest day stock can land -- the first open order, or a new
    order placed today (its lead time), whichever is sooner; a stock-out after that is for
    purchasing to prevent, not for the ad team;
    ``clearance`` marks slow movers and overstock; ``affinity`` is :func:`co_occurrence_lift`'s frame.
    """
    p = params or AdviceParams()
    stockout = projection.stockout_day
    cover = projection.days_of_cover()
    before_arrival = (stockout != NEVER) & (stockout < next_arrival_in_days)
    pause = before_arrival & (stockout <= p.pause_within_days)
    throttle = before_arrival & ~pause
    selling = forecast_rate[forecast_rate > 0]
    fast_cut = float(np.quantile(selling, p.fast_quantile)) if selling.size else np.inf
    scale = (
        ~before_arrival & ~clearance & (cover >= p.scale_cover_days) & (forecast_rate >= fast_cut) & (forecast_rate > 0)
    )
    action = np.select([pause, throttle, clearance, scale], [PAUSE, THROTTLE, CLEARANCE, SCALE], HOLD)
    share = _serviceable_share(projection, next_arrival_in_days)
    pause_day = np.maximum(stockout - p.ad_lag_days, 0)
    partners = (
        bundle_partners(affinity, [s for s, a in zip(skus, action, strict=True) if a == CLEARANCE], p.partners)
        if affinity is not None
        else {}
    )
    rows = []
    for i, sku in enumerate(skus):  # formatting only: one short string per SKU, after the vectorised rules
        rows.append(
            {
                "sku": sku,
                "action": action[i],
                "pause_by": _date(today, pause_day[i]) if before_arrival[i] else None,
                "throttle_to": round(float(share[i]), 2) if throttle[i] else None,
                "days_of_cover": float(cover[i]),
                "stockout_date": _date(today, stockout[i]),
                "next_arrival_date": _date(today, next_arrival_in_days[i]),
                "bundle_partners": " ".join(partners.get(sku, [])),
                "reason": _reason(
                    action[i], cover[i], stockout[i], next_arrival_in_days[i], share[i], forecast_rate[i], fast_cut, p
                ),
            }
        )
    return pd.DataFrame(rows, columns=ADVICE_COLUMNS)


def _serviceable_share(projection: Projection, arrival: IntArray) -> FloatArray:
    """Share of the demand until the next arrival (or the horizon) that stock can serve."""
    horizon = projection.lost.shape[1]
    until = np.minimum(arrival, horizon)[:, None] > np.arange(horizon)[None, :]
    lost = (projection.lost * until).sum(axis=1)
    wanted = (projection.demand * until).sum(axis=1)
    return np.asarray(np.where(wanted > 0, 1.0 - lost / np.where(wanted > 0, wanted, 1.0), 1.0), dtype=np.float64)


def _date(today: date, days: int | np.integer) -> date | None:
    return None if int(days) == NEVER else today + timedelta(days=int(days))


def _days(n: int | np.integer) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _reason(
    action: str, cover: float, stockout: int, arrival: int, share: float, rate: float, fast_cut: float, p: AdviceParams
) -> str:
    arrives = "nothing on order" if arrival == NEVER else f"next arrival in {_days(arrival)}"
    runs_out = "stock runs out today" if stockout <= 0 else f"stock-out in {_days(stockout)}"
    if action == PAUSE:
        # Ads keep selling for a few days after they stop: pause that long before the last unit.
        when = "now" if stockout <= p.ad_lag_days else f"in {_days(stockout - p.ad_lag_days)}"
        return f"{runs_out}, {arrives}: pause {when} ({p.ad_lag_days} days ahead) so the last units are not oversold"
    if action == THROTTLE:
        return f"{runs_out}, {arrives}: stock serves {share:.0%} of demand until then"
    if action == CLEARANCE:
        held = "no stock-out in the horizon" if stockout == NEVER else f"{cover:.0f} days of cover"
        return f"slow mover or overstock ({held} at {rate:,.2f} a day): run a clearance campaign or bundle it"
    if action == SCALE:
        return f"{cover:.0f} days of cover and {rate:,.1f} a day (fast: >= {fast_cut:,.1f}): room to sell more"
    return f"{cover:.0f} days of cover, {rate:,.1f} a day"
