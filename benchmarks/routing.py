"""Picker routing benchmark: exact router vs published optima, classic heuristics and OR-Tools.

Part 1, every instance of ../shared/data/sprp (Heßler & Irnich 2024; 1,200 instances, each
as a single-block and as a two-block warehouse): mismatches of our exact router against the
proven optima (goal 0), the gap of each classic heuristic, our time per tour (goal: median
under 5 ms for 30 picks in 50 aisles), and OR-Tools (guided local search) on a sample.

Part 2, a layout with four cross aisles (three blocks): our router against OR-Tools with a
5-second guided local search on the same random trips of 15-60 picks. The default run uses
20 trips (100 x 5 s would take over 8 minutes); ``--full`` runs the 100 of the issue.

    .venv/bin/python benchmarks/routing.py [--full] [--ortools-sample 30] [--ortools-seconds 1]

Times are CPU seconds of this process (the machine may be shared). OR-Tools' time limit is
wall-clock, so on a busy machine its CPU time is below the limit.

The last line gives ours / OR-Tools mean length in part 2 and our mean gap in part 1.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from lamplighter.adapters.files.sprp import SprpInstance, read_sprp
from lamplighter.domain.geometry import AisleGrid, AislePoint
from lamplighter.domain.layout import Layout
from lamplighter.planning.routing import METHODS, route, tour_length
from lamplighter.planning.routing.local_search import distance_matrix, improved_tour

SPRP = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "sprp"
HEURISTICS = METHODS[1:]


def ortools_tour(grid: AisleGrid, points: Sequence[AislePoint], seconds: float) -> tuple[float, float]:
    """OR-Tools routing (path cheapest arc, then guided local search for ``seconds``): length, CPU time."""
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    stops = [grid.depot, *dict.fromkeys(points)]
    d = distance_matrix(grid, stops)
    scale = 100  # OR-Tools wants integers; layout distances are multiples of 0.5 m
    ints = np.rint(d * scale).astype(np.int64).tolist()
    start = time.process_time()
    manager = pywrapcp.RoutingIndexManager(len(stops), 1, 0)
    model = pywrapcp.RoutingModel(manager)
    callback = model.RegisterTransitCallback(lambda i, j: ints[manager.IndexToNode(i)][manager.IndexToNode(j)])
    model.SetArcCostEvaluatorOfAllVehicles(callback)
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.FromMilliseconds(int(seconds * 1000))
    solution = model.SolveWithParameters(params)
    elapsed = time.process_time() - start
    return solution.ObjectiveValue() / scale, elapsed


def _timed(fn: object, *args: object) -> tuple[float, float]:
    """Value and CPU seconds (process time: the machine is shared, wall time would measure the neighbours)."""
    start = time.process_time()
    value = fn(*args)  # type: ignore[operator]
    return float(value), time.process_time() - start


def sprp_part(sample_every: int, ortools_seconds: float) -> float:
    with (SPRP / "optima.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    print(f"part 1: {len(rows)} SPRP instances x 2 variants from {SPRP}")
    all_gaps: list[float] = []
    for two_block in (False, True):
        variant = "two-block" if two_block else "single-block"
        column = "optimal_two_block" if two_block else "optimal_single_block"
        mismatches, times, big_times, route_times = 0, [], [], []
        gaps: dict[str, list[float]] = defaultdict(list)
        ortools: list[tuple[float, float]] = []
        for n, row in enumerate(rows):
            instance: SprpInstance = read_sprp(SPRP / "instances" / row["file"], two_block)
            optimum = float(row[column])
            length, seconds = _timed(tour_length, instance.grid, instance.points)
            mismatches += abs(length - optimum) > 1e-6
            all_gaps.append(100 * (length - optimum) / optimum)
            times.append(seconds)
            if row["aisles"] == "50" and row["picks"] == "30":
                big_times.append(seconds)
                route_times.append(_timed(lambda i: route(i.grid, i.points).length, instance)[1])
            for method in HEURISTICS:
                gaps[method].append(100 * (route(instance.grid, instance.points, method).length - optimum) / optimum)
            if n % sample_every == 0:
                ref, ref_time = ortools_tour(instance.grid, instance.points, ortools_seconds)
                ortools.append((100 * (ref - optimum) / optimum, ref_time))
        print(f"\n[{variant}] exact router mismatches against the optimum: {mismatches} of {len(rows)}")
        print(
            f"  our time per tour (length): median {1e3 * statistics.median(times):.2f} ms, max {1e3 * max(times):.2f} ms; "
            f"30 picks in 50 aisles: median {1e3 * statistics.median(big_times):.2f} ms, max {1e3 * max(big_times):.2f} ms"
        )
        print(
            f"  with the tour itself (order, legs, walk), 30 picks in 50 aisles: median {1e3 * statistics.median(route_times):.2f} ms"
        )
        for method in HEURISTICS:
            g = gaps[method]
            print(
                f"  {method:12s} gap to optimum: mean {statistics.mean(g):6.2f}%  median {statistics.median(g):6.2f}%  max {max(g):7.2f}%"
            )
        og = [g for g, _ in ortools]
        print(
            f"  OR-Tools GLS {ortools_seconds:g} s on {len(ortools)} instances (every {sample_every}th): "
            f"gap mean {statistics.mean(og):.3f}%, max {max(og):.3f}%, time mean {statistics.mean(t for _, t in ortools):.2f} s"
        )
    return statistics.mean(all_gaps)


def three_block_layout() -> Layout:
    """15 aisles of 60 bays with middle cross aisles after bays 20 and 40: four cross aisles."""
    return Layout.from_dict(
        {
            "name": "three block 15x60",
            "geometry": {"bays_per_row": 60, "middle_cross_aisles_after_bay": [20, 40], "packing_station_x_m": 19.5},
            "zones": [{"code": "A", "kind": "category", "aisles": 15, "levels": 1}],
        }
    )


def multi_block_part(trips: int, seconds: float) -> float:
    layout = three_block_layout()
    grid = layout.grid
    points = [loc.point for loc in layout.locations.values()]
    rng = np.random.default_rng(2026)
    print(
        f"\npart 2: {layout.name}: {len(grid.cross_aisle_y)} cross aisles, depot at x = {grid.depot.x} m (between aisles); "
        f"{trips} random trips of 15-60 picks; OR-Tools GLS {seconds:g} s each"
    )
    ours, ours_time, ref, ref_time, local, local_time = [], [], [], [], [], []
    for _ in range(trips):
        chosen = [points[i] for i in rng.choice(len(points), int(rng.integers(15, 61)), replace=False)]
        length, elapsed = _timed(lambda c: route(grid, c).length, chosen)
        ours.append(length)
        ours_time.append(elapsed)
        length, elapsed = _timed(lambda c: improved_tour(grid, c).length, chosen)
        local.append(length)
        local_time.append(elapsed)
        r, t = ortools_tour(grid, chosen, seconds)
        ref.append(r)
        ref_time.append(t)
    wins = sum(a < b - 1e-6 for a, b in zip(ours, ref, strict=True))
    ties = sum(abs(a - b) <= 1e-6 for a, b in zip(ours, ref, strict=True))
    print(
        f"  ours (exact programme, 4 cross aisles): mean {statistics.mean(ours):.2f} m, time mean {1e3 * statistics.mean(ours_time):.1f} ms, max {1e3 * max(ours_time):.1f} ms"
    )
    print(
        f"  our fallback for grids beyond the exact programme (best heuristic + 2-opt/Or-opt): mean {statistics.mean(local):.2f} m, "
        f"time mean {1e3 * statistics.mean(local_time):.1f} ms"
    )
    print(f"  OR-Tools GLS: mean {statistics.mean(ref):.2f} m, time mean {statistics.mean(ref_time):.2f} s")
    print(f"  ours shorter on {wins}, equal on {ties}, longer on {trips - wins - ties} of {trips} trips")
    print(f"  time ratio ours/OR-Tools: {statistics.mean(ours_time) / statistics.mean(ref_time):.5f}")
    return statistics.mean(ours) / statistics.mean(ref)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true", help="100 multi-block trips (about 9 minutes)")
    parser.add_argument("--ortools-sample", type=int, default=40, help="run OR-Tools on every Nth SPRP instance")
    parser.add_argument("--ortools-seconds", type=float, default=1.0, help="OR-Tools time limit on SPRP instances")
    args = parser.parse_args()
    if not SPRP.exists():
        raise SystemExit(f"needs the SPRP instances in {SPRP}")
    mean_gap = sprp_part(args.ortools_sample, args.ortools_seconds)
    ratio = multi_block_part(100 if args.full else 20, 5.0)
    print(f"\nours/OR-Tools mean length (multi-block) {ratio:.4f}; our mean gap to the SPRP optima {mean_gap:.4f}%")


if __name__ == "__main__":
    main()
