"""Baskets (one order each) as compact arrays of SKU indices, for route evaluation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

IntArray = npt.NDArray[np.int64]

#: SKU index of an item that has no place in the catalogue being slotted (picked from reserve).
NOT_SLOTTED = -1


@dataclass(frozen=True)
class Baskets:
    """Distinct SKUs of each order in CSR form: basket ``b`` holds ``items[offsets[b]:offsets[b+1]]``.

    ``items`` are indices into the SKU list the baskets were built against, or
    :data:`NOT_SLOTTED`. ``lines`` counts order lines (rows) per basket, for metres per line.
    """

    offsets: IntArray
    items: IntArray
    lines: IntArray
    order_ids: tuple[str, ...]

    @classmethod
    def from_lines(cls, lines: pd.DataFrame, skus: pd.Index, from_reserve: pd.Series | None = None) -> Baskets:
        """Baskets of the ``order`` rows of a canonical order-line frame, in order of first line.

        SKUs missing from ``skus``, and lines flagged True in ``from_reserve`` (aligned with
        ``lines``), become :data:`NOT_SLOTTED` items.
        """
        if "kind" in lines.columns:
            keep = lines["kind"] == "order"
            lines = lines[keep]
            from_reserve = None if from_reserve is None else from_reserve[keep]
        order_codes, order_ids = pd.factorize(lines["order_id"], sort=False)
        sku_index = skus.get_indexer(pd.Index(lines["sku"].astype(str)))
        if from_reserve is not None:
            sku_index = np.where(from_reserve.to_numpy(dtype=bool), NOT_SLOTTED, sku_index)
        line_counts = np.bincount(order_codes, minlength=len(order_ids)).astype(np.int64)
        pairs = pd.DataFrame({"b": order_codes, "s": sku_index}).drop_duplicates().sort_values("b", kind="stable")
        sizes = np.bincount(pairs["b"].to_numpy(), minlength=len(order_ids))
        offsets = np.zeros(len(order_ids) + 1, dtype=np.int64)
        np.cumsum(sizes, out=offsets[1:])
        items = pairs["s"].to_numpy(dtype=np.int64)
        return cls(offsets, items, line_counts, tuple(str(o) for o in order_ids))

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @property
    def basket_of_item(self) -> IntArray:
        return np.repeat(np.arange(len(self), dtype=np.int64), np.diff(self.offsets))

    def subset(self, baskets: IntArray) -> Baskets:
        """The baskets with the given indices, in that order."""
        starts, ends = self.offsets[baskets], self.offsets[baskets + 1]
        sizes = ends - starts
        offsets = np.zeros(len(baskets) + 1, dtype=np.int64)
        np.cumsum(sizes, out=offsets[1:])
        take = np.repeat(starts - offsets[:-1], sizes) + np.arange(offsets[-1], dtype=np.int64)
        return Baskets(offsets, self.items[take], self.lines[baskets], tuple(self.order_ids[i] for i in baskets))

    def containing(self, n_skus: int) -> tuple[IntArray, IntArray]:
        """Inverted index (CSR): the baskets holding SKU ``s`` are ``baskets[start[s]:start[s+1]]``."""
        slotted = self.items >= 0
        sku = self.items[slotted]
        basket = self.basket_of_item[slotted]
        order = np.argsort(sku, kind="stable")
        start = np.zeros(n_skus + 1, dtype=np.int64)
        np.cumsum(np.bincount(sku, minlength=n_skus), out=start[1:])
        return start, basket[order]
