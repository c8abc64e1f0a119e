"""Batching rules: capacity, coverage, routed lengths, and each method no worse than the one it starts from."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lamplighter.domain.geometry import AisleGrid, AislePoint
from lamplighter.planning.batching import (
    BATCH_METHODS,
    CartCapacity,
    SearchOptions,
    TripLengths,
    TripOrder,
    batch_orders,
)
from lamplighter.planning.batching.cart_order import CartItem, cart_sequence
from lamplighter.planning.batching.construction import fcfs_batches, savings_batches
from lamplighter.planning.batching.day_orders import UnplacedSku, day_orders
from lamplighter.planning.batching.improvement import improve_batches
from lamplighter.planning.batching.trips import Batch, CartLoad
from lamplighter.planning.routing import tour_length

GRID = AisleGrid(tuple(3.0 * a for a in range(8)), (0.0, 31.0), AislePoint(0.0, 0.0, 0))


def random_orders(n: int, seed: int = 3) -> list[TripOrder]:
    rng = np.random.default_rng(seed)
    orders = []
    for i in range(n):
        lines = int(rng.integers(1, 9)) if i % 10 else 30  # every tenth order is too big for a cart
        points = tuple(GRID.point(int(rng.integers(0, 8)), float(rng.integers(1, 31))) for _ in range(lines))
        orders.append(TripOrder(f"O{i}", points, lines))
    return orders


CAPACITY = CartCapacity(orders=4, lines=20)


@pytest.mark.parametrize("method", BATCH_METHODS)
def test_every_method_picks_each_order_once_within_cart_capacity(method: str) -> None:
    orders = random_orders(30)
    plan = batch_orders(GRID, orders, CAPACITY, method, SearchOptions(seconds=0.5))
    assert sorted(o for b in plan.batches for o in b) == list(range(len(orders)))
    assert set(plan.alone) == {n for n, o in enumerate(orders) if o.lines > CAPACITY.lines}
    for batch in plan.batches:
        if batch not in {(n,) for n in plan.alone}:
            assert len(batch) <= CAPACITY.orders
            assert sum(orders[o].lines for o in batch) <= CAPACITY.lines
    assert plan.total == pytest.approx(
        sum(tour_length(GRID, [p for o in b for p in orders[o].points]) for b in plan.batches)
    )


@given(n=st.integers(1, 7), seed=st.integers(0, 10_000), method=st.sampled_from(BATCH_METHODS))
@settings(max_examples=25)
def test_few_orders_are_each_picked_once_by_every_method(n: int, seed: int, method: str) -> None:
    orders = random_orders(n, seed)
    plan = batch_orders(GRID, orders, CartCapacity(orders=2, lines=12), method, SearchOptions(seconds=0.05))
    assert sorted(o for b in plan.batches for o in b) == list(range(n))


def test_fcfs_fills_carts_in_arrival_order() -> None:
    orders = [TripOrder(f"O{i}", (GRID.point(i % 8, 5.0),), 7) for i in range(7)]
    plan = batch_orders(GRID, orders, CAPACITY, "fcfs")
    assert plan.batches == ((0, 1), (2, 3), (4, 5), (6,))  # 7 + 7 lines fit, a third would make 21 > 20


def test_search_never_ends_worse_than_its_start() -> None:
    orders = random_orders(40, seed=11)
    lengths = TripLengths(GRID, orders)
    totals = {
        m: batch_orders(GRID, orders, CAPACITY, m, SearchOptions(seconds=1.0), lengths).total
        for m in ("savings", "savings-ls", "lamplighter", "single")
    }
    assert totals["lamplighter"] <= totals["savings-ls"] + 1e-9 <= totals["savings"] + 1e-9
    assert totals["savings"] < totals["single"]


def test_routed_length_of_a_set_of_orders_is_the_tour_through_all_their_points() -> None:
    orders = random_orders(12)
    lengths = TripLengths(GRID, orders)
    sets = [(0, 1, 2), (3,), (4, 7), ()]
    expected = [tour_length(GRID, [p for o in s for p in orders[o].points]) for s in sets]
    assert lengths.lengths(sets).tolist() == pytest.approx(expected)


def test_heavy_lines_go_on_the_cart_first_and_fragile_ones_last() -> None:
    items = [
        CartItem("lamp", 2.0),
        CartItem("glass shade", 1.0, fragile=True),
        CartItem("floor lamp", 14.0),
        CartItem("base", 25.0),
    ]
    assert cart_sequence(items) == [3, 2, 0, 1]


def test_orders_with_unplaced_skus_are_refused_with_the_skus_named() -> None:
    frame = pd.DataFrame(
        {
            "order_id": ["1", "1", "2"],
            "sku": ["A", "B", "C"],
            "quantity": [1, 1, 1],
            "ordered_at": [datetime(2011, 1, 5, 9), datetime(2011, 1, 5, 9), datetime(2011, 1, 5, 8)],
            "unit_price": [1.0, 1.0, 1.0],
            "customer": ["x", "x", "y"],
            "kind": ["order", "order", "order"],
        }
    )
    placement = {"A": GRID.point(1, 4.0), "B": GRID.point(2, 4.0), "C": GRID.point(3, 4.0)}
    orders = day_orders(frame, date(2011, 1, 5), placement)
    assert [o.order_id for o in orders] == ["2", "1"] and [o.lines for o in orders] == [1, 2]
    with pytest.raises(UnplacedSku, match="C"):
        day_orders(frame, date(2011, 1, 5), {"A": GRID.point(1, 4.0), "B": GRID.point(2, 4.0)})


def _eager_savings(orders: list[int], load: CartLoad, lengths: TripLengths) -> set[Batch]:
    """Clarke–Wright with every pair re-priced after every merge: the plain textbook loop."""
    carts: list[Batch] = [(o,) for o in orders]
    while True:
        best: tuple[float, int, int] | None = None
        for i in range(len(carts)):
            for j in range(i + 1, len(carts)):
                if load.fits(carts[i] + carts[j]):
                    saving = lengths.length(carts[i]) + lengths.length(carts[j]) - lengths.length(carts[i] + carts[j])
                    if best is None or saving > best[0]:
                        best = (saving, i, j)
        if best is None:
            return {tuple(sorted(c)) for c in carts}
        _, i, j = best
        carts = [c for n, c in enumerate(carts) if n not in (i, j)] + [tuple(sorted(carts[i] + carts[j]))]


@given(seed=st.integers(0, 10_000))
@settings(max_examples=15, deadline=None)
def test_lazily_priced_savings_merge_exactly_as_pricing_every_pair_after_every_merge(seed: int) -> None:
    rng = np.random.default_rng(seed)
    # one order per aisle at a depth off the metre grid: no route covers another order's pick,
    # so no two savings tie and the merge order is unique
    grid = AisleGrid(tuple(3.0 * a for a in range(16)), (0.0, 31.0), AislePoint(0.0, 0.0, 0))
    aisles = rng.permutation(16)[:14].tolist()
    orders = [TripOrder(f"O{i}", (grid.point(a, float(rng.uniform(1, 30))),), 1) for i, a in enumerate(aisles)]
    load, lazy_lengths, eager_lengths = (
        CartLoad(orders, CartCapacity(orders=3, lines=8)),
        *(TripLengths(grid, orders) for _ in range(2)),
    )
    lazy = savings_batches(list(range(len(orders))), load, lazy_lengths, chunk=3)
    assert set(lazy) == _eager_savings(list(range(len(orders))), load, eager_lengths)
    assert lazy_lengths.evaluations < eager_lengths.evaluations  # and with fewer carts priced


def _improving_move_exists(batches: list[Batch], load: CartLoad, lengths: TripLengths) -> bool:
    total = lengths.lengths(batches).sum()
    for a in range(len(batches)):
        for b in range(len(batches)):
            if a == b:
                continue
            for o in batches[a]:
                rest = tuple(x for x in batches[a] if x != o)
                options = [(rest, (*batches[b], o))]
                options += [((*rest, p), (*(x for x in batches[b] if x != p), o)) for p in batches[b]]
                for new_a, new_b in options:
                    if load.fits(new_a) and load.fits(new_b):
                        trial = [*batches]
                        trial[a], trial[b] = new_a, new_b
                        if lengths.lengths([t for t in trial if t]).sum() < total - 1e-9:
                            return True
    return False


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_local_search_ends_where_no_shift_or_swap_shortens_the_total(seed: int) -> None:
    orders = [o for o in random_orders(36, seed) if o.lines <= CAPACITY.lines]
    load, lengths = CartLoad(orders, CAPACITY), TripLengths(GRID, orders)
    start = fcfs_batches(list(range(len(orders))), load)
    improved = improve_batches(start, load, lengths)
    assert sorted(o for b in improved for o in b) == list(range(len(orders)))
    assert lengths.lengths(improved).sum() < lengths.lengths(start).sum()
    assert not _improving_move_exists(improved, load, lengths)
