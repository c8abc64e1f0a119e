"""The vectorised route model used by slotting's search agrees with brute force and the router."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from lamplighter.domain.geometry import AisleGrid, AislePoint
from lamplighter.planning.routing import tour_lengths as router_lengths
from lamplighter.planning.slotting.route_cost import AisleColumns, tour_lengths


def _brute_force(grid: AisleGrid, points: list[AislePoint]) -> float:
    best = float("inf")
    for order in itertools.permutations(points):
        walk = [grid.depot, *order, grid.depot]
        best = min(best, sum(grid.distance(a, b) for a, b in itertools.pairwise(walk)))
    return best if points else 0.0


def _random_trip(rng: random.Random) -> tuple[AisleGrid, list[AislePoint]]:
    aisles = rng.randint(1, 5)
    xs = tuple(3.0 * i for i in range(aisles))
    if aisles > 1 and rng.random() < 0.3:
        depot = AislePoint(1.5, 0.0, None)  # packing station between two aisles
    else:
        a = rng.randrange(aisles)
        depot = AislePoint(xs[a], 0.0, a)
    grid = AisleGrid(xs, (0.0, 10.0), depot)
    picks = [grid.point(rng.randrange(aisles), round(rng.uniform(0.5, 9.5), 1)) for _ in range(rng.randint(0, 6))]
    return grid, picks


def _ours(grid: AisleGrid, picks: list[AislePoint]) -> float:
    columns = AisleColumns.from_grid(grid)
    column = columns.column_of_aisle(np.array([p.x for p in picks], dtype=np.float64))
    basket = np.zeros(len(picks), dtype=np.int64)
    return float(tour_lengths(columns, basket, column, np.array([p.y for p in picks], dtype=np.float64), 1)[0])


def test_route_model_matches_brute_force_on_small_trips() -> None:
    rng = random.Random(7)
    for _ in range(150):
        grid, picks = _random_trip(rng)
        assert _ours(grid, picks) == pytest.approx(_brute_force(grid, picks), abs=1e-9)


def test_route_model_matches_the_router_for_many_baskets_at_once() -> None:
    rng = random.Random(3)
    xs = tuple(3.0 * i for i in range(8))
    grid = AisleGrid(xs, (0.0, 22.0), AislePoint(0.0, 0.0, 0))
    trips = [[grid.point(rng.randrange(8), rng.uniform(1, 21)) for _ in range(rng.randint(0, 25))] for _ in range(300)]
    columns = AisleColumns.from_grid(grid)
    basket = np.array([b for b, trip in enumerate(trips) for _ in trip], dtype=np.int64)
    flat = [p for trip in trips for p in trip]
    ours = tour_lengths(
        columns,
        basket,
        columns.column_of_aisle(np.array([p.x for p in flat])),
        np.array([p.y for p in flat]),
        len(trips),
    )
    np.testing.assert_allclose(ours, router_lengths(grid, trips), atol=1e-9)
