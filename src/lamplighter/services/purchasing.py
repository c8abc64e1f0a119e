"""Accepting the plan's purchase suggestions: each becomes goods on order in the ledger.

A planner accepts a stored run's suggestion as it is or with an edited quantity. The order is a
move SUPPLIER -> IN_TRANSIT (the whole pipeline, production then freight, as planning reads it)
whose reference names the purchase order, its mode and its ETA (the order day plus the
suggestion's lead time): the next plan counts the units as arriving that day and stops
suggesting them again. Accepting the same suggestion twice is refused; all accepted together
are written in one transaction, or none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from lamplighter.adapters.db.planning_repository import PlanningRepository
from lamplighter.config import business_now
from lamplighter.domain.errors import DomainError, InvalidQuantity
from lamplighter.domain.ledger import Move, MoveReason, VirtualLocation
from lamplighter.services.ledger import record_move
from lamplighter.services.plan_reports import NoPlanYet
from lamplighter.services.unit_of_work import UnitOfWork, run_in_transaction


class UnknownSuggestion(DomainError, LookupError):
    code = "unknown-suggestion"

    def __init__(self, sku: str, mode: str, run_date: date) -> None:
        super().__init__(f"the plan of {run_date.isoformat()} suggests no {mode} order of {sku}")
        self.sku, self.mode, self.run_date = sku, mode, run_date


class AlreadyOnOrder(DomainError):
    code = "already-on-order"

    def __init__(self, reference: str) -> None:
        super().__init__(f"{reference.split()[0]} is already on order: accept a suggestion once")
        self.reference = reference


@dataclass(frozen=True, slots=True)
class Acceptance:
    """One suggestion to accept: ``quantity`` None takes the suggested quantity."""

    sku: str
    mode: str
    quantity: int | None = None


@dataclass(frozen=True, slots=True)
class PurchaseOrder:
    po: str
    sku: str
    mode: str
    quantity: int
    ordered_on: date
    eta: date
    move_id: int


def _po_prefix(run_date: date) -> str:
    return f"PO-{run_date:%Y%m%d}-"


def purchase_order_id(run_date: date, sku: str, mode: str) -> str:
    return f"{_po_prefix(run_date)}{sku}-{mode}"


def accept_suggestions(
    uow: UnitOfWork,
    accepted: Sequence[Acceptance],
    run_date: date | None = None,
    *,
    actor: str = "planner",
    now: datetime | None = None,
) -> list[PurchaseOrder]:
    """Place the accepted suggestions of the plan of ``run_date`` (the latest when None) as orders."""
    moment = now or business_now()

    def work(u: UnitOfWork) -> list[PurchaseOrder]:
        store = PlanningRepository(u.connection)
        run = store.latest_run(run_date)
        if run is None:
            raise NoPlanYet(run_date)
        day: date = run["run_date"]
        offered = {(r["sku"], r["mode"]): r for r in store.rows_of(int(run["id"]), "suggestions")}
        on_order = {purchase_order_id(day, sku, mode) for sku, mode in _placed(u, day)}
        placed = []
        for choice in accepted:
            row = offered.get((choice.sku, choice.mode))
            if row is None:
                raise UnknownSuggestion(choice.sku, choice.mode, day)
            quantity = int(row["quantity"]) if choice.quantity is None else choice.quantity
            if quantity < 1:
                raise InvalidQuantity(f"order of {choice.sku}: quantity must be at least 1, got {quantity}")
            ordered_on = max(day, moment.date())
            eta = ordered_on + timedelta(days=int(row["arrives_in_days"]))
            po = purchase_order_id(day, choice.sku, choice.mode)
            reference = f"{po} {choice.mode} ETA {eta:%Y-%m-%d}"
            if po in on_order:
                raise AlreadyOnOrder(reference)
            on_order.add(po)
            move = Move(
                choice.sku,
                VirtualLocation.SUPPLIER.value,
                VirtualLocation.IN_TRANSIT.value,
                quantity,
                MoveReason.TRANSFER,
                reference,
                actor,
                at=moment if moment.date() >= day else datetime.combine(day, time(9), tzinfo=moment.tzinfo),
            )
            placed.append(PurchaseOrder(po, choice.sku, choice.mode, quantity, ordered_on, eta, record_move(u, move)))
        return placed

    return run_in_transaction(uow, work)


def orders_placed(uow: UnitOfWork, run_date: date) -> set[tuple[str, str]]:
    """(sku, mode) of the plan of ``run_date`` already accepted as purchase orders."""
    with uow.reader() as reader:
        return _placed(reader, run_date)


def _placed(uow: UnitOfWork, run_date: date) -> set[tuple[str, str]]:
    """(sku, mode) of the purchase orders of ``run_date``'s plan, read from their moves' references."""
    prefix = _po_prefix(run_date)
    out = set()
    for reference in uow.ledger.references_with_prefix(prefix):
        sku, _, mode = reference.split()[0][len(prefix) :].rpartition("-")
        out.add((sku, mode))
    return out
