"""Demand per SKU and day from the canonical order-line frame.

Demand is units ordered and not cancelled. A cancellation nets against the order line it
cancels: first by the same ``order_id`` and SKU (formats that link them), then -- the Online
Retail file has no link -- against the same customer's most recent earlier order line(s) of
the same SKU that still have units left. A cancellation that finds no such order (no
customer, or nothing ordered before it) is a return or credit: it is reported in
:attr:`DemandHistory.returns` and never becomes negative demand.

Closed days: a day in ``[start, end)`` on which the file has no line at all (no order, no
cancellation) is a closed day (Saturdays and bank holidays in the Online Retail file). It is
listed in :attr:`DemandHistory.closed_days`; its ``y`` is 0 in the frame so that sums stay
true, and the forecaster treats all-zero days as closed, not as zero demand (see
``lamplighter.planning.forecast``).

Outliers are NOT removed here: this is the demand that happened and what a simulation must
serve. The forecaster caps outliers in its own fit (documented there).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd

DateLike = str | date | datetime | pd.Timestamp


@dataclass(frozen=True, slots=True)
class DemandRules:
    """How cancellations are netted.

    ``cancel_match_days``: a cancellation only nets against orders at most this many days
    older (None: any earlier order, the rule used for the Online Retail file).
    ``max_cancel_rounds``: a cancellation larger than one order line nets against up to this
    many earlier lines (newest first); the rest is a return.
    """

    cancel_match_days: int | None = None
    max_cancel_rounds: int = 20


@dataclass(frozen=True, slots=True)
class DemandHistory:
    """Daily demand with what was set apart to compute it."""

    daily: pd.DataFrame
    """Long form: unique_id (str), ds (datetime64, midnight), y (float, >= 0); every SKU x every day."""
    closed_days: pd.DatetimeIndex
    """Days in [start, end) with no trade at all."""
    returns: pd.DataFrame
    """Cancelled units that matched no earlier order: unique_id, ds, units (credits/returns, not demand)."""
    cancelled_units: int
    """Units of cancellations netted against orders (all dates)."""


def daily_demand(lines: pd.DataFrame, start: DateLike, end: DateLike, rules: DemandRules | None = None) -> pd.DataFrame:
    """Units ordered and not cancelled per SKU and day in ``[start, end)``, zeros filled.

    ``lines`` is the canonical frame of ``lamplighter.adapters.files.order_lines``. Returns
    columns unique_id, ds, y for every SKU that has an order line before ``end`` and every
    day in the range (closed days have y = 0; get them with :func:`demand_history`).
    """
    return demand_history(lines, start, end, rules).daily


def demand_history(
    lines: pd.DataFrame, start: DateLike, end: DateLike, rules: DemandRules | None = None
) -> DemandHistory:
    """:func:`daily_demand` plus closed days, returns and netted units (see module docstring)."""
    rules = rules or DemandRules()
    first, stop = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    lines = lines[lines["ordered_at"] < stop]
    orders, unmatched, netted = net_cancellations(lines, rules)
    days = pd.date_range(first, stop, inclusive="left")
    skus = np.sort(orders["sku"].astype(str).unique())
    in_range = orders[(orders["ordered_at"] >= first) & (orders["net_quantity"] > 0)]
    per_day = (
        in_range.assign(ds=in_range["ordered_at"].dt.normalize())
        .groupby(["sku", "ds"], sort=False)["net_quantity"]
        .sum()
    )
    grid = pd.MultiIndex.from_product([skus, days], names=["unique_id", "ds"])
    y = per_day.rename_axis(["unique_id", "ds"]).reindex(grid, fill_value=0).astype("float64")
    daily = y.rename("y").reset_index()
    traded = pd.DatetimeIndex(lines["ordered_at"].dt.normalize().unique())
    closed = days.difference(traded)
    late = unmatched[unmatched["ordered_at"] >= first]
    returns = (
        pd.DataFrame(
            {
                "unique_id": late["sku"].to_numpy(),
                "ds": late["ordered_at"].dt.normalize().to_numpy(),
                "units": late["left"].to_numpy(),
            }
        )
        .groupby(["unique_id", "ds"])["units"]
        .sum()
        .reset_index()
    )
    return DemandHistory(daily, closed, returns, netted)


def net_cancellations(lines: pd.DataFrame, rules: DemandRules | None = None) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Net cancellation lines against the order lines they cancel.

    Returns (order lines with a ``net_quantity`` column, unmatched cancellations with the
    units ``left``, units netted). Works on all SKUs at once: each round matches every
    pending cancellation to its newest earlier open order line (``merge_asof``), so a
    cancellation bigger than one line walks back one line per round.
    """
    rules = rules or DemandRules()
    orders = lines[lines["kind"] == "order"].reset_index(drop=True)
    orders = orders.assign(net_quantity=orders["quantity"].astype("int64"), row=np.arange(len(orders)))
    cancels = lines[lines["kind"] == "cancel"].reset_index(drop=True)
    cancels = cancels.assign(left=cancels["quantity"].astype("int64"))
    open_qty = orders["net_quantity"].to_numpy().copy()
    left = cancels["left"].to_numpy().copy()
    _net_by_order_id(orders, cancels, open_qty, left)
    tolerance = pd.Timedelta(days=rules.cancel_match_days) if rules.cancel_match_days is not None else None
    for _ in range(rules.max_cancel_rounds):
        if not _net_round(orders, cancels, open_qty, left, tolerance):
            break
    netted = int(cancels["quantity"].sum() - left.sum())
    orders["net_quantity"] = open_qty
    cancels["left"] = left
    return orders, cancels[cancels["left"] > 0], netted


def _net_by_order_id(orders: pd.DataFrame, cancels: pd.DataFrame, open_qty: np.ndarray, left: np.ndarray) -> None:
    # Formats with a link (generic lines: a cancel row repeats the order's id) net exactly.
    if cancels.empty:
        return
    key = orders[["order_id", "sku", "row"]].drop_duplicates(["order_id", "sku"])
    linked = cancels[["order_id", "sku"]].reset_index().merge(key, on=["order_id", "sku"])
    if linked.empty:
        return
    _apply(linked["index"].to_numpy(), linked["row"].to_numpy(), open_qty, left)


def _net_round(
    orders: pd.DataFrame,
    cancels: pd.DataFrame,
    open_qty: np.ndarray,
    left: np.ndarray,
    tolerance: pd.Timedelta | None,
) -> bool:
    pending = cancels[(left > 0) & cancels["customer"].notna()]
    candidates = orders[(open_qty > 0) & orders["customer"].notna()]
    if pending.empty or candidates.empty:
        return False
    matched = pd.merge_asof(
        pending[["ordered_at", "customer", "sku"]].reset_index().sort_values("ordered_at"),
        candidates[["ordered_at", "customer", "sku", "row"]].sort_values("ordered_at"),
        on="ordered_at",
        by=["customer", "sku"],
        direction="backward",
        tolerance=tolerance,
    ).dropna(subset=["row"])
    if matched.empty:
        return False
    _apply(matched["index"].to_numpy(), matched["row"].to_numpy().astype(np.int64), open_qty, left)
    return True


def _apply(cancel_idx: np.ndarray, order_row: np.ndarray, open_qty: np.ndarray, left: np.ndarray) -> None:
    """Several cancellations may hit one order line: they take from it in turn, newest cancel last."""
    order = np.lexsort((cancel_idx, order_row))
    cancel_idx, order_row = cancel_idx[order], order_row[order]
    want = left[cancel_idx]
    frame = pd.DataFrame({"row": order_row, "want": want})
    taken_before = frame.groupby("row")["want"].cumsum().to_numpy() - want
    take = np.clip(open_qty[order_row] - taken_before, 0, want)
    np.subtract.at(open_qty, order_row, take)
    np.subtract.at(left, cancel_idx, take)
