"""Customer orders and their status machine."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from lamplighter.domain.errors import InvalidQuantity, InvalidTransition


class OrderStatus(StrEnum):
    OPEN = "open"
    ALLOCATED = "allocated"
    PICKING = "picking"
    PACKED = "packed"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"


_NEXT: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.OPEN: frozenset({OrderStatus.ALLOCATED, OrderStatus.CANCELLED}),
    OrderStatus.ALLOCATED: frozenset({OrderStatus.PICKING, OrderStatus.OPEN, OrderStatus.CANCELLED}),
    OrderStatus.PICKING: frozenset({OrderStatus.PACKED, OrderStatus.ALLOCATED, OrderStatus.CANCELLED}),
    OrderStatus.PACKED: frozenset({OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
    OrderStatus.SHIPPED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}


def check_transition(order_ref: str, current: OrderStatus, wanted: OrderStatus) -> None:
    """Raise InvalidTransition unless ``current -> wanted`` is allowed (or a no-op)."""
    if wanted != current and wanted not in _NEXT[current]:
        raise InvalidTransition(f"order {order_ref}", current.value, wanted.value)


@dataclass(frozen=True, slots=True)
class OrderLine:
    line_no: int
    sku: str
    quantity: int
    unit_price: float = 0.0

    def __post_init__(self) -> None:
        if self.quantity <= 0:
            raise InvalidQuantity(f"order line {self.line_no} ({self.sku}): quantity must be positive")


@dataclass(slots=True)
class Order:
    channel: str
    external_id: str
    lines: list[OrderLine]
    created_at: datetime
    paid_at: datetime | None = None
    ship_by: datetime | None = None
    status: OrderStatus = OrderStatus.OPEN
    priority: int = 0
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        return f"{self.channel}:{self.external_id}"

    def move_to(self, wanted: OrderStatus) -> None:
        check_transition(self.ref, self.status, wanted)
        self.status = wanted
