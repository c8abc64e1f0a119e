"""Basket affinity: which SKUs are bought together, as co-occurrence support and lift.

Used by slotting (co-ordered items near each other) and by ad advice (bundle partners for
clearance). Pure: takes the canonical order-line frame, returns a frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse  # type: ignore[import-untyped]  # scipy comes with statsforecast; no stubs

AFFINITY_COLUMNS = ["sku_a", "sku_b", "orders", "support", "lift"]


@dataclass(frozen=True, slots=True)
class AffinityOptions:
    """Filters for :func:`co_occurrence_lift`.

    ``min_orders``: a pair must appear together in at least this many baskets (lift on one or two
    baskets is noise). ``max_basket_size``: baskets with more distinct SKUs than this are left out
    (a wholesale order of 300 SKUs says little about which two belong together); ``None`` keeps all.
    """

    min_orders: int = 2
    max_basket_size: int | None = 50


def co_occurrence_lift(lines: pd.DataFrame, options: AffinityOptions | None = None) -> pd.DataFrame:
    """Support and lift of every SKU pair bought in the same order, one row per unordered pair.

    ``lines`` needs columns ``order_id`` and ``sku`` (and optionally ``kind``; only ``order`` rows
    count, cancellations are not baskets). Returns columns ``sku_a < sku_b``, ``orders`` (baskets
    with both), ``support`` (= orders / baskets) and ``lift`` (= P(a and b) / (P(a) P(b)); 1 means
    independent, above 1 bought together more than chance). Sorted by lift, then orders, descending.
    Cost: one sparse product basket x SKU, so O(sum over baskets of size^2), not a loop per pair.
    """
    opts = options or AffinityOptions()
    if "kind" in lines.columns:
        lines = lines[lines["kind"] == "order"]
    pairs = lines[["order_id", "sku"]].drop_duplicates()
    if opts.max_basket_size is not None:
        sizes = pairs.groupby("order_id")["sku"].transform("size")
        pairs = pairs[sizes <= opts.max_basket_size]
    if pairs.empty:
        return _empty()
    order_idx, _orders = pd.factorize(pairs["order_id"])
    sku_idx, skus = pd.factorize(pairs["sku"])
    n_baskets = int(order_idx.max()) + 1
    basket = sparse.csr_matrix(
        (np.ones(len(pairs), dtype=np.float64), (order_idx, sku_idx)), shape=(n_baskets, len(skus))
    )
    together = sparse.triu(basket.T @ basket, k=1).tocoo()
    keep = together.data >= opts.min_orders
    a, b, count = together.row[keep], together.col[keep], together.data[keep]
    per_sku = np.asarray(basket.sum(axis=0)).ravel()
    lift = count * n_baskets / (per_sku[a] * per_sku[b])
    names = np.asarray(skus, dtype=object)
    first, second = names[a], names[b]
    swap = first > second
    sku_a = np.where(swap, second, first)
    sku_b = np.where(swap, first, second)
    frame = pd.DataFrame(
        {
            "sku_a": sku_a.astype(str),
            "sku_b": sku_b.astype(str),
            "orders": count.astype(np.int64),
            "support": count / n_baskets,
            "lift": lift,
        }
    )
    return frame.sort_values(["lift", "orders"], ascending=False, ignore_index=True)


def bundle_partners(affinity: pd.DataFrame, skus: list[str] | pd.Index, top: int = 3) -> dict[str, list[str]]:
    """The ``top`` partners of each SKU in ``skus`` by lift (ties by orders), from :func:`co_occurrence_lift`."""
    both = pd.concat(
        [
            affinity.rename(columns={"sku_a": "sku", "sku_b": "partner"}),
            affinity.rename(columns={"sku_b": "sku", "sku_a": "partner"}),
        ],
        ignore_index=True,
    )
    both = both[both["sku"].isin(list(skus))]
    both = both.sort_values(["sku", "lift", "orders"], ascending=[True, False, False])
    best = both.groupby("sku", sort=False).head(top)
    grouped = best.groupby("sku", sort=False)["partner"].agg(list)
    return {str(k): [str(p) for p in v] for k, v in grouped.items()}


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sku_a": pd.Series(dtype=str),
            "sku_b": pd.Series(dtype=str),
            "orders": pd.Series(dtype="int64"),
            "support": pd.Series(dtype="float64"),
            "lift": pd.Series(dtype="float64"),
        }
    )
