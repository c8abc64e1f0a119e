"""Stock: balances by SKU, location or zone (read); receipts, putaway, moves, adjustments, counts (lead)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from lamplighter.entrypoints.api.deps import UowDep
from lamplighter.entrypoints.api.idempotency import IdempotencyDep, IdempotentRoute
from lamplighter.entrypoints.api.pagination import Page, PageDep, paginate
from lamplighter.entrypoints.api.problems import PROBLEM_RESPONSES
from lamplighter.entrypoints.api.security import OperateDep, Principal, ReadDep
from lamplighter.services import check, stock
from lamplighter.services.stock import Who

router = APIRouter(tags=["stock"], responses=PROBLEM_RESPONSES, route_class=IdempotentRoute)

Sku = Field(min_length=1, max_length=64, description="Seller SKU code.")
Place = Field(min_length=1, max_length=32, description="Location code such as A-01-02-03.")
Units = Field(gt=0, le=10_000_000, description="Units, positive.")
Reference = Field(default="", max_length=128, description="Why: a PO number, a ticket, a note.")


class StockRow(BaseModel):
    sku: str
    location: str
    zone: str
    kind: str
    on_hand: int
    reserved: int
    available: int


class ReceiptIn(BaseModel):
    sku: str = Sku
    quantity: int = Units
    destination: str | None = Field(default=None, max_length=32, description="Default: inbound staging.")
    source: Literal["SUPPLIER", "IN_TRANSIT"] = "SUPPLIER"
    reference: str = Reference


class TransferIn(BaseModel):
    sku: str = Sku
    quantity: int = Units
    source: str = Place
    destination: str = Place
    reference: str = Reference


class AdjustmentIn(BaseModel):
    sku: str = Sku
    location: str = Place
    delta: int = Field(ge=-10_000_000, le=10_000_000, description="Units added (positive) or removed (negative).")
    reference: str = Field(min_length=1, max_length=128, description="Why the stock changes (required).")


class CountIn(BaseModel):
    sku: str = Sku
    location: str = Place
    counted: int = Field(ge=0, le=10_000_000)
    reference: str = Reference


class MoveWritten(BaseModel):
    move_id: int | None = Field(description="The ledger move written; null when nothing had to change.")


class LedgerCheckOut(BaseModel):
    clean: bool
    moves_checked: int
    balances_checked: int
    problems: list[str]


def _who(principal: Principal, reference: str) -> Who:
    return Who(reference=reference, actor=f"key:{principal.prefix}")


@router.get("/stock")
def stock_levels(
    uow: UowDep,
    _viewer: ReadDep,
    page: PageDep,
    sku: str | None = Query(None, max_length=64),
    location: str | None = Query(None, max_length=32),
    zone: str | None = Query(None, max_length=4),
) -> Page[StockRow]:
    """On hand, reserved and available per SKU and location (nearest packing first)."""
    rows = stock.stock_report(uow, sku=sku, location=location, zone=zone)
    return paginate([StockRow.model_validate(r) for r in rows], page)


@router.post("/stock/receipts", status_code=201)
def receive(body: ReceiptIn, uow: UowDep, lead: OperateDep, _key: IdempotencyDep) -> MoveWritten:
    """Goods arrive from a supplier (or from transit) into staging or a given location."""
    move_id = stock.receive(
        uow, body.sku, body.quantity, body.destination, source=body.source, who=_who(lead, body.reference)
    )
    return MoveWritten(move_id=move_id)


@router.post("/stock/putaways", status_code=201)
def put_away(body: TransferIn, uow: UowDep, lead: OperateDep, _key: IdempotencyDep) -> MoveWritten:
    """Move received stock from staging to its storage location (storage rules checked)."""
    who = _who(lead, body.reference)
    return MoveWritten(move_id=stock.putaway(uow, body.sku, body.quantity, body.source, body.destination, who=who))


@router.post("/stock/transfers", status_code=201)
def transfer(body: TransferIn, uow: UowDep, lead: OperateDep, _key: IdempotencyDep) -> MoveWritten:
    """Move unreserved stock between two locations (storage rules and capacity checked)."""
    who = _who(lead, body.reference)
    return MoveWritten(move_id=stock.move_stock(uow, body.sku, body.quantity, body.source, body.destination, who=who))


@router.post("/stock/adjustments", status_code=201)
def adjust(body: AdjustmentIn, uow: UowDep, lead: OperateDep, _key: IdempotencyDep) -> MoveWritten:
    """Add or remove stock through the ADJUSTMENT account, with a reason."""
    who = _who(lead, body.reference)
    return MoveWritten(move_id=stock.adjust(uow, body.sku, body.location, body.delta, who=who))


@router.post("/stock/counts", status_code=201)
def count(body: CountIn, uow: UowDep, lead: OperateDep, _key: IdempotencyDep) -> MoveWritten:
    """Cycle count: on hand becomes the counted quantity (move_id null when it already was)."""
    who = _who(lead, body.reference)
    return MoveWritten(move_id=stock.count(uow, body.sku, body.location, body.counted, who=who))


@router.post("/stock/moves/{move_id}/reversal", status_code=201)
def reverse(
    move_id: Annotated[int, Path(ge=1, le=2**62)], uow: UowDep, lead: OperateDep, _key: IdempotencyDep
) -> MoveWritten:
    """Undo a move with an opposite one (moves are never edited); once per move."""
    return MoveWritten(move_id=stock.reverse_move(uow, move_id, who=_who(lead, f"reverse {move_id}")))


@router.get("/ledger/check")
def ledger_check(uow: UowDep, _viewer: ReadDep) -> LedgerCheckOut:
    """Recompute balances from the moves and report every disagreement (read only)."""
    result = check.check_ledger(uow)
    return LedgerCheckOut(
        clean=result.clean,
        moves_checked=result.moves_checked,
        balances_checked=result.balances_checked,
        problems=result.problems(),
    )
