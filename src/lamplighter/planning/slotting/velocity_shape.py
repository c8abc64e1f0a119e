"""Choose how fast movers are laid out by a walk-forward test on the history itself.

Two choices shape a velocity placement: how much recent picks count more than old ones
(the half-life of a pick's weight; demand for lighting shifts with the season) and how
slots are ranked (``velocity.location_cost``: diagonal bands or whole aisles). Each pair is
fitted on the history up to ``validation_days`` before its end and scored by the optimal
routes of the orders of those last days, with products first sold in them fetched from
reserve -- the same protocol as the replay, one period earlier. No future data is used.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from lamplighter.planning.slotting.baskets import Baskets
from lamplighter.planning.slotting.objective import RouteObjective
from lamplighter.planning.slotting.slots import SlotTable
from lamplighter.planning.slotting.velocity import location_cost, velocity_assignment

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class VelocityShape:
    half_life_days: float | None  # None: every pick in the history counts the same
    aisle_weight: float
    validation_metres: float | None = None  # summed routes of the validation orders (None: not validated)
    validation_orders: int = 0


def recency_weights(lines: pd.DataFrame, skus: pd.Index, end: pd.Timestamp, half_life_days: float | None) -> FloatArray:
    """Pick lines per SKU (aligned with ``skus``), each weighted ``0.5 ** (age / half_life)`` at ``end``."""
    weight: FloatArray = np.ones(len(lines))
    if half_life_days is not None:
        age = (end - lines["ordered_at"]).dt.total_seconds().to_numpy(dtype=np.float64) / 86_400.0
        weight = np.power(0.5, age / half_life_days).astype(np.float64)
    summed = pd.Series(weight, index=lines.index).groupby(lines["sku"].astype(str)).sum()
    out = np.asarray(summed.reindex(skus).fillna(0.0), dtype=np.float64)
    return out


def choose_velocity_shape(
    lines: pd.DataFrame,
    skus: pd.Index,
    slots: SlotTable,
    allowed: BoolArray,
    half_lives: tuple[float | None, ...],
    aisle_weights: tuple[float, ...],
    validation_days: int,
) -> VelocityShape:
    """The (half-life, aisle weight) pair whose placement walks least on the last ``validation_days``."""
    end = lines["ordered_at"].max() if len(lines) else pd.Timestamp(0)
    cutoff = end - pd.Timedelta(days=validation_days)
    fit = lines[lines["ordered_at"] <= cutoff]
    held_out = lines[lines["ordered_at"] > cutoff]
    if fit.empty or held_out.empty:
        return VelocityShape(half_lives[0], aisle_weights[-1])
    known = skus.isin(pd.unique(fit["sku"].astype(str)))
    unseen = ~held_out["sku"].astype(str).isin(skus[known])
    objective = RouteObjective(slots, Baskets.from_lines(held_out, skus, unseen), len(skus))
    rows = np.flatnonzero(known)
    best: VelocityShape | None = None
    for half_life in half_lives:
        weight = recency_weights(fit, skus, cutoff, half_life)[rows]
        for aisle_weight in aisle_weights:
            slot = np.full(len(skus), -1, dtype=np.int64)
            slot[rows] = velocity_assignment(weight, location_cost(slots, aisle_weight), allowed[rows], exact=False)
            metres = objective.total(slot)
            if best is None or best.validation_metres is None or metres < best.validation_metres - 1e-9:
                best = VelocityShape(half_life, aisle_weight, metres, len(objective.baskets))
    assert best is not None  # both option tuples are non-empty
    return best
