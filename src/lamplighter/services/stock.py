"""Stock use cases: receive, put away, move, adjust, count, returns, scrap, reverse; stock report.

Each function is one transaction (``run_in_transaction``) and returns the id of the move
it wrote. Locations are given as codes (``A-01-02-03``) or virtual names (``SUPPLIER``).
"""

from __future__ import annotations

from dataclasses import dataclass

from lamplighter.domain.errors import InvalidQuantity, UnknownLocation
from lamplighter.domain.layout import HOLD_ZONE_KINDS, ZoneKind
from lamplighter.domain.ledger import Move, MoveReason, VirtualLocation, apply_move, is_virtual
from lamplighter.domain.storage_rules import Purpose, check_placement
from lamplighter.services.errors import CountBelowReserved, MoveNotReversible
from lamplighter.services.ledger import location_key, record_move
from lamplighter.services.locking import lock_stock
from lamplighter.services.unit_of_work import UnitOfWork, run_in_transaction


@dataclass(frozen=True, slots=True)
class Who:
    """Who did it and why: written on every move."""

    reference: str = ""
    actor: str = "system"


SYSTEM = Who()


def check_destination(uow: UnitOfWork, sku_code: str, location: str, quantity: int) -> None:
    """Raise PlacementRefused when the zone rules or the free capacity refuse ``quantity`` here.

    Hold zones (staging, returns, QC, packing) accept any SKU as stock on hold.
    """
    if is_virtual(location):
        return
    sku = uow.skus.require(sku_code)
    target = uow.locations.require(location)
    purpose: Purpose = "hold" if target.zone.kind in HOLD_ZONE_KINDS else "pick"
    check_placement(sku, target, quantity=quantity, occupancy=uow.ledger.occupancy(location), purpose=purpose)


def first_location_of(uow: UnitOfWork, kind: ZoneKind) -> str:
    """The location of that zone kind nearest the packing station (UnknownLocation if none)."""
    found = uow.locations.in_zones_of_kind(kind)
    if not found:
        raise UnknownLocation(f"<any {kind.value} location>")
    return found[0]


def _moved(uow: UnitOfWork, move: Move, *, check: bool = True) -> int:
    if check:
        # The source first: "available 2" says more than the destination's lack of room for
        # units that are not there. A read without locks; record_move checks again under them.
        apply_move(uow.ledger.balances_of([(move.sku, move.source)]), move)
        check_destination(uow, move.sku, move.destination, move.quantity)
    return record_move(uow, move)


def receive(
    uow: UnitOfWork,
    sku: str,
    quantity: int,
    destination: str | None = None,
    *,
    source: str = VirtualLocation.SUPPLIER,
    who: Who = SYSTEM,
) -> int:
    """Receive goods from SUPPLIER or IN_TRANSIT into ``destination`` (default: inbound staging)."""
    origin = location_key(source)
    if origin not in (VirtualLocation.SUPPLIER, VirtualLocation.IN_TRANSIT):
        raise InvalidQuantity(f"receipts come from SUPPLIER or IN_TRANSIT, not {origin}")

    def work(u: UnitOfWork) -> int:
        target = location_key(destination) if destination else first_location_of(u, ZoneKind.STAGING)
        return _moved(u, Move(sku, origin, target, quantity, MoveReason.RECEIPT, who.reference, who.actor))

    return run_in_transaction(uow, work)


def move_stock(
    uow: UnitOfWork,
    sku: str,
    quantity: int,
    source: str,
    destination: str,
    *,
    reason: MoveReason = MoveReason.TRANSFER,
    who: Who = SYSTEM,
) -> int:
    """Move unreserved stock between two physical locations (putaway, transfer, restock).

    The destination is checked against the storage rules and its free capacity.
    """
    origin, target = location_key(source), location_key(destination)
    if is_virtual(origin) or is_virtual(target):
        raise InvalidQuantity("moves between locations need two physical locations; use receive/adjust/scrap")
    move = Move(sku, origin, target, quantity, reason, who.reference, who.actor)
    return run_in_transaction(uow, lambda u: _moved(u, move))


def putaway(uow: UnitOfWork, sku: str, quantity: int, source: str, destination: str, *, who: Who = SYSTEM) -> int:
    """Move received stock from staging (or any hold zone) to its storage location."""
    return move_stock(uow, sku, quantity, source, destination, reason=MoveReason.PUTAWAY, who=who)


def adjust(uow: UnitOfWork, sku: str, location: str, delta: int, *, who: Who = SYSTEM) -> int:
    """Add (delta > 0) or remove (delta < 0) stock through ADJUSTMENT; ``who.reference`` says why."""
    if delta == 0:
        raise InvalidQuantity(f"adjustment of {sku} at {location}: delta must not be zero")
    place = location_key(location)
    adjustment = VirtualLocation.ADJUSTMENT.value
    source, target = (adjustment, place) if delta > 0 else (place, adjustment)
    move = Move(sku, source, target, abs(delta), MoveReason.ADJUSTMENT, who.reference, who.actor)
    return run_in_transaction(uow, lambda u: _moved(u, move, check=False))


def count(uow: UnitOfWork, sku: str, location: str, counted: int, *, who: Who = SYSTEM) -> int | None:
    """Cycle count: make on-hand equal ``counted`` by an adjustment move; None when it already is.

    A count below the reserved quantity is refused (CountBelowReserved): release first.
    """
    if counted < 0:
        raise InvalidQuantity(f"count of {sku} at {location}: {counted} is negative")
    place = location_key(location)

    def work(u: UnitOfWork) -> int | None:
        u.skus.require(sku)
        u.locations.require(place)
        balance = lock_stock(u, [(sku, place)], create_missing=True)[(sku, place)]
        if counted < balance.reserved:
            raise CountBelowReserved(sku, place, counted, balance.reserved)
        on_hand = balance.on_hand
        delta = counted - on_hand
        if delta == 0:
            return None
        adjustment = VirtualLocation.ADJUSTMENT.value
        source, target = (adjustment, place) if delta > 0 else (place, adjustment)
        reference = who.reference or f"count {on_hand} -> {counted}"
        return record_move(u, Move(sku, source, target, abs(delta), MoveReason.CYCLE_COUNT, reference, who.actor))

    return run_in_transaction(uow, work)


def receive_return(
    uow: UnitOfWork, sku: str, quantity: int, destination: str | None = None, *, who: Who = SYSTEM
) -> int:
    """Take a customer return into the returns zone (default: nearest returns location) for QC."""

    def work(u: UnitOfWork) -> int:
        target = location_key(destination) if destination else first_location_of(u, ZoneKind.RETURNS)
        move = Move(sku, VirtualLocation.CUSTOMER.value, target, quantity, MoveReason.RETURN, who.reference, who.actor)
        return _moved(u, move)

    return run_in_transaction(uow, work)


def restock(uow: UnitOfWork, sku: str, quantity: int, source: str, destination: str, *, who: Who = SYSTEM) -> int:
    """Put returned stock that passed QC back into a storage location."""
    return move_stock(uow, sku, quantity, source, destination, reason=MoveReason.RESTOCK, who=who)


def scrap(uow: UnitOfWork, sku: str, quantity: int, source: str, *, who: Who = SYSTEM) -> int:
    """Write off damaged stock: a move to SCRAP."""
    move = Move(
        sku, location_key(source), VirtualLocation.SCRAP.value, quantity, MoveReason.SCRAP, who.reference, who.actor
    )
    return run_in_transaction(uow, lambda u: record_move(u, move))


def reverse_move(uow: UnitOfWork, move_id: int, *, who: Who = SYSTEM) -> int:
    """Undo a move with a new, opposite move (never an edit); each move can be reversed once."""

    def work(u: UnitOfWork) -> int:
        stored = u.ledger.get_move(move_id)
        if stored is None:
            raise MoveNotReversible(f"move {move_id} does not exist")
        if u.ledger.reversal_of(move_id) is not None:
            raise MoveNotReversible(f"move {move_id} is already reversed")
        return record_move(u, stored.move.reversed(actor=who.actor), reverses=move_id)

    return run_in_transaction(uow, work)


def stock_report(
    uow: UnitOfWork, *, sku: str | None = None, location: str | None = None, zone: str | None = None
) -> list[dict[str, object]]:
    """Stock on hand, reserved and available per (SKU, location), nearest the packing station first."""
    place = location_key(location) if location else None
    reader = uow.reader()
    return run_in_transaction(reader, lambda u: u.ledger.stock_rows(sku=sku, location=place, zone=zone))
