"""Our batching search: adaptive large neighbourhood search on exact routed lengths, then set partitioning.

Why hand-written: batching with exact picker routes is a clustering problem whose cost is a
tour through the union of the orders' locations; generic VRP solvers see one stop per order
and cannot price a cart by its exact aisle walk, so the search is written here (Ropke &
Pisinger's ALNS scheme). From the savings + local search solution it repeatedly removes a few
orders (at random, the costliest, orders sharing aisles with a random one, or whole carts)
and puts them back by regret insertion, accepting worse solutions like simulated annealing.
Every cart priced on the way is remembered; at the end CP-SAT picks the cheapest set of
remembered carts that holds every order exactly once (a set-partitioning polish).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lamplighter.planning.batching.improvement import improve_batches
from lamplighter.planning.batching.trips import Batch, CartLoad, TripLengths


@dataclass(frozen=True, slots=True)
class SearchOptions:
    """Budget and knobs of the search; the defaults suit a day of a few hundred orders."""

    seconds: float = 20.0
    seed: int = 0
    min_remove: int = 3
    max_remove: int = 15
    start_temperature: float = 0.004  # share of the starting total a worse move may cost at first
    polish_seconds: float = 5.0
    pool_limit: int = 40_000


Solution = list[Batch]
Destroy = Callable[[Solution, int, np.random.Generator], list[int]]


class BatchSearch:
    def __init__(self, orders: Sequence[int], load: CartLoad, lengths: TripLengths, footprint: npt.NDArray[np.float64]):
        self.orders = list(orders)
        self.load = load
        self.lengths = lengths
        norms = np.linalg.norm(footprint, axis=1, keepdims=True)
        unit = footprint / np.where(norms > 0, norms, 1.0)
        self.related = unit @ unit.T  # cosine similarity of aisle footprints

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
        removed: list[int] = []
        for i in rng.permutation(len(solution)):
            if len(removed) >= q:
                break
            removed += list(solution[int(i)])
        return removed

    # -- repair ----------------------------------------------------------------------------
    def regret_insert(self, solution: Solution, removed: list[int], rng: np.random.Generator) -> Solution:
        carts = [b for b in solution if b]
        left = list(removed)
        noise = 1.0 + 0.05 * rng.standard_normal()
        while left:
            now = self.lengths.lengths(carts) if carts else np.zeros(0)
            options = [(r, c) for r in left for c in range(len(carts)) if self.load.fits((*carts[c], r))]
            grown = self.lengths.lengths([(*carts[c], r) for r, c in options]) if options else np.zeros(0)
            alone = self.lengths.lengths([(r,) for r in left])
            cost = {r: [(float(a), -1)] for r, a in zip(left, alone, strict=True)}
            for (r, c), g in zip(options, grown, strict=True):
                cost[r].append((float(g - now[c]), c))
            best_r, best_key, best_place = left[0], -math.inf, -1
            for r in left:
                ranked = sorted(cost[r])
                regret = (ranked[1][0] if len(ranked) > 1 else 1e9) - ranked[0][0]
                key = regret * noise - ranked[0][0]
                if key > best_key:
                    best_r, best_key, best_place = r, key, ranked[0][1]
            if best_place < 0:
                carts.append((best_r,))
            else:
                carts[best_place] = tuple(sorted((*carts[best_place], best_r)))
            left.remove(best_r)
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
    engine = BatchSearch(orders, load, lengths, footprint)
    destroys: list[Destroy] = [engine.random_removal, engine.worst_removal, engine.related_removal, engine.cart_removal]
    weights = np.ones(len(destroys))
    current = best = [tuple(sorted(b)) for b in start]
    current_len = best_len = engine.total(current)
    t0 = options.start_temperature * best_len
    began = time.perf_counter()
    deadline = began + options.seconds
    while (now := time.perf_counter()) < deadline:
        temperature = t0 * (1 - (now - began) / options.seconds) + 1e-9
        op = int(rng.choice(len(destroys), p=weights / weights.sum()))
        q = int(rng.integers(options.min_remove, options.max_remove + 1))
        removed = set(destroys[op](current, q, rng))
        partial = [tuple(o for o in b if o not in removed) for b in current]
        candidate = engine.regret_insert([b for b in partial if b], sorted(removed), rng)
        cand_len = engine.total(candidate)
        score = 0.0
        if cand_len < best_len - 1e-9:
            candidate = improve_batches(candidate, load, lengths)
            cand_len = engine.total(candidate)
            best, best_len, score = candidate, cand_len, 3.0
        if cand_len < current_len - 1e-9 or rng.random() < math.exp(-(cand_len - current_len) / temperature):
            current, current_len = candidate, cand_len
            score = max(score, 1.0)
        weights[op] = 0.9 * weights[op] + 0.1 * (score + 0.1)
    return partition_polish(best, orders, lengths, options)


def partition_polish(best: Solution, orders: Sequence[int], lengths: TripLengths, options: SearchOptions) -> Solution:
    """The cheapest exact cover of the orders by carts priced during the search (CP-SAT), never worse than ``best``."""
    from ortools.sat.python import cp_model

    wanted = set(orders)
    pool = [(b, v) for b, v in lengths.known.items() if b and set(b) <= wanted]
    if len(pool) > options.pool_limit:
        alone = {(o,): lengths.length((o,)) for o in orders}
        ratio = [v / max(sum(alone[(o,)] for o in b), 1e-9) for b, v in pool]
        keep = np.argsort(ratio)[: options.pool_limit]
        incumbent = set(best)
        pool = [pool[int(i)] for i in keep] + [(b, lengths.length(b)) for b in incumbent]
        pool = list(dict(pool).items())
    model = cp_model.CpModel()
    pick = [model.new_bool_var(f"c{i}") for i in range(len(pool))]
    covering: dict[int, list[int]] = {o: [] for o in orders}
    for i, (b, _) in enumerate(pool):
        for o in b:
            covering[o].append(i)
    for cols in covering.values():
        model.add_exactly_one(pick[i] for i in cols)
    model.minimize(sum(round(v * 100) * pick[i] for i, (_, v) in enumerate(pool)))
    incumbent = set(best)
    for i, (b, _) in enumerate(pool):
        model.add_hint(pick[i], b in incumbent)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = options.polish_seconds
    solver.parameters.num_workers = 1
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return best
    chosen = [b for i, (b, _) in enumerate(pool) if solver.value(pick[i])]
    return chosen if lengths.lengths(chosen).sum() < lengths.lengths(best).sum() - 1e-9 else best
