"""The overview page: what the warehouse looks like today and what needs a decision."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from starlette.responses import Response

from lamplighter.config import business_now
from lamplighter.domain.layout import ZoneKind
from lamplighter.domain.orders import OrderStatus
from lamplighter.entrypoints.api.deps import UowDep
from lamplighter.entrypoints.api.security import ReadDep
from lamplighter.entrypoints.web.plan_sections import PlanDigest, plan_digest
from lamplighter.entrypoints.web.templating import render
from lamplighter.services import catalog, floor_kpis, orders, stock
from lamplighter.services.unit_of_work import UnitOfWork

router = APIRouter()
ORDERS_LOOKED_AT = 5000
_OPEN_STATES = {OrderStatus.OPEN, OrderStatus.ALLOCATED, OrderStatus.PICKING, OrderStatus.PACKED}


@dataclass(frozen=True, slots=True)
class Kpi:
    label: str
    value: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Decision:
    """Something a person should act on, with the number that says how much."""

    severity: str  # "bad", "warn" or "ok"
    title: str
    detail: str
    href: str | None = None


def warehouse_today(uow: UnitOfWork) -> tuple[list[Kpi], list[Decision]]:
    """KPIs of stock and orders now, and the decisions waiting (from the store's services)."""
    rows = stock.stock_report(uow)
    by_kind: dict[str, int] = {}
    for row in rows:
        by_kind[str(row["kind"])] = by_kind.get(str(row["kind"]), 0) + int(row["on_hand"])  # type: ignore[call-overload]
    on_hand = sum(by_kind.values())
    reserved = sum(int(r["reserved"]) for r in rows)  # type: ignore[call-overload]
    summaries = orders.order_summaries(uow, limit=ORDERS_LOOKED_AT)
    status_count: dict[str, int] = {}
    for order in summaries:
        status_count[str(order["status"])] = status_count.get(str(order["status"]), 0) + 1
    now = business_now()
    late = [
        o
        for o in summaries
        if o["status"] in _OPEN_STATES and o["ship_by"] is not None and o["ship_by"] < now  # type: ignore[operator]
    ]
    skus = catalog.list_skus(uow)
    kpis = [
        Kpi("SKUs in the catalog", f"{len(skus):,}"),
        Kpi("Units on hand", f"{on_hand:,}", f"{len({r['location'] for r in rows}):,} locations hold stock"),
        Kpi("Units reserved for orders", f"{reserved:,}", f"{reserved / on_hand:.1%} of on hand" if on_hand else ""),
        Kpi("Orders waiting for stock", f"{status_count.get('open', 0):,}", "status open"),
        Kpi("Orders allocated", f"{status_count.get('allocated', 0):,}", "ready for a wave"),
        Kpi("Orders past ship-by", f"{len(late):,}", "not shipped yet"),
    ]
    return kpis, _decisions(by_kind, status_count, len(late))


def _decisions(by_kind: dict[str, int], status_count: dict[str, int], late: int) -> list[Decision]:
    found: list[Decision] = []
    if late:
        found.append(
            Decision(
                "bad",
                f"{late:,} orders are past their ship-by time",
                "Release them in the next wave.",
                "/orders?status=allocated",
            )
        )
    if status_count.get("open", 0):
        found.append(
            Decision(
                "warn",
                f"{status_count['open']:,} orders lack stock",
                "They stay open until stock arrives or is moved to a pick face.",
                "/orders?status=open",
            )
        )
    for kind, what, action in (
        (ZoneKind.STAGING, "units wait in inbound staging", "Put them away."),
        (ZoneKind.RETURNS, "returned units wait for QC", "Inspect, then restock or scrap."),
        (ZoneKind.QC, "units are on QC hold", "Release or scrap them."),
    ):
        if by_kind.get(kind.value, 0):
            found.append(Decision("warn", f"{by_kind[kind.value]:,} {what}", action, f"/stock?kind={kind.value}"))
    return found


def floor_figures(uow: UnitOfWork) -> list[Kpi]:
    """The picking floor's KPIs over every wave so far (empty before the first wave)."""
    totals = floor_kpis.floor_report(uow)["totals"]
    if not totals.get("orders_due") and not totals.get("metres_per_line"):
        return []

    def shown(key: str, fmt: str) -> str:
        value = totals.get(key)
        return "–" if value is None else fmt.format(float(value))

    return [
        Kpi("On-time ship rate", shown("on_time_ship_rate", "{:.1%}"), "against ship-by, all waves"),
        Kpi("Order cycle time p50", shown("cycle_time_p50_h", "{:.1f} h"), "paid to shipped"),
        Kpi("Lines per picker hour", shown("lines_per_picker_hour", "{:.0f}")),
        Kpi("Metres walked per line", shown("metres_per_line", "{:.1f}")),
        Kpi("Short-pick rate", shown("short_pick_rate", "{:.1%}")),
        Kpi("Mis-picks prevented", shown("mis_picks_prevented", "{:.0f}"), "wrong scans refused"),
    ]


def plan_decisions(digest: PlanDigest | None) -> list[Decision]:
    """The latest plan's decisions: air shipments it proposes (money) and ad pauses due (lost sales otherwise)."""
    if digest is None:
        return [Decision("ok", "No plan has run yet", "Run the daily plan to see what to buy and the alerts.", "/plan")]
    found: list[Decision] = []
    if digest.air:
        units = sum(int(s["quantity"]) for s in digest.air)
        cost = sum(float(s["goods_cost"]) + float(s["freight_cost"]) for s in digest.air)
        skus = _some([str(s["sku"]) for s in digest.air])
        found.append(
            Decision(
                "bad",
                f"{len(digest.air):,} air shipments proposed ({units:,} units, {cost:,.0f} goods + freight)",
                f"Approve or refuse: {skus}.",
                "/plan",
            )
        )
    if digest.pauses:
        skus = _some([str(a["sku"]) for a in digest.pauses])
        first = min((a["pause_by"] for a in digest.pauses if a["pause_by"]), default=digest.plan.run_date)
        found.append(
            Decision(
                "warn",
                f"{len(digest.pauses):,} ad pauses due (first by {first:%d %b})",
                f"Tell the ad team: {skus}.",
                "/plan#advice",
            )
        )
    return found


def _some(codes: list[str], shown: int = 4) -> str:
    """``A, B, C, D and 7 more``: enough SKUs to act on, a count for the rest."""
    more = f" and {len(codes) - shown:,} more" if len(codes) > shown else ""
    return ", ".join(codes[:shown]) + more


@router.get("/")
def overview(request: Request, uow: UowDep, _viewer: ReadDep) -> Response:
    kpis, decisions = warehouse_today(uow)
    digest = plan_digest(uow)
    return render(
        request,
        "overview.html",
        kpis=kpis,
        decisions=plan_decisions(digest) + decisions,
        floor=floor_figures(uow),
        digest=digest,
    )
