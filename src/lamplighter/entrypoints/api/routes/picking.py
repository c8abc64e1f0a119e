"""Waves, pick lists and the floor: release (lead), confirm by scan and pack (picker), ship (lead), KPIs."""

from __future__ import annotations

import math
from datetime import datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from lamplighter.entrypoints.api.deps import UowDep
from lamplighter.entrypoints.api.idempotency import IdempotencyDep
from lamplighter.entrypoints.api.lean import LeanRoute, lean_path
from lamplighter.entrypoints.api.problems import PROBLEM_RESPONSES
from lamplighter.entrypoints.api.routes.orders import OrderRef
from lamplighter.entrypoints.api.security import OperateDep, PickDep, ReadDep
from lamplighter.planning.batching import BATCH_METHODS, CartCapacity
from lamplighter.services import floor_kpis, picking, shipping, waves

router = APIRouter(tags=["picking"], responses=PROBLEM_RESPONSES, route_class=LeanRoute)
Id = Annotated[int, Path(ge=1, le=2**62)]


class WaveIn(BaseModel):
    max_orders: int = Field(default=500, ge=1, le=5000)
    cutoff: str = Field(default="16:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="Carrier cut-off, HH:MM.")
    method: str = Field(
        default="lamplighter",
        pattern="^(" + "|".join(BATCH_METHODS) + ")$",
        description="Batching method: " + ", ".join(BATCH_METHODS),
    )
    cart_orders: int = Field(default=8, ge=1, le=64, description="Totes on a cart.")
    cart_lines: int = Field(default=60, ge=1, le=1000)
    search_seconds: float = Field(default=2.0, ge=0.1, le=30.0)
    allocate_first: bool = True


class WaveOut(BaseModel):
    wave_id: int
    orders: int
    pick_lists: int
    lines: int
    metres: float
    metres_per_line: float
    metres_single_order_trips: float


class WaveSummary(BaseModel):
    wave: int
    released_at: datetime | None
    method: str
    orders: int
    metres: float
    pick_lists: str
    done: int


class PickTaskOut(BaseModel):
    task_id: int
    sequence: int
    location: str
    sku: str
    quantity: int
    tote: int
    order: str
    leg_m: float
    picked: int
    short: int
    status: str


class PickListOut(BaseModel):
    id: int
    wave_id: int
    trip_no: int
    status: str
    picker: str | None
    metres: float
    refused_scans: int
    tasks: list[PickTaskOut]
    next: PickTaskOut | None


class ScanIn(BaseModel):
    location_scan: str = Field(min_length=1, max_length=64, description="The location barcode as scanned.")
    sku_scan: str = Field(min_length=1, max_length=64, description="The SKU barcode as scanned.")
    found: int | None = Field(default=None, ge=0, le=1_000_000, description="Units found, when fewer than asked.")


class PickOut(BaseModel):
    task_id: int
    picked: int
    short: int
    reallocated: int
    backordered: int
    count_task: int | None
    list_done: bool


class PackIn(BaseModel):
    scans: list[str] = Field(min_length=1, max_length=10_000, description="One SKU barcode per unit packed.")


class ShipIn(BaseModel):
    carrier: str = Field(min_length=1, max_length=64, pattern=r"\S")
    tracking_id: str = Field(min_length=1, max_length=64, pattern=r"\S")


@router.get("/waves")
def list_waves(uow: UowDep, _viewer: ReadDep) -> list[WaveSummary]:
    """Recent waves with their pick lists and how many are done."""
    return [WaveSummary.model_validate(row) for row in picking.wave_summaries(uow)]


@router.post("/waves", status_code=201)
def release_wave(body: WaveIn, uow: UowDep, lead: OperateDep, _key: IdempotencyDep) -> WaveOut:
    """Allocate, batch and route allocated orders into picker trips (409 when nothing waits)."""
    hours, minutes = (int(part) for part in body.cutoff.split(":"))
    request = waves.WaveRequest(
        max_orders=body.max_orders,
        cutoff=time(hours, minutes),
        method=body.method,
        cart=CartCapacity(orders=body.cart_orders, lines=body.cart_lines),
        search_seconds=body.search_seconds,
        allocate_first=body.allocate_first,
        actor=f"key:{lead.prefix}",
    )
    released = waves.release_wave(uow, request)
    return WaveOut(
        wave_id=released.wave_id,
        orders=released.orders,
        pick_lists=released.pick_lists,
        lines=released.lines,
        metres=round(released.metres, 2),
        metres_per_line=round(released.metres_per_line, 3),
        metres_single_order_trips=round(released.metres_single_order_trips, 2),
    )


@router.get("/pick-lists/{pick_list_id}")
def get_pick_list(pick_list_id: Id, uow: UowDep, _viewer: ReadDep) -> PickListOut:
    """A pick list's lines in walking order and the next line to pick."""
    return PickListOut.model_validate(picking.pick_list(uow, pick_list_id))


@router.post("/pick-tasks/{task_id}/confirmation", status_code=201)
@lean_path  # a scanner posts one per line picked
def confirm_pick(task_id: Id, body: ScanIn, uow: UowDep, picker: PickDep, _key: IdempotencyDep) -> PickOut:
    """Confirm a line by scanning its location and SKU; a wrong scan is refused (409, counted)."""
    result = picking.confirm_pick(
        uow, task_id, body.location_scan, body.sku_scan, found=body.found, picker=f"key:{picker.prefix}"
    )
    return PickOut.model_validate(result, from_attributes=True)


@router.post("/orders/{ref}/packing")
def pack_order(ref: OrderRef, body: PackIn, uow: UowDep, packer: PickDep) -> dict[str, Any]:
    """Pack an order after scanning each unit; a wrong, extra or missing unit is refused."""
    return shipping.pack_order(uow, ref, body.scans, packer=f"key:{packer.prefix}")


@router.post("/orders/{ref}/shipment")
def ship_order(ref: OrderRef, body: ShipIn, uow: UowDep, lead: OperateDep) -> dict[str, Any]:
    """Hand a packed order to the carrier: its units leave for CUSTOMER."""
    return shipping.ship_order(uow, ref, body.carrier, body.tracking_id, actor=f"key:{lead.prefix}")


class KpiReport(BaseModel):
    totals: dict[str, Any]
    by_day: list[dict[str, Any]]
    by_wave: list[dict[str, Any]]


def plain(value: Any) -> Any:
    """JSON-ready: numpy scalars as Python numbers, NaN and infinities as None, recursively."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


@router.get("/kpis")
def kpis(uow: UowDep, _viewer: ReadDep) -> KpiReport:
    """Floor KPIs: totals, by day and by wave (on-time rate, cycle time, lines/hour, metres/line...)."""
    return KpiReport.model_validate(plain(floor_kpis.floor_report(uow)))
