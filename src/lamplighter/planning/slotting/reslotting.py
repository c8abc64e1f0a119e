"""Re-slotting plans: at most N pick-face moves, best walking saved per move first.

A step moves one SKU into a free slot (one move) or swaps two SKUs (two moves); no step
takes a SKU's pick location away. The saving of each step is the exact change of the
summed optimal routes of the evaluation baskets, so the plan's total equals a replay of
those orders before and after (see ``replay``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
import pandas as pd

from lamplighter.domain.layout import Layout
from lamplighter.planning.slotting.objective import RouteObjective
from lamplighter.planning.slotting.policies import SlottingOptions, SlottingProblem, place, to_slotting
from lamplighter.planning.slotting.replay import replay

IntArray = npt.NDArray[np.int64]

#: Candidate steps evaluated per pick of the next step (the most picked SKUs first).
CANDIDATES_PER_STEP = 300


@dataclass(frozen=True, slots=True)
class Move:
    """Move the pick face of ``sku`` from ``from_location`` (None: from reserve) to ``to_location``."""

    sku: str
    from_location: str | None
    to_location: str
    saving_m: float  # metres saved over the evaluation orders by this move (half a swap's saving)


@dataclass(frozen=True)
class ReslottingPlan:
    moves: tuple[Move, ...]
    metres_before: float
    metres_after: float
    orders: int  # evaluation orders (the last ``history_days`` of history)

    @property
    def saving_m(self) -> float:
        return self.metres_before - self.metres_after


def evaluation_lines(lines: pd.DataFrame, options: SlottingOptions) -> pd.DataFrame:
    """The order lines a plan's saving is stated on: the last ``history_days`` of ``lines``."""
    if "kind" in lines.columns:
        lines = lines[lines["kind"] == "order"]
    if lines.empty:
        return lines
    end = lines["ordered_at"].max()
    window: pd.DataFrame = lines[lines["ordered_at"] > end - pd.Timedelta(days=options.history_days)]
    return window


def plan_reslotting(
    problem: SlottingProblem, layout: Layout, current: IntArray, max_moves: int, options: SlottingOptions
) -> tuple[ReslottingPlan, IntArray]:
    """Up to ``max_moves`` moves from ``current`` towards the policy's placement; returns the plan and the result.

    ``problem`` must be prepared with :func:`plan_options` so its baskets are exactly the orders
    of :func:`evaluation_lines`. The plan's before/after metres are a replay of those orders on
    the exact router; each move's saving comes from the search's route model (exact on
    single-block layouts, an upper-bound model with middle cross aisles).
    """
    objective = problem.objective
    target, _notes = place(problem, options)
    slot = current.copy()
    occupant = np.full(len(problem.slots), -1, dtype=np.int64)
    occupant[slot[slot >= 0]] = np.flatnonzero(slot >= 0)
    lengths = objective.lengths(slot)
    moves: list[Move] = []
    while len(moves) < max_moves:
        step = _best_step(problem, objective, slot, occupant, lengths, target, max_moves - len(moves))
        if step is None:
            break
        sku, to, other, delta = step
        moves += _moves_of(problem, slot, sku, to, other, delta)
        origin = slot[sku]
        slot[sku], occupant[to] = to, sku
        if other >= 0:
            slot[other], occupant[origin] = origin, other
        elif origin >= 0:
            occupant[origin] = -1
        lengths = objective.lengths(slot)
    window = evaluation_lines(problem.lines, options)
    before_m = replay(layout, to_slotting(problem, current).placement, window).metres
    after_m = replay(layout, to_slotting(problem, slot).placement, window).metres
    return ReslottingPlan(tuple(moves), before_m, after_m, len(objective.baskets)), slot


def _best_step(
    problem: SlottingProblem,
    objective: RouteObjective,
    slot: IntArray,
    occupant: IntArray,
    lengths: npt.NDArray[np.float64],
    target: IntArray,
    moves_left: int,
) -> tuple[int, int, int, float] | None:
    wanted = np.flatnonzero((target >= 0) & (target != slot))
    if wanted.size == 0:
        return None
    wanted = wanted[np.argsort(-problem.weight[wanted], kind="stable")][:CANDIDATES_PER_STEP]
    to = target[wanted]
    other = occupant[to]
    # A swap sends the other SKU to this one's slot: never to reserve, and only where it is allowed.
    ok = (other < 0) | ((slot[wanted] >= 0) & problem.allowed[np.maximum(other, 0), np.maximum(slot[wanted], 0)])
    ok &= (other < 0) | (moves_left >= 2)
    wanted, to, other = wanted[ok], to[ok], other[ok]
    if wanted.size == 0:
        return None
    delta = np.zeros(len(wanted))
    swap = other >= 0
    if swap.any():
        delta[swap] = objective.swap_deltas(slot, lengths, wanted[swap], other[swap])
    if (~swap).any():
        delta[~swap] = objective.move_deltas(slot, lengths, wanted[~swap], to[~swap])
    per_move = -delta / np.where(swap, 2.0, 1.0)
    best = int(np.argmax(per_move))
    if per_move[best] <= 1e-9:
        return None
    return int(wanted[best]), int(to[best]), int(other[best]), float(delta[best])


def _moves_of(problem: SlottingProblem, slot: IntArray, sku: int, to: int, other: int, delta: float) -> list[Move]:
    labels = problem.slots.labels
    origin = None if slot[sku] < 0 else labels[int(slot[sku])]
    if other < 0:
        return [Move(problem.skus[sku].code, origin, labels[to], -delta)]
    assert origin is not None  # a swap is only proposed between two placed SKUs
    return [
        Move(problem.skus[sku].code, origin, labels[to], -delta / 2),
        Move(problem.skus[other].code, labels[to], origin, -delta / 2),
    ]


def plan_options(options: SlottingOptions) -> SlottingOptions:
    """The options a re-slotting problem is prepared with: evaluation baskets exactly as ordered."""
    return replace(options, new_product_days=0)
