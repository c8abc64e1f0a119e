"""Per-SKU pick statistics from order history: frequency, units, cube-per-order index."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

PICK_STAT_COLUMNS = ["lines", "orders", "units", "cube_per_order"]


def pick_statistics(lines: pd.DataFrame, volume_l: Mapping[str, float] | None = None) -> pd.DataFrame:
    """One row per SKU (index ``sku``), most picked first.

    ``lines``: order lines (a pick each, cancellations left out); ``orders``: distinct orders;
    ``units``: units ordered; ``cube_per_order``: litres of stock moved per pick line
    (units x unit volume / lines, Heskett's cube-per-order index: low values belong near the
    packing station). ``volume_l`` gives unit volumes; missing SKUs count 1 litre.
    """
    if "kind" in lines.columns:
        lines = lines[lines["kind"] == "order"]
    grouped = lines.groupby(lines["sku"].astype(str))
    stats = pd.DataFrame(
        {
            "lines": grouped.size().astype("int64"),
            "orders": grouped["order_id"].nunique().astype("int64"),
            "units": grouped["quantity"].sum().astype("int64"),
        }
    )
    stats.index.name = "sku"
    volumes = pd.Series(volume_l or {}, dtype="float64").reindex(stats.index).fillna(1.0)
    stats["cube_per_order"] = stats["units"] * volumes / stats["lines"].clip(lower=1)
    return stats.sort_values(["lines", "units"], ascending=False, kind="stable")


def abc_classes(lines_per_sku: pd.Series, shares: tuple[float, ...] = (0.2, 0.3, 0.5)) -> pd.Series:
    """Class letter (A, B, C, ...) per SKU by pick frequency rank: the first 20% A, next 30% B, rest C."""
    ranked = lines_per_sku.sort_values(ascending=False, kind="stable")
    bounds = np.floor(np.cumsum(shares) / sum(shares) * len(ranked) + 1e-9).astype(int)
    letters = np.searchsorted(bounds, np.arange(len(ranked)), side="right")
    return pd.Series([chr(ord("A") + int(k)) for k in letters], index=ranked.index, dtype=str)
