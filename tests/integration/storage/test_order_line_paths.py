"""Reserve, release and pick read one order line, not the whole order: the outcome is the same as the whole order says."""

from __future__ import annotations

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from lamplighter.adapters.db.tables import reservations
from lamplighter.domain.errors import DomainError, InsufficientStock
from lamplighter.domain.layout import ZoneKind
from lamplighter.domain.ledger import Balance
from lamplighter.domain.orders import OrderStatus
from lamplighter.services import orders, stock
from lamplighter.services.unit_of_work import UnitOfWork, run_in_transaction
from tests.factories import make_order, make_sku, stock_a_warehouse
from tests.integration.conftest import empty_tables

SHELF, OTHER_SHELF = "A-01-01-01", "A-01-01-02"


def status_from_whole_order(uow: UnitOfWork, ref: str) -> tuple[OrderStatus, OrderStatus]:
    """(stored status, the status the whole order's lines call for) of an open or allocated order."""
    stored = run_in_transaction(uow.reader(), lambda u: orders.load_order(u, ref))
    covered = all(line.unallocated == 0 for line in stored.lines) and bool(stored.lines)
    return stored.order.status, OrderStatus.ALLOCATED if covered else OrderStatus.OPEN


def stocked(engine: Engine) -> UnitOfWork:
    uow = UnitOfWork(engine)
    stock_a_warehouse(
        uow,
        {("SKU-1", SHELF): 20, ("SKU-2", SHELF): 20, ("SKU-1", OTHER_SHELF): 20},
        make_sku("SKU-1"),
        make_sku("SKU-2"),
    )
    orders.create_order(uow, make_order("O-1", [("SKU-1", 3), ("SKU-2", 2)]))
    return uow


def test_reserving_every_line_allocates_and_releasing_one_unit_reopens(engine: Engine) -> None:
    uow = stocked(engine)
    orders.reserve(uow, "tiktok:O-1", 1, SHELF, 2)
    orders.reserve(uow, "tiktok:O-1", 1, OTHER_SHELF, 1)
    assert status_from_whole_order(uow, "tiktok:O-1") == (OrderStatus.OPEN, OrderStatus.OPEN)
    orders.reserve(uow, "tiktok:O-1", 2, SHELF, 2)
    assert status_from_whole_order(uow, "tiktok:O-1") == (OrderStatus.ALLOCATED, OrderStatus.ALLOCATED)
    orders.release(uow, "tiktok:O-1", 1, OTHER_SHELF, 1)
    assert status_from_whole_order(uow, "tiktok:O-1") == (OrderStatus.OPEN, OrderStatus.OPEN)


def test_line_at_reads_the_line_its_reservation_there_the_other_open_lines_and_the_zone(engine: Engine) -> None:
    uow = stocked(engine)
    orders.reserve(uow, "tiktok:O-1", 1, SHELF, 2)
    orders.reserve(uow, "tiktok:O-1", 1, OTHER_SHELF, 1)
    with uow as u:
        order_id, status = u.orders.lock_ref("tiktok", "O-1") or (0, None)
        at = u.orders.line_at(order_id, 1, OTHER_SHELF)
        assert status is OrderStatus.OPEN
        assert at is not None
        assert (at.line.sku, at.line.reserved, at.line.unallocated, at.held, at.others_open) == ("SKU-1", 3, 0, 1, 1)
        assert at.zone_kind is not None and at.zone_kind is not ZoneKind.STAGING
        assert u.orders.line_at(order_id, 3, SHELF) is None
        assert u.orders.lock_ref("tiktok", "nope") is None
        assert u.orders.coverage(order_id) == (OrderStatus.OPEN, 2, 1)


def test_picking_part_of_a_reservation_keeps_the_rest_reserved(engine: Engine) -> None:
    uow = stocked(engine)
    orders.reserve(uow, "tiktok:O-1", 1, SHELF, 3)
    orders.pick(uow, "tiktok:O-1", 1, SHELF, 2)
    with uow as u:
        assert u.ledger.reserved_for_line(orders.load_order(u, "tiktok:O-1").lines[0].id, SHELF) == 1
    orders.pick(uow, "tiktok:O-1", 1, SHELF, 1)
    (line, _) = run_in_transaction(uow.reader(), lambda u: orders.load_order(u, "tiktok:O-1")).lines
    assert (line.picked, line.reserved, line.unallocated) == (3, 0, 0)
    assert {(r["location"], r["reserved"]) for r in stock.stock_report(uow, sku="SKU-1")} >= {(SHELF, 0)}


def test_reduce_reservation_without_what_is_held_deletes_or_reduces_the_row(engine: Engine) -> None:
    uow = stocked(engine)
    orders.reserve(uow, "tiktok:O-1", 1, SHELF, 3)
    with uow as u:
        line_id = orders.load_order(u, "tiktok:O-1").lines[0].id
        u.ledger.reduce_reservation(line_id, SHELF, 1)
        assert u.ledger.reserved_for_line(line_id, SHELF) == 2
        u.ledger.reduce_reservation(line_id, SHELF, 2)
        assert u.ledger.reserved_for_line(line_id, SHELF) == 0
        assert u.ledger.reservations_of_lines([line_id]) == []


def test_the_stored_layout_is_built_once_per_load(engine: Engine) -> None:
    uow = stocked(engine)
    with uow as u:
        first = u.locations.layout()
    with uow as u:
        assert u.locations.layout() is first
    stock_a_warehouse(UnitOfWork(engine))  # loads the layout again
    with uow as u:
        again = u.locations.layout()
    assert again is not first and again is not None and first is not None
    assert again.locations.keys() == first.locations.keys()


steps = st.lists(
    st.tuples(
        st.sampled_from(["reserve", "release", "pick"]),
        st.sampled_from([1, 2]),
        st.sampled_from([SHELF, OTHER_SHELF]),
        st.integers(min_value=1, max_value=3),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_any_sequence_leaves_the_status_the_whole_order_calls_for(
    sqlite_engine: Engine, steps: list[tuple[str, int, str, int]]
) -> None:
    empty_tables(sqlite_engine)
    uow = stocked(sqlite_engine)
    for action, line_no, place, quantity in steps:
        with contextlib.suppress(DomainError):
            getattr(orders, action)(uow, "tiktok:O-1", line_no, place, quantity)
        stored, wanted = status_from_whole_order(uow, "tiktok:O-1")
        assert stored == wanted, (action, line_no, place, quantity)


def test_a_refused_reservation_writes_nothing_and_a_release_gives_back_exactly(engine: Engine) -> None:
    # PostgreSQL writes the reservation row and shifts the balance in one statement; a refused
    # shift must leave neither (the row written with it goes with the rollback).
    uow = stocked(engine)
    orders.reserve(uow, "tiktok:O-1", 1, SHELF, 2)
    orders.create_order(uow, make_order("O-2", [("SKU-1", 30)]))
    try:
        orders.reserve(uow, "tiktok:O-2", 1, SHELF, 19)
    except InsufficientStock as refused:
        assert (refused.wanted, refused.available) == (19, 18)
    else:
        raise AssertionError("19 of 18 available were reserved")

    def reservations_and_balance(u: UnitOfWork) -> tuple[list[int], Balance]:
        rows = u.connection.execute(select(reservations.c.quantity).where(reservations.c.sku == "SKU-1"))
        return sorted(q for (q,) in rows), u.ledger.balances_of([("SKU-1", SHELF)])[("SKU-1", SHELF)]

    held, balance = run_in_transaction(uow.reader(), reservations_and_balance)
    assert held == [2] and balance == Balance(20, 2)
    orders.reserve(uow, "tiktok:O-2", 1, SHELF, 18)
    orders.release(uow, "tiktok:O-2", 1, SHELF, 5)  # part of the row: reduced
    orders.release(uow, "tiktok:O-1", 1, SHELF, 2)  # all of it: the row goes
    held, balance = run_in_transaction(uow.reader(), reservations_and_balance)
    assert held == [13] and balance == Balance(20, 13)
