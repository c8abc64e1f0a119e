"""The stock ledger's rules: double-entry moves and the balances they keep.

Every change of stock is an immutable :class:`Move` of a positive quantity of one SKU
from one location to another. Virtual locations stand for the outside world and for stock
between places (on the sea, in a tote on a picking cart), so the sum
of a SKU over every location (virtual ones included) is always zero, and physical
balances change only through moves. Physical balances obey ``0 <= reserved <= on_hand``.
Corrections are reversing moves, never edits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from lamplighter.domain.errors import InsufficientStock, InvalidQuantity


class VirtualLocation(StrEnum):
    SUPPLIER = "SUPPLIER"
    IN_TRANSIT = "IN_TRANSIT"  # bought, on its way to the warehouse
    TOTES = "TOTES"  # picked into a tote on a picking cart, on its way to packing (tote on the reference)
    CUSTOMER = "CUSTOMER"
    SCRAP = "SCRAP"
    ADJUSTMENT = "ADJUSTMENT"


VIRTUAL_LOCATIONS = frozenset(v.value for v in VirtualLocation)


def is_virtual(location: str) -> bool:
    return location in VIRTUAL_LOCATIONS


class MoveReason(StrEnum):
    RECEIPT = "receipt"
    PUTAWAY = "putaway"
    TRANSFER = "transfer"
    PICK = "pick"
    PACK = "pack"
    SHIP = "ship"
    ADJUSTMENT = "adjustment"
    CYCLE_COUNT = "cycle-count"
    RETURN = "return"
    RESTOCK = "restock"
    SCRAP = "scrap"
    REVERSAL = "reversal"


@dataclass(frozen=True, slots=True)
class Move:
    """One immutable ledger entry. ``reserved`` is how much of ``quantity`` consumes a reservation."""

    sku: str
    source: str
    destination: str
    quantity: int
    reason: MoveReason
    reference: str = ""
    actor: str = "system"
    at: datetime | None = None
    reserved: int = 0

    def __post_init__(self) -> None:
        if self.quantity <= 0:
            raise InvalidQuantity(f"move of {self.sku}: quantity must be positive, got {self.quantity}")
        if not 0 <= self.reserved <= self.quantity:
            raise InvalidQuantity(f"move of {self.sku}: reserved part must be within 0..{self.quantity}")
        if self.source == self.destination:
            raise InvalidQuantity(f"move of {self.sku}: source and destination are both {self.source}")

    def reversed(self, actor: str = "system", at: datetime | None = None) -> Move:
        """The move that undoes this one (a correction is a new entry, never an edit)."""
        return Move(
            self.sku,
            self.destination,
            self.source,
            self.quantity,
            MoveReason.REVERSAL,
            reference=f"reverses:{self.reference}",
            actor=actor,
            at=at,
        )


@dataclass(frozen=True, slots=True)
class Balance:
    on_hand: int = 0
    reserved: int = 0

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    def is_valid(self) -> bool:
        return 0 <= self.reserved <= self.on_hand


def apply_move(balances: Mapping[tuple[str, str], Balance], move: Move) -> dict[tuple[str, str], Balance]:
    """New balances of the two physical ends of ``move``; raises InsufficientStock.

    Returns only the changed entries. Moving reserved stock (``move.reserved``) consumes
    that much of the source's reservation; the rest must be available (unreserved).
    """
    changed: dict[tuple[str, str], Balance] = {}
    if not is_virtual(move.source):
        key = (move.sku, move.source)
        before = balances.get(key, Balance())
        free_needed = move.quantity - move.reserved
        if move.reserved > before.reserved or free_needed > before.available:
            raise InsufficientStock(
                move.sku, move.source, move.quantity, before.available + min(move.reserved, before.reserved)
            )
        changed[key] = Balance(before.on_hand - move.quantity, before.reserved - move.reserved)
    if not is_virtual(move.destination):
        key = (move.sku, move.destination)
        before = balances.get(key, Balance())
        changed[key] = Balance(before.on_hand + move.quantity, before.reserved)
    return changed


def check_reservation_quantity(sku: str, quantity: int) -> None:
    """A reservation is of a positive number of units (checked before any row is written)."""
    if quantity <= 0:
        raise InvalidQuantity(f"reservation of {sku}: quantity must be positive, got {quantity}")


def reserve(balance: Balance, sku: str, location: str, quantity: int) -> Balance:
    check_reservation_quantity(sku, quantity)
    if quantity > balance.available:
        raise InsufficientStock(sku, location, quantity, balance.available)
    return Balance(balance.on_hand, balance.reserved + quantity)


def release(balance: Balance, sku: str, location: str, quantity: int) -> Balance:
    if quantity <= 0 or quantity > balance.reserved:
        raise InvalidQuantity(
            f"release of {sku} at {location}: {quantity} is not within 1..{balance.reserved} reserved"
        )
    return Balance(balance.on_hand, balance.reserved - quantity)


def balances_from_moves(moves: Iterable[Move]) -> dict[tuple[str, str], int]:
    """On-hand per (SKU, location) recomputed from moves, virtual locations included."""
    totals: dict[tuple[str, str], int] = {}
    for move in moves:
        totals[(move.sku, move.source)] = totals.get((move.sku, move.source), 0) - move.quantity
        totals[(move.sku, move.destination)] = totals.get((move.sku, move.destination), 0) + move.quantity
    return totals


@dataclass(frozen=True, slots=True)
class Drift:
    """A stored balance that disagrees with the moves (or breaks ``0 <= reserved <= on_hand``)."""

    sku: str
    location: str
    stored_on_hand: int
    computed_on_hand: int
    reserved: int

    def describe(self) -> str:
        return (
            f"{self.sku} @ {self.location}: stored on_hand {self.stored_on_hand}, "
            f"moves say {self.computed_on_hand}, reserved {self.reserved}"
        )


def find_drift(stored: Mapping[tuple[str, str], Balance], computed: Mapping[tuple[str, str], int]) -> list[Drift]:
    """Compare stored physical balances with on-hand recomputed from moves."""
    drift: list[Drift] = []
    keys = set(stored) | {k for k in computed if not is_virtual(k[1])}
    for sku, location in sorted(keys):
        balance = stored.get((sku, location), Balance())
        on_hand = computed.get((sku, location), 0)
        if balance.on_hand != on_hand or not balance.is_valid() or on_hand < 0:
            drift.append(Drift(sku, location, balance.on_hand, on_hand, balance.reserved))
    return drift
