"""Velocity placement: the most picked SKUs to the cheapest slots their rules allow.

With a cost ``weight[s] x cost[l]`` and no rules, sorting both is optimal (rearrangement
inequality). Rules make it an assignment problem: solved exactly with the Hungarian
method (scipy) while the matrix is small, else greedily in order of weight.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from lamplighter.planning.slotting.slots import SlotTable

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Largest SKU x slot matrix handed to the exact assignment solver (its time grows ~ n^3).
EXACT_LIMIT = 400_000


def location_cost(slots: SlotTable, aisle_weight: float) -> FloatArray:
    """Cost of a slot for a fast mover: ``aisle_weight`` x metres across + metres into the aisle.

    1 is the walking distance from the packing station (diagonal bands: suits small orders);
    large values fill whole aisles nearest the station first (suits orders that traverse
    aisles). Non-golden levels cost a little more, so fast movers take waist height first.
    """
    level_penalty = np.where(slots.golden, 0.0, 0.01)
    if aisle_weight == 1.0:  # the true walking distance, middle cross aisles included
        walking: FloatArray = slots.depot_distance + level_penalty
        return walking
    x = slots.columns.x[slots.column]
    depot_x = slots.columns.x[slots.columns.depot_column]
    across = np.abs(x - depot_x)
    into = slots.y - slots.columns.front_y
    cost: FloatArray = aisle_weight * across + into + level_penalty
    return cost


def velocity_assignment(weight: FloatArray, cost: FloatArray, allowed: BoolArray, exact: bool = True) -> IntArray:
    """Slot index per SKU (-1: no slot left that its rules allow) minimising sum weight x cost.

    ``exact=False`` always uses the greedy order (for quick comparisons of many shapes).
    """
    n_skus, n_slots = allowed.shape
    if n_skus == 0 or n_slots == 0:
        return np.full(n_skus, -1, dtype=np.int64)
    if exact and n_skus * n_slots <= EXACT_LIMIT:
        return _exact(weight, cost, allowed)
    return _greedy(weight, cost, allowed)


def greedy_assignment(order: IntArray, cost: FloatArray, allowed: BoolArray) -> IntArray:
    """SKUs in ``order`` each take the cheapest free slot they are allowed; -1 when none is left."""
    n_skus = allowed.shape[0]
    slot = np.full(n_skus, -1, dtype=np.int64)
    free = np.ones(allowed.shape[1], dtype=bool)
    by_cost = np.argsort(cost, kind="stable")
    uniform = bool((allowed == allowed[0]).all()) if n_skus else True
    if uniform:  # every SKU has the same choices: walk the slots in cost order
        usable = by_cost[allowed[0][by_cost]] if n_skus else by_cost
        k = min(len(order), len(usable))
        slot[order[:k]] = usable[:k]
        return slot
    ranked_allowed = allowed[:, by_cost]
    for s in order:  # one SKU at a time: each choice changes what is free for the next
        choice = np.flatnonzero(ranked_allowed[s] & free[by_cost])
        if choice.size:
            slot[s] = by_cost[choice[0]]
            free[slot[s]] = False
    return slot


def _greedy(weight: FloatArray, cost: FloatArray, allowed: BoolArray) -> IntArray:
    return greedy_assignment(np.argsort(-weight, kind="stable").astype(np.int64), cost, allowed)


def _exact(weight: FloatArray, cost: FloatArray, allowed: BoolArray) -> IntArray:
    n_skus, n_slots = allowed.shape
    big = float(np.abs(weight).max() * (np.abs(cost).max() + 1.0) * 10.0 + 1.0)
    reserve_cost = float(cost.max() + 1.0)
    matrix = np.where(allowed, np.outer(weight, cost), big)
    # One reserve column per SKU lets any SKU stay without a slot at the reserve's cost.
    reserve = np.full((n_skus, n_skus), big)
    np.fill_diagonal(reserve, weight * reserve_cost)
    # scipy.optimize takes half a second to import: load it only when an exact assignment runs.
    from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]  # no stubs for scipy

    rows, cols = linear_sum_assignment(np.hstack([matrix, reserve]))
    slot = np.full(n_skus, -1, dtype=np.int64)
    ok = cols < n_slots
    ok &= allowed[rows, np.minimum(cols, n_slots - 1)]
    slot[rows[ok]] = cols[ok]
    return slot
