"""Order use cases: create, reserve and release stock for a line, pick, return, cancel (allocation: ``allocation``).

Orders are named by their ref ``channel:external_id`` (``tiktok:5770...``). Order rows are
locked before stock rows (``locking``), so these use cases can run side by side.
"""

from __future__ import annotations

from lamplighter.adapters.db.order_repository import LineAt, StoredLine, StoredOrder
from lamplighter.domain.errors import InvalidQuantity, ReservationNotFound, UnknownSku
from lamplighter.domain.layout import ZoneKind
from lamplighter.domain.ledger import Move, MoveReason
from lamplighter.domain.orders import Order, OrderLine, OrderStatus, check_transition

# Allocation lives in its own module; these names stay importable from here (explicit re-exports).
from lamplighter.services.allocation import AllocationReport as AllocationReport
from lamplighter.services.allocation import allocate_open_orders as allocate_open_orders
from lamplighter.services.allocation import allocate_within as allocate_within
from lamplighter.services.errors import DuplicateOrder, UnknownOrder
from lamplighter.services.ledger import location_key, record_move, release_at, release_held, reserve_in_zone
from lamplighter.services.locking import lock_order_by_ref
from lamplighter.services.stock import SYSTEM, Who, check_destination, first_location_of
from lamplighter.services.unit_of_work import UnitOfWork, run_in_transaction


def split_ref(ref: str) -> tuple[str, str]:
    """``"tiktok:123"`` -> ``("tiktok", "123")``; the channel is everything before the first colon."""
    channel, sep, external_id = ref.partition(":")
    if not sep or not channel or not external_id:
        raise UnknownOrder(ref)
    return channel, external_id


def load_order(uow: UnitOfWork, ref: str, *, lock: bool = False) -> StoredOrder:
    """The stored order named by ``ref`` (UnknownOrder if absent); ``lock`` takes its row lock."""
    order_id = _lock_order(uow, ref)[0] if lock else uow.orders.id_of(*split_ref(ref))
    if order_id is None:
        raise UnknownOrder(ref)
    stored = uow.orders.get(order_id)
    assert stored is not None
    return stored


def _lock_order(uow: UnitOfWork, ref: str) -> tuple[int, OrderStatus]:
    """Lock the order row (before any stock row, as ``locking`` orders them); its id and status."""
    found = lock_order_by_ref(uow, *split_ref(ref))
    if found is None:
        raise UnknownOrder(ref)
    return found


def _line_at(uow: UnitOfWork, ref: str, order_id: int, line_no: int, place: str) -> LineAt:
    """One line of a locked order with its reservation at ``place``, without loading the whole order."""
    found = uow.orders.line_at(order_id, line_no, place)
    if found is None:
        raise ReservationNotFound(f"order {ref} has no line {line_no}")
    return found


def _line(stored: StoredOrder, line_no: int) -> StoredLine:
    line = stored.line(line_no)
    if line is None:
        raise ReservationNotFound(f"order {stored.ref} has no line {line_no}")
    return line


def refresh_status(uow: UnitOfWork, order_id: int) -> OrderStatus:
    """Open <-> allocated as the order's reservations cover it or not; later states stay."""
    found = uow.orders.coverage(order_id)
    assert found is not None
    status, lines, open_lines = found
    return _settle_status(uow, order_id, status, lines > 0 and open_lines == 0)


def _settle_status(uow: UnitOfWork, order_id: int, status: OrderStatus, covered: bool) -> OrderStatus:
    if status in (OrderStatus.OPEN, OrderStatus.ALLOCATED):
        wanted = OrderStatus.ALLOCATED if covered else OrderStatus.OPEN
        if wanted != status:
            uow.orders.set_status(order_id, wanted)
            status = wanted
    return status


def _settle_after(uow: UnitOfWork, order_id: int, status: OrderStatus, at: LineAt, line_open: int) -> None:
    """:func:`refresh_status` after a change to one line, from facts read under the order's lock.

    Every writer of an order's lines and reservations holds the order's row lock, so the
    other lines are as read; ``line_open`` is the changed line's units still to reserve.
    """
    _settle_status(uow, order_id, status, at.others_open == 0 and line_open == 0)


def _same_lines(a: list[OrderLine], b: list[OrderLine]) -> bool:
    return sorted((ln.line_no, ln.sku, ln.quantity) for ln in a) == sorted(
        (ln.line_no, ln.sku, ln.quantity) for ln in b
    )


def add_order(uow: UnitOfWork, order: Order) -> int:
    """Store a new order inside an open unit of work; idempotent for an identical order.

    Returns the order id. The same ref with different lines raises DuplicateOrder.
    """
    existing = uow.orders.id_of(order.channel, order.external_id)
    if existing is not None:
        stored = uow.orders.get(existing)
        assert stored is not None
        if not _same_lines(stored.order.lines, order.lines):
            raise DuplicateOrder(order.ref, "lines differ")
        return existing
    missing = sorted({ln.sku for ln in order.lines} - uow.skus.existing(ln.sku for ln in order.lines))
    if missing:
        raise UnknownSku(missing[0])
    return uow.orders.add(order)


def create_order(uow: UnitOfWork, order: Order) -> int:
    """Create an order (one transaction); see :func:`add_order`."""
    return run_in_transaction(uow, lambda u: add_order(u, order))


def reserve(uow: UnitOfWork, ref: str, line_no: int, location: str, quantity: int) -> None:
    """Reserve ``quantity`` at ``location`` for one order line; InsufficientStock if not available."""
    place = location_key(location)

    def work(u: UnitOfWork) -> None:
        order_id, status = _lock_order(u, ref)
        check_transition(ref, status, OrderStatus.ALLOCATED)
        at = _line_at(u, ref, order_id, line_no, place)
        line = at.line
        if quantity > line.unallocated:
            raise InvalidQuantity(
                f"order {ref} line {line_no}: {quantity} is more than the {line.unallocated} still open"
            )
        # The order's own rows first; the shared stock row is locked last (see reserve_in_zone).
        _settle_after(u, order_id, status, at, line.unallocated - quantity)
        reserve_in_zone(u, line.id, line.sku, place, quantity, at.zone_kind)

    run_in_transaction(uow, work)


def release(uow: UnitOfWork, ref: str, line_no: int, location: str, quantity: int) -> None:
    """Give back part of a line's reservation at ``location``."""
    place = location_key(location)

    def work(u: UnitOfWork) -> None:
        order_id, status = _lock_order(u, ref)
        at = _line_at(u, ref, order_id, line_no, place)
        line = at.line
        _settle_after(u, order_id, status, at, line.unallocated + quantity)
        release_held(u, line.id, line.sku, place, quantity, at.held)

    run_in_transaction(uow, work)


def pick(
    uow: UnitOfWork,
    ref: str,
    line_no: int,
    location: str,
    quantity: int,
    destination: str | None = None,
    *,
    who: Who = SYSTEM,
) -> int:
    """Pick reserved stock of a line from ``location`` to ``destination`` (default: the packing station).

    Consumes that much of the line's reservation there; returns the move id.
    """
    place = location_key(location)

    def work(u: UnitOfWork) -> int:
        order_id, _status = _lock_order(u, ref)
        at = _line_at(u, ref, order_id, line_no, place)
        line, held = at.line, at.held
        if quantity > held:
            raise ReservationNotFound(f"order {ref} line {line_no} holds {held} at {place}, cannot pick {quantity}")
        target = location_key(destination) if destination else first_location_of(u, ZoneKind.PACKING)
        move = Move(
            line.sku, place, target, quantity, MoveReason.PICK, who.reference or ref, who.actor, reserved=quantity
        )
        move_id = record_move(u, move)
        u.ledger.reduce_reservation(line.id, place, quantity, held=held)
        u.orders.add_picked(line.id, quantity)
        return move_id

    return run_in_transaction(uow, work)


def return_line(
    uow: UnitOfWork,
    ref: str,
    line_no: int,
    quantity: int,
    destination: str | None = None,
    *,
    who: Who = SYSTEM,
) -> int:
    """A customer sends back units of an order line: CUSTOMER -> returns zone, counted on the line.

    Returns the move id; QC then restocks (``stock.restock``) or scraps (``stock.scrap``).
    """

    def work(u: UnitOfWork) -> int:
        stored = load_order(u, ref, lock=True)
        line = _line(stored, line_no)
        if line.returned + quantity > line.picked:
            raise InvalidQuantity(f"order {ref} line {line_no}: {line.picked} picked, {line.returned} already returned")
        target = location_key(destination) if destination else first_location_of(u, ZoneKind.RETURNS)
        check_destination(u, line.sku, target, quantity)
        move = Move(line.sku, "CUSTOMER", target, quantity, MoveReason.RETURN, who.reference or ref, who.actor)
        move_id = record_move(u, move)
        u.orders.add_returned(line.id, quantity)
        return move_id

    return run_in_transaction(uow, work)


def release_order(uow: UnitOfWork, stored: StoredOrder) -> int:
    """Release every reservation of an order inside an open unit of work; returns units released."""
    released = 0
    by_id = {line.id: line for line in stored.lines}
    for _res_id, line_id, sku, location, quantity in uow.ledger.reservations_of_lines(by_id):
        release_at(uow, line_id, sku, location, quantity)
        released += quantity
    return released


def cancel_order(uow: UnitOfWork, ref: str) -> int:
    """Cancel an order: release its reservations, mark unpicked units cancelled; returns units released.

    Units already picked stay where they are (at packing) for a person to restock.
    """

    return run_in_transaction(uow, lambda u: cancel_within(u, load_order(u, ref, lock=True)))


def cancel_within(uow: UnitOfWork, stored: StoredOrder) -> int:
    """:func:`cancel_order` inside an open unit of work, on an order whose row lock is held."""
    check_transition(stored.ref, stored.order.status, OrderStatus.CANCELLED)
    released = release_order(uow, stored)
    for line in stored.lines:
        rest = line.quantity - line.picked - line.cancelled
        if rest > 0:
            uow.orders.add_cancelled(line.id, rest)
    uow.orders.set_status(stored.id, OrderStatus.CANCELLED)
    return released


def order_summaries(uow: UnitOfWork, status: OrderStatus | None = None, limit: int = 200) -> list[dict[str, object]]:
    """Orders newest first with line and unit counts (read only)."""
    return run_in_transaction(uow.reader(), lambda u: u.orders.summaries(status=status, limit=limit))
