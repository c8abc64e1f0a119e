"""Purchase suggestions per SKU: how much, by sea or air, and why -- for all SKUs at once.

Sea is the steady state: when the inventory position (on hand + on order) is at or below the
reorder point, order up to ``s + Q`` in whole case packs and at least the MOQ. Air covers a gap:
when the projected stock-out comes before the next sea arrival, the units that would be lost
between the day an air shipment could land and that sea arrival go by air -- if the margin they
save exceeds the extra freight, and never for standalone lithium cells. A budget cap keeps the
most urgent lines (fewest days of cover first), funded in that order until the first line that
does not fit; that line and all after it are listed
as deferred, with that reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from lamplighter.planning.replenishment.lanes import Lane, freight_per_unit, may_use
from lamplighter.planning.replenishment.projection import NEVER, Projection, arrivals_matrix, project_stock
from lamplighter.planning.replenishment.stock_policy import StockPolicy, round_to_packs

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

SUGGESTION_COLUMNS = [
    "sku",
    "mode",
    "quantity",
    "arrives_in_days",
    "goods_cost",
    "freight_cost",
    "inventory_position",
    "reorder_point",
    "order_up_to",
    "stockout_in_days",
    "within_budget",
    "reason",
]


@dataclass(frozen=True, slots=True)
class SkuFacts:
    """Per-SKU facts replenishment needs, one array entry per SKU (same order as the outlook)."""

    skus: tuple[str, ...]
    unit_cost: FloatArray
    unit_price: FloatArray
    weight_kg: FloatArray
    volume_m3: FloatArray
    case_pack: FloatArray
    moq: FloatArray
    lithium_standalone: BoolArray


@dataclass(frozen=True, slots=True)
class OpenOrders:
    """Stock on the way: parallel arrays (SKU row, units, days until expected arrival, mode)."""

    sku: IntArray
    qty: FloatArray
    due_in_days: IntArray
    mode: npt.NDArray[np.str_]

    @staticmethod
    def none() -> OpenOrders:
        return OpenOrders(np.zeros(0, np.int64), np.zeros(0), np.zeros(0, np.int64), np.zeros(0, "<U3"))

    def on_order(self, n: int) -> FloatArray:
        return np.bincount(self.sku, weights=self.qty, minlength=n).astype(np.float64)


@dataclass(frozen=True, slots=True)
class SuggestionParams:
    """``horizon_days``: how far stock is projected. ``budget``: money for goods + freight (None = no cap)."""

    horizon_days: int = 120
    budget: float | None = None


@dataclass(frozen=True, slots=True)
class AirGap:
    """Per SKU: units worth flying, the units the gap would lose, margin saved and extra freight (money)."""

    qty: FloatArray
    gap_units: FloatArray
    margin_saved: FloatArray
    extra_freight: FloatArray


def air_gap(
    projection: Projection,
    air_lead_days: FloatArray,
    sea_lead_days: FloatArray,
    allowed: BoolArray,
    unit_margin: FloatArray,
    air_freight: FloatArray,
    sea_freight: FloatArray,
    case_pack: FloatArray | float = 1.0,
    moq: FloatArray | float = 1.0,
) -> AirGap:
    """Air quantity per SKU for the gap in a projection that already holds every sea order.

    The gap is the demand the projection loses from the day an air shipment could land
    (``air_lead_days``) until the day a sea order placed today would (``sea_lead_days``): later
    losses are for sea orders to prevent. It flies when ``gap x margin > gap x (air - sea freight
    per unit)`` and the SKU may fly; the quantity is the gap in whole case packs (at least the MOQ).
    """
    horizon = projection.lost.shape[1]
    day = np.arange(horizon)[None, :]
    reachable = (day >= np.ceil(np.asarray(air_lead_days))[:, None]) & (day < np.asarray(sea_lead_days)[:, None])
    gap = (projection.lost * reachable).sum(axis=1)
    saved = gap * np.asarray(unit_margin)
    extra = gap * np.maximum(np.asarray(air_freight) - np.asarray(sea_freight), 0.0)
    fly = allowed & (gap > 0) & (saved > extra)
    qty = np.where(fly, round_to_packs(gap, case_pack, moq), 0.0)
    return AirGap(qty, gap, saved, extra)


def suggest_orders(
    facts: SkuFacts,
    policy: StockPolicy,
    forecast_daily: FloatArray,
    on_hand: FloatArray,
    incoming: OpenOrders,
    lanes: dict[str, Lane],
    lead_days: dict[str, FloatArray],
    params: SuggestionParams | None = None,
) -> pd.DataFrame:
    """One row per suggested order (columns :data:`SUGGESTION_COLUMNS`), most urgent first.

    ``forecast_daily``: mean demand per SKU and day, ``(n, H)`` or ``(n,)``. ``lead_days`` per mode:
    mean lead time per SKU (production + transit). ``lanes`` must hold ``sea``; ``air`` is optional.
    """
    p = params or SuggestionParams()
    n, h = len(facts.skus), p.horizon_days
    arrivals = arrivals_matrix(n, h, incoming.sku, incoming.qty, incoming.due_in_days)
    position = on_hand + incoming.on_order(n)
    due = (position <= policy.reorder_point) & (policy.order_qty > 0)
    sea_qty = np.where(due, round_to_packs(policy.order_up_to - position, facts.case_pack, facts.moq), 0.0)
    sea_day = np.rint(lead_days["sea"]).astype(np.int64)
    without = project_stock(on_hand, arrivals, forecast_daily)
    with_sea = arrivals + arrivals_matrix(n, h, np.arange(n), sea_qty, sea_day)
    projected = project_stock(on_hand, with_sea, forecast_daily)
    freight = {mode: freight_per_unit(facts.weight_kg, facts.volume_m3, lane) for mode, lane in lanes.items()}
    rows = [_sea_rows(facts, policy, position, sea_qty, sea_day, freight["sea"], without)]
    if "air" in lanes:
        allowed = may_use(lanes["air"], facts.lithium_standalone)
        gap = air_gap(
            projected,
            lead_days["air"],
            lead_days["sea"],
            allowed,
            facts.unit_price - facts.unit_cost,
            freight["air"],
            freight["sea"],
            facts.case_pack,
            facts.moq,
        )
        rows.append(_air_rows(facts, policy, position, gap, lead_days["air"], freight["air"], without, allowed))
    table = pd.concat(rows, ignore_index=True).sort_values(["stockout_in_days", "mode"], kind="stable")
    return _apply_budget(table.reset_index(drop=True), p.budget)


def _sea_rows(
    facts: SkuFacts,
    policy: StockPolicy,
    position: FloatArray,
    qty: FloatArray,
    arrives: IntArray,
    freight: FloatArray,
    without: Projection,
) -> pd.DataFrame:
    pick = np.flatnonzero(qty > 0)
    cover = without.days_of_cover()[pick]
    reason = [
        f"inventory position {position[i]:,.0f} <= reorder point {policy.reorder_point[i]:,.0f} "
        f"(planned fill {policy.planned_fill[i]:.1%}): order up to {policy.order_up_to[i]:,.0f} by sea"
        for i in pick
    ]
    return _frame(facts, policy, position, pick, "sea", qty, arrives, freight, cover, reason)


def _air_rows(
    facts: SkuFacts,
    policy: StockPolicy,
    position: FloatArray,
    gap: AirGap,
    lead: FloatArray,
    freight: FloatArray,
    without: Projection,
    allowed: BoolArray,
) -> pd.DataFrame:
    pick = np.flatnonzero(gap.qty > 0)
    cover = without.days_of_cover()[pick]
    reason = [
        f"stock-out in {cover[k]:.0f} days, before the next sea arrival: {gap.gap_units[i]:,.0f} units would be lost; "
        f"margin saved {gap.margin_saved[i]:,.2f} > extra air freight {gap.extra_freight[i]:,.2f}"
        for k, i in enumerate(pick)
    ]
    arrives = np.rint(lead).astype(np.int64)
    return _frame(facts, policy, position, pick, "air", gap.qty, arrives, freight, cover, reason)


def _frame(
    facts: SkuFacts,
    policy: StockPolicy,
    position: FloatArray,
    pick: IntArray,
    mode: str,
    qty: FloatArray,
    arrives: IntArray,
    freight: FloatArray,
    cover: FloatArray,
    reason: list[str],
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sku": np.asarray(facts.skus, dtype=object)[pick],
            "mode": mode,
            "quantity": qty[pick].astype(np.int64),
            "arrives_in_days": arrives[pick],
            "goods_cost": qty[pick] * facts.unit_cost[pick],
            "freight_cost": qty[pick] * freight[pick],
            "inventory_position": position[pick],
            "reorder_point": policy.reorder_point[pick],
            "order_up_to": policy.order_up_to[pick],
            "stockout_in_days": np.where(cover >= NEVER, np.inf, cover),
            "within_budget": True,
            "reason": reason,
        },
        columns=SUGGESTION_COLUMNS,
    )


def _apply_budget(table: pd.DataFrame, budget: float | None) -> pd.DataFrame:
    if budget is None or table.empty:
        return table
    spend = (table["goods_cost"] + table["freight_cost"]).cumsum()
    over = spend > budget
    table.loc[over, "within_budget"] = False
    table.loc[over, "reason"] = (
        table.loc[over, "reason"] + f" -- deferred: budget {budget:,.2f} spent on more urgent lines"
    )
    return table
