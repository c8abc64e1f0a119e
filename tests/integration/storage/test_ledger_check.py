"""``check`` passes on an honest ledger and fails on every kind of corruption (so it really runs)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, delete, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from lamplighter.adapters.db.tables import reservations, stock_balances, stock_moves
from lamplighter.services import orders
from lamplighter.services.check import check_ledger
from lamplighter.services.unit_of_work import UnitOfWork
from tests.factories import make_order, stock_a_warehouse


def stocked(uow: UnitOfWork) -> None:
    stock_a_warehouse(uow, {("SKU-1", "A-01-01-01"): 5, ("SKU-1", "B-01-01-01"): 2})
    orders.create_order(uow, make_order("O-1", [("SKU-1", 2)]))
    orders.reserve(uow, "tiktok:O-1", 1, "A-01-01-01", 2)


def test_an_honest_ledger_checks_clean(uow: UnitOfWork) -> None:
    stocked(uow)
    result = check_ledger(uow)
    assert result.clean, result.problems()
    assert (result.moves_checked, result.balances_checked) == (2, 2)


def test_check_fails_on_a_balance_edited_behind_the_ledgers_back(uow: UnitOfWork, engine: Engine) -> None:
    stocked(uow)
    with engine.begin() as connection:
        connection.execute(
            update(stock_balances)
            .where(stock_balances.c.location == "B-01-01-01")
            .values(on_hand=stock_balances.c.on_hand + 1)
        )
    result = check_ledger(uow)
    assert not result.clean
    assert [(d.sku, d.location, d.stored_on_hand, d.computed_on_hand) for d in result.drift] == [
        ("SKU-1", "B-01-01-01", 3, 2)
    ]
    assert [(u.sku, u.total) for u in result.unbalanced] == [("SKU-1", 1)]


def test_check_fails_on_a_move_deleted_behind_the_ledgers_back(uow: UnitOfWork, engine: Engine) -> None:
    stocked(uow)
    with engine.begin() as connection:
        connection.execute(delete(stock_moves).where(stock_moves.c.destination == "B-01-01-01"))
    assert [d.location for d in check_ledger(uow).drift] == ["B-01-01-01"]


def test_the_database_refuses_to_edit_a_move(uow: UnitOfWork, engine: Engine) -> None:
    stocked(uow)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(update(stock_moves).values(quantity=9))


def test_check_fails_when_reservations_and_reserved_disagree(uow: UnitOfWork, engine: Engine) -> None:
    stocked(uow)
    with engine.begin() as connection:
        connection.execute(update(reservations).values(quantity=1))
    result = check_ledger(uow)
    assert [(m.location, m.balance_reserved, m.reservation_rows) for m in result.reservation_mismatches] == [
        ("A-01-01-01", 2, 1)
    ]


def test_the_database_refuses_over_reservation_even_without_the_services(engine: Engine, uow: UnitOfWork) -> None:
    stocked(uow)
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(update(stock_balances).where(stock_balances.c.location == "A-01-01-01").values(reserved=6))
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(update(stock_balances).where(stock_balances.c.location == "B-01-01-01").values(on_hand=-1))
