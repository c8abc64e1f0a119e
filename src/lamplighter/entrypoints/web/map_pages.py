"""The warehouse map page and the panel that shows what a clicked bay holds."""

from __future__ import annotations

from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from lamplighter.domain.errors import InvalidLayout
from lamplighter.domain.layout import Layout
from lamplighter.entrypoints.api.deps import UowDep
from lamplighter.entrypoints.api.roles import Scope
from lamplighter.entrypoints.api.security import ReadDep
from lamplighter.entrypoints.web.templating import NAV, NavItem, render
from lamplighter.entrypoints.web.warehouse_map import map_svg
from lamplighter.services import locations, stock
from lamplighter.services.unit_of_work import UnitOfWork

router = APIRouter()
NAV.insert(1, NavItem("Map", "/map", Scope.READ))


def loaded_layout(uow: UnitOfWork) -> Layout:
    layout = locations.stored_layout(uow)
    if layout is None:
        raise InvalidLayout("no layout is loaded yet: `lamplighter init --layout FILE` or PUT /api/v1/layout")
    return layout


@router.get("/map")
def warehouse_map(request: Request, uow: UowDep, _viewer: ReadDep) -> Response:
    layout = loaded_layout(uow)
    units: dict[str, float] = {}
    for row in stock.stock_report(uow):
        units[str(row["location"])] = units.get(str(row["location"]), 0.0) + float(row["on_hand"])  # type: ignore[arg-type]
    zones = [z for z in layout.zones if not z.is_area]
    return render(
        request,
        "map.html",
        svg=map_svg(layout, units, "units on hand"),
        zones=zones,
        total_units=sum(units.values()),
        stocked=len(units),
    )


@router.get("/map/locations/{bay}")
def bay_contents(
    request: Request, uow: UowDep, _viewer: ReadDep, bay: str = Path(pattern=r"^[A-Z][A-Z0-9]{0,3}-\d{1,3}-\d{1,3}$")
) -> Response:
    """What every level of one bay holds (``A-01-03`` = zone A, row 1, bay 3), as an HTML fragment."""
    zone, row, bay_no = bay.split("-")
    rows = [
        r
        for r in stock.stock_report(uow, zone=zone)
        if str(r["location"]).split("-")[1] == row and str(r["location"]).split("-")[3] == bay_no
    ]
    return render(request, "_bay.html", bay=f"{zone}-{row}-*-{bay_no}", rows=rows)
