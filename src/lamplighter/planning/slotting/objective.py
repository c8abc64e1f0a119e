"""Expected walking of a placement: optimal single-order routes of real baskets, summed.

This is the quantity the replay measures, so the slotting search optimises it directly.
A placement is an array ``slot_of_sku`` (index into a :class:`SlotTable`, or -1 for a
SKU without a pick location, fetched from the far reserve column).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from lamplighter.planning.slotting.baskets import Baskets
from lamplighter.planning.slotting.route_cost import sorted_tour_lengths
from lamplighter.planning.slotting.slots import SlotTable

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class RouteObjective:
    """Sum of optimal tour lengths of ``baskets`` under a placement, with fast move deltas."""

    def __init__(self, slots: SlotTable, baskets: Baskets, n_skus: int) -> None:
        self.slots = slots
        self.baskets = baskets
        self.n_skus = n_skus
        self._sku_start, self._sku_baskets = baskets.containing(n_skus)
        # Points a pick can be at: every slot, then the far reserve (index len(slots)).
        self._pt_column = np.append(slots.column, slots.reserve_column).astype(np.int64)
        self._pt_y = np.append(slots.y, slots.columns.front_y)
        rank = np.empty(len(self._pt_y), dtype=np.int64)
        rank[np.lexsort((self._pt_y, self._pt_column))] = np.arange(len(self._pt_y))
        self._pt_rank = rank
        # A random 64-bit code per point: a basket's route depends only on its set of points, so
        # baskets with equal code sums (the same points) are routed once.
        codes = np.random.default_rng(20_240_601).integers(1, 2**63, size=len(rank), dtype=np.int64)
        self._pt_code = codes.astype(np.uint64)
        self._sorted = baskets

    def presort(self, slot_of_sku: IntArray) -> None:
        """Keep each basket's items in walking order for ``slot_of_sku`` (speeds up later deltas)."""
        b = self.baskets
        rank = self._pt_rank[self._points(b.items, slot_of_sku)]
        order = np.lexsort((rank, b.basket_of_item))
        self._sorted = Baskets(b.offsets, b.items[order], b.lines, b.order_ids)

    def lengths(self, slot_of_sku: IntArray) -> FloatArray:
        """Optimal tour length of every basket (metres)."""
        b = self.baskets
        return self._route(b.basket_of_item, b.items, slot_of_sku, len(b))

    def total(self, slot_of_sku: IntArray) -> float:
        return float(self.lengths(slot_of_sku).sum())

    def baskets_per_sku(self) -> IntArray:
        """How many baskets hold each SKU."""
        counts: IntArray = np.diff(self._sku_start)
        return counts

    def baskets_with(self, sku: int) -> IntArray:
        return self._sku_baskets[self._sku_start[sku] : self._sku_start[sku + 1]]

    def swap_deltas(
        self, slot_of_sku: IntArray, current: FloatArray, first: IntArray, second: IntArray, max_rows: int = 60_000
    ) -> FloatArray:
        """Change of the total when SKUs ``first[k]`` and ``second[k]`` exchange slots, for every k.

        ``current`` holds the lengths from :meth:`lengths` for ``slot_of_sku``. Candidates are
        evaluated in chunks of about ``max_rows`` affected baskets (memory stays bounded).
        """
        new_a = slot_of_sku[second]
        new_b = slot_of_sku[first]
        return self._deltas(slot_of_sku, current, first, new_a, second, new_b, max_rows)

    def move_deltas(
        self, slot_of_sku: IntArray, current: FloatArray, sku: IntArray, target: IntArray, max_rows: int = 60_000
    ) -> FloatArray:
        """Change of the total when ``sku[k]`` moves alone to slot ``target[k]`` (free, or -1 for reserve)."""
        none = np.full(len(sku), -1, dtype=np.int64)
        return self._deltas(slot_of_sku, current, sku, target, none, none, max_rows)

    def _deltas(
        self,
        slot_of_sku: IntArray,
        current: FloatArray,
        sku_a: IntArray,
        slot_a: IntArray,
        sku_b: IntArray,
        slot_b: IntArray,
        max_rows: int,
    ) -> FloatArray:
        out = np.zeros(len(sku_a))
        counts = np.diff(self._sku_start)
        load = counts[sku_a] + np.where(sku_b >= 0, counts[np.maximum(sku_b, 0)], 0)
        start = 0
        while start < len(sku_a):
            stop = start + 1 + int(np.searchsorted(np.cumsum(load[start:]), max_rows))
            stop = min(stop, len(sku_a))
            out[start:stop] = self._chunk(
                slot_of_sku, current, sku_a[start:stop], slot_a[start:stop], sku_b[start:stop], slot_b[start:stop]
            )
            start = stop
        return out

    def _chunk(
        self,
        slot_of_sku: IntArray,
        current: FloatArray,
        sku_a: IntArray,
        slot_a: IntArray,
        sku_b: IntArray,
        slot_b: IntArray,
    ) -> FloatArray:
        cand_parts: list[IntArray] = []
        basket_parts: list[IntArray] = []
        for k in range(len(sku_a)):  # gathering index lists only; the routes are computed in one pass
            touched = self.baskets_with(int(sku_a[k]))
            if sku_b[k] >= 0:
                touched = np.union1d(touched, self.baskets_with(int(sku_b[k])))
            basket_parts.append(touched)
            cand_parts.append(np.full(len(touched), k, dtype=np.int64))
        rows_basket = np.concatenate(basket_parts) if basket_parts else np.zeros(0, dtype=np.int64)
        rows_cand = np.concatenate(cand_parts) if cand_parts else np.zeros(0, dtype=np.int64)
        sub = self._sorted.subset(rows_basket)
        row_of_item = sub.basket_of_item
        cand_of_item = rows_cand[row_of_item]
        items = sub.items
        point = self._points(items, slot_of_sku)
        reserve = len(self.slots)
        point = np.where(items == sku_a[cand_of_item], _point(slot_a[cand_of_item], reserve), point)
        swapped = (items == sku_b[cand_of_item]) & (items >= 0)
        point = np.where(swapped, _point(slot_b[cand_of_item], reserve), point)
        # Items arrive nearly in walking order, so a stable (merge) sort is close to linear.
        order = np.argsort(row_of_item * len(self._pt_rank) + self._pt_rank[point], kind="stable")
        new = self._route_sorted(row_of_item[order], point[order], len(rows_basket))
        diff = new - current[rows_basket]
        summed: FloatArray = np.bincount(rows_cand, weights=diff, minlength=len(sku_a)).astype(np.float64)
        return summed

    def _route(self, basket: IntArray, items: IntArray, slot_of_sku: IntArray, n: int) -> FloatArray:
        point = self._points(items, slot_of_sku)
        order = np.lexsort((self._pt_rank[point], basket))
        return self._route_sorted(basket[order], point[order], n)

    def _route_sorted(self, basket: IntArray, point: IntArray, n: int) -> FloatArray:
        """Tour lengths for picks sorted by (basket, walking rank); identical baskets are routed once."""
        if len(basket) == 0:
            return np.zeros(n)
        starts = np.flatnonzero(np.r_[True, basket[1:] != basket[:-1]])
        code = np.zeros(n, dtype=np.uint64)
        code[basket[starts]] = np.add.reduceat(self._pt_code[point], starts)
        _unique, first, inverse = np.unique(code, return_index=True, return_inverse=True)
        keep = first[inverse[basket]] == basket
        group = inverse[basket[keep]]
        regroup = np.argsort(group, kind="stable")
        pts = point[keep][regroup]
        lengths = sorted_tour_lengths(
            self.slots.columns, group[regroup].astype(np.int64), self._pt_column[pts], self._pt_y[pts], len(first)
        )
        out: FloatArray = lengths[inverse]
        return out

    def _points(self, items: IntArray, slot_of_sku: IntArray) -> IntArray:
        slot = np.where(items >= 0, slot_of_sku[np.maximum(items, 0)], -1)
        return _point(slot, len(self.slots))


def _point(slot: IntArray, reserve: int) -> IntArray:
    return np.where(slot >= 0, slot, reserve).astype(np.int64)
