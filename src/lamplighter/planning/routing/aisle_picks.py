"""Pick points of many trips turned into per-column walking costs, all trips at once.

A *column* is an aisle, or a spot on the front cross aisle where the depot (or a pick
outside any aisle) stands between aisles. For every trip, column and sub-aisle the cost of
each of the six sub-aisle options of :mod:`lamplighter.planning.routing.states` is computed
with numpy over all pick points together (no Python loop per trip).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lamplighter.domain.geometry import AisleGrid, AislePoint
from lamplighter.planning.routing.states import FROM_HIGH, FROM_LOW, GAP, NONE, OPTIONS, TRAVERSE, TRAVERSE_TWICE

FloatArray = npt.NDArray[np.float64]
_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class Columns:
    """The columns of a grid: x positions, and the aisle each stands for (-1: none)."""

    x: FloatArray
    aisle: npt.NDArray[np.intp]
    depot: int

    @property
    def gaps(self) -> FloatArray:
        """Distance from each column to the next (the last one has none: +inf)."""
        gaps: FloatArray = np.r_[np.diff(self.x), np.inf]
        return gaps


@dataclass(frozen=True, slots=True)
class TripCosts:
    """Option costs ``(trips, columns, k-1, 6)``, required nodes ``(trips, columns, k)`` and the
    first/last column each trip must reach (empty trips: ``empty`` is True)."""

    columns: Columns
    costs: FloatArray
    required: npt.NDArray[np.bool_]
    first: npt.NDArray[np.intp]
    last: npt.NDArray[np.intp]
    empty: npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class FlatPoints:
    """All trips' points flattened: trip number, column, y, and whether the point is in an aisle."""

    trip: npt.NDArray[np.intp]
    column: npt.NDArray[np.intp]
    y: FloatArray
    in_aisle: npt.NDArray[np.bool_]


def columns_of(grid: AisleGrid, extra_x: Sequence[float] = ()) -> Columns:
    """Aisle columns plus the depot's and any extra front-aisle spots, left to right."""
    xs = sorted({round(x, 9) for x in (*grid.aisle_x, grid.depot.x, *extra_x)})
    x = np.array(xs, dtype=np.float64)
    aisle = np.full(len(x), -1, dtype=np.intp)
    aisle[np.searchsorted(x, np.round(np.array(grid.aisle_x, dtype=np.float64), 9))] = np.arange(len(grid.aisle_x))
    return Columns(x, aisle, int(np.searchsorted(x, round(grid.depot.x, 9))))


def flatten(grid: AisleGrid, trips: Sequence[Sequence[AislePoint]]) -> tuple[Columns, FlatPoints]:
    """Flatten trips into arrays; points standing on the depot are dropped (they cost nothing)."""
    depot = grid.depot
    trip_ids: list[int] = []
    aisles: list[int] = []
    xs: list[float] = []
    ys: list[float] = []
    for n, points in enumerate(trips):
        for p in points:
            if abs(p.x - depot.x) < _EPS and abs(p.y - grid.cross_aisle_y[0]) < _EPS:
                continue  # standing on the depot: nothing to walk
            if p.aisle is None and abs(p.y - grid.cross_aisle_y[0]) > _EPS:
                raise ValueError(f"point {p} is outside every aisle and not on the front cross aisle")
            trip_ids.append(n)
            aisles.append(-1 if p.aisle is None else p.aisle)
            xs.append(p.x)
            ys.append(p.y)
    aisle = np.array(aisles, dtype=np.intp)
    x = np.array(xs, dtype=np.float64)
    off_aisle = aisle < 0
    columns = columns_of(grid, x[off_aisle].tolist())
    aisle_column = np.flatnonzero(columns.aisle >= 0)
    if len(aisle) and aisle.max(initial=-1) >= len(grid.aisle_x):
        raise ValueError(f"aisle {int(aisle.max())} is not in the grid ({len(grid.aisle_x)} aisles)")
    column = np.where(off_aisle, np.searchsorted(columns.x, np.round(x, 9)), aisle_column[np.maximum(aisle, 0)])
    flat = FlatPoints(
        np.array(trip_ids, dtype=np.intp), column.astype(np.intp), np.array(ys, dtype=np.float64), ~off_aisle
    )
    return columns, flat


def trip_costs(grid: AisleGrid, trips: Sequence[Sequence[AislePoint]]) -> TripCosts:
    """Option costs of every sub-aisle of every column for every trip."""
    columns, flat = flatten(grid, trips)
    return costs_of(grid, columns, flat, len(trips))


def costs_of(grid: AisleGrid, columns: Columns, flat: FlatPoints, n_trips: int) -> TripCosts:
    """Option costs from already flattened points (callers that reuse points across many trips)."""
    cross = np.array(grid.cross_aisle_y, dtype=np.float64)
    k, n_cols = len(cross), len(columns.x)
    lengths = np.diff(cross)
    costs = np.full((n_trips, n_cols, k - 1, OPTIONS), np.inf)
    costs[..., NONE] = 0.0
    aisle_cols = columns.aisle >= 0
    costs[:, aisle_cols, :, TRAVERSE] = lengths
    costs[:, aisle_cols, :, TRAVERSE_TWICE] = 2 * lengths
    required = np.zeros((n_trips, n_cols, k), dtype=bool)

    on_node = np.abs(flat.y[:, None] - cross[None, :]) < _EPS
    at_node = on_node.any(axis=1) | (flat.y < cross[0]) | (flat.y > cross[-1])
    node = np.where(on_node.any(axis=1), on_node.argmax(axis=1), np.where(flat.y < cross[0], 0, k - 1))
    required[flat.trip[at_node], flat.column[at_node], node[at_node]] = True
    inner = ~at_node
    _inner_costs(costs, cross, flat.trip[inner], flat.column[inner], flat.y[inner])

    has_points = np.bincount(flat.trip, minlength=n_trips) > 0
    required[has_points, columns.depot, 0] = True
    col_min = np.full(n_trips, columns.depot, dtype=np.intp)
    col_max = np.full(n_trips, columns.depot, dtype=np.intp)
    np.minimum.at(col_min, flat.trip, flat.column)
    np.maximum.at(col_max, flat.trip, flat.column)
    return TripCosts(columns, costs, required, col_min, col_max, ~has_points)


def _inner_costs(
    costs: FloatArray, cross: FloatArray, trip: npt.NDArray[np.intp], column: npt.NDArray[np.intp], y: FloatArray
) -> None:
    """Fill the costs of sub-aisles holding picks strictly between two cross aisles."""
    if not len(y):
        return
    k = len(cross)
    sub = np.clip(np.searchsorted(cross, y) - 1, 0, k - 2)
    key = (trip * costs.shape[1] + column) * (k - 1) + sub
    order = np.lexsort((y, key))
    key, y = key[order], y[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    ends = np.r_[starts[1:], len(key)] - 1
    gap_before = np.full(len(y), -np.inf)
    same = key[1:] == key[:-1]
    gap_before[1:][same] = np.diff(y)[same]
    widest = np.maximum.reduceat(gap_before, starts)
    g_key = key[starts]
    g_sub = g_key % (k - 1)
    g_col = (g_key // (k - 1)) % costs.shape[1]
    g_trip = g_key // ((k - 1) * costs.shape[1])
    low, high = cross[g_sub], cross[g_sub + 1]
    cell = costs[g_trip, g_col, g_sub]
    cell[:, NONE] = np.inf
    cell[:, FROM_LOW] = 2 * (y[ends] - low)
    cell[:, FROM_HIGH] = 2 * (high - y[starts])
    cell[:, GAP] = np.where(np.isfinite(widest), 2 * (high - low - widest), np.inf)
    costs[g_trip, g_col, g_sub] = cell
