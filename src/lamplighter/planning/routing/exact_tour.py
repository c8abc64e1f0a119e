"""Read the optimal tour back out of a sweep and walk it (an Euler circuit of the chosen edges)."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from lamplighter.domain.geometry import AisleGrid, AislePoint
from lamplighter.planning.routing.aisle_picks import FloatArray, TripCosts, flatten, trip_costs
from lamplighter.planning.routing.exact import MAX_EXACT_CROSS_AISLES, sweep
from lamplighter.planning.routing.states import (
    FROM_HIGH,
    FROM_LOW,
    GAP,
    TRAVERSE,
    TRAVERSE_TWICE,
    StateSpace,
    Transitions,
    state_space,
)
from lamplighter.planning.routing.tour import Tour, Waypoint, tour_from_walk

Node = tuple[float, float]


def exact_tour(grid: AisleGrid, points: Sequence[AislePoint]) -> Tour:
    """The shortest closed tour from the depot through ``points`` and back."""
    k = len(grid.cross_aisle_y)
    if k > MAX_EXACT_CROSS_AISLES:
        raise ValueError(f"exact routing handles up to {MAX_EXACT_CROSS_AISLES} cross aisles, got {k}")
    space = state_space(k)
    costs = trip_costs(grid, [points])
    depot = (float(costs.columns.x[costs.columns.depot]), grid.cross_aisle_y[0])
    if costs.empty[0]:
        return tour_from_walk("exact", points, [depot])
    run = sweep(space, costs, keep_history=True)
    options, copies = _backtrack(space, costs, run.history, int(run.finish_column[0]), float(run.best[0]))
    edges = _edges(grid, costs, points, options, copies)
    return tour_from_walk("exact", points, _euler_walk(edges, depot))


def _pick(table: Transitions, target: int, before: FloatArray, after: float, cost: FloatArray) -> int:
    """The transition into ``target`` that achieves the value ``after`` (index into table arrays)."""
    group = int(np.searchsorted(table.target, target))
    lo = int(table.starts[group])
    hi = int(table.starts[group + 1]) if group + 1 < len(table.starts) else len(table.source)
    totals = before[table.source[lo:hi]] + cost[lo:hi]
    return lo + int(np.argmin(np.abs(totals - after)))


def _backtrack(
    space: StateSpace, costs: TripCosts, history: list[tuple[str, int, int, FloatArray]], finish: int, best: float
) -> tuple[dict[tuple[int, int], int], dict[tuple[int, int], int]]:
    """Options per (column, sub-aisle) and edge copies per (column, cross aisle) of the optimum."""
    gaps = costs.columns.gaps
    steps = [h for h in history if h[1] < finish or (h[1] == finish and h[0] == "aisle")]
    after_last = _final_values(space, costs, steps)
    finished = space.finished
    required_ok = ~(space.zero_nodes[finished] & costs.required[0, finish]).any(axis=1)
    candidates = np.where(required_ok, after_last[finished], np.inf)
    state = int(finished[int(np.argmin(np.abs(candidates - best)))])
    options: dict[tuple[int, int], int] = {}
    copies: dict[tuple[int, int], int] = {}
    value = best
    for kind, j, s, before in reversed(steps):
        if kind == "aisle":
            table = space.sub_aisle[s]
            cost = costs.costs[0, j, s, table.choice]
        else:
            table = space.exit
            unused = (table.unused & costs.required[0, j]).any(axis=1)
            cost = np.where(unused, np.inf, space.exit_copies.sum(axis=1) * gaps[j])
        t = _pick(table, state, before[0], value, cost)
        if kind == "aisle":
            options[(j, s)] = int(table.choice[t])
        else:
            for i, c in enumerate(space.exit_copies[t]):
                copies[(j, i)] = int(c)
        state = int(table.source[t])
        value = float(before[0, state])
    return options, copies


def _final_values(space: StateSpace, costs: TripCosts, steps: list[tuple[str, int, int, FloatArray]]) -> FloatArray:
    """Values after the last kept step (the history stores values *before* each step)."""
    _kind, j, s, before = steps[-1]
    table = space.sub_aisle[s]
    cand = before[0, table.source] + costs.costs[0, j, s, table.choice]
    out = np.full(len(space.states), np.inf)
    out[table.target] = np.minimum.reduceat(cand, table.starts)
    return out


def _edges(
    grid: AisleGrid,
    costs: TripCosts,
    points: Sequence[AislePoint],
    options: dict[tuple[int, int], int],
    copies: dict[tuple[int, int], int],
) -> list[tuple[Node, Node]]:
    columns = costs.columns
    cross = grid.cross_aisle_y
    _cols, flat = flatten(grid, [points])
    inner: dict[tuple[int, int], list[float]] = defaultdict(list)
    for col, y in zip(flat.column.tolist(), flat.y.tolist(), strict=True):
        s = int(np.clip(np.searchsorted(cross, y) - 1, 0, len(cross) - 2))
        if cross[s] < y < cross[s + 1]:
            inner[(col, s)].append(y)
    edges: list[tuple[Node, Node]] = []
    for (j, s), option in options.items():
        x = float(columns.x[j])
        ys = sorted(set(inner.get((j, s), [])))
        chain = [cross[s], *ys, cross[s + 1]]
        if option in (TRAVERSE, TRAVERSE_TWICE):
            runs = [(chain, 1 if option == TRAVERSE else 2)]
        elif option == FROM_LOW:
            runs = [(chain[:-1], 2)]
        elif option == FROM_HIGH:
            runs = [(chain[1:], 2)]
        elif option == GAP:
            widest = int(np.argmax(np.diff(ys))) + 1  # picks ys[:widest] from below, the rest from above
            runs = [(chain[: widest + 1], 2), (chain[widest + 1 :], 2)]
        else:
            runs = []
        for run, times in runs:
            for a, b in itertools.pairwise(run):
                edges += [((x, a), (x, b))] * times
    for (j, i), c in copies.items():
        left, right = (float(columns.x[j]), cross[i]), (float(columns.x[j + 1]), cross[i])
        edges += [(left, right)] * c
    return edges


def _euler_walk(edges: list[tuple[Node, Node]], start: Waypoint) -> list[Waypoint]:
    """Hierholzer's algorithm on the multigraph; the edges form one connected even-degree graph."""
    adjacent: dict[Node, list[tuple[Node, int]]] = defaultdict(list)
    for n, (a, b) in enumerate(edges):
        adjacent[a].append((b, n))
        adjacent[b].append((a, n))
    used = [False] * len(edges)
    stack, walk = [start], []
    while stack:
        node = stack[-1]
        links = adjacent[node]
        while links and used[links[-1][1]]:
            links.pop()
        if links:
            nxt, n = links.pop()
            used[n] = True
            stack.append(nxt)
        else:
            walk.append(stack.pop())
    if not all(used):
        raise AssertionError("the chosen edges are not connected to the depot")
    return walk[::-1]
