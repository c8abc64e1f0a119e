"""Random small warehouses, catalogues and order histories for slotting tests."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from hypothesis import strategies as st

from lamplighter.domain.layout import Layout
from lamplighter.domain.sku import BatteryKind, Sku

CATEGORIES = ("table-lamp", "chandelier", "bulb", "led-strip")
ZONE_KINDS = ("fast", "category", "fragile", "battery", "bulky", "reserve", "returns")


@st.composite
def layouts(draw: st.DrawFn) -> Layout:
    kinds = draw(st.lists(st.sampled_from(ZONE_KINDS), min_size=1, max_size=4))
    zones: list[dict[str, Any]] = [{"code": "P", "kind": "packing"}]
    for i, kind in enumerate(kinds):
        zone: dict[str, Any] = {
            "code": f"Z{i}",
            "kind": kind,
            "aisles": draw(st.integers(1, 2)),
            "levels": draw(st.integers(1, 4)),
            "location_volume_l": draw(st.sampled_from([5.0, 40.0, 400.0])),
            "location_weight_kg": draw(st.sampled_from([5.0, 50.0, 300.0])),
            "segregated": draw(st.booleans()),
        }
        if kind == "category" and draw(st.booleans()):
            zone["categories"] = draw(st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=2, unique=True))
        if draw(st.booleans()):
            zone["accepts"] = draw(st.lists(st.sampled_from(["fragile", "ordinary"]), max_size=2, unique=True))
        zones.append(zone)
    middle = draw(st.sampled_from([[], [2]]))
    geometry = {"bays_per_row": 5, "middle_cross_aisles_after_bay": middle}
    return Layout.from_dict({"name": "random", "geometry": geometry, "zones": zones})


@st.composite
def catalogues(draw: st.DrawFn) -> list[Sku]:
    n = draw(st.integers(1, 25))
    skus = []
    for i in range(n):
        skus.append(
            Sku(
                f"S{i:03d}",
                category=draw(st.sampled_from(CATEGORIES)),
                length_cm=draw(st.sampled_from([5.0, 20.0, 90.0])),
                width_cm=draw(st.sampled_from([5.0, 20.0])),
                height_cm=draw(st.sampled_from([5.0, 20.0])),
                weight_kg=draw(st.sampled_from([0.2, 2.0, 20.0])),
                fragile=draw(st.booleans()),
                battery=draw(st.sampled_from(list(BatteryKind))),
            )
        )
    return skus


def order_history(skus: list[Sku], seed: int, orders: int = 120, days: int = 90) -> pd.DataFrame:
    """Orders of 1-4 lines with skewed SKU popularity over ``days`` days (canonical frame)."""
    rng = np.random.default_rng(seed)
    popularity = rng.pareto(1.2, len(skus)) + 0.05
    popularity /= popularity.sum()
    rows = []
    start = pd.Timestamp("2026-01-01")
    for o in range(orders):
        at = start + pd.Timedelta(minutes=int(rng.integers(0, days * 24 * 60)))
        size = int(rng.integers(1, min(4, len(skus)) + 1))
        for code in rng.choice([s.code for s in skus], size=size, replace=False, p=popularity):
            rows.append((f"O{o:04d}", str(code), int(rng.integers(1, 4)), at, 1.0, None, "order"))
    columns = ["order_id", "sku", "quantity", "ordered_at", "unit_price", "customer", "kind"]
    return pd.DataFrame(rows, columns=columns)
