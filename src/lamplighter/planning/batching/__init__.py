"""Order batching: group a day's orders into picker trips under cart capacity, routed exactly.

:func:`batch_orders` runs one method: ``single`` (one trip per order), ``fcfs`` (fill carts
in arrival order), ``seed``, ``savings`` (Clarke–Wright), ``savings-ls`` (savings + shift/swap
local search) or ``lamplighter`` (ours: ALNS from savings-ls with two-cart re-splits).
Orders too big for a cart on their own go alone in every method.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
import numpy.typing as npt

from lamplighter.domain.geometry import AisleGrid
from lamplighter.planning.batching.alns import SearchOptions, search
from lamplighter.planning.batching.cart_order import cart_sequence
from lamplighter.planning.batching.construction import fcfs_batches, savings_batches, seed_batches, single_trips
from lamplighter.planning.batching.improvement import improve_batches
from lamplighter.planning.batching.trips import Batch, CartCapacity, CartLoad, TripLengths, TripOrder

BatchMethod = Literal["lamplighter", "single", "fcfs", "seed", "savings", "savings-ls"]
BATCH_METHODS: tuple[str, ...] = get_args(BatchMethod)

__all__ = [
    "BATCH_METHODS",
    "BatchMethod",
    "BatchPlan",
    "CartCapacity",
    "SearchOptions",
    "TripLengths",
    "TripOrder",
    "batch_orders",
    "cart_sequence",
]


@dataclass(frozen=True, slots=True)
class BatchPlan:
    """Picker trips: ``batches[i]`` holds indices into the orders given, ``lengths[i]`` its exact tour."""

    method: str
    batches: tuple[Batch, ...]
    lengths: tuple[float, ...]
    alone: tuple[int, ...]  # orders too big for a cart, each its own trip (included in batches)

    @property
    def total(self) -> float:
        return float(sum(self.lengths))


def batch_orders(
    grid: AisleGrid,
    orders: Sequence[TripOrder],
    capacity: CartCapacity,
    method: str = "lamplighter",
    options: SearchOptions | None = None,
    lengths: TripLengths | None = None,
) -> BatchPlan:
    """Batch ``orders`` (in arrival order) into trips by ``method``; lengths in the grid's units.

    Pass the same ``lengths`` to several calls on the same orders to share routed carts.
    """
    if method not in BATCH_METHODS:
        raise ValueError(f"unknown batching method {method!r}; expected one of {', '.join(BATCH_METHODS)}")
    load = CartLoad(orders, capacity)
    lengths = lengths or TripLengths(grid, orders)
    alone = [n for n in range(len(orders)) if load.oversize(n)]
    normal = [n for n in range(len(orders)) if not load.oversize(n)]
    batches = _batches(method, normal, load, lengths, options or SearchOptions(), grid)
    trips = [(n,) for n in alone] + batches
    picked = sorted(o for b in trips for o in b)
    if picked != list(range(len(orders))):  # an invariant, checked every time: each order in one trip
        raise AssertionError(f"{method} batching lost or repeated orders: {len(picked)} picks for {len(orders)} orders")
    return BatchPlan(method, tuple(trips), tuple(lengths.lengths(trips).tolist()), tuple(alone))


def _batches(
    method: str, normal: list[int], load: CartLoad, lengths: TripLengths, options: SearchOptions, grid: AisleGrid
) -> list[Batch]:
    if not normal:
        return []
    if method == "single":
        return single_trips(normal)
    if method == "fcfs":
        return fcfs_batches(normal, load)
    if method == "seed":
        return seed_batches(normal, load, lengths)
    if method in ("savings", "savings-ls"):
        savings = savings_batches(normal, load, lengths)
        return savings if method == "savings" else improve_batches(savings, load, lengths)
    # ours: its own search from savings (its local search pairs only carts working similar aisles)
    start = savings_batches(normal, load, lengths)
    return search(start, normal, load, lengths, _footprints(lengths, len(load.lines)), options)


_BANDS = 4  # depth bands per aisle in an order's footprint


def _footprints(lengths: TripLengths, n_orders: int) -> npt.NDArray[np.float64]:
    """Per order, how many of its picks fall in each aisle and depth band (orders that share aisles)."""
    flat, cross = lengths.flat, lengths.grid.cross_aisle_y
    band = np.clip(((flat.y - cross[0]) / (cross[-1] - cross[0]) * _BANDS).astype(np.intp), 0, _BANDS - 1)
    out = np.zeros((n_orders, len(lengths.columns.x) * _BANDS))
    np.add.at(out, (flat.trip, flat.column * _BANDS + band), 1.0)
    return out
