"""The pick locations of a layout as arrays: where each slot stands on the walking grid."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lamplighter.domain.layout import PICK_ZONE_KINDS, Layout, Location, ZoneKind
from lamplighter.planning.slotting.route_cost import AisleColumns

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class SlotTable:
    """Every location slotting may fill, in a fixed order, with its walking coordinates.

    ``columns`` has one more aisle beyond the last, ``reserve_column``: SKUs without a pick
    location are fetched from the far reserve at its front end (one aisle pitch past the
    last aisle, on the front cross aisle).
    """

    locations: tuple[Location, ...]
    column: IntArray
    y: FloatArray
    level: IntArray
    golden: BoolArray
    depot_distance: FloatArray
    columns: AisleColumns
    reserve_column: int

    @classmethod
    def pick_faces(cls, layout: Layout) -> SlotTable:
        """The pick-face locations of ``layout`` (fast, category, fragile, battery, bulky zones)."""
        return cls.of(layout, [loc for loc in layout.locations.values() if loc.zone.kind in PICK_ZONE_KINDS])

    @classmethod
    def reserves(cls, layout: Layout) -> SlotTable:
        """The reserve (overflow) locations of ``layout``."""
        return cls.of(layout, [loc for loc in layout.locations.values() if loc.zone.kind is ZoneKind.RESERVE])

    @classmethod
    def of(cls, layout: Layout, locations: list[Location]) -> SlotTable:
        grid = layout.grid
        pitch = layout.geometry.aisle_pitch_m
        reserve_x = grid.aisle_x[-1] + pitch
        columns = AisleColumns.from_grid(grid, extra_x=(reserve_x,))
        xs = np.array([loc.point.x for loc in locations], dtype=np.float64)
        column = columns.column_of_aisle(xs) if locations else np.zeros(0, dtype=np.int64)
        y = np.array([loc.point.y for loc in locations], dtype=np.float64)
        level = np.array([loc.level for loc in locations], dtype=np.int64)
        golden = np.isin(level, np.array(layout.geometry.golden_levels, dtype=np.int64))
        depot = np.array([grid.distance(grid.depot, loc.point) for loc in locations], dtype=np.float64)
        reserve_column = int(np.flatnonzero(columns.walkable & np.isclose(columns.x, reserve_x))[0])
        return cls(tuple(locations), column, y, level, golden, depot, columns, reserve_column)

    def __len__(self) -> int:
        return len(self.locations)

    @property
    def labels(self) -> list[str]:
        return [loc.label for loc in self.locations]

    def index_of(self) -> dict[str, int]:
        return {loc.label: i for i, loc in enumerate(self.locations)}
