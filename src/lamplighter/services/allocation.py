"""Allocation of open orders to stock: first paid (or first due) first served, nearest stock first."""

from __future__ import annotations

from dataclasses import dataclass, field

from lamplighter.adapters.db.order_repository import StoredOrder
from lamplighter.domain.allocation import AllocationOrder, allocate
from lamplighter.domain.layout import ZoneKind
from lamplighter.domain.ledger import Balance
from lamplighter.domain.ledger import reserve as reserve_balance
from lamplighter.domain.orders import Order, OrderLine, OrderStatus
from lamplighter.services.locking import lock_orders, lock_stock_of_skus
from lamplighter.services.unit_of_work import UnitOfWork, run_in_transaction


@dataclass(slots=True)
class AllocationReport:
    """What an allocation run reserved; ``partial`` lists (line_no, sku, wanted, got) per short order."""

    reserved_units: int = 0
    reservations: int = 0
    complete: list[str] = field(default_factory=list)
    partial: dict[str, list[tuple[int, str, int, int]]] = field(default_factory=dict)


def allocate_open_orders(uow: UnitOfWork, by: AllocationOrder = AllocationOrder.PAID_TIME) -> AllocationReport:
    """Reserve stock for every open order (first paid, or first due, first served).

    Stock is taken from sellable locations nearest the packing station first; an order
    that cannot be served in full keeps what it got and is reported partial.
    """
    return run_in_transaction(uow, lambda u: allocate_within(u, by))


def allocate_within(uow: UnitOfWork, by: AllocationOrder) -> AllocationReport:
    """:func:`allocate_open_orders` inside an open unit of work (wave release allocates in its own).

    Locks the open orders, then every balance row of their SKUs (the fixed lock order),
    and writes all reservations, balances and statuses in a few bulk statements.
    """
    order_ids = uow.orders.ids_with_status(OrderStatus.OPEN)
    lock_orders(uow, order_ids)
    stored = uow.orders.many(order_ids)
    wanting = [s for s in stored if any(line.unallocated > 0 for line in s.lines)]
    balances = lock_stock_of_skus(uow, {line.sku for s in wanting for line in s.lines})
    sellable = set(uow.locations.in_zones_of_kind(*_SELLABLE))
    available = {k: b.available for k, b in balances.items() if k[1] in sellable and b.available > 0}
    distance = uow.locations.depot_distances({loc for _, loc in available})
    result = allocate([_remaining(s) for s in wanting], available, lambda loc: distance.get(loc, float("inf")), by=by)
    lines = {(s.ref, line.line_no): line for s in wanting for line in s.lines}
    changed: dict[tuple[str, str], Balance] = {}
    rows: list[tuple[int, str, str, int]] = []
    for r in result.reservations:
        key = (r.sku, r.location)
        changed[key] = reserve_balance(changed.get(key, balances[key]), r.sku, r.location, r.quantity)
        line = lines[(r.order_ref, r.line_no)]
        line.reserved += r.quantity
        rows.append((line.id, r.sku, r.location, r.quantity))
    uow.ledger.set_balances(changed)
    uow.ledger.add_reservations(rows)
    covered = [s.id for s in stored if s.lines and all(line.unallocated == 0 for line in s.lines)]
    uow.orders.set_statuses(dict.fromkeys(covered, OrderStatus.ALLOCATED))
    report = AllocationReport(complete=result.complete, partial=result.partial)
    report.reserved_units = sum(r.quantity for r in result.reservations)
    report.reservations = len(result.reservations)
    return report


_SELLABLE = (ZoneKind.FAST, ZoneKind.CATEGORY, ZoneKind.FRAGILE, ZoneKind.BATTERY, ZoneKind.BULKY, ZoneKind.RESERVE)


def _remaining(stored: StoredOrder) -> Order:
    """The order with only what is still to allocate on each line."""
    order = stored.order
    lines = [OrderLine(ln.line_no, ln.sku, ln.unallocated, ln.unit_price) for ln in stored.lines if ln.unallocated > 0]
    return Order(
        order.channel,
        order.external_id,
        lines,
        order.created_at,
        order.paid_at,
        order.ship_by,
        order.status,
        order.priority,
    )
