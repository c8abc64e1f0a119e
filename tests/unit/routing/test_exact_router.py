"""The exact router against brute force, the heuristics and the published optima."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lamplighter.adapters.files.sprp import read_sprp
from lamplighter.domain.geometry import AisleGrid, AislePoint
from lamplighter.planning.routing import METHODS, route, tour_length, tour_lengths
from lamplighter.planning.routing.local_search import distance_matrix, held_karp, improved_tour
from tests.conftest import SHARED_DATA
from tests.factories import make_layout

SPRP = SHARED_DATA / "sprp"


@st.composite
def grids(draw: st.DrawFn, blocks: int) -> AisleGrid:
    aisles = draw(st.lists(st.integers(0, 60), min_size=1, max_size=7, unique=True))
    xs = tuple(float(x) for x in sorted(aisles))
    middles = draw(st.lists(st.integers(2, 38), min_size=blocks - 1, max_size=blocks - 1, unique=True))
    cross = (0.0, *sorted(float(m) for m in middles), 40.0)
    depot_x = draw(st.one_of(st.sampled_from(xs), st.integers(-5, 65).map(float)))
    on_aisle = xs.index(depot_x) if depot_x in xs else None
    return AisleGrid(xs, cross, AislePoint(depot_x, 0.0, on_aisle))


@st.composite
def trips(draw: st.DrawFn, blocks: int, max_picks: int = 8) -> tuple[AisleGrid, list[AislePoint]]:
    grid = draw(grids(blocks))
    picks = draw(
        st.lists(
            st.tuples(st.integers(0, len(grid.aisle_x) - 1), st.integers(0, 80).map(lambda v: v / 2)),
            max_size=max_picks,
        )
    )
    return grid, [grid.point(a, y) for a, y in picks]


def brute_force(grid: AisleGrid, points: list[AislePoint]) -> float:
    return held_karp(distance_matrix(grid, [grid.depot, *dict.fromkeys(points)]))


@pytest.mark.parametrize("blocks", [1, 2])
@given(data=st.data())
def test_exact_length_equals_held_karp_on_small_trips(blocks: int, data: st.DataObject) -> None:
    grid, points = data.draw(trips(blocks))
    assert tour_length(grid, points) == pytest.approx(brute_force(grid, points), abs=1e-9)


@pytest.mark.parametrize("blocks", [1, 2, 3])
@given(data=st.data())
def test_exact_tour_is_never_longer_than_any_heuristic(blocks: int, data: st.DataObject) -> None:
    grid, points = data.draw(trips(blocks, max_picks=20))
    exact = route(grid, points)
    assert exact.length == pytest.approx(tour_length(grid, points), abs=1e-9)
    for method in METHODS[1:]:
        assert exact.length <= route(grid, points, method).length + 1e-9, method


@pytest.mark.parametrize("method", METHODS)
@given(data=st.data())
def test_every_tour_visits_each_point_once_and_its_legs_add_up(method: str, data: st.DataObject) -> None:
    grid, points = data.draw(trips(2, max_picks=12))
    tour = route(grid, points, method)
    assert sorted(tour.order) == list(range(len(points)))
    assert sum(tour.legs) == pytest.approx(tour.length)
    assert len(tour.legs) == len(points) + 1
    for (x0, y0), (x1, y1) in zip(tour.path, tour.path[1:], strict=False):
        assert x0 == x1 or y0 == y1  # every step follows one aisle or one cross aisle


def test_batched_lengths_match_one_trip_at_a_time() -> None:
    layout = make_layout()
    codes = sorted(layout.locations)
    rng = np.random.default_rng(7)
    trips_ = [[layout.locations[codes[i]].point for i in rng.integers(0, len(codes), n)] for n in range(12)]
    batched = tour_lengths(layout.grid, trips_)
    assert batched.tolist() == pytest.approx([tour_length(layout.grid, t) for t in trips_])


def test_a_trip_with_nothing_off_the_depot_walks_nothing() -> None:
    layout = make_layout()
    assert tour_length(layout.grid, []) == 0.0
    assert route(layout.grid, [layout.grid.depot]).length == 0.0


def test_depot_between_aisles_is_walked_to_along_the_front() -> None:
    grid = AisleGrid((0.0, 10.0), (0.0, 20.0), AislePoint(5.0, 0.0, None))
    # one pick 4 deep in aisle 1: 5 across, 4 in, 4 out, 5 back
    assert tour_length(grid, [grid.point(1, 4.0)]) == pytest.approx(18.0)


def _optima() -> list[dict[str, str]]:
    with (SPRP / "optima.csv").open() as handle:
        return list(csv.DictReader(handle))


@pytest.mark.realdata
@pytest.mark.skipif(not SPRP.exists(), reason="needs ../shared/data/sprp (the Heßler & Irnich instances)")
@pytest.mark.parametrize("two_block", [False, True])
def test_exact_router_reproduces_published_optima(two_block: bool) -> None:
    rows = _optima()[::20]
    column = "optimal_two_block" if two_block else "optimal_single_block"
    instances = [read_sprp(SPRP / "instances" / row["file"], two_block) for row in rows]
    for row, instance in zip(rows, instances, strict=True):
        assert tour_length(instance.grid, instance.points) == float(row[column]), row["file"]
        assert route(instance.grid, instance.points).length == float(row[column]), row["file"]


@given(data=st.data())
def test_local_search_fallback_lies_between_the_optimum_and_the_best_heuristic(data: st.DataObject) -> None:
    grid, points = data.draw(trips(3, max_picks=25))
    improved = improved_tour(grid, points)
    assert sorted(improved.order) == list(range(len(points)))
    assert sum(improved.legs) == pytest.approx(improved.length)
    best_heuristic = min(route(grid, points, m).length for m in METHODS[1:])
    assert tour_length(grid, points) - 1e-9 <= improved.length <= best_heuristic + 1e-9


def test_grids_beyond_the_exact_programme_fall_back_to_local_search() -> None:
    grid = AisleGrid((0.0, 3.0, 6.0, 9.0), tuple(float(y) for y in range(0, 70, 10)), AislePoint(0.0, 0.0, 0))
    points = [grid.point(a, y + 0.5) for a, y in ((0, 5), (1, 25), (2, 45), (3, 65), (1, 12), (3, 3))]
    tour = route(grid, points)
    assert sorted(tour.order) == list(range(len(points)))
    assert tour.length <= min(route(grid, points, m).length for m in METHODS[1:]) + 1e-9
    assert tour.length >= held_karp(distance_matrix(grid, [grid.depot, *points])) - 1e-9
