"""A day's orders from the canonical order-line frame, placed on a layout by a SKU -> location map."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from lamplighter.domain.geometry import AislePoint
from lamplighter.planning.batching.trips import TripOrder


class UnplacedSku(ValueError):
    """Order lines name SKUs that have no location in the assignment."""

    def __init__(self, skus: list[str], orders: int) -> None:
        shown = ", ".join(skus[:10]) + (" ..." if len(skus) > 10 else "")
        super().__init__(f"{len(skus)} SKU(s) ordered in {orders} order(s) have no location in the assignment: {shown}")
        self.skus = skus


def day_orders(frame: pd.DataFrame, day: date, placement: Mapping[str, AislePoint]) -> list[TripOrder]:
    """The orders placed on ``day`` (kind ``order``; cancellations ignored), in arrival order.

    One pick line per order line; ``placement`` maps SKU to the point of its pick location.
    """
    lines = frame[(frame["kind"] == "order") & (frame["ordered_at"].dt.date == day)]
    missing = sorted(set(lines["sku"]) - set(placement))
    if missing:
        raise UnplacedSku(missing, int(lines[lines["sku"].isin(missing)]["order_id"].nunique()))
    arrival = lines.groupby("order_id", sort=False)["ordered_at"].min().sort_values(kind="stable")
    skus = lines.groupby("order_id", sort=False)["sku"].agg(list)
    return [
        TripOrder(str(order_id), tuple(placement[s] for s in skus[order_id]), len(skus[order_id]))
        for order_id in arrival.index
    ]


def busiest_days(frame: pd.DataFrame, count: int) -> list[date]:
    """The ``count`` days with the most orders (then most lines), busiest first."""
    lines = frame[frame["kind"] == "order"]
    days = (
        lines.assign(day=lines["ordered_at"].dt.date)
        .groupby("day")
        .agg(orders=("order_id", "nunique"), lines=("sku", "size"))
    )
    return list(days.sort_values(["orders", "lines"], ascending=False).index[:count])
