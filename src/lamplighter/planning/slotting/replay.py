"""Replay an order stream on a placement: every order picked alone on its optimal route.

The yardstick of slotting. SKUs without a pick location are fetched from a far reserve at
the front of an extra aisle one pitch beyond the last aisle, and counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lamplighter.domain.geometry import AisleGrid, AislePoint
from lamplighter.domain.layout import Layout
from lamplighter.planning.routing import tour_lengths


@dataclass(frozen=True, slots=True)
class ReplayResult:
    """Metres walked picking each order alone; ``reserve_lines`` and ``reserve_skus`` count
    lines and distinct SKUs fetched from the far reserve because they had no pick location."""

    orders: int
    lines: int
    metres: float
    reserve_lines: int
    reserve_skus: int

    @property
    def metres_per_line(self) -> float:
        return self.metres / self.lines if self.lines else 0.0

    @property
    def metres_per_order(self) -> float:
        return self.metres / self.orders if self.orders else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "orders": self.orders,
            "lines": self.lines,
            "metres": round(self.metres, 3),
            "metres_per_line": round(self.metres_per_line, 4),
            "metres_per_order": round(self.metres_per_order, 3),
            "reserve_lines": self.reserve_lines,
            "reserve_skus": self.reserve_skus,
        }


def reserve_grid(layout: Layout) -> tuple[AisleGrid, AislePoint]:
    """The layout's grid with one more aisle past the last, and the far reserve point at its front."""
    grid = layout.grid
    x = grid.aisle_x[-1] + layout.geometry.aisle_pitch_m
    extended = AisleGrid((*grid.aisle_x, x), grid.cross_aisle_y, grid.depot)
    return extended, AislePoint(x, grid.cross_aisle_y[0], len(grid.aisle_x))


def order_tour_lengths(layout: Layout, placement: Mapping[str, str], lines: pd.DataFrame) -> pd.Series:
    """Optimal single-order tour length (metres) per order id, in order of first appearance."""
    if "kind" in lines.columns:
        lines = lines[lines["kind"] == "order"]
    grid, reserve = reserve_grid(layout)
    points = {sku: layout.location(code).point for sku, code in placement.items()}
    pairs = lines[["order_id", "sku"]].astype(str).drop_duplicates()
    trips: dict[str, list[AislePoint]] = {}
    for order_id, sku in zip(pairs["order_id"], pairs["sku"], strict=True):
        trip = trips.setdefault(order_id, [])
        point = points.get(sku, reserve)
        if point not in trip:
            trip.append(point)
    lengths = tour_lengths(grid, list(trips.values())) if trips else np.zeros(0)
    return pd.Series(lengths, index=list(trips), dtype="float64")


def replay(layout: Layout, placement: Mapping[str, str], lines: pd.DataFrame) -> ReplayResult:
    """Metres walked for ``lines`` (canonical order-line frame) under ``placement`` (SKU -> location)."""
    if "kind" in lines.columns:
        lines = lines[lines["kind"] == "order"]
    lengths = order_tour_lengths(layout, placement, lines)
    missing = ~lines["sku"].astype(str).isin(list(placement))
    return ReplayResult(
        orders=len(lengths),
        lines=len(lines),
        metres=float(lengths.sum()),
        reserve_lines=int(missing.sum()),
        reserve_skus=int(lines.loc[missing, "sku"].nunique()),
    )
