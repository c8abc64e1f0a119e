"""Our batching search: adaptive large neighbourhood search on exact routed lengths.

Why hand-written: batching with exact picker routes is a clustering problem whose cost is a
tour through the union of the orders' locations; generic VRP solvers see one stop per order
and cannot price a cart by its exact aisle walk, so the search is written here (Ropke &
Pisinger's ALNS scheme). From the savings + local search solution it repeatedly removes a few
orders (at random, the costliest, orders sharing aisles with a random one, or whole carts
working similar aisles) and puts them back by regret insertion, accepting worse solutions
like simulated annealing. Each new best is taken to a local optimum of shift/swap moves and
of two-cart re-splits (``resplit``). A set-partitioning polish over the carts priced during
the search (CP-SAT, HiGHS) was tried and dropped: on 130-order days it found nothing better
within seconds.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lamplighter.planning.batching.improvement import improve_batches
from lamplighter.planning.batching.neighbours import cart_directions
from lamplighter.planning.batching.resplit import resplit_pairs
from lamplighter.planning.batching.trips import Batch, CartLoad, TripLengths


@dataclass(frozen=True, slots=True)
class SearchOptions:
    """Budget and knobs of the search; the defaults suit a day of a few hundred orders."""

    seconds: float = 20.0  # CPU seconds of search
    seed: int = 0
    min_remove: int = 3
    max_remove: int = 15
    start_temperature: float = 0.004  # share of the starting total a worse move may cost at first
    descend_margin: float = 0.01  # candidates within this share of the best get a local search first
    per_cart: int = 8  # carts each cart is paired with in the local search


Solution = list[Batch]
Destroy = Callable[[Solution, int, np.random.Generator], list[int]]


class BatchSearch:
    def __init__(
        self,
        orders: Sequence[int],
        load: CartLoad,
        lengths: TripLengths,
        footprint: npt.NDArray[np.float64],
        per_cart: int = 8,
    ):
        self.orders = list(orders)
        self.per_cart = per_cart
        self.settled: frozenset[Batch] = frozenset()  # carts of the last local optimum reached
        self.load = load
        self.lengths = lengths
        norms = np.linalg.norm(footprint, axis=1, keepdims=True)
        unit = footprint / np.where(norms > 0, norms, 1.0)
        self.related = unit @ unit.T  # cosine similarity of aisle footprints
        self.footprint = footprint

    def descend(self, solution: Solution, deadline: float, per_cart: int | None = None) -> Solution:
        """Shift/swap, then two-cart re-splits, between carts working similar aisles, towards a local
        optimum of both; stops at ``deadline`` (CPU seconds), never lengthening the total."""
        wider = per_cart is not None and per_cart != self.per_cart
        per_cart = per_cart or self.per_cart
        settled = frozenset() if wider else self.settled
        solution = improve_batches(
            solution, self.load, self.lengths, neighbours=(self.footprint, per_cart), settled=settled, deadline=deadline
        )
        solution = resplit_pairs(
            solution, self.load, self.lengths, self.footprint, per_cart, settled=settled, deadline=deadline
        )
        if time.process_time() <= deadline:  # reached a local optimum: its pairs of carts are settled
            self.settled = frozenset(solution)
        return solution

    def total(self, solution: Solution) -> float:
        return float(self.lengths.lengths(solution).sum())

    # -- destroy ---------------------------------------------------------------------------
    def random_removal(self, solution: Solution, q: int, rng: np.random.Generator) -> list[int]:
        members = [o for b in solution for o in b]
        return [int(o) for o in rng.choice(members, size=min(q, len(members)), replace=False)]

    def worst_removal(self, solution: Solution, q: int, rng: np.random.Generator) -> list[int]:
        members = [(o, b) for b in solution for o in b]
        whole = self.lengths.lengths([b for _, b in members])
        without = self.lengths.lengths([tuple(x for x in b if x != o) for o, b in members])
        saving = whole - without
        rank = np.argsort(-saving)
        picks = sorted({int(rank[int(len(rank) * rng.random() ** 4)]) for _ in range(q)})
        return [members[i][0] for i in picks]

    def related_removal(self, solution: Solution, q: int, rng: np.random.Generator) -> list[int]:
        members = np.array([o for b in solution for o in b])
        seed = int(rng.choice(members))
        closeness = self.related[seed, members] + rng.random(len(members)) * 0.1
        return [int(o) for o in members[np.argsort(-closeness)[:q]]]

    def cart_removal(self, solution: Solution, q: int, rng: np.random.Generator) -> list[int]:
        """Empty a random cart and the carts working the most similar aisles, up to ``q`` orders."""
        unit = cart_directions(solution, self.footprint)
        seed = int(rng.integers(len(solution)))
        closeness = unit @ unit[seed] + rng.random(len(solution)) * 0.1
        closeness[seed] = np.inf
        removed: list[int] = []
        for i in np.argsort(-closeness):
            if len(removed) >= q:
                break
            removed += list(solution[int(i)])
        return removed

    # -- repair ----------------------------------------------------------------------------
    def _insertion_costs(self, carts: Solution, left: Sequence[int]) -> npt.NDArray[np.float64]:
        """``out[r, c]``: extra routed length of putting ``left[r]`` into ``carts[c]`` (inf if it does not fit)."""
        out = np.full((len(left), len(carts)), np.inf)
        if not carts or not left:
            return out
        ok = self.load.fits_added(carts, left)
        rows, cols = np.nonzero(ok)
        if len(rows):
            grown = self.lengths.lengths(
                [(*carts[c], left[r]) for r, c in zip(rows.tolist(), cols.tolist(), strict=True)]
            )
            out[rows, cols] = grown - self.lengths.lengths(carts)[cols]
        return out

    def regret_insert(self, solution: Solution, removed: list[int], rng: np.random.Generator) -> Solution:
        """Put removed orders back, the one that would lose most by waiting (regret-2) first."""
        carts = [b for b in solution if b]
        left = list(removed)
        alone = self.lengths.lengths([(r,) for r in left])
        cost = self._insertion_costs(carts, left)
        noise = 1.0 + 0.05 * rng.standard_normal()
        while left:
            options = np.concatenate([cost, alone[:, None]], axis=1)
            ranked = np.sort(options, axis=1)
            second = ranked[:, 1] if options.shape[1] > 1 else np.full(len(left), 1e9)
            regret = np.where(np.isfinite(second), second, 1e9) - ranked[:, 0]
            r = int(np.argmax(regret * noise - ranked[:, 0]))
            place = int(np.argmin(options[r]))
            order = left.pop(r)
            alone = np.delete(alone, r)
            cost = np.delete(cost, r, axis=0)
            if place == len(carts):
                carts.append((order,))
                cost = np.concatenate([cost, np.full((len(left), 1), np.inf)], axis=1)
            else:
                carts[place] = tuple(sorted((*carts[place], order)))
            cost[:, place] = self._insertion_costs([carts[place]], left)[:, 0]
        return carts


def search(
    start: Solution,
    orders: Sequence[int],
    load: CartLoad,
    lengths: TripLengths,
    footprint: npt.NDArray[np.float64],
    options: SearchOptions,
) -> Solution:
    """Improve ``start`` within ``options.seconds``; returns the best solution found."""
    rng = np.random.default_rng(options.seed)
    engine = BatchSearch(orders, load, lengths, footprint, options.per_cart)
    destroys: list[Destroy] = [engine.random_removal, engine.worst_removal, engine.related_removal, engine.cart_removal]
    weights = np.ones(len(destroys))
    began = time.process_time()  # CPU seconds: the same search whether or not the machine is busy
    # the end of the budget (a fifth, at most half a second) is kept for a wider local search of the best
    end = began + options.seconds
    deadline = end - min(0.2 * options.seconds, 0.5)
    current = best = engine.descend([tuple(sorted(b)) for b in start], deadline)
    current_len = best_len = engine.total(current)
    t0 = options.start_temperature * best_len
    while (now := time.process_time()) < deadline:
        temperature = t0 * (1 - (now - began) / (deadline - began)) + 1e-9
        op = int(rng.choice(len(destroys), p=weights / weights.sum()))
        q = int(rng.integers(options.min_remove, options.max_remove + 1))
        removed = set(destroys[op](current, q, rng))
        partial = [tuple(o for o in b if o not in removed) for b in current]
        candidate = engine.regret_insert([b for b in partial if b], sorted(removed), rng)
        cand_len = engine.total(candidate)
        score = 0.0
        if cand_len < best_len * (1 + options.descend_margin):
            # promising: take it to a local optimum before judging it
            candidate = engine.descend(candidate, deadline)
            cand_len = engine.total(candidate)
        if cand_len < best_len - 1e-9:
            best, best_len, score = candidate, cand_len, 3.0
        if cand_len < current_len - 1e-9 or rng.random() < math.exp(-(cand_len - current_len) / temperature):
            current, current_len = candidate, cand_len
            score = max(score, 1.0)
        weights[op] = 0.9 * weights[op] + 0.1 * (score + 0.1)
    return engine.descend(best, max(end, time.process_time() + 0.05 * options.seconds), options.per_cart + 4)
