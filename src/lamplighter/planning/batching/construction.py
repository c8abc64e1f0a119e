"""Batch construction rules: single-order trips, first-come-first-served, seed, Clarke–Wright savings.

Every rule takes the orders that fit a cart (oversized orders are set apart by the caller)
in arrival order and returns batches of order indices. Lengths are exact routed lengths.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

import numpy as np

from lamplighter.planning.batching.trips import Batch, CartLoad, TripLengths


def single_trips(orders: Sequence[int]) -> list[Batch]:
    """One trip per order, in arrival order (the no-batching baseline)."""
    return [(o,) for o in orders]


def fcfs_batches(orders: Sequence[int], load: CartLoad) -> list[Batch]:
    """Fill each cart in arrival order; an order that does not fit closes the cart."""
    batches: list[Batch] = []
    current: list[int] = []
    for o in orders:
        if current and not load.fits([*current, o]):
            batches.append(tuple(current))
            current = []
        current.append(o)
    if current:
        batches.append(tuple(current))
    return batches


def seed_batches(orders: Sequence[int], load: CartLoad, lengths: TripLengths) -> list[Batch]:
    """Seed rule: start a cart with the order of the longest tour, add the order that lengthens it least."""
    left = list(orders)
    alone = dict(zip(left, lengths.lengths([(o,) for o in left]), strict=True))
    batches: list[Batch] = []
    while left:
        seed = max(left, key=lambda o: alone[o])
        batch = [seed]
        left.remove(seed)
        while True:
            fitting = [o for o in left if load.fits([*batch, o])]
            if not fitting:
                break
            grown = lengths.lengths([(*batch, o) for o in fitting])
            best = fitting[int(np.argmin(grown))]
            batch.append(best)
            left.remove(best)
        batches.append(tuple(sorted(batch)))
    return batches


def savings_batches(orders: Sequence[int], load: CartLoad, lengths: TripLengths) -> list[Batch]:
    """Clarke–Wright savings, recomputed after every merge: join the two carts whose joint tour saves most."""
    alive: dict[int, Batch] = {n: (o,) for n, o in enumerate(orders)}
    cost = dict(zip(alive, lengths.lengths(list(alive.values())), strict=True))
    heap: list[tuple[float, int, int]] = []

    def push_pairs(a: int, others: Sequence[int]) -> None:
        pairs = [b for b in others if b != a and load.fits(alive[a] + alive[b])]
        if not pairs:
            return
        joint = lengths.lengths([alive[a] + alive[b] for b in pairs])
        for b, together in zip(pairs, joint, strict=True):
            heapq.heappush(heap, (-(cost[a] + cost[b] - float(together)), min(a, b), max(a, b)))

    keys = list(alive)
    for i, a in enumerate(keys):
        push_pairs(a, keys[i + 1 :])
    next_key = len(keys)
    while heap:
        _saving, a, b = heapq.heappop(heap)
        if a not in alive or b not in alive:
            continue
        merged = tuple(sorted(alive.pop(a) + alive.pop(b)))
        alive[next_key] = merged
        cost[next_key] = lengths.length(merged)
        push_pairs(next_key, list(alive))
        next_key += 1
    return list(alive.values())
