"""Waves and pick lists for the lead (routes drawn on the map) and the phone page for pickers."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from starlette.responses import RedirectResponse, Response

from lamplighter.domain.errors import DomainError
from lamplighter.entrypoints.api.deps import UowDep
from lamplighter.entrypoints.api.roles import Scope, role_grants
from lamplighter.entrypoints.api.security import OperateDep, PickDep, ReadDep
from lamplighter.entrypoints.web.map_pages import loaded_layout
from lamplighter.entrypoints.web.templating import NAV, NavItem, render
from lamplighter.entrypoints.web.warehouse_map import map_svg
from lamplighter.planning.batching import CartCapacity
from lamplighter.services import floor_kpis, picking, waves

log = logging.getLogger("lamplighter.web.floor")
router = APIRouter()
NAV.append(NavItem("Waves", "/waves", Scope.READ))
PickListId = Annotated[int, Path(ge=1, le=2**62)]


@router.get("/waves")
def wave_list(request: Request, uow: UowDep, _viewer: ReadDep) -> Response:
    return _wave_page(request, uow)


def _wave_page(request: Request, uow: UowDep, **extra: Any) -> Response:
    released = picking.wave_summaries(uow, limit=30)
    totals = floor_kpis.floor_report(uow)["totals"] if released else {}
    principal = getattr(request.state, "principal", None)
    may_release = principal is not None and role_grants(principal.role, Scope.OPERATE)
    return render(request, "waves.html", waves=released, totals=totals, may_release=may_release, **extra)


@router.post("/waves")
def release_wave_form(
    request: Request,
    uow: UowDep,
    lead: OperateDep,
    max_orders: Annotated[int, Form(ge=1, le=5000)] = 200,
    cart_orders: Annotated[int, Form(ge=1, le=64)] = 8,
) -> Response:
    """Release a wave from the page (a lead's button): allocate, batch, route."""
    request_ = waves.WaveRequest(
        max_orders=max_orders, cart=CartCapacity(orders=cart_orders), search_seconds=2.0, actor=f"key:{lead.prefix}"
    )
    try:
        released = waves.release_wave(uow, request_)
    except DomainError as refused:
        return _wave_page(request, uow, refused=str(refused))
    return RedirectResponse(f"/waves?released={released.wave_id}", status_code=303)


@router.get("/waves/pick-lists/{pick_list_id}")
def pick_list_page(request: Request, pick_list_id: PickListId, uow: UowDep, _viewer: ReadDep) -> Response:
    listed = picking.pick_list(uow, pick_list_id)
    layout = loaded_layout(uow)
    stops: dict[str, float] = {}
    for task in listed["tasks"]:
        stops[task["location"]] = stops.get(task["location"], 0.0) + float(task["quantity"])
    order = [str(task["location"]) for task in listed["tasks"]]
    svg = map_svg(layout, stops, "units to pick", route=listed.get("route") or [], stops=order)
    return render(request, "pick_list.html", listed=listed, svg=svg)


def _picker_view(request: Request, uow: UowDep, pick_list_id: int, **extra: Any) -> Response:
    listed = picking.pick_list(uow, pick_list_id)
    tasks = listed["tasks"]
    done = sum(1 for t in tasks if t["status"] != "open")
    return render(request, "picker.html", listed=listed, next=listed["next"], done=done, total=len(tasks), **extra)


@router.get("/pick/{pick_list_id}")
def picker_page(request: Request, pick_list_id: PickListId, uow: UowDep, _picker: PickDep) -> Response:
    """The phone page: the next line (location, SKU, quantity, tote) and a scan box."""
    return _picker_view(request, uow, pick_list_id)


@router.post("/pick/{pick_list_id}")
def picker_scan(
    request: Request,
    pick_list_id: PickListId,
    uow: UowDep,
    picker: PickDep,
    task_id: Annotated[int, Form(ge=1, le=2**62)],
    location_scan: Annotated[str, Form(max_length=64)],
    sku_scan: Annotated[str, Form(max_length=64)],
    found: Annotated[str, Form(max_length=7, pattern=r"^\d*$")] = "",
) -> Response:
    """Confirm the shown line with the typed or scanned codes; a wrong scan is shown and refused."""
    try:
        picking.confirm_pick(
            uow,
            task_id,
            location_scan.strip(),
            sku_scan.strip(),
            found=int(found) if found else None,  # a short pick: the rest is re-allocated or back-ordered
            picker=f"key:{picker.prefix}",
        )
    except DomainError as refused:
        log.info("pick refused on list %s task %s: %s", pick_list_id, task_id, refused)
        return _picker_view(request, uow, pick_list_id, refused=str(refused))
    return RedirectResponse(f"/pick/{pick_list_id}?confirmed={task_id}", status_code=303)
