"""Stock and order use cases against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from lamplighter.domain.allocation import AllocationOrder
from lamplighter.domain.errors import InsufficientStock, InvalidQuantity, PlacementRefused, UnknownLocation
from lamplighter.domain.ledger import Move, MoveReason
from lamplighter.domain.orders import OrderStatus
from lamplighter.services import orders, stock
from lamplighter.services.check import check_ledger
from lamplighter.services.errors import CountBelowReserved, DuplicateOrder, MoveNotReversible, StockNotSellable
from lamplighter.services.ledger import record_moves
from lamplighter.services.unit_of_work import UnitOfWork, run_in_transaction
from tests.factories import make_battery_sku, make_order, make_sku, stock_a_warehouse


def on_hand(uow: UnitOfWork, sku: str = "SKU-1") -> dict[str, tuple[int, int]]:
    return {str(r["location"]): (int(r["on_hand"]), int(r["reserved"])) for r in stock.stock_report(uow, sku=sku)}  # type: ignore[call-overload]


def test_receives_into_staging_and_puts_away(uow: UnitOfWork) -> None:
    stock_a_warehouse(uow)
    stock.receive(uow, "SKU-1", 10)
    stock.putaway(uow, "SKU-1", 6, "S-01-01-01", "A-01-02-01")
    assert on_hand(uow) == {"S-01-01-01": (4, 0), "A-01-02-01": (6, 0)}
    assert check_ledger(uow).clean


def test_refuses_to_move_more_than_is_there_with_the_facts(uow: UnitOfWork) -> None:
    stock_a_warehouse(uow, {("SKU-1", "A-01-01-01"): 3})
    with pytest.raises(InsufficientStock) as raised:
        stock.move_stock(uow, "SKU-1", 4, "A-01-01-01", "A-01-01-02")
    assert (raised.value.wanted, raised.value.available) == (4, 3)
    assert on_hand(uow) == {"A-01-01-01": (3, 0)}


def test_a_move_of_stock_that_is_not_there_names_the_source_before_the_destination_s_room(uow: UnitOfWork) -> None:
    stock_a_warehouse(uow, {("SKU-1", "A-01-01-01"): 3}, make_sku(weight_kg=10.0))
    stock.receive(uow, "SKU-1", 5, "A-01-01-02")  # the destination is full (50 kg) as well
    with pytest.raises(InsufficientStock) as raised:
        stock.move_stock(uow, "SKU-1", 4, "A-01-01-01", "A-01-01-02")
    assert (raised.value.location, raised.value.available) == ("A-01-01-01", 3)


def test_refuses_a_battery_sku_outside_the_battery_zone(uow: UnitOfWork) -> None:
    stock_a_warehouse(uow, {}, make_sku(), make_battery_sku())
    with pytest.raises(PlacementRefused, match="battery-segregated"):
        stock.receive(uow, "BAT-1", 1, "A-01-01-01")
    stock.receive(uow, "BAT-1", 1, "L-01-01-01")


def test_refuses_stock_beyond_the_location_capacity(uow: UnitOfWork) -> None:
    stock_a_warehouse(uow, {}, make_sku(weight_kg=10.0))
    stock.receive(uow, "SKU-1", 5, "A-01-01-01")  # 50 kg: the location's limit
    with pytest.raises(PlacementRefused, match="capacity-weight"):
        stock.receive(uow, "SKU-1", 1, "A-01-01-01")


def test_refuses_unknown_locations(uow: UnitOfWork) -> None:
    stock_a_warehouse(uow)
    with pytest.raises(UnknownLocation):
        stock.receive(uow, "SKU-1", 1, "Z-09-09-09")


def test_adjusts_counts_and_reverses(uow: UnitOfWork) -> None:
    stock_a_warehouse(uow, {("SKU-1", "A-01-01-01"): 10})
    stock.adjust(uow, "SKU-1", "A-01-01-01", -2)
    assert stock.count(uow, "SKU-1", "A-01-01-01", 7) is not None
    assert stock.count(uow, "SKU-1", "A-01-01-01", 7) is None
    move_id = stock.adjust(uow, "SKU-1", "A-01-01-01", 5)
    stock.reverse_move(uow, move_id)
    assert on_hand(uow) == {"A-01-01-01": (7, 0)}
    with pytest.raises(MoveNotReversible):
        stock.reverse_move(uow, move_id)
    assert check_ledger(uow).clean


def test_a_count_below_what_orders_hold_reserved_is_refused_and_says_why(uow: UnitOfWork) -> None:
    stock_a_warehouse(uow, {("SKU-1", "A-01-01-01"): 5})
    orders.create_order(uow, make_order("O-1", [("SKU-1", 4)]))
    orders.reserve(uow, "tiktok:O-1", 1, "A-01-01-01", 4)
    with pytest.raises(CountBelowReserved, match="2 found, but orders hold 4 reserved there") as raised:
        stock.count(uow, "SKU-1", "A-01-01-01", 2)
    assert isinstance(raised.value, InsufficientStock)  # the same status and exit code as any shortfall
    assert on_hand(uow) == {"A-01-01-01": (5, 4)}
    assert stock.count(uow, "SKU-1", "A-01-01-01", 4) is not None  # down to what is reserved is fine


def test_returns_go_to_returns_then_restock_or_scrap(uow: UnitOfWork) -> None:
    stock_a_warehouse(uow)
    stock.receive_return(uow, "SKU-1", 3)
    stock.restock(uow, "SKU-1", 2, "R-01-01-01", "A-01-01-01")
    stock.scrap(uow, "SKU-1", 1, "R-01-01-01")
    assert on_hand(uow) == {"A-01-01-01": (2, 0)}
    assert check_ledger(uow).clean


def test_reserves_picks_and_releases_for_an_order(uow: UnitOfWork) -> None:
    stock_a_warehouse(uow, {("SKU-1", "A-01-01-01"): 5})
    orders.create_order(uow, make_order("O-1", [("SKU-1", 3)]))
    orders.reserve(uow, "tiktok:O-1", 1, "A-01-01-01", 3)
    assert on_hand(uow) == {"A-01-01-01": (5, 3)}
    with pytest.raises(InsufficientStock):
        stock.move_stock(uow, "SKU-1", 3, "A-01-01-01", "A-01-01-02")
    orders.pick(uow, "tiktok:O-1", 1, "A-01-01-01", 2)
    orders.release(uow, "tiktok:O-1", 1, "A-01-01-01", 1)
    assert on_hand(uow) == {"A-01-01-01": (3, 0), "P-01-01-01": (2, 0)}
    assert check_ledger(uow).clean


def test_will_not_reserve_stock_on_hold(uow: UnitOfWork) -> None:
    stock_a_warehouse(uow, {("SKU-1", "S-01-01-01"): 5})
    orders.create_order(uow, make_order("O-1", [("SKU-1", 1)]))
    with pytest.raises(StockNotSellable):
        orders.reserve(uow, "tiktok:O-1", 1, "S-01-01-01", 1)


def test_cancelling_releases_the_reservations(uow: UnitOfWork) -> None:
    stock_a_warehouse(uow, {("SKU-1", "A-01-01-01"): 5})
    orders.create_order(uow, make_order("O-1", [("SKU-1", 4)]))
    orders.reserve(uow, "tiktok:O-1", 1, "A-01-01-01", 4)
    assert orders.cancel_order(uow, "tiktok:O-1") == 4
    assert on_hand(uow) == {"A-01-01-01": (5, 0)}
    assert orders.order_summaries(uow)[0]["status"] == "cancelled"


def test_creating_the_same_order_twice_is_idempotent_but_different_lines_are_refused(uow: UnitOfWork) -> None:
    stock_a_warehouse(uow)
    first = orders.create_order(uow, make_order("O-1", [("SKU-1", 2)]))
    assert orders.create_order(uow, make_order("O-1", [("SKU-1", 2)])) == first
    with pytest.raises(DuplicateOrder):
        orders.create_order(uow, make_order("O-1", [("SKU-1", 3)]))


def test_allocates_first_paid_first_from_the_nearest_location_and_reports_partial(uow: UnitOfWork) -> None:
    stock_a_warehouse(uow, {("SKU-1", "A-01-01-01"): 2, ("SKU-1", "B-01-01-05"): 1})
    t0 = datetime(2026, 3, 1, tzinfo=UTC)
    orders.create_order(uow, make_order("LATE", [("SKU-1", 2)], paid_at=t0 + timedelta(hours=2)))
    orders.create_order(uow, make_order("EARLY", [("SKU-1", 2)], paid_at=t0))
    report = orders.allocate_open_orders(uow, AllocationOrder.PAID_TIME)
    assert report.complete == ["tiktok:EARLY"]
    assert report.partial == {"tiktok:LATE": [(1, "SKU-1", 2, 1)]}
    assert on_hand(uow) == {"A-01-01-01": (2, 2), "B-01-01-05": (1, 1)}
    statuses = {r["external_id"]: r["status"] for r in orders.order_summaries(uow)}
    assert statuses == {"EARLY": OrderStatus.ALLOCATED.value, "LATE": OrderStatus.OPEN.value}
    stock.receive(uow, "SKU-1", 1, "A-01-01-02")
    second = orders.allocate_open_orders(uow)
    assert (second.complete, second.reserved_units) == (["tiktok:LATE"], 1)
    assert check_ledger(uow).clean


def test_records_many_moves_in_order_or_none_of_them(uow: UnitOfWork) -> None:
    stock_a_warehouse(uow, {}, make_sku("SKU-1"), make_sku("SKU-2"))
    moves = [
        Move("SKU-1", "SUPPLIER", "S-01-01-01", 5, MoveReason.RECEIPT),
        Move("SKU-1", "S-01-01-01", "A-01-01-01", 4, MoveReason.PUTAWAY),
        Move("SKU-2", "SUPPLIER", "A-01-01-02", 2, MoveReason.RECEIPT),
        Move("SKU-1", "A-01-01-01", "ADJUSTMENT", 1, MoveReason.ADJUSTMENT),
    ]
    ids = run_in_transaction(uow, lambda u: record_moves(u, moves))
    assert ids == sorted(ids) and len(set(ids)) == 4
    overdraw = [Move("SKU-2", "A-01-01-02", "A-01-01-03", 1, MoveReason.TRANSFER)] * 3
    with pytest.raises(InsufficientStock):
        run_in_transaction(uow, lambda u: record_moves(u, overdraw))
    assert on_hand(uow) == {"S-01-01-01": (1, 0), "A-01-01-01": (3, 0)}
    assert on_hand(uow, "SKU-2") == {"A-01-01-02": (2, 0)}
    assert check_ledger(uow).moves_checked == 4
    assert check_ledger(uow).clean


def test_a_returned_order_line_is_counted_and_lands_in_returns(uow: UnitOfWork) -> None:
    stock_a_warehouse(uow, {("SKU-1", "A-01-01-01"): 5})
    orders.create_order(uow, make_order("O-1", [("SKU-1", 2)]))
    orders.reserve(uow, "tiktok:O-1", 1, "A-01-01-01", 2)
    orders.pick(uow, "tiktok:O-1", 1, "A-01-01-01", 2)
    stock.scrap(uow, "SKU-1", 2, "P-01-01-01")  # stands in for shipping in this test
    orders.return_line(uow, "tiktok:O-1", 1, 1)
    with pytest.raises(InvalidQuantity):
        orders.return_line(uow, "tiktok:O-1", 1, 2)
    assert on_hand(uow) == {"A-01-01-01": (3, 0), "R-01-01-01": (1, 0)}
    with uow as u:
        line = orders.load_order(u, "tiktok:O-1").lines[0]
    assert (line.picked, line.returned) == (2, 1)
