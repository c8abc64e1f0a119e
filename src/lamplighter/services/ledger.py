"""Ledger steps inside an open unit of work: record a move, reserve, release.

These are the building blocks of the use cases in ``stock`` and ``orders`` and of other
areas' services (importers, picking) that must move stock in their own transaction. Each
locks the balance rows it touches (``locking``), applies the domain rules, writes the move
row and the balances together, and raises InsufficientStock with the facts before the
database's CHECK constraint would.
"""

from __future__ import annotations

from collections.abc import Sequence

from lamplighter.domain.errors import InvalidQuantity, UnknownLocation, UnknownSku
from lamplighter.domain.layout import HOLD_ZONE_KINDS, ZoneKind
from lamplighter.domain.ledger import Balance, Move, VirtualLocation, apply_move, check_reservation_quantity, is_virtual
from lamplighter.domain.ledger import release as release_balance
from lamplighter.domain.ledger import reserve as reserve_balance
from lamplighter.domain.location_code import LocationCode
from lamplighter.services.errors import StockNotSellable
from lamplighter.services.locking import lock_order, lock_stock
from lamplighter.services.unit_of_work import UnitOfWork


def location_key(text: str) -> str:
    """Canonical form of a location given by a person: a virtual name or ``A-01-02-03``."""
    upper = text.strip().upper()
    if upper in VirtualLocation.__members__:
        return upper
    return str(LocationCode.parse(upper))


def record_move(uow: UnitOfWork, move: Move, *, reverses: int | None = None) -> int:
    """Write ``move`` and update both physical balances; returns the move id.

    The SKU and physical locations must exist. ``move.reserved`` units consume the
    source's reservation (the caller reduces the matching reservation rows).
    """
    sku_known, *ends_known = uow.ledger.move_ends_known(move.sku, move.source, move.destination)
    if not sku_known:
        raise UnknownSku(move.sku)
    for end, known in zip((move.source, move.destination), ends_known, strict=True):
        if not is_virtual(end) and not known:
            raise UnknownLocation(end)
    keys = [(move.sku, move.source), (move.sku, move.destination)]
    balances = lock_stock(uow, keys, create_missing=True)
    changed = apply_move(balances, move)
    move_id = uow.ledger.add_move(move, reverses=reverses)
    uow.ledger.set_balances(changed)
    return move_id


def record_moves(uow: UnitOfWork, moves: Sequence[Move]) -> list[int]:
    """Write many moves in order with a few bulk statements; returns their ids.

    Same rules as :func:`record_move` (a move that would overdraw raises InsufficientStock
    and, since nothing is committed, the caller's transaction writes none of them). All
    balance rows are locked up front in the one lock order. For imports and demo set-up.
    """
    if not moves:
        return []
    unknown_skus = sorted({m.sku for m in moves} - uow.skus.existing(m.sku for m in moves))
    if unknown_skus:
        raise UnknownSku(unknown_skus[0])
    places = {end for m in moves for end in (m.source, m.destination) if not is_virtual(end)}
    unknown_places = sorted(places - uow.locations.existing(places))
    if unknown_places:
        raise UnknownLocation(unknown_places[0])
    keys = lock_order((m.sku, end) for m in moves for end in (m.source, m.destination))
    balances = uow.ledger.lock_many(keys, create_missing=True)
    current = dict(balances)
    changed: dict[tuple[str, str], Balance] = {}
    for move in moves:
        step = apply_move(current, move)
        current.update(step)
        changed.update(step)
    ids = uow.ledger.add_moves(moves)
    uow.ledger.set_balances(changed)
    return ids


def reserve_at(uow: UnitOfWork, line_id: int, sku: str, location: str, quantity: int) -> Balance:
    """Reserve ``quantity`` of ``sku`` at a sellable ``location`` for an order line."""
    return reserve_in_zone(uow, line_id, sku, location, quantity, uow.locations.zone_kind(location))


def reserve_in_zone(
    uow: UnitOfWork, line_id: int, sku: str, location: str, quantity: int, kind: ZoneKind | None
) -> Balance:
    """:func:`reserve_at` when the caller has read the location's zone kind (None: no such location)."""
    if kind is None:
        raise UnknownLocation(location)
    if kind in HOLD_ZONE_KINDS:
        raise StockNotSellable(sku, location, kind.value)
    check_reservation_quantity(sku, quantity)
    # The line's reservation row first (the order's lock guards it), the shared balance row
    # last: a hot SKU's row stays locked for one statement and the commit, nothing more.
    after = uow.ledger.reserve_for_line(line_id, sku, location, quantity)
    return _checked_shift(uow, sku, location, quantity, after, release=False)


def release_at(uow: UnitOfWork, line_id: int, sku: str, location: str, quantity: int) -> Balance:
    """Give back ``quantity`` of a line's reservation at ``location``."""
    return release_held(uow, line_id, sku, location, quantity, uow.ledger.reserved_for_line(line_id, location))


def release_held(uow: UnitOfWork, line_id: int, sku: str, location: str, quantity: int, held: int) -> Balance:
    """:func:`release_at` when the caller has read the line's reservation there (``held``) under the order's lock."""
    if quantity > held:
        raise InvalidQuantity(f"release of {sku} at {location}: the line holds {held}, not {quantity}")
    # Nothing to write for a quantity that is not positive: the rule below raises with the facts.
    after = uow.ledger.release_for_line(line_id, sku, location, quantity, held=held) if quantity > 0 else None
    return _checked_shift(uow, sku, location, quantity, after, release=True)


def _checked_shift(
    uow: UnitOfWork, sku: str, location: str, quantity: int, after: Balance | None, *, release: bool
) -> Balance:
    """Check a reservation (or ``release``) of ``quantity`` that the database did (``after``) or refused (None).

    The common case is one statement that locks the balance row and changes it only within
    ``0 <= reserved <= on_hand`` (a hot SKU's row then stays locked for that statement and
    the commit); the domain's reserve (or release) rule is checked against the row it
    returns. When the database refused, the row is locked and read and the rule raises with
    the facts (InsufficientStock...), unless a concurrent change made room meanwhile.
    """
    rule = release_balance if release else reserve_balance
    units = -quantity if release else quantity
    if after is not None:
        before = Balance(after.on_hand, after.reserved - units)
        if rule(before, sku, location, quantity) != after:
            raise AssertionError(f"balance of {sku} at {location}: the database and the ledger rule disagree")
        return after
    key = (sku, location)
    balance = lock_stock(uow, [key]).get(key, Balance())
    changed = rule(balance, sku, location, quantity)  # raises unless a concurrent change made room
    uow.ledger.set_balances({key: changed})
    return changed
