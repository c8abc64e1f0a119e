"""Allocation of open order lines against available stock at specific locations.

Orders are served first come first served (by paid time, or by ship-by deadline); each
line takes stock from the locations the caller ranks first (nearest the packing station,
say). A line that cannot be served in full takes what there is and is reported partial.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from lamplighter.domain.orders import Order


class AllocationOrder(StrEnum):
    PAID_TIME = "paid"
    SHIP_BY = "ship-by"


@dataclass(frozen=True, slots=True)
class Reservation:
    order_ref: str
    line_no: int
    sku: str
    location: str
    quantity: int


@dataclass(slots=True)
class AllocationResult:
    reservations: list[Reservation] = field(default_factory=list)
    complete: list[str] = field(default_factory=list)  # order refs fully allocated
    partial: dict[str, list[tuple[int, str, int, int]]] = field(default_factory=dict)
    """order ref -> [(line_no, sku, wanted, got)] for lines short of stock."""


_FAR_FUTURE = datetime.max


def allocation_sequence(orders: Iterable[Order], by: AllocationOrder) -> list[Order]:
    """Orders in the sequence they are served: earliest paid (or due) first, then by id."""

    def key(order: Order) -> tuple[int, datetime, datetime, str]:
        primary = order.paid_at or order.created_at
        if by is AllocationOrder.SHIP_BY:
            primary = order.ship_by or _FAR_FUTURE
        return (-order.priority, primary.replace(tzinfo=None), order.created_at.replace(tzinfo=None), order.ref)

    return sorted(orders, key=key)


def allocate(
    orders: Sequence[Order],
    available: Mapping[tuple[str, str], int],
    location_rank: Callable[[str], float],
    *,
    by: AllocationOrder = AllocationOrder.PAID_TIME,
    allow_partial: bool = True,
) -> AllocationResult:
    """Reserve stock for ``orders``; ``available`` maps (sku, location) to free units.

    With ``allow_partial`` False an order is allocated only when every line can be
    served in full (its lines then reserve nothing and the order is reported partial).
    Complexity: O(lines x locations of the line's SKU).
    """
    free = dict(available)
    by_sku: dict[str, list[str]] = {}
    for sku, location in free:
        by_sku.setdefault(sku, []).append(location)
    for locations in by_sku.values():
        locations.sort(key=lambda loc: (location_rank(loc), loc))
    result = AllocationResult()
    for order in allocation_sequence(orders, by):
        taken: list[Reservation] = []
        short: list[tuple[int, str, int, int]] = []
        for line in order.lines:
            need = line.quantity
            for location in by_sku.get(line.sku, []):
                if need == 0:
                    break
                have = free[(line.sku, location)]
                if have <= 0:
                    continue
                take = min(have, need)
                free[(line.sku, location)] = have - take
                taken.append(Reservation(order.ref, line.line_no, line.sku, location, take))
                need -= take
            if need:
                short.append((line.line_no, line.sku, line.quantity, line.quantity - need))
        if short and not allow_partial:
            for r in taken:
                free[(r.sku, r.location)] += r.quantity
            result.partial[order.ref] = [(n, s, w, 0) for n, s, w, _ in short]
            continue
        result.reservations.extend(taken)
        if short:
            result.partial[order.ref] = short
        else:
            result.complete.append(order.ref)
    return result
