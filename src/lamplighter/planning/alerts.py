"""Stock alerts per SKU, each with the numbers behind it: below safety stock, stock-out before the
next arrival, slow mover, overstock. Pure and vectorised: one boolean mask per kind over all SKUs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt
import pandas as pd

from lamplighter.planning.replenishment.projection import NEVER, Projection

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

ALERT_COLUMNS = ["sku", "kind", "severity", "value", "threshold", "date", "message"]
BELOW_SAFETY_STOCK, STOCKOUT_BEFORE_ARRIVAL, SLOW_MOVER, OVERSTOCK = (
    "below_safety_stock",
    "stockout_before_arrival",
    "slow_mover",
    "overstock",
)


@dataclass(frozen=True, slots=True)
class AlertParams:
    """Thresholds. A slow mover has stock and sells too little for it: more than ``slow_days_of_supply``
    days of supply, or turnover below ``slow_turnover_per_year``, or its oldest unit is older than
    ``slow_age_days``. Overstock: the inventory position exceeds the order-up-to level and covers more
    than ``overstock_days`` days. A stock-out within ``critical_days`` is critical.
    """

    slow_days_of_supply: float = 180.0
    slow_turnover_per_year: float = 2.0
    slow_age_days: float = 180.0
    overstock_days: float = 120.0
    critical_days: int = 14


@dataclass(frozen=True, slots=True)
class StockPosition:
    """Per SKU, one entry each: stock and what replenishment planned for it.

    ``sales_rate``: units a day sold recently (turnover, days of supply); ``forecast_rate``: units a
    day expected. ``oldest_stock_days``: age of the oldest unit on hand (NaN when unknown).
    """

    skus: tuple[str, ...]
    on_hand: FloatArray
    on_order: FloatArray
    unit_cost: FloatArray
    sales_rate: FloatArray
    forecast_rate: FloatArray
    safety_stock: FloatArray
    order_up_to: FloatArray
    oldest_stock_days: FloatArray


def days_of_supply(stock: FloatArray, rate: FloatArray) -> FloatArray:
    """Stock / units a day (inf when nothing sells and there is stock; 0 when there is none)."""
    safe = np.where(rate > 0, rate, 1.0)
    return np.asarray(np.where(rate > 0, stock / safe, np.where(stock > 0, np.inf, 0.0)), dtype=np.float64)


def stock_alerts(
    position: StockPosition,
    projection: Projection,
    next_arrival_in_days: IntArray,
    today: date,
    params: AlertParams | None = None,
) -> pd.DataFrame:
    """Every alert for every SKU (columns :data:`ALERT_COLUMNS`), critical first, then by SKU.

    ``next_arrival_in_days``: the earliest day stock can land (first open order, or a new order
    placed today, whichever is sooner), so that the alert means "too late to prevent by ordering".
    """
    p = params or AlertParams()
    frames = [
        _below_safety_stock(position),
        _stockout_before_arrival(position, projection, next_arrival_in_days, today, p),
        _slow_movers(position, p),
        _overstock(position, p),
    ]
    table = pd.concat([f for f in frames if not f.empty] or [_empty()], ignore_index=True)
    rank = table["severity"].map({"critical": 0, "warning": 1, "info": 2})
    return table.assign(_rank=rank).sort_values(["_rank", "sku", "kind"]).drop(columns="_rank").reset_index(drop=True)


def _below_safety_stock(pos: StockPosition) -> pd.DataFrame:
    hit = np.flatnonzero((pos.safety_stock > 0) & (pos.on_hand < pos.safety_stock))
    messages = [f"{pos.on_hand[i]:,.0f} on hand is below the safety stock of {pos.safety_stock[i]:,.0f}" for i in hit]
    return _rows(pos, hit, BELOW_SAFETY_STOCK, "warning", pos.on_hand, pos.safety_stock, None, messages)


def _stockout_before_arrival(
    pos: StockPosition, projection: Projection, arrival: IntArray, today: date, p: AlertParams
) -> pd.DataFrame:
    day = projection.stockout_day
    hit = np.flatnonzero((day != NEVER) & (day < arrival))
    horizon = projection.lost.shape[1]
    until = np.minimum(arrival, horizon)[:, None] > np.arange(horizon)[None, :]
    short = (projection.lost * until).sum(axis=1)
    dates = [today + timedelta(days=int(day[i])) for i in hit]
    messages = [
        f"projected stock-out on {d.isoformat()} (in {day[i]} day{'' if day[i] == 1 else 's'}), "
        + (f"next arrival in {arrival[i]} days" if arrival[i] != NEVER else "nothing on order")
        + f"; {short[i]:,.0f} units of demand would go unserved until then"
        for d, i in zip(dates, hit, strict=True)
    ]
    severity = np.where(day[hit] <= p.critical_days, "critical", "warning")
    frame = _rows(
        pos, hit, STOCKOUT_BEFORE_ARRIVAL, "warning", day.astype(float), arrival.astype(float), dates, messages
    )
    frame["severity"] = severity
    frame.loc[frame["threshold"] >= NEVER, "threshold"] = np.inf
    return frame


def _slow_movers(pos: StockPosition, p: AlertParams) -> pd.DataFrame:
    supply = days_of_supply(pos.on_hand, pos.sales_rate)
    turnover = np.where(pos.on_hand > 0, pos.sales_rate * 365.0 / np.maximum(pos.on_hand, 1e-9), np.inf)
    age = np.nan_to_num(pos.oldest_stock_days, nan=0.0)
    slow = (pos.on_hand > 0) & (
        (supply > p.slow_days_of_supply) | (turnover < p.slow_turnover_per_year) | (age > p.slow_age_days)
    )
    hit = np.flatnonzero(slow)
    messages = [
        f"{pos.on_hand[i]:,.0f} on hand sells {pos.sales_rate[i]:,.2f} a day: "
        f"{supply[i]:,.0f} days of supply, turnover {turnover[i]:,.1f} a year"
        + (f", oldest unit {age[i]:,.0f} days old" if not np.isnan(pos.oldest_stock_days[i]) else "")
        for i in hit
    ]
    return _rows(pos, hit, SLOW_MOVER, "info", supply, np.full(len(supply), p.slow_days_of_supply), None, messages)


def _overstock(pos: StockPosition, p: AlertParams) -> pd.DataFrame:
    held = pos.on_hand + pos.on_order
    excess = held - pos.order_up_to
    cover = days_of_supply(held, pos.forecast_rate)
    hit = np.flatnonzero((excess > 0) & (cover > p.overstock_days))
    messages = [
        f"{held[i]:,.0f} on hand and on order cover {cover[i]:,.0f} days; {excess[i]:,.0f} units "
        f"({excess[i] * pos.unit_cost[i]:,.2f} at cost) above the order-up-to level {pos.order_up_to[i]:,.0f}"
        for i in hit
    ]
    return _rows(pos, hit, OVERSTOCK, "info", excess, pos.order_up_to, None, messages)


def _rows(
    pos: StockPosition,
    hit: IntArray,
    kind: str,
    severity: str,
    value: FloatArray,
    threshold: FloatArray,
    dates: list[date] | None,
    messages: list[str],
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sku": np.asarray(pos.skus, dtype=object)[hit],
            "kind": kind,
            "severity": severity,
            "value": np.asarray(value, dtype=np.float64)[hit],
            "threshold": np.asarray(threshold, dtype=np.float64)[hit],
            "date": dates if dates is not None else [None] * len(hit),
            "message": messages,
        },
        columns=ALERT_COLUMNS,
    )


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in ALERT_COLUMNS})
