"""Projected stock per SKU and day: stock on hand, plus arrivals (in transit, open POs), minus demand.

Unmet demand is lost, not back-ordered (a TikTok buyer who finds a SKU sold out buys elsewhere),
so the projection is the reflected walk ``level_t = X_t - min(0, min_{u<=t} X_u)`` of the
unreflected ``X_t = on_hand + cumulative arrivals - cumulative demand``: one cumulative sum and
one running minimum over all SKUs at once. Arrivals on a day are available for that day's demand.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

NEVER = np.iinfo(np.int64).max
"""Day index meaning "not within the horizon"."""


@dataclass(frozen=True, slots=True)
class Projection:
    """``level`` ``(n, H)``: closing stock of day ``t`` (day 0 = today); ``lost`` the demand it cannot
    serve, out of ``demand``.

    ``stockout_day``: first day with unmet demand (``NEVER`` if none within the horizon).
    """

    level: FloatArray
    lost: FloatArray
    stockout_day: IntArray
    demand: FloatArray

    def days_of_cover(self) -> FloatArray:
        """Whole days until the first stock-out (the horizon when none)."""
        horizon = self.level.shape[1]
        return np.where(self.stockout_day == NEVER, horizon, self.stockout_day).astype(np.float64)


def arrivals_matrix(n: int, horizon: int, sku: IntArray, qty: FloatArray, day: IntArray) -> FloatArray:
    """``(n, horizon)`` units arriving per SKU and day from parallel arrays of open orders.

    Orders due before today count as arriving today (late, but on their way); after the horizon, dropped.
    """
    out = np.zeros((n, horizon))
    day = np.maximum(np.asarray(day, dtype=np.int64), 0)
    inside = day < horizon
    np.add.at(out, (np.asarray(sku)[inside], day[inside]), np.asarray(qty, dtype=np.float64)[inside])
    return out


def project_stock(on_hand: FloatArray, arrivals: FloatArray, demand: FloatArray) -> Projection:
    """Project closing stock for ``H`` days; ``demand`` is ``(n, H)`` or ``(n,)`` (the same every day)."""
    n, horizon = arrivals.shape
    demand = np.broadcast_to(np.asarray(demand, dtype=np.float64).reshape(n, -1), (n, horizon))
    walk = np.asarray(on_hand, dtype=np.float64)[:, None] + np.cumsum(arrivals - demand, axis=1)
    floor = np.minimum(np.minimum.accumulate(walk, axis=1), 0.0)
    level = walk - floor
    before = np.concatenate([np.zeros((n, 1)), floor[:, :-1]], axis=1)
    lost = before - floor  # the floor only falls by demand that found no stock
    short = lost > 1e-9
    stockout = np.where(short.any(axis=1), short.argmax(axis=1), NEVER).astype(np.int64)
    return Projection(level, lost, stockout, demand)


def next_arrival(n: int, sku: IntArray, due_in_days: IntArray) -> IntArray:
    """Days until the first open order of each SKU lands (``NEVER`` when nothing is on the way)."""
    out = np.full(n, NEVER, dtype=np.int64)
    np.minimum.at(out, np.asarray(sku, dtype=np.int64), np.maximum(np.asarray(due_in_days, dtype=np.int64), 0))
    return out
