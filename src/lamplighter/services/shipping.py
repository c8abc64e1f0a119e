"""Packing and shipping: every picked unit scanned against its order, then handed to the carrier.

Packing checks the units in the totes (the picked quantities, so a short-picked line ships
what was found) and moves them from the totes to the packing station; shipping moves them from
the packing station to CUSTOMER.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lamplighter.adapters.db.picking_repository import PickingRepository
from lamplighter.config import business_now
from lamplighter.domain.errors import DomainError, InvalidTransition
from lamplighter.domain.layout import ZoneKind
from lamplighter.domain.ledger import Move, MoveReason, VirtualLocation
from lamplighter.domain.orders import OrderStatus, check_transition
from lamplighter.domain.picking import PackingCheck
from lamplighter.services.errors import UnknownOrder
from lamplighter.services.ledger import record_move
from lamplighter.services.orders import load_order
from lamplighter.services.picking import empty_totes
from lamplighter.services.stock import first_location_of
from lamplighter.services.unit_of_work import UnitOfWork, run_in_transaction


class PackingIncomplete(DomainError):
    code = "packing-incomplete"

    def __init__(self, order_ref: str, missing: Mapping[str, int]) -> None:
        listed = ", ".join(f"{q} x {s}" for s, q in sorted(missing.items()))
        super().__init__(f"order {order_ref} is not complete: still to scan {listed}")
        self.order_ref = order_ref
        self.missing = dict(missing)


def pack_order(uow: UnitOfWork, ref: str, scans: Sequence[str], *, packer: str = "packer") -> dict[str, Any]:
    """Pack an order after scanning every picked unit; refuses a wrong or extra unit, or a missing one."""

    def work(u: UnitOfWork) -> dict[str, Any]:
        stored = load_order(u, ref, lock=True)
        check_transition(ref, stored.order.status, OrderStatus.PACKED)
        if stored.order.status is not OrderStatus.PICKING:
            raise InvalidTransition(f"order {ref}", stored.order.status.value, OrderStatus.PACKED.value)
        tasks = PickingRepository(u.connection).tasks_of_order(stored.id)
        if any(t.status == "open" for t in tasks):
            raise PackingIncomplete(ref, {t.sku: t.quantity for t in tasks if t.status == "open"})
        check = PackingCheck.for_lines(ref, [(t.sku, t.picked) for t in tasks if t.picked])
        for scan in scans:
            check.scan(scan)
        if not check.complete:
            raise PackingIncomplete(ref, check.missing)
        empty_totes(u, ref, {t.tote for t in tasks}, MoveReason.PACK, packer)
        u.orders.set_status(stored.id, OrderStatus.PACKED)
        PickingRepository(u.connection).mark_packed(stored.id, packer)
        return {"order": ref, "units": sum(check.scanned.values()), "status": OrderStatus.PACKED.value}

    return run_in_transaction(uow, work)


def ship_order(uow: UnitOfWork, ref: str, carrier: str, tracking_id: str, *, actor: str = "packer") -> dict[str, Any]:
    """Hand a packed order to the carrier: its units leave the packing station for CUSTOMER."""
    if not carrier.strip() or not tracking_id.strip():
        raise UnknownOrder(f"{ref}: shipping needs a carrier and a tracking id")

    def work(u: UnitOfWork) -> dict[str, Any]:
        stored = load_order(u, ref, lock=True)
        check_transition(ref, stored.order.status, OrderStatus.SHIPPED)
        if stored.order.status is not OrderStatus.PACKED:
            raise InvalidTransition(f"order {ref}", stored.order.status.value, OrderStatus.SHIPPED.value)
        packing = first_location_of(u, ZoneKind.PACKING)
        units = 0
        for line in stored.lines:
            if line.picked:
                record_move(
                    u,
                    Move(line.sku, packing, VirtualLocation.CUSTOMER.value, line.picked, MoveReason.SHIP,
                         f"{ref} {carrier} {tracking_id}", actor),
                )  # fmt: skip
                units += line.picked
        u.orders.set_status(stored.id, OrderStatus.SHIPPED)
        PickingRepository(u.connection).mark_shipped(stored.id, carrier.strip(), tracking_id.strip(), business_now())
        return {"order": ref, "units": units, "carrier": carrier, "tracking_id": tracking_id, "status": "shipped"}

    return run_in_transaction(uow, work)
