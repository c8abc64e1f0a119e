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


def savings_batches(orders: Sequence[int], load: CartLoad, lengths: TripLengths, chunk: int = 64) -> list[Batch]:
    """Clarke–Wright savings, recomputed after every merge: join the two carts whose joint tour saves most.

    Savings are priced lazily. A pair of carts first enters the queue with an upper bound of
    its saving, the shorter of the two tours (a tour through more locations is never shorter,
    so joining saves at most the shorter one); a bound that reaches the head of the queue is
    priced exactly (``chunk`` of them per vectorised routing call) and queued again. A priced
    saving at the head beats every bound below it, so the merges are exactly those of pricing
    every pair after every merge, while pairs whose carts are merged away before their turn
    are never priced. Why by hand: the cost is an exact picker tour of the union, which no
    savings implementation in a library prices.
    """
    cap = load.capacity
    keys = list(range(len(orders)))
    alive: dict[int, Batch] = {k: (o,) for k, o in zip(keys, orders, strict=True)}
    single = lengths.lengths(list(alive.values()))
    cost = dict(zip(keys, single.tolist(), strict=True))
    count = dict.fromkeys(keys, 1)
    lines = {k: int(load.lines[o]) for k, o in zip(keys, orders, strict=True)}

    counts_only = load.counts_only

    def joinable(a: int, b: int) -> bool:
        if count[a] + count[b] > cap.orders or lines[a] + lines[b] > cap.lines:
            return False
        return counts_only or load.fits(alive[a] + alive[b])

    # (-saving or -bound, 0 if priced else 1, a, b): at equal value a priced saving comes first;
    # the pairs of single orders go in sorted, which is already a heap
    ia, ib = np.triu_indices(len(keys), 1)
    ok = (cap.orders >= 2) & (load.lines[orders][ia] + load.lines[orders][ib] <= cap.lines)
    ia, ib = ia[ok], ib[ok]
    bounds = np.minimum(single[ia], single[ib])
    rank = np.lexsort((ib, ia, -bounds))
    heap = [
        (-v, 1, a, b)
        for v, a, b in zip(bounds[rank].tolist(), ia[rank].tolist(), ib[rank].tolist(), strict=True)
        if counts_only or joinable(a, b)
    ]
    next_key = len(keys)
    while heap:
        _value, bound, a, b = heap[0]
        if a not in alive or b not in alive:
            heapq.heappop(heap)
            continue
        if bound:
            _price(heap, alive, cost, lengths, chunk)
            continue
        heapq.heappop(heap)
        merged = tuple(sorted(alive.pop(a) + alive.pop(b)))
        m = next_key
        next_key += 1
        alive[m], count[m], lines[m] = merged, count[a] + count[b], lines[a] + lines[b]
        cost[m] = lengths.length(merged)
        for c in alive:
            if c != m and joinable(c, m):
                heapq.heappush(heap, (-min(cost[c], cost[m]), 1, c, m))
    return list(alive.values())


def _price(
    heap: list[tuple[float, int, int, int]],
    alive: dict[int, Batch],
    cost: dict[int, float],
    lengths: TripLengths,
    chunk: int,
) -> None:
    """Price up to ``chunk`` bounds from the head of the queue and queue their exact savings."""
    pairs: list[tuple[int, int]] = []
    priced: list[tuple[float, int, int, int]] = []
    while heap and len(pairs) < chunk:
        entry = heapq.heappop(heap)
        _value, bound, a, b = entry
        if a not in alive or b not in alive:
            continue
        if bound:
            pairs.append((a, b))
        else:
            priced.append(entry)
    joint = lengths.lengths([alive[a] + alive[b] for a, b in pairs])
    for (a, b), together in zip(pairs, joint.tolist(), strict=True):
        priced.append((-(cost[a] + cost[b] - together), 0, a, b))
    for entry in priced:
        heapq.heappush(heap, entry)
