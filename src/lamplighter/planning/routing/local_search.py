"""Tours for grids the exact programme does not cover: the best heuristic, improved by local search.

The distance matrix is the shortest walk along aisles and cross aisles (``AisleGrid.distance``,
computed for all pairs with numpy). Moves: 2-opt (reverse a stretch) and Or-opt (move a run
of 1 to 3 stops elsewhere, either way round), best improvement each round, evaluated for all
positions at once with numpy. Also exposes Held–Karp for small trips (the brute-force
yardstick of the tests).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations, pairwise

import numpy as np
import numpy.typing as npt

from lamplighter.domain.geometry import AisleGrid, AislePoint
from lamplighter.planning.routing.heuristics import HEURISTICS, heuristic_tour
from lamplighter.planning.routing.tour import Tour, Waypoint, tour_from_walk

FloatMatrix = npt.NDArray[np.float64]


def distance_matrix(grid: AisleGrid, points: Sequence[AislePoint]) -> FloatMatrix:
    """Shortest walking distance between every pair of ``points`` (all pairs at once)."""
    x = np.array([p.x for p in points])
    y = np.array([p.y for p in points])
    aisle = np.array([-1 if p.aisle is None else p.aisle for p in points])
    cross = np.array(grid.cross_aisle_y)
    via = np.abs(y[:, None, None] - cross) + np.abs(cross - y[None, :, None])
    d = np.abs(x[:, None] - x[None, :]) + via.min(axis=2)
    same = (aisle[:, None] == aisle[None, :]) & (aisle[:, None] >= 0)
    out: FloatMatrix = np.where(same, np.abs(y[:, None] - y[None, :]), d)
    return out


def _length(d: FloatMatrix, seq: Sequence[int]) -> float:
    closed = [*seq, seq[0]]
    return float(sum(d[a, b] for a, b in pairwise(closed)))


def _two_opt(d: FloatMatrix, seq: list[int]) -> bool:
    s = np.array([*seq, seq[0]])
    a, b = s[:-1], s[1:]
    delta = d[a[:, None], a[None, :]] + d[b[:, None], b[None, :]] - d[a, b][:, None] - d[a, b][None, :]
    delta = np.triu(delta, 2)
    i, j = np.unravel_index(int(np.argmin(delta)), delta.shape)
    if delta[i, j] >= -1e-9:
        return False
    seq[i + 1 : j + 1] = seq[i + 1 : j + 1][::-1]
    return True


def _or_opt(d: FloatMatrix, seq: list[int]) -> bool:
    n = len(seq)
    best, move = -1e-9, None
    for size in (1, 2, 3):
        for start in range(1, n - size + 1):  # position 0 is the depot and stays put
            run = seq[start : start + size]
            rest = seq[:start] + seq[start + size :]
            prev, nxt = seq[start - 1], seq[(start + size) % n]
            gain = d[prev, run[0]] + d[run[-1], nxt] - d[prev, nxt]
            r = np.array([*rest, rest[0]])
            u, v = r[:-1], r[1:]
            fwd = d[u, run[0]] + d[run[-1], v] - d[u, v]
            bwd = d[u, run[-1]] + d[run[0], v] - d[u, v]
            for cost, flip in ((fwd, False), (bwd, True)):
                k = int(np.argmin(cost))
                if cost[k] - gain < best:
                    best, move = cost[k] - gain, (start, size, k, flip)
    if move is None:
        return False
    start, size, k, flip = move
    run = seq[start : start + size]
    rest = seq[:start] + seq[start + size :]
    seq[:] = rest[: k + 1] + (run[::-1] if flip else run) + rest[k + 1 :]
    return True


def improve(d: FloatMatrix, seq: list[int], max_rounds: int = 1000) -> list[int]:
    """2-opt and Or-opt until neither improves; ``seq[0]`` (the depot) stays first."""
    seq = list(seq)
    for _ in range(max_rounds):
        if not (_two_opt(d, seq) or _or_opt(d, seq)):
            break
        if seq[0] != 0:
            at = seq.index(0)
            seq = seq[at:] + seq[:at]
    return seq


def walk_between(grid: AisleGrid, a: AislePoint, b: AislePoint) -> list[Waypoint]:
    """Waypoints of one shortest walk from ``a`` to ``b`` (``a`` excluded)."""
    if a.aisle is not None and a.aisle == b.aisle:
        return [(b.x, b.y)]
    c = min(grid.cross_aisle_y, key=lambda c: abs(a.y - c) + abs(c - b.y))
    return [(a.x, c), (b.x, c), (b.x, b.y)]


def _tour_of(grid: AisleGrid, stops: Sequence[AislePoint], seq: Sequence[int], points: Sequence[AislePoint]) -> Tour:
    walk: list[Waypoint] = [(stops[0].x, stops[0].y)]
    closed = [*seq, seq[0]]
    for a, b in pairwise(closed):
        walk += walk_between(grid, stops[a], stops[b])
    return tour_from_walk("local-search", points, walk)


def improved_tour(grid: AisleGrid, points: Sequence[AislePoint]) -> Tour:
    """The best classic heuristic's order, improved by 2-opt and Or-opt on shortest walks."""
    stops = [grid.depot, *dict.fromkeys(points)]
    if len(stops) <= 3:
        return _tour_of(grid, stops, list(range(len(stops))), points)
    index = {p: i for i, p in enumerate(stops)}
    d = distance_matrix(grid, stops)
    best_seq: list[int] = []
    best_len = np.inf
    for method in HEURISTICS:
        tour = heuristic_tour(grid, points, method)
        seq = [0, *dict.fromkeys(index[points[i]] for i in tour.order)]
        seq = [s for i, s in enumerate(seq) if s != 0 or i == 0]
        if (length := _length(d, seq)) < best_len:
            best_seq, best_len = seq, length
    return _tour_of(grid, stops, improve(d, best_seq), points)


def held_karp(d: FloatMatrix) -> float:
    """Shortest closed tour through every row of ``d`` starting at 0 (exact; 2^n n^2, n <= ~12)."""
    n = len(d)
    if n <= 1:
        return 0.0
    best: dict[tuple[int, int], float] = {(1 << j, j): float(d[0, j]) for j in range(1, n)}
    for size in range(2, n):
        for subset in combinations(range(1, n), size):
            mask = sum(1 << j for j in subset)
            for j in subset:
                prev = mask ^ (1 << j)
                best[(mask, j)] = min(best[(prev, i)] + float(d[i, j]) for i in subset if i != j)
    full = (1 << n) - 2
    return min(best[(full, j)] + float(d[j, 0]) for j in range(1, n))
