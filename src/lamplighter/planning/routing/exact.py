"""Exact shortest picker tours: the Ratliff–Rosenthal programme swept over aisle columns.

Our own implementation (no library offers it, see ``states``): for ``k`` cross aisles the
work is linear in the number of aisles, with a constant that grows with ``k`` (6 reachable
states for a single block, 24 for two blocks, 112 for three, 568 for four). Many trips are solved at once:
the state values of all trips form one ``(trips, states)`` array and every transition is a
numpy gather followed by ``np.minimum.reduceat`` over the transitions into each state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lamplighter.domain.geometry import AisleGrid, AislePoint
from lamplighter.planning.routing.aisle_picks import FloatArray, TripCosts, trip_costs
from lamplighter.planning.routing.states import StateSpace, Transitions, state_space

#: Above this many cross aisles the state space gets too large; callers use local search.
MAX_EXACT_CROSS_AISLES = 5
_CHUNK = 4096


def exact_lengths(grid: AisleGrid, trips: Sequence[Sequence[AislePoint]]) -> FloatArray:
    """Optimal tour length of every trip (0 for a trip with nothing to visit off the depot)."""
    k = len(grid.cross_aisle_y)
    if k > MAX_EXACT_CROSS_AISLES:
        raise ValueError(f"exact routing handles up to {MAX_EXACT_CROSS_AISLES} cross aisles, got {k}")
    space = state_space(k)
    out = np.empty(len(trips))
    for start in range(0, len(trips), _CHUNK):
        chunk = trips[start : start + _CHUNK]
        out[start : start + len(chunk)] = sweep(space, trip_costs(grid, chunk)).best
    return out


@dataclass(slots=True)
class Sweep:
    """Result of a sweep: best lengths, and (when kept) the value arrays after every step."""

    best: FloatArray
    history: list[tuple[str, int, int, FloatArray]]
    finish_column: npt.NDArray[np.intp]


def _step(values: FloatArray, table: Transitions, cost: FloatArray) -> FloatArray:
    cand = values[:, table.source] + cost
    out = np.full_like(values, np.inf)
    out[:, table.target] = np.minimum.reduceat(cand, table.starts, axis=1)
    return out


def _required_penalty(required: npt.NDArray[np.bool_], unused: npt.NDArray[np.bool_]) -> FloatArray:
    """inf where a transition leaves a node the trip needs unused, 0 elsewhere."""
    clash = (required.astype(np.int16) @ unused.T.astype(np.int16)) > 0
    return np.where(clash, np.inf, 0.0)


def sweep(space: StateSpace, trips: TripCosts, keep_history: bool = False) -> Sweep:
    """Run the programme over all columns for all trips; ``keep_history`` for one trip's tour."""
    n, n_cols = trips.costs.shape[0], trips.costs.shape[1]
    values = np.full((n, len(space.states)), np.inf)
    values[:, space.empty] = 0.0
    best = np.where(trips.empty, 0.0, np.inf)
    finish_column = np.full(n, -1, dtype=np.intp)
    history: list[tuple[str, int, int, FloatArray]] = []
    gaps = trips.columns.gaps
    copies = space.exit_copies.sum(axis=1).astype(np.float64)
    finished_zero = space.zero_nodes[space.finished]
    active = ~trips.empty
    earliest_end = int(trips.last[active].min(initial=n_cols))
    for j in range(int(trips.first[active].min(initial=n_cols)), int(trips.last[active].max(initial=-1)) + 1):
        for s, table in enumerate(space.sub_aisle):
            if keep_history:
                history.append(("aisle", j, s, values))
            values = _step(values, table, trips.costs[:, j, s, table.choice])
        required = trips.required[:, j]
        needed = required.any()
        if j >= earliest_end:
            done = values[:, space.finished]
            if needed:
                done = done + _required_penalty(required, finished_zero)
            done_best = done.min(axis=1)
            better = (j >= trips.last) & (done_best < best)
            best = np.where(better, done_best, best)
            finish_column[better] = j
        if j == n_cols - 1:
            break
        if keep_history:
            history.append(("exit", j, 0, values))
        cost = copies * gaps[j]
        values = _step(values, space.exit, cost + _required_penalty(required, space.exit.unused) if needed else cost)
    return Sweep(best, history, finish_column)
