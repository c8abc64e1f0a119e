"""Orders: list and look up (read); create, cancel, allocate, reserve and release stock (lead)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from lamplighter.domain.allocation import AllocationOrder
from lamplighter.domain.orders import Order, OrderLine, OrderStatus
from lamplighter.entrypoints.api.deps import UowDep
from lamplighter.entrypoints.api.idempotency import IdempotencyDep
from lamplighter.entrypoints.api.lean import LeanRoute, lean_path
from lamplighter.entrypoints.api.pagination import Page, PageDep, paginate
from lamplighter.entrypoints.api.problems import PROBLEM_RESPONSES
from lamplighter.entrypoints.api.security import OperateDep, ReadDep
from lamplighter.services import orders
from lamplighter.services.unit_of_work import run_in_transaction

router = APIRouter(prefix="/orders", tags=["orders"], responses=PROBLEM_RESPONSES, route_class=LeanRoute)

OrderRef = Annotated[
    str, Path(min_length=3, max_length=100, pattern=r"^[^:/]+:[^/]+$", description="channel:external_id")
]
MAX_ORDERS = 5000


class OrderSummary(BaseModel):
    ref: str
    status: str
    paid_at: datetime | None
    ship_by: datetime | None
    lines: int
    units: int


class LineIn(BaseModel):
    line_no: int = Field(ge=1, le=10_000)
    sku: str = Field(min_length=1, max_length=64)
    quantity: int = Field(gt=0, le=1_000_000)
    unit_price: float = Field(default=0.0, ge=0, le=1e9)


class OrderIn(BaseModel):
    channel: str = Field(min_length=1, max_length=32, pattern=r"^[a-z0-9_-]+$")
    external_id: str = Field(min_length=1, max_length=64, pattern=r"^[^/:\s]+$")
    lines: list[LineIn] = Field(min_length=1, max_length=500)
    created_at: datetime | None = None
    paid_at: datetime | None = None
    ship_by: datetime | None = None
    priority: int = Field(default=0, ge=-100, le=100)


class LineOut(BaseModel):
    line_no: int
    sku: str
    quantity: int
    picked: int
    cancelled: int
    reserved: int
    unallocated: int


class OrderOut(BaseModel):
    ref: str
    status: str
    created_at: datetime
    paid_at: datetime | None
    ship_by: datetime | None
    priority: int
    lines: list[LineOut]


class OrderCreated(BaseModel):
    id: int
    ref: str


class ReservationIn(BaseModel):
    line_no: int = Field(ge=1, le=10_000)
    location: str = Field(min_length=1, max_length=32)
    quantity: int = Field(gt=0, le=1_000_000)


class Released(BaseModel):
    ref: str
    units_released: int


class ShortLine(BaseModel):
    order: str
    line_no: int
    sku: str
    wanted: int
    got: int


class AllocationOut(BaseModel):
    reserved_units: int
    reservations: int
    complete: list[str]
    partial: list[ShortLine]


@router.get("")
def list_orders(uow: UowDep, _viewer: ReadDep, page: PageDep, status: OrderStatus | None = None) -> Page[OrderSummary]:
    """Orders, newest first, with line and unit counts; filter by status."""
    rows = orders.order_summaries(uow, status=status, limit=MAX_ORDERS)
    found = [
        OrderSummary(
            ref=f"{r['channel']}:{r['external_id']}",
            status=str(r["status"]),
            paid_at=r["paid_at"],  # type: ignore[arg-type]
            ship_by=r["ship_by"],  # type: ignore[arg-type]
            lines=int(r["lines"]),  # type: ignore[call-overload]
            units=int(r["units"]),  # type: ignore[call-overload]
        )
        for r in rows
    ]
    return paginate(found, page)


@router.get("/{ref}")
def get_order(ref: OrderRef, uow: UowDep, _viewer: ReadDep) -> OrderOut:
    """One order with each line's picked, cancelled, reserved and unallocated units."""
    stored = run_in_transaction(uow.reader(), lambda u: orders.load_order(u, ref))
    order = stored.order
    return OrderOut(
        ref=stored.ref,
        status=order.status.value,
        created_at=order.created_at,
        paid_at=order.paid_at,
        ship_by=order.ship_by,
        priority=order.priority,
        lines=[
            LineOut(
                line_no=ln.line_no,
                sku=ln.sku,
                quantity=ln.quantity,
                picked=ln.picked,
                cancelled=ln.cancelled,
                reserved=ln.reserved,
                unallocated=ln.unallocated,
            )
            for ln in stored.lines
        ],
    )


@router.post("", status_code=201)
def create_order(body: OrderIn, uow: UowDep, _lead: OperateDep, _key: IdempotencyDep) -> OrderCreated:
    """Create an order (the same order twice is a no-op; the same ref with other lines is refused)."""
    order = Order(
        body.channel,
        body.external_id,
        [OrderLine(ln.line_no, ln.sku, ln.quantity, ln.unit_price) for ln in body.lines],
        created_at=body.created_at or datetime.now(UTC),
        paid_at=body.paid_at,
        ship_by=body.ship_by,
        priority=body.priority,
    )
    return OrderCreated(id=orders.create_order(uow, order), ref=order.ref)


@router.post("/{ref}/cancellation")
def cancel_order(ref: OrderRef, uow: UowDep, _lead: OperateDep) -> Released:
    """Cancel an order and release its reservations (picked units stay at packing)."""
    return Released(ref=ref, units_released=orders.cancel_order(uow, ref))


@router.post("/{ref}/reservations", status_code=201)
@lean_path
def reserve(ref: OrderRef, body: ReservationIn, uow: UowDep, _lead: OperateDep, _key: IdempotencyDep) -> ReservationIn:
    """Reserve stock at a location for one order line; 409 with the facts when it is not there."""
    orders.reserve(uow, ref, body.line_no, body.location, body.quantity)
    return body


@router.post("/{ref}/releases")
@lean_path
def release(ref: OrderRef, body: ReservationIn, uow: UowDep, _lead: OperateDep) -> Released:
    """Give back part of a line's reservation at a location."""
    orders.release(uow, ref, body.line_no, body.location, body.quantity)
    return Released(ref=ref, units_released=body.quantity)


@router.post("/allocation")
def allocate(uow: UowDep, _lead: OperateDep, by: AllocationOrder = Query(AllocationOrder.PAID_TIME)) -> AllocationOut:
    """Reserve stock for every open order, first paid (or first due) first served."""
    report = orders.allocate_open_orders(uow, by)
    return AllocationOut(
        reserved_units=report.reserved_units,
        reservations=report.reservations,
        complete=report.complete,
        partial=[
            ShortLine(order=ref, line_no=n, sku=sku, wanted=wanted, got=got)
            for ref, lines in report.partial.items()
            for n, sku, wanted, got in lines
        ],
    )
