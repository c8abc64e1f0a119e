"""Inventory pages: stock by location, the SKU list and one SKU's page, the order list."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from lamplighter.domain.errors import UnknownSku
from lamplighter.domain.orders import OrderStatus
from lamplighter.entrypoints.api.deps import UowDep
from lamplighter.entrypoints.api.pagination import matches
from lamplighter.entrypoints.api.roles import Scope
from lamplighter.entrypoints.api.security import ReadDep
from lamplighter.entrypoints.web.plan_sections import sku_outlook_section
from lamplighter.entrypoints.web.templating import NAV, NavItem, render
from lamplighter.services import catalog, orders, stock

router = APIRouter()
NAV.extend(
    [
        NavItem("Stock", "/stock", Scope.READ),
        NavItem("SKUs", "/skus", Scope.READ),
        NavItem("Orders", "/orders", Scope.READ),
    ]
)
ROWS_SHOWN = 500


@router.get("/stock")
def stock_page(
    request: Request,
    uow: UowDep,
    _viewer: ReadDep,
    zone: str | None = Query(None, max_length=4),
    kind: str | None = Query(None, max_length=16),
    sku: str | None = Query(None, max_length=64),
) -> Response:
    rows = [
        r
        for r in stock.stock_report(uow, zone=zone or None)
        if (not kind or r["kind"] == kind) and matches(str(r["sku"]), sku)
    ]
    return render(request, "stock.html", rows=rows[:ROWS_SHOWN], total=len(rows), zone=zone, kind=kind, sku=sku)


@router.get("/skus")
def sku_list(request: Request, uow: UowDep, _viewer: ReadDep, q: str | None = Query(None, max_length=100)) -> Response:
    on_hand: dict[str, int] = {}
    for row in stock.stock_report(uow):
        on_hand[str(row["sku"])] = on_hand.get(str(row["sku"]), 0) + int(row["available"])  # type: ignore[call-overload]
    skus = [s for s in catalog.list_skus(uow) if matches(s.code, q) or matches(s.name, q)]
    return render(request, "skus.html", skus=skus[:ROWS_SHOWN], total=len(skus), available=on_hand, q=q)


@router.get("/skus/{code}")
def sku_page(request: Request, code: str, uow: UowDep, _viewer: ReadDep) -> Response:
    sku = next((s for s in catalog.list_skus(uow) if s.code == code), None)
    if sku is None:
        raise UnknownSku(code)
    rows = stock.stock_report(uow, sku=code)
    return render(request, "sku.html", sku=sku, rows=rows, extra=sku_page_extras(uow, code))


def sku_page_extras(uow: UowDep, code: str) -> dict[str, object]:
    """Sections other areas add to the SKU page: the latest plan's outlook (chart, replenishment, ad advice)."""
    return {"outlook": sku_outlook_section(uow, code)}


@router.get("/orders")
def order_list(request: Request, uow: UowDep, _viewer: ReadDep, status: OrderStatus | None = None) -> Response:
    rows = orders.order_summaries(uow, status=status, limit=ROWS_SHOWN)
    return render(request, "orders.html", rows=rows, status=status, statuses=list(OrderStatus))
