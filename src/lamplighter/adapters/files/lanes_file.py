"""Freight lanes for planning and simulation from the catalog's lanes CSV (see ``catalog_csv.read_lanes``).

Columns: supplier, mode (sea|air), transit_days, and optional transit_sd_days, production_days,
production_sd_days, cost_per_kg, cost_per_m3, forbids_standalone_lithium. The simulation plays one
supplier: the file's first supplier is used, and any other is named in the error if modes clash.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lamplighter.adapters.files.catalog_csv import read_lanes
from lamplighter.planning.replenishment.lanes import DEFAULT_LANES, Lane, lane_from_freight


@dataclass(frozen=True, slots=True)
class SimulationLanes:
    """Lanes by mode plus the supplier's production time (days, mean and spread)."""

    lanes: dict[str, Lane]
    production_mean_days: float = 0.0
    production_sd_days: float = 0.0
    supplier: str = "default"


def load_simulation_lanes(path: str | Path | None) -> SimulationLanes:
    """Lanes from ``path`` (the first supplier's), or the defaults (sea 35 +- 7 days, air 8 +- 2) when None."""
    if path is None:
        return SimulationLanes(dict(DEFAULT_LANES))
    lanes = read_lanes(path)
    if not lanes:
        raise ValueError(f"{path}: no lanes in the file")
    supplier = lanes[0].supplier
    mine = [lane for lane in lanes if lane.supplier == supplier]
    if not any(lane.mode.value == "sea" for lane in mine):
        raise ValueError(f"{path}: supplier {supplier!r} has no sea lane; the simulation needs one")
    first = mine[0]
    return SimulationLanes(
        {lane.mode.value: lane_from_freight(lane) for lane in mine},
        first.production_mean_days,
        first.production_sd_days,
        supplier,
    )
