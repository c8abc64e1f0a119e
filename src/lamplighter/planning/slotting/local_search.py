"""Local search on expected route length: SKU swaps that pull co-ordered items into shared aisles.

Why hand-written: the objective is the sum of exact optimal routes of real baskets, which no
general solver (OR-Tools CP-SAT, MIP) can take as a cost; a swap only changes the routes of
the baskets holding the two SKUs, so deltas are cheap and evaluated in batches.

Each round draws SKUs (weighted by pick frequency), proposes for each a slot in the aisle
where its basket mates already stand (or another depth in its own aisle), keeps the quarter
that saves most aisle visits (a cheap screen), evaluates those exactly, and applies the
improving ones that touch disjoint baskets.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lamplighter.planning.slotting.objective import RouteObjective

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class SearchOptions:
    """``seconds``: wall-clock budget; ``proposals``: candidate moves evaluated per round;
    ``depth_spread_m``: how far (metres along the aisle) a proposal may stray from the SKU's
    current depth; ``same_aisle_share``: share of proposals that only change depth."""

    seconds: float = 30.0
    proposals: int = 100
    depth_spread_m: float = 6.0
    same_aisle_share: float = 0.25
    seed: int = 0
    max_rounds: int = 100_000
    min_baskets: int = 1
    screened: int = 4  # proposals drawn per one evaluated exactly (screened by aisle visits saved)


@dataclass(frozen=True, slots=True)
class SearchResult:
    slot_of_sku: IntArray
    start_metres: float
    end_metres: float
    rounds: int
    accepted: int


def improve_placement(
    objective: RouteObjective, slot_of_sku: IntArray, allowed: BoolArray, options: SearchOptions
) -> SearchResult:
    """Swap and move SKUs while the summed optimal route length of the baskets falls.

    ``allowed[s, l]`` says SKU ``s`` may take slot ``l`` (hard rules and capacity); every move
    kept respects it, so the result breaks no rule the start did not break.
    """
    rng = np.random.default_rng(options.seed)
    slot = slot_of_sku.copy()
    n_slots = len(objective.slots)
    occupant = np.full(n_slots, -1, dtype=np.int64)
    placed = np.flatnonzero(slot >= 0)
    occupant[slot[placed]] = placed
    current = objective.lengths(slot)
    start = float(current.sum())
    weight = _draw_weights(objective, slot, options.min_baskets)
    deadline = time.monotonic() + options.seconds
    rounds = accepted = 0
    while time.monotonic() < deadline and rounds < options.max_rounds and weight.sum() > 0:
        rounds += 1
        objective.presort(slot)
        sku, target = _proposals(objective, slot, weight, options, rng)
        mate = occupant[target]
        ok = allowed[sku, target] & ((mate < 0) | allowed[np.maximum(mate, 0), slot[sku]]) & (mate != sku)
        sku, target, mate = sku[ok], target[ok], mate[ok]
        best = _screen(objective, slot, sku, target, mate, options.proposals)
        sku, target, mate = sku[best], target[best], mate[best]
        if len(sku) == 0:
            continue
        delta = _deltas(objective, slot, current, sku, target, mate)
        kept = _disjoint_improvements(objective, sku, mate, np.stack([slot[sku], target]), delta)
        if not kept.size:
            continue
        trial = slot.copy()
        _apply(trial, occupant.copy(), sku[kept], target[kept], mate[kept])
        trial_lengths = objective.lengths(trial)
        if trial_lengths.sum() < current.sum() - 1e-9:
            _apply(slot, occupant, sku[kept], target[kept], mate[kept])
            current = trial_lengths
            accepted += len(kept)
    return SearchResult(slot, start, float(current.sum()), rounds, accepted)


def _draw_weights(objective: RouteObjective, slot: IntArray, min_baskets: int) -> FloatArray:
    counts = objective.baskets_per_sku().astype(np.float64)
    # SKUs in few baskets would be placed on noise: moving them fits the sample, not the future.
    weight = counts**0.25 * (counts >= max(min_baskets, 1)) * (slot >= 0)
    return weight


def _proposals(
    objective: RouteObjective, slot: IntArray, weight: FloatArray, options: SearchOptions, rng: np.random.Generator
) -> tuple[IntArray, IntArray]:
    s = objective.slots
    n = options.proposals * max(options.screened, 1)
    sku = rng.choice(len(slot), size=n, p=weight / weight.sum()).astype(np.int64)
    own_column = s.column[slot[sku]]
    column = _mate_columns(objective, slot, sku, rng)
    same = (rng.random(n) < options.same_aisle_share) | (column < 0)
    column = np.where(same, own_column, column)
    want_y = s.y[slot[sku]] + rng.normal(0.0, options.depth_spread_m, n)
    target = _nearest_slots(objective, column, want_y, rng)
    return sku, target


def _screen(
    objective: RouteObjective, slot: IntArray, sku: IntArray, target: IntArray, mate: IntArray, keep: int
) -> IntArray:
    """Indices of the ``keep`` proposals that save most aisle visits (a cheap stand-in for the route).

    A SKU alone in its aisle in a basket saves that visit when it leaves; one joining an aisle
    the basket does not visit adds one. Depth moves within an aisle score 0 and stay in play.
    """
    if len(sku) <= keep:
        return np.arange(len(sku), dtype=np.int64)
    s = objective.slots
    visits = _aisle_visits(objective, slot)
    origin_col, target_col = s.column[slot[sku]], s.column[target]
    gain = _visit_gain(objective, visits, sku, origin_col, target_col)
    swap = mate >= 0
    if swap.any():
        gain[swap] += _visit_gain(objective, visits, mate[swap], target_col[swap], origin_col[swap])
    order: IntArray = np.argsort(-gain, kind="stable")[:keep].astype(np.int64)
    return order


def _aisle_visits(objective: RouteObjective, slot: IntArray) -> IntArray:
    """Items of each basket in each aisle column, shape (baskets, columns)."""
    b = objective.baskets
    n_cols = len(objective.slots.columns.x)
    items = b.items
    column = np.where(items >= 0, objective.slots.column[np.maximum(slot[np.maximum(items, 0)], 0)], -1)
    column = np.where((items >= 0) & (slot[np.maximum(items, 0)] >= 0), column, objective.slots.reserve_column)
    key = b.basket_of_item * n_cols + column
    visits: IntArray = np.bincount(key, minlength=len(b) * n_cols).reshape(len(b), n_cols).astype(np.int64)
    return visits


def _visit_gain(
    objective: RouteObjective, visits: IntArray, sku: IntArray, origin: IntArray, target: IntArray
) -> FloatArray:
    rows = [objective.baskets_with(int(one)) for one in sku]  # index gathering only
    owner = np.repeat(np.arange(len(sku), dtype=np.int64), [len(r) for r in rows])
    basket = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    same = origin[owner] == target[owner]
    saved = (visits[basket, origin[owner]] == 1) & ~same
    added = (visits[basket, target[owner]] == 0) & ~same
    net = saved.astype(np.float64) - added.astype(np.float64)
    gain = np.asarray(np.bincount(owner, weights=net, minlength=len(sku)), dtype=np.float64)
    return gain


def _mate_columns(objective: RouteObjective, slot: IntArray, sku: IntArray, rng: np.random.Generator) -> IntArray:
    """For each SKU, a column (other than its own) drawn by how many of its basket mates stand there."""
    s = objective.slots
    n_cols = len(s.columns.x)
    rows: list[IntArray] = []
    owner: list[IntArray] = []
    for k, one in enumerate(sku):  # index gathering only
        touched = objective.baskets_with(int(one))
        rows.append(touched)
        owner.append(np.full(len(touched), k, dtype=np.int64))
    sub = objective.baskets.subset(np.concatenate(rows))
    who = np.concatenate(owner)[sub.basket_of_item]
    items = sub.items
    mate_slot = np.where(items >= 0, slot[np.maximum(items, 0)], -1)
    keep = (mate_slot >= 0) & (items != sku[who])
    col = s.column[mate_slot[keep]]
    mass = np.bincount(who[keep] * n_cols + col, minlength=len(sku) * n_cols).reshape(len(sku), n_cols)
    mass = mass.astype(np.float64)
    mass[np.arange(len(sku)), s.column[slot[sku]]] = 0.0
    total = mass.sum(axis=1)
    noise = rng.random(mass.shape) * mass
    best = np.argmax(noise, axis=1).astype(np.int64)
    return np.where(total > 0, best, -1)


def _nearest_slots(
    objective: RouteObjective, column: IntArray, want_y: FloatArray, rng: np.random.Generator
) -> IntArray:
    s = objective.slots
    # Order slots by (column, y) once; pick a random slot among those at the nearest depth.
    key = s.column.astype(np.float64) * 1e6 + s.y
    order = np.argsort(key, kind="stable")
    wanted = column.astype(np.float64) * 1e6 + want_y
    pos = np.clip(np.searchsorted(key[order], wanted), 0, len(order) - 1)
    jitter = rng.integers(-4, 5, size=len(pos))
    pos = np.clip(pos + jitter, 0, len(order) - 1)
    chosen: IntArray = order[pos].astype(np.int64)
    return chosen


def _deltas(
    objective: RouteObjective, slot: IntArray, current: FloatArray, sku: IntArray, target: IntArray, mate: IntArray
) -> FloatArray:
    delta = np.zeros(len(sku))
    swap = mate >= 0
    if swap.any():
        delta[swap] = objective.swap_deltas(slot, current, sku[swap], mate[swap])
    if (~swap).any():
        delta[~swap] = objective.move_deltas(slot, current, sku[~swap], target[~swap])
    return delta


def _disjoint_improvements(
    objective: RouteObjective, sku: IntArray, mate: IntArray, slots: IntArray, delta: FloatArray
) -> IntArray:
    """Improving proposals, best first, sharing no SKU, slot or basket (their deltas then add up).

    ``slots[:, k]`` are the two slots proposal ``k`` touches (where its SKU stands, where it goes).
    """
    used = np.zeros(len(objective.baskets), dtype=bool)
    used_sku: set[int] = set()
    used_slot: set[int] = set()
    kept: list[int] = []
    for k in np.argsort(delta):
        if delta[k] >= -1e-9:
            break
        skus = {int(sku[k]), int(mate[k])} - {-1}
        places = {int(slots[0, k]), int(slots[1, k])}
        if skus & used_sku or places & used_slot:
            continue
        touched = np.concatenate([objective.baskets_with(x) for x in skus])
        if used[touched].any():
            continue
        used[touched] = True
        used_sku |= skus
        used_slot |= places
        kept.append(int(k))
    return np.array(kept, dtype=np.int64)


def _apply(slot: IntArray, occupant: IntArray, sku: IntArray, target: IntArray, mate: IntArray) -> None:
    for one, to, other in zip(sku, target, mate, strict=True):
        origin = slot[one]
        slot[one] = to
        occupant[to] = one
        occupant[origin] = other
        if other >= 0:
            slot[other] = origin
