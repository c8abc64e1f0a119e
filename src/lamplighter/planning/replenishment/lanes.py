"""Freight lanes and lead times: production plus transit, as a mean and a spread per SKU.

Lead time per SKU and lane = production (per SKU or supplier) + transit (per lane). The two are
taken as independent, so the means add and the variances add.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from lamplighter.domain.suppliers import FreightLane, FreightMode

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Mode = Literal["sea", "air"]


@dataclass(frozen=True, slots=True)
class Lane:
    """One freight lane. Days for transit; money per kg and per m3 in shop currency.

    The charge for a shipment is the larger of weight x ``cost_per_kg`` and volume x ``cost_per_m3``
    (the weight-or-measure rule carriers use). ``allows_lithium_standalone`` is False for air: UN3480
    cells may not fly.
    """

    mode: Mode
    transit_mean_days: float
    transit_sd_days: float
    cost_per_kg: float
    cost_per_m3: float
    allows_lithium_standalone: bool = True

    def __post_init__(self) -> None:
        if self.transit_mean_days <= 0 or self.transit_sd_days < 0:
            raise ValueError(f"lane {self.mode}: transit mean must be positive and spread non-negative")
        if self.cost_per_kg < 0 or self.cost_per_m3 < 0:
            raise ValueError(f"lane {self.mode}: costs must not be negative")


# Sensible defaults for China -> EU/US lighting freight: sea ~5 weeks door to door, air ~8 days.
# Costs are typical 2024 spot levels (sea LCL per m3, air per chargeable kg at 167 kg/m3).
SEA = Lane("sea", 35.0, 7.0, cost_per_kg=0.25, cost_per_m3=120.0)
AIR = Lane("air", 8.0, 2.0, cost_per_kg=6.0, cost_per_m3=1000.0, allows_lithium_standalone=False)
DEFAULT_LANES: dict[str, Lane] = {"sea": SEA, "air": AIR}


@dataclass(frozen=True, slots=True)
class LeadTime:
    """Lead time per SKU in days: ``mean`` and standard deviation ``sd`` (arrays of one length)."""

    mean: FloatArray
    sd: FloatArray


def lead_time(production_mean: FloatArray | float, production_sd: FloatArray | float, lane: Lane) -> LeadTime:
    """Lead time = production + transit; means add, variances add (independent stages)."""
    mean = np.asarray(production_mean, dtype=np.float64) + lane.transit_mean_days
    sd = np.sqrt(np.asarray(production_sd, dtype=np.float64) ** 2 + lane.transit_sd_days**2)
    return LeadTime(np.atleast_1d(mean), np.atleast_1d(sd))


def freight_per_unit(weight_kg: FloatArray, volume_m3: FloatArray, lane: Lane) -> FloatArray:
    """Freight cost per unit on ``lane``: the larger of the weight and the volume charge."""
    return np.maximum(np.asarray(weight_kg) * lane.cost_per_kg, np.asarray(volume_m3) * lane.cost_per_m3)


def may_use(lane: Lane, lithium_standalone: BoolArray) -> BoolArray:
    """Which SKUs may travel on ``lane`` (standalone lithium cells only where the lane allows them)."""
    allowed: BoolArray = np.ones_like(lithium_standalone, dtype=bool)
    if not lane.allows_lithium_standalone:
        allowed = ~np.asarray(lithium_standalone, dtype=bool)
    return allowed


def lane_from_freight(lane: FreightLane) -> Lane:
    """The planning view of a catalog lane (transit and costs; production time stays with the caller)."""
    mode: Mode = "air" if lane.mode is FreightMode.AIR else "sea"
    return Lane(
        mode,
        lane.transit_mean_days,
        lane.transit_sd_days,
        lane.cost_per_kg,
        lane.cost_per_m3,
        allows_lithium_standalone=not lane.forbids_standalone_lithium,
    )
