"""Errors the services raise beyond the domain's own (each with the facts)."""

from __future__ import annotations

from lamplighter.domain.errors import DomainError, InsufficientStock


class UnknownOrder(DomainError, KeyError):
    code = "unknown-order"

    def __init__(self, ref: str) -> None:
        super().__init__(f"unknown order {ref!r}")
        self.ref = ref

    def __str__(self) -> str:
        return str(self.args[0])


class DuplicateOrder(DomainError):
    """An order with this channel and external id exists with different lines."""

    code = "duplicate-order"

    def __init__(self, ref: str, detail: str) -> None:
        super().__init__(f"order {ref} already exists with different content: {detail}")
        self.ref = ref
        self.detail = detail


class StockNotSellable(DomainError):
    """Stock in a hold zone (staging, returns, QC, packing) cannot be reserved for orders."""

    code = "stock-not-sellable"

    def __init__(self, sku: str, location: str, zone_kind: str) -> None:
        super().__init__(f"{sku} at {location} is in a {zone_kind} zone and cannot be reserved for orders")
        self.sku = sku
        self.location = location
        self.zone_kind = zone_kind


class MoveNotReversible(DomainError):
    code = "move-not-reversible"


class DatabaseNotInitialised(DomainError):
    code = "database-not-initialised"

    def __init__(self, url: str) -> None:
        super().__init__(f"database {url} has no Lamplighter tables; run `lamplighter init` first")
        self.url = url


class NoLayoutLoaded(DomainError):
    """A use case that needs the warehouse layout (slotting, putaway, waves) before one is loaded."""

    code = "no-layout-loaded"

    def __init__(self) -> None:
        super().__init__("the store has no warehouse layout yet: load one with `lamplighter init --layout FILE`")


class CountBelowReserved(InsufficientStock):
    """A cycle count found fewer units than orders hold reserved there: the reservations must go first."""

    code = "count-below-reserved"

    def __init__(self, sku: str, location: str, counted: int, reserved: int) -> None:
        super().__init__(sku, location, reserved, counted)
        self.args = (
            f"cycle count of {sku} at {location}: {counted} found, but orders hold {reserved} reserved there; "
            "release those reservations (or re-allocate the orders) before recording the count",
        )
        self.counted = counted
        self.reserved = reserved
